//! `/login`: sign in with e-mail and password, then go back to `next` or the role's home page.

use serde::Deserialize;
use shared::LoginRequest;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::components::form::{ErrorSummary, Field, FieldKind, set_text};
use crate::context::{home_path, use_session};
use crate::hooks::{FormErrors, use_form, use_title};
use crate::route::Route;

#[derive(Deserialize, Default)]
struct LoginQuery {
    next: Option<String>,
}

/// `next` if it is a path inside the app (never another site, never the login page itself).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let inside = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.starts_with("/login");
    inside.then(|| next.to_owned())
}

/// What the person reads when a sign-in fails.
fn login_errors(error: &ApiErrorKind) -> FormErrors {
    let message = match error {
        ApiErrorKind::Unauthorized(_) => "Wrong e-mail or password.".to_owned(),
        other => other.message(),
    };
    FormErrors {
        message: Some(message),
        fields: Vec::new(),
    }
}

#[component]
pub fn LoginPage() -> Html {
    use_title("Sign in");
    let session = use_session();
    let navigator = use_navigator();
    let next = safe_next(
        use_location()
            .and_then(|l| l.query::<LoginQuery>().ok())
            .unwrap_or_default()
            .next
            .as_deref(),
    );
    let email = use_state(String::new);
    let password = use_state(String::new);
    let form = use_form();

    let onsubmit = {
        let (email, password, form) = (email.clone(), password.clone(), form.clone());
        let signed_in = session.signed_in.clone();
        let next = next.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let mut problems = FormErrors::default();
            if email.trim().is_empty() {
                problems.add("login-email", "E-mail", "Enter your e-mail address.");
            }
            if password.is_empty() {
                problems.add("login-password", "Password", "Enter your password.");
            }
            if !problems.is_empty() {
                form.invalid(problems);
                return;
            }
            let request = LoginRequest {
                email: email.trim().to_owned(),
                password: (*password).clone(),
            };
            form.start_quietly();
            let (form, password) = (form.clone(), password.clone());
            let signed_in = signed_in.clone();
            let navigator = navigator.clone();
            let next = next.clone();
            spawn_local(async move {
                match api::login(&request).await {
                    Ok(me) => {
                        let to = next.unwrap_or_else(|| home_path(me.role).to_owned());
                        form.succeed_quietly();
                        signed_in.emit(me);
                        if let Some(navigator) = &navigator {
                            navigator.push(&yew_router::AnyRoute::new(to));
                        }
                    }
                    Err(error) => {
                        password.set(String::new());
                        form.fail_with(login_errors(&error));
                    }
                }
            });
        })
    };

    let errors = form.errors();
    let busy = form.busy();
    let already = session.me().map(|me| {
        html! {
            <p class="notice">
                { format!("You are signed in as {} ({}). ", me.name, me.role.label()) }
                <a href={home_path(me.role)}>{ "Go to your start page" }</a>
            </p>
        }
    });
    html! {
        <section class="auth-page">
            <div class="card auth-card">
                <h1>{ "Sign in" }</h1>
                { for already }
                <ErrorSummary errors={errors.clone()} attempt={form.attempt()} id="login-error" />
                <form class="stack-form" novalidate=true {onsubmit}>
                    <Field
                        id="login-email"
                        label="E-mail"
                        kind={FieldKind::Email}
                        value={(*email).clone()}
                        on_input={set_text(&email)}
                        error={errors.of("login-email")}
                        autocomplete="username"
                        required=true
                    />
                    <Field
                        id="login-password"
                        label="Password"
                        kind={FieldKind::Password}
                        value={(*password).clone()}
                        on_input={set_text(&password)}
                        error={errors.of("login-password")}
                        required=true
                    />
                    <div class="form-actions">
                        <button id="login-submit" type="submit" class="button" disabled={busy}>
                            { if busy { "Signing in…" } else { "Sign in" } }
                        </button>
                    </div>
                </form>
                <p class="field-hint">
                    { "Forgot your password? Ask the program director for a reset link. Just looking? " }
                    <Link<Route> to={Route::Match}>{ "Find a match without an account" }</Link<Route>>
                    { "." }
                </p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(
            safe_next(Some("/audit?page=2")).as_deref(),
            Some("/audit?page=2")
        );
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/login?next=/x")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn failed_sign_ins_explain_themselves() {
        let wrong = ApiErrorKind::from_status(
            401,
            shared::ApiError {
                error: "unauthorized".into(),
                message: "wrong e-mail or password".into(),
                fields: None,
                rows: None,
            },
        );
        assert_eq!(
            login_errors(&wrong).message.as_deref(),
            Some("Wrong e-mail or password.")
        );
        let slow = ApiErrorKind::TooManyRequests {
            retry_after_secs: Some(300),
        };
        assert_eq!(
            login_errors(&slow).message.as_deref(),
            Some("Too many failed sign-ins. Wait 5 minutes and try again.")
        );
    }
}
