//! App-wide context: who is using the app (the demo student until accounts land) and the program's
//! research areas, loaded once.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use shared::{Id, ResearchArea};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::hooks::use_remote;

/// Where the demo student's id is kept between visits.
const STUDENT_KEY: &str = "thesis-match.student-id";
/// Demo students have these ids.
pub const DEMO_STUDENTS: std::ops::RangeInclusive<Id> = 1..=40;
const DEFAULT_STUDENT: Id = 1;

/// The person using the app. Today a demo student picked from a list; with accounts this comes
/// from the session (a signed-in faculty member would have no `student_id`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CurrentUser {
    pub student_id: Option<Id>,
    pub name: Option<String>,
}

impl CurrentUser {
    /// "Ines Baptiste", or "Student #7" until the name has loaded.
    pub fn display_name(&self) -> Option<String> {
        self.name
            .clone()
            .or_else(|| self.student_id.map(|id| format!("Student #{id}")))
    }
}

#[derive(Clone, PartialEq)]
pub struct UserContext {
    pub user: CurrentUser,
    /// Makes `id` the current demo student (remembered in localStorage).
    pub switch_student: Callback<Id>,
}

pub enum UserAction {
    Switch(Id),
    Named(Id, String),
}

impl Reducible for CurrentUser {
    type Action = UserAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        match action {
            UserAction::Switch(id) if self.student_id == Some(id) => self,
            UserAction::Switch(id) => Rc::new(CurrentUser {
                student_id: Some(id),
                name: None,
            }),
            // A name that arrives after the student changed again is stale.
            UserAction::Named(id, name) if self.student_id == Some(id) => Rc::new(CurrentUser {
                student_id: Some(id),
                name: Some(name),
            }),
            UserAction::Named(..) => self,
        }
    }
}

fn stored_student_id() -> Id {
    LocalStorage::get::<Id>(STUDENT_KEY)
        .ok()
        .filter(|id| *id >= 1)
        .unwrap_or(DEFAULT_STUDENT)
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn UserProvider(props: &ProviderProps) -> Html {
    let user = use_reducer(|| CurrentUser {
        student_id: Some(stored_student_id()),
        name: None,
    });
    {
        let dispatcher = user.dispatcher();
        use_effect_with(user.student_id, move |id| {
            if let Some(id) = *id {
                spawn_local(async move {
                    if let Ok(student) = api::student(id).await {
                        dispatcher.dispatch(UserAction::Named(id, student.name));
                    }
                });
            }
        });
    }
    let switch_student = {
        let dispatcher = user.dispatcher();
        Callback::from(move |id: Id| {
            if LocalStorage::set(STUDENT_KEY, id).is_err() {
                gloo::console::warn!("could not remember the demo student in localStorage");
            }
            dispatcher.dispatch(UserAction::Switch(id));
        })
    };
    let context = UserContext {
        user: (*user).clone(),
        switch_student,
    };
    html! {
        <ContextProvider<UserContext> {context}>
            { props.children.clone() }
        </ContextProvider<UserContext>>
    }
}

/// The current user; outside a [`UserProvider`] (never in the app) an anonymous one.
#[hook]
pub fn use_current_user() -> UserContext {
    use_context::<UserContext>().unwrap_or_else(|| UserContext {
        user: CurrentUser::default(),
        switch_student: Callback::noop(),
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
