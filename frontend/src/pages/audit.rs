//! `/audit` (directors): the append-only audit and disclosure log, filtered by actor, action and
//! dates, newest first.

use chrono::NaiveDate;
use shared::{AuditAction, AuditEntry, AuditQuery, UserId};
use yew::prelude::*;

use crate::api;
use crate::components::access::Require;
use crate::components::data_table::PagedTable;
use crate::components::form::{ErrorSummary, Field, FieldKind};
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::context::Access;
use crate::hooks::{FormErrors, use_form, use_remote, use_title};
use crate::util::{count, edit, event_value, iso, local_time};

const PER_PAGE: u64 = 50;

#[component]
pub fn AuditPage() -> Html {
    use_title("Audit log");
    html! {
        <Require access={Access::Director}>
            <Audit />
        </Require>
    }
}

/// The filter form as typed.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    actor: String,
    action: Option<AuditAction>,
    from: String,
    to: String,
}

/// `YYYY-MM-DD` (what a date input gives), as a calendar date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    if is_date(s) {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else {
        None
    }
}

/// The shape `YYYY-MM-DD` (what a date input gives).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl Filters {
    fn query(&self) -> Result<AuditQuery, FormErrors> {
        let mut errors = FormErrors::default();
        let actor = self.actor.trim();
        let actor = if actor.is_empty() {
            None
        } else {
            match actor.parse::<UserId>() {
                Ok(id) if id.get() > 0 => Some(id),
                _ => {
                    errors.add(
                        "audit-actor",
                        "Actor account id",
                        "Enter an account number, e.g. 12.",
                    );
                    None
                }
            }
        };
        let date = |errors: &mut FormErrors, id: &str, label: &str, s: &str| {
            let s = s.trim();
            if s.is_empty() {
                None
            } else if let Some(d) = parse_date(s) {
                Some(d)
            } else {
                errors.add(id, label, "Enter a date as YYYY-MM-DD.");
                None
            }
        };
        let from = date(&mut errors, "audit-from", "From", &self.from);
        let to = date(&mut errors, "audit-to", "To", &self.to);
        if let (Some(f), Some(t)) = (&from, &to)
            && f > t
        {
            errors.add("audit-to", "To", "The end date is before the start date.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AuditQuery {
            actor,
            action: self.action,
            from,
            to,
            page: None,
            per_page: Some(PER_PAGE),
        })
    }
}

#[component]
fn Audit() -> Html {
    let filters = use_state(Filters::default);
    let query = use_state(|| AuditQuery {
        per_page: Some(PER_PAGE),
        ..AuditQuery::default()
    });
    let form = use_form();
    let log = use_remote((*query).clone(), |q| async move { api::audit(&q).await });

    let text = |f: fn(&mut Filters, String)| edit(&filters, f);
    let on_action = edit(&filters, |f, e: Event| {
        f.action = AuditAction::parse(&event_value(&e));
    });
    let onsubmit = {
        let (filters, query, form) = (filters.clone(), query.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match filters.query() {
                Ok(q) => {
                    form.clear_errors();
                    query.set(q);
                }
                Err(problems) => form.invalid(problems),
            }
        })
    };
    let clear = {
        let (filters, query, form) = (filters.clone(), query.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            filters.set(Filters::default());
            form.clear_errors();
            query.set(AuditQuery {
                per_page: Some(PER_PAGE),
                ..AuditQuery::default()
            });
        })
    };
    let on_page = {
        let query = query.clone();
        Callback::from(move |page: u64| {
            query.set(AuditQuery {
                page: Some(page),
                ..(*query).clone()
            })
        })
    };

    let table = match (&log.data, &log.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={log.retry.clone()} /> },
        (Some(page), None) if page.items.is_empty() => html! {
            <EmptyState title="No entries match these filters" />
        },
        (Some(page), None) => html! {
            <PagedTable
                summary={count(page.total, "entry", "entries")}
                busy={log.loading}
                class="audit-table"
                caption="Audit log, newest first"
                columns={vec!["Time", "Actor", "Action", "Target", "Reason", "Client", "Change"]}
                page={page.page}
                page_count={page.page_count()}
                {on_page}
                pager_label="Audit log pages"
            >
                { for page.items.iter().map(|e| html! { <AuditRow key={e.id} entry={e.clone()} /> }) }
            </PagedTable>
        },
        (None, None) => html! { <Loading label="Loading the audit log…" /> },
    };
    let f = &*filters;
    let errors = form.errors();
    html! {
        <section class="audit-page">
            <div class="page-intro">
                <h1>{ "Audit log" }</h1>
                <p class="lede">{ "Who signed in, changed or read what, and when. Times are in your time zone." }</p>
            </div>
            <form class="filters audit-filters" novalidate=true {onsubmit}>
                <ErrorSummary errors={errors.clone()} attempt={form.attempt()} />
                <div class="field-row">
                    <Field id="audit-actor" label="Actor account id" value={f.actor.clone()}
                        on_input={text(|f, v| f.actor = v)} error={errors.of("audit-actor")} autocomplete="off" />
                    <div class="field">
                        <label for="audit-action">{ "Action" }</label>
                        <select id="audit-action" onchange={on_action}>
                            <option value="" selected={f.action.is_none()}>{ "Any action" }</option>
                            { for AuditAction::ALL.iter().map(|a| html! {
                                <option value={a.as_str()} selected={f.action == Some(*a)}>{ a.label() }</option>
                            }) }
                        </select>
                    </div>
                    <Field id="audit-from" label="From" kind={FieldKind::Date} value={f.from.clone()}
                        on_input={text(|f, v| f.from = v)} error={errors.of("audit-from")} />
                    <Field id="audit-to" label="To" kind={FieldKind::Date} value={f.to.clone()}
                        on_input={text(|f, v| f.to = v)} error={errors.of("audit-to")} />
                </div>
                <div class="form-actions">
                    <button id="audit-apply" type="submit" class="button">{ "Show entries" }</button>
                    <button type="button" class="button button-link" onclick={clear}>{ "Clear filters" }</button>
                </div>
            </form>
            { table }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AuditRowProps {
    entry: AuditEntry,
}

/// Pretty-prints a JSON snapshot, or shows it as stored if it is not JSON.
fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| json.to_owned())
}

#[component]
fn AuditRow(props: &AuditRowProps) -> Html {
    let e = &props.entry;
    let target = match e.target_id {
        Some(id) => format!("{} #{id}", e.target_kind.as_str()),
        None => e.target_kind.as_str().to_owned(),
    };
    let actor = match e.actor_id {
        Some(id) => format!("{} (#{id})", e.actor_email),
        None => e.actor_email.clone(),
    };
    let change = (e.before.is_some() || e.after.is_some()).then(|| {
        html! {
            <details class="audit-change">
                <summary>{ "Before → after" }</summary>
                <div class="audit-diff">
                    <div>
                        <p class="audit-diff-label">{ "Before" }</p>
                        <pre>{ e.before.as_deref().map(pretty).unwrap_or_else(|| "—".to_owned()) }</pre>
                    </div>
                    <div>
                        <p class="audit-diff-label">{ "After" }</p>
                        <pre>{ e.after.as_deref().map(pretty).unwrap_or_else(|| "—".to_owned()) }</pre>
                    </div>
                </div>
            </details>
        }
    });
    html! {
        <tr class={classes!("audit-row", format!("audit-{}", e.action.as_str()))}>
            <td><time datetime={iso(e.at)}>{ local_time(e.at) }</time></td>
            <td>{ actor }</td>
            <th scope="row">{ e.action.label() }</th>
            <td>{ target }</td>
            <td>{ e.reason.clone().unwrap_or_default() }</td>
            <td>{ e.client_addr.clone().unwrap_or_default() }</td>
            <td>{ for change }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_a_query_or_say_what_is_wrong() {
        let q = Filters {
            actor: " 3 ".into(),
            action: Some(AuditAction::Import),
            from: "2026-11-01".into(),
            to: String::new(),
        }
        .query();
        assert_eq!(
            q.map(|q| (q.actor, q.from, q.to)),
            Ok((Some(UserId(3)), NaiveDate::from_ymd_opt(2026, 11, 1), None))
        );
        let errors = Filters {
            actor: "me".into(),
            from: "2026-12-01".into(),
            to: "2026-11-01".into(),
            ..Filters::default()
        }
        .query()
        .err()
        .unwrap_or_default();
        let ids: Vec<&str> = errors.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["audit-actor", "audit-to"]);
        assert!(!is_date("2026-1-01"));
        assert_eq!(parse_date("2026-1-01"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(
            parse_date("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
    }

    #[test]
    fn snapshots_are_pretty_printed() {
        assert_eq!(pretty(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(pretty("not json"), "not json");
    }
}
