//! `/match`: a student describes what they want to work on and sees explained matches as they type.

use std::rc::Rc;

use gloo::storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::{Background, MatchList, MatchRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::area_chips::AreaChips;
use crate::components::form::split_list;
use crate::components::match_results::MatchResults;
use crate::components::status::{ErrorPanel, Loading};
use crate::hooks::{RemoteAction, RemoteState, use_debouncer, use_title};
use crate::util::{edit, event_value, toggle};

const DEBOUNCE_MS: u32 = 300;
const RESULT_LIMIT: u32 = 10;
/// The form survives going to a project and coming back (per tab, not across visits).
const DRAFT_KEY: &str = "thesis-match.match-draft";

/// What the student has entered so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    interests: String,
    areas: Vec<String>,
    background: Option<Background>,
    /// As typed: comma-separated.
    skills: String,
}

impl Draft {
    /// Nothing to match on yet: the server would answer 422.
    fn is_blank(&self) -> bool {
        self.interests.trim().is_empty() && self.areas.is_empty()
    }

    fn request(&self) -> MatchRequest {
        MatchRequest {
            interests: self.interests.clone(),
            areas: self.areas.clone(),
            skills: split_list(&self.skills),
            background: self.background,
            limit: Some(RESULT_LIMIT),
        }
    }
}

#[component]
pub fn MatchPage() -> Html {
    use_title("Find my match");
    let draft = use_state(|| SessionStorage::get::<Draft>(DRAFT_KEY).unwrap_or_default());
    let results = use_reducer(RemoteState::<MatchList>::idle);
    // Numbers every request; an answer is shown only if no newer request has started since.
    let latest = use_mut_ref(|| 0_u64);
    let debouncer = use_debouncer();

    let run: Rc<dyn Fn(MatchRequest)> = {
        let dispatcher = results.dispatcher();
        let latest = latest.clone();
        Rc::new(move |request: MatchRequest| {
            let mine = {
                let mut n = latest.borrow_mut();
                *n += 1;
                *n
            };
            dispatcher.dispatch(RemoteAction::Start);
            let dispatcher = dispatcher.clone();
            let latest = latest.clone();
            spawn_local(async move {
                let answer = api::preview_matches(&request).await;
                if *latest.borrow() == mine {
                    dispatcher.dispatch(RemoteAction::Done(answer));
                }
            });
        })
    };

    {
        let debouncer = debouncer.clone();
        let dispatcher = results.dispatcher();
        let run = run.clone();
        use_effect_with((*draft).clone(), move |draft| {
            if SessionStorage::set(DRAFT_KEY, draft).is_err() {
                gloo::console::warn!("could not keep the match form in sessionStorage");
            }
            if draft.is_blank() {
                debouncer.cancel();
                *latest.borrow_mut() += 1;
                dispatcher.dispatch(RemoteAction::Reset);
            } else {
                let request = draft.request();
                debouncer.schedule(DEBOUNCE_MS, move || run(request));
            }
        });
    }

    let on_interests = edit(&draft, |d, e: InputEvent| d.interests = event_value(&e));
    let on_skills = edit(&draft, |d, e: InputEvent| d.skills = event_value(&e));
    let on_background = edit(&draft, |d, e: Event| {
        d.background = Background::parse(&event_value(&e));
    });
    let on_area = edit(&draft, |d, slug| toggle(&mut d.areas, slug));
    let onsubmit = {
        let debouncer = debouncer.clone();
        let draft = draft.clone();
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !draft.is_blank() {
                debouncer.cancel();
                run(draft.request());
            }
        })
    };
    let start_over = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(Draft::default()))
    };
    let retry = {
        let draft = draft.clone();
        Callback::from(move |()| {
            if !draft.is_blank() {
                run(draft.request());
            }
        })
    };

    let output = match (&results.data, &results.error) {
        (_, Some(error)) => {
            // A 422 is about what was typed: trying the same again will not help.
            let on_retry = error.is_retryable().then_some(retry);
            html! { <ErrorPanel error={error.clone()} {on_retry} /> }
        }
        (Some(list), None) => {
            html! { <MatchResults matches={list.clone()} busy={results.loading} /> }
        }
        (None, None) if results.loading => html! { <Loading label="Finding matches…" /> },
        (None, None) => html! {
            <p class="match-hint">
                { "Start typing what you want to work on, or choose a research area, and matching \
                   projects appear here — with the words that matched." }
            </p>
        },
    };

    let d = &*draft;
    html! {
        <section class="match-page">
            <div class="page-intro">
                <h1>{ "Find my match" }</h1>
                <p class="lede">
                    { "Describe your interests in your own words. Matches update as you type; \
                       typos, abbreviations (EKG, LLM) and synonyms are fine." }
                </p>
            </div>
            <div class="match-layout">
                <form class="match-form card" {onsubmit}>
                    <div class="field">
                        <label for="interests">{ "What do you want to work on?" }</label>
                        <textarea
                            id="interests"
                            name="interests"
                            rows="5"
                            aria-describedby="interests-hint"
                            placeholder="e.g. brain MRI tumour segmentation, EKG arrhythmia on wearables, LLMs for discharge summaries"
                            value={d.interests.clone()}
                            oninput={on_interests}
                        />
                        <p id="interests-hint" class="field-hint">
                            { "A sentence or two is enough: topics, data, clinical questions." }
                        </p>
                    </div>
                    <AreaChips
                        selected={d.areas.clone()}
                        on_toggle={on_area}
                        legend="Research areas (optional)"
                        hint="Choose any that interest you."
                    />
                    <div class="field-row">
                        <div class="field">
                            <label for="background">{ "Your background" }</label>
                            <select id="background" name="background" onchange={on_background}>
                                <option value="" selected={d.background.is_none()}>{ "Any" }</option>
                                { for Background::ALL.iter().map(|b| html! {
                                    <option value={b.as_str()} selected={d.background == Some(*b)}>
                                        { b.label() }
                                    </option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="skills">{ "Your skills (optional)" }</label>
                            <input
                                id="skills"
                                name="skills"
                                type="text"
                                autocomplete="off"
                                aria-describedby="skills-hint"
                                placeholder="Python, PyTorch, signal processing"
                                value={d.skills.clone()}
                                oninput={on_skills}
                            />
                            <p id="skills-hint" class="field-hint">{ "Separate skills with commas." }</p>
                        </div>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button">{ "Show matches" }</button>
                        <button type="button" class="button button-link" onclick={start_over}>
                            { "Start over" }
                        </button>
                    </div>
                </form>
                <section class="match-output" aria-labelledby="matches-heading">
                    <h2 id="matches-heading">{ "Your matches" }</h2>
                    { output }
                </section>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_needs_words_or_an_area() {
        assert!(Draft::default().is_blank());
        assert!(
            !Draft {
                areas: vec!["imaging".into()],
                ..Draft::default()
            }
            .is_blank()
        );
    }

    #[test]
    fn skills_are_split_on_commas() {
        let request = Draft {
            interests: "EKG".into(),
            skills: " Python, PyTorch ,, signal processing".into(),
            background: Some(Background::Clinical),
            ..Draft::default()
        }
        .request();
        assert_eq!(request.skills, ["Python", "PyTorch", "signal processing"]);
        assert_eq!(request.background, Some(Background::Clinical));
        assert_eq!(request.limit, Some(RESULT_LIMIT));
    }
}
