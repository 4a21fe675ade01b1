//! App-wide context: who is signed in (from the session cookie, via `GET /api/me`) and the
//! program's research areas, loaded once.

use std::rc::Rc;

use shared::{Me, ResearchArea, Role};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::hooks::use_remote;

/// What the app knows about the person using it.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// `GET /api/me` has not answered yet.
    Loading,
    SignedOut,
    SignedIn(Rc<Me>),
}

impl Session {
    pub fn me(&self) -> Option<&Me> {
        match self {
            Session::SignedIn(me) => Some(me),
            Session::Loading | Session::SignedOut => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.me().map(|me| me.role)
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Session::Loading)
    }
}

#[derive(Clone, PartialEq)]
pub struct SessionContext {
    pub session: Session,
    /// After a successful sign-in: the answer of `POST /api/auth/login`.
    pub signed_in: Callback<Me>,
    /// Ends the session on the server, then forgets it here.
    pub sign_out: Callback<()>,
    /// Forgets the session here (a request answered 401: it has ended).
    pub expired: Callback<()>,
}

impl SessionContext {
    pub fn me(&self) -> Option<&Me> {
        self.session.me()
    }
}

/// Where each role starts after signing in.
pub fn home_path(role: Role) -> &'static str {
    match role {
        Role::Student => "/profile",
        Role::Faculty => "/my-projects",
        Role::Director | Role::Admin => "/people",
    }
}

/// Who may open a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    SignedIn,
    Student,
    Faculty,
    Director,
}

impl Access {
    pub fn allows(self, me: &Me) -> bool {
        match self {
            Access::SignedIn => true,
            Access::Student => me.role == Role::Student && me.student_id.is_some(),
            Access::Faculty => me.role == Role::Faculty && me.faculty_id.is_some(),
            Access::Director => me.role.is_director(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn SessionProvider(props: &ProviderProps) -> Html {
    let session = use_state(|| Session::Loading);
    {
        let session = session.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                match api::me().await {
                    Ok(me) => session.set(Session::SignedIn(Rc::new(me))),
                    Err(e) => {
                        if !e.is_unauthorized() {
                            gloo::console::warn!(format!("ThesisMatch session: {}", e.detail()));
                        }
                        session.set(Session::SignedOut);
                    }
                }
            });
        });
    }
    let signed_in = {
        let session = session.clone();
        Callback::from(move |me: Me| session.set(Session::SignedIn(Rc::new(me))))
    };
    let expired = {
        let session = session.clone();
        Callback::from(move |()| session.set(Session::SignedOut))
    };
    let sign_out = {
        let session = session.clone();
        Callback::from(move |()| {
            let session = session.clone();
            spawn_local(async move {
                if let Err(e) = api::logout().await {
                    gloo::console::warn!(format!("ThesisMatch sign-out: {}", e.detail()));
                }
                session.set(Session::SignedOut);
            });
        })
    };
    let context = SessionContext {
        session: (*session).clone(),
        signed_in,
        sign_out,
        expired,
    };
    html! {
        <ContextProvider<SessionContext> {context}>
            { props.children.clone() }
        </ContextProvider<SessionContext>>
    }
}

/// The session; outside a [`SessionProvider`] (never in the app) signed out.
#[hook]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or_else(|| SessionContext {
        session: Session::SignedOut,
        signed_in: Callback::noop(),
        sign_out: Callback::noop(),
        expired: Callback::noop(),
    })
}

/// The program's research areas, for filter chips and for naming area slugs.
#[derive(Clone, PartialEq, Default)]
pub struct Areas {
    pub list: Rc<Vec<ResearchArea>>,
    pub loading: bool,
    pub error: Option<ApiErrorKind>,
}

impl Areas {
    /// "Medical Imaging" for `imaging`; the slug itself if the areas have not loaded.
    pub fn name_of(&self, slug: &str) -> String {
        self.list
            .iter()
            .find(|a| a.slug == slug)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| slug.to_owned())
    }
}

#[component]
pub fn AreasProvider(props: &ProviderProps) -> Html {
    let remote = use_remote((), |()| api::areas());
    let context = Areas {
        list: remote.data.unwrap_or_default(),
        loading: remote.loading,
        error: remote.error,
    };
    html! {
        <ContextProvider<Areas> {context}>
            { props.children.clone() }
        </ContextProvider<Areas>>
    }
}

#[hook]
pub fn use_areas() -> Areas {
    use_context::<Areas>().unwrap_or_default()
}

/// The signed-in person's unread notifications, for the header's "Inbox (2)".
#[derive(Clone, PartialEq, Default)]
pub struct InboxContext {
    /// `None` while unknown (or nobody is signed in).
    pub unread: Option<u32>,
    /// Asks the server again (after marking messages read).
    pub refresh: Callback<()>,
}

/// Loads the unread count when someone signs in, on every navigation and on `refresh`.
#[component]
pub fn InboxProvider(props: &ProviderProps) -> Html {
    let session = use_session();
    let user = session.me().map(|me| me.id);
    let path = use_location()
        .map(|l| l.path().to_owned())
        .unwrap_or_default();
    let counter = use_mut_ref(|| 0_u32);
    let version = use_state(|| 0_u32);
    let unread = use_state(|| None::<u32>);
    {
        let unread = unread.clone();
        use_effect_with((user, path, *version), move |(user, _, _)| {
            let live = Rc::new(std::cell::Cell::new(true));
            if user.is_some() {
                let live = live.clone();
                spawn_local(async move {
                    match api::inbox().await {
                        Ok(inbox) if live.get() => unread.set(Some(inbox.unread)),
                        Ok(_) => {}
                        Err(e) => {
                            gloo::console::warn!(format!("ThesisMatch inbox: {}", e.detail()))
                        }
                    }
                });
            } else {
                unread.set(None);
            }
            move || live.set(false)
        });
    }
    let refresh = Callback::from(move |()| {
        let next = {
            let mut c = counter.borrow_mut();
            *c = c.wrapping_add(1);
            *c
        };
        version.set(next);
    });
    let context = InboxContext {
        unread: *unread,
        refresh,
    };
    html! {
        <ContextProvider<InboxContext> {context}>
            { props.children.clone() }
        </ContextProvider<InboxContext>>
    }
}

#[hook]
pub fn use_inbox() -> InboxContext {
    use_context::<InboxContext>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Email, FacultyId, StudentId, UserId};

    fn me(role: Role, student_id: Option<i32>, faculty_id: Option<i32>) -> Me {
        Me {
            id: UserId(1),
            email: Email::parse("a@example.edu").expect("a valid address"),
            role,
            student_id: student_id.map(StudentId),
            faculty_id: faculty_id.map(FacultyId),
            name: "A".into(),
        }
    }

    #[test]
    fn access_follows_role_and_linked_record() {
        let student = me(Role::Student, Some(4), None);
        let faculty = me(Role::Faculty, None, Some(2));
        let admin = me(Role::Admin, None, None);
        assert!(Access::Student.allows(&student));
        assert!(!Access::Student.allows(&faculty));
        assert!(!Access::Student.allows(&me(Role::Student, None, None)));
        assert!(Access::Faculty.allows(&faculty));
        assert!(!Access::Director.allows(&faculty));
        assert!(Access::Director.allows(&admin));
        assert!(Access::SignedIn.allows(&student));
        assert_eq!(home_path(Role::Admin), "/people");
    }
}
