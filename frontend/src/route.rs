//! The app's routes: every page's path. Pages and components link with these; `app` maps each
//! to its page.

use shared::{FacultyId, LabId, ProjectId, StudentId};
use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/projects/new")]
    NewProject,
    #[at("/projects/:id/edit")]
    EditProject { id: ProjectId },
    #[at("/projects/:id")]
    Project { id: ProjectId },
    #[at("/labs")]
    Labs,
    #[at("/labs/:id")]
    Lab { id: LabId },
    #[at("/faculty")]
    FacultyList,
    #[at("/faculty/:id")]
    Faculty { id: FacultyId },
    #[at("/match")]
    Match,
    #[at("/login")]
    Login,
    #[at("/reset")]
    Reset,
    #[at("/account")]
    Account,
    #[at("/profile")]
    Profile,
    #[at("/my-matches")]
    MyMatches,
    /// A director looking at one student's matches (the student sees theirs at `/my-matches`).
    #[at("/students/:id/matches")]
    StudentMatches { id: StudentId },
    #[at("/my-projects")]
    MyProjects,
    #[at("/my-record")]
    MyRecord,
    /// "Who has seen my record" (students).
    #[at("/my-disclosures")]
    MyDisclosures,
    #[at("/people")]
    People,
    #[at("/import")]
    Import,
    #[at("/audit")]
    Audit,
    #[at("/taxonomy")]
    Taxonomy,
    #[at("/api-docs")]
    ApiDocs,
    #[at("/my-ranking")]
    MyRanking,
    #[at("/inbox")]
    Inbox,
    #[at("/applicants")]
    Applicants,
    #[at("/cycle")]
    Cycle,
    #[at("/pairings")]
    Pairings,
    #[at("/dashboard")]
    Dashboard,
    #[at("/allocations")]
    Allocations,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_routes_are_not_project_ids() {
        assert_eq!(Route::recognize("/projects/new"), Some(Route::NewProject));
        assert_eq!(
            Route::recognize("/projects/7/edit"),
            Some(Route::EditProject { id: ProjectId(7) })
        );
        assert_eq!(
            Route::recognize("/projects/7"),
            Some(Route::Project { id: ProjectId(7) })
        );
    }
}
