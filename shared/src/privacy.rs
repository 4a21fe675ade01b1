//! A student's view of their own record: who has read it (the disclosure record) and everything
//! stored about them (the export).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    AuditEntry, CycleId, Faculty, FacultyRef, Notice, Pairing, RankList, Role, RunAssignment,
    RunId, Student, UserSummary,
};

wire_enum! {
    /// Each way a person other than the student can read students' data: the route, as the
    /// OpenAPI document names it. Every such read is a [`Disclosure`].
    pub enum DisclosureRoute {
        StudentDirectory = "GET /api/students",
        StudentRecord = "GET /api/students/{id}",
        StudentMatches = "GET /api/students/{id}/matches",
        StudentAdvisors = "GET /api/students/{id}/advisors",
        StudentLabs = "GET /api/students/{id}/labs",
        ProjectApplicants = "GET /api/projects/{id}/applicants",
        ApplicantRanking = "GET /api/me/applicant-ranking",
        ApplicantRankingSaved = "PUT /api/me/applicant-ranking",
        Inbox = "GET /api/me/inbox",
        Export = "GET /api/me/export",
        Pairings = "GET /api/pairings",
        PairingsCsv = "GET /api/pairings.csv",
        PairingDecision = "POST /api/pairings/{id}/…",
        RankingsCsv = "GET /api/rankings.csv",
        Accounts = "GET /api/users",
        AuditLog = "GET /api/audit",
        AllocationRunCreated = "POST /api/allocations",
        AllocationRun = "GET /api/allocations/{id}",
        AllocationDiff = "GET /api/allocations/{id}/diff/{other}",
    }
}

impl DisclosureRoute {
    /// What the reader saw, in words for the student ("your record", "the rankings file").
    pub fn label(self) -> &'static str {
        match self {
            DisclosureRoute::StudentDirectory => "the student directory (name, e-mail, background)",
            DisclosureRoute::StudentRecord => "your record",
            DisclosureRoute::StudentMatches => "your matches",
            DisclosureRoute::StudentAdvisors => "your advisor matches",
            DisclosureRoute::StudentLabs => "your lab matches",
            DisclosureRoute::ProjectApplicants => "a project's applicants (you applied)",
            DisclosureRoute::ApplicantRanking | DisclosureRoute::ApplicantRankingSaved => {
                "an advisor's ranking of applicants (you applied)"
            }
            DisclosureRoute::Inbox => "a notice about your pairing",
            DisclosureRoute::Export => "a notice about your pairing, in their data download",
            DisclosureRoute::Pairings => "the pairings list",
            DisclosureRoute::PairingsCsv => "the pairings file (CSV)",
            DisclosureRoute::PairingDecision => "a decision on your pairing",
            DisclosureRoute::RankingsCsv => "the rank lists file (CSV, with e-mails)",
            DisclosureRoute::Accounts => "the account list (name, e-mail)",
            DisclosureRoute::AuditLog => "the audit log",
            DisclosureRoute::AllocationRunCreated | DisclosureRoute::AllocationRun => {
                "an allocation run"
            }
            DisclosureRoute::AllocationDiff => "a comparison of two allocation runs",
        }
    }
}

/// One read of students' data by someone other than the student (`GET /api/me/disclosures`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disclosure {
    pub id: i64,
    /// RFC 3339, UTC (`Z`).
    pub at: DateTime<Utc>,
    pub actor_email: String,
    pub actor_role: Role,
    pub route: DisclosureRoute,
    /// How many students the read named (1 for one record, more for a list or a file).
    pub students: u32,
}

/// A signed-in browser of the person's (the token is never stored, so never exported).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRecord {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A password reset link issued for the account (its token is never stored).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRecord {
    pub expires_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<DateTime<Utc>>,
}

/// A failed sign-in with the account's e-mail.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedSignIn {
    pub at: DateTime<Utc>,
    pub client_addr: String,
}

/// Where an advisor placed the student in their ranking of applicants.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvisorRankingOfMe {
    pub cycle_id: CycleId,
    pub faculty: FacultyRef,
    /// 1 = the advisor's first choice.
    pub position: u32,
}

/// The student's outcome in one allocation run.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunOutcome {
    pub run_id: RunId,
    pub cycle_id: CycleId,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    pub assignment: RunAssignment,
}

/// `GET /api/me/export`: everything stored about the signed-in person, in one document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub account: UserSummary,
    /// The student record (students).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Student>,
    /// The faculty record (faculty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty: Option<Faculty>,
    /// Working and certified rank lists, one per cycle.
    pub rank_lists: Vec<RankList>,
    /// Pairings of the student, each with its history.
    pub pairings: Vec<Pairing>,
    pub notifications: Vec<Notice>,
    /// Advisors' rankings of the student.
    pub advisor_rankings: Vec<AdvisorRankingOfMe>,
    /// The student's place in every allocation run.
    pub allocations: Vec<RunOutcome>,
    /// Every read of the student's data by someone else.
    pub disclosures: Vec<Disclosure>,
    /// Every read of students' data this person made (directors, faculty): when, which route and
    /// how many students — not whom, which is those students' data.
    pub reads_made: Vec<Disclosure>,
    pub sessions: Vec<SessionRecord>,
    pub password_resets: Vec<ResetRecord>,
    pub failed_sign_ins: Vec<FailedSignIn>,
    /// Every audit entry about this person or their record, and every one they caused.
    pub audit: Vec<AuditEntry>,
}
