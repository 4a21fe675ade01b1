//! Data tables: a table with its caption and column headers in a scrolling wrapper, and the paged
//! table of a list page (the count, the table and the pager).

use yew::prelude::*;

use crate::components::pager::Pager;

#[derive(Properties, PartialEq)]
pub struct DataTableProps {
    /// The table's own class, after `data-table`.
    #[prop_or_default]
    pub class: Classes,
    /// The caption, for screen readers only.
    #[prop_or_default]
    pub caption: Option<AttrValue>,
    pub columns: Vec<&'static str>,
    /// A newer request runs (`aria-busy`).
    #[prop_or_default]
    pub busy: bool,
    /// The rows.
    pub children: Html,
}

#[component]
pub fn DataTable(props: &DataTableProps) -> Html {
    let caption = props
        .caption
        .clone()
        .map(|c| html! { <caption class="visually-hidden">{ c }</caption> });
    html! {
        <div class="table-wrap" aria-busy={props.busy.then_some("true")}>
            <table class={classes!("data-table", props.class.clone())}>
                { for caption }
                <thead>
                    <tr>
                        { for props.columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { props.children.clone() }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PagedTableProps {
    /// How many there are in all ("12 accounts").
    pub summary: AttrValue,
    /// A request for another page runs.
    pub busy: bool,
    /// The table's own class, after `data-table`.
    pub class: Classes,
    /// The caption, for screen readers only.
    pub caption: AttrValue,
    pub columns: Vec<&'static str>,
    /// 1-based.
    pub page: u64,
    pub page_count: u64,
    pub on_page: Callback<u64>,
    /// What is being paged, for the pager's accessible name.
    pub pager_label: AttrValue,
    /// The rows.
    pub children: Html,
}

#[component]
pub fn PagedTable(props: &PagedTableProps) -> Html {
    html! {
        <>
            <p class="results-count" role="status">{ props.summary.clone() }</p>
            <DataTable
                class={props.class.clone()}
                caption={props.caption.clone()}
                columns={props.columns.clone()}
                busy={props.busy}
            >
                { props.children.clone() }
            </DataTable>
            <Pager
                page={props.page}
                page_count={props.page_count}
                on_change={props.on_page.clone()}
                label={props.pager_label.clone()}
            />
        </>
    }
}
