//! Need-to-know access, decided in one place.
//!
//! Handlers never compare roles themselves: they name what they are about to do as an [`Action`]
//! and call [`authorize`] (or take a [`Director`] extractor). The rules:
//!
//! | who | may |
//! |---|---|
//! | anyone | the public catalogue (areas, labs, faculty, non-draft projects), the preview box |
//! | a student | their own record, profile and matches; nobody else's |
//! | a faculty member | create projects they advise; edit projects they advise (a co-mentor: description, keywords, skills); their own faculty record; candidate lists of projects they advise or co-mentor; their own drafts |
//! | a student | (cycle) their own rank list; request a pairing; withdraw their own pairing |
//! | a faculty member | (cycle) applicants of projects they advise or co-mentor; rank their applicants; endorse requests for projects they advise |
//! | a director or admin | everything in the program: student directory, any record, audit log, import, taxonomy, accounts, the cycle, pairings |
//!
//! Reading a student's record by anyone but that student is a *disclosure*: the route records it,
//! naming every student in the answer ([`is_disclosure`], `routes::disclose`).
//!
//! ## What each reader sees of a student (field-level need to know)
//!
//! | reader | whom | fields |
//! |---|---|---|
//! | the student | themself | everything |
//! | a director or admin | every student | everything (each read is disclosed) |
//! | a faculty member | applicants of projects they advise or co-mentor (a certified list or a pairing names the project) | name, background, the match score and its reasons, their place in the student's list — never interests, skills or e-mail |
//! | a faculty member | a student whose pairing with such a project is **approved** | the above and the e-mail (they must reach their thesis student), in that pairing and its history |
//! | anyone else | — | nothing |
//!
//! [`Applicant`](shared::Applicant) carries no e-mail, interests or skills by construction; a
//! [`Pairing`] is built with every field and then passed through [`shape_pairing`].
//!
//! Where a record's existence is private — a pairing, to someone who cannot list it
//! ([`may_see_pairing`]) — a refusal is the very 404 an unknown id gets, not a 403
//! ([`authorize_private`]), so trying ids tells nobody which exist.

use shared::{FacultyId, Pairing, PairingState, Project, ProjectPatch, Role, StudentId};

use crate::error::{AppError, Result};
use crate::principal::CurrentUser;

/// Something a signed-in person wants to do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// A student's record, profile, matches, advisors or labs.
    ReadStudent(StudentId),
    /// The student directory (with e-mails).
    ListStudents,
    /// The students ranked for a project.
    ReadCandidates(&'a Project),
    /// A project that is still a draft.
    SeeDraft(&'a Project),
    /// Create a project advised by this faculty member.
    CreateProject {
        advisor: FacultyId,
    },
    EditProject(&'a Project, &'a ProjectPatch),
    /// A faculty member's own record (capacity, accepting students, bio, areas).
    EditFaculty(FacultyId),
    /// The signed-in student's own profile.
    EditOwnProfile,
    /// The signed-in faculty member's own projects, drafts included.
    ListOwnProjects,
    /// The signed-in student's own rank list and pairing requests.
    RankProjects,
    /// The signed-in faculty member's ranking of their applicants.
    RankApplicants,
    /// Endorse a student's request for this project (its advisor).
    EndorsePairing(&'a Project),
    /// Withdraw a pairing of this student (the student, or a director).
    WithdrawPairing {
        student: StudentId,
    },
    /// Audit log, import, taxonomy, accounts: running the program.
    ManageProgram,
}

fn is_director(user: &CurrentUser) -> bool {
    user.role.is_director()
}

fn is_faculty(user: &CurrentUser, id: FacultyId) -> bool {
    user.role == Role::Faculty && user.faculty_id == Some(id)
}

fn is_advisor(user: &CurrentUser, p: &Project) -> bool {
    is_faculty(user, p.faculty.id)
}

fn is_co_mentor(user: &CurrentUser, p: &Project) -> bool {
    p.co_mentor.as_ref().is_some_and(|c| is_faculty(user, c.id))
}

/// Whether `user` may do `action`.
pub fn allows(user: &CurrentUser, action: Action<'_>) -> bool {
    if is_director(user) {
        return true;
    }
    match action {
        Action::ReadStudent(id) => user.role == Role::Student && user.student_id == Some(id),
        Action::ListStudents | Action::ManageProgram => false,
        Action::ReadCandidates(p) | Action::SeeDraft(p) => {
            is_advisor(user, p) || is_co_mentor(user, p)
        }
        Action::CreateProject { advisor } => is_faculty(user, advisor),
        Action::EditProject(p, patch) => {
            is_advisor(user, p) || (is_co_mentor(user, p) && co_mentor_may_change(patch))
        }
        Action::EditFaculty(id) => is_faculty(user, id),
        Action::EditOwnProfile => user.role == Role::Student && user.student_id.is_some(),
        Action::ListOwnProjects | Action::RankApplicants => {
            user.role == Role::Faculty && user.faculty_id.is_some()
        }
        Action::RankProjects => user.role == Role::Student && user.student_id.is_some(),
        Action::EndorsePairing(p) => is_advisor(user, p),
        Action::WithdrawPairing { student } => {
            user.role == Role::Student && user.student_id == Some(student)
        }
    }
}

/// A co-mentor may change the description, keywords and required skills, and nothing else.
fn co_mentor_may_change(patch: &ProjectPatch) -> bool {
    let ProjectPatch {
        title,
        summary,
        description: _,
        areas,
        keywords: _,
        required_skills: _,
        preferred_backgrounds,
        capacity,
        co_mentor_id,
        lab_id,
        status,
    } = patch;
    title.is_none()
        && summary.is_none()
        && areas.is_none()
        && preferred_backgrounds.is_none()
        && capacity.is_none()
        && co_mentor_id.is_none()
        && lab_id.is_none()
        && status.is_none()
}

/// `Ok` when allowed, 403 otherwise.
pub fn authorize(user: &CurrentUser, action: Action<'_>) -> Result<()> {
    if allows(user, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Like [`authorize`] for a record whose existence is private: when not allowed, 403 only to
/// someone who may see the record anyway (`visible`), and to anyone else the very 404 an unknown id
/// gets (`what`), so that trying ids tells nobody which exist.
pub fn authorize_private(
    user: &CurrentUser,
    action: Action<'_>,
    visible: bool,
    what: &'static str,
) -> Result<()> {
    match (allows(user, action), visible) {
        (true, _) => Ok(()),
        (false, true) => Err(AppError::Forbidden),
        (false, false) => Err(AppError::NotFound(what)),
    }
}

/// Whether `user` may see a pairing of `student` with `project` (the pairings list shows it to
/// them): a director, the student, the project's advisor or co-mentor — [`pairing_scope`] for one.
pub fn may_see_pairing(user: &CurrentUser, student: StudentId, project: &Project) -> bool {
    match user.role {
        Role::Director | Role::Admin => true,
        Role::Faculty => is_advisor(user, project) || is_co_mentor(user, project),
        Role::Student => user.student_id == Some(student),
    }
}

/// Whether a signed-in person (or nobody) may see `project` in the public catalogue.
pub fn may_see_project(user: Option<&CurrentUser>, project: &Project) -> bool {
    project.status != shared::ProjectStatus::Draft
        || user.is_some_and(|u| allows(u, Action::SeeDraft(project)))
}

/// Which draft projects a person may see in a catalogue list: a director every one, a faculty
/// member those they advise or co-mentor, anyone else (or nobody signed in) none. The list's form
/// of [`may_see_project`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftScope {
    Hidden,
    Of(FacultyId),
    All,
}

/// The drafts `user` may see in a project list.
pub fn draft_scope(user: Option<&CurrentUser>) -> DraftScope {
    match user {
        Some(u) if is_director(u) => DraftScope::All,
        Some(u) if u.role == Role::Faculty => {
            u.faculty_id.map_or(DraftScope::Hidden, DraftScope::Of)
        }
        _ => DraftScope::Hidden,
    }
}

/// Whether `user` may create projects for any advisor (and so must name one): a director.
pub fn creates_for_any_advisor(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Whether reading student `student_id`'s record by `user` must be logged as a disclosure.
pub fn is_disclosure(user: &CurrentUser, student_id: StudentId) -> bool {
    user.student_id != Some(student_id)
}

/// How much of a student a reader sees in one context (see the module docs' table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudentView {
    /// The student themself, or a director: every field.
    Full,
    /// Faculty of a project the student applied to: no e-mail, interests or skills.
    Applicant,
    /// Faculty of the project of the student's approved pairing: an applicant's fields and the
    /// e-mail.
    Advisee,
}

impl StudentView {
    pub fn sees_email(self) -> bool {
        !matches!(self, StudentView::Applicant)
    }
}

/// What `user` sees of the student of `pairing` (a pairing they may list, see [`pairing_scope`]).
pub fn pairing_view(user: &CurrentUser, pairing: &Pairing) -> StudentView {
    if is_director(user) || acting_student(user) == Some(pairing.student_id) {
        StudentView::Full
    } else if pairing.state == PairingState::Approved {
        StudentView::Advisee
    } else {
        StudentView::Applicant
    }
}

/// `pairing` as `user` may see it: without the student's e-mail — in the pairing and in every
/// step of its history that the student took — unless [`pairing_view`] allows it.
pub fn shape_pairing(user: &CurrentUser, mut pairing: Pairing) -> Pairing {
    if !pairing_view(user, &pairing).sees_email() {
        pairing.student_email = None;
        for e in &mut pairing.history {
            if !matches!(
                e.actor_role,
                Some(Role::Faculty | Role::Director | Role::Admin)
            ) {
                e.actor_email = None;
            }
        }
    }
    pairing
}

/// The record an account of a role is linked to: a student account to a student record, a faculty
/// account to a faculty record (the database's CHECK says the same), a director's or admin's to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedRecord {
    Student,
    Faculty,
    None,
}

pub fn linked_record(role: Role) -> LinkedRecord {
    match role {
        Role::Student => LinkedRecord::Student,
        Role::Faculty => LinkedRecord::Faculty,
        Role::Director | Role::Admin => LinkedRecord::None,
    }
}

/// Which pairings a person may list: a director all of them, a faculty member those of projects
/// they advise or co-mentor, a student their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairingScope {
    All,
    Faculty(FacultyId),
    Student(StudentId),
}

/// The pairings `user` may list; 403 for an account linked to no record.
pub fn pairing_scope(user: &CurrentUser) -> Result<PairingScope> {
    match user.role {
        Role::Director | Role::Admin => Ok(PairingScope::All),
        Role::Faculty => user
            .faculty_id
            .map(PairingScope::Faculty)
            .ok_or(AppError::Forbidden),
        Role::Student => user
            .student_id
            .map(PairingScope::Student)
            .ok_or(AppError::Forbidden),
    }
}

/// Whether `user` is a student acting on their own behalf (their own rank list, requests, inbox
/// reminders): the student record they act for.
pub fn acting_student(user: &CurrentUser) -> Option<StudentId> {
    match user.role {
        Role::Student => user.student_id,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{FacultyRef, ProjectStatus};

    fn user(role: Role, student_id: Option<i32>, faculty_id: Option<i32>) -> CurrentUser {
        CurrentUser {
            id: shared::UserId(1),
            email: shared::Email::parse("x@example.edu").expect("a valid address"),
            role,
            student_id: student_id.map(StudentId),
            faculty_id: faculty_id.map(FacultyId),
            session: String::new(),
            client_addr: String::new(),
        }
    }

    fn person(id: i32) -> FacultyRef {
        FacultyRef {
            id: FacultyId(id),
            slug: format!("f{id}"),
            name: format!("F{id}"),
            title: String::new(),
            department: String::new(),
        }
    }

    fn project(advisor: i32, co: Option<i32>, status: ProjectStatus) -> Project {
        Project {
            id: shared::ProjectId(9),
            slug: "p".into(),
            title: "P".into(),
            summary: String::new(),
            description: String::new(),
            faculty: person(advisor),
            co_mentor: co.map(person),
            lab: None,
            areas: vec![],
            keywords: vec![],
            required_skills: vec![],
            preferred_backgrounds: vec![],
            capacity: 1,
            status,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_pairing_that_is_not_yours_is_404_unless_you_can_see_it() {
        let p = project(1, Some(2), ProjectStatus::Open);
        let student = StudentId(4);
        let endorse = Action::EndorsePairing(&p);
        let withdraw = Action::WithdrawPairing { student };
        let answer = |u: &CurrentUser, a: Action<'_>| match authorize_private(
            u,
            a,
            may_see_pairing(u, student, &p),
            "pairing",
        ) {
            Ok(()) => 200,
            Err(AppError::Forbidden) => 403,
            Err(AppError::NotFound("pairing")) => 404,
            Err(other) => panic!("unexpected {other:?}"),
        };
        let own = user(Role::Student, Some(4), None);
        let other = user(Role::Student, Some(5), None);
        let advisor = user(Role::Faculty, None, Some(1));
        let co_mentor = user(Role::Faculty, None, Some(2));
        let stranger = user(Role::Faculty, None, Some(3));
        let director = user(Role::Director, None, None);
        assert_eq!(answer(&advisor, endorse), 200);
        assert_eq!(answer(&director, endorse), 200);
        assert_eq!(answer(&own, endorse), 403, "the student sees their pairing");
        assert_eq!(answer(&co_mentor, endorse), 403, "a co-mentor sees it");
        assert_eq!(answer(&other, endorse), 404);
        assert_eq!(answer(&stranger, endorse), 404);
        assert_eq!(answer(&own, withdraw), 200);
        assert_eq!(answer(&director, withdraw), 200);
        assert_eq!(answer(&advisor, withdraw), 403);
        assert_eq!(answer(&other, withdraw), 404);
        assert_eq!(answer(&stranger, withdraw), 404);
    }

    #[test]
    fn students_read_only_their_own_record() {
        let s = user(Role::Student, Some(4), None);
        assert!(allows(&s, Action::ReadStudent(StudentId(4))));
        assert!(!allows(&s, Action::ReadStudent(StudentId(5))));
        assert!(!allows(&s, Action::ListStudents));
        assert!(!is_disclosure(&s, StudentId(4)));
        assert!(is_disclosure(
            &user(Role::Director, None, None),
            StudentId(4)
        ));
    }

    #[test]
    fn a_co_mentor_may_edit_only_the_description_keywords_and_skills() {
        let p = project(1, Some(2), ProjectStatus::Open);
        let co = user(Role::Faculty, None, Some(2));
        let text_only = ProjectPatch {
            description: Some("new".into()),
            keywords: Some(vec!["eeg".into()]),
            ..ProjectPatch::default()
        };
        let capacity = ProjectPatch {
            capacity: Some(3),
            ..ProjectPatch::default()
        };
        assert!(allows(&co, Action::EditProject(&p, &text_only)));
        assert!(!allows(&co, Action::EditProject(&p, &capacity)));
        let advisor = user(Role::Faculty, None, Some(1));
        assert!(allows(&advisor, Action::EditProject(&p, &capacity)));
        let other = user(Role::Faculty, None, Some(3));
        assert!(!allows(&other, Action::EditProject(&p, &text_only)));
        assert!(!allows(&other, Action::ReadCandidates(&p)));
    }

    #[test]
    fn drafts_are_seen_by_their_faculty_and_directors_only() {
        let p = project(1, None, ProjectStatus::Draft);
        assert!(!may_see_project(None, &p));
        assert!(may_see_project(
            Some(&user(Role::Faculty, None, Some(1))),
            &p
        ));
        assert!(!may_see_project(
            Some(&user(Role::Faculty, None, Some(2))),
            &p
        ));
        assert!(!may_see_project(
            Some(&user(Role::Student, Some(1), None)),
            &p
        ));
        assert!(may_see_project(Some(&user(Role::Admin, None, None)), &p));
    }

    #[test]
    fn drafts_in_lists_follow_who_may_see_them() {
        assert_eq!(draft_scope(None), DraftScope::Hidden);
        assert_eq!(
            draft_scope(Some(&user(Role::Student, Some(1), None))),
            DraftScope::Hidden
        );
        assert_eq!(
            draft_scope(Some(&user(Role::Faculty, None, Some(3)))),
            DraftScope::Of(FacultyId(3))
        );
        assert_eq!(
            draft_scope(Some(&user(Role::Faculty, None, None))),
            DraftScope::Hidden
        );
        assert_eq!(
            draft_scope(Some(&user(Role::Director, None, None))),
            DraftScope::All
        );
        assert!(creates_for_any_advisor(&user(Role::Admin, None, None)));
        assert!(!creates_for_any_advisor(&user(
            Role::Faculty,
            None,
            Some(1)
        )));
    }

    #[test]
    fn faculty_create_projects_only_as_themselves() {
        let f = user(Role::Faculty, None, Some(1));
        assert!(allows(
            &f,
            Action::CreateProject {
                advisor: FacultyId(1)
            }
        ));
        assert!(!allows(
            &f,
            Action::CreateProject {
                advisor: FacultyId(2)
            }
        ));
        assert!(!allows(
            &user(Role::Student, Some(1), None),
            Action::CreateProject {
                advisor: FacultyId(1)
            }
        ));
        assert!(!allows(&f, Action::ManageProgram));
    }
}
