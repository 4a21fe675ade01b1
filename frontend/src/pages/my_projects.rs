//! `/my-projects`: the projects a faculty member advises or co-mentors, drafts included, with edit,
//! close/reopen and each one's applicants (students whose certified rank list names it).

use shared::{Project, ProjectPatch, ProjectStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::applicants::ApplicantList;
use crate::components::area_chips::AreaBadges;
use crate::components::project_card::{StatusBadge, capacity_text};
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::{Access, use_session};
use crate::hooks::{use_action, use_remote, use_title};
use crate::route::Route;

#[component]
pub fn MyProjectsPage() -> Html {
    use_title("My projects");
    html! {
        <Require access={Access::Faculty}>
            <MyProjects />
        </Require>
    }
}

/// The status change a project's button offers: (new status, button text).
fn status_action(status: ProjectStatus) -> Option<(ProjectStatus, &'static str)> {
    match status {
        ProjectStatus::Draft => Some((ProjectStatus::Open, "Publish")),
        ProjectStatus::Open => Some((ProjectStatus::Closed, "Close")),
        ProjectStatus::Closed => Some((ProjectStatus::Open, "Reopen")),
        ProjectStatus::Filled => None,
    }
}

#[component]
fn MyProjects() -> Html {
    let session = use_session();
    let me_faculty = session.me().and_then(|me| me.faculty_id);
    let version = use_state(|| 0_u32);
    let projects = use_remote(*version, |_| api::my_projects());
    let action = use_action();
    let on_status = {
        let (version, action) = (version.clone(), action.clone());
        Callback::from(move |(project, next): (Project, ProjectStatus)| {
            let version = version.clone();
            let patch = ProjectPatch {
                status: Some(next),
                ..ProjectPatch::default()
            };
            action.run_saying(
                format!("Changing “{}”…", project.title),
                async move { api::update_project(project.id, &patch).await },
                move |p| {
                    version.set(*version + 1);
                    format!("“{}” is now {}.", p.title, p.status.label().to_lowercase())
                },
            );
        })
    };
    let list = match (&projects.data, &projects.error) {
        (_, Some(e)) => {
            html! { <ErrorPanel error={e.clone()} on_retry={projects.retry.clone()} /> }
        }
        (Some(list), None) if list.is_empty() => html! {
            <EmptyState title="You have no projects yet">
                <p>{ "Create one: students find it as soon as it is open." }</p>
            </EmptyState>
        },
        (Some(list), None) => html! {
            <ul class="my-project-list" aria-busy={projects.loading.then_some("true")}>
                { for list.iter().map(|p| html! {
                    <MyProjectItem
                        key={p.id.get()}
                        project={p.clone()}
                        advisor={Some(p.faculty.id) == me_faculty}
                        on_status={on_status.clone()}
                    />
                }) }
            </ul>
        },
        (None, None) => html! { <Loading label="Loading your projects…" /> },
    };
    html! {
        <section class="my-projects-page">
            <div class="page-intro page-intro-actions">
                <div>
                    <h1>{ "My projects" }</h1>
                    <p class="lede">{ "Projects you advise or co-mentor, drafts included." }</p>
                </div>
                <Link<Route> to={Route::NewProject} classes="button new-project">{ "New project" }</Link<Route>>
            </div>
            <Outcome error={action.error()} status={action.status()} id="my-projects-status" />
            { list }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MyProjectItemProps {
    project: Project,
    /// The signed-in person advises it (else co-mentors: fewer fields are theirs to change).
    advisor: bool,
    on_status: Callback<(Project, ProjectStatus)>,
}

#[component]
fn MyProjectItem(props: &MyProjectItemProps) -> Html {
    let p = &props.project;
    let show_applicants = use_state(|| false);
    let action = status_action(p.status).filter(|_| props.advisor).map(|(next, label)| {
        let on_status = props.on_status.clone();
        let project = p.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_status.emit((project.clone(), next)));
        html! {
            <button type="button" class="button button-secondary project-status-action" {onclick}>
                { label }<span class="visually-hidden">{ format!(" “{}”", p.title) }</span>
            </button>
        }
    });
    let toggle = {
        let show = show_applicants.clone();
        Callback::from(move |_: MouseEvent| show.set(!*show))
    };
    let panel_id = format!("applicants-panel-{}", p.id);
    html! {
        <li class="card my-project" id={format!("my-project-{}", p.id)}>
            <div class="my-project-head">
                <h2 class="card-title">
                    <Link<Route> to={Route::Project { id: p.id }} classes="project-link">{ p.title.clone() }</Link<Route>>
                </h2>
                <StatusBadge status={p.status} />
            </div>
            <p class="card-summary">{ p.summary.clone() }</p>
            <div class="card-badges"><AreaBadges areas={p.areas.clone()} /></div>
            <p class="match-meta">
                { if props.advisor { "You advise this project" } else { "You co-mentor this project" } }
                { format!(" · {}", capacity_text(p.capacity)) }
            </p>
            <div class="form-actions">
                <Link<Route> to={Route::EditProject { id: p.id }} classes="button project-edit">
                    { "Edit" }<span class="visually-hidden">{ format!(" “{}”", p.title) }</span>
                </Link<Route>>
                { for action }
                <button
                    type="button"
                    class="button button-link show-applicants"
                    aria-expanded={if *show_applicants { "true" } else { "false" }}
                    aria-controls={panel_id.clone()}
                    onclick={toggle}
                >
                    { if *show_applicants { "Hide applicants" } else { "Show applicants" } }
                    <span class="visually-hidden">{ format!(" of “{}”", p.title) }</span>
                </button>
            </div>
            <div id={panel_id}>
                if *show_applicants {
                    <ApplicantList project={p.id} />
                }
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_offers_its_next_step() {
        assert_eq!(
            status_action(ProjectStatus::Draft).map(|a| a.0),
            Some(ProjectStatus::Open)
        );
        assert_eq!(
            status_action(ProjectStatus::Open).map(|a| a.1),
            Some("Close")
        );
        assert_eq!(
            status_action(ProjectStatus::Closed).map(|a| a.1),
            Some("Reopen")
        );
        assert_eq!(status_action(ProjectStatus::Filled), None);
    }
}
