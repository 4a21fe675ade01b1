//! `/my-record`: a faculty member's own record: accepting students, capacity, bio and areas.

use shared::{Faculty, FacultyId, FacultyPatch, MAX_BIO_CHARS, MAX_FACULTY_CAPACITY};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::area_chips::AreaChips;
use crate::components::form::{ErrorSummary, Field, FieldKind, FormStatus, set_text};
use crate::components::status::{ErrorPanel, Loading};
use crate::context::{Access, use_session};
use crate::hooks::{FormErrors, use_form, use_remote, use_title};
use crate::route::Route;
use crate::util::{edit, toggle};

#[component]
pub fn MyRecordPage() -> Html {
    use_title("My record");
    html! {
        <Require access={Access::Faculty}>
            <MyRecord />
        </Require>
    }
}

#[component]
fn MyRecord() -> Html {
    let session = use_session();
    let id = session
        .me()
        .and_then(|me| me.faculty_id)
        .unwrap_or(FacultyId(0));
    let remote = use_remote(id, api::faculty);
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(detail), None) if !remote.loading => html! {
            <RecordForm faculty={detail.faculty.clone()} />
        },
        _ => html! { <Loading label="Loading your record…" /> },
    };
    html! {
        <section class="record-page">
            <div class="page-intro">
                <h1>{ "My record" }</h1>
                <p class="lede">
                    { "Students see this on your faculty page and in their advisor matches. " }
                    <Link<Route> to={Route::Faculty { id }}>{ "See your public page" }</Link<Route>>
                </p>
            </div>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RecordFormProps {
    faculty: Faculty,
}

fn check_capacity(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| shared::check_faculty_capacity(*n).is_ok())
        .ok_or_else(|| format!("Enter a whole number of students (0 to {MAX_FACULTY_CAPACITY})."))
}

#[component]
fn RecordForm(props: &RecordFormProps) -> Html {
    let f = &props.faculty;
    let id: FacultyId = f.id;
    let accepting = use_state(|| f.accepting_students);
    let capacity = use_state(|| f.capacity.to_string());
    let bio = use_state(|| f.bio.clone());
    let areas = use_state(|| f.areas.clone());
    let form = use_form();
    let on_accepting = {
        let accepting = accepting.clone();
        Callback::from(move |_: Event| accepting.set(!*accepting))
    };
    let on_area = edit(&areas, toggle);
    let onsubmit = {
        let (accepting, capacity, bio, areas) = (
            accepting.clone(),
            capacity.clone(),
            bio.clone(),
            areas.clone(),
        );
        let form = form.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let cap = match check_capacity(&capacity) {
                Ok(c) => c,
                Err(message) => {
                    let mut problems = FormErrors::default();
                    problems.add("record-capacity", "Capacity", message);
                    form.invalid(problems);
                    return;
                }
            };
            let patch = FacultyPatch {
                accepting_students: Some(*accepting),
                capacity: Some(cap),
                bio: Some(bio.trim().to_owned()),
                areas: Some((*areas).clone()),
            };
            form.start("Saving…");
            let form = form.clone();
            spawn_local(async move {
                match api::update_faculty(id, &patch).await {
                    Ok(_) => form.succeed("Saved."),
                    Err(error) => form.fail(
                        &error,
                        &[
                            ("capacity", "record-capacity", "Capacity"),
                            ("bio", "record-bio", "Bio"),
                            ("areas", "record-areas", "Research areas"),
                            (
                                "accepting_students",
                                "record-accepting",
                                "Accepting students",
                            ),
                        ],
                    ),
                }
            });
        })
    };
    let errors = form.errors();
    html! {
        <form class="card stack-form record-form" novalidate=true {onsubmit}>
            <p class="card-kicker">{ format!("{}, {}", f.title, f.department) }</p>
            <h2>{ f.name.clone() }</h2>
            <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
            <div class="field field-checkbox">
                <label class="checkbox" for="record-accepting">
                    <input type="checkbox" id="record-accepting" checked={*accepting} onchange={on_accepting} />
                    { "I am accepting thesis students this cycle" }
                </label>
            </div>
            <Field id="record-capacity" label="Capacity (students this cycle)" kind={FieldKind::Number}
                value={(*capacity).clone()} on_input={set_text(&capacity)} error={errors.of("record-capacity")}
                max={MAX_FACULTY_CAPACITY} />
            <Field id="record-bio" label="Bio" kind={FieldKind::TextArea} rows={6}
                value={(*bio).clone()} on_input={set_text(&bio)} error={errors.of("record-bio")}
                maxlength={MAX_BIO_CHARS} />
            <div id="record-areas">
                <AreaChips selected={(*areas).clone()} on_toggle={on_area} legend="Research areas" />
            </div>
            <div class="form-actions">
                <button id="record-save" type="submit" class="button" disabled={form.busy()}>{ "Save record" }</button>
            </div>
            <FormStatus text={form.status()} id="record-status" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_a_whole_number() {
        assert_eq!(check_capacity(" 3 "), Ok(3));
        assert_eq!(check_capacity("0"), Ok(0));
        assert_eq!(check_capacity("30"), Ok(MAX_FACULTY_CAPACITY));
        assert!(check_capacity("31").is_err());
        assert!(check_capacity("-1").is_err());
        assert!(check_capacity("two").is_err());
    }
}
