//! `/dashboard` (directors): seats against first choices per area, advisors' capacity use,
//! rank-list states, pairings by state and days to the deadline, as SVG charts with text
//! alternatives.

use shared::{Dashboard, PairingState};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::charts::{BarChart, BarGroup, LoadChart, LoadRow, Series};
use crate::components::status::{ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{use_remote, use_title};
use crate::route::Route;
use crate::util::{count, iso, local_time};

/// Advisors shown before "Show all".
const TOP_ADVISORS: usize = 15;

#[component]
pub fn DashboardPage() -> Html {
    use_title("Dashboard");
    html! {
        <Require access={Access::Director}>
            <DashboardView />
        </Require>
    }
}

#[component]
fn DashboardView() -> Html {
    let remote = use_remote((), |()| api::dashboard());
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(d), None) => html! { <Charts dashboard={(**d).clone()} /> },
        (None, None) => html! { <Loading label="Loading the dashboard…" /> },
    };
    html! {
        <section class="dashboard-page">
            <div class="page-intro">
                <h1>{ "Dashboard" }</h1>
                <p class="lede">{ "Where the cycle stands: demand, capacity, rank lists and pairings." }</p>
            </div>
            { body }
        </section>
    }
}

/// Advisors busiest first (approved + proposed against capacity), then by name.
fn advisor_rows(d: &Dashboard) -> Vec<LoadRow> {
    let mut rows: Vec<LoadRow> = d
        .advisors
        .iter()
        .map(|a| LoadRow {
            label: a.faculty.name.clone(),
            approved: a.approved,
            proposed: a.proposed,
            capacity: a.capacity,
        })
        .collect();
    rows.sort_by(|a, b| {
        let use_of =
            |r: &LoadRow| f64::from(r.approved + r.proposed) / f64::from(r.capacity.max(1));
        use_of(b)
            .total_cmp(&use_of(a))
            .then_with(|| a.label.cmp(&b.label))
    });
    rows
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    dashboard: Dashboard,
}

#[component]
fn Charts(props: &ChartsProps) -> Html {
    let d = &props.dashboard;
    let show_all = use_state(|| false);
    let areas: Vec<BarGroup> = d
        .areas
        .iter()
        .map(|a| BarGroup {
            label: a.name.clone(),
            values: vec![a.open_seats, a.first_choices],
        })
        .collect();
    let short_areas: Vec<String> = d
        .areas
        .iter()
        .filter(|a| a.first_choices > a.open_seats)
        .map(|a| a.name.clone())
        .collect();
    let areas_desc = if short_areas.is_empty() {
        "Every area has at least as many open seats as first choices.".to_owned()
    } else {
        format!(
            "More first choices than open seats in: {}.",
            short_areas.join(", ")
        )
    };
    let rows = advisor_rows(d);
    let total_rows = rows.len();
    let shown: Vec<LoadRow> = if *show_all {
        rows
    } else {
        rows.into_iter().take(TOP_ADVISORS).collect()
    };
    let full = d
        .advisors
        .iter()
        .filter(|a| a.approved >= a.capacity && a.capacity > 0)
        .count();
    let lists = vec![
        BarGroup {
            label: "Certified".to_owned(),
            values: vec![d.lists_certified],
        },
        BarGroup {
            label: "Draft".to_owned(),
            values: vec![d.lists_draft],
        },
        BarGroup {
            label: "None".to_owned(),
            values: vec![d.lists_none],
        },
    ];
    let pairings: Vec<BarGroup> = PairingState::ALL
        .iter()
        .map(|s| BarGroup {
            label: s.label().to_owned(),
            values: vec![
                d.pairings
                    .iter()
                    .find(|(state, _)| state == s)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            ],
        })
        .collect();
    let toggle = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let days = d.days_to_deadline;
    let days_text = match days {
        0 => "The ranking deadline is today.".to_owned(),
        n if n > 0 => format!(
            "{} to the ranking deadline.",
            count(n.unsigned_abs(), "day", "days")
        ),
        n => format!(
            "The ranking deadline passed {} ago.",
            count(n.unsigned_abs(), "day", "days")
        ),
    };
    html! {
        <div class="dashboard-grid">
            <section class="card dashboard-card deadline-card" aria-labelledby="deadline-heading">
                <h2 id="deadline-heading">{ "Days to the deadline" }</h2>
                <p class="big-number" aria-hidden="true">{ days }</p>
                <p>{ days_text }</p>
                <p class="match-meta">
                    { format!("{} cycle · {} phase · deadline ", d.cycle.name, d.cycle.phase.label()) }
                    <time datetime={iso(d.cycle.ranking_deadline)}>{ local_time(d.cycle.ranking_deadline) }</time>
                    { " · " }
                    <Link<Route> to={Route::Cycle}>{ "Change" }</Link<Route>>
                </p>
            </section>
            <section class="card dashboard-card" aria-labelledby="areas-heading">
                <h2 id="areas-heading">{ "Seats and first choices per area" }</h2>
                <BarChart
                    id="chart-areas"
                    title="Open seats vs first choices, by research area"
                    description={areas_desc}
                    series={vec![
                        Series { name: "Open seats".into(), class: "series-a" },
                        Series { name: "First choices".into(), class: "series-b" },
                    ]}
                    groups={areas}
                />
            </section>
            <section class="card dashboard-card" aria-labelledby="lists-heading">
                <h2 id="lists-heading">{ "Rank lists" }</h2>
                <BarChart
                    id="chart-lists"
                    title="Students by rank-list state"
                    description={format!(
                        "{} certified, {} draft (not certified or changed since), {} without a list.",
                        d.lists_certified, d.lists_draft, d.lists_none
                    )}
                    series={vec![Series { name: "Students".into(), class: "series-a" }]}
                    groups={lists}
                />
            </section>
            <section class="card dashboard-card" aria-labelledby="pairings-heading">
                <h2 id="pairings-heading">{ "Pairings by state" }</h2>
                <BarChart
                    id="chart-pairings"
                    title="Pairings by state"
                    description={d.pairings.iter().map(|(s, n)| format!("{} {n}", s.label())).collect::<Vec<_>>().join(", ")}
                    series={vec![Series { name: "Pairings".into(), class: "series-b" }]}
                    groups={pairings}
                />
                <p><Link<Route> to={Route::Pairings}>{ "Review pairings" }</Link<Route>></p>
            </section>
            <section class="card dashboard-card dashboard-wide" aria-labelledby="advisors-heading">
                <h2 id="advisors-heading">{ "Capacity use per advisor" }</h2>
                <LoadChart
                    id="chart-advisors"
                    title={if *show_all { "All advisors".to_owned() } else { format!("The {} busiest advisors", shown.len()) }}
                    description={format!(
                        "{} of {} advisors have their capacity taken by approved pairings.",
                        full,
                        d.advisors.len()
                    )}
                    rows={shown}
                />
                if total_rows > TOP_ADVISORS {
                    <button type="button" class="button button-link" aria-expanded={if *show_all { "true" } else { "false" }} onclick={toggle}>
                        { if *show_all { "Show the busiest 15".to_owned() } else { format!("Show all {total_rows} advisors") } }
                    </button>
                }
            </section>
        </div>
    }
}
