//! The state every form page keeps: its problems ([`FormErrors`]), how often a submit failed (so
//! the error summary takes focus each time), whether a request is running, and the status line.

use std::rc::Rc;

use yew::prelude::*;

use shared::MIN_PASSWORD_CHARS;

use crate::api::ApiErrorKind;

/// A problem with one field: the `id` of its input and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub id: String,
    pub label: String,
    pub message: String,
}

/// The problems of a form: from checks in the page, or the server's 422 `fields`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    /// What went wrong as a whole (the server's message), if anything.
    pub message: Option<String>,
    pub fields: Vec<FieldProblem>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.fields.is_empty()
    }

    /// Adds a problem with the field whose input is `id`.
    pub fn add(&mut self, id: &str, label: &str, message: impl Into<String>) {
        self.fields.push(FieldProblem {
            id: id.to_owned(),
            label: label.to_owned(),
            message: message.into(),
        });
    }

    /// The message for the input `id`, if it has one.
    pub fn of(&self, id: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.message.clone())
    }

    /// Reads a server error: each named field is mapped to its input by `inputs`
    /// (`(server field, input id, label)`); other fields are listed by their server name.
    pub fn from_api(error: &ApiErrorKind, inputs: &[(&str, &str, &str)]) -> Self {
        let mut errors = FormErrors {
            message: Some(error.message()),
            fields: Vec::new(),
        };
        for f in error.fields() {
            let (id, label) = inputs
                .iter()
                .find(|(field, _, _)| *field == f.field)
                .map(|(_, id, label)| ((*id).to_owned(), (*label).to_owned()))
                .unwrap_or_else(|| (String::new(), f.field.clone()));
            errors.fields.push(FieldProblem {
                id,
                label,
                message: crate::api::sentence(&f.message),
            });
        }
        errors
    }
}

/// What [`use_form`] holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub errors: FormErrors,
    /// Goes up on every failed submit; the error summary takes focus when it changes.
    pub attempt: u32,
    /// A request is running: the submit button is disabled and a second submit is ignored.
    pub busy: bool,
    /// The status line ("Saving…", "Saved.").
    pub status: Option<AttrValue>,
}

pub enum FormAction {
    /// The page's own checks failed: show `errors` and focus the summary (busy and status stay).
    Invalid(FormErrors),
    /// Show `errors` without counting a failed submit.
    SetErrors(FormErrors),
    /// A request starts; `Some` replaces the status line.
    Start(Option<AttrValue>),
    /// The request succeeded: the problems go; `Some` replaces the status line.
    Succeed(Option<AttrValue>),
    /// The request failed with these problems: they are shown and focused, the status line clears.
    Fail(FormErrors),
    /// The request ended: only the status line changes (the problems stay as they are).
    Finish(AttrValue),
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::Invalid(errors) => {
                next.errors = errors;
                next.attempt = next.attempt.wrapping_add(1);
            }
            FormAction::SetErrors(errors) => next.errors = errors,
            FormAction::Start(status) => {
                next.busy = true;
                if status.is_some() {
                    next.status = status;
                }
            }
            FormAction::Succeed(status) => {
                next.busy = false;
                next.errors = FormErrors::default();
                if status.is_some() {
                    next.status = status;
                }
            }
            FormAction::Fail(errors) => {
                next.busy = false;
                next.status = None;
                next.errors = errors;
                next.attempt = next.attempt.wrapping_add(1);
            }
            FormAction::Finish(status) => {
                next.busy = false;
                next.status = Some(status);
            }
        }
        Rc::new(next)
    }
}

/// A form's errors, attempt counter, busy flag and status line (see [`use_form`]). Cheap to clone
/// into callbacks and async blocks; the getters read the state of the render it came from.
#[derive(Clone)]
pub struct UseForm(UseReducerHandle<FormState>);

impl UseForm {
    pub fn errors(&self) -> &FormErrors {
        &self.0.errors
    }

    /// For [`ErrorSummary`](crate::components::form::ErrorSummary)'s `attempt`.
    pub fn attempt(&self) -> u32 {
        self.0.attempt
    }

    pub fn busy(&self) -> bool {
        self.0.busy
    }

    /// For [`FormStatus`](crate::components::form::FormStatus)'s `text`.
    pub fn status(&self) -> Option<AttrValue> {
        self.0.status.clone()
    }

    /// The page's own checks found `problems`: shows them and moves focus to the summary.
    pub fn invalid(&self, problems: FormErrors) {
        self.0.dispatch(FormAction::Invalid(problems));
    }

    /// Shows `errors` without counting a failed submit (the summary takes focus only if it was
    /// hidden).
    pub fn set_errors(&self, errors: FormErrors) {
        self.0.dispatch(FormAction::SetErrors(errors));
    }

    pub fn clear_errors(&self) {
        self.set_errors(FormErrors::default());
    }

    /// A request starts: busy, and the status line says so ("Saving…").
    pub fn start(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(FormAction::Start(Some(status.into())));
    }

    /// A request starts: busy; the status line stays as it is.
    pub fn start_quietly(&self) {
        self.0.dispatch(FormAction::Start(None));
    }

    /// The request succeeded: not busy, no problems, and the status line says `status`.
    pub fn succeed(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(FormAction::Succeed(Some(status.into())));
    }

    /// The request succeeded: not busy, no problems; the status line stays as it is.
    pub fn succeed_quietly(&self) {
        self.0.dispatch(FormAction::Succeed(None));
    }

    /// The request failed: the server's message, and each field it names next to its input
    /// (`inputs`: `(server field, input id, label)`, as in [`FormErrors::from_api`]).
    pub fn fail(&self, error: &ApiErrorKind, inputs: &[(&str, &str, &str)]) {
        self.fail_with(FormErrors::from_api(error, inputs));
    }

    /// The request (or the page's own checks) failed with `errors`: they are shown and focused,
    /// busy ends and the status line clears.
    pub fn fail_with(&self, errors: FormErrors) {
        self.0.dispatch(FormAction::Fail(errors));
    }

    /// The request ended and `status` says how; the problems stay as they are.
    pub fn finish(&self, status: impl Into<AttrValue>) {
        self.0.dispatch(FormAction::Finish(status.into()));
    }
}

/// The state a form page keeps while it checks, sends and reports: render
/// `<ErrorSummary errors={form.errors().clone()} attempt={form.attempt()} />`, disable the submit
/// button with `form.busy()`, and show `form.status()` in a `FormStatus`.
#[hook]
pub fn use_form() -> UseForm {
    UseForm(use_reducer(FormState::default))
}

/// Checks a new password and its repetition; adds problems to `errors` under the inputs' ids.
pub fn check_new_password(
    errors: &mut FormErrors,
    (id, confirm_id): (&str, &str),
    password: &str,
    again: &str,
) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add(
            id,
            "New password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        );
    } else if password != again {
        errors.add(
            confirm_id,
            "New password again",
            "The two passwords differ.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: FormState, action: FormAction) -> FormState {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn problem() -> FormErrors {
        let mut errors = FormErrors::default();
        errors.add("x", "X", "Wrong.");
        errors
    }

    #[test]
    fn server_fields_map_to_inputs() {
        let error = ApiErrorKind::from_status(
            422,
            shared::ApiError {
                error: "invalid".into(),
                message: "check the form".into(),
                fields: Some(vec![
                    shared::FieldError {
                        field: "title".into(),
                        message: "must not be empty".into(),
                    },
                    shared::FieldError {
                        field: "slug".into(),
                        message: "taken".into(),
                    },
                ]),
                rows: None,
            },
        );
        let errors = FormErrors::from_api(&error, &[("title", "project-title", "Title")]);
        assert_eq!(errors.message.as_deref(), Some("Check the form."));
        assert_eq!(
            errors.of("project-title").as_deref(),
            Some("Must not be empty.")
        );
        assert_eq!(errors.fields[1].label, "slug");
        assert!(errors.fields[1].id.is_empty());
    }

    #[test]
    fn a_form_goes_from_checks_to_sending_to_an_answer() {
        let saved = FormState {
            status: Some("Saved.".into()),
            ..FormState::default()
        };
        // A failed check is counted and keeps the status line.
        let s = reduce(saved, FormAction::Invalid(problem()));
        assert_eq!((s.attempt, s.busy), (1, false));
        assert_eq!(s.status.as_deref(), Some("Saved."));
        // Sending keeps the problems until the answer comes.
        let s = reduce(s, FormAction::Start(Some("Saving…".into())));
        assert!(s.busy && !s.errors.is_empty());
        assert_eq!(s.status.as_deref(), Some("Saving…"));
        let failed = reduce(s.clone(), FormAction::Fail(problem()));
        assert_eq!(
            (failed.attempt, failed.busy, failed.status),
            (2, false, None)
        );
        let ok = reduce(s, FormAction::Succeed(None));
        assert!(!ok.busy && ok.errors.is_empty());
        assert_eq!(ok.status.as_deref(), Some("Saving…"));
        assert_eq!(ok.attempt, 1);
        // Showing errors without a submit does not count as an attempt.
        let s = reduce(ok, FormAction::SetErrors(problem()));
        assert_eq!(s.attempt, 1);
        let s = reduce(
            reduce(s, FormAction::Start(None)),
            FormAction::Finish("Done.".into()),
        );
        assert!(!s.busy && !s.errors.is_empty());
        assert_eq!(s.status.as_deref(), Some("Done."));
    }
}
