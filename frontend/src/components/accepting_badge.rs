//! "Accepting students" / "Not accepting students" on a faculty member's card and page.

use yew::prelude::*;

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
