//! `/profile`: the signed-in student edits their profile (background, areas, interests, skills) and
//! sees the matches of what they saved.

use shared::{
    Background, MAX_INTERESTS_BYTES, MAX_LIST_ITEM_CHARS, MAX_LIST_ITEMS, ProfilePatch, Student,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::area_chips::AreaChips;
use crate::components::form::{ErrorSummary, Field, FieldKind, FormStatus, set_text, split_list};
use crate::components::match_results::MatchResults;
use crate::components::status::{ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{FormErrors, use_form, use_remote, use_title};
use crate::route::Route;
use crate::util::{edit, event_value, toggle};

const MATCH_LIMIT: u32 = 10;

#[component]
pub fn ProfilePage() -> Html {
    use_title("My profile");
    html! {
        <Require access={Access::Student}>
            <Profile />
        </Require>
    }
}

#[component]
fn Profile() -> Html {
    let profile = use_remote((), |()| api::my_profile());
    // Bumped after every save, so the matches are those of the saved profile.
    let saved = use_state(|| 0_u32);
    let matches = use_remote(*saved, |_| api::my_matches(MATCH_LIMIT));
    let on_saved = {
        let saved = saved.clone();
        Callback::from(move |()| saved.set(*saved + 1))
    };
    let form = match (&profile.data, &profile.error) {
        (_, Some(error)) => {
            html! { <ErrorPanel error={error.clone()} on_retry={profile.retry.clone()} /> }
        }
        (Some(student), None) if !profile.loading => html! {
            <ProfileForm student={(**student).clone()} {on_saved} />
        },
        _ => html! { <Loading label="Loading your profile…" /> },
    };
    let results = match (&matches.data, &matches.error) {
        (_, Some(error)) => {
            html! { <ErrorPanel error={error.clone()} on_retry={matches.retry.clone()} /> }
        }
        (Some(list), None) => {
            html! { <MatchResults matches={list.clone()} busy={matches.loading} /> }
        }
        (None, None) => html! { <Loading label="Finding your matches…" /> },
    };
    html! {
        <section class="profile-page">
            <div class="page-intro">
                <h1>{ "My profile" }</h1>
                <p class="lede">
                    { "What you write here is what faculty see when they look for students, and what your \
                       matches are computed from." }
                </p>
            </div>
            <div class="match-layout">
                { form }
                <section class="match-output" aria-labelledby="profile-matches-heading">
                    <h2 id="profile-matches-heading">{ "Matches for my saved profile" }</h2>
                    { results }
                    <p>
                        <Link<Route> to={Route::MyMatches}>{ "All my matches: projects, advisors and labs" }</Link<Route>>
                    </p>
                </section>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProfileFormProps {
    student: Student,
    on_saved: Callback<()>,
}

/// The problems the server would refuse anyway (or that leave nothing to match), found before
/// sending.
fn check_profile(interests: &str, areas: &[String], skills: &str) -> FormErrors {
    let mut problems = FormErrors::default();
    if interests.trim().is_empty() && areas.is_empty() {
        problems.add(
            "profile-interests",
            "Interests",
            "Write a sentence about your interests, or choose a research area.",
        );
    } else if shared::check_interests(interests.trim()).is_err() {
        problems.add(
            "profile-interests",
            "Interests",
            format!(
                "Shorten your interests to at most {} KB of text.",
                MAX_INTERESTS_BYTES / 1024
            ),
        );
    }
    if shared::check_words(&split_list(skills)).is_err() {
        problems.add(
            "profile-skills",
            "Skills",
            format!(
                "List at most {MAX_LIST_ITEMS} skills of at most {MAX_LIST_ITEM_CHARS} characters."
            ),
        );
    }
    problems
}

#[component]
fn ProfileForm(props: &ProfileFormProps) -> Html {
    let s = &props.student;
    let background = use_state(|| s.background);
    let areas = use_state(|| s.areas.clone());
    let interests = use_state(|| s.interests.clone());
    let skills = use_state(|| s.skills.join(", "));
    let form = use_form();

    let on_background = {
        let background = background.clone();
        Callback::from(move |e: Event| {
            if let Some(b) = Background::parse(&event_value(&e)) {
                background.set(b);
            }
        })
    };
    let on_area = edit(&areas, toggle);
    let onsubmit = {
        let (background, areas, interests, skills) = (
            background.clone(),
            areas.clone(),
            interests.clone(),
            skills.clone(),
        );
        let form = form.clone();
        let on_saved = props.on_saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let problems = check_profile(&interests, &areas, &skills);
            if !problems.is_empty() {
                form.invalid(problems);
                return;
            }
            let patch = ProfilePatch {
                background: Some(*background),
                areas: Some((*areas).clone()),
                interests: Some(interests.trim().to_owned()),
                skills: Some(split_list(&skills)),
            };
            form.start("Saving…");
            let form = form.clone();
            let on_saved = on_saved.clone();
            spawn_local(async move {
                match api::update_my_profile(&patch).await {
                    Ok(_) => {
                        form.succeed("Saved. Your matches below are updated.");
                        on_saved.emit(());
                    }
                    Err(error) => form.fail(
                        &error,
                        &[
                            ("background", "profile-background", "Background"),
                            ("interests", "profile-interests", "Interests"),
                            ("skills", "profile-skills", "Skills"),
                            ("areas", "profile-areas", "Research areas"),
                        ],
                    ),
                }
            });
        })
    };
    let errors = form.errors();
    html! {
        <form class="match-form card profile-form" novalidate=true {onsubmit}>
            <p class="card-kicker">{ s.name.clone() }</p>
            <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
            <div class="field">
                <label for="profile-background">{ "Background" }</label>
                <select id="profile-background" name="background" onchange={on_background}>
                    { for Background::ALL.iter().map(|b| html! {
                        <option value={b.as_str()} selected={*background == *b}>{ b.label() }</option>
                    }) }
                </select>
            </div>
            <div id="profile-areas">
                <AreaChips
                    selected={(*areas).clone()}
                    on_toggle={on_area}
                    legend="Research areas"
                    hint="Choose the areas you want to work in."
                />
            </div>
            <Field
                id="profile-interests"
                label="Interests"
                kind={FieldKind::TextArea}
                rows={6}
                hint="In your own words: topics, data, clinical questions."
                value={(*interests).clone()}
                on_input={set_text(&interests)}
                error={errors.of("profile-interests")}
            />
            <Field
                id="profile-skills"
                label="Skills"
                hint="Separate skills with commas."
                value={(*skills).clone()}
                on_input={set_text(&skills)}
                error={errors.of("profile-skills")}
                autocomplete="off"
            />
            <div class="form-actions">
                <button id="profile-save" type="submit" class="button" disabled={form.busy()}>
                    { "Save profile" }
                </button>
            </div>
            <FormStatus text={form.status()} id="profile-status" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_checked_before_sending() {
        let ids = |p: FormErrors| -> Vec<String> { p.fields.into_iter().map(|f| f.id).collect() };
        assert!(check_profile("EEG", &[], "Python, R").is_empty());
        assert!(check_profile("", &["signals".to_owned()], "").is_empty());
        assert_eq!(ids(check_profile(" ", &[], "")), ["profile-interests"]);
        let long = "a".repeat(MAX_INTERESTS_BYTES + 1);
        let many = vec!["R"; MAX_LIST_ITEMS + 1].join(", ");
        assert_eq!(
            ids(check_profile(&long, &[], &many)),
            ["profile-interests", "profile-skills"]
        );
    }
}
