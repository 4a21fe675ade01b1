//! `thesis-match allocate`: reads an allocation instance as JSON, solves it with
//! [`crate::engine::allocation`] and prints the result as JSON on stdout. Nothing else is written to
//! stdout; progress for large inputs (more than 10,000 students) and errors go to stderr. Never
//! connects to the database.
//!
//! Output (keys of `assignments` in input order, every student present):
//! `{"assignments": {"s1": "p1", "s2": null}, "stable": true, "blocking_pairs": [],
//!   "stats": {"matched": 1, "unmatched": 1, "rank_histogram": [1, 0], "seconds": 0.0001, ...},
//!   "unmatched": [{"student": "s2", "reason": "all_choices_full"}], "mode": "stable",
//!   "optimal": "student", ...}`

use std::borrow::Cow;
use std::io::{Read, Write};
use std::time::Instant;

use anyhow::Context;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::config::{AllocateArgs, AllocateMode, AllocateOptimal};
use crate::engine::allocation::{
    Allocation, BlockingKind, Instance, Mode, Optimal, Problem, UnmatchedReason,
};

/// Above this many students, progress lines go to stderr.
const LARGE: usize = 10_000;

/// Runs the subcommand. Errors are one line, naming the offending id.
pub fn run(args: &AllocateArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let text = read_input(args)?;
    let instance: Instance<Str<'_>> = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("invalid JSON in {}: {e}", source_name(args)))?;
    let large = instance.students.len() > LARGE;
    if large {
        eprintln!(
            "thesis-match: read {} students, {} projects, {} supervisors in {:.2} s",
            instance.students.len(),
            instance.projects.len(),
            instance.supervisors.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let solving = Instant::now();
    let problem = Problem::new(&instance)?;
    drop(instance);
    drop(text);
    let mode = match (args.mode, args.optimal) {
        (AllocateMode::Welfare, _) => Mode::Welfare,
        (AllocateMode::Stable, AllocateOptimal::Student) => Mode::Stable(Optimal::Student),
        (AllocateMode::Stable, AllocateOptimal::Supervisor) => Mode::Stable(Optimal::Supervisor),
    };
    let allocation = problem.solve(mode);
    let seconds = solving.elapsed().as_secs_f64();
    if large {
        eprintln!(
            "thesis-match: matched {} of {} students in {seconds:.2} s",
            allocation.stats.matched,
            problem.n()
        );
    }
    let out = Output::new(&problem, &allocation, mode, seconds);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    serde_json::to_writer(&mut w, &out).context("writing the result")?;
    writeln!(w).context("writing the result")?;
    w.flush().context("writing the result")?;
    if large {
        eprintln!(
            "thesis-match: done in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// An id borrowed from the input text when it has no escapes (almost always), so the parsed
/// instance costs a pointer and a length per id instead of an allocation.
#[derive(Deserialize)]
struct Str<'a>(#[serde(borrow)] Cow<'a, str>);

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn source_name(args: &AllocateArgs) -> String {
    if args.input.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        args.input.display().to_string()
    }
}

fn read_input(args: &AllocateArgs) -> anyhow::Result<String> {
    let mut text = String::new();
    if args.input.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
    } else {
        text = std::fs::read_to_string(&args.input)
            .with_context(|| format!("cannot read {}", args.input.display()))?;
    }
    Ok(text)
}

#[derive(Serialize)]
struct Output<'a> {
    assignments: Assignments<'a>,
    stable: bool,
    blocking_pairs: Vec<Blocking<'a>>,
    stats: StatsOut<'a>,
    unmatched: Vec<Unmatched<'a>>,
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    optimal: Option<&'static str>,
    /// Student list entries ignored because the project's supervisor does not rank the student.
    ignored_entries: usize,
}

impl<'a> Output<'a> {
    fn new(problem: &'a Problem, a: &'a Allocation, mode: Mode, seconds: f64) -> Self {
        let (mode_name, optimal) = match mode {
            Mode::Stable(Optimal::Student) => ("stable", Some("student")),
            Mode::Stable(Optimal::Supervisor) => ("stable", Some("supervisor")),
            Mode::Welfare => ("welfare", None),
        };
        Output {
            assignments: Assignments {
                problem,
                assignment: &a.assignment,
            },
            stable: a.blocking_pairs.is_empty(),
            blocking_pairs: a
                .blocking_pairs
                .iter()
                .map(|b| Blocking {
                    student: problem.student_id(b.student),
                    project: problem.project_id(b.project),
                    kind: b.kind,
                })
                .collect(),
            stats: StatsOut {
                matched: a.stats.matched,
                unmatched: a.stats.unmatched,
                rank_histogram: &a.stats.rank_histogram,
                total_rank: a.stats.total_rank,
                seconds,
            },
            unmatched: a
                .stats
                .unmatched_students
                .iter()
                .map(|&(s, reason)| Unmatched {
                    student: problem.student_id(s),
                    reason,
                })
                .collect(),
            mode: mode_name,
            optimal,
            ignored_entries: problem.ignored_entries(),
        }
    }
}

/// Student id → project id or null, in input order (serialised as a map without building one).
struct Assignments<'a> {
    problem: &'a Problem,
    assignment: &'a [Option<u32>],
}

impl Serialize for Assignments<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.assignment.len()))?;
        for (s, p) in self.assignment.iter().enumerate() {
            let s = u32::try_from(s).unwrap_or(u32::MAX);
            map.serialize_entry(
                self.problem.student_id(s),
                &p.map(|p| self.problem.project_id(p)),
            )?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Blocking<'a> {
    student: &'a str,
    project: &'a str,
    kind: BlockingKind,
}

#[derive(Serialize)]
struct StatsOut<'a> {
    matched: u32,
    unmatched: u32,
    rank_histogram: &'a [u32],
    /// Sum of 0-based ranks of the matched students (0 = everyone got their first choice).
    total_rank: u64,
    /// Validation, solving and evaluation time (not reading or writing).
    seconds: f64,
}

#[derive(Serialize)]
struct Unmatched<'a> {
    student: &'a str,
    reason: UnmatchedReason,
}
