//! The search form of the list pages: a labelled search box plus whatever filters the page adds.

use yew::prelude::*;

use crate::util::event_value;

#[derive(Properties, PartialEq)]
pub struct SearchFormProps {
    /// Visible label of the search box ("Search projects").
    pub label: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    pub on_submit: Callback<()>,
    /// Extra filters (area chips, a status select).
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn SearchForm(props: &SearchFormProps) -> Html {
    let onsubmit = {
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_submit.emit(());
        })
    };
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| on_input.emit(event_value(&e)))
    };
    // Also on `change`, for ways of editing that send no `input` event (some automation, autofill).
    let onchange = {
        let on_input = props.on_input.clone();
        let value = props.value.clone();
        Callback::from(move |e: Event| {
            let text = event_value(&e);
            if text != value.as_str() {
                on_input.emit(text);
            }
        })
    };
    html! {
        <form role="search" class="filters" {onsubmit}>
            <div class="field field-search">
                <label for="search">{ props.label.clone() }</label>
                <div class="search-row">
                    <input
                        id="search"
                        type="search"
                        name="q"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder={props.placeholder.clone()}
                        value={props.value.clone()}
                        {oninput}
                        {onchange}
                    />
                    <button type="submit" class="button">{ "Search" }</button>
                </div>
            </div>
            { props.children.clone() }
        </form>
    }
}
