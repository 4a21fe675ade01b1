//! Domain types and API bodies shared by the ThesisMatch server (`backend`) and the SPA (`frontend`).
//!
//! Serde only: this crate must build for `wasm32-unknown-unknown` and native alike, so it never depends
//! on axum or anything that does I/O. What the server sends is exactly what the SPA reads. Two
//! optional features serve the server alone: `openapi` (utoipa schemas) and `sea-orm` (ids, e-mails
//! and enums as database values, so entities use these very types).
//!
//! - [`ids`]: one id newtype per kind of record ([`StudentId`], [`ProjectId`], …).
//! - [`Email`]: parsed once, lower-cased.
//! - [`wire_enum!`]-made enums: one spelling per variant for JSON, the database and CSV.
//! - Timestamps are `DateTime<Utc>`: RFC 3339 with `Z` on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[macro_use]
mod wire;

mod accounts;
mod cycle;
mod email;
mod ids;
mod limits;
mod matching;
mod privacy;
mod spa;
mod taxonomy;
pub use accounts::*;
pub use cycle::*;
pub use email::*;
pub use ids::*;
pub use limits::*;
pub use matching::*;
pub use privacy::*;
pub use spa::{ASSET_HASH_LEN, SPA_ROUTES, hashed_asset_name, is_hashed_asset, is_spa_route};
pub use taxonomy::*;
pub use wire::UnknownVariant;

/// Largest page size a list endpoint accepts.
pub const MAX_PER_PAGE: u64 = 100;
/// Page size used when a list request does not say.
pub const DEFAULT_PER_PAGE: u64 = 20;

wire_enum! {
    /// A student's training, and the backgrounds a project prefers.
    pub enum Background {
        Engineering = "engineering",
        ComputerScience = "computer_science",
        Clinical = "clinical",
    }
}

impl Background {
    /// What a person reads (`Computer science`).
    pub fn label(self) -> &'static str {
        match self {
            Background::Engineering => "Engineering",
            Background::ComputerScience => "Computer science",
            Background::Clinical => "Clinical",
        }
    }
}

wire_enum! {
    /// Where a project is in its life. Only `open` projects take students.
    pub enum ProjectStatus {
        Draft = "draft",
        Open = "open",
        Closed = "closed",
        Filled = "filled",
    }
}

impl ProjectStatus {
    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "Draft",
            ProjectStatus::Open => "Open",
            ProjectStatus::Closed => "Closed",
            ProjectStatus::Filled => "Filled",
        }
    }
}

/// One of the program's research areas (`imaging`, `signals`, `llms`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResearchArea {
    pub id: AreaId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Canonical taxonomy terms of the area, e.g. `magnetic resonance imaging`.
    pub keywords: Vec<String>,
    /// MeSH headings (public domain) that describe the area.
    pub mesh_headings: Vec<String>,
}

/// Enough of a lab to link to it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabRef {
    pub id: LabId,
    pub slug: String,
    pub name: String,
}

/// Enough of a faculty member to name and link them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacultyRef {
    pub id: FacultyId,
    pub slug: String,
    pub name: String,
    pub title: String,
    pub department: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lab {
    pub id: LabId,
    pub slug: String,
    pub name: String,
    pub school: String,
    pub department: String,
    pub description: String,
    /// Area slugs.
    pub areas: Vec<String>,
}

/// `GET /api/labs/{id}`: the lab, its members and their projects.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabDetail {
    #[serde(flatten)]
    pub lab: Lab,
    pub faculty: Vec<Faculty>,
    pub projects: Vec<Project>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Faculty {
    pub id: FacultyId,
    pub slug: String,
    pub name: String,
    pub title: String,
    pub email: Email,
    pub school: String,
    pub department: String,
    pub lab: Option<LabRef>,
    /// Area slugs.
    pub areas: Vec<String>,
    pub bio: String,
    /// How many thesis students this person can advise in the cycle.
    pub capacity: u32,
    pub accepting_students: bool,
}

impl Faculty {
    pub fn to_ref(&self) -> FacultyRef {
        FacultyRef {
            id: self.id,
            slug: self.slug.clone(),
            name: self.name.clone(),
            title: self.title.clone(),
            department: self.department.clone(),
        }
    }
}

/// `GET /api/faculty/{id}`: the person and the projects they lead or co-mentor.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacultyDetail {
    #[serde(flatten)]
    pub faculty: Faculty,
    pub projects: Vec<Project>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: ProjectId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    /// The primary advisor.
    pub faculty: FacultyRef,
    /// Typically a clinician paired with an engineer, or the other way round.
    pub co_mentor: Option<FacultyRef>,
    pub lab: Option<LabRef>,
    /// Area slugs.
    pub areas: Vec<String>,
    pub keywords: Vec<String>,
    pub required_skills: Vec<String>,
    pub preferred_backgrounds: Vec<Background>,
    /// How many students the project takes.
    pub capacity: u32,
    pub status: ProjectStatus,
    /// RFC 3339, UTC (`Z`).
    pub created_at: DateTime<Utc>,
    /// RFC 3339, UTC (`Z`).
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Student {
    pub id: StudentId,
    pub slug: String,
    pub name: String,
    pub email: Email,
    pub background: Background,
    /// Area slugs the student ticked.
    pub areas: Vec<String>,
    /// Free text, as the student wrote it.
    pub interests: String,
    pub skills: Vec<String>,
}

/// Enough of a student to pick them from a list: no email, no interests (need to know).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudentRef {
    pub id: StudentId,
    pub name: String,
    pub background: Background,
}

/// One page of a list endpoint.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items matching the query across all pages.
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u64 {
        if self.per_page == 0 {
            0
        } else {
            self.total.div_ceil(self.per_page)
        }
    }
}

/// Query string of the list endpoints. Every field is optional; the server validates and answers 400
/// naming the field when one is out of range.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Area slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Lab id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lab: Option<LabId>,
    /// Project status (projects only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

/// The one error body every API failure answers with.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Machine-readable kind: `not_found`, `bad_request`, `invalid`, `payload_too_large`, `internal`…
    pub error: String,
    /// A sentence for a person.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldError>>,
    /// A refused CSV import: every bad row, with its line and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowProblem>>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// `GET /api/health`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// Serde for `Option<Option<T>>` in PATCH bodies: an absent field is `None` (leave it), `null` is
/// `Some(None)` (clear it), a value is `Some(Some(v))`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_use_snake_case_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&Background::ComputerScience)
                .ok()
                .as_deref(),
            Some("\"computer_science\"")
        );
        for b in Background::ALL {
            assert_eq!(Background::parse(b.as_str()), Some(b));
        }
        for s in ProjectStatus::ALL {
            let wire = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(wire, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ProjectStatus::parse("nope"), None);
    }

    #[test]
    fn every_stored_enum_round_trips_through_its_spelling() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).unwrap_or_default(),
                format!("\"{}\"", a.as_str())
            );
        }
        for k in TargetKind::ALL {
            assert_eq!(TargetKind::parse(k.as_str()), Some(k));
        }
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap_or_default(),
                format!("\"{}\"", p.as_str())
            );
        }
        for s in PairingState::ALL {
            assert_eq!(PairingState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap_or_default(),
                format!("\"{}\"", s.as_str())
            );
        }
        for s in PairingSource::ALL {
            assert_eq!(PairingSource::parse(s.as_str()), Some(s));
        }
        for n in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(n.as_str()), Some(n));
            assert_eq!(
                serde_json::to_string(&n).unwrap_or_default(),
                format!("\"{}\"", n.as_str())
            );
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        for k in ImportKind::ALL {
            assert_eq!(ImportKind::parse(k.as_str()), Some(k));
        }
        let distinct: std::collections::BTreeSet<&str> =
            AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(distinct.len(), AuditAction::ALL.len());
    }

    #[test]
    fn a_patch_tells_absent_from_null() {
        let absent: ProjectPatch = serde_json::from_str("{}").unwrap_or_default();
        let null: ProjectPatch =
            serde_json::from_str(r#"{"co_mentor_id": null}"#).unwrap_or_default();
        let set: ProjectPatch = serde_json::from_str(r#"{"co_mentor_id": 7}"#).unwrap_or_default();
        assert_eq!(absent.co_mentor_id, None);
        assert_eq!(null.co_mentor_id, Some(None));
        assert_eq!(set.co_mentor_id, Some(Some(FacultyId(7))));
    }

    #[test]
    fn error_body_omits_absent_fields() {
        let e = ApiError {
            error: "not_found".into(),
            message: "no such project".into(),
            fields: None,
            rows: None,
        };
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert!(v.get("fields").is_none());
    }

    #[test]
    fn page_count_rounds_up() {
        let p = Page::<u8> {
            items: vec![],
            total: 41,
            page: 1,
            per_page: 20,
        };
        assert_eq!(p.page_count(), 3);
    }
}
