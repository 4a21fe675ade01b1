//! Who is acting: the signed-in person as every layer sees them. A plain value with no I/O, so the
//! policy, the domain rules and the audit log can all take it without depending on HTTP.

use shared::{Email, FacultyId, Role, StudentId, UserId};

/// The signed-in person, as every handler that needs one receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    pub student_id: Option<StudentId>,
    pub faculty_id: Option<FacultyId>,
    /// SHA-256 of this request's session token (to end this session on logout).
    pub session: String,
    /// The client's address, for the audit log.
    pub client_addr: String,
}
