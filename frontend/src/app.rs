//! Routes, the page layout (skip link, header, main navigation, footer) and the app root.

use shared::Id;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::context::{AreasProvider, UserProvider, use_current_user};
use crate::hooks::use_remote;
use crate::pages::{
    faculty::FacultyPage, faculty_list::FacultyListPage, home::ExplorePage, lab::LabPage,
    labs::LabsPage, match_page::MatchPage, my_matches::MyMatchesPage, not_found::NotFoundPage,
    project::ProjectPage,
};

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/projects/:id")]
    Project { id: Id },
    #[at("/labs")]
    Labs,
    #[at("/labs/:id")]
    Lab { id: Id },
    #[at("/faculty")]
    FacultyList,
    #[at("/faculty/:id")]
    Faculty { id: Id },
    #[at("/match")]
    Match,
    #[at("/students/:id/matches")]
    StudentMatches { id: Id },
    #[not_found]
    #[at("/404")]
    NotFound,
}

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <ExplorePage /> },
        Route::Project { id } => html! { <ProjectPage {id} /> },
        Route::Labs => html! { <LabsPage /> },
        Route::Lab { id } => html! { <LabPage {id} /> },
        Route::FacultyList => html! { <FacultyListPage /> },
        Route::Faculty { id } => html! { <FacultyPage {id} /> },
        Route::Match => html! { <MatchPage /> },
        Route::StudentMatches { id } => html! { <MyMatchesPage {id} /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <AreasProvider>
                <UserProvider>
                    <Layout>
                        <Switch<Route> render={switch} />
                    </Layout>
                </UserProvider>
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
    MyMatches,
    None,
}

fn section_of(route: &Route) -> Section {
    match route {
        Route::Home | Route::Project { .. } => Section::Explore,
        Route::Labs | Route::Lab { .. } => Section::Labs,
        Route::FacultyList | Route::Faculty { .. } => Section::Faculty,
        Route::Match => Section::Match,
        Route::StudentMatches { .. } => Section::MyMatches,
        Route::NotFound => Section::None,
    }
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
    let current = use_current_user();
    let my_matches = current.user.student_id.map(|id| {
        let viewing = current.user.display_name().unwrap_or_default();
        html! {
            <li>
                <NavLink
                    to={Route::StudentMatches { id }}
                    active={section == Section::MyMatches}
                    title={format!("Matches for {viewing} (demo student)")}
                >
                    { "My matches" }
                </NavLink>
            </li>
        }
    });
    html! {
        <header class="site-header">
            <div class="container header-inner">
                <Link<Route> to={Route::Home} classes="site-name">
                    <span class="site-mark" aria-hidden="true">{ "TM" }</span>
                    { "ThesisMatch" }
                </Link<Route>>
                <nav aria-label="Main" class="main-nav">
                    <ul>
                        <li>
                            <NavLink to={Route::Home} active={section == Section::Explore}>
                                { "Explore" }
                            </NavLink>
                        </li>
                        <li>
                            <NavLink to={Route::Labs} active={section == Section::Labs}>
                                { "Labs" }
                            </NavLink>
                        </li>
                        <li>
                            <NavLink to={Route::FacultyList} active={section == Section::Faculty}>
                                { "Faculty" }
                            </NavLink>
                        </li>
                        <li>
                            <NavLink to={Route::Match} active={section == Section::Match}>
                                { "Find my match" }
                            </NavLink>
                        </li>
                        { for my_matches }
                    </ul>
                </nav>
            </div>
        </header>
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
                <p>{ "Demo data is fictional." }</p>
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
            class={classes!("nav-link", props.active.then_some("active"))}
            aria-current={is_page.then_some("page")}
            title={props.title.clone()}
            {onclick}
        >
            { props.children.clone() }
        </a>
    }
}
