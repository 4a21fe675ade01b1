//! `/my-disclosures`: "Who has seen my record" — every read of the signed-in student's data by
//! someone else (a director, an advisor of a project they applied to), newest first, paged.

use shared::Disclosure;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::pager::Pager;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{use_remote, use_title};
use crate::route::Route;
use crate::util::{iso, local_time};

#[component]
pub fn DisclosuresPage() -> Html {
    use_title("Who has seen my record");
    html! {
        <Require access={Access::Student}>
            <Disclosures />
        </Require>
    }
}

/// "read by 1 student" is the student's own record; a larger number is a list or a file.
fn reach(d: &Disclosure) -> String {
    match d.students {
        1 => "only you".to_owned(),
        n => format!("you and {} other students", n - 1),
    }
}

#[component]
fn Disclosures() -> Html {
    let page = use_state(|| 1_u64);
    let remote = use_remote(*page, api::my_disclosures);
    let on_page = {
        let page = page.clone();
        Callback::from(move |p: u64| page.set(p))
    };
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(list), None) if list.items.is_empty() => html! {
            <EmptyState title="Nobody else has read your record">
                <p>{ "When a program director or an advisor of a project you applied to reads your data, it is listed here." }</p>
            </EmptyState>
        },
        (Some(list), None) => html! {
            <>
                <table class="data-table disclosures-table">
                    <caption class="visually-hidden">{ "Reads of your record, newest first" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "When" }</th>
                            <th scope="col">{ "Who" }</th>
                            <th scope="col">{ "What they saw" }</th>
                            <th scope="col">{ "Whose records" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.items.iter().map(|d| html! {
                            <tr key={d.id.to_string()}>
                                <td><time datetime={iso(d.at)}>{ local_time(d.at) }</time></td>
                                <th scope="row">
                                    { d.actor_email.clone() }
                                    <span class="muted">{ format!(" · {}", d.actor_role.label()) }</span>
                                </th>
                                <td>{ d.route.label() }</td>
                                <td>{ reach(d) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <Pager page={list.page} page_count={list.page_count()} on_change={on_page}
                    label="Pages of reads" />
            </>
        },
        _ => html! { <Loading label="Loading who has seen your record…" /> },
    };
    html! {
        <section class="disclosures-page">
            <div class="page-intro">
                <h1>{ "Who has seen my record" }</h1>
                <p class="lede">
                    { "Every time someone other than you reads your profile, rank list, pairings or outcome, it is recorded here — also when your name is one line of a list or a downloaded file. " }
                    { "The same list is in " }
                    <Link<Route> to={Route::Account}>{ "your data download" }</Link<Route>>
                    { "." }
                </p>
            </div>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{DisclosureRoute, Role};

    fn read(students: u32) -> Disclosure {
        Disclosure {
            id: 1,
            at: chrono::DateTime::UNIX_EPOCH,
            actor_email: "director@example.edu".into(),
            actor_role: Role::Director,
            route: DisclosureRoute::RankingsCsv,
            students,
        }
    }

    #[test]
    fn a_bulk_read_says_how_many_others_were_in_it() {
        assert_eq!(reach(&read(1)), "only you");
        assert_eq!(reach(&read(40)), "you and 39 other students");
    }
}
