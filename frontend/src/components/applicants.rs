//! The applicants of one project: students whose certified rank list names it, with their
//! position for it, the match score and its reasons.

use shared::ProjectId;
use yew::prelude::*;

use crate::api;
use crate::components::score::{ScoreBar, WhyChips};
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::hooks::use_remote;
use crate::util::ordinal;

#[derive(Properties, PartialEq)]
pub struct ApplicantListProps {
    pub project: ProjectId,
}

#[component]
pub fn ApplicantList(props: &ApplicantListProps) -> Html {
    let remote = use_remote(props.project, api::project_applicants);
    match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(list), None) if list.is_empty() => html! {
            <EmptyState title="No applicants yet">
                <p>{ "Students appear here once they certify a rank list that names this project." }</p>
            </EmptyState>
        },
        (Some(list), None) => html! {
            <ol class="ranked-results applicant-results">
                { for list.iter().map(|a| html! {
                    <li class="ranked-result applicant" key={a.student_id.get()}>
                        <span class="visually-hidden">{ "Their choice: " }</span>
                        <span class="match-rank" title="Their position for this project">{ a.position }</span>
                        <div class="match-main">
                            <h4 class="match-title applicant-name">{ a.name.clone() }</h4>
                            <p class="match-meta">
                                { format!(
                                    "{} · ranks this project {} choice",
                                    a.background.label(),
                                    ordinal(a.position)
                                ) }
                                if let Some(r) = a.faculty_rank {
                                    { format!(" · your rank: {r}") }
                                }
                            </p>
                            <ScoreBar total={a.score} />
                            <WhyChips parts={a.reasons.clone()} />
                        </div>
                    </li>
                }) }
            </ol>
        },
        (None, None) => html! { <Loading label="Loading applicants…" /> },
    }
}
