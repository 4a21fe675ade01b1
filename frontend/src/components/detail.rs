//! Pieces of the pages about one project, lab or faculty member.

use shared::LabRef;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct BreadcrumbProps {
    /// The list the page belongs to.
    pub to: Route,
    pub label: AttrValue,
    /// The name of what the page shows.
    pub current: AttrValue,
}

/// "Labs / Brain Imaging Lab": a link back to the list, then this page.
#[component]
pub fn Breadcrumb(props: &BreadcrumbProps) -> Html {
    html! {
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <Link<Route> to={props.to.clone()}>{ props.label.clone() }</Link<Route>>
            <span aria-hidden="true">{ " / " }</span>
            <span aria-current="page">{ props.current.clone() }</span>
        </nav>
    }
}

/// The "Lab" entry of a list of facts: its linked name.
pub fn lab_fact(lab: &LabRef) -> Html {
    html! {
        <>
            <dt>{ "Lab" }</dt>
            <dd>
                <Link<Route> to={Route::Lab { id: lab.id }} classes="lab-link">
                    { lab.name.clone() }
                </Link<Route>>
            </dd>
        </>
    }
}
