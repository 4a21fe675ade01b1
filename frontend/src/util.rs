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

/// Saves `text` as a file named `filename` (a Blob behind a temporary link).
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = web_sys::js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = gloo::utils::document();
    let link = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "not an anchor".to_owned())?;
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    web_sys::Url::revoke_object_url(&url).map_err(|e| format!("{e:?}"))
}

/// An RFC 3339 time as the browser's locale and time zone write it ("29/11/2026, 21:05:13").
pub fn local_time(rfc3339: &str) -> String {
    let date = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| rfc3339.to_owned())
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
