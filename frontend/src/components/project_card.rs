//! A project in a list: title link, summary, areas, status, advisor and capacity; and a grid of
//! them.

use shared::{Project, ProjectStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::area_chips::AreaBadges;
use crate::components::status::EmptyState;
use crate::route::Route;
use crate::util::count;

#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    pub status: ProjectStatus,
}

#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    html! {
        <>
            <span class="visually-hidden">{ "Status: " }</span>
            <span class={classes!("badge", "badge-status", format!("status-{}", props.status.as_str()))}>
                { props.status.label() }
            </span>
        </>
    }
}

/// "2 students".
pub fn capacity_text(capacity: u32) -> String {
    count(u64::from(capacity), "student", "students")
}

#[derive(Properties, PartialEq)]
pub struct ProjectCardProps {
    pub project: Project,
    /// `2` in a page's result list, `3` under a section heading.
    #[prop_or(2)]
    pub heading_level: u8,
}

#[component]
pub fn ProjectCard(props: &ProjectCardProps) -> Html {
    let p = &props.project;
    let heading = if props.heading_level >= 3 { "h3" } else { "h2" };
    html! {
        <article class="card project-card">
            <@{heading} class="card-title">
                <Link<Route> to={Route::Project { id: p.id }} classes="project-link">
                    { p.title.clone() }
                </Link<Route>>
            </@>
            <p class="card-summary">{ p.summary.clone() }</p>
            <div class="card-badges">
                <StatusBadge status={p.status} />
                <AreaBadges areas={p.areas.clone()} />
            </div>
            <dl class="card-meta">
                <div>
                    <dt>{ "Advisor" }</dt>
                    <dd>{ p.faculty.name.clone() }</dd>
                </div>
                <div>
                    <dt>{ "Capacity" }</dt>
                    <dd>{ capacity_text(p.capacity) }</dd>
                </div>
            </dl>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProjectGridProps {
    pub projects: Vec<Project>,
}

/// The projects of a lab or a faculty member, as cards under a section heading.
#[component]
pub fn ProjectGrid(props: &ProjectGridProps) -> Html {
    if props.projects.is_empty() {
        return html! { <EmptyState title="No projects listed yet" /> };
    }
    html! {
        <div class="card-grid">
            { for props.projects.iter().map(|p| html! {
                <ProjectCard key={p.id.get()} project={p.clone()} heading_level={3} />
            }) }
        </div>
    }
}
