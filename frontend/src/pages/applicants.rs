//! `/applicants` (faculty): the applicants of each of their projects, their own ranking of
//! applicants (reordered with buttons or the keyboard, then saved), and the pairings of their
//! projects with Endorse for students' requests.

use std::rc::Rc;

use shared::{
    Applicant, ApplicantRanking, ApplicantRankingUpdate, Pairing, PairingQuery, PairingState,
    StudentId,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::applicants::ApplicantList;
use crate::components::form::FormStatus;
use crate::components::pairing::{PairingHistory, PairingStateBadge, source_text};
use crate::components::reorder::{ReorderItem, ReorderList};
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::Access;
use crate::hooks::{use_action, use_remote, use_title};
use crate::route::Route;
use crate::util::{ordinal, points};

#[component]
pub fn ApplicantsPage() -> Html {
    use_title("Applicants");
    html! {
        <Require access={Access::Faculty}>
            <section class="applicants-page">
                <div class="page-intro">
                    <h1>{ "Applicants" }</h1>
                    <p class="lede">
                        { "Students whose certified rank list names one of your projects, your ranking of them, and the pairings of your projects." }
                    </p>
                </div>
                <ProjectsApplicants />
                <ApplicantRankingEditor />
                <FacultyPairings />
            </section>
        </Require>
    }
}

#[component]
fn ProjectsApplicants() -> Html {
    let projects = use_remote((), |()| api::my_projects());
    let body = match (&projects.data, &projects.error) {
        (_, Some(e)) => {
            html! { <ErrorPanel error={e.clone()} on_retry={projects.retry.clone()} /> }
        }
        (Some(list), None) if list.is_empty() => html! {
            <EmptyState title="You have no projects yet" />
        },
        (Some(list), None) => html! {
            <ul class="applicant-projects">
                { for list.iter().map(|p| html! {
                    <li class="card applicant-project" key={p.id.get()} id={format!("applicants-{}", p.id)}>
                        <h3 class="card-title">
                            <Link<Route> to={Route::Project { id: p.id }} classes="project-link">{ p.title.clone() }</Link<Route>>
                        </h3>
                        <ApplicantList project={p.id} />
                    </li>
                }) }
            </ul>
        },
        (None, None) => html! { <Loading label="Loading your projects…" /> },
    };
    html! {
        <section aria-labelledby="by-project-heading">
            <h2 id="by-project-heading">{ "Applicants by project" }</h2>
            { body }
        </section>
    }
}

/// The applications of one student across the faculty member's projects.
fn student_applications(ranking: &ApplicantRanking, student: StudentId) -> Vec<&Applicant> {
    ranking
        .applicants
        .iter()
        .filter(|a| a.student_id == student)
        .collect()
}

#[component]
fn ApplicantRankingEditor() -> Html {
    let remote = use_remote((), |()| api::my_applicant_ranking());
    let projects = use_remote((), |()| api::my_projects());
    let server = use_state(|| None::<Rc<ApplicantRanking>>);
    let order = use_state(Vec::<StudentId>::new);
    let action = use_action();
    {
        let (server, order) = (server.clone(), order.clone());
        use_effect_with(remote.data.clone(), move |data| {
            if let Some(r) = data {
                order.set(r.students.clone());
                server.set(Some(r.clone()));
            }
        });
    }
    let Some(ranking) = (*server).clone() else {
        return html! {
            <section aria-labelledby="ranking-heading">
                <h2 id="ranking-heading">{ "My ranking of applicants" }</h2>
                if let Some(e) = &remote.error {
                    <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} />
                } else {
                    <Loading label="Loading your ranking…" />
                }
            </section>
        };
    };
    let on_change = {
        let (order, action) = (order.clone(), action.clone());
        Callback::from(move |(keys, message): (Vec<StudentId>, String)| {
            order.set(keys);
            action.say(format!("{message} Not saved yet."));
        })
    };
    let save = {
        let (order, action, server) = (order.clone(), action.clone(), server.clone());
        Callback::from(move |_: MouseEvent| {
            let (order, server) = (order.clone(), server.clone());
            let students = (*order).clone();
            action.run_saying(
                "Saving…",
                async move { api::save_applicant_ranking(&ApplicantRankingUpdate { students }).await },
                move |r| {
                    let message = format!("Saved your ranking of {} applicants.", r.students.len());
                    order.set(r.students.clone());
                    server.set(Some(Rc::new(r)));
                    message
                },
            );
        })
    };
    let items: Vec<ReorderItem<StudentId>> = order
        .iter()
        .map(|id| {
            let apps = student_applications(&ranking, *id);
            let name = apps
                .first()
                .map(|a| a.name.clone())
                .unwrap_or_else(|| format!("Student #{id}"));
            let background = apps.first().map(|a| a.background.label()).unwrap_or_default();
            let best = apps.iter().map(|a| a.score).fold(0.0_f32, f32::max);
            let choices: Vec<String> = apps
                .iter()
                .map(|a| {
                    let title = projects
                        .data
                        .as_ref()
                        .and_then(|list| list.iter().find(|p| p.id == a.project_id))
                        .map(|p| format!("“{}”", p.title))
                        .unwrap_or_else(|| format!("project #{}", a.project_id));
                    format!("{} choice: {title}", ordinal(a.position))
                })
                .collect();
            ReorderItem {
                key: *id,
                name: name.clone(),
                body: html! {
                    <>
                        <span class="rank-title">{ name }</span>
                        <span class="match-meta">
                            { format!(" · {background} · score {}", points(best)) }
                        </span>
                        <span class="match-meta applicant-choices">{ format!(" · {}", choices.join("; ")) }</span>
                    </>
                },
            }
        })
        .collect();
    html! {
        <section aria-labelledby="ranking-heading" class="applicant-ranking">
            <h2 id="ranking-heading">{ "My ranking of applicants" }</h2>
            <p class="match-meta">
                { format!(
                    "You ranked {} of {} by hand; the rest follow by match score. The allocation uses this order.",
                    ranking.ranked_by_hand,
                    ranking.students.len()
                ) }
            </p>
            if let Some(e) = action.error() {
                <ErrorPanel error={e} />
            }
            if items.is_empty() {
                <EmptyState title="No applicants to rank yet" />
            } else {
                <p id="applicant-hint" class="field-hint">
                    { "Keyboard: focus a student (Tab) and press Alt+↑ or Alt+↓ to move them; or focus a Move button and press Enter, ↑ or ↓." }
                </p>
                <ReorderList<StudentId>
                    items={items}
                    on_change={on_change}
                    id_prefix="applicant-rank"
                    label="Your ranking of applicants, best first"
                    hint_id="applicant-hint"
                    item_class={Some("applicant-rank-item")}
                    disabled={action.busy()}
                />
                <div class="form-actions">
                    <button type="button" id="applicant-ranking-save" class="button" disabled={action.busy()} onclick={save}>
                        { "Save my ranking" }
                    </button>
                </div>
            }
            <FormStatus text={action.status()} id="applicant-ranking-status" />
        </section>
    }
}

#[component]
fn FacultyPairings() -> Html {
    let version = use_state(|| 0_u32);
    let remote = use_remote(*version, |_| async {
        api::pairings(&PairingQuery::default()).await
    });
    let action = use_action();
    let endorse = {
        let (version, action) = (version.clone(), action.clone());
        Callback::from(move |p: Pairing| {
            let (version, action) = (version.clone(), action.clone());
            spawn_local(async move {
                match api::endorse_pairing(p.id).await {
                    Ok(_) => {
                        action.succeed(format!(
                            "Endorsed {}'s request for “{}”: it goes to the director.",
                            p.student_name, p.project.title
                        ));
                        version.set(*version + 1);
                    }
                    Err(e) => action.fail_keeping_status(e),
                }
            });
        })
    };
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(list), None) if list.is_empty() => {
            html! { <EmptyState title="No pairings for your projects yet" /> }
        }
        (Some(list), None) => html! {
            <ul class="pairing-list">
                { for list.iter().map(|p| {
                    let onclick = {
                        let (endorse, p) = (endorse.clone(), p.clone());
                        Callback::from(move |_: MouseEvent| endorse.emit(p.clone()))
                    };
                    html! {
                        <li class="card faculty-pairing" key={p.id.get()}>
                            <h3 class="card-title">{ format!("{} — {}", p.student_name, p.project.title) }</h3>
                            <p class="match-meta">
                                <PairingStateBadge state={p.state} />
                                { format!(" · {}", source_text(p.source)) }
                            </p>
                            if let Some(reason) = &p.reason {
                                <p class="pairing-reason"><strong>{ "Reason: " }</strong>{ reason.clone() }</p>
                            }
                            <PairingHistory history={p.history.clone()} />
                            if p.state == PairingState::Requested {
                                <button type="button" class="button pairing-endorse" {onclick}>
                                    { "Endorse" }
                                    <span class="visually-hidden">{ format!(" {}'s request", p.student_name) }</span>
                                </button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
        (None, None) => html! { <Loading label="Loading pairings…" /> },
    };
    html! {
        <section aria-labelledby="faculty-pairings-heading">
            <h2 id="faculty-pairings-heading">{ "Pairings of my projects" }</h2>
            <Outcome error={action.error()} status={action.status()} id="faculty-pairings-status" />
            { body }
        </section>
    }
}
