//! The search form of the list pages: a labelled search box plus whatever filters the page adds.

use yew::prelude::*;

use crate::components::form::text_events;

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
    let (oninput, onchange) = text_events(&props.on_input, &props.value);
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
