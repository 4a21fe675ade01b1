//! Loading, error, empty and not-found states, so every page says the same thing the same way.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiErrorKind;
use crate::components::form::FormStatus;
use crate::hooks::{Remote, use_title};
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    #[prop_or(AttrValue::Static("Loading…"))]
    pub label: AttrValue,
}

/// A polite "Loading…" with a spinner (which stops under `prefers-reduced-motion`).
#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    html! {
        <div class="state state-loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ props.label.clone() }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    pub error: ApiErrorKind,
    /// Shows a "Try again" button.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
    /// Other ways out (e.g. "Clear filters").
    #[prop_or_default]
    pub children: Html,
}

/// The server's message (from its `ApiError`) and, when it may help, a way to try again.
#[component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let login = crate::components::access::use_login_href();
    let session = crate::context::use_session();
    {
        // A 401 while the app thinks someone is signed in: the session has ended (idle timeout,
        // signed out in another tab). Forget it, so the header and the pages say so.
        let unauthorized = props.error.is_unauthorized();
        let signed_in = session.me().is_some();
        let expired = session.expired.clone();
        use_effect_with(
            (unauthorized, signed_in),
            move |(unauthorized, signed_in)| {
                if *unauthorized && *signed_in {
                    expired.emit(());
                }
            },
        );
    }
    let fields = props.error.fields();
    let field_list = (fields.len() > 1).then(|| {
        html! {
            <ul class="field-errors">
                { for fields.iter().map(|f| html! {
                    <li><strong>{ f.field.clone() }</strong>{ ": " }{ f.message.clone() }</li>
                }) }
            </ul>
        }
    });
    // Signing in (again) helps a 401; trying again does not help a 401 or a 403.
    let sign_in = props.error.is_unauthorized().then(|| {
        html! { <a class="button access-sign-in" href={login}>{ "Sign in" }</a> }
    });
    let access = props.error.is_unauthorized() || props.error.is_forbidden();
    let retry = props.on_retry.clone().filter(|_| !access).map(|on_retry| {
        html! {
            <button type="button" class="button" onclick={Callback::from(move |_| on_retry.emit(()))}>
                { "Try again" }
            </button>
        }
    });
    html! {
        <div class="state state-error" role="alert">
            <p class="state-title">{ props.error.title() }</p>
            <p>{ props.error.message() }</p>
            { for field_list }
            { for sign_in }
            { for retry }
            { props.children.clone() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    /// The error of the last request that failed.
    pub error: Option<ApiErrorKind>,
    pub status: Option<AttrValue>,
    /// The id of the status line.
    pub id: AttrValue,
}

/// What came of the last request a page's buttons sent (see
/// [`use_action`](crate::hooks::use_action)): its error, if it failed, then the status line.
#[component]
pub fn Outcome(props: &OutcomeProps) -> Html {
    html! {
        <>
            if let Some(e) = &props.error {
                <ErrorPanel error={e.clone()} />
            }
            <FormStatus text={props.status.clone()} id={props.id.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmptyStateProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn EmptyState(props: &EmptyStateProps) -> Html {
    html! {
        <div class="state state-empty">
            <p class="state-title">{ props.title.clone() }</p>
            { props.children.clone() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResourceNotFoundProps {
    /// "Project", "Lab"…
    pub what: AttrValue,
    pub back_to: Route,
    pub back_label: AttrValue,
}

/// A friendly page body for a 404 of one resource.
#[component]
pub fn ResourceNotFound(props: &ResourceNotFoundProps) -> Html {
    let heading = format!("{} not found", props.what);
    use_title(heading.clone());
    html! {
        <section class="not-found">
            <h1>{ heading }</h1>
            <p>
                { format!(
                    "There is no {} at this address. It may have been removed, or the link may be mistyped.",
                    props.what.to_lowercase()
                ) }
            </p>
            <p>
                <Link<Route> to={props.back_to.clone()} classes="button">
                    { props.back_label.clone() }
                </Link<Route>>
            </p>
        </section>
    }
}

/// The error of a filtered list: a 400 means the filters in the address are wrong, so offer to
/// clear them; anything else may pass, so offer to try again.
pub fn list_error(
    error: &ApiErrorKind,
    retry: &Callback<()>,
    clear: &Callback<MouseEvent>,
) -> Html {
    if matches!(error, ApiErrorKind::BadRequest(_)) {
        html! {
            <ErrorPanel error={error.clone()}>
                <button type="button" class="button" onclick={clear.clone()}>{ "Clear filters" }</button>
            </ErrorPanel>
        }
    } else {
        html! { <ErrorPanel error={error.clone()} on_retry={retry.clone()} /> }
    }
}

/// How a detail page names its resource and where its 404 sends people back to.
pub struct DetailPage {
    /// "Project", "Lab", "Faculty member".
    pub what: &'static str,
    pub back_to: Route,
    pub back_label: &'static str,
}

/// The body of a page that shows one fetched resource: not found, an error with "Try again",
/// loading, or `view` of the data; the document title says which (`name` of the data when shown).
#[hook]
pub fn use_detail_page<T, N, V>(remote: &Remote<T>, page: DetailPage, name: N, view: V) -> Html
where
    N: Fn(&T) -> String,
    V: Fn(&T) -> Html,
{
    let (title, body) = detail_page(remote, page, name, view);
    use_title(title);
    body
}

fn detail_page<T>(
    remote: &Remote<T>,
    page: DetailPage,
    name: impl Fn(&T) -> String,
    view: impl Fn(&T) -> Html,
) -> (String, Html) {
    match (&remote.data, &remote.error) {
        (_, Some(error)) if error.is_not_found() => (
            format!("{} not found", page.what),
            html! {
                <ResourceNotFound what={page.what} back_to={page.back_to} back_label={page.back_label} />
            },
        ),
        (_, Some(error)) => (
            page.what.to_owned(),
            html! { <ErrorPanel error={error.clone()} on_retry={remote.retry.clone()} /> },
        ),
        (Some(data), None) if !remote.loading => (name(data), view(data)),
        _ => (
            page.what.to_owned(),
            html! { <Loading label={format!("Loading {}…", page.what.to_lowercase())} /> },
        ),
    }
}
