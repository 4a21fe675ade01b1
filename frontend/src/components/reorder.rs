//! A list people put in order with buttons or the keyboard: each row is focusable and moves with
//! Alt+ArrowUp / Alt+ArrowDown (or ArrowUp / ArrowDown on its Move buttons), keeping focus on the
//! moved row. Each move is described to the page (for its `aria-live` status line).

use std::fmt::Display;

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What keys a row: a record's id (`ProjectId`, `StudentId`…), written into the row's element id.
pub trait RowKey: Copy + PartialEq + Display + 'static {}

impl<K: Copy + PartialEq + Display + 'static> RowKey for K {}

/// One row: its key, the name a status sentence uses, and what it shows.
#[derive(Clone, PartialEq)]
pub struct ReorderItem<K: RowKey> {
    pub key: K,
    pub name: String,
    pub body: Html,
}

/// What had focus in a row, to give it back after the row moved.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Focus {
    Row,
    Up,
    Down,
    Remove,
}

impl Focus {
    fn class(self) -> Option<&'static str> {
        match self {
            Focus::Row => None,
            Focus::Up => Some("rank-up"),
            Focus::Down => Some("rank-down"),
            Focus::Remove => Some("rank-remove"),
        }
    }

    fn of(target: Option<web_sys::EventTarget>) -> Focus {
        let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return Focus::Row;
        };
        let list = el.class_list();
        if list.contains("rank-up") {
            Focus::Up
        } else if list.contains("rank-down") {
            Focus::Down
        } else if list.contains("rank-remove") {
            Focus::Remove
        } else {
            Focus::Row
        }
    }
}

/// The element id of a row.
pub fn row_id(prefix: &str, key: impl Display) -> String {
    format!("{prefix}-{key}")
}

/// Focuses `focus` in the row `key`; a disabled button gives way to the other one, then the row.
fn focus_in_row(prefix: &str, key: impl Display, focus: Focus) {
    let document = gloo::utils::document();
    let Some(row) = document.get_element_by_id(&row_id(prefix, key)) else {
        return;
    };
    let usable = |class: &str| {
        row.query_selector(&format!(".{class}"))
            .ok()
            .flatten()
            .filter(|b| !b.has_attribute("disabled"))
    };
    let other = match focus {
        Focus::Up => Some("rank-down"),
        Focus::Down => Some("rank-up"),
        Focus::Row | Focus::Remove => None,
    };
    let target = focus
        .class()
        .and_then(usable)
        .or_else(|| other.and_then(usable))
        .unwrap_or(row);
    if let Ok(el) = target.dyn_into::<web_sys::HtmlElement>()
        && el.focus().is_err()
    {
        gloo::console::warn!("could not focus the moved row");
    }
}

/// The order after moving `key` by `delta` places, or `None` when it cannot move that way.
pub fn moved<K: RowKey>(order: &[K], key: K, delta: i32) -> Option<(Vec<K>, usize)> {
    let from = order.iter().position(|k| *k == key)?;
    let to = i64::try_from(from).ok()? + i64::from(delta);
    let to = usize::try_from(to).ok().filter(|t| *t < order.len())?;
    let mut next = order.to_vec();
    crate::util::move_item(&mut next, from, to);
    Some((next, to))
}

#[derive(Properties, PartialEq)]
pub struct ReorderListProps<K: RowKey> {
    pub items: Vec<ReorderItem<K>>,
    /// The new order and a sentence saying what moved where.
    pub on_change: Callback<(Vec<K>, String)>,
    /// Shows a Remove button on each row.
    #[prop_or_default]
    pub on_remove: Option<Callback<K>>,
    /// Row ids are `{id_prefix}-{key}`.
    pub id_prefix: AttrValue,
    /// The list's accessible name.
    pub label: AttrValue,
    /// The id of the visible hint that explains the keys.
    pub hint_id: AttrValue,
    /// Extra class of each row.
    #[prop_or_default]
    pub item_class: Option<&'static str>,
    /// While saving: the buttons are disabled.
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn ReorderList<K: RowKey>(props: &ReorderListProps<K>) -> Html {
    // Where focus goes once the new order has rendered.
    let pending = use_mut_ref(|| None::<(K, Focus)>);
    {
        let pending = pending.clone();
        let prefix = props.id_prefix.clone();
        use_effect(move || {
            let next = pending.borrow_mut().take();
            if let Some((key, focus)) = next {
                focus_in_row(&prefix, key, focus);
            }
        });
    }
    let order: Vec<K> = props.items.iter().map(|i| i.key).collect();
    let total = order.len();
    let shift = {
        let order = order.clone();
        let names: Vec<(K, String)> = props
            .items
            .iter()
            .map(|i| (i.key, i.name.clone()))
            .collect();
        let on_change = props.on_change.clone();
        let pending = pending.clone();
        move |key: K, delta: i32, focus: Focus| {
            let Some((next, to)) = moved(&order, key, delta) else {
                return;
            };
            let name = names
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            *pending.borrow_mut() = Some((key, focus));
            on_change.emit((
                next,
                format!("Moved {name} to position {} of {total}.", to + 1),
            ));
        }
    };
    let rows = props.items.iter().enumerate().map(|(i, item)| {
        let key = item.key;
        let position = i + 1;
        let onkeydown = {
            let shift = shift.clone();
            let disabled = props.disabled;
            Callback::from(move |e: KeyboardEvent| {
                if disabled {
                    return;
                }
                let focus = Focus::of(e.target());
                let on_button = matches!(focus, Focus::Up | Focus::Down);
                let delta = match e.key().as_str() {
                    "ArrowUp" if e.alt_key() || on_button => -1,
                    "ArrowDown" if e.alt_key() || on_button => 1,
                    _ => return,
                };
                e.prevent_default();
                shift(key, delta, focus);
            })
        };
        let up = {
            let shift = shift.clone();
            Callback::from(move |_: MouseEvent| shift(key, -1, Focus::Up))
        };
        let down = {
            let shift = shift.clone();
            Callback::from(move |_: MouseEvent| shift(key, 1, Focus::Down))
        };
        let remove = props.on_remove.clone().map(|on_remove| {
            let pending = pending.clone();
            // Focus goes to the next row (or the one before, for the last).
            let after = order
                .get(i + 1)
                .or_else(|| i.checked_sub(1).and_then(|j| order.get(j)))
                .copied();
            let onclick = Callback::from(move |_: MouseEvent| {
                *pending.borrow_mut() = after.map(|k| (k, Focus::Row));
                on_remove.emit(key);
            });
            html! {
                <button type="button" class="button button-link rank-remove" disabled={props.disabled} {onclick}>
                    { "Remove" }<span class="visually-hidden">{ format!(" {}", item.name) }</span>
                </button>
            }
        });
        html! {
            <li
                key={key.to_string()}
                id={row_id(&props.id_prefix, key)}
                class={classes!("rank-item", props.item_class)}
                tabindex="0"
                aria-label={format!("{position}. {}", item.name)}
                aria-describedby={props.hint_id.clone()}
                {onkeydown}
            >
                <span class="rank-pos" aria-hidden="true">{ position }</span>
                <div class="rank-body">{ item.body.clone() }</div>
                <div class="rank-actions">
                    <button
                        type="button"
                        class="button button-secondary rank-up"
                        disabled={props.disabled || i == 0}
                        onclick={up}
                    >
                        <span aria-hidden="true">{ "↑ " }</span>{ "Move up" }
                        <span class="visually-hidden">{ format!(" {}", item.name) }</span>
                    </button>
                    <button
                        type="button"
                        class="button button-secondary rank-down"
                        disabled={props.disabled || i + 1 == total}
                        onclick={down}
                    >
                        <span aria-hidden="true">{ "↓ " }</span>{ "Move down" }
                        <span class="visually-hidden">{ format!(" {}", item.name) }</span>
                    </button>
                    { for remove }
                </div>
            </li>
        }
    });
    html! {
        <ol class="rank-list" aria-label={props.label.clone()}>
            { for rows }
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ProjectId;

    #[test]
    fn moves_stay_inside_the_list() {
        let ids = |v: [i32; 3]| v.map(ProjectId).to_vec();
        let order = ids([4, 5, 6]);
        assert_eq!(moved(&order, ProjectId(5), -1), Some((ids([5, 4, 6]), 0)));
        assert_eq!(moved(&order, ProjectId(5), 1), Some((ids([4, 6, 5]), 2)));
        assert_eq!(moved(&order, ProjectId(4), -1), None);
        assert_eq!(moved(&order, ProjectId(6), 1), None);
        assert_eq!(moved(&order, ProjectId(9), 1), None);
        assert_eq!(row_id("rank-item", ProjectId(7)), "rank-item-7");
    }
}
