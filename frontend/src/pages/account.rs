//! `/account`: change my password, and download everything stored about me.

use shared::{MIN_PASSWORD_CHARS, PasswordChange};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::form::{ErrorSummary, Field, FieldKind, FormStatus};
use crate::components::status::ErrorPanel;
use crate::context::{Access, use_session};
use crate::hooks::{FormErrors, use_form, use_title};
use crate::pages::reset::check_new_password;
use crate::util::download_text;

#[component]
pub fn AccountPage() -> Html {
    use_title("My account");
    html! {
        <Require access={Access::SignedIn}>
            <Account />
        </Require>
    }
}

#[component]
fn Account() -> Html {
    let session = use_session();
    let Some(me) = session.me().cloned() else {
        return Html::default();
    };
    html! {
        <section class="account-page">
            <div class="page-intro">
                <h1>{ "My account" }</h1>
                <p class="lede">{ format!("{} · {} · {}", me.name, me.email, me.role.label()) }</p>
            </div>
            <div class="account-layout">
                <ChangePassword />
                <DownloadMyData />
            </div>
        </section>
    }
}

#[component]
fn ChangePassword() -> Html {
    let current = use_state(String::new);
    let new = use_state(String::new);
    let again = use_state(String::new);
    let form = use_form();
    let onsubmit = {
        let (current, new, again, form) =
            (current.clone(), new.clone(), again.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let mut problems = FormErrors::default();
            if current.is_empty() {
                problems.add(
                    "current-password",
                    "Current password",
                    "Enter your current password.",
                );
            }
            check_new_password(
                &mut problems,
                ("new-password", "new-password-again"),
                &new,
                &again,
            );
            if !problems.is_empty() {
                form.invalid(problems);
                return;
            }
            let change = PasswordChange {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
            };
            form.start("Changing your password…");
            let (current, new, again, form) =
                (current.clone(), new.clone(), again.clone(), form.clone());
            spawn_local(async move {
                match api::change_password(&change).await {
                    Ok(()) => {
                        current.set(String::new());
                        new.set(String::new());
                        again.set(String::new());
                        form.succeed("Your password has been changed.");
                    }
                    Err(error) => form.fail(
                        &error,
                        &[
                            ("current_password", "current-password", "Current password"),
                            ("new_password", "new-password", "New password"),
                        ],
                    ),
                }
            });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };
    let errors = form.errors();
    html! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{ "Change password" }</h2>
            <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
            <form class="stack-form" novalidate=true {onsubmit}>
                <Field
                    id="current-password"
                    label="Current password"
                    kind={FieldKind::Password}
                    value={(*current).clone()}
                    on_input={set(&current)}
                    error={errors.of("current-password")}
                    required=true
                />
                <Field
                    id="new-password"
                    label="New password"
                    kind={FieldKind::NewPassword}
                    hint={format!("At least {MIN_PASSWORD_CHARS} characters.")}
                    value={(*new).clone()}
                    on_input={set(&new)}
                    error={errors.of("new-password")}
                    required=true
                />
                <Field
                    id="new-password-again"
                    label="New password again"
                    kind={FieldKind::NewPassword}
                    value={(*again).clone()}
                    on_input={set(&again)}
                    error={errors.of("new-password-again")}
                    required=true
                />
                <div class="form-actions">
                    <button id="password-submit" type="submit" class="button" disabled={form.busy()}>
                        { "Change password" }
                    </button>
                </div>
                <FormStatus text={form.status()} id="password-status" />
            </form>
        </section>
    }
}

#[component]
fn DownloadMyData() -> Html {
    let busy = use_state(|| false);
    let error = use_state(|| None::<api::ApiErrorKind>);
    let status = use_state(|| None::<AttrValue>);
    let onclick = {
        let (busy, error, status) = (busy.clone(), error.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            status.set(Some("Preparing your data…".into()));
            let (busy, error, status) = (busy.clone(), error.clone(), status.clone());
            spawn_local(async move {
                let result = api::export_my_data().await;
                busy.set(false);
                match result {
                    Ok(data) => {
                        let saved = serde_json::to_string_pretty(&data)
                            .map_err(|e| e.to_string())
                            .and_then(|text| {
                                download_text("thesismatch-my-data.json", "application/json", &text)
                            });
                        match saved {
                            Ok(()) => status.set(Some(
                                "Your data has been downloaded (thesismatch-my-data.json).".into(),
                            )),
                            Err(e) => {
                                gloo::console::warn!(format!("download: {e}"));
                                status.set(Some("The download could not start.".into()));
                            }
                        }
                    }
                    Err(e) => {
                        status.set(None);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{ "My data" }</h2>
            <p>
                { "Download everything ThesisMatch stores about you — your account, your profile and \
                   the log of who did what with your record — as one JSON file." }
            </p>
            if let Some(e) = &*error {
                <ErrorPanel error={e.clone()} />
            }
            <button id="download-data" type="button" class="button button-secondary" {onclick} disabled={*busy}>
                { "Download my data" }
            </button>
            <FormStatus text={(*status).clone()} id="download-status" />
        </section>
    }
}
