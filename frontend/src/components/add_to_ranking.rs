//! "Add to my rank list" on a project (students only): appends it to the working rank list; and
//! "Request this project", which asks its advisor for a pairing.

use shared::{PairingRequest, ProjectId, RankListUpdate};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::context::{Access, use_session};

#[derive(Properties, PartialEq)]
pub struct AddToRankingProps {
    pub project: ProjectId,
    pub title: AttrValue,
}

/// What adding `project` to a list of `ids` (holding at most `max`) should do.
#[derive(Debug, PartialEq)]
pub enum AddOutcome {
    /// Already there, at this position (1-based).
    AlreadyThere(usize),
    Full,
    /// The list to save.
    Save(Vec<ProjectId>),
}

pub fn add_outcome(ids: &[ProjectId], project: ProjectId, max: u32) -> AddOutcome {
    if let Some(i) = ids.iter().position(|id| *id == project) {
        AddOutcome::AlreadyThere(i + 1)
    } else if ids.len() >= max as usize {
        AddOutcome::Full
    } else {
        let mut next = ids.to_vec();
        next.push(project);
        AddOutcome::Save(next)
    }
}

/// A button for signed-in students (nothing for anyone else) and a polite status line.
#[component]
pub fn AddToRanking(props: &AddToRankingProps) -> Html {
    let session = use_session();
    let status = use_state(|| None::<String>);
    let busy = use_state(|| false);
    if !session.me().is_some_and(|me| Access::Student.allows(me)) {
        return Html::default();
    }
    let onclick = {
        let (status, busy) = (status.clone(), busy.clone());
        let project = props.project;
        let title = props.title.to_string();
        Callback::from(move |_: MouseEvent| {
            let (status, busy, title) = (status.clone(), busy.clone(), title.clone());
            busy.set(true);
            status.set(Some("Adding…".to_owned()));
            spawn_local(async move {
                let message = match api::my_ranking().await {
                    Err(e) => e.message(),
                    Ok(list) => {
                        let ids: Vec<ProjectId> =
                            list.projects.iter().map(|p| p.project.id).collect();
                        match add_outcome(&ids, project, list.cycle.max_ranked) {
                            AddOutcome::AlreadyThere(n) => {
                                format!("“{title}” is already on your rank list, at position {n}.")
                            }
                            AddOutcome::Full => format!(
                                "Your rank list is full: it holds at most {} projects. Remove one on My rank list first.",
                                list.cycle.max_ranked
                            ),
                            AddOutcome::Save(projects) => {
                                let n = projects.len();
                                match api::save_my_ranking(&RankListUpdate { projects }).await {
                                    Ok(_) => format!(
                                        "Added “{title}” to your rank list at position {n}. Certify the list on My rank list for it to count."
                                    ),
                                    Err(e) => e.message(),
                                }
                            }
                        }
                    }
                };
                busy.set(false);
                status.set(Some(message));
            });
        })
    };
    html! {
        <div class="add-to-ranking-wrap">
            <button
                type="button"
                class="button button-secondary add-to-ranking"
                disabled={*busy}
                {onclick}
            >
                { "Add to my rank list" }
                <span class="visually-hidden">{ format!(": {}", props.title) }</span>
            </button>
            <span class="add-to-ranking-status" role="status" aria-live="polite">
                { (*status).clone().unwrap_or_default() }
            </span>
        </div>
    }
}

/// Asks the advisor for a pairing on the project (students; ranking or allocation phase). The
/// advisor may endorse it, and the director then decides.
#[component]
pub fn RequestPairing(props: &AddToRankingProps) -> Html {
    let session = use_session();
    let status = use_state(|| None::<String>);
    if !session.me().is_some_and(|me| Access::Student.allows(me)) {
        return Html::default();
    }
    let onclick = {
        let status = status.clone();
        let project_id = props.project;
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            status.set(Some("Sending…".to_owned()));
            spawn_local(async move {
                let message = match api::request_pairing(&PairingRequest { project_id }).await {
                    Ok(_) => "Requested: the advisor can now endorse it. Follow it on My rank list and in your inbox.".to_owned(),
                    Err(e) => e.message(),
                };
                status.set(Some(message));
            });
        })
    };
    html! {
        <div class="add-to-ranking-wrap">
            <button type="button" class="button button-link request-pairing" {onclick}>
                { "Request this project" }
                <span class="visually-hidden">{ format!(": {}", props.title) }</span>
            </button>
            <span class="request-pairing-status" role="status" aria-live="polite">
                { (*status).clone().unwrap_or_default() }
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_appends_once_and_respects_the_limit() {
        let ids = [ProjectId(3), ProjectId(4)];
        assert_eq!(
            add_outcome(&ids, ProjectId(5), 10),
            AddOutcome::Save(vec![ProjectId(3), ProjectId(4), ProjectId(5)])
        );
        assert_eq!(
            add_outcome(&ids, ProjectId(4), 10),
            AddOutcome::AlreadyThere(2)
        );
        assert_eq!(add_outcome(&ids, ProjectId(5), 2), AddOutcome::Full);
    }
}
