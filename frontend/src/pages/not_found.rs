//! Any address the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_title;
use crate::route::Route;

#[component]
pub fn NotFoundPage() -> Html {
    use_title("Page not found");
    html! {
        <section class="not-found">
            <h1>{ "Page not found" }</h1>
            <p>{ "We could not find that page. It may have moved, or the address may be mistyped." }</p>
            <ul class="link-list">
                <li><Link<Route> to={Route::Home}>{ "Explore thesis projects" }</Link<Route>></li>
                <li><Link<Route> to={Route::Match}>{ "Find my match" }</Link<Route>></li>
                <li><Link<Route> to={Route::Labs}>{ "Browse labs" }</Link<Route>></li>
            </ul>
        </section>
    }
}
