//! `/inbox`: the signed-in person's notifications, newest first; unread ones stand out and can be
//! marked read one by one or all at once.

use shared::{Notice, NoticeId, NoticeKind};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiErrorKind};
use crate::components::access::Require;
use crate::components::form::FormStatus;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::context::{Access, use_inbox};
use crate::hooks::{use_remote, use_title};
use crate::util::{count, iso, local_time};

#[component]
pub fn InboxPage() -> Html {
    use_title("Inbox");
    html! {
        <Require access={Access::SignedIn}>
            <InboxView />
        </Require>
    }
}

fn kind_label(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::PairingRequested => "Pairing requested",
        NoticeKind::PairingProposed => "Pairing proposed",
        NoticeKind::PairingApproved => "Pairing approved",
        NoticeKind::PairingRejected => "Pairing rejected",
        NoticeKind::PairingWithdrawn => "Pairing withdrawn",
        NoticeKind::DeadlineSoon => "Deadline soon",
    }
}

#[component]
fn InboxView() -> Html {
    let inbox_ctx = use_inbox();
    let version = use_state(|| 0_u32);
    let remote = use_remote(*version, |_| api::inbox());
    let status = use_state(|| None::<AttrValue>);
    let error = use_state(|| None::<ApiErrorKind>);
    let after = {
        let (version, refresh) = (version.clone(), inbox_ctx.refresh.clone());
        move || {
            version.set(*version + 1);
            refresh.emit(());
        }
    };
    let read_one = {
        let (status, error, after) = (status.clone(), error.clone(), after.clone());
        Callback::from(move |id: NoticeId| {
            let (status, error, after) = (status.clone(), error.clone(), after.clone());
            spawn_local(async move {
                match api::read_notice(id).await {
                    Ok(()) => {
                        error.set(None);
                        status.set(Some("Marked as read.".into()));
                        after();
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let read_all = {
        let (status, error) = (status.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (status, error, after) = (status.clone(), error.clone(), after.clone());
            spawn_local(async move {
                match api::read_all_notices().await {
                    Ok(()) => {
                        error.set(None);
                        status.set(Some("Marked everything as read.".into()));
                        after();
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let body = match (&remote.data, &remote.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={remote.retry.clone()} /> },
        (Some(inbox), None) if inbox.items.is_empty() => html! {
            <EmptyState title="Nothing here yet">
                <p>{ "Pairing decisions and deadline reminders will appear here." }</p>
            </EmptyState>
        },
        (Some(inbox), None) => html! {
            <>
                <div class="results-bar">
                    <p class="results-count">{ format!("{} unread", count(u64::from(inbox.unread), "message", "messages")) }</p>
                    <button
                        type="button"
                        id="inbox-read-all"
                        class="button button-secondary"
                        disabled={inbox.unread == 0}
                        onclick={read_all}
                    >
                        { "Mark all as read" }
                    </button>
                </div>
                <ul class="inbox-list" aria-busy={remote.loading.then_some("true")}>
                    { for inbox.items.iter().map(|n| html! {
                        <NoticeItem key={n.id.get()} notice={n.clone()} on_read={read_one.clone()} />
                    }) }
                </ul>
            </>
        },
        (None, None) => html! { <Loading label="Loading your inbox…" /> },
    };
    html! {
        <section class="inbox-page">
            <div class="page-intro">
                <h1>{ "Inbox" }</h1>
                <p class="lede">{ "Messages about your pairings and the cycle, newest first." }</p>
            </div>
            if let Some(e) = &*error {
                <ErrorPanel error={e.clone()} />
            }
            <FormStatus text={(*status).clone()} id="inbox-status" />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NoticeItemProps {
    notice: Notice,
    on_read: Callback<NoticeId>,
}

#[component]
fn NoticeItem(props: &NoticeItemProps) -> Html {
    let n = &props.notice;
    let onclick = {
        let (on_read, id) = (props.on_read.clone(), n.id);
        Callback::from(move |_: MouseEvent| on_read.emit(id))
    };
    html! {
        <li class={classes!("notice", "inbox-notice", (!n.read).then_some("notice-unread"))}>
            <p class="notice-head">
                if !n.read {
                    <span class="badge badge-unread">{ "Unread" }</span>{ " " }
                }
                <strong>{ kind_label(n.kind) }</strong>
                { " · " }
                <time datetime={iso(n.at)}>{ local_time(n.at) }</time>
            </p>
            <p class="notice-text">{ n.text.clone() }</p>
            if !n.read {
                <button type="button" class="button button-link notice-read" {onclick}>
                    { "Mark as read" }
                </button>
            }
        </li>
    }
}
