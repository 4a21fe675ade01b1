//! `/people` (directors): every account, searchable by name or e-mail and filterable by role, with
//! disable/enable and one-time password reset links.

use shared::{ListQuery, ResetLink, Role, UserPatch, UserQuery, UserSummary};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::components::access::Require;
use crate::components::form::FormStatus;
use crate::components::pager::Pager;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::components::tabs::{TabList, TabPanel, TabSpec};
use crate::context::{Access, use_areas, use_session};
use crate::hooks::{use_debouncer, use_remote, use_title};
use crate::route::Route;
use crate::util::{count, event_value, excerpt, local_time};

const PER_PAGE: u64 = 25;
const DEBOUNCE_MS: u32 = 300;

#[component]
pub fn PeoplePage() -> Html {
    use_title("People");
    html! {
        <Require access={Access::Director}>
            <PeopleTabs />
        </Require>
    }
}

#[component]
fn PeopleTabs() -> Html {
    let selected = use_state(|| 0_usize);
    let tabs = vec![
        TabSpec {
            key: "accounts".into(),
            label: "Accounts".into(),
        },
        TabSpec {
            key: "students".into(),
            label: "Student directory".into(),
        },
    ];
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |i: usize| selected.set(i))
    };
    html! {
        <section class="people-page">
            <div class="page-intro">
                <h1>{ "People" }</h1>
                <p class="lede">{ "Accounts of students, faculty and program staff, and the student directory." }</p>
            </div>
            <TabList {tabs} selected={*selected} {on_select} label="People" />
            <TabPanel key_name="accounts" selected={*selected == 0}>
                <People />
            </TabPanel>
            <TabPanel key_name="students" selected={*selected == 1}>
                if *selected == 1 {
                    <StudentDirectory />
                }
            </TabPanel>
        </section>
    }
}

/// Every student's profile (listing it is logged as a disclosure).
#[component]
fn StudentDirectory() -> Html {
    let areas = use_areas();
    let input = use_state(String::new);
    let query = use_state(|| ListQuery {
        per_page: Some(PER_PAGE),
        ..ListQuery::default()
    });
    let students = use_remote((*query).clone(), |q| async move { api::students(&q).await });
    let debouncer = use_debouncer();
    let search = {
        let query = query.clone();
        move |text: String| {
            let q = text.trim().to_owned();
            query.set(ListQuery {
                q: (!q.is_empty()).then_some(q),
                page: None,
                ..(*query).clone()
            });
        }
    };
    let oninput = {
        let (input, search, debouncer) = (input.clone(), search.clone(), debouncer.clone());
        Callback::from(move |e: InputEvent| {
            let text = event_value(&e);
            input.set(text.clone());
            let search = search.clone();
            debouncer.schedule(DEBOUNCE_MS, move || search(text));
        })
    };
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            debouncer.cancel();
            search((*input).clone());
        })
    };
    let on_area = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let area = event_value(&e);
            query.set(ListQuery {
                area: (!area.is_empty()).then_some(area),
                page: None,
                ..(*query).clone()
            })
        })
    };
    let on_page = {
        let query = query.clone();
        Callback::from(move |page: u64| {
            query.set(ListQuery {
                page: Some(page),
                ..(*query).clone()
            })
        })
    };
    let table = match (&students.data, &students.error) {
        (_, Some(e)) => {
            html! { <ErrorPanel error={e.clone()} on_retry={students.retry.clone()} /> }
        }
        (Some(page), None) if page.items.is_empty() => {
            html! { <EmptyState title="No students match" /> }
        }
        (Some(page), None) => html! {
            <>
                <p class="results-count" role="status">{ count(page.total, "student", "students") }</p>
                <div class="table-wrap" aria-busy={students.loading.then_some("true")}>
                    <table class="data-table students-table">
                        <caption class="visually-hidden">{ "Students" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Name" }</th>
                                <th scope="col">{ "E-mail" }</th>
                                <th scope="col">{ "Background" }</th>
                                <th scope="col">{ "Areas" }</th>
                                <th scope="col">{ "Interests" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for page.items.iter().map(|s| html! {
                                <tr key={s.id.get()}>
                                    <th scope="row">
                                        <Link<Route> to={Route::StudentMatches { id: s.id }}>{ s.name.clone() }</Link<Route>>
                                    </th>
                                    <td>{ s.email.to_string() }</td>
                                    <td>{ s.background.label() }</td>
                                    <td>{ s.areas.iter().map(|a| areas.name_of(a)).collect::<Vec<_>>().join(", ") }</td>
                                    <td>{ excerpt(&s.interests, 120) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <Pager page={page.page} page_count={page.page_count()} on_change={on_page} label="Student pages" />
            </>
        },
        (None, None) => html! { <Loading label="Loading students…" /> },
    };
    html! {
        <>
            <form role="search" class="filters" {onsubmit}>
                <div class="field-row">
                    <div class="field field-search">
                        <label for="students-search">{ "Search students" }</label>
                        <div class="search-row">
                            <input id="students-search" type="search" autocomplete="off"
                                value={(*input).clone()} {oninput} />
                            <button type="submit" class="button">{ "Search" }</button>
                        </div>
                    </div>
                    <div class="field">
                        <label for="students-area">{ "Research area" }</label>
                        <select id="students-area" onchange={on_area}>
                            <option value="" selected={query.area.is_none()}>{ "All areas" }</option>
                            { for areas.list.iter().map(|a| html! {
                                <option value={a.slug.clone()} selected={query.area.as_deref() == Some(a.slug.as_str())}>
                                    { a.name.clone() }
                                </option>
                            }) }
                        </select>
                    </div>
                </div>
            </form>
            { table }
        </>
    }
}

/// `https://host/reset?token=…` for a link's path.
fn absolute_link(path: &str) -> String {
    let origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    format!("{origin}{path}")
}

#[component]
fn People() -> Html {
    let input = use_state(String::new);
    let query = use_state(|| UserQuery {
        per_page: Some(PER_PAGE),
        ..UserQuery::default()
    });
    let version = use_state(|| 0_u32);
    let users = use_remote(((*query).clone(), *version), |(q, _)| async move {
        api::users(&q).await
    });
    let debouncer = use_debouncer();
    let status = use_state(|| None::<AttrValue>);

    let search = {
        let query = query.clone();
        move |text: String| {
            let q = text.trim().to_owned();
            query.set(UserQuery {
                q: (!q.is_empty()).then_some(q),
                page: None,
                ..(*query).clone()
            });
        }
    };
    let oninput = {
        let input = input.clone();
        let search = search.clone();
        let debouncer = debouncer.clone();
        Callback::from(move |e: InputEvent| {
            let text = event_value(&e);
            input.set(text.clone());
            let search = search.clone();
            debouncer.schedule(DEBOUNCE_MS, move || search(text));
        })
    };
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            debouncer.cancel();
            search((*input).clone());
        })
    };
    let on_role = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            query.set(UserQuery {
                role: Role::parse(&event_value(&e)),
                page: None,
                ..(*query).clone()
            })
        })
    };
    let on_page = {
        let query = query.clone();
        Callback::from(move |page: u64| {
            query.set(UserQuery {
                page: Some(page),
                ..(*query).clone()
            })
        })
    };
    let on_changed = {
        let (version, status) = (version.clone(), status.clone());
        Callback::from(move |message: String| {
            status.set(Some(message.into()));
            version.set(*version + 1);
        })
    };

    let table = match (&users.data, &users.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={users.retry.clone()} /> },
        (Some(page), None) if page.items.is_empty() => html! {
            <EmptyState title="No accounts match" />
        },
        (Some(page), None) => html! {
            <>
                <p class="results-count" role="status">{ count(page.total, "account", "accounts") }</p>
                <div class="table-wrap" aria-busy={users.loading.then_some("true")}>
                    <table class="data-table people-table">
                        <caption class="visually-hidden">{ "Accounts" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Name" }</th>
                                <th scope="col">{ "E-mail" }</th>
                                <th scope="col">{ "Role" }</th>
                                <th scope="col">{ "State" }</th>
                                <th scope="col">{ "Last sign-in" }</th>
                                <th scope="col">{ "Actions" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for page.items.iter().map(|u| html! {
                                <UserRow key={u.id.get()} user={u.clone()} on_changed={on_changed.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
                <Pager page={page.page} page_count={page.page_count()} on_change={on_page} label="Account pages" />
            </>
        },
        (None, None) => html! { <Loading label="Loading accounts…" /> },
    };
    html! {
        <>
            <form role="search" class="filters" onsubmit={onsubmit}>
                <div class="field-row">
                    <div class="field field-search">
                        <label for="people-search">{ "Search by name or e-mail" }</label>
                        <div class="search-row">
                            <input id="people-search" type="search" autocomplete="off"
                                value={(*input).clone()} {oninput} />
                            <button type="submit" class="button">{ "Search" }</button>
                        </div>
                    </div>
                    <div class="field">
                        <label for="people-role">{ "Role" }</label>
                        <select id="people-role" onchange={on_role}>
                            <option value="" selected={query.role.is_none()}>{ "All roles" }</option>
                            { for Role::ALL.iter().map(|r| html! {
                                <option value={r.as_str()} selected={query.role == Some(*r)}>{ r.label() }</option>
                            }) }
                        </select>
                    </div>
                </div>
            </form>
            <FormStatus text={(*status).clone()} id="people-status" />
            { table }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UserRowProps {
    user: UserSummary,
    /// Says what changed; the list reloads.
    on_changed: Callback<String>,
}

#[component]
fn UserRow(props: &UserRowProps) -> Html {
    let session = use_session();
    let u = &props.user;
    let link = use_state(|| None::<ResetLink>);
    let error = use_state(|| None::<ApiErrorKind>);
    let busy = use_state(|| false);
    let copied = use_state(|| false);
    let is_me = session.me().is_some_and(|me| me.id == u.id);

    let toggle = {
        let (error, busy) = (error.clone(), busy.clone());
        let on_changed = props.on_changed.clone();
        let user = u.clone();
        Callback::from(move |_: MouseEvent| {
            let (error, busy, on_changed, user) = (
                error.clone(),
                busy.clone(),
                on_changed.clone(),
                user.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let patch = UserPatch {
                    disabled: Some(!user.disabled),
                };
                let result = api::update_user(user.id, &patch).await;
                busy.set(false);
                match result {
                    Ok(updated) => {
                        error.set(None);
                        let state = if updated.disabled {
                            "disabled"
                        } else {
                            "enabled"
                        };
                        on_changed.emit(format!("{}'s account is {state}.", updated.name));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let issue = {
        let (link, error, busy, copied) =
            (link.clone(), error.clone(), busy.clone(), copied.clone());
        let id = u.id;
        Callback::from(move |_: MouseEvent| {
            let (link, error, busy, copied) =
                (link.clone(), error.clone(), busy.clone(), copied.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api::reset_link(id).await;
                busy.set(false);
                copied.set(false);
                match result {
                    Ok(l) => {
                        error.set(None);
                        link.set(Some(l));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let state = if u.disabled {
        html! { <span class="badge badge-disabled">{ "Disabled" }</span> }
    } else if !u.has_password {
        html! { <span class="badge badge-pending">{ "No password yet" }</span> }
    } else {
        html! { <span class="badge badge-active">{ "Active" }</span> }
    };
    let link_view = (*link).as_ref().map(|l| {
        let url = absolute_link(&l.path);
        let input_id = format!("reset-link-{}", u.id);
        let copy = {
            let (url, copied) = (url.clone(), copied.clone());
            Callback::from(move |_: MouseEvent| {
                let clipboard = gloo::utils::window().navigator().clipboard();
                let _ = clipboard.write_text(&url);
                copied.set(true);
            })
        };
        let select_all = Callback::from(|e: FocusEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            {
                input.select();
            }
        });
        html! {
            <div class="reset-link">
                <label for={input_id.clone()}>
                    { format!("Reset link for {} (until {})", u.name, local_time(l.expires_at)) }
                </label>
                <div class="search-row">
                    <input id={input_id} class="reset-link-url" type="text" readonly=true value={url} onfocus={select_all} />
                    <button type="button" class="button button-secondary" onclick={copy}>{ "Copy" }</button>
                </div>
                <p class="field-hint" role="status">
                    { if *copied { "Copied. Send it to the person; it works once." } else { "Send it to the person; it works once." } }
                </p>
            </div>
        }
    });
    let profile = u.student_id.map(|id| {
        html! {
            <Link<Route> to={Route::StudentMatches { id }} classes="student-link">
                { "Matches" }<span class="visually-hidden">{ format!(" of {}", u.name) }</span>
            </Link<Route>>
        }
    });
    html! {
        <>
            <tr class={classes!("user-row", u.disabled.then_some("is-disabled"))}>
                <th scope="row">{ u.name.clone() }</th>
                <td>{ u.email.to_string() }</td>
                <td>{ u.role.label() }</td>
                <td>{ state }</td>
                <td>{ u.last_login_at.map(local_time).unwrap_or_else(|| "Never".to_owned()) }</td>
                <td class="row-actions">
                    if !is_me {
                        <button type="button" class="button button-secondary user-toggle" onclick={toggle} disabled={*busy}>
                            { if u.disabled { "Enable" } else { "Disable" } }
                            <span class="visually-hidden">{ format!(" {}", u.name) }</span>
                        </button>
                    }
                    <button type="button" class="button button-secondary user-reset" onclick={issue} disabled={*busy}>
                        { "Reset link" }<span class="visually-hidden">{ format!(" for {}", u.name) }</span>
                    </button>
                    { for profile }
                </td>
            </tr>
            if link_view.is_some() || error.is_some() {
                <tr class="user-row-extra">
                    <td colspan="6">
                        if let Some(e) = &*error {
                            <ErrorPanel error={e.clone()} />
                        }
                        { for link_view }
                    </td>
                </tr>
            }
        </>
    }
}
