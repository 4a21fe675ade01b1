//! `/allocations` (directors): run the allocation (stable student- or supervisor-optimal, or
//! welfare), list the runs, compare two side by side (rank histograms, statistics, who moves),
//! read one run in full and publish it as proposed pairings.

use shared::{
    AllocationMode, AllocationOptimal, AllocationRequest, AllocationRun, AllocationSummary, RunId,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::capacity_editor::CapacityEditor;
use crate::components::charts::{BarChart, Series, histogram_groups};
use crate::components::data_table::DataTable;
use crate::components::form::focus_id;
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::Access;
use crate::hooks::{use_action, use_remote, use_title};
use crate::route::Route;
use crate::util::{count, iso, local_time, ordinal};

#[component]
pub fn AllocationsPage() -> Html {
    use_title("Allocations");
    html! {
        <Require access={Access::Director}>
            <Allocations />
        </Require>
    }
}

/// "Stable, student-optimal", "Stable, supervisor-optimal", "Welfare".
pub fn run_kind(optimal: AllocationOptimal, mode: AllocationMode) -> &'static str {
    match (mode, optimal) {
        (AllocationMode::Welfare, _) => "Welfare (most students matched)",
        (AllocationMode::Stable, AllocationOptimal::Student) => "Stable, student-optimal",
        (AllocationMode::Stable, AllocationOptimal::Supervisor) => "Stable, supervisor-optimal",
    }
}

/// The two runs to compare, older first; choosing a third drops the oldest choice.
pub fn toggle_compare(chosen: &[RunId], id: RunId) -> Vec<RunId> {
    let mut next: Vec<RunId> = chosen.iter().copied().filter(|c| *c != id).collect();
    if next.len() == chosen.len() {
        next.push(id);
        if next.len() > 2 {
            next.remove(0);
        }
    }
    next
}

#[component]
fn Allocations() -> Html {
    let version = use_state(|| 0_u32);
    let runs = use_remote(*version, |_| api::allocations());
    let compare = use_state(Vec::<RunId>::new);
    let detail = use_state(|| None::<RunId>);
    let action = use_action();
    let run = {
        let (version, action, detail) = (version.clone(), action.clone(), detail.clone());
        move |optimal: AllocationOptimal, mode: AllocationMode| {
            let (version, action, detail) = (version.clone(), action.clone(), detail.clone());
            Callback::from(move |_: MouseEvent| {
                let (version, detail) = (version.clone(), detail.clone());
                action.run_saying(
                    format!("Running {}…", run_kind(optimal, mode).to_lowercase()),
                    async move { api::run_allocation(&AllocationRequest { optimal, mode }).await },
                    move |r| {
                        detail.set(Some(r.id));
                        version.set(*version + 1);
                        format!(
                            "Run #{}: {} matched {} of {} students, {}.",
                            r.id,
                            run_kind(r.optimal, r.mode),
                            r.matched,
                            r.students,
                            count(
                                r.blocking_pairs.len() as u64,
                                "blocking pair",
                                "blocking pairs"
                            )
                        )
                    },
                );
            })
        }
    };
    let on_compare = {
        let compare = compare.clone();
        Callback::from(move |id: RunId| compare.set(toggle_compare(&compare, id)))
    };
    let on_view = {
        let detail = detail.clone();
        Callback::from(move |id: RunId| {
            detail.set(Some(id));
            focus_id("run-detail");
        })
    };
    let on_published = {
        let version = version.clone();
        Callback::from(move |()| version.set(*version + 1))
    };
    let list = match (&runs.data, &runs.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={runs.retry.clone()} /> },
        (Some(list), None) if list.is_empty() => html! {
            <EmptyState title="No runs yet">
                <p>{ "Run an allocation above (allocation phase only). Runs are stored, so you can compare them and publish one." }</p>
            </EmptyState>
        },
        (Some(list), None) => html! {
            <RunTable
                runs={(**list).clone()}
                compare={(*compare).clone()}
                on_compare={on_compare}
                on_view={on_view}
                viewing={*detail}
            />
        },
        (None, None) => html! { <Loading label="Loading runs…" /> },
    };
    let comparison = match compare.as_slice() {
        [a, b] => html! { <RunCompare a={(*a).min(*b)} b={(*a).max(*b)} /> },
        _ => html! {
            <p class="match-meta compare-hint">{ "Tick “Compare” on two runs to see them side by side." }</p>
        },
    };
    html! {
        <section class="allocations-page">
            <div class="page-intro">
                <h1>{ "Allocations" }</h1>
                <p class="lede">
                    { "Allocate students to projects from their certified rank lists, the advisors' rankings and the seats left. A stable allocation leaves no student and advisor who would both rather be together; welfare matches the most students." }
                </p>
                <p class="match-meta">
                    { "To change a capacity, use “Change a capacity” below (or a project's editor), then run again. " }
                    <Link<Route> to={Route::Dashboard}>{ "Capacity use is on the dashboard." }</Link<Route>>
                </p>
            </div>
            <div class="form-actions run-actions" role="group" aria-label="Run an allocation">
                <button type="button" id="run-student" class="button" disabled={action.busy()}
                    onclick={run(AllocationOptimal::Student, AllocationMode::Stable)}>
                    { "Run student-optimal" }
                </button>
                <button type="button" id="run-supervisor" class="button" disabled={action.busy()}
                    onclick={run(AllocationOptimal::Supervisor, AllocationMode::Stable)}>
                    { "Run supervisor-optimal" }
                </button>
                <button type="button" id="run-welfare" class="button" disabled={action.busy()}
                    onclick={run(AllocationOptimal::Student, AllocationMode::Welfare)}>
                    { "Run welfare" }
                </button>
            </div>
            <Outcome error={action.error()} status={action.status()} id="run-status" />
            <section aria-labelledby="runs-heading">
                <h2 id="runs-heading">{ "Runs" }</h2>
                { list }
            </section>
            <section aria-labelledby="compare-heading">
                <h2 id="compare-heading">{ "Compare two runs" }</h2>
                { comparison }
            </section>
            <div id="run-detail" tabindex="-1">
                if let Some(id) = *detail {
                    <RunDetail key={id.get()} {id} on_published={on_published} />
                }
            </div>
            <CapacityEditor />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RunTableProps {
    runs: Vec<AllocationSummary>,
    compare: Vec<RunId>,
    on_compare: Callback<RunId>,
    on_view: Callback<RunId>,
    viewing: Option<RunId>,
}

#[component]
fn RunTable(props: &RunTableProps) -> Html {
    html! {
        <DataTable
            class="runs-table"
            caption="Allocation runs, newest first"
            columns={vec!["Run", "When", "Kind", "Matched", "Blocking pairs", "Published", "Actions"]}
        >
            { for props.runs.iter().map(|r| {
                let id = r.id;
                let check = {
                    let on_compare = props.on_compare.clone();
                    Callback::from(move |_: Event| on_compare.emit(id))
                };
                let view = {
                    let on_view = props.on_view.clone();
                    Callback::from(move |_: MouseEvent| on_view.emit(id))
                };
                let first = r.rank_histogram.first().copied().unwrap_or(0);
                html! {
                    <tr class={classes!("run-summary", (props.viewing == Some(id)).then_some("is-current"))} id={format!("run-{id}")} key={id.get()}>
                        <th scope="row">{ format!("#{id}") }</th>
                        <td><time datetime={iso(r.created_at)}>{ local_time(r.created_at) }</time></td>
                        <td class="run-kind">{ run_kind(r.optimal, r.mode) }</td>
                        <td class="run-matched">
                            { format!("{} of {}", r.matched, r.students) }
                            <span class="match-meta">{ format!(" · {first} got their 1st choice") }</span>
                        </td>
                        <td>{ r.blocking_pairs }</td>
                        <td>
                            if let Some(at) = &r.published_at {
                                <span class="badge status-open run-published">{ "Published" }</span>
                                <span class="visually-hidden">{ format!(" {}", local_time(*at)) }</span>
                            } else {
                                { "No" }
                            }
                        </td>
                        <td>
                            <div class="row-actions">
                                <label class="checkbox">
                                    <input
                                        type="checkbox"
                                        class="run-compare-check"
                                        checked={props.compare.contains(&id)}
                                        onchange={check}
                                    />
                                    { "Compare" }<span class="visually-hidden">{ format!(" run #{id}") }</span>
                                </label>
                                <button type="button" class="button button-secondary run-view" onclick={view}>
                                    { "Details" }<span class="visually-hidden">{ format!(" of run #{id}") }</span>
                                </button>
                            </div>
                        </td>
                    </tr>
                }
            }) }
        </DataTable>
    }
}

#[derive(Properties, PartialEq)]
struct RunChartProps {
    run: AllocationRun,
}

/// A run's rank histogram and its numbers.
#[component]
fn RunColumn(props: &RunChartProps) -> Html {
    let r = &props.run;
    let groups = histogram_groups(&r.rank_histogram, r.unmatched);
    let total_rank: u64 = r
        .rank_histogram
        .iter()
        .enumerate()
        .map(|(i, n)| (i as u64 + 1) * u64::from(*n))
        .sum();
    let mean = if r.matched > 0 {
        format!("{:.2}", total_rank as f64 / f64::from(r.matched))
    } else {
        "–".to_owned()
    };
    let description = groups
        .iter()
        .map(|g| format!("{}: {}", g.label, g.values.first().copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <div class="run-column">
            <h3>{ format!("Run #{} · {}", r.id, run_kind(r.optimal, r.mode)) }</h3>
            <BarChart
                id={format!("histogram-{}", r.id)}
                title={format!("Run #{}: students by the choice they got", r.id)}
                description={description}
                series={vec![Series { name: "Students".into(), class: "series-a" }]}
                groups={groups}
                class={classes!("histogram")}
            />
            <dl class="facts run-stats">
                <dt>{ "Matched" }</dt><dd>{ format!("{} of {}", r.matched, r.students) }</dd>
                <dt>{ "Unmatched" }</dt><dd>{ r.unmatched }</dd>
                <dt>{ "Mean choice of the matched" }</dt><dd>{ mean }</dd>
                <dt>{ "Blocking pairs" }</dt><dd>{ r.blocking_pairs.len() }</dd>
                <dt>{ "Took" }</dt><dd>{ format!("{:.3} s", r.seconds) }</dd>
            </dl>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RunCompareProps {
    a: RunId,
    b: RunId,
}

#[component]
fn RunCompare(props: &RunCompareProps) -> Html {
    let a = use_remote(props.a, api::allocation);
    let b = use_remote(props.b, api::allocation);
    let diff = use_remote((props.a, props.b), |(a, b)| api::allocation_diff(a, b));
    let column = |remote: &crate::hooks::Remote<AllocationRun>| match (&remote.data, &remote.error)
    {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(r), None) => html! { <RunColumn run={(**r).clone()} /> },
        (None, None) => html! { <Loading label="Loading the run…" /> },
    };
    let moves = match (&diff.data, &diff.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={diff.retry.clone()} /> },
        (Some(d), None) if d.moves.is_empty() => html! {
            <p class="diff-none">{ format!("No student moves: all {} have the same outcome in both runs.", d.unchanged) }</p>
        },
        (Some(d), None) => html! {
            <div class="table-wrap">
                <table class="data-table diff-table">
                    <caption>{ format!(
                        "Who moves from run #{} to run #{} ({} unchanged)",
                        d.from, d.to, d.unchanged
                    ) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Student" }</th>
                            <th scope="col">{ format!("Run #{}", d.from) }</th>
                            <th scope="col">{ format!("Run #{}", d.to) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for d.moves.iter().map(|m| html! {
                            <tr class="diff-row" key={m.student_id.get()}>
                                <th scope="row">{ m.student_name.clone() }</th>
                                <td>{ m.from.as_ref().map(|p| p.title.clone()).unwrap_or_else(|| "Unmatched".to_owned()) }</td>
                                <td>
                                    <span aria-hidden="true">{ "→ " }</span>
                                    { m.to.as_ref().map(|p| p.title.clone()).unwrap_or_else(|| "Unmatched".to_owned()) }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
        (None, None) => html! { <Loading label="Comparing…" /> },
    };
    html! {
        <div class="run-compare">
            <div class="run-columns">
                { column(&a) }
                { column(&b) }
            </div>
            { moves }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RunDetailProps {
    id: RunId,
    on_published: Callback<()>,
}

#[component]
fn RunDetail(props: &RunDetailProps) -> Html {
    let version = use_state(|| 0_u32);
    let remote = use_remote((props.id, *version), |(id, _)| api::allocation(id));
    let confirming = use_state(|| false);
    let report = use_state(|| None::<shared::PublishReport>);
    let action = use_action();
    {
        let confirming = *confirming;
        use_effect_with(confirming, |c| {
            if *c {
                focus_id("publish-confirm");
            }
        });
    }
    let Some(run) = remote.data.clone() else {
        return match &remote.error {
            Some(e) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
            None => html! { <Loading label="Loading the run…" /> },
        };
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let publish = {
        let (confirming, report, action, version) = (
            confirming.clone(),
            report.clone(),
            action.clone(),
            version.clone(),
        );
        let (id, on_published) = (props.id, props.on_published.clone());
        Callback::from(move |_: MouseEvent| {
            let (confirming, report, action, version, on_published) = (
                confirming.clone(),
                report.clone(),
                action.clone(),
                version.clone(),
                on_published.clone(),
            );
            action.start_quietly();
            spawn_local(async move {
                let result = api::publish_allocation(id).await;
                confirming.set(false);
                match result {
                    Ok(r) => {
                        action.succeed_silently();
                        report.set(Some(r));
                        version.set(*version + 1);
                        on_published.emit(());
                    }
                    Err(e) => action.fail(e),
                }
            });
        })
    };
    let matched: Vec<_> = run
        .assignments
        .iter()
        .filter(|a| a.project.is_some())
        .collect();
    let unmatched: Vec<_> = run
        .assignments
        .iter()
        .filter(|a| a.project.is_none())
        .collect();
    let matched_count = matched.len() as u64;
    html! {
        <section class="run-detail card" aria-labelledby="run-detail-heading">
            <h2 id="run-detail-heading">{ format!("Run #{} · {}", run.id, run_kind(run.optimal, run.mode)) }</h2>
            <p class="match-meta">
                { format!("{} by {} · ", local_time(run.created_at), run.created_by) }
                { format!("{} of {} matched · ", run.matched, run.students) }
                <span class="run-blocking">{ count(run.blocking_pairs.len() as u64, "blocking pair", "blocking pairs") }</span>
                if let Some(at) = &run.published_at {
                    { format!(" · published {}", local_time(*at)) }
                }
            </p>
            <div class="publish-area">
                if *confirming {
                    <div class="notice publish-confirm-box" role="group" aria-labelledby="publish-question">
                        <p id="publish-question">
                            { format!(
                                "Publish run #{}? Its {} become proposed pairings; proposals from earlier runs are withdrawn; approved pairings stay. You then approve them on Pairings.",
                                run.id,
                                count(matched_count, "assignment", "assignments")
                            ) }
                        </p>
                        <div class="form-actions">
                            <button type="button" id="publish-confirm" class="button" disabled={action.busy()} onclick={publish}>{ "Yes, publish" }</button>
                            <button type="button" id="publish-cancel" class="button button-secondary" onclick={cancel}>{ "Cancel" }</button>
                        </div>
                    </div>
                } else {
                    <button type="button" id="publish-run" class="button" disabled={action.busy()} onclick={ask}>
                        { "Publish this run" }
                    </button>
                }
            </div>
            if let Some(e) = action.error() {
                <ErrorPanel error={e} />
            }
            <div role="status" aria-live="polite" id="publish-report">
                if let Some(r) = &*report {
                    <p class="publish-report">
                        { format!(
                            "Published run #{}: {} new proposed pairings, {} earlier proposals replaced, {} already proposed. ",
                            r.run, r.proposed, r.replaced, r.already_proposed
                        ) }
                        <Link<Route> to={Route::Pairings}>{ "Approve them on Pairings" }</Link<Route>>
                    </p>
                }
            </div>
            <h3>{ "Assignments" }</h3>
            if matched.is_empty() {
                <p>{ "Nobody is matched in this run." }</p>
            } else {
                <DataTable
                    class="assignments-table"
                    caption={format!("Assignments of run #{}", run.id)}
                    columns={vec!["Student", "Project", "Their choice", "Advisor"]}
                >
                    { for matched.iter().filter_map(|a| a.project.as_ref().map(|p| (a, p))).map(|(a, p)| html! {
                        <tr class="assignment-row" key={a.student_id.get()}>
                            <th scope="row">{ a.student_name.clone() }</th>
                            <td>
                                <Link<Route> to={Route::Project { id: p.id }} classes="project-link">{ p.title.clone() }</Link<Route>>
                                { " " }
                                <Link<Route> to={Route::EditProject { id: p.id }} classes="match-meta">
                                    { "Edit capacity" }<span class="visually-hidden">{ format!(" of “{}”", p.title) }</span>
                                </Link<Route>>
                            </td>
                            <td>{ a.rank.map(ordinal).unwrap_or_default() }</td>
                            <td>{ p.faculty.name.clone() }</td>
                        </tr>
                    }) }
                </DataTable>
            }
            <h3>{ format!("Unmatched students ({})", unmatched.len()) }</h3>
            if unmatched.is_empty() {
                <p>{ "Every student is matched." }</p>
            } else {
                <ul class="unmatched-list">
                    { for unmatched.iter().map(|a| html! {
                        <li class="unmatched-student" key={a.student_id.get()}>
                            <strong>{ a.student_name.clone() }</strong>
                            { format!(": {}", a.unmatched.map(|w| w.explain()).unwrap_or("no project was available")) }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_keeps_the_two_latest_choices() {
        let (r3, r5, r7) = (RunId(3), RunId(5), RunId(7));
        assert_eq!(toggle_compare(&[], r3), [r3]);
        assert_eq!(toggle_compare(&[r3], r5), [r3, r5]);
        assert_eq!(toggle_compare(&[r3, r5], r7), [r5, r7]);
        assert_eq!(toggle_compare(&[r3, r5], r3), [r5]);
        assert_eq!(
            run_kind(AllocationOptimal::Supervisor, AllocationMode::Welfare),
            "Welfare (most students matched)"
        );
    }
}
