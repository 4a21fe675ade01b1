//! The route switch, the page layout (skip link, header, main navigation, footer) and the app root.

use shared::{ProjectId, Role};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::context::{
    Access, AreasProvider, InboxProvider, SessionProvider, use_inbox, use_session,
};
use crate::hooks::{Menu, use_menu, use_remote};
use crate::pages::{
    account::AccountPage, allocations::AllocationsPage, api_docs::ApiDocsPage,
    applicants::ApplicantsPage, audit::AuditPage, cycle_settings::CyclePage,
    dashboard::DashboardPage, disclosures::DisclosuresPage, faculty::FacultyPage,
    faculty_list::FacultyListPage, home::ExplorePage, import::ImportPage, inbox::InboxPage,
    lab::LabPage, labs::LabsPage, login::LoginPage, match_page::MatchPage,
    my_matches::MyMatchesPage, my_matches::OwnMatchesPage, my_projects::MyProjectsPage,
    my_ranking::MyRankingPage, my_record::MyRecordPage, not_found::NotFoundPage,
    pairings::PairingsPage, people::PeoplePage, profile::ProfilePage, project::ProjectPage,
    project_editor::ProjectEditorPage, reset::ResetPage, taxonomy::TaxonomyPage,
};
use crate::route::Route;

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <ExplorePage /> },
        Route::NewProject => html! { <ProjectEditorPage id={None::<ProjectId>} /> },
        Route::EditProject { id } => html! { <ProjectEditorPage id={Some(id)} /> },
        Route::Project { id } => html! { <ProjectPage {id} /> },
        Route::Labs => html! { <LabsPage /> },
        Route::Lab { id } => html! { <LabPage {id} /> },
        Route::FacultyList => html! { <FacultyListPage /> },
        Route::Faculty { id } => html! { <FacultyPage {id} /> },
        Route::Match => html! { <MatchPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::Reset => html! { <ResetPage /> },
        Route::Account => html! { <AccountPage /> },
        Route::Profile => html! { <ProfilePage /> },
        Route::MyMatches => html! { <OwnMatchesPage /> },
        Route::StudentMatches { id } => html! {
            // The server decides whose matches these are to see (the student, or a director).
            <Require access={Access::SignedIn}><MyMatchesPage {id} /></Require>
        },
        Route::MyProjects => html! { <MyProjectsPage /> },
        Route::MyRecord => html! { <MyRecordPage /> },
        Route::MyDisclosures => html! { <DisclosuresPage /> },
        Route::People => html! { <PeoplePage /> },
        Route::Import => html! { <ImportPage /> },
        Route::Audit => html! { <AuditPage /> },
        Route::Taxonomy => html! { <TaxonomyPage /> },
        Route::ApiDocs => html! { <ApiDocsPage /> },
        Route::MyRanking => html! { <MyRankingPage /> },
        Route::Inbox => html! { <InboxPage /> },
        Route::Applicants => html! { <ApplicantsPage /> },
        Route::Cycle => html! { <CyclePage /> },
        Route::Pairings => html! { <PairingsPage /> },
        Route::Dashboard => html! { <DashboardPage /> },
        Route::Allocations => html! { <AllocationsPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <AreasProvider>
                <SessionProvider>
                    <InboxProvider>
                        <Layout>
                            <Switch<Route> render={switch} />
                        </Layout>
                    </InboxProvider>
                </SessionProvider>
            </AreasProvider>
        </BrowserRouter>
    }
}

/// The top-level sections the main navigation marks as current.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Explore,
    Labs,
    Faculty,
    Match,
    Profile,
    MyMatches,
    MyProjects,
    MyRecord,
    People,
    Import,
    Audit,
    Taxonomy,
    MyRanking,
    Inbox,
    Applicants,
    Cycle,
    Pairings,
    Dashboard,
    Allocations,
    None,
}

fn section_of(route: &Route) -> Section {
    match route {
        Route::Home | Route::Project { .. } => Section::Explore,
        Route::Labs | Route::Lab { .. } => Section::Labs,
        Route::FacultyList | Route::Faculty { .. } => Section::Faculty,
        Route::Match => Section::Match,
        Route::Profile => Section::Profile,
        Route::MyMatches => Section::MyMatches,
        Route::MyProjects | Route::NewProject | Route::EditProject { .. } => Section::MyProjects,
        Route::MyRecord => Section::MyRecord,
        Route::People | Route::StudentMatches { .. } => Section::People,
        Route::Import => Section::Import,
        Route::Audit => Section::Audit,
        Route::Taxonomy => Section::Taxonomy,
        Route::MyRanking => Section::MyRanking,
        Route::Inbox => Section::Inbox,
        Route::Applicants => Section::Applicants,
        Route::Cycle => Section::Cycle,
        Route::Pairings => Section::Pairings,
        Route::Dashboard => Section::Dashboard,
        Route::Allocations => Section::Allocations,
        Route::Login
        | Route::Reset
        | Route::Account
        | Route::MyDisclosures
        | Route::ApiDocs
        | Route::NotFound => Section::None,
    }
}

/// The director's thesis-cycle pages, grouped under "Program" in the header.
fn program_items(role: Option<Role>) -> Vec<(Route, Section, &'static str)> {
    match role {
        Some(Role::Director | Role::Admin) => vec![
            (Route::Dashboard, Section::Dashboard, "Dashboard"),
            (Route::Cycle, Section::Cycle, "Cycle"),
            (Route::Pairings, Section::Pairings, "Pairings"),
            (Route::Allocations, Section::Allocations, "Allocations"),
        ],
        _ => Vec::new(),
    }
}

/// The main navigation for a role (`None`: a visitor): each link and its section.
fn nav_items(role: Option<Role>) -> Vec<(Route, Section, &'static str)> {
    let mut items = vec![
        (Route::Home, Section::Explore, "Explore"),
        (Route::Labs, Section::Labs, "Labs"),
        (Route::FacultyList, Section::Faculty, "Faculty"),
        (Route::Match, Section::Match, "Find my match"),
    ];
    match role {
        Some(Role::Student) => {
            items.push((Route::Profile, Section::Profile, "My profile"));
            items.push((Route::MyMatches, Section::MyMatches, "My matches"));
            items.push((Route::MyRanking, Section::MyRanking, "My rank list"));
        }
        Some(Role::Faculty) => {
            items.push((Route::MyProjects, Section::MyProjects, "My projects"));
            items.push((Route::MyRecord, Section::MyRecord, "My record"));
            items.push((Route::Applicants, Section::Applicants, "Applicants"));
        }
        Some(Role::Director | Role::Admin) => {
            items.push((Route::People, Section::People, "People"));
            items.push((Route::Import, Section::Import, "Import"));
            items.push((Route::Audit, Section::Audit, "Audit log"));
            items.push((Route::Taxonomy, Section::Taxonomy, "Taxonomy"));
        }
        None => {}
    }
    items
}

#[derive(Properties, PartialEq)]
struct LayoutProps {
    #[prop_or_default]
    children: Html,
}

fn focus_main(main: &NodeRef) {
    if let Some(main) = main.cast::<web_sys::HtmlElement>()
        && main.focus().is_err()
    {
        gloo::console::warn!("could not focus the main content");
    }
}

#[component]
fn Layout(props: &LayoutProps) -> Html {
    let main_ref = use_node_ref();
    let path = use_location()
        .map(|l| l.path().to_owned())
        .unwrap_or_default();
    let first_render = use_mut_ref(|| true);
    {
        // After client-side navigation, move focus to the new page (as a full page load would) and
        // start at the top.
        let main_ref = main_ref.clone();
        use_effect_with(path, move |_| {
            let first = std::mem::replace(&mut *first_render.borrow_mut(), false);
            if !first {
                focus_main(&main_ref);
                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    }
    let skip = {
        let main_ref = main_ref.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            focus_main(&main_ref);
        })
    };
    html! {
        <>
            <a class="skip-link" href="#main" onclick={skip}>{ "Skip to content" }</a>
            <SiteHeader />
            <main id="main" tabindex="-1" ref={main_ref}>
                <div class="container">
                    { props.children.clone() }
                </div>
            </main>
            <SiteFooter />
        </>
    }
}

#[component]
fn SiteHeader() -> Html {
    let route = use_route::<Route>();
    let section = route.as_ref().map(section_of).unwrap_or(Section::None);
    let session = use_session();
    let role = session.session.role();
    let links = nav_items(role).into_iter().map(|(to, s, label)| {
        html! {
            <li>
                <NavLink {to} active={section == s}>{ label }</NavLink>
            </li>
        }
    });
    let program = program_items(role);
    let program = (!program.is_empty()).then(|| {
        html! {
            <li><ProgramMenu items={program} {section} /></li>
        }
    });
    let inbox = session.me().is_some().then(|| {
        html! { <li><InboxLink active={section == Section::Inbox} /></li> }
    });
    let account = if session.session.is_loading() {
        Html::default()
    } else if session.me().is_some() {
        html! { <AccountMenu /> }
    } else {
        html! {
            <NavLink to={Route::Login} active={route == Some(Route::Login)} class="nav-signin">
                { "Sign in" }
            </NavLink>
        }
    };
    html! {
        <header class="site-header">
            <div class="container header-inner">
                <Link<Route> to={Route::Home} classes="site-name">
                    <span class="site-mark" aria-hidden="true">{ "TM" }</span>
                    { "ThesisMatch" }
                </Link<Route>>
                <nav aria-label="Main" class="main-nav">
                    <ul>
                        { for links }
                        { for program }
                        { for inbox }
                    </ul>
                </nav>
                <div class="account-area">{ account }</div>
            </div>
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct InboxLinkProps {
    active: bool,
}

/// "Inbox (2)": the unread count, refreshed on every navigation.
#[component]
fn InboxLink(props: &InboxLinkProps) -> Html {
    let inbox = use_inbox();
    let unread = inbox.unread.unwrap_or(0);
    let title = (unread > 0).then(|| AttrValue::from(format!("{unread} unread")));
    html! {
        <NavLink to={Route::Inbox} active={props.active} class="nav-inbox" {title}>
            { "Inbox" }
            if unread > 0 {
                { " " }
                <span class="inbox-count">{ format!("({unread})") }</span>
                <span class="visually-hidden">{ " unread" }</span>
            }
        </NavLink>
    }
}

#[derive(Properties, PartialEq)]
struct ProgramMenuProps {
    items: Vec<(Route, Section, &'static str)>,
    section: Section,
}

/// The director's cycle pages under one disclosure ("Program"), so the header does not wrap.
/// A `<details>`: Enter or Space opens it, Escape closes it and returns focus to its button.
#[component]
fn ProgramMenu(props: &ProgramMenuProps) -> Html {
    let Menu {
        key,
        node,
        onkeydown,
    } = use_menu("Program menu");
    let active = props.items.iter().any(|(_, s, _)| *s == props.section);
    html! {
        <details class="program-menu" key={key} ref={node} {onkeydown}>
            <summary class={classes!("nav-link", "program-summary", active.then_some("active"))}>
                { "Program" }
            </summary>
            <ul class="program-panel">
                { for props.items.iter().cloned().map(|(to, s, label)| html! {
                    <li><NavLink {to} active={props.section == s}>{ label }</NavLink></li>
                }) }
            </ul>
        </details>
    }
}

/// The signed-in person's name and role, with Change password and Sign out.
#[component]
fn AccountMenu() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let Menu {
        key,
        node,
        onkeydown,
    } = use_menu("account menu");
    let Some(me) = session.me().cloned() else {
        return Html::default();
    };
    let sign_out = {
        let sign_out = session.sign_out.clone();
        Callback::from(move |_: MouseEvent| {
            sign_out.emit(());
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Home);
            }
        })
    };
    html! {
        <details class="account-menu" key={key} ref={node} {onkeydown}>
            <summary class="account-summary">
                <span class="account-name">{ me.name.clone() }</span>
                <span class="account-role">{ me.role.label() }</span>
            </summary>
            <div class="account-panel">
                <p class="account-email">{ me.email.to_string() }</p>
                <ul>
                    <li>
                        <Link<Route> to={Route::Account} classes="nav-account">
                            { "Change password" }
                        </Link<Route>>
                    </li>
                    if me.role == Role::Student {
                        <li>
                            <Link<Route> to={Route::MyDisclosures} classes="nav-disclosures">
                                { "Who has seen my record" }
                            </Link<Route>>
                        </li>
                    }
                    <li>
                        <button type="button" class="button button-link nav-signout" onclick={sign_out}>
                            { "Sign out" }
                        </button>
                    </li>
                </ul>
            </div>
        </details>
    }
}

#[component]
fn SiteFooter() -> Html {
    let health = use_remote((), |()| api::health());
    let server = health.data.map(|h| {
        html! {
            <p class="server-status">
                { format!("ThesisMatch {} · {} database", h.version, h.database) }
            </p>
        }
    });
    html! {
        <footer class="site-footer">
            <div class="container">
                <p>
                    { "Demo data is fictional. " }
                    <Link<Route> to={Route::ApiDocs}>{ "API documentation" }</Link<Route>>
                </p>
                { for server }
            </div>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct NavLinkProps {
    to: Route,
    /// The current page is in this link's section.
    active: bool,
    #[prop_or_default]
    title: Option<AttrValue>,
    #[prop_or_default]
    class: Option<&'static str>,
    #[prop_or_default]
    children: Html,
}

/// A main-navigation link: `aria-current="page"` on the exact page, `.active` in its section.
#[component]
fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let is_page = current.as_ref() == Some(&props.to);
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            let modified = e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key();
            if modified || e.button() != 0 {
                return;
            }
            if let Some(navigator) = &navigator {
                e.prevent_default();
                navigator.push(&to);
            }
        })
    };
    html! {
        <a
            href={props.to.to_path()}
            class={classes!("nav-link", props.class, props.active.then_some("active"))}
            aria-current={is_page.then_some("page")}
            title={props.title.clone()}
            {onclick}
        >
            { props.children.clone() }
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_grows_with_the_role() {
        let labels = |role| -> Vec<&str> { nav_items(role).into_iter().map(|i| i.2).collect() };
        assert_eq!(
            labels(None),
            ["Explore", "Labs", "Faculty", "Find my match"]
        );
        assert!(labels(Some(Role::Student)).ends_with(&[
            "My profile",
            "My matches",
            "My rank list"
        ]));
        assert!(labels(Some(Role::Faculty)).ends_with(&["My projects", "My record", "Applicants"]));
        let program: Vec<&str> = program_items(Some(Role::Director))
            .into_iter()
            .map(|i| i.2)
            .collect();
        assert_eq!(program, ["Dashboard", "Cycle", "Pairings", "Allocations"]);
        assert!(program_items(Some(Role::Student)).is_empty());
        assert_eq!(Route::recognize("/my-ranking"), Some(Route::MyRanking));
        assert_eq!(Route::recognize("/allocations"), Some(Route::Allocations));
        assert!(labels(Some(Role::Admin)).ends_with(&[
            "People",
            "Import",
            "Audit log",
            "Taxonomy"
        ]));
    }
}
