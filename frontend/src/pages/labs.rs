//! `/labs`: the program's labs, searchable and filterable by area.

use shared::{Lab, ListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::area_chips::AreaBadges;
use crate::components::directory::{Directory, directory_page};
use crate::hooks::{use_list_filters, use_remote, use_title};
use crate::route::Route;
use crate::util::excerpt;

const PER_PAGE: u64 = 12;

#[derive(Properties, PartialEq)]
pub struct LabCardProps {
    pub lab: Lab,
}

#[component]
pub fn LabCard(props: &LabCardProps) -> Html {
    let lab = &props.lab;
    html! {
        <article class="card lab-card">
            <h2 class="card-title">
                <Link<Route> to={Route::Lab { id: lab.id }} classes="lab-link">
                    { lab.name.clone() }
                </Link<Route>>
            </h2>
            <p class="card-kicker">{ format!("{} · {}", lab.department, lab.school) }</p>
            <p class="card-summary">{ excerpt(&lab.description, 220) }</p>
            <AreaBadges areas={lab.areas.clone()} />
        </article>
    }
}

#[component]
pub fn LabsPage() -> Html {
    use_title("Labs");
    let filters = use_list_filters(Route::Labs, 250);
    let remote = use_remote(
        ListQuery {
            per_page: Some(PER_PAGE),
            status: None,
            ..filters.query.clone()
        },
        |query| async move { api::labs(&query).await },
    );
    directory_page(
        Directory {
            class: "labs",
            title: "Labs",
            lede: "Research groups that host AI in Medicine thesis students.",
            search_label: "Search labs",
            placeholder: "e.g. neuroimaging, wearables, clinical NLP",
            one: "lab",
            many: "labs",
        },
        &filters,
        &remote,
        |lab| html! { <LabCard key={lab.id.get()} lab={lab.clone()} /> },
    )
}
