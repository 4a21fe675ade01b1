//! "Change a capacity" on the allocations page: a project's or an advisor's capacity, changed
//! before running the allocation again.

use shared::{FacultyId, FacultyPatch, ListQuery, ProjectId, ProjectPatch, ProjectStatus};
use yew::prelude::*;

use crate::api;
use crate::components::form::FormStatus;
use crate::components::status::ErrorPanel;
use crate::hooks::{use_action, use_remote};
use crate::util::{count, event_value};

/// Which capacity the editor changes.
#[derive(Clone, Copy, PartialEq)]
enum CapacityOf {
    Project,
    Advisor,
}

/// The project or advisor whose capacity changes.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Project(ProjectId),
    Advisor(FacultyId),
}

impl Target {
    /// The `<option>` value: the record's id.
    fn value(self) -> String {
        match self {
            Target::Project(id) => id.to_string(),
            Target::Advisor(id) => id.to_string(),
        }
    }
}

/// Changes a project's or an advisor's capacity (`PATCH /api/projects/{id}`,
/// `PATCH /api/faculty/{id}`), to run the allocation again with it.
#[component]
pub fn CapacityEditor() -> Html {
    let version = use_state(|| 0_u32);
    let projects = use_remote(*version, |_| async {
        api::projects(&ListQuery {
            status: Some(ProjectStatus::Open),
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let faculty = use_remote(*version, |_| async {
        api::faculty_list(&ListQuery {
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let of = use_state(|| CapacityOf::Project);
    let target = use_state(|| None::<Target>);
    let value = use_state(String::new);
    let action = use_action();
    let current = match *of {
        CapacityOf::Project => projects.data.as_ref().and_then(|p| {
            p.items
                .iter()
                .find(|p| *target == Some(Target::Project(p.id)))
                .map(|p| p.capacity)
        }),
        CapacityOf::Advisor => faculty.data.as_ref().and_then(|f| {
            f.items
                .iter()
                .find(|f| *target == Some(Target::Advisor(f.id)))
                .map(|f| f.capacity)
        }),
    };
    let on_of = {
        let (of, target) = (of.clone(), target.clone());
        Callback::from(move |e: Event| {
            of.set(if event_value(&e) == "advisor" {
                CapacityOf::Advisor
            } else {
                CapacityOf::Project
            });
            target.set(None);
        })
    };
    let on_target = {
        let (of, target) = (of.clone(), target.clone());
        Callback::from(move |e: Event| {
            let value = event_value(&e);
            target.set(match *of {
                CapacityOf::Project => value.parse().ok().map(Target::Project),
                CapacityOf::Advisor => value.parse().ok().map(Target::Advisor),
            })
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(event_value(&e)))
    };
    let onsubmit = {
        let (target, value, action, version) = (
            target.clone(),
            value.clone(),
            action.clone(),
            version.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(chosen) = *target else {
                action.say("Choose a project or an advisor first.");
                return;
            };
            let Ok(capacity) = value.trim().parse::<u32>() else {
                action.say("Enter the new capacity as a whole number.");
                return;
            };
            let version = version.clone();
            let request = async move {
                match chosen {
                    Target::Project(id) => api::update_project(
                        id,
                        &ProjectPatch {
                            capacity: Some(capacity),
                            ..ProjectPatch::default()
                        },
                    )
                    .await
                    .map(|p| {
                        format!(
                            "“{}” now takes {}.",
                            p.title,
                            count(u64::from(p.capacity), "student", "students")
                        )
                    }),
                    Target::Advisor(id) => api::update_faculty(
                        id,
                        &FacultyPatch {
                            capacity: Some(capacity),
                            ..FacultyPatch::default()
                        },
                    )
                    .await
                    .map(|f| {
                        format!(
                            "{} can now advise {}.",
                            f.name,
                            count(u64::from(f.capacity), "student", "students")
                        )
                    }),
                }
            };
            action.run(request, move |message| {
                version.set(*version + 1);
                format!("{message} Run the allocation again to use it.")
            });
        })
    };
    let options: Vec<(Target, String)> = match *of {
        CapacityOf::Project => projects
            .data
            .iter()
            .flat_map(|p| p.items.iter())
            .map(|p| {
                (
                    Target::Project(p.id),
                    format!("{} (capacity {})", p.title, p.capacity),
                )
            })
            .collect(),
        CapacityOf::Advisor => faculty
            .data
            .iter()
            .flat_map(|f| f.items.iter())
            .map(|f| {
                (
                    Target::Advisor(f.id),
                    format!("{} (capacity {})", f.name, f.capacity),
                )
            })
            .collect(),
    };
    html! {
        <section class="capacity-editor" aria-labelledby="capacity-heading">
            <h2 id="capacity-heading">{ "Change a capacity" }</h2>
            <form class="card stack-form capacity-form" {onsubmit}>
                <div class="filter-row field-row">
                    <div class="field">
                        <label for="capacity-of">{ "Capacity of" }</label>
                        <select id="capacity-of" onchange={on_of}>
                            <option value="project" selected={*of == CapacityOf::Project}>{ "A project" }</option>
                            <option value="advisor" selected={*of == CapacityOf::Advisor}>{ "An advisor" }</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="capacity-target">{ if *of == CapacityOf::Project { "Project" } else { "Advisor" } }</label>
                        <select id="capacity-target" onchange={on_target}>
                            <option value="" selected={target.is_none()}>{ "Choose…" }</option>
                            { for options.iter().map(|(id, label)| html! {
                                <option value={id.value()} selected={*target == Some(*id)}>{ label.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="capacity-value">{ "New capacity" }</label>
                        <input
                            id="capacity-value"
                            type="number"
                            min="0"
                            placeholder={current.map(|c| c.to_string())}
                            value={(*value).clone()}
                            oninput={on_value}
                        />
                    </div>
                </div>
                if let Some(e) = action.error() {
                    <ErrorPanel error={e} />
                }
                <div class="form-actions">
                    <button type="submit" id="capacity-save" class="button button-secondary">{ "Save capacity" }</button>
                </div>
                <FormStatus text={action.status()} id="capacity-status" />
            </form>
        </section>
    }
}
