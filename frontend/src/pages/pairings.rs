//! `/pairings` (directors): every pairing of the cycle, filtered by state, project and student
//! name; approve or reject one (a reason is required) or many at once; propose a new pairing; and
//! the CSV downloads.

use std::collections::BTreeSet;

use shared::{
    BulkDecision, ListQuery, NewPairing, Pairing, PairingId, PairingQuery, PairingState, ProjectId,
    ProjectStatus, Reason, Rejection, StudentId,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::components::access::Require;
use crate::components::form::{FormStatus, focus_id};
use crate::components::pairing::{PairingHistory, PairingStateBadge};
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::Access;
use crate::hooks::{use_action, use_remote, use_title};
use crate::route::Route;
use crate::util::{count, event_value, iso, local_time};

#[component]
pub fn PairingsPage() -> Html {
    use_title("Pairings");
    html! {
        <Require access={Access::Director}>
            <Pairings />
        </Require>
    }
}

/// Whether a pairing passes the page's own filters (project, part of the student's name).
fn passes(p: &Pairing, project: Option<ProjectId>, student: &str) -> bool {
    let student = student.trim().to_lowercase();
    project.is_none_or(|id| p.project.id == id)
        && (student.is_empty() || p.student_name.to_lowercase().contains(&student))
}

fn can_approve(p: &Pairing) -> bool {
    p.state == PairingState::Proposed
}

fn can_reject(p: &Pairing) -> bool {
    matches!(p.state, PairingState::Requested | PairingState::Proposed)
}

#[component]
fn Pairings() -> Html {
    let version = use_state(|| 0_u32);
    let state_filter = use_state(|| None::<PairingState>);
    let project_filter = use_state(|| None::<ProjectId>);
    let student_filter = use_state(String::new);
    let remote = use_remote((*version, *state_filter), |(_, status)| async move {
        api::pairings(&PairingQuery {
            status,
            ..PairingQuery::default()
        })
        .await
    });
    let selected = use_state(BTreeSet::<PairingId>::new);
    let rejecting = use_state(|| None::<Vec<PairingId>>);
    let reason = use_state(String::new);
    let reason_error = use_state(|| None::<String>);
    let action = use_action();
    {
        let open = rejecting.is_some();
        use_effect_with(open, move |open| {
            if *open {
                focus_id("reject-reason");
            }
        });
    }

    // After a decision: say what happened, reload and clear the selection.
    let done = {
        let (version, action, selected) = (version.clone(), action.clone(), selected.clone());
        move |result: Result<String, ApiErrorKind>| {
            match result {
                Ok(message) => {
                    action.succeed(message);
                    selected.set(BTreeSet::new());
                }
                Err(e) => action.fail(e),
            }
            version.set(*version + 1);
        }
    };
    let approve_one = {
        let (done, action) = (done.clone(), action.clone());
        Callback::from(move |p: Pairing| {
            let done = done.clone();
            action.start_quietly();
            spawn_local(async move {
                let result = api::approve_pairing(p.id)
                    .await
                    .map(|_| format!("Approved {} for “{}”.", p.student_name, p.project.title));
                done(result);
            });
        })
    };
    let ask_reject = {
        let (rejecting, reason, reason_error) =
            (rejecting.clone(), reason.clone(), reason_error.clone());
        Callback::from(move |ids: Vec<PairingId>| {
            reason.set(String::new());
            reason_error.set(None);
            rejecting.set(Some(ids));
        })
    };
    let cancel_reject = {
        let rejecting = rejecting.clone();
        Callback::from(move |_: MouseEvent| rejecting.set(None))
    };
    let confirm_reject = {
        let (rejecting, reason, reason_error, done, action) = (
            rejecting.clone(),
            reason.clone(),
            reason_error.clone(),
            done.clone(),
            action.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(ids) = (*rejecting).clone() else {
                return;
            };
            let text = reason.trim().to_owned();
            if text.is_empty() {
                reason_error.set(Some(
                    "Enter a reason: the student and the advisor will read it.".to_owned(),
                ));
                focus_id("reject-reason");
                return;
            }
            reason_error.set(None);
            rejecting.set(None);
            action.start_quietly();
            let done = done.clone();
            spawn_local(async move {
                let n = ids.len() as u64;
                let result = if let [id] = ids.as_slice() {
                    api::reject_pairing(*id, &Reason { reason: text })
                        .await
                        .map(|p| format!("Rejected {} for “{}”.", p.student_name, p.project.title))
                } else {
                    let decision = BulkDecision {
                        approve: Vec::new(),
                        reject: ids
                            .iter()
                            .map(|id| Rejection {
                                id: *id,
                                reason: text.clone(),
                            })
                            .collect(),
                    };
                    api::decide_pairings(&decision)
                        .await
                        .map(|_| format!("Rejected {}.", count(n, "pairing", "pairings")))
                };
                done(result);
            });
        })
    };
    let bulk_approve = {
        let (selected, done, action) = (selected.clone(), done.clone(), action.clone());
        Callback::from(move |_: MouseEvent| {
            let ids: Vec<PairingId> = selected.iter().copied().collect();
            if ids.is_empty() {
                return;
            }
            let done = done.clone();
            action.start_quietly();
            spawn_local(async move {
                let n = ids.len() as u64;
                let decision = BulkDecision {
                    approve: ids,
                    reject: Vec::new(),
                };
                let result = api::decide_pairings(&decision)
                    .await
                    .map(|_| format!("Approved {}.", count(n, "pairing", "pairings")));
                done(result);
            });
        })
    };
    let bulk_reject = {
        let (selected, ask_reject) = (selected.clone(), ask_reject.clone());
        Callback::from(move |_: MouseEvent| {
            let ids: Vec<PairingId> = selected.iter().copied().collect();
            if !ids.is_empty() {
                ask_reject.emit(ids);
            }
        })
    };
    let toggle = {
        let selected = selected.clone();
        Callback::from(move |id: PairingId| {
            let mut next = (*selected).clone();
            if !next.remove(&id) {
                next.insert(id);
            }
            selected.set(next);
        })
    };

    let all = remote.data.clone();
    let shown: Vec<Pairing> = all
        .as_ref()
        .map(|list| {
            list.iter()
                .filter(|p| passes(p, *project_filter, &student_filter))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut projects: Vec<(ProjectId, String)> = all
        .as_ref()
        .map(|list| {
            list.iter()
                .map(|p| (p.project.id, p.project.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    projects.sort_by(|a, b| a.1.cmp(&b.1));
    projects.dedup();

    let on_state = {
        let (state_filter, selected) = (state_filter.clone(), selected.clone());
        Callback::from(move |e: Event| {
            state_filter.set(PairingState::parse(&event_value(&e)));
            selected.set(BTreeSet::new());
        })
    };
    let on_project = {
        let project_filter = project_filter.clone();
        Callback::from(move |e: Event| project_filter.set(event_value(&e).parse().ok()))
    };
    let on_student = {
        let student_filter = student_filter.clone();
        Callback::from(move |e: InputEvent| student_filter.set(event_value(&e)))
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(event_value(&e)))
    };
    let on_created = {
        let (version, action) = (version.clone(), action.clone());
        Callback::from(move |p: Pairing| {
            action.clear_error();
            action.say(format!(
                "Proposed {} for “{}”.",
                p.student_name, p.project.title
            ));
            version.set(*version + 1);
        })
    };

    let dialog = (*rejecting).clone().map(|ids| {
        let heading = if ids.len() == 1 {
            let who = all
                .as_ref()
                .and_then(|l| l.iter().find(|p| p.id == ids[0]))
                .map(|p| format!("{} for “{}”", p.student_name, p.project.title))
                .unwrap_or_default();
            format!("Reject the pairing of {who}")
        } else {
            format!("Reject {}", count(ids.len() as u64, "pairing", "pairings"))
        };
        let onkeydown = {
            let rejecting = rejecting.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    rejecting.set(None);
                }
            })
        };
        let err = (*reason_error).clone();
        html! {
            <form class="card reject-dialog" role="dialog" aria-labelledby="reject-heading" novalidate=true onsubmit={confirm_reject.clone()} {onkeydown}>
                <h2 id="reject-heading">{ heading }</h2>
                <div class={classes!("field", err.is_some().then_some("field-invalid"))}>
                    <label for="reject-reason">{ "Reason (required)" }</label>
                    <p id="reject-reason-hint" class="field-hint">{ "The student and the advisor see it in their inbox." }</p>
                    <textarea
                        id="reject-reason"
                        rows="3"
                        required=true
                        aria-describedby={if err.is_some() { "reject-reason-hint reject-reason-error" } else { "reject-reason-hint" }}
                        aria-invalid={err.is_some().then_some("true")}
                        value={(*reason).clone()}
                        oninput={on_reason.clone()}
                    />
                    if let Some(err) = err {
                        <p id="reject-reason-error" class="field-error">{ err }</p>
                    }
                </div>
                <div class="form-actions">
                    <button type="submit" id="reject-confirm" class="button button-danger">{ "Reject" }</button>
                    <button type="button" id="reject-cancel" class="button button-secondary" onclick={cancel_reject.clone()}>{ "Cancel" }</button>
                </div>
            </form>
        }
    });

    let table = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(_), None) if shown.is_empty() => html! {
            <EmptyState title="No pairings match">
                <p>{ "Propose one below, publish an allocation run, or change the filters." }</p>
            </EmptyState>
        },
        (Some(_), None) => html! {
            <div class="table-wrap">
                <table class="data-table pairings-table" aria-busy={remote.loading.then_some("true")}>
                    <caption class="visually-hidden">{ "Pairings of the cycle" }</caption>
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">{ "Select" }</span></th>
                            <th scope="col">{ "Student" }</th>
                            <th scope="col">{ "Project" }</th>
                            <th scope="col">{ "State" }</th>
                            <th scope="col">{ "Updated" }</th>
                            <th scope="col">{ "Actions" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for shown.iter().map(|p| {
                            let on_check = {
                                let (toggle, id) = (toggle.clone(), p.id);
                                Callback::from(move |_: Event| toggle.emit(id))
                            };
                            let approve = {
                                let (approve_one, p) = (approve_one.clone(), p.clone());
                                Callback::from(move |_: MouseEvent| approve_one.emit(p.clone()))
                            };
                            let reject = {
                                let (ask_reject, id) = (ask_reject.clone(), p.id);
                                Callback::from(move |_: MouseEvent| ask_reject.emit(vec![id]))
                            };
                            let who = format!("{} for “{}”", p.student_name, p.project.title);
                            html! {
                                <tr class="pairing-row" id={format!("pairing-{}", p.id)} key={p.id.get()}>
                                    <td>
                                        <input
                                            type="checkbox"
                                            class="pairing-select"
                                            aria-label={format!("Select {who}")}
                                            checked={selected.contains(&p.id)}
                                            onchange={on_check}
                                        />
                                    </td>
                                    <th scope="row" class="pairing-student">{ p.student_name.clone() }</th>
                                    <td>
                                        <Link<Route> to={Route::Project { id: p.project.id }} classes="project-link">{ p.project.title.clone() }</Link<Route>>
                                        <span class="match-meta">{ format!(" · {}", p.project.faculty.name) }</span>
                                    </td>
                                    <td>
                                        <PairingStateBadge state={p.state} />
                                        if let Some(r) = &p.reason {
                                            <p class="pairing-reason">{ format!("Reason: {r}") }</p>
                                        }
                                        if !p.history.is_empty() {
                                            <details class="pairing-details">
                                                <summary>{ "History" }</summary>
                                                <PairingHistory history={p.history.clone()} />
                                            </details>
                                        }
                                    </td>
                                    <td><time datetime={iso(p.updated_at)}>{ local_time(p.updated_at) }</time></td>
                                    <td>
                                        <div class="row-actions">
                                            if can_approve(p) {
                                                <button type="button" class="button pairing-approve" disabled={action.busy()} onclick={approve}>
                                                    { "Approve" }<span class="visually-hidden">{ format!(" {who}") }</span>
                                                </button>
                                            }
                                            if can_reject(p) {
                                                <button type="button" class="button button-secondary pairing-reject" disabled={action.busy()} onclick={reject}>
                                                    { "Reject" }<span class="visually-hidden">{ format!(" {who}") }</span>
                                                </button>
                                            }
                                        </div>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
        (None, None) => html! { <Loading label="Loading pairings…" /> },
    };
    let n_selected = selected.len() as u64;
    html! {
        <section class="pairings-page">
            <div class="page-intro page-intro-actions">
                <div>
                    <h1>{ "Pairings" }</h1>
                    <p class="lede">{ "Approve or reject proposed pairings; a rejection needs a reason. Bulk decisions are all or nothing." }</p>
                </div>
                <p class="csv-links">
                    <a class="button button-secondary" href="/api/pairings.csv" download="pairings.csv">{ "Download pairings (CSV)" }</a>
                    { " " }
                    <a class="button button-secondary" href="/api/rankings.csv" download="rankings.csv">{ "Download rank lists (CSV)" }</a>
                </p>
            </div>
            <form class="filters pairing-filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="filter-row field-row">
                    <div class="field">
                        <label for="pairing-filter-state">{ "State" }</label>
                        <select id="pairing-filter-state" onchange={on_state}>
                            <option value="" selected={state_filter.is_none()}>{ "Any state" }</option>
                            { for PairingState::ALL.iter().map(|s| html! {
                                <option value={s.as_str()} selected={*state_filter == Some(*s)}>{ s.label() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="pairing-filter-project">{ "Project" }</label>
                        <select id="pairing-filter-project" onchange={on_project}>
                            <option value="" selected={project_filter.is_none()}>{ "Any project" }</option>
                            { for projects.iter().map(|(id, title)| html! {
                                <option value={id.to_string()} selected={*project_filter == Some(*id)}>{ title.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="pairing-filter-student">{ "Student name" }</label>
                        <input id="pairing-filter-student" type="search" value={(*student_filter).clone()} oninput={on_student} />
                    </div>
                </div>
            </form>
            <div class="bulk-bar" role="group" aria-label="Selected pairings">
                <span class="results-count">{ format!("{} selected", n_selected) }</span>
                <button type="button" id="bulk-approve" class="button" disabled={n_selected == 0 || action.busy()} onclick={bulk_approve}>
                    { "Approve selected" }
                </button>
                <button type="button" id="bulk-reject" class="button button-secondary" disabled={n_selected == 0 || action.busy()} onclick={bulk_reject}>
                    { "Reject selected" }
                </button>
            </div>
            { for dialog }
            <Outcome error={action.error()} status={action.status()} id="pairings-status" />
            { table }
            <NewPairingForm on_created={on_created} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NewPairingFormProps {
    on_created: Callback<Pairing>,
}

/// Proposes a student for a project (then approve it in the table).
#[component]
fn NewPairingForm(props: &NewPairingFormProps) -> Html {
    let students = use_remote((), |()| async {
        api::students(&ListQuery {
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let projects = use_remote((), |()| async {
        api::projects(&ListQuery {
            status: Some(ProjectStatus::Open),
            per_page: Some(100),
            ..ListQuery::default()
        })
        .await
    });
    let student = use_state(|| None::<StudentId>);
    let project = use_state(|| None::<ProjectId>);
    let action = use_action();
    let on_student = {
        let student = student.clone();
        Callback::from(move |e: Event| student.set(event_value(&e).parse().ok()))
    };
    let on_project = {
        let project = project.clone();
        Callback::from(move |e: Event| project.set(event_value(&e).parse().ok()))
    };
    let onsubmit = {
        let (student, project, action) = (student.clone(), project.clone(), action.clone());
        let on_created = props.on_created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(student_id), Some(project_id)) = (*student, *project) else {
                action.say("Choose a student and a project.");
                return;
            };
            let (action, on_created) = (action.clone(), on_created.clone());
            spawn_local(async move {
                match api::create_pairing(&NewPairing {
                    student_id,
                    project_id,
                })
                .await
                {
                    Ok(p) => {
                        action.succeed_silently();
                        on_created.emit(p);
                    }
                    Err(e) => action.fail(e),
                }
            });
        })
    };
    html! {
        <section class="new-pairing" aria-labelledby="new-pairing-heading">
            <h2 id="new-pairing-heading">{ "New pairing" }</h2>
            <form class="card stack-form new-pairing-form" {onsubmit}>
                <div class="field">
                    <label for="new-pairing-student">{ "Student" }</label>
                    <select id="new-pairing-student" onchange={on_student}>
                        <option value="" selected={student.is_none()}>{ "Choose a student" }</option>
                        { for students.data.iter().flat_map(|p| p.items.iter()).map(|s| html! {
                            <option value={s.id.to_string()} selected={*student == Some(s.id)}>{ format!("{} (#{})", s.name, s.id) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="new-pairing-project">{ "Project" }</label>
                    <select id="new-pairing-project" onchange={on_project}>
                        <option value="" selected={project.is_none()}>{ "Choose an open project" }</option>
                        { for projects.data.iter().flat_map(|p| p.items.iter()).map(|p| html! {
                            <option value={p.id.to_string()} selected={*project == Some(p.id)}>{ format!("{} — {}", p.title, p.faculty.name) }</option>
                        }) }
                    </select>
                </div>
                if let Some(e) = action.error() {
                    <ErrorPanel error={e} />
                }
                <div class="form-actions">
                    <button type="submit" id="new-pairing-submit" class="button">{ "Propose pairing" }</button>
                </div>
                <FormStatus text={action.status()} id="new-pairing-status" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use shared::{CycleId, FacultyId, FacultyRef, PairingSource, ProjectBrief};

    fn pairing(state: PairingState, name: &str, project: i32) -> Pairing {
        Pairing {
            id: PairingId(1),
            cycle_id: CycleId(1),
            student_id: StudentId(1),
            student_name: name.into(),
            student_email: None,
            project: ProjectBrief {
                id: ProjectId(project),
                title: "T".into(),
                faculty: FacultyRef {
                    id: FacultyId(1),
                    slug: "f".into(),
                    name: "F".into(),
                    title: "Prof".into(),
                    department: "D".into(),
                },
                co_mentor: None,
                status: ProjectStatus::Open,
                capacity: 2,
            },
            state,
            source: PairingSource::Director,
            reason: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            history: Vec::new(),
        }
    }

    #[test]
    fn filters_and_actions_follow_the_state() {
        let p = pairing(PairingState::Proposed, "Ines Baptiste", 4);
        assert!(passes(&p, None, ""));
        assert!(passes(&p, Some(ProjectId(4)), "ines"));
        assert!(!passes(&p, Some(ProjectId(5)), ""));
        assert!(!passes(&p, None, "zora"));
        assert!(can_approve(&p) && can_reject(&p));
        let r = pairing(PairingState::Requested, "A", 1);
        assert!(!can_approve(&r) && can_reject(&r));
        let a = pairing(PairingState::Approved, "A", 1);
        assert!(!can_approve(&a) && !can_reject(&a));
    }
}
