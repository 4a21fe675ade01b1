//! `/projects/new` and `/projects/:id/edit`: the project editor of faculty members.

use shared::{
    Background, FacultyId, LabId, ListQuery, MAX_LIST_ITEM_CHARS, MAX_LIST_ITEMS,
    MAX_PROJECT_CAPACITY, MAX_PROJECT_DESCRIPTION_CHARS, MAX_PROJECT_SUMMARY_CHARS,
    MAX_PROJECT_TITLE_CHARS, MIN_PROJECT_CAPACITY, NewProject, Project, ProjectId, ProjectPatch,
    ProjectStatus,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::area_chips::AreaChips;
use crate::components::form::{
    ErrorSummary, Field, FieldKind, FormStatus, described_by, split_list,
};
use crate::components::status::{ErrorPanel, Loading};
use crate::context::{Access, use_session};
use crate::hooks::{FormErrors, use_form, use_remote, use_title};
use crate::route::Route;
use crate::util::{edit, event_value, toggle};

/// Statuses a person sets (`filled` follows from approved pairings).
const EDITABLE_STATUSES: [ProjectStatus; 3] = [
    ProjectStatus::Draft,
    ProjectStatus::Open,
    ProjectStatus::Closed,
];

/// Server field → (input id, label), to show a 422 next to its input.
const INPUTS: [(&str, &str, &str); 11] = [
    ("title", "project-title", "Title"),
    ("summary", "project-summary", "Summary"),
    ("description", "project-description", "Description"),
    ("areas", "project-areas", "Research areas"),
    ("keywords", "project-keywords", "Keywords"),
    ("required_skills", "project-skills", "Required skills"),
    (
        "preferred_backgrounds",
        "project-backgrounds",
        "Preferred backgrounds",
    ),
    ("capacity", "project-capacity", "Capacity"),
    ("co_mentor_id", "project-co-mentor", "Co-mentor"),
    ("lab_id", "project-lab", "Lab"),
    ("status", "project-status", "Status"),
];

#[derive(Properties, PartialEq)]
pub struct ProjectEditorPageProps {
    /// `None` for a new project.
    pub id: Option<ProjectId>,
}

#[component]
pub fn ProjectEditorPage(props: &ProjectEditorPageProps) -> Html {
    use_title(if props.id.is_some() {
        "Edit project"
    } else {
        "New project"
    });
    html! {
        <Require access={Access::Faculty}>
            <Editor id={props.id} />
        </Require>
    }
}

/// What the form holds: lists as typed (comma-separated), numbers as typed.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    title: String,
    summary: String,
    description: String,
    areas: Vec<String>,
    keywords: String,
    skills: String,
    backgrounds: Vec<Background>,
    capacity: String,
    co_mentor: Option<FacultyId>,
    lab: Option<LabId>,
    status: ProjectStatus,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            title: String::new(),
            summary: String::new(),
            description: String::new(),
            areas: Vec::new(),
            keywords: String::new(),
            skills: String::new(),
            backgrounds: Vec::new(),
            capacity: "1".to_owned(),
            co_mentor: None,
            lab: None,
            status: ProjectStatus::Draft,
        }
    }
}

impl Draft {
    fn from_project(p: &Project) -> Self {
        Draft {
            title: p.title.clone(),
            summary: p.summary.clone(),
            description: p.description.clone(),
            areas: p.areas.clone(),
            keywords: p.keywords.join(", "),
            skills: p.required_skills.join(", "),
            backgrounds: p.preferred_backgrounds.clone(),
            capacity: p.capacity.to_string(),
            co_mentor: p.co_mentor.as_ref().map(|c| c.id),
            lab: p.lab.as_ref().map(|l| l.id),
            status: p.status,
        }
    }

    /// The problems the server would refuse anyway, found before sending.
    fn check(&self) -> FormErrors {
        let mut errors = FormErrors::default();
        if self.title.trim().is_empty() {
            errors.add("project-title", "Title", "Give the project a title.");
        }
        if self.summary.trim().is_empty() {
            errors.add(
                "project-summary",
                "Summary",
                "Write a one-sentence summary.",
            );
        }
        for (id, label, text) in [
            ("project-keywords", "Keywords", &self.keywords),
            ("project-skills", "Required skills", &self.skills),
        ] {
            if shared::check_words(&split_list(text)).is_err() {
                errors.add(
                    id,
                    label,
                    format!(
                        "List at most {MAX_LIST_ITEMS}, each at most {MAX_LIST_ITEM_CHARS} characters."
                    ),
                );
            }
        }
        match self.capacity.trim().parse::<u32>() {
            Ok(n) if shared::check_project_capacity(n).is_ok() => {}
            _ => errors.add(
                "project-capacity",
                "Capacity",
                format!(
                    "Enter how many students the project takes ({MIN_PROJECT_CAPACITY} to {MAX_PROJECT_CAPACITY})."
                ),
            ),
        }
        errors
    }

    fn capacity(&self) -> u32 {
        self.capacity.trim().parse().unwrap_or(1)
    }

    fn new_project(&self) -> NewProject {
        NewProject {
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            description: self.description.trim().to_owned(),
            faculty_id: None,
            co_mentor_id: self.co_mentor,
            lab_id: self.lab,
            areas: self.areas.clone(),
            keywords: split_list(&self.keywords),
            required_skills: split_list(&self.skills),
            preferred_backgrounds: self.backgrounds.clone(),
            capacity: self.capacity(),
            status: self.status,
        }
    }

    /// Every field an advisor may change; a co-mentor sends only theirs.
    fn patch(&self, advisor: bool) -> ProjectPatch {
        let mine = ProjectPatch {
            description: Some(self.description.trim().to_owned()),
            keywords: Some(split_list(&self.keywords)),
            required_skills: Some(split_list(&self.skills)),
            ..ProjectPatch::default()
        };
        if !advisor {
            return mine;
        }
        ProjectPatch {
            title: Some(self.title.trim().to_owned()),
            summary: Some(self.summary.trim().to_owned()),
            areas: Some(self.areas.clone()),
            preferred_backgrounds: Some(self.backgrounds.clone()),
            capacity: Some(self.capacity()),
            co_mentor_id: Some(self.co_mentor),
            lab_id: Some(self.lab),
            status: Some(self.status),
            ..mine
        }
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: Option<ProjectId>,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    let session = use_session();
    let me_faculty = session.me().and_then(|me| me.faculty_id);
    let Some(id) = props.id else {
        return html! { <EditorForm project={None::<Project>} advisor=true /> };
    };
    // Drafts are not public: the editor reads the project from "my projects".
    let projects = use_remote(id, |_| api::my_projects());
    match (&projects.data, &projects.error) {
        (_, Some(e)) => html! {
            <>
                <h1>{ "Edit project" }</h1>
                <ErrorPanel error={e.clone()} on_retry={projects.retry.clone()} />
            </>
        },
        (Some(list), None) if !projects.loading => match list.iter().find(|p| p.id == id) {
            Some(p) => html! {
                <EditorForm
                    project={Some(p.clone())}
                    advisor={Some(p.faculty.id) == me_faculty}
                />
            },
            None => html! {
                <section class="not-found">
                    <h1>{ "Not one of your projects" }</h1>
                    <p>{ "You can edit the projects you advise or co-mentor only." }</p>
                    <p>
                        <Link<Route> to={Route::MyProjects} classes="button">{ "My projects" }</Link<Route>>
                    </p>
                </section>
            },
        },
        _ => html! { <Loading label="Loading the project…" /> },
    }
}

#[derive(Properties, PartialEq)]
struct EditorFormProps {
    project: Option<Project>,
    /// May change every field (a co-mentor changes description, keywords and skills only).
    advisor: bool,
}

#[component]
fn EditorForm(props: &EditorFormProps) -> Html {
    let session = use_session();
    let me_faculty = session.me().and_then(|me| me.faculty_id);
    let navigator = use_navigator();
    let draft = use_state(|| {
        props
            .project
            .as_ref()
            .map(Draft::from_project)
            .unwrap_or_default()
    });
    let form = use_form();
    let faculty = use_remote((), |()| async {
        api::faculty_list(&ListQuery {
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let labs = use_remote((), |()| async {
        api::labs(&ListQuery {
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let advisor = props.advisor;
    let editing = props.project.as_ref().map(|p| p.id);

    let text = |f: fn(&mut Draft, String)| edit(&draft, f);
    let select = |f: fn(&mut Draft, String)| edit(&draft, move |d, e: Event| f(d, event_value(&e)));
    let on_area = edit(&draft, |d, slug| toggle(&mut d.areas, slug));
    let on_background =
        |b: Background| edit(&draft, move |d, _: Event| toggle(&mut d.backgrounds, b));

    let onsubmit = {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.busy() {
                return;
            }
            let problems = draft.check();
            if !problems.is_empty() {
                form.invalid(problems);
                return;
            }
            form.start("Saving…");
            let d = (*draft).clone();
            let form = form.clone();
            let navigator = navigator.clone();
            spawn_local(async move {
                let result = match editing {
                    Some(id) => api::update_project(id, &d.patch(advisor)).await,
                    None => api::create_project(&d.new_project()).await,
                };
                match result {
                    Ok(_) => {
                        form.finish("Saved.");
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::MyProjects);
                        }
                    }
                    Err(error) => form.fail(&error, &INPUTS),
                }
            });
        })
    };

    let errors = form.errors();
    let d = &*draft;
    let field_error = |id: &str| {
        errors.of(id).map(|message| {
            html! { <p id={format!("{id}-error")} class="field-error">{ message }</p> }
        })
    };
    let faculty_options: Vec<(FacultyId, String)> = faculty
        .data
        .as_ref()
        .map(|page| {
            page.items
                .iter()
                .filter(|f| Some(f.id) != me_faculty)
                .map(|f| (f.id, format!("{} ({})", f.name, f.department)))
                .collect()
        })
        .unwrap_or_default();
    let lab_options: Vec<(LabId, String)> = labs
        .data
        .as_ref()
        .map(|page| page.items.iter().map(|l| (l.id, l.name.clone())).collect())
        .unwrap_or_default();
    let heading = match &props.project {
        Some(p) => format!("Edit “{}”", p.title),
        None => "New project".to_owned(),
    };
    let locked = !advisor;
    html! {
        <section class="editor-page">
            <div class="page-intro">
                <h1>{ heading }</h1>
                if locked {
                    <p class="lede">{ "As co-mentor you can change the description, keywords and required skills." }</p>
                }
            </div>
            <form class="card stack-form project-form" novalidate=true {onsubmit}>
                <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
                <fieldset class="plain-fieldset" disabled={locked}>
                    <Field id="project-title" label="Title" value={d.title.clone()}
                        on_input={text(|d, v| d.title = v)} error={errors.of("project-title")} required=true
                        maxlength={MAX_PROJECT_TITLE_CHARS} />
                    <Field id="project-summary" label="Summary" kind={FieldKind::TextArea} rows={2}
                        hint="One or two sentences: what the student will do."
                        value={d.summary.clone()} on_input={text(|d, v| d.summary = v)}
                        error={errors.of("project-summary")} required=true
                        maxlength={MAX_PROJECT_SUMMARY_CHARS} />
                </fieldset>
                <Field id="project-description" label="Description" kind={FieldKind::TextArea} rows={8}
                    hint="Background, data, methods, expected outcome. Separate paragraphs with a blank line."
                    value={d.description.clone()} on_input={text(|d, v| d.description = v)}
                    error={errors.of("project-description")} maxlength={MAX_PROJECT_DESCRIPTION_CHARS} />
                <fieldset class="plain-fieldset" disabled={locked}>
                    <div id="project-areas">
                        <AreaChips selected={d.areas.clone()} on_toggle={on_area} legend="Research areas" />
                        { for field_error("project-areas") }
                    </div>
                </fieldset>
                <div class="field-row">
                    <Field id="project-keywords" label="Keywords" hint="Separate with commas."
                        value={d.keywords.clone()} on_input={text(|d, v| d.keywords = v)}
                        error={errors.of("project-keywords")} autocomplete="off" />
                    <Field id="project-skills" label="Required skills" hint="Separate with commas."
                        value={d.skills.clone()} on_input={text(|d, v| d.skills = v)}
                        error={errors.of("project-skills")} autocomplete="off" />
                </div>
                <fieldset class="plain-fieldset" disabled={locked}>
                    <fieldset class="chip-fieldset" id="project-backgrounds"
                        aria-describedby={described_by("project-backgrounds", false, errors.of("project-backgrounds").is_some())}>
                        <legend>{ "Preferred backgrounds" }</legend>
                        <div class="checkbox-row">
                            { for Background::ALL.iter().map(|b| {
                                let id = format!("project-background-{}", b.as_str());
                                html! {
                                    <label class="checkbox" for={id.clone()}>
                                        <input type="checkbox" id={id} checked={d.backgrounds.contains(b)}
                                            onchange={on_background(*b)} />
                                        { b.label() }
                                    </label>
                                }
                            }) }
                        </div>
                        { for field_error("project-backgrounds") }
                    </fieldset>
                    <div class="field-row">
                        <Field id="project-capacity" label="Capacity (students)" kind={FieldKind::Number}
                            value={d.capacity.clone()} on_input={text(|d, v| d.capacity = v)}
                            error={errors.of("project-capacity")} required=true max={MAX_PROJECT_CAPACITY} />
                        <div class="field">
                            <label for="project-status">{ "Status" }</label>
                            <select id="project-status" name="status"
                                aria-describedby={described_by("project-status", true, errors.of("project-status").is_some())}
                                onchange={select(|d, v| if let Some(s) = ProjectStatus::parse(&v) { d.status = s })}>
                                { for EDITABLE_STATUSES.iter().map(|s| html! {
                                    <option value={s.as_str()} selected={d.status == *s}>{ s.label() }</option>
                                }) }
                            </select>
                            <p id="project-status-hint" class="field-hint">{ "Students see open projects only." }</p>
                            { for field_error("project-status") }
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="project-co-mentor">{ "Co-mentor" }</label>
                            <select id="project-co-mentor" name="co_mentor"
                                aria-describedby={described_by("project-co-mentor", false, errors.of("project-co-mentor").is_some())}
                                onchange={select(|d, v| d.co_mentor = v.parse().ok())}>
                                <option value="" selected={d.co_mentor.is_none()}>{ "None" }</option>
                                { for faculty_options.iter().map(|(id, name)| html! {
                                    <option value={id.to_string()} selected={d.co_mentor == Some(*id)}>{ name.clone() }</option>
                                }) }
                            </select>
                            { for field_error("project-co-mentor") }
                        </div>
                        <div class="field">
                            <label for="project-lab">{ "Lab" }</label>
                            <select id="project-lab" name="lab"
                                aria-describedby={described_by("project-lab", false, errors.of("project-lab").is_some())}
                                onchange={select(|d, v| d.lab = v.parse().ok())}>
                                <option value="" selected={d.lab.is_none()}>{ "None" }</option>
                                { for lab_options.iter().map(|(id, name)| html! {
                                    <option value={id.to_string()} selected={d.lab == Some(*id)}>{ name.clone() }</option>
                                }) }
                            </select>
                            { for field_error("project-lab") }
                        </div>
                    </div>
                </fieldset>
                <div class="form-actions">
                    <button id="project-save" type="submit" class="button" disabled={form.busy()}>
                        { if editing.is_some() { "Save changes" } else { "Create project" } }
                    </button>
                    <Link<Route> to={Route::MyProjects} classes="button button-link">{ "Cancel" }</Link<Route>>
                </div>
                <FormStatus text={form.status()} id="project-form-status" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_checked_before_sending() {
        let errors = Draft {
            capacity: "0".into(),
            ..Draft::default()
        }
        .check();
        let ids: Vec<&str> = errors.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            ["project-title", "project-summary", "project-capacity"]
        );
        let ok = Draft {
            title: "T".into(),
            summary: "S".into(),
            capacity: " 2 ".into(),
            ..Draft::default()
        };
        assert!(ok.check().is_empty());
        assert_eq!(ok.new_project().capacity, 2);
        let over = Draft {
            capacity: (MAX_PROJECT_CAPACITY + 1).to_string(),
            keywords: vec!["EEG"; MAX_LIST_ITEMS + 1].join(", "),
            skills: "s".repeat(MAX_LIST_ITEM_CHARS + 1),
            ..ok
        };
        let ids: Vec<String> = over.check().fields.into_iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            ["project-keywords", "project-skills", "project-capacity"]
        );
    }

    #[test]
    fn co_mentors_patch_their_fields_only_and_advisors_can_clear_the_co_mentor() {
        let d = Draft {
            title: "T".into(),
            keywords: "EEG, seizures".into(),
            ..Draft::default()
        };
        let p = d.patch(false);
        assert_eq!(p.title, None);
        assert_eq!(p.co_mentor_id, None);
        assert_eq!(
            p.keywords,
            Some(vec!["EEG".to_owned(), "seizures".to_owned()])
        );
        let p = d.patch(true);
        assert_eq!(p.co_mentor_id, Some(None));
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json.get("co_mentor_id"), Some(&serde_json::Value::Null));
    }
}
