//! `/faculty/:id`: a faculty member, their lab and the projects they lead or co-mentor.

use shared::{FacultyDetail, FacultyId};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::accepting_badge::AcceptingBadge;
use crate::components::area_chips::AreaBadges;
use crate::components::project_card::{ProjectCard, capacity_text};
use crate::components::status::{DetailPage, EmptyState, detail_page};
use crate::hooks::{use_remote, use_title};
use crate::route::Route;
use crate::util::paragraphs;

#[derive(Properties, PartialEq)]
pub struct FacultyPageProps {
    pub id: FacultyId,
}

#[component]
pub fn FacultyPage(props: &FacultyPageProps) -> Html {
    let remote = use_remote(props.id, api::faculty);
    let (title, body) = detail_page(
        &remote,
        DetailPage {
            what: "Faculty member",
            back_to: Route::FacultyList,
            back_label: "See all faculty",
        },
        |d| d.faculty.name.clone(),
        |d| html! { <FacultyView detail={d.clone()} /> },
    );
    use_title(title);
    body
}

#[derive(Properties, PartialEq)]
struct FacultyViewProps {
    detail: FacultyDetail,
}

#[component]
fn FacultyView(props: &FacultyViewProps) -> Html {
    let FacultyDetail {
        faculty: f,
        projects,
    } = &props.detail;
    let lab = f.lab.as_ref().map(|lab| {
        html! {
            <>
                <dt>{ "Lab" }</dt>
                <dd>
                    <Link<Route> to={Route::Lab { id: lab.id }} classes="lab-link">{ lab.name.clone() }</Link<Route>>
                </dd>
            </>
        }
    });
    let project_list = if projects.is_empty() {
        html! { <EmptyState title="No projects listed yet" /> }
    } else {
        html! {
            <div class="card-grid">
                { for projects.iter().map(|p| html! {
                    <ProjectCard key={p.id.get()} project={p.clone()} heading_level={3} />
                }) }
            </div>
        }
    };
    html! {
        <article class="faculty-detail">
            <nav aria-label="Breadcrumb" class="breadcrumb">
                <Link<Route> to={Route::FacultyList}>{ "Faculty" }</Link<Route>>
                <span aria-hidden="true">{ " / " }</span>
                <span aria-current="page">{ f.name.clone() }</span>
            </nav>
            <header class="detail-header">
                <h1>{ f.name.clone() }</h1>
                <p class="card-kicker">{ f.title.clone() }</p>
                <div class="card-badges">
                    <AcceptingBadge accepting={f.accepting_students} />
                    <AreaBadges areas={f.areas.clone()} />
                </div>
            </header>
            <div class="detail-layout">
                <div class="detail-main">
                    <section aria-labelledby="faculty-bio">
                        <h2 id="faculty-bio">{ "Biography" }</h2>
                        { paragraphs(&f.bio) }
                    </section>
                </div>
                <aside class="detail-side" aria-labelledby="faculty-facts">
                    <h2 id="faculty-facts">{ "At a glance" }</h2>
                    <dl class="facts">
                        <dt>{ "Department" }</dt>
                        <dd>{ f.department.clone() }</dd>
                        <dt>{ "School" }</dt>
                        <dd>{ f.school.clone() }</dd>
                        { for lab }
                        <dt>{ "Advises" }</dt>
                        <dd>{ format!("Up to {} this cycle", capacity_text(f.capacity)) }</dd>
                        <dt>{ "Email" }</dt>
                        <dd><a href={format!("mailto:{}", f.email)}>{ f.email.to_string() }</a></dd>
                    </dl>
                </aside>
            </div>
            <section aria-labelledby="faculty-projects">
                <h2 id="faculty-projects">{ "Projects" }</h2>
                { project_list }
            </section>
        </article>
    }
}
