//! `/`: explore the program's thesis projects by text, area and status.

use shared::{ListQuery, ProjectStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::area_chips::AreaChips;
use crate::components::directory::list_results;
use crate::components::project_card::ProjectCard;
use crate::components::search_form::SearchForm;
use crate::components::status::EmptyState;
use crate::context::use_areas;
use crate::hooks::{use_list_filters, use_remote, use_title};
use crate::route::Route;
use crate::util::event_value;

const PER_PAGE: u64 = 12;
const DEBOUNCE_MS: u32 = 250;

#[component]
pub fn ExplorePage() -> Html {
    use_title("Explore thesis projects");
    let areas = use_areas();
    let filters = use_list_filters(Route::Home, DEBOUNCE_MS);
    let remote = use_remote(
        ListQuery {
            per_page: Some(PER_PAGE),
            ..filters.query.clone()
        },
        |query| async move { api::projects(&query).await },
    );

    let on_status = {
        let set_status = filters.set_status.clone();
        Callback::from(move |e: Event| set_status.emit(ProjectStatus::parse(&event_value(&e))))
    };
    let status = filters.query.status;
    let results = list_results(
        "project",
        "projects",
        &filters,
        &remote,
        |p| html! { <ProjectCard key={p.id.get()} project={p.clone()} /> },
        |clear| {
            let title = match &filters.query.q {
                Some(q) => format!("No projects match \u{201c}{q}\u{201d}"),
                None if filters.is_filtered() => "No projects match these filters".to_owned(),
                None => "No projects have been published yet".to_owned(),
            };
            let mut narrowed = Vec::new();
            if let Some(area) = &filters.query.area {
                narrowed.push(format!("in {}", areas.name_of(area)));
            }
            if let Some(status) = status {
                narrowed.push(format!("with status {}", status.label()));
            }
            html! {
                <EmptyState {title}>
                    if !narrowed.is_empty() {
                        <p>{ format!("You are looking {}.", narrowed.join(" and ")) }</p>
                    }
                    if filters.is_filtered() {
                        <p>
                            { "Try fewer or different words, or " }
                            <button type="button" class="button button-link" onclick={clear.clone()}>
                                { "clear filters" }
                            </button>
                            { "." }
                        </p>
                    }
                </EmptyState>
            }
        },
    );

    let selected_area: Vec<String> = filters.query.area.iter().cloned().collect();
    html! {
        <section class="explore">
            <div class="page-intro">
                <h1>{ "Explore thesis projects" }</h1>
                <p class="lede">
                    { "Thesis projects of the M.S. in AI in Medicine, across medical imaging, \
                       physiological signals and language models. Not sure where to start? " }
                    <Link<Route> to={Route::Match}>{ "Find my match" }</Link<Route>>
                    { "." }
                </p>
            </div>
            <SearchForm
                label="Search projects"
                placeholder="e.g. glioma MRI, arrhythmia, discharge summaries"
                value={filters.input.clone()}
                on_input={filters.on_input.clone()}
                on_submit={filters.on_submit.clone()}
            >
                <div class="filter-row">
                    <AreaChips
                        selected={selected_area}
                        on_toggle={filters.toggle_area.clone()}
                        legend="Research area"
                    />
                    <div class="field field-status">
                        <label for="status-filter">{ "Status" }</label>
                        <select id="status-filter" name="status" onchange={on_status}>
                            <option value="" selected={status.is_none()}>{ "Any status" }</option>
                            { for ProjectStatus::ALL.iter().map(|s| html! {
                                <option value={s.as_str()} selected={status == Some(*s)}>
                                    { s.label() }
                                </option>
                            }) }
                        </select>
                    </div>
                </div>
            </SearchForm>
            { results }
        </section>
    }
}
