//! Little helpers for reading DOM events and writing English.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Reads the value of the `<input>`, `<textarea>` or `<select>` an event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// "1 project", "23 projects".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// A score or contribution as people read it: one decimal, no "-0.0".
pub fn points(x: f32) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded:.1}")
    }
}

/// Splits free text into paragraphs on blank lines.
pub fn paragraphs(text: &str) -> Html {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| html! { <p>{ p.to_owned() }</p> })
        .collect()
}

/// The first `max` characters of `text`, cut at a word and ended with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_points_read_naturally() {
        assert_eq!(count(1, "project", "projects"), "1 project");
        assert_eq!(count(23, "project", "projects"), "23 projects");
        assert_eq!(points(12.64), "12.6");
        assert_eq!(points(-0.01), "0");
    }

    #[test]
    fn excerpt_cuts_at_a_word() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(
            excerpt("The lab studies sleep, seizures and more", 20),
            "The lab studies…"
        );
    }
}
