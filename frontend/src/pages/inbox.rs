//! `/inbox`: the signed-in person's notifications, newest first; unread ones stand out and can be
//! marked read one by one or all at once.

use std::rc::Rc;

use shared::{Notice, NoticeId, NoticeKind};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiResult};
use crate::components::access::Require;
use crate::components::status::{EmptyState, ErrorPanel, Loading, Outcome};
use crate::context::{Access, use_inbox};
use crate::hooks::{use_action, use_remote, use_title};
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
    let action = use_action();
    // After marking notices read: say so, reload, and update the count in the header.
    let marked = {
        let (action, version, refresh) =
            (action.clone(), version.clone(), inbox_ctx.refresh.clone());
        Rc::new(
            move |result: ApiResult<()>, message: &'static str| match result {
                Ok(()) => {
                    action.succeed(message);
                    version.set(*version + 1);
                    refresh.emit(());
                }
                Err(e) => action.fail_keeping_status(e),
            },
        )
    };
    let read_one = {
        let marked = marked.clone();
        Callback::from(move |id: NoticeId| {
            let marked = marked.clone();
            spawn_local(async move { marked(api::read_notice(id).await, "Marked as read.") });
        })
    };
    let read_all = Callback::from(move |_: MouseEvent| {
        let marked = marked.clone();
        spawn_local(
            async move { marked(api::read_all_notices().await, "Marked everything as read.") },
        );
    });
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
            <Outcome error={action.error()} status={action.status()} id="inbox-status" />
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
