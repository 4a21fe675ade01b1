//! Ranked, explained project matches, shared by "Find my match" and "My matches".

use std::rc::Rc;

use shared::{MatchList, ProjectMatch};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::add_to_ranking::AddToRanking;
use crate::components::project_card::StatusBadge;
use crate::components::score::{ScoreBar, WhyChips};
use crate::components::status::EmptyState;
use crate::context::use_areas;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct MatchResultsProps {
    pub matches: Rc<MatchList>,
    /// Set while a newer request runs: the list stays, marked busy.
    #[prop_or_default]
    pub busy: bool,
}

#[component]
pub fn MatchResults(props: &MatchResultsProps) -> Html {
    let areas = use_areas();
    let inferred = (!props.matches.inferred_areas.is_empty()).then(|| {
        let names: Vec<String> = props
            .matches
            .inferred_areas
            .iter()
            .map(|slug| areas.name_of(slug))
            .collect();
        html! {
            <p class="inferred-areas">
                { "Also read from your text: " }
                <strong>{ names.join(", ") }</strong>
            </p>
        }
    });
    let body = if props.matches.items.is_empty() {
        html! {
            <EmptyState title="No projects match yet">
                <p>{ "Try other words, a broader topic, or choose a research area." }</p>
            </EmptyState>
        }
    } else {
        Html::default()
    };
    html! {
        <div class="match-results-wrap" aria-busy={props.busy.then_some("true")}>
            { for inferred }
            { body }
            <ol class="match-results" aria-live="polite">
                { for props.matches.items.iter().enumerate().map(|(i, m)| html! {
                    <MatchResult rank={i + 1} item={m.clone()} />
                }) }
            </ol>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MatchResultProps {
    pub rank: usize,
    pub item: ProjectMatch,
}

#[component]
pub fn MatchResult(props: &MatchResultProps) -> Html {
    let project = &props.item.project;
    let lab = project.lab.as_ref().map(|lab| {
        html! {
            <>
                { " · " }
                <Link<Route> to={Route::Lab { id: lab.id }}>{ lab.name.clone() }</Link<Route>>
            </>
        }
    });
    html! {
        <li class="match-result">
            <span class="visually-hidden">{ "Rank " }</span>
            <span class="match-rank">{ props.rank }</span>
            <div class="match-main">
                <h3 class="match-title">
                    <Link<Route> to={Route::Project { id: project.id }} classes="project-link">
                        { project.title.clone() }
                    </Link<Route>>
                </h3>
                <p class="match-meta">
                    { "Advisor: " }
                    <Link<Route> to={Route::Faculty { id: project.faculty.id }} classes="faculty-link">
                        { project.faculty.name.clone() }
                    </Link<Route>>
                    { for lab }
                    { " " }
                    <StatusBadge status={project.status} />
                </p>
                <ScoreBar total={props.item.score.total} />
                <WhyChips parts={props.item.score.parts.clone()} />
                <AddToRanking project={project.id} title={project.title.clone()} />
            </div>
        </li>
    }
}
