//! Little helpers for reading DOM events, changing state and writing English.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
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

/// A time as the `datetime` attribute of a `<time>` carries it: RFC 3339 in UTC (`Z`), as the API
/// sends it.
pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `at` as a browser `Date` (which reads and writes the browser's time zone).
fn js_date(at: DateTime<Utc>) -> web_sys::js_sys::Date {
    web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ))
}

/// A time as the browser's locale and time zone write it ("29/11/2026, 21:05:13").
pub fn local_time(at: DateTime<Utc>) -> String {
    let date = js_date(at);
    if date.get_time().is_nan() {
        return iso(at);
    }
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| iso(at))
}

/// "in 14 days", "in 5 hours", "passed 2 days ago" for a time, from now.
pub fn from_now(at: DateTime<Utc>) -> String {
    relative_text(at.timestamp_millis() as f64 - web_sys::js_sys::Date::now())
}

/// How a span of `ms` milliseconds from now reads.
pub fn relative_text(ms: f64) -> String {
    const HOUR: f64 = 3_600_000.0;
    const DAY: f64 = 24.0 * HOUR;
    let future = ms >= 0.0;
    let abs = ms.abs();
    let phrase = if abs >= DAY {
        count((abs / DAY).round() as u64, "day", "days")
    } else if abs >= HOUR {
        count((abs / HOUR).round() as u64, "hour", "hours")
    } else {
        count(
            (abs / 60_000.0).round().max(1.0) as u64,
            "minute",
            "minutes",
        )
    };
    if future {
        format!("in {phrase}")
    } else {
        format!("{phrase} ago")
    }
}

/// Whether a time has passed.
pub fn is_past(at: DateTime<Utc>) -> bool {
    at.timestamp_millis() as f64 <= web_sys::js_sys::Date::now()
}

/// The value of an `<input type="datetime-local">` (`2027-03-01T17:00`, the browser's zone) for
/// a time.
pub fn to_datetime_local(at: DateTime<Utc>) -> String {
    let date = js_date(at);
    if date.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Reads an `<input type="datetime-local">` value (`2027-03-01T17:00`, seconds optional) as the
/// wall-clock time it names, in no zone yet.
pub fn parse_datetime_local(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
}

/// An `<input type="datetime-local">` value, read in the browser's time zone, as a UTC time.
pub fn from_datetime_local(value: &str) -> Option<DateTime<Utc>> {
    let local = parse_datetime_local(value)?;
    // `new Date("2027-03-01T17:00:00.000")`: the browser reads a date-time without an offset as
    // local time.
    let text = local.format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
    let date = web_sys::js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&text));
    let ms = date.get_time();
    if ms.is_nan() {
        return None;
    }
    DateTime::from_timestamp_millis(ms as i64)
}

/// "1st", "2nd", "3rd", "11th", "22nd".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A callback that changes what `state` holds: `change` edits a copy with what the callback is
/// given, and the copy is stored.
pub fn edit<T, A>(state: &UseStateHandle<T>, change: impl Fn(&mut T, A) + 'static) -> Callback<A>
where
    T: Clone + 'static,
    A: 'static,
{
    let state = state.clone();
    Callback::from(move |arg: A| {
        let mut next = (*state).clone();
        change(&mut next, arg);
        state.set(next);
    })
}

/// Adds `item` to `items`, or takes it out if it is there (a chip or checkbox pressed).
pub fn toggle<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if let Some(i) = items.iter().position(|x| *x == item) {
        items.remove(i);
    } else {
        items.push(item);
    }
}

/// Moves the item at `from` to `to` (both in range), shifting the others.
pub fn move_item<T>(items: &mut Vec<T>, from: usize, to: usize) {
    if from >= items.len() || to >= items.len() || from == to {
        return;
    }
    let item = items.remove(from);
    items.insert(to, item);
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
    fn ordinals_and_moves() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
        let mut v = vec![1, 2, 3, 4];
        move_item(&mut v, 2, 1);
        assert_eq!(v, [1, 3, 2, 4]);
        move_item(&mut v, 0, 3);
        assert_eq!(v, [3, 2, 4, 1]);
        move_item(&mut v, 0, 9);
        assert_eq!(v, [3, 2, 4, 1]);
        toggle(&mut v, 2);
        assert_eq!(v, [3, 4, 1]);
        toggle(&mut v, 2);
        assert_eq!(v, [3, 4, 1, 2]);
    }

    #[test]
    fn relative_times_read_naturally() {
        let day = 86_400_000.0;
        assert_eq!(relative_text(14.0 * day - 5_000.0), "in 14 days");
        assert_eq!(relative_text(1.0 * day), "in 1 day");
        assert_eq!(relative_text(5.2 * 3_600_000.0), "in 5 hours");
        assert_eq!(relative_text(-2.0 * day), "2 days ago");
        assert_eq!(relative_text(10_000.0), "in 1 minute");
    }

    #[test]
    fn datetime_local_values_are_read_as_wall_clock_times() {
        let at = |s: &str| parse_datetime_local(s).map(|t| t.to_string());
        assert_eq!(
            at("2027-03-01T17:00").as_deref(),
            Some("2027-03-01 17:00:00")
        );
        assert_eq!(
            at(" 2027-03-01T17:00:30 ").as_deref(),
            Some("2027-03-01 17:00:30")
        );
        assert_eq!(at(""), None);
        assert_eq!(at("2027-03-01"), None);
        assert_eq!(at("2027-02-30T10:00"), None);
    }

    #[test]
    fn iso_writes_utc_with_z() {
        let t = DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        assert_eq!(iso(t), "2026-11-18T11:06:40Z");
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
