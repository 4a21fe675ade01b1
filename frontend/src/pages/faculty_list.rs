//! `/faculty`: advisors, searchable and filterable by area.

use shared::{Faculty, ListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::area_chips::{AreaBadges, AreaChips};
use crate::components::pager::Pager;
use crate::components::search_form::SearchForm;
use crate::components::status::{EmptyState, Loading, list_error};
use crate::hooks::{use_list_filters, use_remote, use_title};
use crate::util::count;

const PER_PAGE: u64 = 12;

#[derive(Properties, PartialEq)]
pub struct AcceptingBadgeProps {
    pub accepting: bool,
}

#[component]
pub fn AcceptingBadge(props: &AcceptingBadgeProps) -> Html {
    if props.accepting {
        html! { <span class="badge badge-accepting">{ "Accepting students" }</span> }
    } else {
        html! { <span class="badge badge-not-accepting">{ "Not accepting students" }</span> }
    }
}

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
    let clear = {
        let clear = filters.clear.clone();
        Callback::from(move |_: MouseEvent| clear.emit(()))
    };
    let summary = match (&remote.data, &remote.error) {
        (_, Some(_)) => String::new(),
        (Some(page), None) => count(page.total, "faculty member", "faculty members"),
        (None, None) => "Loading faculty…".to_owned(),
    };
    let results = match (&remote.data, &remote.error) {
        (_, Some(error)) => list_error(error, &remote.retry, &clear),
        (None, None) => html! { <Loading label="Loading faculty…" /> },
        (Some(page), None) if page.items.is_empty() => html! {
            <EmptyState title="No faculty match your search">
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
                    { for page.items.iter().map(|f| html! { <FacultyCard key={f.id} faculty={f.clone()} /> }) }
                </div>
                <Pager
                    page={page.page}
                    page_count={page.page_count()}
                    on_change={filters.set_page.clone()}
                    label="Faculty result pages"
                />
            </>
        },
    };
    let selected_area: Vec<String> = filters.query.area.iter().cloned().collect();
    html! {
        <section class="faculty-list">
            <div class="page-intro">
                <h1>{ "Faculty" }</h1>
                <p class="lede">{ "Engineers, computer scientists and clinicians who advise thesis students." }</p>
            </div>
            <SearchForm
                label="Search faculty"
                placeholder="e.g. radiology, sleep, language models"
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
