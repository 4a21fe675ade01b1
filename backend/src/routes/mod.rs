//! HTTP handlers, one module per resource; each owns its `router()`. This module merges them and
//! holds the query-string validation they share.

use std::collections::HashMap;

use axum::Router;
use shared::{DEFAULT_PER_PAGE, Id, MAX_PER_PAGE, ProjectStatus};

use crate::app::AppState;
use crate::db::queries::{self, CatalogFilter};
use crate::error::{AppError, Result};

pub mod areas;
pub mod faculty;
pub mod health;
pub mod labs;
pub mod matches;
pub mod projects;
pub mod students;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(areas::router())
        .merge(labs::router())
        .merge(faculty::router())
        .merge(projects::router())
        .merge(students::router())
        .merge(matches::router())
}

/// Longest `q=` we search for.
const MAX_QUERY_CHARS: usize = 200;

/// Raw list query string. Parsed by hand so every mistake is a 400 naming its field.
pub type RawQuery = HashMap<String, String>;

fn positive(raw: &RawQuery, field: &str) -> Result<Option<u64>> {
    match raw.get(field).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Some)
            .ok_or_else(|| AppError::bad_field(field, "must be a whole number from 1")),
    }
}

/// Validates the list parameters shared by `/api/labs`, `/api/faculty` and `/api/projects`.
pub async fn catalog_filter(state: &AppState, raw: &RawQuery) -> Result<CatalogFilter> {
    let mut errors = Vec::new();
    let mut note = |r: Result<()>| {
        if let Err(AppError::BadRequest(mut f)) = r {
            errors.append(&mut f);
        }
    };
    let mut filter = CatalogFilter {
        page: 1,
        per_page: DEFAULT_PER_PAGE,
        ..CatalogFilter::default()
    };
    note(positive(raw, "page").map(|p| filter.page = p.unwrap_or(1)));
    note(positive(raw, "per_page").and_then(|p| match p {
        Some(n) if n > MAX_PER_PAGE => Err(AppError::bad_field(
            "per_page",
            format!("must be from 1 to {MAX_PER_PAGE}"),
        )),
        Some(n) => {
            filter.per_page = n;
            Ok(())
        }
        None => Ok(()),
    }));
    if filter.page > 1_000_000 {
        note(Err(AppError::bad_field("page", "is too large")));
    }
    if let Some(q) = raw.get("q") {
        if q.chars().count() > MAX_QUERY_CHARS {
            note(Err(AppError::bad_field(
                "q",
                format!("must be at most {MAX_QUERY_CHARS} characters"),
            )));
        } else {
            filter.words = queries::search_words(q);
        }
    }
    if let Some(lab) = raw.get("lab").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match lab.parse::<Id>() {
            Ok(id) => filter.lab_id = Some(id),
            Err(_) => note(Err(AppError::bad_field(
                "lab",
                "must be a lab id (a whole number)",
            ))),
        }
    }
    if let Some(status) = raw
        .get("status")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        match ProjectStatus::parse(status) {
            Some(s) => filter.status = Some(s),
            None => note(Err(AppError::bad_field(
                "status",
                "must be one of draft, open, closed, filled",
            ))),
        }
    }
    if let Some(area) = raw.get("area").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match queries::area_id_by_slug(&state.db, area).await? {
            Some(id) => filter.area_id = Some(id),
            None => {
                let known: Vec<String> = queries::areas(&state.db)
                    .await?
                    .into_iter()
                    .map(|a| a.slug)
                    .collect();
                note(Err(AppError::bad_field(
                    "area",
                    format!("unknown area '{area}'; known areas: {}", known.join(", ")),
                )));
            }
        }
    }
    if errors.is_empty() {
        Ok(filter)
    } else {
        Err(AppError::BadRequest(errors))
    }
}

/// Parses a `{id}` path segment; anything but a positive integer is a 404 of that resource, since
/// no such resource can exist.
pub fn path_id(raw: &str, what: &'static str) -> Result<Id> {
    raw.parse::<Id>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound(what))
}
