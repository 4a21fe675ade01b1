//! `/account`: change my password, and download everything stored about me.

use shared::{MIN_PASSWORD_CHARS, PasswordChange};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::form::{ErrorSummary, Field, FieldKind, FormStatus, set_text};
use crate::components::status::ErrorPanel;
use crate::context::{Access, use_session};
use crate::hooks::check_new_password;
use crate::hooks::{FormErrors, use_action, use_form, use_title};
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
                    on_input={set_text(&current)}
                    error={errors.of("current-password")}
                    required=true
                />
                <Field
                    id="new-password"
                    label="New password"
                    kind={FieldKind::NewPassword}
                    hint={format!("At least {MIN_PASSWORD_CHARS} characters.")}
                    value={(*new).clone()}
                    on_input={set_text(&new)}
                    error={errors.of("new-password")}
                    required=true
                />
                <Field
                    id="new-password-again"
                    label="New password again"
                    kind={FieldKind::NewPassword}
                    value={(*again).clone()}
                    on_input={set_text(&again)}
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
    let action = use_action();
    let onclick = {
        let action = action.clone();
        Callback::from(move |_: MouseEvent| {
            if action.busy() {
                return;
            }
            action.clear_error();
            action.run_saying("Preparing your data…", api::export_my_data(), |data| {
                let saved = serde_json::to_string_pretty(&data)
                    .map_err(|e| e.to_string())
                    .and_then(|text| {
                        download_text("thesismatch-my-data.json", "application/json", &text)
                    });
                match saved {
                    Ok(()) => {
                        "Your data has been downloaded (thesismatch-my-data.json).".to_owned()
                    }
                    Err(e) => {
                        gloo::console::warn!(format!("download: {e}"));
                        "The download could not start.".to_owned()
                    }
                }
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{ "My data" }</h2>
            <p>
                { "Download everything ThesisMatch stores about you as one JSON file: your account and \
                   profile, rank lists, pairings and their history, notifications, advisors' rankings \
                   of you, allocation outcomes, who has read your record, your sessions and sign-in \
                   attempts, and the log of who did what with your record." }
            </p>
            if let Some(e) = action.error() {
                <ErrorPanel error={e} />
            }
            <button id="download-data" type="button" class="button button-secondary" {onclick} disabled={action.busy()}>
                { "Download my data" }
            </button>
            <FormStatus text={action.status()} id="download-status" />
        </section>
    }
}
