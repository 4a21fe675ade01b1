//! Matching quality on a labelled set (`data/eval/interests.json`): interest texts written the way
//! students write them, each with the area a person would file it under and, where one clearly fits,
//! the demo projects that must appear in the top five.
//!
//! - **area accuracy@1**: the best-ranked project belongs to the expected area;
//! - **recall@5**: of all expected projects, the share ranked in the top five for their text.
//!
//! Run with `thesis-match eval` (or `cargo xtask eval`); `backend/tests/eval.rs` holds both figures
//! at 0.9 or better.

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::db::seed::{DemoProgram, read_taxonomy};
use crate::engine::scoring::{Interests, MatchIndex};
use crate::engine::taxonomy::Taxonomy;

#[derive(Debug, Clone, Deserialize)]
pub struct EvalCase {
    pub text: String,
    pub expected_area: String,
    #[serde(default)]
    pub expected_top5: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub cases: usize,
    pub area_hits: usize,
    pub expected_projects: usize,
    pub recalled: usize,
    /// One line per case that missed, for tuning.
    pub misses: Vec<String>,
}

impl EvalReport {
    pub fn area_accuracy(&self) -> f64 {
        ratio(self.area_hits, self.cases)
    }
    pub fn recall_at_5(&self) -> f64 {
        ratio(self.recalled, self.expected_projects)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores every case against `index` (pure).
pub fn evaluate(taxonomy: &Taxonomy, index: &MatchIndex, cases: &[EvalCase]) -> EvalReport {
    let mut report = EvalReport {
        cases: cases.len(),
        ..EvalReport::default()
    };
    for case in cases {
        let profile = index.profile(
            taxonomy,
            Interests {
                text: &case.text,
                areas: &[],
                skills: &[],
                background: None,
            },
        );
        let top = index.rank(&profile, 5);
        let top_projects: Vec<&shared::Project> = top.iter().map(|r| index.project_of(r)).collect();
        let area_ok = top_projects
            .first()
            .is_some_and(|p| p.areas.contains(&case.expected_area));
        if area_ok {
            report.area_hits += 1;
        }
        let mut missing = Vec::new();
        for slug in &case.expected_top5 {
            report.expected_projects += 1;
            if top_projects.iter().any(|p| &p.slug == slug) {
                report.recalled += 1;
            } else {
                missing.push(slug.as_str());
            }
        }
        if !area_ok || !missing.is_empty() {
            report.misses.push(format!(
                "{:?}: top = {:?}{}{}",
                case.text,
                top_projects
                    .iter()
                    .map(|p| p.slug.as_str())
                    .collect::<Vec<_>>(),
                if area_ok {
                    String::new()
                } else {
                    format!("; expected area {}", case.expected_area)
                },
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("; missing {missing:?}")
                },
            ));
        }
    }
    report
}

/// Loads the taxonomy, the demo projects and the labelled cases from `data_dir` and evaluates.
pub fn evaluate_dir(data_dir: &Path) -> anyhow::Result<EvalReport> {
    let taxonomy = Taxonomy::from_file(&read_taxonomy(data_dir)?)?;
    let demo = DemoProgram::read(&data_dir.join("demo"))?;
    let index = MatchIndex::build(&taxonomy, demo.to_projects());
    let path = data_dir.join("eval/interests.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let cases: Vec<EvalCase> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(evaluate(&taxonomy, &index, &cases))
}
