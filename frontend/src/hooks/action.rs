//! What a page says about the requests its buttons send: whether one is running, the status line
//! ("Saved."), and the error of the last one that failed (shown in an `ErrorPanel`).

use std::future::Future;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{ApiErrorKind, ApiResult};

/// What [`use_action`] holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionState {
    /// A request is running: its buttons are disabled.
    pub busy: bool,
    pub status: Option<AttrValue>,
    pub error: Option<ApiErrorKind>,
}

pub enum ActionMsg {
    /// A request starts; `Some` replaces the status line.
    Start(Option<AttrValue>),
    /// Only the status line changes.
    Say(Option<AttrValue>),
    /// Only the error goes.
    ClearError,
    /// The request succeeded: the error goes and the status line becomes this.
    Succeed(Option<AttrValue>),
    /// The request failed: the error shows, and the status line clears unless `keep_status`.
    Fail {
        error: ApiErrorKind,
        keep_status: bool,
    },
    /// The request ended: only `busy` changes.
    Stop,
}

impl Reducible for ActionState {
    type Action = ActionMsg;

    fn reduce(self: Rc<Self>, action: ActionMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ActionMsg::Start(status) => {
                next.busy = true;
                if status.is_some() {
                    next.status = status;
                }
            }
            ActionMsg::Say(status) => next.status = status,
            ActionMsg::ClearError => next.error = None,
            ActionMsg::Succeed(status) => {
                next.busy = false;
                next.error = None;
                next.status = status;
            }
            ActionMsg::Fail { error, keep_status } => {
                next.busy = false;
                if !keep_status {
                    next.status = None;
                }
                next.error = Some(error);
            }
            ActionMsg::Stop => next.busy = false,
        }
        Rc::new(next)
    }
}

/// The state of [`use_action`]. Cheap to clone into callbacks and async blocks; the getters read
/// the state of the render it came from.
#[derive(Clone)]
pub struct UseAction(UseReducerHandle<ActionState>);

impl UseAction {
    pub fn busy(&self) -> bool {
        self.0.busy
    }

    /// For a `FormStatus`'s `text`.
    pub fn status(&self) -> Option<AttrValue> {
        self.0.status.clone()
    }

    pub fn error(&self) -> Option<ApiErrorKind> {
        self.0.error.clone()
    }

    /// A request starts: busy, and the status line says so ("Saving…").
    pub fn start(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(ActionMsg::Start(Some(status.into())));
    }

    /// A request starts: busy; the status line stays as it is.
    pub fn start_quietly(&self) {
        self.0.dispatch(ActionMsg::Start(None));
    }

    /// The status line says `status` (a check failed, a change is not saved yet).
    pub fn say(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(ActionMsg::Say(Some(status.into())));
    }

    pub fn clear_status(&self) {
        self.0.dispatch(ActionMsg::Say(None));
    }

    pub fn clear_error(&self) {
        self.0.dispatch(ActionMsg::ClearError);
    }

    /// The request succeeded: not busy, no error, and the status line says `status`.
    pub fn succeed(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(ActionMsg::Succeed(Some(status.into())));
    }

    /// The request succeeded: not busy, no error, and an empty status line.
    pub fn succeed_silently(&self) {
        self.0.dispatch(ActionMsg::Succeed(None));
    }

    /// The request failed: not busy, the error shows and the status line clears (the error panel
    /// says what happened).
    pub fn fail(&self, error: ApiErrorKind) {
        self.0.dispatch(ActionMsg::Fail {
            error,
            keep_status: false,
        });
    }

    /// The request failed: not busy and the error shows; the status line still says what
    /// succeeded before.
    pub fn fail_keeping_status(&self, error: ApiErrorKind) {
        self.0.dispatch(ActionMsg::Fail {
            error,
            keep_status: true,
        });
    }

    /// The request ended without an answer to report: not busy; the rest stays.
    pub fn stop(&self) {
        self.0.dispatch(ActionMsg::Stop);
    }

    /// Sends `request`, busy until it answers; then [`succeed`](Self::succeed) with the status
    /// line `done` makes of the answer (doing whatever else follows from it), or
    /// [`fail`](Self::fail).
    pub fn run<T, F, D>(&self, request: F, done: D)
    where
        T: 'static,
        F: Future<Output = ApiResult<T>> + 'static,
        D: FnOnce(T) -> String + 'static,
    {
        self.start_quietly();
        self.settle(request, done);
    }

    /// Like [`run`](Self::run), with the status line saying `status` ("Saving…") meanwhile.
    pub fn run_saying<T, F, D>(&self, status: impl Into<AttrValue>, request: F, done: D)
    where
        T: 'static,
        F: Future<Output = ApiResult<T>> + 'static,
        D: FnOnce(T) -> String + 'static,
    {
        self.start(status);
        self.settle(request, done);
    }

    fn settle<T, F, D>(&self, request: F, done: D)
    where
        T: 'static,
        F: Future<Output = ApiResult<T>> + 'static,
        D: FnOnce(T) -> String + 'static,
    {
        let action = self.clone();
        spawn_local(async move {
            match request.await {
                Ok(answer) => action.succeed(done(answer)),
                Err(error) => action.fail(error),
            }
        });
    }
}

/// The busy flag, status line and error of the requests a page's buttons send: disable the
/// buttons with `action.busy()`, show `action.error()` in an `ErrorPanel` and `action.status()` in
/// a `FormStatus` (`Outcome` does both).
#[hook]
pub fn use_action() -> UseAction {
    UseAction(use_reducer(ActionState::default))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: ActionState, action: ActionMsg) -> ActionState {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn error() -> ApiErrorKind {
        ApiErrorKind::from_status(
            409,
            shared::ApiError {
                error: "conflict".into(),
                message: "no".into(),
                fields: None,
                rows: None,
            },
        )
    }

    #[test]
    fn a_request_starts_then_succeeds_or_fails() {
        let s = reduce(
            ActionState::default(),
            ActionMsg::Start(Some("Saving…".into())),
        );
        assert!(s.busy);
        assert_eq!(s.status.as_deref(), Some("Saving…"));
        let failed = reduce(
            s.clone(),
            ActionMsg::Fail {
                error: error(),
                keep_status: false,
            },
        );
        assert!(!failed.busy && failed.status.is_none() && failed.error.is_some());
        let kept = reduce(
            s,
            ActionMsg::Fail {
                error: error(),
                keep_status: true,
            },
        );
        assert_eq!(kept.status.as_deref(), Some("Saving…"));
        // Starting again keeps the error until the answer comes.
        let again = reduce(failed, ActionMsg::Start(None));
        assert!(again.busy && again.error.is_some());
        let ok = reduce(again, ActionMsg::Succeed(Some("Saved.".into())));
        assert!(!ok.busy && ok.error.is_none());
        assert_eq!(ok.status.as_deref(), Some("Saved."));
    }
}
