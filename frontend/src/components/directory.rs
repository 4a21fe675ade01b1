//! The shape shared by the explore page and the lab and faculty directories: intro, search box with
//! area chips, a polite live count, and a paged card grid with loading, error and empty states.

use shared::Page;
use yew::prelude::*;

use crate::components::area_chips::AreaChips;
use crate::components::pager::Pager;
use crate::components::search_form::SearchForm;
use crate::components::status::{EmptyState, Loading, list_error};
use crate::hooks::{ListFilters, Remote};
use crate::util::count;

/// The words a directory uses for itself.
pub struct Directory<'a> {
    /// CSS class of the page's `<section>`.
    pub class: &'static str,
    pub title: &'a str,
    pub lede: &'a str,
    pub search_label: &'a str,
    pub placeholder: &'a str,
    /// Singular and plural of what is listed ("lab", "labs").
    pub one: &'a str,
    pub many: &'a str,
}

/// Renders a whole directory page around `card`, which draws one item.
pub fn directory_page<T>(
    d: Directory<'_>,
    filters: &ListFilters,
    remote: &Remote<Page<T>>,
    card: impl Fn(&T) -> Html,
) -> Html {
    let selected_area: Vec<String> = filters.query.area.iter().cloned().collect();
    let many = d.many;
    html! {
        <section class={d.class}>
            <div class="page-intro">
                <h1>{ d.title.to_owned() }</h1>
                <p class="lede">{ d.lede.to_owned() }</p>
            </div>
            <SearchForm
                label={d.search_label.to_owned()}
                placeholder={d.placeholder.to_owned()}
                value={filters.input.clone()}
                on_input={filters.on_input.clone()}
                on_submit={filters.on_submit.clone()}
            >
                <AreaChips selected={selected_area} on_toggle={filters.toggle_area.clone()} />
            </SearchForm>
            { list_results(d.one, many, filters, remote, card, |clear| html! {
                <EmptyState title={format!("No {many} match your search")}>
                    <p>
                        <button type="button" class="button button-link" onclick={clear.clone()}>
                            { "Clear filters" }
                        </button>
                    </p>
                </EmptyState>
            }) }
        </section>
    }
}

/// The results of a filtered list page: the polite live count ("12 labs") with "Clear filters" when
/// filtered, and the paged card grid of `card`s, marked busy while a request runs. An error, the
/// first load and an empty page (`empty`, given the callback that clears the filters) take the
/// grid's place.
pub fn list_results<T>(
    one: &str,
    many: &str,
    filters: &ListFilters,
    remote: &Remote<Page<T>>,
    card: impl Fn(&T) -> Html,
    empty: impl FnOnce(&Callback<MouseEvent>) -> Html,
) -> Html {
    let clear = {
        let clear = filters.clear.clone();
        Callback::from(move |_: MouseEvent| clear.emit(()))
    };
    let loading = format!("Loading {many}…");
    let summary = match (&remote.data, &remote.error) {
        (_, Some(_)) => String::new(),
        (Some(page), None) => count(page.total, one, many),
        (None, None) => loading.clone(),
    };
    let results = match (&remote.data, &remote.error) {
        (_, Some(error)) => list_error(error, &remote.retry, &clear),
        (None, None) => html! { <Loading label={loading} /> },
        (Some(page), None) if page.items.is_empty() => empty(&clear),
        (Some(page), None) => html! {
            <>
                <div class="card-grid">
                    { for page.items.iter().map(&card) }
                </div>
                <Pager
                    page={page.page}
                    page_count={page.page_count()}
                    on_change={filters.set_page.clone()}
                    label={format!("{} result pages", capitalised(one))}
                />
            </>
        },
    };
    html! {
        <>
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
        </>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
