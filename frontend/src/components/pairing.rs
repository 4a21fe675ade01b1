//! A pairing's state badge and its history (who changed what, when, and why).

use shared::{PairingEvent, PairingSource, PairingState, Role};
use yew::prelude::*;

use crate::util::{iso, local_time};

#[derive(Properties, PartialEq)]
pub struct PairingStateBadgeProps {
    pub state: PairingState,
}

#[component]
pub fn PairingStateBadge(props: &PairingStateBadgeProps) -> Html {
    html! {
        <span class={classes!("badge", "pairing-state", format!("pairing-{}", props.state.as_str()))}>
            { props.state.label() }
        </span>
    }
}

/// "Proposed by the director", "Requested by the student", "From an allocation run".
pub fn source_text(source: PairingSource) -> &'static str {
    match source {
        PairingSource::Director => "Proposed by the director",
        PairingSource::Request => "Requested by the student",
        PairingSource::Allocation => "From an allocation run",
    }
}

#[derive(Properties, PartialEq)]
pub struct PairingHistoryProps {
    pub history: Vec<PairingEvent>,
}

/// Who took a step: their e-mail when the reader may see it, else their role.
fn actor(e: &PairingEvent) -> String {
    match (&e.actor_email, e.actor_role) {
        (Some(email), _) => email.clone(),
        (None, Some(Role::Student)) => "the student".to_owned(),
        (None, Some(role)) => role.label().to_lowercase(),
        (None, None) => "a former account".to_owned(),
    }
}

/// Every state change, oldest first, with its reason when there is one.
#[component]
pub fn PairingHistory(props: &PairingHistoryProps) -> Html {
    if props.history.is_empty() {
        return Html::default();
    }
    html! {
        <ol class="pairing-history" aria-label="History">
            { for props.history.iter().map(|e| {
                let change = match e.from {
                    Some(from) => format!("{} → {}", from.label(), e.to.label()),
                    None => e.to.label().to_owned(),
                };
                html! {
                    <li>
                        <time datetime={iso(e.at)}>{ local_time(e.at) }</time>
                        { format!(" · {change} · by {}", actor(e)) }
                        if let Some(reason) = &e.reason {
                            <span class="pairing-reason">{ format!(" · Reason: {reason}") }</span>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
