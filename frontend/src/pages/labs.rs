//! `/labs`: the program's labs, searchable and filterable by area.

use shared::{Lab, ListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::area_chips::{AreaBadges, AreaChips};
use crate::components::pager::Pager;
use crate::components::search_form::SearchForm;
use crate::components::status::{EmptyState, Loading, list_error};
use crate::hooks::{use_list_filters, use_remote, use_title};
use crate::util::{count, excerpt};

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
    let clear = {
        let clear = filters.clear.clone();
        Callback::from(move |_: MouseEvent| clear.emit(()))
    };
    let summary = match (&remote.data, &remote.error) {
        (_, Some(_)) => String::new(),
        (Some(page), None) => count(page.total, "lab", "labs"),
        (None, None) => "Loading labs…".to_owned(),
    };
    let results = match (&remote.data, &remote.error) {
        (_, Some(error)) => list_error(error, &remote.retry, &clear),
        (None, None) => html! { <Loading label="Loading labs…" /> },
        (Some(page), None) if page.items.is_empty() => html! {
            <EmptyState title="No labs match your search">
                <p>
                    <button type="button" class="button button-link" onclick={clear.clone()}>
                        { "Clear filters" }
                    </button>
                </p>
            </EmptyState>
        },
        (Some(page), None) => html! {
            <>
                <div class="card-grid">
                    { for page.items.iter().map(|lab| html! { <LabCard key={lab.id} lab={lab.clone()} /> }) }
                </div>
                <Pager
                    page={page.page}
                    page_count={page.page_count()}
                    on_change={filters.set_page.clone()}
                    label="Lab result pages"
                />
            </>
        },
    };
    let selected_area: Vec<String> = filters.query.area.iter().cloned().collect();
    html! {
        <section class="labs">
            <div class="page-intro">
                <h1>{ "Labs" }</h1>
                <p class="lede">{ "Research groups that host AI in Medicine thesis students." }</p>
            </div>
            <SearchForm
                label="Search labs"
                placeholder="e.g. neuroimaging, wearables, clinical NLP"
                value={filters.input.clone()}
                on_input={filters.on_input.clone()}
                on_submit={filters.on_submit.clone()}
            >
                <AreaChips selected={selected_area} on_toggle={filters.toggle_area.clone()} />
            </SearchForm>
            <div class="results-bar">
                <p class="results-count" aria-live="polite">{ summary }</p>
                if filters.is_filtered() {
                    <button type="button" class="button button-link" onclick={clear}>
                        { "Clear filters" }
                    </button>
                }
            </div>
            <div class="results" aria-busy={if remote.loading { "true" } else { "false" }}>
                { results }
            </div>
        </section>
    }
}
