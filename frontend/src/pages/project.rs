//! `/projects/:id`: everything about one project, with its advisor, co-mentor and lab.

use shared::{FacultyRef, Project, ProjectId};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::add_to_ranking::{AddToRanking, RequestPairing};
use crate::components::area_chips::AreaBadges;
use crate::components::detail::{Breadcrumb, lab_fact};
use crate::components::project_card::{StatusBadge, capacity_text};
use crate::components::status::{DetailPage, use_detail_page};
use crate::hooks::use_remote;
use crate::route::Route;
use crate::util::paragraphs;

#[derive(Properties, PartialEq)]
pub struct ProjectPageProps {
    pub id: ProjectId,
}

#[component]
pub fn ProjectPage(props: &ProjectPageProps) -> Html {
    let remote = use_remote(props.id, api::project);
    use_detail_page(
        &remote,
        DetailPage {
            what: "Project",
            back_to: Route::Home,
            back_label: "Explore all projects",
        },
        |p| p.title.clone(),
        |p| html! { <ProjectDetail project={p.clone()} /> },
    )
}

#[derive(Properties, PartialEq)]
struct PersonProps {
    person: FacultyRef,
    role: AttrValue,
}

/// An advisor or co-mentor: linked name, then title and department.
#[component]
fn Person(props: &PersonProps) -> Html {
    let p = &props.person;
    html! {
        <div class="person">
            <p class="person-role">{ props.role.clone() }</p>
            <p class="person-name">
                <Link<Route> to={Route::Faculty { id: p.id }} classes="faculty-link">
                    { p.name.clone() }
                </Link<Route>>
            </p>
            <p class="person-title">{ format!("{}, {}", p.title, p.department) }</p>
        </div>
    }
}

fn term_list(label: &str, terms: &[String], class: &'static str) -> Html {
    if terms.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <dt>{ label.to_owned() }</dt>
            <dd>
                <ul class={classes!("tags", class)}>
                    { for terms.iter().map(|t| html! { <li class="tag">{ t.clone() }</li> }) }
                </ul>
            </dd>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ProjectDetailProps {
    project: Project,
}

#[component]
fn ProjectDetail(props: &ProjectDetailProps) -> Html {
    let p = &props.project;
    let backgrounds: Vec<String> = p
        .preferred_backgrounds
        .iter()
        .map(|b| b.label().to_owned())
        .collect();
    let co_mentor = p.co_mentor.as_ref().map(|c| {
        html! { <Person person={c.clone()} role="Co-mentor" /> }
    });
    html! {
        <article class="project-detail">
            <Breadcrumb to={Route::Home} label="Explore" current={p.title.clone()} />
            <header class="detail-header">
                <h1>{ p.title.clone() }</h1>
                <p class="lede">{ p.summary.clone() }</p>
                <div class="card-badges">
                    <StatusBadge status={p.status} />
                    <AreaBadges areas={p.areas.clone()} />
                </div>
            </header>
            <div class="detail-layout">
                <div class="detail-main">
                    <section aria-labelledby="about-heading">
                        <h2 id="about-heading">{ "About the project" }</h2>
                        { paragraphs(&p.description) }
                    </section>
                    <section aria-labelledby="fit-heading">
                        <h2 id="fit-heading">{ "Who it suits" }</h2>
                        <dl class="facts">
                            { term_list("Keywords", &p.keywords, "tags-keywords") }
                            { term_list("Required skills", &p.required_skills, "tags-skills") }
                            { term_list("Preferred backgrounds", &backgrounds, "tags-backgrounds") }
                        </dl>
                    </section>
                </div>
                <aside class="detail-side" aria-labelledby="people-heading">
                    <h2 id="people-heading">{ "Supervision" }</h2>
                    <Person person={p.faculty.clone()} role="Advisor" />
                    { for co_mentor }
                    <dl class="facts">
                        { for p.lab.as_ref().map(lab_fact) }
                        <dt>{ "Capacity" }</dt>
                        <dd>{ capacity_text(p.capacity) }</dd>
                        <dt>{ "Status" }</dt>
                        <dd>{ p.status.label() }</dd>
                    </dl>
                    <AddToRanking project={p.id} title={p.title.clone()} />
                    <RequestPairing project={p.id} title={p.title.clone()} />
                </aside>
            </div>
        </article>
    }
}
