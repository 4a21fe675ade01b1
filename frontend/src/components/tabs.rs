//! An accessible tab list (WAI-ARIA tabs pattern, automatic activation): arrow keys, Home and End
//! move between tabs; only the selected tab is in the Tab order.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct TabSpec {
    /// Suffix of the element ids: the tab is `tab-{key}`, its panel `panel-{key}`.
    pub key: AttrValue,
    pub label: AttrValue,
}

/// Id of the tab button for `key`.
pub fn tab_id(key: &str) -> String {
    format!("tab-{key}")
}

/// Id of the panel for `key`.
pub fn panel_id(key: &str) -> String {
    format!("panel-{key}")
}

#[derive(Properties, PartialEq)]
pub struct TabListProps {
    pub tabs: Vec<TabSpec>,
    pub selected: usize,
    pub on_select: Callback<usize>,
    pub label: AttrValue,
}

fn focus_tab(key: &str) {
    let element = gloo::utils::document()
        .get_element_by_id(&tab_id(key))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element
        && element.focus().is_err()
    {
        gloo::console::warn!("could not focus the tab");
    }
}

#[component]
pub fn TabList(props: &TabListProps) -> Html {
    let count = props.tabs.len();
    let onkeydown = {
        let on_select = props.on_select.clone();
        let tabs = props.tabs.clone();
        let selected = props.selected;
        Callback::from(move |e: KeyboardEvent| {
            if count == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (selected + 1) % count,
                "ArrowLeft" | "ArrowUp" => (selected + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(next);
            if let Some(tab) = tabs.get(next) {
                focus_tab(&tab.key);
            }
        })
    };
    html! {
        <div class="tablist" role="tablist" aria-label={props.label.clone()} {onkeydown}>
            { for props.tabs.iter().enumerate().map(|(i, tab)| {
                let is_selected = i == props.selected;
                let onclick = {
                    let on_select = props.on_select.clone();
                    Callback::from(move |_: MouseEvent| on_select.emit(i))
                };
                html! {
                    <button
                        type="button"
                        role="tab"
                        class="tab"
                        id={tab_id(&tab.key)}
                        aria-selected={if is_selected { "true" } else { "false" }}
                        aria-controls={panel_id(&tab.key)}
                        tabindex={if is_selected { "0" } else { "-1" }}
                        {onclick}
                    >
                        { tab.label.clone() }
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TabPanelProps {
    pub key_name: AttrValue,
    pub selected: bool,
    #[prop_or_default]
    pub children: Html,
}

/// The panel of one tab; hidden (but kept, with its state) when its tab is not selected.
#[component]
pub fn TabPanel(props: &TabPanelProps) -> Html {
    html! {
        <div
            class="tabpanel"
            role="tabpanel"
            id={panel_id(&props.key_name)}
            aria-labelledby={tab_id(&props.key_name)}
            tabindex="0"
            hidden={!props.selected}
        >
            { props.children.clone() }
        </div>
    }
}
