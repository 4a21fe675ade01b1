//! `/reset?token=…`: choose a new password with the one-time link the program director handed out.

use serde::Deserialize;
use shared::{MIN_PASSWORD_CHARS, PasswordReset};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::form::{ErrorSummary, Field, FieldKind, set_text};
use crate::hooks::check_new_password;
use crate::hooks::{FormErrors, use_form, use_title};
use crate::route::Route;

#[derive(Deserialize, Default)]
struct ResetQuery {
    token: Option<String>,
}

#[component]
pub fn ResetPage() -> Html {
    use_title("Choose a new password");
    let token = use_location()
        .and_then(|l| l.query::<ResetQuery>().ok())
        .unwrap_or_default()
        .token
        .filter(|t| !t.trim().is_empty());
    let password = use_state(String::new);
    let again = use_state(String::new);
    let form = use_form();
    let done = use_state(|| false);

    let Some(token) = token else {
        return html! {
            <section class="auth-page">
                <div class="card auth-card">
                    <h1>{ "This link is incomplete" }</h1>
                    <p>{ "A password reset link carries a token. Open the whole link you were given, or ask the program director for a new one." }</p>
                </div>
            </section>
        };
    };
    if *done {
        return html! {
            <section class="auth-page">
                <div class="card auth-card" role="status">
                    <h1>{ "Your password is set" }</h1>
                    <p>{ "Sign in with your e-mail address and the new password." }</p>
                    <p><Link<Route> to={Route::Login} classes="button">{ "Sign in" }</Link<Route>></p>
                </div>
            </section>
        };
    }
    let onsubmit = {
        let (password, again, form, done) =
            (password.clone(), again.clone(), form.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let mut problems = FormErrors::default();
            check_new_password(
                &mut problems,
                ("reset-password", "reset-again"),
                &password,
                &again,
            );
            if !problems.is_empty() {
                form.invalid(problems);
                return;
            }
            let reset = PasswordReset {
                token: token.clone(),
                new_password: (*password).clone(),
            };
            form.start_quietly();
            let (form, done) = (form.clone(), done.clone());
            spawn_local(async move {
                match api::reset_password(&reset).await {
                    Ok(()) => {
                        form.succeed_quietly();
                        done.set(true);
                    }
                    Err(error) => form.fail(
                        &error,
                        &[("new_password", "reset-password", "New password")],
                    ),
                }
            });
        })
    };
    let errors = form.errors();
    html! {
        <section class="auth-page">
            <div class="card auth-card">
                <h1>{ "Choose a new password" }</h1>
                <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
                <form class="stack-form" novalidate=true {onsubmit}>
                    <Field
                        id="reset-password"
                        label="New password"
                        kind={FieldKind::NewPassword}
                        hint={format!("At least {MIN_PASSWORD_CHARS} characters. A few unrelated words make a good one.")}
                        value={(*password).clone()}
                        on_input={set_text(&password)}
                        error={errors.of("reset-password")}
                        required=true
                    />
                    <Field
                        id="reset-again"
                        label="New password again"
                        kind={FieldKind::NewPassword}
                        value={(*again).clone()}
                        on_input={set_text(&again)}
                        error={errors.of("reset-again")}
                        required=true
                    />
                    <div class="form-actions">
                        <button id="reset-submit" type="submit" class="button" disabled={form.busy()}>
                            { "Set password" }
                        </button>
                    </div>
                </form>
            </div>
        </section>
    }
}
