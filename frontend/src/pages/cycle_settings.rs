//! `/cycle` (directors): the cycle's name, phase, ranking deadline (entered in the browser's time
//! zone, sent in UTC) and the longest rank list.

use shared::{Cycle, CyclePatch, Phase};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::form::{ErrorSummary, Field, FieldKind, FormStatus, described_by};
use crate::components::status::{ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{FormErrors, use_form, use_remote, use_title};
use crate::util::{
    edit, event_value, from_datetime_local, from_now, iso, local_time, to_datetime_local,
};

#[component]
pub fn CyclePage() -> Html {
    use_title("Cycle settings");
    html! {
        <Require access={Access::Director}>
            <CycleSettings />
        </Require>
    }
}

#[derive(Clone, Default, PartialEq)]
struct Form {
    name: String,
    phase: String,
    deadline: String,
    max_ranked: String,
}

impl Form {
    fn of(cycle: &Cycle) -> Self {
        Form {
            name: cycle.name.clone(),
            phase: cycle.phase.as_str().to_owned(),
            deadline: to_datetime_local(cycle.ranking_deadline),
            max_ranked: cycle.max_ranked.to_string(),
        }
    }

    /// The changes against `cycle`, or the problems with what was typed.
    fn patch(&self, cycle: &Cycle) -> Result<CyclePatch, FormErrors> {
        let mut errors = FormErrors::default();
        let mut patch = CyclePatch::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add("cycle-name", "Name", "Enter a name, e.g. 2027–28.");
        } else if name != cycle.name {
            patch.name = Some(name.to_owned());
        }
        match Phase::parse(&self.phase) {
            Some(p) if p != cycle.phase => patch.phase = Some(p),
            Some(_) => {}
            None => errors.add("cycle-phase", "Phase", "Choose a phase."),
        }
        if self.deadline != to_datetime_local(cycle.ranking_deadline) {
            match from_datetime_local(&self.deadline) {
                Some(d) => patch.ranking_deadline = Some(d),
                None => errors.add(
                    "cycle-deadline",
                    "Ranking deadline",
                    "Enter a date and a time.",
                ),
            }
        }
        match self.max_ranked.trim().parse::<u32>() {
            Ok(m) if (1..=50).contains(&m) => {
                if m != cycle.max_ranked {
                    patch.max_ranked = Some(m);
                }
            }
            _ => errors.add(
                "cycle-max",
                "Longest rank list",
                "Enter a number from 1 to 50.",
            ),
        }
        if errors.is_empty() {
            Ok(patch)
        } else {
            errors.message = Some("Check the highlighted fields.".to_owned());
            Err(errors)
        }
    }
}

const INPUTS: &[(&str, &str, &str)] = &[
    ("name", "cycle-name", "Name"),
    ("phase", "cycle-phase", "Phase"),
    ("ranking_deadline", "cycle-deadline", "Ranking deadline"),
    ("max_ranked", "cycle-max", "Longest rank list"),
];

#[component]
fn CycleSettings() -> Html {
    let remote = use_remote((), |()| api::cycle());
    let cycle = use_state(|| None::<Cycle>);
    let form = use_state(Form::default);
    let submit = use_form();
    {
        let (cycle, form) = (cycle.clone(), form.clone());
        use_effect_with(remote.data.clone(), move |data| {
            if let Some(c) = data {
                form.set(Form::of(c));
                cycle.set(Some((**c).clone()));
            }
        });
    }
    let Some(current) = (*cycle).clone() else {
        return html! {
            <section>
                <h1>{ "Cycle settings" }</h1>
                if let Some(e) = &remote.error {
                    <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} />
                } else {
                    <Loading label="Loading the cycle…" />
                }
            </section>
        };
    };
    let set = |f: fn(&mut Form, String)| edit(&form, f);
    let on_phase = edit(&form, |f, e: Event| f.phase = event_value(&e));
    let on_deadline = edit(&form, |f, e: InputEvent| f.deadline = event_value(&e));
    let on_deadline_change = edit(&form, |f, e: Event| f.deadline = event_value(&e));
    let onsubmit = {
        let (form, submit, cycle) = (form.clone(), submit.clone(), cycle.clone());
        let current = current.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let patch = match form.patch(&current) {
                Ok(p) => p,
                Err(problems) => {
                    submit.fail_with(problems);
                    return;
                }
            };
            if patch == CyclePatch::default() {
                submit.succeed("Nothing changed.");
                return;
            }
            let (form, submit, cycle) = (form.clone(), submit.clone(), cycle.clone());
            submit.start("Saving…");
            spawn_local(async move {
                match api::update_cycle(&patch).await {
                    Ok(c) => {
                        submit.succeed(format!(
                            "Saved. The {} cycle is in the {} phase.",
                            c.name,
                            c.phase.label().to_lowercase()
                        ));
                        form.set(Form::of(&c));
                        cycle.set(Some(c));
                    }
                    Err(e) => submit.fail(&e, INPUTS),
                }
            });
        })
    };
    let errors = submit.errors();
    let deadline_error = errors.of("cycle-deadline");
    let phase_error = errors.of("cycle-phase");
    html! {
        <section class="cycle-page">
            <div class="page-intro">
                <h1>{ "Cycle settings" }</h1>
                <p class="lede">
                    { format!("The {} cycle is in the ", current.name) }
                    <strong class="cycle-phase">{ current.phase.label() }</strong>
                    { " phase. Ranking deadline: " }
                    <time datetime={iso(current.ranking_deadline)}>{ local_time(current.ranking_deadline) }</time>
                    { format!(" ({}).", from_now(current.ranking_deadline)) }
                </p>
            </div>
            <ErrorSummary errors={errors.clone()} attempt={submit.attempt()} />
            <form class="stack-form card cycle-form" {onsubmit} novalidate=true>
                <fieldset class="plain-fieldset" disabled={submit.busy()}>
                    <legend class="visually-hidden">{ "Cycle" }</legend>
                    <Field id="cycle-name" label="Name" value={form.name.clone()} on_input={set(|f, v| f.name = v)} error={errors.of("cycle-name")} required=true />
                    <div class={classes!("field", phase_error.is_some().then_some("field-invalid"))}>
                        <label for="cycle-phase">{ "Phase" }</label>
                        <p id="cycle-phase-hint" class="field-hint">
                            { "Posting → ranking (students rank until the deadline) → allocation (you propose, run allocations, approve) → published." }
                        </p>
                        <select
                            id="cycle-phase"
                            aria-describedby={described_by("cycle-phase", true, phase_error.is_some())}
                            onchange={on_phase}
                        >
                            { for Phase::ALL.iter().map(|p| html! {
                                <option value={p.as_str()} selected={form.phase == p.as_str()}>{ p.label() }</option>
                            }) }
                        </select>
                        if let Some(e) = phase_error {
                            <p id="cycle-phase-error" class="field-error">{ e }</p>
                        }
                    </div>
                    <div class={classes!("field", deadline_error.is_some().then_some("field-invalid"))}>
                        <label for="cycle-deadline">{ "Ranking deadline" }</label>
                        <p id="cycle-deadline-hint" class="field-hint">{ "In your time zone; stored in UTC." }</p>
                        <input
                            id="cycle-deadline"
                            type="datetime-local"
                            value={form.deadline.clone()}
                            aria-describedby={described_by("cycle-deadline", true, deadline_error.is_some())}
                            aria-invalid={deadline_error.is_some().then_some("true")}
                            oninput={on_deadline}
                            onchange={on_deadline_change}
                        />
                        if let Some(e) = deadline_error {
                            <p id="cycle-deadline-error" class="field-error">{ e }</p>
                        }
                    </div>
                    <Field
                        id="cycle-max"
                        label="Longest rank list"
                        kind={FieldKind::Number}
                        hint="The most projects a student may rank (1 to 50)."
                        value={form.max_ranked.clone()}
                        on_input={set(|f, v| f.max_ranked = v)}
                        error={errors.of("cycle-max")}
                    />
                    <div class="form-actions">
                        <button type="submit" id="cycle-save" class="button">{ "Save" }</button>
                    </div>
                </fieldset>
            </form>
            <FormStatus text={submit.status()} id="cycle-status" />
        </section>
    }
}
