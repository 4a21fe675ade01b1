//! CSV downloads that are data only (`/api/rankings.csv`, `/api/pairings.csv`).
//!
//! Every cell, header included, goes through [`cell`]: a value a spreadsheet would read as a
//! formula — first character `=`, `+`, `-`, `@`, tab or carriage return (OWASP's list for CSV
//! injection) — gets a single quote `'` in front, so a project titled `=HYPERLINK(…)` or a reason
//! starting with `@` is shown as text; then a value holding a comma, a double quote or a line
//! break is quoted (RFC 4180: `"` doubled inside `"…"`).

use std::fmt::Display;
use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

/// The first characters that make a spreadsheet evaluate a cell.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell, neutralised and quoted as needed.
pub fn cell(value: &str) -> String {
    let text = if value.starts_with(FORMULA_START) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A CSV document built row by row; every cell goes through [`cell`].
pub struct Csv {
    body: String,
}

impl Csv {
    /// A document with its header row.
    pub fn new(header: &[&str]) -> Csv {
        let mut csv = Csv {
            body: String::new(),
        };
        csv.push(header.iter().map(|h| cell(h)));
        csv
    }

    /// Appends one row; numbers and ids go through the same path as text.
    pub fn row(&mut self, cells: &[&dyn Display]) {
        self.push(cells.iter().map(|c| cell(&c.to_string())));
    }

    fn push(&mut self, cells: impl Iterator<Item = String>) {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                self.body.push(',');
            }
            self.body.push_str(&c);
        }
        self.body.push('\n');
    }

    /// The download: `text/csv; charset=utf-8`, an attachment named `file_name`.
    pub fn into_response(self, file_name: &str) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file_name}\""),
                ),
            ],
            self.body,
        )
            .into_response()
    }
}

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;

type Chunk = Result<Bytes, std::io::Error>;

fn line(cells: impl Iterator<Item = String>, out: &mut String) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&c);
    }
    out.push('\n');
}

/// The writing end of a streamed download ([`stream`]): rows go through [`cell`] into chunks of
/// 64 KB sent through a channel of two, so the writer waits for a slow reader and memory stays
/// flat however long the file.
pub struct CsvSink {
    tx: mpsc::Sender<Chunk>,
    buf: String,
}

impl CsvSink {
    /// Appends one row; `false` once the reader has gone (stop writing).
    pub async fn row(&mut self, cells: &[&(dyn Display + Sync)]) -> bool {
        line(cells.iter().map(|c| cell(&c.to_string())), &mut self.buf);
        if self.buf.len() >= CHUNK {
            return self.flush().await;
        }
        true
    }

    async fn flush(&mut self) -> bool {
        if self.buf.is_empty() {
            return true;
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx.send(Ok(chunk)).await.is_ok()
    }

    /// Ends the file; what is buffered is sent.
    pub async fn finish(mut self) {
        self.flush().await;
    }

    /// Ends the download as failed: the error is logged, and the response is cut off instead of
    /// ending normally, so a reader never takes a partial file for a whole one.
    pub async fn fail(self, error: anyhow::Error) {
        tracing::error!(
            error = format!("{error:#}"),
            "a CSV download failed mid-way"
        );
        let _ = self
            .tx
            .send(Err(std::io::Error::other("the download failed")))
            .await;
    }
}

/// A CSV download streamed while `write` produces it in its own task: the header row first, then
/// every row `write` gives its [`CsvSink`]. Answers at once with `text/csv`, an attachment named
/// `file_name`.
pub fn stream<F, Fut>(file_name: &str, header: &[&str], write: F) -> Response
where
    F: FnOnce(CsvSink) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Chunk>(2);
    let mut buf = String::with_capacity(CHUNK + 1024);
    line(header.iter().map(|h| cell(h)), &mut buf);
    tokio::spawn(write(CsvSink { tx, buf }));
    let chunks = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{Csv, cell};

    #[test]
    fn plain_values_pass_unchanged() {
        assert_eq!(cell("Brain MRI segmentation"), "Brain MRI segmentation");
        assert_eq!(cell(""), "");
        assert_eq!(
            cell("2026-12-04T16:00:00+00:00"),
            "2026-12-04T16:00:00+00:00"
        );
        // A `-` (or `=`, `+`, `@`) that is not the first character is harmless.
        assert_eq!(cell("EEG - sleep staging"), "EEG - sleep staging");
        assert_eq!(cell("a=b+c@d"), "a=b+c@d");
        assert_eq!(cell("x@example.edu"), "x@example.edu");
    }

    #[test]
    fn every_formula_start_is_neutralised() {
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1:A2)"), "'@SUM(A1:A2)");
        assert_eq!(cell("\tTAB"), "'\tTAB");
        // A carriage return is a line break as well: neutralised, then quoted.
        assert_eq!(cell("\r=1"), "\"'\r=1\"");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(cell("imaging, signals"), "\"imaging, signals\"");
        assert_eq!(cell("the \"best\" one"), "\"the \"\"best\"\" one\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
    }

    #[test]
    fn a_document_parses_back_to_neutralised_text() {
        let mut csv = Csv::new(&["id", "title", "reason"]);
        csv.row(&[&7, &"=1+2", &"@here, \"now\"\nplease"]);
        csv.row(&[&8, &"plain", &"-"]);
        let body = csv.body.clone();
        let mut reader = ::csv::Reader::from_reader(body.as_bytes());
        let header = reader.headers().cloned().unwrap_or_default();
        assert_eq!(header.iter().collect::<Vec<_>>(), ["id", "title", "reason"]);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_owned).collect())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            rows,
            [
                vec!["7", "'=1+2", "'@here, \"now\"\nplease"],
                vec!["8", "plain", "'-"],
            ]
        );
    }
}
