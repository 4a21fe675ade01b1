//! Pages for some people only: "Sign in to see this" for visitors, "You don't have access" for the
//! wrong role, and the page itself for the right one.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::status::Loading;
use crate::context::{Access, Session, use_session};
use crate::hooks::use_title;

/// `/login?next=<this page>`, so signing in comes back here.
#[hook]
pub fn use_login_href() -> String {
    let location = use_location();
    let here = location
        .map(|l| format!("{}{}", l.path(), l.query_str()))
        .unwrap_or_else(|| "/".to_owned());
    login_href(&here)
}

pub fn login_href(next: &str) -> String {
    if next.is_empty() || next == "/" || next.starts_with("/login") {
        "/login".to_owned()
    } else {
        format!("/login?next={}", crate::api::encode_component(next))
    }
}

/// The body of a page a visitor must sign in to see.
#[component]
pub fn SignInNeeded() -> Html {
    use_title("Sign in to see this");
    let href = use_login_href();
    html! {
        <section class="access-state" aria-labelledby="access-heading">
            <h1 id="access-heading">{ "Sign in to see this" }</h1>
            <p>{ "This page is for signed-in members of the program." }</p>
            <p><a class="button access-sign-in" href={href}>{ "Sign in" }</a></p>
        </section>
    }
}

/// The body of a page the signed-in person may not see.
#[component]
pub fn NoAccess() -> Html {
    use_title("No access");
    html! {
        <section class="access-state" aria-labelledby="access-heading">
            <h1 id="access-heading">{ "You don't have access to this page" }</h1>
            <p>{ "Your account cannot open this page. If you think it should, ask the program director." }</p>
            <p><a class="button button-secondary" href="/">{ "Go to Explore" }</a></p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RequireProps {
    pub access: Access,
    #[prop_or_default]
    pub children: Html,
}

/// Shows its children only to whom `access` allows (they mount, and fetch, only then).
#[component]
pub fn Require(props: &RequireProps) -> Html {
    let session = use_session();
    match &session.session {
        Session::Loading => html! { <Loading label="Checking your sign-in…" /> },
        Session::SignedOut => html! { <SignInNeeded /> },
        Session::SignedIn(me) if props.access.allows(me) => props.children.clone(),
        Session::SignedIn(_) => html! { <NoAccess /> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_href_comes_back_here() {
        assert_eq!(login_href("/"), "/login");
        assert_eq!(login_href("/login?next=%2Fx"), "/login");
        assert_eq!(
            login_href("/audit?page=2"),
            "/login?next=%2Faudit%3Fpage%3D2"
        );
    }
}
