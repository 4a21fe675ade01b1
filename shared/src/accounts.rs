//! Accounts, sessions, the audit log, imports and the director's tools: the bodies of `/api/auth`,
//! `/api/me`, `/api/users`, `/api/audit`, `/api/import` and `/api/taxonomy`.

use serde::{Deserialize, Serialize};

use crate::{Background, Id, ProjectStatus, Student};

/// Shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password we hash (argon2 accepts more; nobody types more).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// What a signed-in person is to the program. Access decisions are made on this (and on the
/// student or faculty record an account is linked to) in the server's `policy` module.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Student,
    Faculty,
    Director,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Student, Role::Faculty, Role::Director, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::Faculty => "faculty",
            Role::Director => "director",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Student => "Student",
            Role::Faculty => "Faculty",
            Role::Director => "Program director",
            Role::Admin => "Administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
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
    pub id: Id,
    pub email: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_id: Option<Id>,
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
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// One account, as the director's People page lists it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: Id,
    pub email: String,
    pub role: Role,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty_id: Option<Id>,
    pub disabled: bool,
    /// False for accounts created by an import until a password is set.
    pub has_password: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<String>,
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
    pub faculty_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_mentor_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab_id: Option<Id>,
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Id>))]
    pub co_mentor_id: Option<Option<Id>>,
    /// `null` removes the lab; absent leaves it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::double_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Id>))]
    pub lab_id: Option<Option<Id>>,
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

/// What an audit entry records. Stored by its snake_case name; an unknown stored name is an error.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    Logout,
    PasswordChanged,
    ResetLinkIssued,
    PasswordReset,
    AccountUpdated,
    ProjectCreated,
    ProjectUpdated,
    FacultyUpdated,
    ProfileUpdated,
    /// Someone other than the student read the student's record.
    StudentRecordRead,
    /// Someone read the students ranked for a project.
    CandidateListRead,
    /// A director listed the student directory.
    StudentDirectoryRead,
    /// A student downloaded everything stored about them.
    DataExported,
    Import,
    TaxonomyUpdated,
    CycleUpdated,
    RankListSaved,
    RankListCertified,
    ApplicantRankingSaved,
    ApplicantsRead,
    PairingCreated,
    PairingEndorsed,
    PairingApproved,
    PairingRejected,
    PairingWithdrawn,
    AllocationRun,
    AllocationPublished,
}

impl AuditAction {
    pub const ALL: [AuditAction; 29] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::PasswordChanged,
        AuditAction::ResetLinkIssued,
        AuditAction::PasswordReset,
        AuditAction::AccountUpdated,
        AuditAction::ProjectCreated,
        AuditAction::ProjectUpdated,
        AuditAction::FacultyUpdated,
        AuditAction::ProfileUpdated,
        AuditAction::StudentRecordRead,
        AuditAction::CandidateListRead,
        AuditAction::StudentDirectoryRead,
        AuditAction::DataExported,
        AuditAction::Import,
        AuditAction::TaxonomyUpdated,
        AuditAction::CycleUpdated,
        AuditAction::RankListSaved,
        AuditAction::RankListCertified,
        AuditAction::ApplicantRankingSaved,
        AuditAction::ApplicantsRead,
        AuditAction::PairingCreated,
        AuditAction::PairingEndorsed,
        AuditAction::PairingApproved,
        AuditAction::PairingRejected,
        AuditAction::PairingWithdrawn,
        AuditAction::AllocationRun,
        AuditAction::AllocationPublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login_succeeded",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::ResetLinkIssued => "reset_link_issued",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::AccountUpdated => "account_updated",
            AuditAction::ProjectCreated => "project_created",
            AuditAction::ProjectUpdated => "project_updated",
            AuditAction::FacultyUpdated => "faculty_updated",
            AuditAction::ProfileUpdated => "profile_updated",
            AuditAction::StudentRecordRead => "student_record_read",
            AuditAction::CandidateListRead => "candidate_list_read",
            AuditAction::StudentDirectoryRead => "student_directory_read",
            AuditAction::DataExported => "data_exported",
            AuditAction::Import => "import",
            AuditAction::TaxonomyUpdated => "taxonomy_updated",
            AuditAction::CycleUpdated => "cycle_updated",
            AuditAction::RankListSaved => "rank_list_saved",
            AuditAction::RankListCertified => "rank_list_certified",
            AuditAction::ApplicantRankingSaved => "applicant_ranking_saved",
            AuditAction::ApplicantsRead => "applicants_read",
            AuditAction::PairingCreated => "pairing_created",
            AuditAction::PairingEndorsed => "pairing_endorsed",
            AuditAction::PairingApproved => "pairing_approved",
            AuditAction::PairingRejected => "pairing_rejected",
            AuditAction::PairingWithdrawn => "pairing_withdrawn",
            AuditAction::AllocationRun => "allocation_run",
            AuditAction::AllocationPublished => "allocation_published",
        }
    }

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

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What an audit entry is about.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    User,
    Student,
    Faculty,
    Project,
    Taxonomy,
    Import,
    Cycle,
    RankList,
    Pairing,
    Allocation,
}

impl TargetKind {
    pub const ALL: [TargetKind; 10] = [
        TargetKind::User,
        TargetKind::Student,
        TargetKind::Faculty,
        TargetKind::Project,
        TargetKind::Taxonomy,
        TargetKind::Import,
        TargetKind::Cycle,
        TargetKind::RankList,
        TargetKind::Pairing,
        TargetKind::Allocation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::User => "user",
            TargetKind::Student => "student",
            TargetKind::Faculty => "faculty",
            TargetKind::Project => "project",
            TargetKind::Taxonomy => "taxonomy",
            TargetKind::Import => "import",
            TargetKind::Cycle => "cycle",
            TargetKind::RankList => "rank_list",
            TargetKind::Pairing => "pairing",
            TargetKind::Allocation => "allocation",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One line of the append-only audit and disclosure log.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// The account that acted; `None` for a failed sign-in with an unknown e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Id>,
    /// The actor's e-mail at the time (or the e-mail tried, for a failed sign-in).
    pub actor_email: String,
    pub action: AuditAction,
    pub target_kind: TargetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Id>,
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
    pub actor: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
}

/// `GET /api/me/export`: everything stored about the signed-in person.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub account: UserSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Student>,
    /// Every audit entry about this person or their record, and every one they caused.
    pub audit: Vec<AuditEntry>,
}

/// What a CSV import loads.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Labs,
    Faculty,
    Projects,
    Students,
}

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Labs,
        ImportKind::Faculty,
        ImportKind::Projects,
        ImportKind::Students,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Labs => "labs",
            ImportKind::Faculty => "faculty",
            ImportKind::Projects => "projects",
            ImportKind::Students => "students",
        }
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

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
