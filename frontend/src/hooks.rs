//! Small hooks the pages share: loading a resource (ignoring stale answers), debouncing input, a
//! search box, setting the document title, a `<details>` menu, a form's state ([`use_form`], in
//! `hooks/form.rs`) and the feedback of buttons that send requests ([`use_action`], in
//! `hooks/action.rs`).

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use shared::{ListQuery, ProjectStatus, UserQuery};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{ApiErrorKind, ApiResult};
use crate::route::Route;
use crate::util::event_value;

mod action;
mod form;

pub use action::use_action;
pub use form::{FormErrors, check_new_password, use_form};

/// What a page knows about one remote resource.
///
/// While a new request runs, `data` keeps the previous answer (lists show it dimmed, with
/// `aria-busy`); pages that must not show stale data check `loading` first.
pub struct Remote<T> {
    pub data: Option<Rc<T>>,
    pub error: Option<ApiErrorKind>,
    pub loading: bool,
    /// Sends the same request again ("Try again").
    pub retry: Callback<()>,
}

/// The reducer state behind [`Remote`]; pages that start requests themselves (with their own
/// debounce) use it directly with [`RemoteAction`].
pub struct RemoteState<T> {
    pub data: Option<Rc<T>>,
    pub error: Option<ApiErrorKind>,
    pub loading: bool,
}

impl<T> RemoteState<T> {
    /// Nothing asked yet.
    pub fn idle() -> Self {
        RemoteState {
            data: None,
            error: None,
            loading: false,
        }
    }
}

pub enum RemoteAction<T> {
    /// A request started; keep showing the previous answer meanwhile.
    Start,
    Done(ApiResult<T>),
    /// Back to [`RemoteState::idle`].
    Reset,
}

impl<T: 'static> Reducible for RemoteState<T> {
    type Action = RemoteAction<T>;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let next = match action {
            RemoteAction::Start => RemoteState {
                data: self.data.clone(),
                error: None,
                loading: true,
            },
            RemoteAction::Done(Ok(value)) => RemoteState {
                data: Some(Rc::new(value)),
                error: None,
                loading: false,
            },
            RemoteAction::Done(Err(error)) => {
                if !error.is_not_found() {
                    gloo::console::warn!(format!("ThesisMatch API: {}", error.detail()));
                }
                RemoteState {
                    data: None,
                    error: Some(error),
                    loading: false,
                }
            }
            RemoteAction::Reset => RemoteState::idle(),
        };
        Rc::new(next)
    }
}

/// Runs `fetch(deps)` whenever `deps` change (and on retry). Only the answer to the latest request
/// is kept: answers that arrive after a newer request started are dropped.
#[hook]
pub fn use_remote<D, T, F, Fut>(deps: D, fetch: F) -> Remote<T>
where
    D: PartialEq + Clone + 'static,
    T: 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let state = use_reducer(|| RemoteState::<T> {
        data: None,
        error: None,
        loading: true,
    });
    let generation = use_mut_ref(|| 0_u64);
    let attempt = use_state(|| 0_u32);
    {
        let dispatcher = state.dispatcher();
        let generation = generation.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            dispatcher.dispatch(RemoteAction::Start);
            let request = fetch(deps.clone());
            let latest = generation.clone();
            spawn_local(async move {
                let result = request.await;
                if *latest.borrow() == mine {
                    dispatcher.dispatch(RemoteAction::Done(result));
                }
            });
            // A newer request, or leaving the page, makes this one stale.
            move || *generation.borrow_mut() += 1
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(attempt.wrapping_add(1)))
    };
    Remote {
        data: state.data.clone(),
        error: state.error.clone(),
        loading: state.loading,
        retry,
    }
}

/// Holds at most one pending [`Timeout`]; scheduling a new one cancels the old.
#[derive(Clone, Default)]
pub struct Debouncer(Rc<RefCell<Option<Timeout>>>);

impl Debouncer {
    pub fn schedule(&self, millis: u32, f: impl FnOnce() + 'static) {
        let timeout = Timeout::new(millis, f);
        // Dropping the previous timeout cancels it.
        self.0.borrow_mut().replace(timeout);
    }

    pub fn cancel(&self) {
        self.0.borrow_mut().take();
    }
}

/// A [`Debouncer`] that lives as long as the component and is cancelled when it unmounts.
#[hook]
pub fn use_debouncer() -> Debouncer {
    let debouncer = use_memo((), |()| Debouncer::default());
    {
        let debouncer = (*debouncer).clone();
        use_effect_with((), move |()| move || debouncer.cancel());
    }
    (*debouncer).clone()
}

/// Sets `document.title` to "`title` · ThesisMatch".
#[hook]
pub fn use_title(title: impl Into<String>) {
    let title: String = title.into();
    use_effect_with(title, |title| {
        let full = if title.is_empty() {
            "ThesisMatch".to_owned()
        } else {
            format!("{title} · ThesisMatch")
        };
        gloo::utils::document().set_title(&full);
    });
}

/// A list query that a search box narrows: its free text and its page (see [`use_search`]).
pub trait SearchQuery: Clone + PartialEq + 'static {
    /// This query for the text `q` (`None`: any), from the first page.
    fn with_text(&self, q: Option<String>) -> Self;
    /// This query at `page`.
    fn at_page(&self, page: u64) -> Self;
}

impl SearchQuery for ListQuery {
    fn with_text(&self, q: Option<String>) -> Self {
        ListQuery {
            q,
            page: None,
            ..self.clone()
        }
    }

    fn at_page(&self, page: u64) -> Self {
        ListQuery {
            page: Some(page),
            ..self.clone()
        }
    }
}

impl SearchQuery for UserQuery {
    fn with_text(&self, q: Option<String>) -> Self {
        UserQuery {
            q,
            page: None,
            ..self.clone()
        }
    }

    fn at_page(&self, page: u64) -> Self {
        UserQuery {
            page: Some(page),
            ..self.clone()
        }
    }
}

/// A search box over a query the component keeps (see [`use_search`]).
pub struct Search<Q> {
    /// What the list shows now; other filters set it too (from the first page).
    pub query: UseStateHandle<Q>,
    /// What is in the search box (ahead of the query while the debounce waits).
    pub input: String,
    pub oninput: Callback<InputEvent>,
    /// Searches for what is in the box at once.
    pub onsubmit: Callback<SubmitEvent>,
    pub on_page: Callback<u64>,
}

/// A query (from `init`) that a search box narrows `debounce_ms` after typing stops, or at once on
/// submit; the trimmed text is searched (none when blank), from the first page.
#[hook]
pub fn use_search<Q, F>(init: F, debounce_ms: u32) -> Search<Q>
where
    Q: SearchQuery,
    F: FnOnce() -> Q,
{
    let input = use_state(String::new);
    let query = use_state(init);
    let debouncer = use_debouncer();
    let search = {
        let query = query.clone();
        move |text: String| {
            let q = text.trim().to_owned();
            query.set(query.with_text((!q.is_empty()).then_some(q)));
        }
    };
    let oninput = {
        let (input, search, debouncer) = (input.clone(), search.clone(), debouncer.clone());
        Callback::from(move |e: InputEvent| {
            let text = event_value(&e);
            input.set(text.clone());
            let search = search.clone();
            debouncer.schedule(debounce_ms, move || search(text));
        })
    };
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            debouncer.cancel();
            search((*input).clone());
        })
    };
    let on_page = {
        let query = query.clone();
        Callback::from(move |page: u64| query.set(query.at_page(page)))
    };
    Search {
        query,
        input: (*input).clone(),
        oninput,
        onsubmit,
        on_page,
    }
}

/// A menu in a `<details>`: `<details key={menu.key} ref={menu.node} onkeydown={menu.onkeydown}>`.
pub struct Menu {
    /// The page's path: keyed by it, the menu closes after following one of its links.
    pub key: String,
    pub node: NodeRef,
    /// Escape closes the open menu and gives focus back to its `<summary>`.
    pub onkeydown: Callback<KeyboardEvent>,
}

/// The key, node and Escape key of a `<details>` menu; `name` ("account menu") is for the warning
/// when focus cannot go back.
#[hook]
pub fn use_menu(name: &'static str) -> Menu {
    let key = use_location()
        .map(|l| l.path().to_owned())
        .unwrap_or_default();
    let node = use_node_ref();
    let onkeydown = {
        let details = node.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape"
                && let Some(d) = details.cast::<web_sys::HtmlDetailsElement>()
                && d.open()
            {
                d.set_open(false);
                if let Some(summary) =
                    d.query_selector("summary").ok().flatten().and_then(|s| {
                        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(s).ok()
                    })
                    && summary.focus().is_err()
                {
                    gloo::console::warn!(format!("could not focus the {name}"));
                }
            }
        })
    };
    Menu {
        key,
        node,
        onkeydown,
    }
}

/// The filters of a list page (search text, area, status, page), kept in the page's URL query so
/// that Back returns to the same results and a filtered list can be shared.
pub struct ListFilters {
    /// What the list shows now (from the URL), ready to send to the API.
    pub query: ListQuery,
    /// What is in the search box (may be ahead of `query.q` while the debounce waits).
    pub input: String,
    pub on_input: Callback<String>,
    /// Searches for `input` at once.
    pub on_submit: Callback<()>,
    /// Selects an area, or clears it if it is the selected one (the API filters by one area).
    pub toggle_area: Callback<String>,
    pub set_status: Callback<Option<ProjectStatus>>,
    pub set_page: Callback<u64>,
    pub clear: Callback<()>,
}

impl ListFilters {
    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.query.q.is_some() || self.query.area.is_some() || self.query.status.is_some()
    }
}

/// Drops empty and default values so URLs stay short (`/labs?area=imaging`, not `?q=&page=1`).
fn normalize(mut query: ListQuery) -> ListQuery {
    query.q = query
        .q
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    query.area = query.area.filter(|a| !a.is_empty());
    query.page = query.page.filter(|p| *p > 1);
    query.per_page = None;
    query.lab = None;
    query
}

#[hook]
pub fn use_list_filters(route: Route, debounce_ms: u32) -> ListFilters {
    let location = use_location();
    let navigator = use_navigator();
    let query = normalize(
        location
            .and_then(|l| l.query::<ListQuery>().ok())
            .unwrap_or_default(),
    );
    let input = use_state(|| query.q.clone().unwrap_or_default());
    // The `q` this page last wrote to the URL, to tell our own changes from Back/Forward.
    let written_q = use_mut_ref(|| query.q.clone());
    {
        let input = input.clone();
        let written_q = written_q.clone();
        use_effect_with(query.q.clone(), move |q| {
            if *written_q.borrow() != *q {
                *written_q.borrow_mut() = q.clone();
                input.set(q.clone().unwrap_or_default());
            }
        });
    }
    let debouncer = use_debouncer();

    // Writes `next` to the URL: `push` adds a history entry, otherwise it replaces this one.
    let go = {
        let written_q = written_q.clone();
        Rc::new(move |next: ListQuery, push: bool| {
            let next = normalize(next);
            *written_q.borrow_mut() = next.q.clone();
            let Some(navigator) = &navigator else {
                return;
            };
            let result = if push {
                navigator.push_with_query(&route, &next)
            } else {
                navigator.replace_with_query(&route, &next)
            };
            if result.is_err() {
                gloo::console::warn!("could not write the filters to the address bar");
            }
        })
    };

    let on_input = {
        let input = input.clone();
        let debouncer = debouncer.clone();
        let go = go.clone();
        let query = query.clone();
        Callback::from(move |text: String| {
            input.set(text.clone());
            let go = go.clone();
            let next = ListQuery {
                q: Some(text),
                page: None,
                ..query.clone()
            };
            debouncer.schedule(debounce_ms, move || go(next, false));
        })
    };
    let on_submit = {
        let debouncer = debouncer.clone();
        let go = go.clone();
        let query = query.clone();
        let text = (*input).clone();
        Callback::from(move |()| {
            debouncer.cancel();
            go(
                ListQuery {
                    q: Some(text.clone()),
                    page: None,
                    ..query.clone()
                },
                false,
            );
        })
    };
    // Choosing a filter also takes the text typed so far, so nothing typed is lost.
    let typed = Some((*input).clone());
    let toggle_area = {
        let debouncer = debouncer.clone();
        let go = go.clone();
        let query = query.clone();
        let typed = typed.clone();
        Callback::from(move |slug: String| {
            debouncer.cancel();
            let area = if query.area.as_deref() == Some(slug.as_str()) {
                None
            } else {
                Some(slug)
            };
            go(
                ListQuery {
                    q: typed.clone(),
                    area,
                    page: None,
                    ..query.clone()
                },
                true,
            );
        })
    };
    let set_status = {
        let debouncer = debouncer.clone();
        let go = go.clone();
        let query = query.clone();
        Callback::from(move |status: Option<ProjectStatus>| {
            debouncer.cancel();
            go(
                ListQuery {
                    q: typed.clone(),
                    status,
                    page: None,
                    ..query.clone()
                },
                true,
            );
        })
    };
    let set_page = {
        let go = go.clone();
        let query = query.clone();
        Callback::from(move |page: u64| {
            go(
                ListQuery {
                    page: Some(page),
                    ..query.clone()
                },
                true,
            );
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        })
    };
    let clear = {
        let input = input.clone();
        Callback::from(move |()| {
            debouncer.cancel();
            input.set(String::new());
            go(ListQuery::default(), true);
        })
    };
    ListFilters {
        query,
        input: (*input).clone(),
        on_input,
        on_submit,
        toggle_area,
        set_status,
        set_page,
        clear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_empty_and_default_filters() {
        let q = normalize(ListQuery {
            q: Some("  ".into()),
            area: Some(String::new()),
            page: Some(1),
            per_page: Some(12),
            status: Some(ProjectStatus::Open),
            lab: Some(shared::LabId(3)),
        });
        assert_eq!(
            q,
            ListQuery {
                status: Some(ProjectStatus::Open),
                ..ListQuery::default()
            }
        );
        let q = normalize(ListQuery {
            q: Some(" mri ".into()),
            page: Some(2),
            ..ListQuery::default()
        });
        assert_eq!(q.q.as_deref(), Some("mri"));
        assert_eq!(q.page, Some(2));
    }
}
