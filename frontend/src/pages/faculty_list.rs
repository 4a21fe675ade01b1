//! `/faculty`: advisors, searchable and filterable by area.

use shared::{Faculty, ListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::accepting_badge::AcceptingBadge;
use crate::components::area_chips::AreaBadges;
use crate::components::directory::{Directory, directory_page};
use crate::hooks::{use_list_filters, use_remote, use_title};
use crate::route::Route;

const PER_PAGE: u64 = 12;

#[derive(Properties, PartialEq)]
pub struct FacultyCardProps {
    pub faculty: Faculty,
    #[prop_or(2)]
    pub heading_level: u8,
}

#[component]
pub fn FacultyCard(props: &FacultyCardProps) -> Html {
    let f = &props.faculty;
    let heading = if props.heading_level >= 3 { "h3" } else { "h2" };
    let lab = f.lab.as_ref().map(|lab| {
        html! {
            <p class="card-lab">
                <Link<Route> to={Route::Lab { id: lab.id }} classes="lab-link">{ lab.name.clone() }</Link<Route>>
            </p>
        }
    });
    html! {
        <article class="card faculty-card">
            <@{heading} class="card-title">
                <Link<Route> to={Route::Faculty { id: f.id }} classes="faculty-link">
                    { f.name.clone() }
                </Link<Route>>
            </@>
            <p class="card-kicker">{ format!("{}, {}", f.title, f.department) }</p>
            { for lab }
            <div class="card-badges">
                <AcceptingBadge accepting={f.accepting_students} />
                <AreaBadges areas={f.areas.clone()} />
            </div>
        </article>
    }
}

#[component]
pub fn FacultyListPage() -> Html {
    use_title("Faculty");
    let filters = use_list_filters(Route::FacultyList, 250);
    let remote = use_remote(
        ListQuery {
            per_page: Some(PER_PAGE),
            status: None,
            ..filters.query.clone()
        },
        |query| async move { api::faculty_list(&query).await },
    );
    directory_page(
        Directory {
            class: "faculty-list",
            title: "Faculty",
            lede: "Engineers, computer scientists and clinicians who advise thesis students.",
            search_label: "Search faculty",
            placeholder: "e.g. radiology, sleep, language models",
            one: "faculty member",
            many: "faculty members",
        },
        &filters,
        &remote,
        |f| html! { <FacultyCard key={f.id.get()} faculty={f.clone()} /> },
    )
}
