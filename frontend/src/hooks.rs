//! Small hooks the pages share: loading a resource (ignoring stale answers), debouncing input and
//! setting the document title.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{ApiErrorKind, ApiResult};

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

struct RemoteState<T> {
    data: Option<Rc<T>>,
    error: Option<ApiErrorKind>,
    loading: bool,
}

enum RemoteAction<T> {
    Start,
    Done(ApiResult<T>),
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
                gloo::console::warn!(format!("ThesisMatch API: {}", error.detail()));
                RemoteState {
                    data: None,
                    error: Some(error),
                    loading: false,
                }
            }
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
