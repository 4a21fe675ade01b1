//! Accounts, sessions, the audit log, imports and the director's tools: the bodies of `/api/auth`,
//! `/api/me`, `/api/users`, `/api/audit`, `/api/import` and `/api/taxonomy`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{Background, Email, FacultyId, LabId, ProjectStatus, StudentId, UserId};

/// Shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password we hash (argon2 accepts more; nobody types more).
pub const MAX_PASSWORD_CHARS: usize = 256;

wire_enum! {
    /// What a signed-in person is to the program. Access decisions are made on this (and on the
    /// student or faculty record an account is linked to) in the server's `policy` module.
    pub enum Role {
        Student = "student",
        Faculty = "faculty",
        Director = "director",
        Admin = "admin",
    }
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Student => "Student",
            Role::Faculty => "Faculty",
            Role::Director => "Program director",
            Role::Admin => "Administrator",
        }
    }

    /// Directors and admins run the program and see every record in it.
    pub fn is_director(self) -> bool {
        matches!(self, Role::Director | Role::Admin)
    }
}

/// `POST /api/auth/login`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `GET /api/me`, and the answer to a successful login.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<StudentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_id: Option<FacultyId>,
    /// The linked student's or faculty member's name, or the e-mail for other accounts.
    pub name: String,
}

/// `POST /api/me/password`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/auth/reset`: sets a password with the token from a reset link.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub token: String,
    pub new_password: String,
}

/// `POST /api/users/{id}/reset-link`: a one-time link the director hands to the person.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetLink {
    /// Path and query to open in the SPA, e.g. `/reset?token=…`.
    pub path: String,
    /// RFC 3339, UTC (`Z`).
    pub expires_at: DateTime<Utc>,
}

/// One account, as the director's People page lists it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<StudentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_id: Option<FacultyId>,
    pub disabled: bool,
    /// False for accounts created by an import until a password is set.
    pub has_password: bool,
    /// RFC 3339, UTC (`Z`).
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
}

/// `PATCH /api/users/{id}` (directors).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// `GET /api/users` query: `q` (name or e-mail words), `role`, `page`, `per_page`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct UserQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

/// `POST /api/projects`: a new project. Faculty create projects they advise; a director names the
/// advisor with `faculty_id`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProject {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub description: String,
    /// The advisor; defaults to the signed-in faculty member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_id: Option<FacultyId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_mentor_id: Option<FacultyId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab_id: Option<LabId>,
    /// Area slugs.
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub required_skills: Vec<String>,
    #[serde(default)]
    pub preferred_backgrounds: Vec<Background>,
    pub capacity: u32,
    /// `draft` (the default), `open` or `closed`.
    #[serde(default = "draft")]
    pub status: ProjectStatus,
}

fn draft() -> ProjectStatus {
    ProjectStatus::Draft
}

/// `PATCH /api/projects/{id}`: only the fields present change. A co-mentor may change
/// `description`, `keywords` and `required_skills` only.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_skills: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_backgrounds: Option<Vec<Background>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// `null` removes the co-mentor; absent leaves it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::double_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<FacultyId>))]
    pub co_mentor_id: Option<Option<FacultyId>>,
    /// `null` removes the lab; absent leaves it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::double_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LabId>))]
    pub lab_id: Option<Option<LabId>>,
    /// `draft`, `open` or `closed` (`filled` follows from approved pairings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
}

/// `PATCH /api/faculty/{id}`: the faculty member's own record.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacultyPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepting_students: Option<bool>,
    /// Total thesis students this person can advise in the cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
}

/// `PATCH /api/me/profile`: the signed-in student's profile.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfilePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<Background>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interests: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
}

wire_enum! {
    /// What an audit entry records. Stored by its snake_case name; an unknown stored name is an error.
    pub enum AuditAction {
        LoginSucceeded = "login_succeeded",
        LoginFailed = "login_failed",
        Logout = "logout",
        PasswordChanged = "password_changed",
        ResetLinkIssued = "reset_link_issued",
        PasswordReset = "password_reset",
        AccountUpdated = "account_updated",
        ProjectCreated = "project_created",
        ProjectUpdated = "project_updated",
        FacultyUpdated = "faculty_updated",
        ProfileUpdated = "profile_updated",
        /// Someone other than the student read the student's record.
        StudentRecordRead = "student_record_read",
        /// Someone read the students ranked for a project.
        CandidateListRead = "candidate_list_read",
        /// A director listed the student directory.
        StudentDirectoryRead = "student_directory_read",
        /// A student downloaded everything stored about them.
        DataExported = "data_exported",
        Import = "import",
        TaxonomyUpdated = "taxonomy_updated",
        CycleUpdated = "cycle_updated",
        RankListSaved = "rank_list_saved",
        RankListCertified = "rank_list_certified",
        ApplicantRankingSaved = "applicant_ranking_saved",
        ApplicantsRead = "applicants_read",
        PairingCreated = "pairing_created",
        PairingEndorsed = "pairing_endorsed",
        PairingApproved = "pairing_approved",
        PairingRejected = "pairing_rejected",
        PairingWithdrawn = "pairing_withdrawn",
        AllocationRun = "allocation_run",
        AllocationPublished = "allocation_published",
    }
}

impl AuditAction {
    /// What a person reads in the audit page.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "Signed in",
            AuditAction::LoginFailed => "Sign-in failed",
            AuditAction::Logout => "Signed out",
            AuditAction::PasswordChanged => "Changed password",
            AuditAction::ResetLinkIssued => "Issued a password reset link",
            AuditAction::PasswordReset => "Reset password with a link",
            AuditAction::AccountUpdated => "Changed an account",
            AuditAction::ProjectCreated => "Created a project",
            AuditAction::ProjectUpdated => "Changed a project",
            AuditAction::FacultyUpdated => "Changed a faculty record",
            AuditAction::ProfileUpdated => "Changed a student profile",
            AuditAction::StudentRecordRead => "Read a student record",
            AuditAction::CandidateListRead => "Read a project's candidates",
            AuditAction::StudentDirectoryRead => "Listed students",
            AuditAction::DataExported => "Exported own data",
            AuditAction::Import => "Imported a CSV file",
            AuditAction::TaxonomyUpdated => "Changed the taxonomy",
            AuditAction::CycleUpdated => "Changed the cycle (phase, deadline)",
            AuditAction::RankListSaved => "Saved a rank list",
            AuditAction::RankListCertified => "Certified a rank list",
            AuditAction::ApplicantRankingSaved => "Ranked applicants",
            AuditAction::ApplicantsRead => "Read a project's applicants",
            AuditAction::PairingCreated => "Created a pairing",
            AuditAction::PairingEndorsed => "Endorsed a pairing request",
            AuditAction::PairingApproved => "Approved a pairing",
            AuditAction::PairingRejected => "Rejected a pairing",
            AuditAction::PairingWithdrawn => "Withdrew a pairing",
            AuditAction::AllocationRun => "Ran an allocation",
            AuditAction::AllocationPublished => "Published an allocation",
        }
    }
}

wire_enum! {
    /// What an audit entry is about.
    pub enum TargetKind {
        User = "user",
        Student = "student",
        Faculty = "faculty",
        Project = "project",
        Taxonomy = "taxonomy",
        Import = "import",
        Cycle = "cycle",
        RankList = "rank_list",
        Pairing = "pairing",
        Allocation = "allocation",
    }
}

/// One line of the append-only audit and disclosure log.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC (`Z`).
    pub at: DateTime<Utc>,
    /// The account that acted; `None` for a failed sign-in with an unknown e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<UserId>,
    /// The actor's e-mail at the time (or the e-mail tried, for a failed sign-in).
    pub actor_email: String,
    pub action: AuditAction,
    pub target_kind: TargetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<i32>,
    /// JSON of the changed fields before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// JSON of the changed fields after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_addr: Option<String>,
}

/// `GET /api/audit` query: `actor` (account id), `action`, `from`/`to` (`YYYY-MM-DD`, inclusive),
/// `page`, `per_page`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct AuditQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<UserId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

wire_enum! {
    /// What a CSV import loads.
    pub enum ImportKind {
        Labs = "labs",
        Faculty = "faculty",
        Projects = "projects",
        Students = "students",
    }
}

impl ImportKind {
    /// The CSV header an import of this kind expects, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Labs => &[
                "slug",
                "name",
                "school",
                "department",
                "description",
                "areas",
            ],
            ImportKind::Faculty => &[
                "slug",
                "name",
                "title",
                "email",
                "school",
                "department",
                "lab",
                "areas",
                "bio",
                "capacity",
                "accepting_students",
            ],
            ImportKind::Projects => &[
                "slug",
                "title",
                "summary",
                "description",
                "advisor",
                "co_mentor",
                "lab",
                "areas",
                "keywords",
                "required_skills",
                "preferred_backgrounds",
                "capacity",
                "status",
            ],
            ImportKind::Students => &[
                "slug",
                "name",
                "email",
                "background",
                "areas",
                "interests",
                "skills",
            ],
        }
    }
}

/// A good import: what was stored.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Accounts created for new students or faculty (without a password: issue a reset link).
    pub accounts_created: usize,
    pub seconds: f64,
}

/// One problem in a refused import: the file's line (1 is the header), the column, what is wrong.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub line: usize,
    pub column: String,
    pub message: String,
}
