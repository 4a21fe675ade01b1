//! Form pieces: labelled fields that show their own error, and an error summary that takes focus
//! after a failed submit and links to each bad field. The state behind them is
//! [`use_form`](crate::hooks::use_form).

use yew::prelude::*;

use crate::hooks::FormErrors;
use crate::util::event_value;

/// Moves keyboard focus to the element with this id (e.g. a field named in the summary).
pub fn focus_id(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id)
        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        && el.focus().is_err()
    {
        gloo::console::warn!("could not focus a form field");
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub errors: FormErrors,
    /// Changes on every failed submit, so focus moves here each time.
    pub attempt: u32,
    #[prop_or(AttrValue::Static("form-errors"))]
    pub id: AttrValue,
}

/// "There is a problem": the message and a link to each bad field. Takes focus when it appears.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let shown = !props.errors.is_empty();
        use_effect_with((props.attempt, shown), move |(_, shown)| {
            if *shown
                && let Some(el) = node.cast::<web_sys::HtmlElement>()
                && el.focus().is_err()
            {
                gloo::console::warn!("could not focus the error summary");
            }
        });
    }
    if props.errors.is_empty() {
        return Html::default();
    }
    let links = props.errors.fields.iter().map(|f| {
        let label = format!("{}: {}", f.label, f.message);
        if f.id.is_empty() {
            html! { <li>{ label }</li> }
        } else {
            let id = f.id.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                focus_id(&id);
            });
            html! { <li><a href={format!("#{}", f.id)} {onclick}>{ label }</a></li> }
        }
    });
    html! {
        <div class="error-summary" id={props.id.clone()} role="alert" tabindex="-1" ref={node}>
            <p class="state-title">{ "There is a problem" }</p>
            if let Some(message) = &props.errors.message {
                <p class="error-summary-message">{ message.clone() }</p>
            }
            if !props.errors.fields.is_empty() {
                <ul class="field-errors">{ for links }</ul>
            }
        </div>
    }
}

/// The `oninput` and `onchange` of a text input showing `value`: both give `on_input` the text.
/// `change` is for edits that send no `input` event (autofill, some automation), and only reports
/// a text that differs.
pub fn text_events(
    on_input: &Callback<String>,
    value: &AttrValue,
) -> (Callback<InputEvent>, Callback<Event>) {
    let oninput = {
        let on_input = on_input.clone();
        Callback::from(move |e: InputEvent| on_input.emit(event_value(&e)))
    };
    let onchange = {
        let on_input = on_input.clone();
        let value = value.clone();
        Callback::from(move |e: Event| {
            let text = event_value(&e);
            if text != value.as_str() {
                on_input.emit(text);
            }
        })
    };
    (oninput, onchange)
}

/// `aria-describedby` for an input with an optional hint and an optional error.
pub fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[derive(Clone, Copy, PartialEq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Email,
    Password,
    NewPassword,
    Number,
    Date,
    TextArea,
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or_default]
    pub kind: FieldKind,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or(4)]
    pub rows: u32,
    /// Most characters the field takes (`maxlength`), e.g. one of `shared`'s limits.
    #[prop_or_default]
    pub maxlength: Option<usize>,
    /// Largest number a `Number` field takes (`max`).
    #[prop_or_default]
    pub max: Option<u32>,
}

/// A labelled input (or textarea) with its hint and its error, linked by `aria-describedby`.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let id = props.id.to_string();
    let describedby = described_by(&id, props.hint.is_some(), props.error.is_some());
    let invalid = props.error.is_some().then_some("true");
    let (oninput, onchange) = text_events(&props.on_input, &props.value);
    let (input_type, autocomplete) = match props.kind {
        FieldKind::Email => ("email", Some("email")),
        FieldKind::Password => ("password", Some("current-password")),
        FieldKind::NewPassword => ("password", Some("new-password")),
        FieldKind::Number => ("number", None),
        FieldKind::Date => ("date", None),
        FieldKind::Text | FieldKind::TextArea => ("text", None),
    };
    let autocomplete = props
        .autocomplete
        .clone()
        .or(autocomplete.map(AttrValue::Static));
    let maxlength = props.maxlength.map(|n| n.to_string());
    let control = if props.kind == FieldKind::TextArea {
        html! {
            <textarea
                id={props.id.clone()}
                name={props.id.clone()}
                rows={props.rows.to_string()}
                maxlength={maxlength}
                aria-describedby={describedby}
                aria-invalid={invalid}
                required={props.required}
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                {oninput}
                {onchange}
            />
        }
    } else {
        html! {
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={input_type}
                min={(props.kind == FieldKind::Number).then_some("0")}
                max={props.max.filter(|_| props.kind == FieldKind::Number).map(|n| n.to_string())}
                maxlength={maxlength}
                autocomplete={autocomplete}
                aria-describedby={describedby}
                aria-invalid={invalid}
                required={props.required}
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                {oninput}
                {onchange}
            />
        }
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p id={format!("{id}-hint")} class="field-hint">{ hint.clone() }</p>
            }
            { control }
            if let Some(error) = &props.error {
                <p id={format!("{id}-error")} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

/// The `on_input` of a [`Field`] whose text is kept in `state`.
pub fn set_text(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| state.set(v))
}

/// Splits what was typed in a comma-separated field: trimmed, no empties.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The status line of a form ("Saved.", "Saving…"), read out politely.
#[derive(Properties, PartialEq)]
pub struct FormStatusProps {
    pub text: Option<AttrValue>,
    #[prop_or(AttrValue::Static("form-status"))]
    pub id: AttrValue,
}

#[component]
pub fn FormStatus(props: &FormStatusProps) -> Html {
    html! {
        <p id={props.id.clone()} class="form-status" role="status" aria-live="polite">
            { props.text.clone().unwrap_or_default() }
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas() {
        assert_eq!(
            split_list(" EEG, ECG ,,\nwearables"),
            ["EEG", "ECG", "wearables"]
        );
        assert!(split_list(" , ").is_empty());
    }

    #[test]
    fn inputs_are_described_by_their_hint_and_error() {
        assert_eq!(
            described_by("x", true, true).as_deref(),
            Some("x-hint x-error")
        );
        assert_eq!(described_by("x", false, false), None);
    }
}
