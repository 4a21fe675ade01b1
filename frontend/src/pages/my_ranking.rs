//! `/my-ranking` (students): the working rank list, reordered with buttons or the keyboard, saved
//! and certified (only a certified list counts), the certified version beside it, and the
//! student's pairings with their history and a Withdraw button.

use std::rc::Rc;

use shared::{
    Pairing, PairingQuery, Phase, ProjectId, RankList, RankListUpdate, RankedProject, Reason,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::form::{FormStatus, focus_id};
use crate::components::pairing::{PairingHistory, PairingStateBadge, source_text};
use crate::components::project_card::StatusBadge;
use crate::components::reorder::{ReorderItem, ReorderList};
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::Access;
use crate::hooks::{use_action, use_remote, use_title};
use crate::route::Route;
use crate::util::{from_now, is_past, iso, local_time};

#[component]
pub fn MyRankingPage() -> Html {
    use_title("My rank list");
    html! {
        <Require access={Access::Student}>
            <MyRanking />
            <MyPairings />
        </Require>
    }
}

fn ids(list: &[RankedProject]) -> Vec<ProjectId> {
    list.iter().map(|p| p.project.id).collect()
}

#[component]
fn MyRanking() -> Html {
    let remote = use_remote((), |()| api::my_ranking());
    // The list as the server last answered (from the fetch or a save), and the working order.
    let server = use_state(|| None::<Rc<RankList>>);
    let order = use_state(Vec::<RankedProject>::new);
    let action = use_action();
    {
        let (server, order) = (server.clone(), order.clone());
        use_effect_with(remote.data.clone(), move |data| {
            if let Some(list) = data {
                order.set(list.projects.clone());
                server.set(Some(list.clone()));
            }
        });
    }
    let Some(list) = (*server).clone() else {
        return match &remote.error {
            Some(e) => html! {
                <section class="my-ranking">
                    <h1>{ "My rank list" }</h1>
                    <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} />
                </section>
            },
            None => html! { <Loading label="Loading your rank list…" /> },
        };
    };
    let dirty = ids(&order) != ids(&list.projects);

    // Takes the server's answer as the new state.
    let accept = {
        let (server, order) = (server.clone(), order.clone());
        Rc::new(move |list: RankList| {
            order.set(list.projects.clone());
            server.set(Some(Rc::new(list)));
        })
    };
    let on_change = {
        let (order, action) = (order.clone(), action.clone());
        Callback::from(move |(keys, message): (Vec<ProjectId>, String)| {
            let mut next = Vec::with_capacity(keys.len());
            for k in keys {
                if let Some(p) = order.iter().find(|p| p.project.id == k) {
                    next.push(p.clone());
                }
            }
            order.set(next);
            action.say(format!("{message} Not saved yet."));
        })
    };
    let on_remove = {
        let (order, action) = (order.clone(), action.clone());
        Callback::from(move |key: ProjectId| {
            let title = order
                .iter()
                .find(|p| p.project.id == key)
                .map(|p| p.project.title.clone())
                .unwrap_or_default();
            order.set(
                order
                    .iter()
                    .filter(|p| p.project.id != key)
                    .cloned()
                    .collect(),
            );
            action.say(format!("Removed “{title}” from your list. Not saved yet."));
        })
    };
    // Saves (when `certify`, then certifies) the working order.
    let submit = {
        let (action, order) = (action.clone(), order.clone());
        let accept = accept.clone();
        Rc::new(move |certify: bool, dirty: bool| {
            let (action, accept) = (action.clone(), accept.clone());
            let projects = ids(&order);
            action.start(if certify {
                "Certifying…"
            } else {
                "Saving…"
            });
            spawn_local(async move {
                let mut result = Ok(None);
                if dirty || !certify {
                    result = api::save_my_ranking(&RankListUpdate { projects })
                        .await
                        .map(Some);
                }
                if certify && result.is_ok() {
                    result = api::certify_my_ranking().await.map(Some);
                }
                match result {
                    Ok(Some(list)) => {
                        let n = list.projects.len();
                        action.succeed(if certify {
                            format!(
                                "Certified your list of {n} projects. It is the one that counts."
                            )
                        } else {
                            format!("Saved your list of {n} projects. Certify it for it to count.")
                        });
                        accept(list);
                    }
                    Ok(None) => {
                        action.stop();
                        action.clear_status();
                    }
                    Err(e) => {
                        // The error panel (role="alert") says it; the status line need not.
                        action.fail(e);
                        focus_id("rank-error");
                    }
                }
            });
        })
    };
    let save = {
        let submit = submit.clone();
        Callback::from(move |_: MouseEvent| submit(false, dirty))
    };
    let certify = Callback::from(move |_: MouseEvent| submit(true, dirty));

    let cycle = &list.cycle;
    let open = cycle.phase == Phase::Ranking && !is_past(cycle.ranking_deadline);
    let items: Vec<ReorderItem<ProjectId>> = order
        .iter()
        .map(|p| ReorderItem {
            key: p.project.id,
            name: format!("“{}”", p.project.title),
            body: html! {
                <>
                    <Link<Route> to={Route::Project { id: p.project.id }} classes="project-link rank-title">
                        { p.project.title.clone() }
                    </Link<Route>>
                    <span class="match-meta">
                        { format!(" · {}", p.project.faculty.name) }
                        if p.project.status != shared::ProjectStatus::Open {
                            { " " }<StatusBadge status={p.project.status} />
                        }
                    </span>
                </>
            },
        })
        .collect();
    let certified_differs = ids(&list.certified) != ids(&order);
    let warning = (list.certified_at.is_some() && (list.changed_since_certified || dirty)).then(|| {
        html! {
            <p class="rank-warning" role="note">
                <strong>{ "Not certified: " }</strong>
                { "you have changed your list since you certified it. Your certified list is the one that counts until you certify again." }
            </p>
        }
    });
    let certified = (!list.certified.is_empty()).then(|| {
        html! {
            <section class="certified-list card" aria-labelledby="certified-heading">
                <h2 id="certified-heading">{ "Certified list" }</h2>
                if let Some(at) = &list.certified_at {
                    <p class="certified-at">
                        { "Certified on " }<time datetime={iso(*at)}>{ local_time(*at) }</time>
                    </p>
                }
                if certified_differs {
                    <p class="match-meta">{ "This is the version that counts; it differs from your working list." }</p>
                }
                <ol class="certified-items">
                    { for list.certified.iter().map(|p| html! {
                        <li class="certified-item">{ p.project.title.clone() }</li>
                    }) }
                </ol>
            </section>
        }
    });
    html! {
        <section class="my-ranking" aria-labelledby="ranking-heading">
            <div class="page-intro">
                <h1 id="ranking-heading">{ "My rank list" }</h1>
                <p class="lede">
                    { "Put the projects you want in order, first choice first. Only a certified list counts." }
                </p>
                <dl class="facts facts-inline cycle-facts">
                    <div><dt>{ "Cycle" }</dt><dd>{ cycle.name.clone() }</dd></div>
                    <div><dt>{ "Phase" }</dt><dd class="cycle-phase">{ cycle.phase.label() }</dd></div>
                    <div>
                        <dt>{ "Ranking deadline" }</dt>
                        <dd class="rank-deadline">
                            <time datetime={iso(cycle.ranking_deadline)}>{ local_time(cycle.ranking_deadline) }</time>
                            { format!(" ({})", from_now(cycle.ranking_deadline)) }
                        </dd>
                    </div>
                    <div><dt>{ "Longest list" }</dt><dd>{ format!("{} projects", cycle.max_ranked) }</dd></div>
                </dl>
                if !open {
                    <p class="notice" role="status">{ "Rank lists cannot change now: the cycle is not in the ranking phase, or the deadline has passed. Your certified list is the one that counts." }</p>
                }
            </div>
            if let Some(at) = &list.certified_at {
                if !list.changed_since_certified && !dirty {
                    <p class="rank-certified">
                        { "Certified on " }<time datetime={iso(*at)}>{ local_time(*at) }</time>{ "." }
                    </p>
                }
            } else {
                <p class="rank-warning" role="note">{ "You have not certified a list yet: nothing counts until you do." }</p>
            }
            { for warning }
            <div id="rank-error" tabindex="-1">
                if let Some(e) = action.error() {
                    <ErrorPanel error={e} />
                }
            </div>
            <div class="ranking-layout">
                <div class="ranking-main">
                    <h2>{ "Working list" }</h2>
                    <p id="rank-hint" class="field-hint rank-hint">
                        { "Keyboard: focus a project (Tab) and press Alt+↑ or Alt+↓ to move it; or focus its Move up / Move down button and press Enter, ↑ or ↓. Focus stays on the project you move." }
                    </p>
                    if items.is_empty() {
                        <EmptyState title="Your rank list is empty">
                            <p>
                                { "Add projects with “Add to my rank list” on " }
                                <Link<Route> to={Route::MyMatches}>{ "My matches" }</Link<Route>>
                                { ", " }
                                <Link<Route> to={Route::Match}>{ "Find my match" }</Link<Route>>
                                { " or a project's page." }
                            </p>
                        </EmptyState>
                    } else {
                        <ReorderList<ProjectId>
                            items={items}
                            on_change={on_change}
                            on_remove={Some(on_remove)}
                            id_prefix="rank-item"
                            label="Working rank list, first choice first"
                            hint_id="rank-hint"
                            disabled={action.busy() || !open}
                        />
                    }
                    <div class="form-actions">
                        <button type="button" id="rank-save" class="button button-secondary" disabled={action.busy() || !open} onclick={save}>
                            { "Save" }
                        </button>
                        <button type="button" id="rank-certify" class="button" disabled={action.busy() || !open} onclick={certify}>
                            { if dirty { "Save and certify" } else { "Certify" } }
                        </button>
                    </div>
                    <FormStatus text={action.status()} id="rank-status" />
                </div>
                { for certified }
            </div>
        </section>
    }
}

/// The student's pairings: project, state, how it came about, history and Withdraw.
#[component]
fn MyPairings() -> Html {
    let version = use_state(|| 0_u32);
    let remote = use_remote(*version, |_| async {
        api::pairings(&PairingQuery::default()).await
    });
    let action = use_action();
    let on_withdraw = {
        let (version, action) = (version.clone(), action.clone());
        Callback::from(move |(p, reason): (Pairing, String)| {
            let (version, action) = (version.clone(), action.clone());
            spawn_local(async move {
                match api::withdraw_pairing(p.id, &Reason { reason }).await {
                    Ok(_) => {
                        action
                            .succeed(format!("Withdrew your pairing with “{}”.", p.project.title));
                        version.set(*version + 1);
                    }
                    Err(e) => action.fail_keeping_status(e),
                }
            });
        })
    };
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(list), None) if list.is_empty() => html! {
            <EmptyState title="No pairings yet">
                <p>{ "When the director proposes or approves a project for you, it appears here and in your inbox." }</p>
            </EmptyState>
        },
        (Some(list), None) => html! {
            <ul class="pairing-list">
                { for list.iter().map(|p| html! {
                    <StudentPairing key={p.id.get()} pairing={p.clone()} on_withdraw={on_withdraw.clone()} />
                }) }
            </ul>
        },
        (None, None) => html! { <Loading label="Loading your pairings…" /> },
    };
    html! {
        <section id="my-pairing" class="my-pairings" aria-labelledby="pairing-heading">
            <h2 id="pairing-heading">{ "My pairing" }</h2>
            <Outcome error={action.error()} status={action.status()} id="pairing-status" />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StudentPairingProps {
    pairing: Pairing,
    on_withdraw: Callback<(Pairing, String)>,
}

#[component]
fn StudentPairing(props: &StudentPairingProps) -> Html {
    let p = &props.pairing;
    let asking = use_state(|| false);
    let reason = use_state(String::new);
    let field_id = format!("withdraw-reason-{}", p.id);
    {
        let field_id = field_id.clone();
        use_effect_with(*asking, move |asking| {
            if *asking {
                focus_id(&field_id);
            }
        });
    }
    let open = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(true))
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(false))
    };
    let confirm = {
        let (asking, reason) = (asking.clone(), reason.clone());
        let (on_withdraw, pairing) = (props.on_withdraw.clone(), p.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            asking.set(false);
            on_withdraw.emit((pairing.clone(), (*reason).clone()));
        })
    };
    let oninput = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(crate::util::event_value(&e)))
    };
    html! {
        <li class="card my-pairing">
            <h3 class="card-title">
                <Link<Route> to={Route::Project { id: p.project.id }} classes="project-link">{ p.project.title.clone() }</Link<Route>>
            </h3>
            <p class="match-meta">
                <PairingStateBadge state={p.state} />
                { format!(" · {} · Advisor: {}", source_text(p.source), p.project.faculty.name) }
            </p>
            if let Some(reason) = &p.reason {
                <p class="pairing-reason"><strong>{ "Reason: " }</strong>{ reason.clone() }</p>
            }
            <PairingHistory history={p.history.clone()} />
            if p.state.is_live() {
                if *asking {
                    <form class="withdraw-form" onsubmit={confirm}>
                        <label for={field_id.clone()}>{ "Why are you withdrawing? (optional)" }</label>
                        <textarea id={field_id.clone()} rows="2" value={(*reason).clone()} {oninput} />
                        <div class="form-actions">
                            <button type="submit" class="button pairing-withdraw-confirm">{ "Withdraw" }</button>
                            <button type="button" class="button button-secondary" onclick={cancel}>{ "Cancel" }</button>
                        </div>
                    </form>
                } else {
                    <button type="button" class="button button-secondary pairing-withdraw" onclick={open}>
                        { "Withdraw" }<span class="visually-hidden">{ format!(" from “{}”", p.project.title) }</span>
                    </button>
                }
            }
        </li>
    }
}
