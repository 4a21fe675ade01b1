//! `/people` (directors): every account, searchable by name or e-mail and filterable by role, with
//! disable/enable and one-time password reset links.

use shared::{ListQuery, ResetLink, Role, UserPatch, UserQuery, UserSummary};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::data_table::PagedTable;
use crate::components::form::FormStatus;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::components::tabs::{TabList, TabPanel, TabSpec};
use crate::context::{Access, use_areas, use_session};
use crate::hooks::{Search, use_action, use_remote, use_search, use_title};
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
    let search = use_search(
        || ListQuery {
            per_page: Some(PER_PAGE),
            ..ListQuery::default()
        },
        DEBOUNCE_MS,
    );
    let query = search.query.clone();
    let students = use_remote((*query).clone(), |q| async move { api::students(&q).await });
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
    let table = match (&students.data, &students.error) {
        (_, Some(e)) => {
            html! { <ErrorPanel error={e.clone()} on_retry={students.retry.clone()} /> }
        }
        (Some(page), None) if page.items.is_empty() => {
            html! { <EmptyState title="No students match" /> }
        }
        (Some(page), None) => html! {
            <PagedTable
                summary={count(page.total, "student", "students")}
                busy={students.loading}
                class="students-table"
                caption="Students"
                columns={vec!["Name", "E-mail", "Background", "Areas", "Interests"]}
                page={page.page}
                page_count={page.page_count()}
                on_page={search.on_page.clone()}
                pager_label="Student pages"
            >
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
            </PagedTable>
        },
        (None, None) => html! { <Loading label="Loading students…" /> },
    };
    let area = html! {
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
    };
    html! {
        <>
            { search_form(&search, "students-search", "Search students", area) }
            { table }
        </>
    }
}

/// The search form of a tab: the search box (`id`, `label`), then `filter`.
fn search_form<Q>(search: &Search<Q>, id: &'static str, label: &'static str, filter: Html) -> Html {
    html! {
        <form role="search" class="filters" onsubmit={search.onsubmit.clone()}>
            <div class="field-row">
                <div class="field field-search">
                    <label for={id}>{ label }</label>
                    <div class="search-row">
                        <input {id} type="search" autocomplete="off"
                            value={search.input.clone()} oninput={search.oninput.clone()} />
                        <button type="submit" class="button">{ "Search" }</button>
                    </div>
                </div>
                { filter }
            </div>
        </form>
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
    let search = use_search(
        || UserQuery {
            per_page: Some(PER_PAGE),
            ..UserQuery::default()
        },
        DEBOUNCE_MS,
    );
    let query = search.query.clone();
    let version = use_state(|| 0_u32);
    let users = use_remote(((*query).clone(), *version), |(q, _)| async move {
        api::users(&q).await
    });
    let status = use_state(|| None::<AttrValue>);

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
            <PagedTable
                summary={count(page.total, "account", "accounts")}
                busy={users.loading}
                class="people-table"
                caption="Accounts"
                columns={vec!["Name", "E-mail", "Role", "State", "Last sign-in", "Actions"]}
                page={page.page}
                page_count={page.page_count()}
                on_page={search.on_page.clone()}
                pager_label="Account pages"
            >
                { for page.items.iter().map(|u| html! {
                    <UserRow key={u.id.get()} user={u.clone()} on_changed={on_changed.clone()} />
                }) }
            </PagedTable>
        },
        (None, None) => html! { <Loading label="Loading accounts…" /> },
    };
    let role = html! {
        <div class="field">
            <label for="people-role">{ "Role" }</label>
            <select id="people-role" onchange={on_role}>
                <option value="" selected={query.role.is_none()}>{ "All roles" }</option>
                { for Role::ALL.iter().map(|r| html! {
                    <option value={r.as_str()} selected={query.role == Some(*r)}>{ r.label() }</option>
                }) }
            </select>
        </div>
    };
    html! {
        <>
            { search_form(&search, "people-search", "Search by name or e-mail", role) }
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
    let action = use_action();
    let copied = use_state(|| false);
    let is_me = session.me().is_some_and(|me| me.id == u.id);

    let toggle = {
        let action = action.clone();
        let on_changed = props.on_changed.clone();
        let user = u.clone();
        Callback::from(move |_: MouseEvent| {
            let (action, on_changed, user) = (action.clone(), on_changed.clone(), user.clone());
            action.start_quietly();
            spawn_local(async move {
                let patch = UserPatch {
                    disabled: Some(!user.disabled),
                };
                match api::update_user(user.id, &patch).await {
                    Ok(updated) => {
                        action.succeed_silently();
                        let state = if updated.disabled {
                            "disabled"
                        } else {
                            "enabled"
                        };
                        on_changed.emit(format!("{}'s account is {state}.", updated.name));
                    }
                    Err(e) => action.fail(e),
                }
            });
        })
    };
    let issue = {
        let (link, action, copied) = (link.clone(), action.clone(), copied.clone());
        let id = u.id;
        Callback::from(move |_: MouseEvent| {
            let (link, action, copied) = (link.clone(), action.clone(), copied.clone());
            action.start_quietly();
            spawn_local(async move {
                let result = api::reset_link(id).await;
                copied.set(false);
                match result {
                    Ok(l) => {
                        action.succeed_silently();
                        link.set(Some(l));
                    }
                    Err(e) => action.fail(e),
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
                        <button type="button" class="button button-secondary user-toggle" onclick={toggle} disabled={action.busy()}>
                            { if u.disabled { "Enable" } else { "Disable" } }
                            <span class="visually-hidden">{ format!(" {}", u.name) }</span>
                        </button>
                    }
                    <button type="button" class="button button-secondary user-reset" onclick={issue} disabled={action.busy()}>
                        { "Reset link" }<span class="visually-hidden">{ format!(" for {}", u.name) }</span>
                    </button>
                    { for profile }
                </td>
            </tr>
            if link_view.is_some() || action.error().is_some() {
                <tr class="user-row-extra">
                    <td colspan="6">
                        if let Some(e) = action.error() {
                            <ErrorPanel error={e} />
                        }
                        { for link_view }
                    </td>
                </tr>
            }
        </>
    }
}
