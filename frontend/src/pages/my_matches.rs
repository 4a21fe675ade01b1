//! `/my-matches` (the signed-in student's own) and `/students/:id/matches` (a director looking at a
//! student): the student's profile and their ranked projects, advisors and labs.

use shared::{AdvisorMatch, LabMatch, ProjectScore, ScorePart, Student, StudentId};
use yew::prelude::*;
use yew::virtual_dom::Key;
use yew_router::prelude::*;

use crate::api;
use crate::components::accepting_badge::AcceptingBadge;
use crate::components::access::Require;
use crate::components::area_chips::AreaBadges;
use crate::components::match_results::MatchResults;
use crate::components::score::{ScoreBar, WhyChips};
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::components::tabs::{TabList, TabPanel, TabSpec};
use crate::context::{Access, use_session};
use crate::hooks::{Remote, use_remote, use_title};
use crate::route::Route;

const PROJECT_LIMIT: u32 = 10;

/// `/my-matches`: the signed-in student's matches.
#[component]
pub fn OwnMatchesPage() -> Html {
    html! {
        <Require access={Access::Student}>
            <OwnMatches />
        </Require>
    }
}

#[component]
fn OwnMatches() -> Html {
    let session = use_session();
    match session.me().and_then(|me| me.student_id) {
        Some(id) => html! { <MyMatchesPage {id} own=true /> },
        None => Html::default(),
    }
}

#[derive(Properties, PartialEq)]
pub struct MyMatchesPageProps {
    /// The student's own page (else a director's view of one student).
    #[prop_or_default]
    pub own: bool,
    pub id: StudentId,
}

#[component]
pub fn MyMatchesPage(props: &MyMatchesPageProps) -> Html {
    let id = props.id;
    let student = use_remote(id, api::student);
    let projects = use_remote(id, |id| api::student_matches(id, PROJECT_LIMIT));
    let advisors = use_remote(id, api::student_advisors);
    let labs = use_remote(id, api::student_labs);
    let selected = use_state(|| 0_usize);

    let not_found = student.error.as_ref().is_some_and(|e| e.is_not_found());
    let name = student
        .data
        .as_ref()
        .filter(|_| !student.loading)
        .map(|s| s.name.clone());
    use_title(match (&name, not_found) {
        (_, true) => "Student not found".to_owned(),
        (Some(name), _) => format!("Matches for {name}"),
        (None, _) => "My matches".to_owned(),
    });

    let profile = match (&student.data, &student.error) {
        (_, Some(_)) if not_found => html! {
            <header class="detail-header">
                <h1>{ "Student not found" }</h1>
                <p>{ format!("There is no student #{id}.") }</p>
            </header>
        },
        (_, Some(error)) => html! {
            <>
                <h1>{ "My matches" }</h1>
                <ErrorPanel error={error.clone()} on_retry={student.retry.clone()} />
            </>
        },
        (Some(s), None) if !student.loading => html! {
            <StudentProfile student={(**s).clone()} own={props.own} />
        },
        _ => html! {
            <>
                <h1>{ "My matches" }</h1>
                <Loading label="Loading student…" />
            </>
        },
    };

    let tabs = vec![
        TabSpec {
            key: "projects".into(),
            label: "Projects".into(),
        },
        TabSpec {
            key: "advisors".into(),
            label: "Advisors".into(),
        },
        TabSpec {
            key: "labs".into(),
            label: "Labs".into(),
        },
    ];
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |i: usize| selected.set(i))
    };
    // Not theirs to see: one "sign in" or "no access" panel is enough, not one per tab.
    let blocked = student
        .error
        .as_ref()
        .is_some_and(|e| e.is_forbidden() || e.is_unauthorized());
    let matches = (!not_found && !blocked).then(|| {
        html! {
            <section class="student-matches" aria-label="Matches">
                <TabList tabs={tabs} selected={*selected} on_select={on_select} label="Matches by kind" />
                <TabPanel key_name="projects" selected={*selected == 0}>
                    <h2 class="visually-hidden">{ "Matching projects" }</h2>
                    { remote_view(&projects, "Loading project matches…", |list| html! {
                        <MatchResults matches={list} />
                    }) }
                </TabPanel>
                <TabPanel key_name="advisors" selected={*selected == 1}>
                    <h2 class="visually-hidden">{ "Matching advisors" }</h2>
                    { remote_view(&advisors, "Loading advisors…", |ranked| html! {
                        <AdvisorResults items={ranked.items.clone()} />
                    }) }
                </TabPanel>
                <TabPanel key_name="labs" selected={*selected == 2}>
                    <h2 class="visually-hidden">{ "Matching labs" }</h2>
                    { remote_view(&labs, "Loading labs…", |ranked| html! {
                        <LabResults items={ranked.items.clone()} />
                    }) }
                </TabPanel>
            </section>
        }
    });

    html! {
        <section class="my-matches">
            <div class="profile-bar">
                <div class="profile-main">{ profile }</div>
                if props.own {
                    <p class="profile-edit">
                        <Link<Route> to={Route::Profile} classes="button button-secondary">
                            { "Edit my profile" }
                        </Link<Route>>
                    </p>
                }
            </div>
            { for matches }
        </section>
    }
}

/// Loading, error or the view of the data of one tab.
fn remote_view<T>(
    remote: &Remote<T>,
    loading: &'static str,
    view: impl FnOnce(std::rc::Rc<T>) -> Html,
) -> Html {
    match (&remote.data, &remote.error) {
        (_, Some(error)) => {
            html! { <ErrorPanel error={error.clone()} on_retry={remote.retry.clone()} /> }
        }
        (Some(data), None) if !remote.loading => view(data.clone()),
        _ => html! { <Loading label={loading} /> },
    }
}

#[derive(Properties, PartialEq)]
struct StudentProfileProps {
    student: Student,
    own: bool,
}

#[component]
fn StudentProfile(props: &StudentProfileProps) -> Html {
    let s = &props.student;
    html! {
        <header class="detail-header student-profile">
            <p class="card-kicker">{ if props.own { "My matches" } else { "Student matches" } }</p>
            <h1>{ s.name.clone() }</h1>
            <dl class="facts facts-inline">
                <div>
                    <dt>{ "Background" }</dt>
                    <dd>{ s.background.label() }</dd>
                </div>
                if !s.areas.is_empty() {
                    <div>
                        <dt>{ "Areas" }</dt>
                        <dd><AreaBadges areas={s.areas.clone()} /></dd>
                    </div>
                }
                if !s.skills.is_empty() {
                    <div>
                        <dt>{ "Skills" }</dt>
                        <dd>{ s.skills.join(", ") }</dd>
                    </div>
                }
            </dl>
            if !s.interests.trim().is_empty() {
                <figure class="interests">
                    <blockquote>
                        <p>{ format!("\u{201c}{}\u{201d}", s.interests.trim()) }</p>
                    </blockquote>
                    <figcaption>{ "In their own words" }</figcaption>
                </figure>
            }
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct ProjectScoresProps {
    projects: Vec<ProjectScore>,
}

/// "Best projects": links with their scores.
#[component]
fn ProjectScores(props: &ProjectScoresProps) -> Html {
    if props.projects.is_empty() {
        return Html::default();
    }
    html! {
        <div class="best-projects">
            <p class="best-projects-label">{ "Best projects" }</p>
            <ul>
                { for props.projects.iter().take(3).map(|p| html! {
                    <li>
                        <Link<Route> to={Route::Project { id: p.project_id }} classes="project-link">
                            { p.title.clone() }
                        </Link<Route>>
                        <span class="project-score">
                            { format!(" · score {}", p.total.clamp(0.0, 100.0).round()) }
                        </span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// One advisor or lab of a ranked list.
struct Ranked {
    key: Key,
    /// Its linked name.
    link: Html,
    /// The line under the name.
    meta: Html,
    total: f32,
    projects: Vec<ProjectScore>,
    evidence: Vec<ScorePart>,
}

/// A ranked list of advisors or labs (`kind`: "advisor", "lab"): rank, linked name, a line about
/// it, score, best projects and why they match; `empty` says there are none.
fn ranked_results(kind: &str, empty: &'static str, items: Vec<Ranked>) -> Html {
    if items.is_empty() {
        return html! { <EmptyState title={empty} /> };
    }
    html! {
        <ol class={classes!("ranked-results", format!("{kind}-results"))}>
            { for items.into_iter().enumerate().map(|(i, item)| html! {
                <li class={classes!("ranked-result", format!("{kind}-result"))} key={item.key}>
                    <span class="visually-hidden">{ "Rank " }</span>
                    <span class="match-rank">{ i + 1 }</span>
                    <div class="match-main">
                        <h3 class="match-title">{ item.link }</h3>
                        { item.meta }
                        <ScoreBar total={item.total} />
                        <ProjectScores projects={item.projects} />
                        <WhyChips parts={item.evidence} />
                    </div>
                </li>
            }) }
        </ol>
    }
}

#[derive(Properties, PartialEq)]
struct AdvisorResultsProps {
    items: Vec<AdvisorMatch>,
}

#[component]
fn AdvisorResults(props: &AdvisorResultsProps) -> Html {
    let items = props.items.iter().map(|m| {
        let f = &m.faculty;
        Ranked {
            key: f.id.get().into(),
            link: html! {
                <Link<Route> to={Route::Faculty { id: f.id }} classes="faculty-link">
                    { f.name.clone() }
                </Link<Route>>
            },
            meta: html! {
                <p class="match-meta">
                    { format!("{}, {} ", f.title, f.department) }
                    <AcceptingBadge accepting={f.accepting_students} />
                </p>
            },
            total: m.total,
            projects: m.projects.clone(),
            evidence: m.evidence.clone(),
        }
    });
    ranked_results("advisor", "No advisors match yet", items.collect())
}

#[derive(Properties, PartialEq)]
struct LabResultsProps {
    items: Vec<LabMatch>,
}

#[component]
fn LabResults(props: &LabResultsProps) -> Html {
    let items = props.items.iter().map(|m| {
        let lab = &m.lab;
        Ranked {
            key: lab.id.get().into(),
            link: html! {
                <Link<Route> to={Route::Lab { id: lab.id }} classes="lab-link">
                    { lab.name.clone() }
                </Link<Route>>
            },
            meta: html! {
                <p class="match-meta">{ format!("{} · {}", lab.department, lab.school) }</p>
            },
            total: m.total,
            projects: m.projects.clone(),
            evidence: m.evidence.clone(),
        }
    });
    ranked_results("lab", "No labs match yet", items.collect())
}
