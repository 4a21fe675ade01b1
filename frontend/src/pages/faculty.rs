//! `/faculty/:id`: a faculty member, their lab and the projects they lead or co-mentor.

use shared::{FacultyDetail, FacultyId};
use yew::prelude::*;

use crate::api;
use crate::components::accepting_badge::AcceptingBadge;
use crate::components::area_chips::AreaBadges;
use crate::components::detail::{Breadcrumb, lab_fact};
use crate::components::project_card::{ProjectGrid, capacity_text};
use crate::components::status::{DetailPage, use_detail_page};
use crate::hooks::use_remote;
use crate::route::Route;
use crate::util::paragraphs;

#[derive(Properties, PartialEq)]
pub struct FacultyPageProps {
    pub id: FacultyId,
}

#[component]
pub fn FacultyPage(props: &FacultyPageProps) -> Html {
    let remote = use_remote(props.id, api::faculty);
    use_detail_page(
        &remote,
        DetailPage {
            what: "Faculty member",
            back_to: Route::FacultyList,
            back_label: "See all faculty",
        },
        |d| d.faculty.name.clone(),
        |d| html! { <FacultyView detail={d.clone()} /> },
    )
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
    html! {
        <article class="faculty-detail">
            <Breadcrumb to={Route::FacultyList} label="Faculty" current={f.name.clone()} />
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
                        { for f.lab.as_ref().map(lab_fact) }
                        <dt>{ "Advises" }</dt>
                        <dd>{ format!("Up to {} this cycle", capacity_text(f.capacity)) }</dd>
                        <dt>{ "Email" }</dt>
                        <dd><a href={format!("mailto:{}", f.email)}>{ f.email.to_string() }</a></dd>
                    </dl>
                </aside>
            </div>
            <section aria-labelledby="faculty-projects">
                <h2 id="faculty-projects">{ "Projects" }</h2>
                <ProjectGrid projects={projects.clone()} />
            </section>
        </article>
    }
}
