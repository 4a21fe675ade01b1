//! `/import` (directors): load labs, faculty, projects or students from a CSV file. A file with any
//! bad row is refused whole, and every bad row is listed with its line and column.

use shared::{ImportKind, ImportReport};
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::components::access::Require;
use crate::components::data_table::DataTable;
use crate::components::form::{ErrorSummary, FormStatus, described_by};
use crate::components::status::ErrorPanel;
use crate::context::Access;
use crate::hooks::{FormErrors, use_form, use_title};
use crate::util::{count, event_value};

#[component]
pub fn ImportPage() -> Html {
    use_title("Import");
    html! {
        <Require access={Access::Director}>
            <Import />
        </Require>
    }
}

fn kind_label(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Labs => "Labs",
        ImportKind::Faculty => "Faculty",
        ImportKind::Projects => "Projects",
        ImportKind::Students => "Students",
    }
}

/// The chosen file: its name and text.
#[derive(Clone, PartialEq)]
struct Chosen {
    name: String,
    text: String,
}

enum Outcome {
    Stored(ImportReport),
    Refused(ApiErrorKind),
}

/// Reads the first file of a file input as text.
async fn read_file(input: web_sys::HtmlInputElement) -> Result<Option<Chosen>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or_else(|| "the file is not text".to_owned())?;
    Ok(Some(Chosen {
        name: file.name(),
        text,
    }))
}

#[component]
fn Import() -> Html {
    let kind = use_state(|| ImportKind::Students);
    let chosen = use_state(|| None::<Chosen>);
    let outcome = use_state(|| None::<std::rc::Rc<Outcome>>);
    let form = use_form();

    let on_kind = {
        let (kind, outcome) = (kind.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            if let Some(k) = ImportKind::parse(&event_value(&e)) {
                kind.set(k);
                outcome.set(None);
            }
        })
    };
    let on_file = {
        let (chosen, outcome, form) = (chosen.clone(), outcome.clone(), form.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let (chosen, outcome, form) = (chosen.clone(), outcome.clone(), form.clone());
            outcome.set(None);
            spawn_local(async move {
                match read_file(input).await {
                    Ok(file) => {
                        form.clear_errors();
                        chosen.set(file);
                    }
                    Err(e) => {
                        gloo::console::warn!(format!("reading the CSV file: {e}"));
                        let mut problems = FormErrors::default();
                        problems.add("import-file", "CSV file", "The file could not be read.");
                        form.set_errors(problems);
                        chosen.set(None);
                    }
                }
            });
        })
    };
    let onsubmit = {
        let (kind, chosen, outcome, form) =
            (kind.clone(), chosen.clone(), outcome.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let Some(file) = (*chosen).clone() else {
                let mut problems = FormErrors::default();
                problems.add("import-file", "CSV file", "Choose a CSV file to import.");
                form.invalid(problems);
                return;
            };
            form.clear_errors();
            form.start(format!("Importing {}…", file.name));
            let k = *kind;
            let (outcome, form) = (outcome.clone(), form.clone());
            spawn_local(async move {
                let result = api::import(k, file.text).await;
                let (message, next) = match result {
                    Ok(report) => (
                        format!("Imported {}.", count(report.rows as u64, "row", "rows")),
                        Outcome::Stored(report),
                    ),
                    Err(error) => {
                        let message = if error.rows().is_empty() {
                            "The import failed.".to_owned()
                        } else {
                            format!(
                                "Nothing was stored: {} to fix.",
                                count(error.rows().len() as u64, "problem", "problems")
                            )
                        };
                        (message, Outcome::Refused(error))
                    }
                };
                form.finish(message);
                outcome.set(Some(std::rc::Rc::new(next)));
            });
        })
    };

    let columns = kind.columns().join(",");
    let result = outcome.as_ref().map(|o| match &**o {
        Outcome::Stored(report) => html! { <ImportReportView report={report.clone()} /> },
        Outcome::Refused(error) if !error.rows().is_empty() => html! {
            <section class="import-problems" aria-labelledby="import-problems-heading">
                <h2 id="import-problems-heading">{ "Nothing was stored: fix these rows and upload again" }</h2>
                <p>{ error.message() }</p>
                <DataTable columns={vec!["Line", "Column", "Problem"]}>
                    { for error.rows().iter().map(|r| html! {
                        <tr class="import-problem">
                            <td class="import-line">{ r.line }</td>
                            <td><code>{ r.column.clone() }</code></td>
                            <td>{ api::sentence(&r.message) }</td>
                        </tr>
                    }) }
                </DataTable>
            </section>
        },
        Outcome::Refused(error) => html! { <ErrorPanel error={error.clone()} /> },
    });
    let errors = form.errors();
    let file_error = errors.of("import-file");
    html! {
        <section class="import-page">
            <div class="page-intro">
                <h1>{ "Import" }</h1>
                <p class="lede">
                    { "Load records from a CSV file (UTF-8, comma-separated, with a header row). Rows are \
                       matched by slug: new ones are added, existing ones updated. A file with any bad row \
                       is refused whole." }
                </p>
            </div>
            <form class="card stack-form import-form" novalidate=true {onsubmit}>
                <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
                <div class="field">
                    <label for="import-kind">{ "What the file holds" }</label>
                    <select id="import-kind" name="kind" onchange={on_kind} aria-describedby="import-kind-hint">
                        { for ImportKind::ALL.iter().map(|k| html! {
                            <option value={k.as_str()} selected={*kind == *k}>{ kind_label(*k) }</option>
                        }) }
                    </select>
                    <p id="import-kind-hint" class="field-hint">
                        { "Expected header: " }<code class="import-columns">{ columns }</code>
                        { ". Lists inside a cell (areas, keywords, skills) are separated by semicolons." }
                    </p>
                </div>
                <div class={classes!("field", file_error.is_some().then_some("field-invalid"))}>
                    <label for="import-file">{ "CSV file" }</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv"
                        aria-describedby={described_by("import-file", false, file_error.is_some())}
                        onchange={on_file} />
                    if let Some(message) = file_error {
                        <p id="import-file-error" class="field-error">{ message }</p>
                    }
                    if let Some(file) = &*chosen {
                        <p class="field-hint">{ format!("{} · {}", file.name, count(file.text.lines().count() as u64, "line", "lines")) }</p>
                    }
                </div>
                <div class="form-actions">
                    <button id="import-submit" type="submit" class="button" disabled={form.busy()}>{ "Upload and import" }</button>
                </div>
                <FormStatus text={form.status()} id="import-status" />
            </form>
            { for result }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ImportReportProps {
    report: ImportReport,
}

#[component]
fn ImportReportView(props: &ImportReportProps) -> Html {
    let r = &props.report;
    html! {
        <section class="card import-report" aria-labelledby="import-report-heading">
            <h2 id="import-report-heading">{ format!("{} imported", kind_label(r.kind)) }</h2>
            <dl class="facts facts-inline">
                <div><dt>{ "Rows" }</dt><dd>{ r.rows }</dd></div>
                <div><dt>{ "Added" }</dt><dd>{ r.inserted }</dd></div>
                <div><dt>{ "Updated" }</dt><dd>{ r.updated }</dd></div>
                <div><dt>{ "Unchanged" }</dt><dd>{ r.unchanged }</dd></div>
                <div><dt>{ "Accounts created" }</dt><dd>{ r.accounts_created }</dd></div>
                <div><dt>{ "Time" }</dt><dd>{ format!("{:.2} s", r.seconds) }</dd></div>
            </dl>
            if r.accounts_created > 0 {
                <p>{ "New accounts have no password yet: issue each person a reset link on the People page." }</p>
            }
        </section>
    }
}
