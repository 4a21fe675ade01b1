//! `/api-docs`: the API reference, rendered from the server's own OpenAPI document
//! (`/api/openapi.json`) — every path and method, its parameters, body and answers, and the schemas.

use serde_json::Value;
use yew::prelude::*;

use crate::api;
use crate::components::status::{ErrorPanel, Loading};
use crate::hooks::{use_remote, use_title};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[component]
pub fn ApiDocsPage() -> Html {
    use_title("API documentation");
    let doc = use_remote((), |()| api::openapi());
    let body = match (&doc.data, &doc.error) {
        (_, Some(e)) => html! { <ErrorPanel error={e.clone()} on_retry={doc.retry.clone()} /> },
        (Some(doc), None) => html! { <ApiDoc doc={(**doc).clone()} /> },
        (None, None) => html! { <Loading label="Loading the API description…" /> },
    };
    html! {
        <section class="api-docs">
            <div class="page-intro">
                <h1>{ "API documentation" }</h1>
                <p class="lede">
                    { "Everything the app does goes through this JSON API. Errors always answer " }
                    <code>{ "{error, message, fields?, rows?}" }</code>
                    { ". The machine-readable description is at " }
                    <a href="/api/openapi.json">{ "/api/openapi.json" }</a>
                    { " (OpenAPI 3.1)." }
                </p>
            </div>
            { body }
        </section>
    }
}

/// A schema's name as a reader wants it: `Project`, `Project[]`, `string`, `integer | null`.
pub fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let names: Vec<String> = list.iter().map(schema_name).collect();
            return names.join(if key == "allOf" { " & " } else { " | " });
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "array" => {
            format!(
                "{}[]",
                schema.get("items").map(schema_name).unwrap_or_default()
            )
        }
        Some(Value::String(t)) => match schema.get("format").and_then(Value::as_str) {
            Some(f) => format!("{t} ({f})"),
            None => t.clone(),
        },
        Some(Value::Array(ts)) => {
            let names: Vec<String> = ts
                .iter()
                .filter_map(Value::as_str)
                .map(|t| {
                    if t == "array" {
                        format!(
                            "{}[]",
                            schema.get("items").map(schema_name).unwrap_or_default()
                        )
                    } else {
                        t.to_owned()
                    }
                })
                .collect();
            names.join(" | ")
        }
        _ if schema.get("enum").is_some() => "enum".to_owned(),
        _ => "any".to_owned(),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// `/api/projects/{id}` → `op-get-api-projects-id`.
fn anchor(method: &str, path: &str) -> String {
    let slug: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("op-{method}-{slug}")
}

/// A media type and the name of its schema.
type Content = (String, String);

/// The media types of a body or answer, each with its schema's name.
fn contents(v: &Value) -> Vec<Content> {
    v.get("content")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(mime, c)| {
                    (
                        mime.clone(),
                        c.get("schema").map(schema_name).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct ApiDocProps {
    doc: Value,
}

#[component]
fn ApiDoc(props: &ApiDocProps) -> Html {
    let doc = &props.doc;
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    let mut ops: Vec<(String, String, Value, Vec<Value>)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let shared_params = item
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    ops.push((
                        method.to_owned(),
                        path.clone(),
                        op.clone(),
                        shared_params.clone(),
                    ));
                }
            }
        }
    }
    let schemas = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    html! {
        <>
            <p class="api-info">
                { format!(
                    "{} {} · {} operations · {} schemas",
                    text(&info, "title").unwrap_or_else(|| "API".to_owned()),
                    text(&info, "version").unwrap_or_default(),
                    ops.len(),
                    schemas.len()
                ) }
            </p>
            <nav class="api-toc" aria-label="Operations">
                <ul>
                    { for ops.iter().map(|(method, path, _, _)| html! {
                        <li>
                            <a href={format!("#{}", anchor(method, path))}>
                                <span class={classes!("api-method", format!("api-method-{method}"))}>{ method.to_uppercase() }</span>
                                { " " }<code>{ path.clone() }</code>
                            </a>
                        </li>
                    }) }
                </ul>
            </nav>
            <section aria-labelledby="api-ops-heading">
                <h2 id="api-ops-heading">{ "Operations" }</h2>
                { for ops.iter().map(|(method, path, op, shared)| operation(method, path, op, shared)) }
            </section>
            <section aria-labelledby="api-schemas-heading">
                <h2 id="api-schemas-heading">{ "Schemas" }</h2>
                { for schemas.iter().map(|(name, schema)| schema_view(name, schema)) }
            </section>
        </>
    }
}

fn operation(method: &str, path: &str, op: &Value, shared: &[Value]) -> Html {
    let mut params: Vec<Value> = shared.to_vec();
    if let Some(own) = op.get("parameters").and_then(Value::as_array) {
        params.extend(own.iter().cloned());
    }
    let body = op.get("requestBody").map(contents).unwrap_or_default();
    let responses: Vec<(String, String, Vec<Content>)> = op
        .get("responses")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(code, r)| {
                    (
                        code.clone(),
                        text(r, "description").unwrap_or_default(),
                        contents(r),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let secured = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let tags = op
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    html! {
        <article class="card api-op" id={anchor(method, path)}>
            <h3 class="api-op-title">
                <span class={classes!("api-method", format!("api-method-{method}"))}>{ method.to_uppercase() }</span>
                { " " }<code>{ path.to_owned() }</code>
            </h3>
            if let Some(summary) = text(op, "summary") {
                <p class="api-summary">{ summary }</p>
            }
            if let Some(description) = text(op, "description") {
                <p class="api-description">{ description }</p>
            }
            if !tags.is_empty() || secured {
                <p class="field-hint">
                    { if tags.is_empty() { String::new() } else { format!("Tags: {tags}. ") } }
                    { if secured { "Needs a signed-in session (the cookie set by /api/auth/login)." } else { "" } }
                </p>
            }
            if !params.is_empty() {
                <table class="data-table api-params">
                    <caption>{ "Parameters" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "In" }</th>
                            <th scope="col">{ "Type" }</th>
                            <th scope="col">{ "Required" }</th>
                            <th scope="col">{ "Description" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for params.iter().map(|p| html! {
                            <tr>
                                <th scope="row"><code>{ text(p, "name").unwrap_or_default() }</code></th>
                                <td>{ text(p, "in").unwrap_or_default() }</td>
                                <td>{ p.get("schema").map(schema_name).unwrap_or_default() }</td>
                                <td>{ if p.get("required").and_then(Value::as_bool).unwrap_or(false) { "yes" } else { "no" } }</td>
                                <td>{ text(p, "description").unwrap_or_default() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !body.is_empty() {
                <p class="api-body">
                    { "Request body: " }
                    { for body.iter().map(|(mime, schema)| html! {
                        <span class="api-content"><code>{ schema.clone() }</code>{ format!(" ({mime}) ") }</span>
                    }) }
                </p>
            }
            <dl class="api-responses">
                { for responses.iter().map(|(code, description, content)| html! {
                    <div class={classes!("api-response", format!("api-status-{}", code.chars().next().unwrap_or('x')))}>
                        <dt><code>{ code.clone() }</code></dt>
                        <dd>
                            { description.clone() }
                            { for content.iter().map(|(_, schema)| html! { <>{ " → " }<code>{ schema.clone() }</code></> }) }
                        </dd>
                    </div>
                }) }
            </dl>
        </article>
    }
}

fn schema_view(name: &str, schema: &Value) -> Html {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let properties = schema.get("properties").and_then(Value::as_object);
    let enum_values = schema.get("enum").and_then(Value::as_array).map(|values| {
        values
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join(", ")
    });
    html! {
        <article class="card api-schema" id={format!("schema-{name}")}>
            <h3><code>{ name.to_owned() }</code></h3>
            if let Some(description) = text(schema, "description") {
                <p>{ description }</p>
            }
            if let Some(values) = enum_values {
                <p>{ "One of: " }<code>{ values }</code></p>
            }
            if let Some(props) = properties {
                <table class="data-table api-fields">
                    <caption class="visually-hidden">{ format!("Fields of {name}") }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Field" }</th>
                            <th scope="col">{ "Type" }</th>
                            <th scope="col">{ "Required" }</th>
                            <th scope="col">{ "Description" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.iter().map(|(field, s)| html! {
                            <tr>
                                <th scope="row"><code>{ field.clone() }</code></th>
                                <td>{ schema_name(s) }</td>
                                <td>{ if required.contains(&field.as_str()) { "yes" } else { "no" } }</td>
                                <td>{ text(s, "description").unwrap_or_default() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            } else if schema.get("enum").is_none() {
                <p>{ format!("Type: {}", schema_name(schema)) }</p>
            }
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_names_read_naturally() {
        assert_eq!(
            schema_name(&json!({"$ref": "#/components/schemas/Project"})),
            "Project"
        );
        assert_eq!(
            schema_name(&json!({"type": "array", "items": {"$ref": "#/components/schemas/Lab"}})),
            "Lab[]"
        );
        assert_eq!(
            schema_name(&json!({"type": ["integer", "null"]})),
            "integer | null"
        );
        assert_eq!(
            schema_name(&json!({"type": "integer", "format": "int32"})),
            "integer (int32)"
        );
        assert_eq!(
            schema_name(&json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Me"}]})),
            "null | Me"
        );
        assert_eq!(
            anchor("get", "/api/projects/{id}"),
            "op-get-api-projects-id"
        );
    }
}
