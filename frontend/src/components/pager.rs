//! Previous / Next paging for the list pages.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// 1-based.
    pub page: u64,
    pub page_count: u64,
    pub on_change: Callback<u64>,
    /// What is being paged, for the navigation's accessible name.
    #[prop_or(AttrValue::Static("Results pages"))]
    pub label: AttrValue,
}

#[component]
pub fn Pager(props: &PagerProps) -> Html {
    if props.page_count <= 1 {
        return Html::default();
    }
    let page = props.page.clamp(1, props.page_count);
    let previous = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(page.saturating_sub(1).max(1)))
    };
    let next = {
        let on_change = props.on_change.clone();
        let last = props.page_count;
        Callback::from(move |_: MouseEvent| on_change.emit((page + 1).min(last)))
    };
    html! {
        <nav class="pager" aria-label={props.label.clone()}>
            <button type="button" class="button button-secondary" disabled={page <= 1} onclick={previous}>
                <span aria-hidden="true">{ "← " }</span>{ "Previous" }
            </button>
            <span class="pager-status">{ format!("Page {page} of {}", props.page_count) }</span>
            <button
                type="button"
                class="button button-secondary"
                disabled={page >= props.page_count}
                onclick={next}
            >
                { "Next" }<span aria-hidden="true">{ " →" }</span>
            </button>
        </nav>
    }
}
