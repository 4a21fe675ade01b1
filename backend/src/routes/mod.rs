//! HTTP handlers, one module per resource; each owns its `router()`. This module merges them,
//! describes the API for the OpenAPI document and holds the query-string validation they share.
//!
//! Every router is a utoipa-axum `OpenApiRouter`: a handler is mounted through `routes!`, which
//! reads its `#[utoipa::path]`, so no route can exist without its OpenAPI entry (the role × route
//! test enumerates `/api/openapi.json`).

use std::collections::{BTreeSet, HashMap};

use shared::{DEFAULT_PER_PAGE, DisclosureRoute, LabId, MAX_PER_PAGE, ProjectStatus, StudentId};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;

use crate::db::catalogue::read::{self, CatalogFilter};
use crate::db::disclosures;
use crate::error::{AppError, Result};
use crate::policy;
use crate::session::CurrentUser;
use crate::state::AppState;

pub mod accounts;
pub mod allocations;
pub mod areas;
pub mod audit;
pub mod csv;
pub mod cycle;
pub mod docs;
pub mod faculty;
pub mod health;
pub mod import;
pub mod labs;
pub mod matches;
pub mod me;
pub mod pairings;
pub mod projects;
pub mod ranking;
pub mod students;
pub mod taxonomy;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(docs::router())
        .merge(areas::router())
        .merge(labs::router())
        .merge(faculty::router())
        .merge(projects::router())
        .merge(students::router())
        .merge(matches::router())
        .merge(accounts::router())
        .merge(me::router())
        .merge(audit::router())
        .merge(import::router())
        .merge(taxonomy::router())
        .merge(cycle::router())
        .merge(ranking::router())
        .merge(pairings::router())
        .merge(allocations::router())
}

/// The document's frame; paths come from the handlers.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "ThesisMatch API",
        description = "Match thesis students with faculty advisors, labs and projects. Every error \
                       answers with the `ApiError` body. Signed-in requests carry the `tm_session` \
                       cookie set by `POST /api/auth/login`."
    ),
    modifiers(&SessionCookie),
    tags(
        (name = "catalogue", description = "Public: areas, labs, faculty, projects"),
        (name = "matching", description = "Explained scores"),
        (name = "accounts", description = "Sign-in, sessions, the signed-in person"),
        (name = "students", description = "Student records (need to know)"),
        (name = "director", description = "Running the program: people, audit log, import, taxonomy"),
        (name = "cycle", description = "The thesis cycle: phases, rank lists, applicants, pairings, dashboard"),
    )
)]
pub struct ApiDoc;

struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::session::SESSION_COOKIE,
            ))),
        );
    }
}

/// Query parameters of the catalogue lists (for the OpenAPI document).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogParams {
    /// Words that must all occur.
    q: Option<String>,
    /// Area slug (`imaging`, `signals`, `llms`).
    area: Option<String>,
    /// Lab id (faculty and projects).
    lab: Option<LabId>,
    /// Project status (projects only).
    status: Option<ProjectStatus>,
    /// From 1.
    page: Option<u64>,
    /// 1–100.
    per_page: Option<u64>,
}

/// `page` and `per_page` (for the OpenAPI document).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// From 1.
    page: Option<u64>,
    /// 1–100.
    per_page: Option<u64>,
}

/// Which list a query string is for: each accepts only the parameters it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOf {
    Labs,
    Faculty,
    Projects,
    Students,
}

impl ListOf {
    fn accepts(self, param: &str) -> bool {
        matches!(param, "q" | "page" | "per_page" | "area")
            || match self {
                ListOf::Labs | ListOf::Students => false,
                ListOf::Faculty => param == "lab",
                ListOf::Projects => param == "lab" || param == "status",
            }
    }
}

/// Records that `user` read the data of `students` through `route` (leaving out the reader's own
/// record), before the answer leaves: one disclosure naming every student in it.
pub async fn disclose(
    state: &AppState,
    user: &CurrentUser,
    route: DisclosureRoute,
    students: impl IntoIterator<Item = StudentId>,
) -> Result<()> {
    let named: BTreeSet<StudentId> = students
        .into_iter()
        .filter(|&s| policy::is_disclosure(user, s))
        .collect();
    disclosures::record(&state.db, user, route, named).await?;
    Ok(())
}

/// Validates `page` and `per_page`.
pub fn paging(raw: &RawQuery) -> Result<(u64, u64)> {
    let mut errors = Vec::new();
    let page = match positive(raw, "page") {
        Ok(p) => p.unwrap_or(1),
        Err(AppError::BadRequest(mut f)) => {
            errors.append(&mut f);
            1
        }
        Err(e) => return Err(e),
    };
    if page > 1_000_000 {
        errors.push(shared::FieldError {
            field: "page".into(),
            message: "is too large".into(),
        });
    }
    let per_page = match positive(raw, "per_page") {
        Ok(Some(n)) if n > MAX_PER_PAGE => {
            errors.push(shared::FieldError {
                field: "per_page".into(),
                message: format!("must be from 1 to {MAX_PER_PAGE}"),
            });
            DEFAULT_PER_PAGE
        }
        Ok(n) => n.unwrap_or(DEFAULT_PER_PAGE),
        Err(AppError::BadRequest(mut f)) => {
            errors.append(&mut f);
            DEFAULT_PER_PAGE
        }
        Err(e) => return Err(e),
    };
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(AppError::BadRequest(errors))
    }
}

/// 400 naming every parameter that is not in `known`.
pub fn refuse_unknown(raw: &RawQuery, known: &[&str]) -> Result<()> {
    let mut unknown: Vec<&String> = raw
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    unknown.sort();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(AppError::BadRequest(
        unknown
            .into_iter()
            .map(|k| shared::FieldError {
                field: k.clone(),
                message: format!("is not a filter of this list; known: {}", known.join(", ")),
            })
            .collect(),
    ))
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

/// Validates the list parameters of `/api/labs`, `/api/faculty`, `/api/projects` and
/// `/api/students`; a parameter the list does not apply is a 400, never silently ignored.
pub async fn catalog_filter(
    state: &AppState,
    raw: &RawQuery,
    list: ListOf,
) -> Result<CatalogFilter> {
    let mut errors = Vec::new();
    let mut unsupported: Vec<&String> = raw.keys().filter(|k| !list.accepts(k)).collect();
    unsupported.sort();
    for k in unsupported {
        errors.push(shared::FieldError {
            field: k.clone(),
            message: "is not a filter of this list".to_owned(),
        });
    }
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
            filter.words = read::search_words(q);
        }
    }
    if let Some(lab) = raw.get("lab").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match lab.parse::<LabId>() {
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
        match read::area_id_by_slug(&state.db, area).await? {
            Some(id) => filter.area_id = Some(id),
            None => {
                let known: Vec<String> = read::areas(&state.db)
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

/// Sorts and de-duplicates area slugs; every unknown one is a `FieldError` on `areas` that names
/// the known ones.
/// The end of every PATCH's checks: 422 naming every field problem; otherwise whether the patch
/// changes nothing (then the handler answers with the record as it is, writing nothing).
pub fn nothing_to_change<T: PartialEq>(
    errors: Vec<shared::FieldError>,
    before: &T,
    after: &T,
) -> Result<bool> {
    if errors.is_empty() {
        Ok(after == before)
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub async fn checked_areas(
    state: &AppState,
    mut areas: Vec<String>,
    errors: &mut Vec<shared::FieldError>,
) -> Result<Vec<String>> {
    let known = crate::db::catalogue::write::area_ids(&state.db).await?;
    let mut names: Vec<&str> = known.keys().map(String::as_str).collect();
    names.sort_unstable();
    for a in areas.iter().filter(|a| !known.contains_key(*a)) {
        errors.push(shared::FieldError {
            field: "areas".into(),
            message: format!("unknown area '{a}'; known areas: {}", names.join(", ")),
        });
    }
    areas.sort();
    areas.dedup();
    Ok(areas)
}

/// Parses a `{id}` path segment; anything but a positive integer is a 404 of that resource, since
/// no such resource can exist.
pub fn path_id<T>(raw: &str, what: &'static str) -> Result<T>
where
    T: std::str::FromStr + Into<i32> + Copy,
{
    raw.parse::<T>()
        .ok()
        .filter(|id| (*id).into() > 0)
        .ok_or(AppError::NotFound(what))
}
