//! Bodies of the matching endpoints: what a student asks, and the explained scores that come back.

use serde::{Deserialize, Serialize};

use crate::{Background, Faculty, Lab, Project, Student};

/// Most results a matching endpoint returns.
pub const MAX_MATCH_LIMIT: u32 = 100;
/// Results returned when the request does not say.
pub const DEFAULT_MATCH_LIMIT: u32 = 10;

/// `POST /api/matches/preview`: a profile that is not (yet) stored.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchRequest {
    /// Free text, as the student writes it.
    #[serde(default)]
    pub interests: String,
    /// Area slugs the student ticked.
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub background: Option<Background>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Which ingredient of the score a part is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// A research area the student chose or wrote about, shared with the project.
    Area,
    /// A student term that matched a project keyword or taxonomy concept (typos and synonyms tolerated).
    Keyword,
    /// TF-IDF similarity between the student's words and the project's text.
    Text,
    /// A skill the project requires that the student has.
    Skill,
    /// The student's background is one the project prefers.
    Background,
}

impl PartKind {
    pub fn label(self) -> &'static str {
        match self {
            PartKind::Area => "Area",
            PartKind::Keyword => "Keyword",
            PartKind::Text => "Text",
            PartKind::Skill => "Skill",
            PartKind::Background => "Background",
        }
    }
}

/// One piece of evidence for a score.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorePart {
    pub kind: PartKind,
    /// What the student wrote or chose (`segmentaton`, `EKG`, `imaging`).
    pub student_term: String,
    /// What it matched in the project (`segmentation`, `electrocardiogram`, `Medical Imaging`).
    pub matched: String,
    /// How the project words it, when that differs from `matched` (`ECG` for `electrocardiogram`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_as: Option<String>,
    /// For an area the student did not tick: the student's words it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_from: Option<String>,
    /// Where the match was found: `keywords`, `title`, `summary`, `description`, `areas`, `skills`…
    pub source: String,
    /// How strong this one match is, 0–1 (1 = exact; less for typos, synonyms, inferred areas).
    pub weight: f32,
    /// Points this part adds to the total.
    pub contribution: f32,
}

/// A score in 0–100 and the parts that make it up; the contributions add up to the total.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    pub total: f32,
    pub parts: Vec<ScorePart>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectMatch {
    pub project: Project,
    pub score: Score,
}

/// Answer of `POST /api/matches/preview` and `GET /api/students/{id}/matches`, best first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchList {
    pub items: Vec<ProjectMatch>,
    /// Area slugs the engine read in the text (besides those ticked), so the SPA can say so.
    #[serde(default)]
    pub inferred_areas: Vec<String>,
}

/// How well one of a faculty member's or lab's projects fits.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectScore {
    pub project_id: crate::ProjectId,
    pub title: String,
    pub total: f32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvisorMatch {
    pub faculty: Faculty,
    /// The best of their projects' scores, 0–100.
    pub total: f32,
    /// Their projects, best first.
    pub projects: Vec<ProjectScore>,
    /// The strongest evidence across their projects.
    pub evidence: Vec<ScorePart>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabMatch {
    pub lab: Lab,
    pub total: f32,
    pub projects: Vec<ProjectScore>,
    pub evidence: Vec<ScorePart>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateMatch {
    pub student: Student,
    pub score: Score,
}

/// `{"items": [...]}` for ranked lists that are not paged.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranked<T> {
    pub items: Vec<T>,
}
