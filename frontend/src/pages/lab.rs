//! `/labs/:id`: a lab, its members and their projects.

use shared::{LabDetail, LabId};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::accepting_badge::AcceptingBadge;
use crate::components::area_chips::AreaBadges;
use crate::components::detail::Breadcrumb;
use crate::components::project_card::ProjectGrid;
use crate::components::status::{DetailPage, use_detail_page};
use crate::hooks::use_remote;
use crate::route::Route;
use crate::util::paragraphs;

#[derive(Properties, PartialEq)]
pub struct LabPageProps {
    pub id: LabId,
}

#[component]
pub fn LabPage(props: &LabPageProps) -> Html {
    let remote = use_remote(props.id, api::lab);
    use_detail_page(
        &remote,
        DetailPage {
            what: "Lab",
            back_to: Route::Labs,
            back_label: "See all labs",
        },
        |d| d.lab.name.clone(),
        |d| html! { <LabView detail={d.clone()} /> },
    )
}

#[derive(Properties, PartialEq)]
struct LabViewProps {
    detail: LabDetail,
}

#[component]
fn LabView(props: &LabViewProps) -> Html {
    let LabDetail {
        lab,
        faculty,
        projects,
    } = &props.detail;
    let members = if faculty.is_empty() {
        html! { <p>{ "No members are listed yet." }</p> }
    } else {
        html! {
            <ul class="member-list">
                { for faculty.iter().map(|f| html! {
                    <li class="member">
                        <Link<Route> to={Route::Faculty { id: f.id }} classes="faculty-link">
                            { f.name.clone() }
                        </Link<Route>>
                        <span class="member-title">{ format!(" — {}", f.title) }</span>
                        { " " }
                        <AcceptingBadge accepting={f.accepting_students} />
                    </li>
                }) }
            </ul>
        }
    };
    html! {
        <article class="lab-detail">
            <Breadcrumb to={Route::Labs} label="Labs" current={lab.name.clone()} />
            <header class="detail-header">
                <h1>{ lab.name.clone() }</h1>
                <p class="card-kicker">{ format!("{} · {}", lab.department, lab.school) }</p>
                <AreaBadges areas={lab.areas.clone()} />
            </header>
            <section aria-labelledby="lab-about">
                <h2 id="lab-about">{ "About the lab" }</h2>
                { paragraphs(&lab.description) }
            </section>
            <section aria-labelledby="lab-members">
                <h2 id="lab-members">{ "Members" }</h2>
                { members }
            </section>
            <section aria-labelledby="lab-projects">
                <h2 id="lab-projects">{ "Projects" }</h2>
                <ProjectGrid projects={projects.clone()} />
            </section>
        </article>
    }
}
