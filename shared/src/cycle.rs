//! The thesis cycle: phases and the ranking deadline, students' certified rank lists, applicants and
//! faculty rankings, pairings and their approval, the inbox and the director's dashboard.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    Background, CycleId, Email, FacultyId, FacultyRef, NoticeId, PairingId, ProjectId,
    ProjectStatus, Role, RunId, ScorePart, StudentId,
};

wire_enum! {
    /// Where the cycle is. Each phase allows some writes and refuses others with 409.
    pub enum Phase {
        /// Faculty post projects; students browse.
        Posting = "posting",
        /// Students build and certify rank lists until the deadline; faculty rank applicants.
        Ranking = "ranking",
        /// The director allocates, proposes, approves and rejects pairings.
        Allocation = "allocation",
        /// Pairings are final and visible.
        Published = "published",
    }
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Posting => "Posting projects",
            Phase::Ranking => "Ranking",
            Phase::Allocation => "Allocation",
            Phase::Published => "Published",
        }
    }
}

/// `GET /api/cycle`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cycle {
    pub id: CycleId,
    /// e.g. `2027–28`.
    pub name: String,
    pub phase: Phase,
    /// RFC 3339, UTC: rank lists can change until then (in the ranking phase).
    pub ranking_deadline: DateTime<Utc>,
    /// Most projects a rank list may hold.
    pub max_ranked: u32,
}

/// `PATCH /api/cycle` (directors): any field present changes.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CyclePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// RFC 3339 (any offset; stored in UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking_deadline: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ranked: Option<u32>,
}

/// Enough of a project to list it in a rank list or a pairing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectBrief {
    pub id: ProjectId,
    pub title: String,
    pub faculty: FacultyRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_mentor: Option<FacultyRef>,
    pub status: ProjectStatus,
    pub capacity: u32,
}

/// One line of a rank list.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedProject {
    /// 1 is the first choice.
    pub position: u32,
    pub project: ProjectBrief,
}

/// `GET /api/me/ranking`: the student's working list, and whether it differs from the certified one
/// (only a certified list counts; the last certified version is used).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankList {
    pub projects: Vec<RankedProject>,
    /// The certified version (empty if never certified).
    pub certified: Vec<RankedProject>,
    /// RFC 3339, UTC (`Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_at: Option<DateTime<Utc>>,
    pub changed_since_certified: bool,
    pub cycle: Cycle,
}

/// `PUT /api/me/ranking`: the working list, first choice first.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankListUpdate {
    pub projects: Vec<ProjectId>,
}

/// A student whose certified list holds one of a faculty member's projects.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub student_id: StudentId,
    pub name: String,
    pub background: Background,
    pub project_id: ProjectId,
    /// The student's position for this project (1 = first choice).
    pub position: u32,
    /// Match score of the student's profile for this project, 0–100.
    pub score: f32,
    /// The best reasons for the score.
    pub reasons: Vec<ScorePart>,
    /// The faculty member's own rank for this student, if they ranked them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_rank: Option<u32>,
}

/// `GET /api/me/applicant-ranking`: the faculty member's order over all their applicants (their
/// own ranking first, then by score).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicantRanking {
    /// Student ids, best first.
    pub students: Vec<StudentId>,
    /// How many of them the faculty member ranked by hand (the rest follow by score).
    pub ranked_by_hand: u32,
    pub applicants: Vec<Applicant>,
}

/// `PUT /api/me/applicant-ranking`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicantRankingUpdate {
    pub students: Vec<StudentId>,
}

wire_enum! {
    /// The life of a pairing.
    pub enum PairingState {
        /// A student asked for this project; the advisor has not endorsed it yet.
        Requested = "requested",
        /// Proposed (by the director, an endorsed request or an allocation run); awaits approval.
        Proposed = "proposed",
        Approved = "approved",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

impl PairingState {
    pub fn label(self) -> &'static str {
        match self {
            PairingState::Requested => "Requested",
            PairingState::Proposed => "Proposed",
            PairingState::Approved => "Approved",
            PairingState::Rejected => "Rejected",
            PairingState::Withdrawn => "Withdrawn",
        }
    }

    /// Still in play (counts against duplicates).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            PairingState::Requested | PairingState::Proposed | PairingState::Approved
        )
    }
}

wire_enum! {
    /// Who created a pairing.
    pub enum PairingSource {
        Director = "director",
        Request = "request",
        Allocation = "allocation",
    }
}

/// One change of a pairing's state.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairingEvent {
    /// RFC 3339, UTC (`Z`).
    pub at: DateTime<Utc>,
    /// Who acted: the student, an advisor, a director (absent when the account is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_role: Option<Role>,
    /// The actor's e-mail, when the reader may see it (a faculty member sees a student's only
    /// once the pairing is approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PairingState>,
    pub to: PairingState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A student ↔ project pairing in a cycle (and so its advisor and co-mentor).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pairing {
    pub id: PairingId,
    pub cycle_id: CycleId,
    pub student_id: StudentId,
    pub student_name: String,
    /// The student's e-mail, when the reader may see it: the student, a director, and the
    /// project's faculty once the pairing is approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_email: Option<Email>,
    pub project: ProjectBrief,
    pub state: PairingState,
    pub source: PairingSource,
    /// Why it was rejected (the last rejection's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// RFC 3339, UTC (`Z`).
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history: Vec<PairingEvent>,
}

/// `POST /api/pairings` (directors).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPairing {
    pub student_id: StudentId,
    pub project_id: ProjectId,
}

/// `POST /api/pairings/request` (students).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairingRequest {
    pub project_id: ProjectId,
}

/// `POST /api/pairings/{id}/reject`, `/withdraw`: why.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    #[serde(default)]
    pub reason: String,
}

/// One rejection in a bulk decision.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub id: PairingId,
    pub reason: String,
}

/// `POST /api/pairings/bulk`: all or nothing.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkDecision {
    #[serde(default)]
    pub approve: Vec<PairingId>,
    #[serde(default)]
    pub reject: Vec<Rejection>,
}

/// `GET /api/pairings` query: `status`, `project`, `faculty`, `student`, `page`, `per_page`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct PairingQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PairingState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faculty: Option<FacultyId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student: Option<StudentId>,
}

wire_enum! {
    /// What a notification is about.
    pub enum NoticeKind {
        PairingRequested = "pairing_requested",
        PairingProposed = "pairing_proposed",
        PairingApproved = "pairing_approved",
        PairingRejected = "pairing_rejected",
        PairingWithdrawn = "pairing_withdrawn",
        DeadlineSoon = "deadline_soon",
    }
}

/// One message in a person's inbox.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: NoticeId,
    /// RFC 3339, UTC (`Z`).
    pub at: DateTime<Utc>,
    pub kind: NoticeKind,
    /// A sentence for the person (includes a rejection's reason).
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairing_id: Option<PairingId>,
    pub read: bool,
}

/// `GET /api/me/inbox`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub unread: u32,
    /// Newest first.
    pub items: Vec<Notice>,
}

/// Seats against demand in one research area.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaDemand {
    pub area: String,
    pub name: String,
    /// Capacity of open projects in the area, less approved pairings.
    pub open_seats: u32,
    /// Certified rank lists whose first choice is a project in the area.
    pub first_choices: u32,
}

/// How much of an advisor's thesis capacity approved pairings use.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvisorLoad {
    pub faculty: FacultyRef,
    pub capacity: u32,
    pub approved: u32,
    pub proposed: u32,
}

/// `GET /api/dashboard` (directors).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub cycle: Cycle,
    pub areas: Vec<AreaDemand>,
    pub advisors: Vec<AdvisorLoad>,
    /// Students with a certified list whose working list has not changed since.
    pub lists_certified: u32,
    /// Students with a working list that is not certified (or changed since).
    pub lists_draft: u32,
    pub lists_none: u32,
    /// Pairings by state, in `PairingState::ALL` order.
    pub pairings: Vec<(PairingState, u32)>,
    /// Whole days until the ranking deadline (negative once passed).
    pub days_to_deadline: i64,
}

wire_enum! {
    /// Which side a stable allocation favours.
    #[derive(Default)]
    pub enum AllocationOptimal {
        #[default]
        Student = "student",
        Supervisor = "supervisor",
    }
}

wire_enum! {
    /// Stable (no blocking pair) or welfare (most students matched, then best total rank).
    #[derive(Default)]
    pub enum AllocationMode {
        #[default]
        Stable = "stable",
        Welfare = "welfare",
    }
}

/// `POST /api/allocations`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationRequest {
    #[serde(default)]
    pub optimal: AllocationOptimal,
    #[serde(default)]
    pub mode: AllocationMode,
}

/// Why a student of a run is unmatched.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedWhy {
    /// No project on the certified list has a seat left.
    EmptyList,
    /// No advisor of a project on the list ranks the student.
    NotRankedBySupervisor,
    /// Every project on the list went to students its advisor ranks higher.
    AllChoicesFull,
    /// Welfare mode: the seats went to students the advisor ranks lower.
    CapacityUsedElsewhere,
}

impl UnmatchedWhy {
    pub fn explain(self) -> &'static str {
        match self {
            UnmatchedWhy::EmptyList => "no project on the certified list has a seat left",
            UnmatchedWhy::NotRankedBySupervisor => {
                "no advisor of a listed project ranks this student"
            }
            UnmatchedWhy::AllChoicesFull => {
                "every listed project was filled by students its advisor ranks higher"
            }
            UnmatchedWhy::CapacityUsedElsewhere => {
                "welfare mode gave the listed seats to other students to match more people"
            }
        }
    }
}

/// The kind of a blocking pair (Abraham, Irving & Manlove 2007).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlockingPairKind {
    ProjectAndSupervisorUndersubscribed,
    ProjectUndersubscribedSupervisorFull,
    ProjectFull,
}

/// A student's outcome in a run.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunAssignment {
    pub student_id: StudentId,
    pub student_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectBrief>,
    /// The position of the project on the student's certified list (1 = first choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<UnmatchedWhy>,
}

/// A pair that would both rather be together than where the run put them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunBlockingPair {
    pub student_id: StudentId,
    pub project_id: ProjectId,
    pub kind: BlockingPairKind,
}

/// A stored allocation run.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationRun {
    pub id: RunId,
    pub cycle_id: CycleId,
    /// RFC 3339, UTC (`Z`).
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub optimal: AllocationOptimal,
    pub mode: AllocationMode,
    /// SHA-256 of the stored input: equal hashes, equal inputs.
    pub input_hash: String,
    pub students: u32,
    pub matched: u32,
    pub unmatched: u32,
    /// Index `i`: students given their `(i + 1)`-th choice.
    pub rank_histogram: Vec<u32>,
    pub blocking_pairs: Vec<RunBlockingPair>,
    /// Every student of the run (input order), matched or not, with the reason when not.
    pub assignments: Vec<RunAssignment>,
    pub seconds: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
}

/// One line of `GET /api/allocations`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationSummary {
    pub id: RunId,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub optimal: AllocationOptimal,
    pub mode: AllocationMode,
    pub input_hash: String,
    pub students: u32,
    pub matched: u32,
    pub blocking_pairs: u32,
    pub rank_histogram: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
}

/// A student who moves between two runs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunMove {
    pub student_id: StudentId,
    pub student_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ProjectBrief>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ProjectBrief>,
}

/// `GET /api/allocations/{id}/diff/{other}`: who moves where from run `id` to run `other`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationDiff {
    pub from: RunId,
    pub to: RunId,
    pub moves: Vec<RunMove>,
    pub unchanged: u32,
}

/// `POST /api/allocations/{id}/publish`: what became proposed pairings.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishReport {
    pub run: RunId,
    /// New proposed pairings.
    pub proposed: u32,
    /// Earlier proposed pairings from runs, now withdrawn.
    pub replaced: u32,
    /// Assignments already proposed by the director (left as they are).
    pub already_proposed: u32,
}
