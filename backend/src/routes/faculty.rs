use axum::Json;
use axum::extract::{Path, State};
use shared::{
    ApiError, AuditAction, Faculty, FacultyDetail, FacultyId, FacultyPatch, FieldError, Page,
    TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{CatalogParams, ListOf, RawQuery, catalog_filter, path_id};
use crate::db::audit::Entry;
use crate::db::catalogue::read;
use crate::db::catalogue::write;
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::{self, Action};
use crate::session::{CurrentUser, MaybeUser};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail, update))
}

/// Faculty, filtered and paged (`q`, `area`, `lab`, `page`, `per_page`).
#[utoipa::path(get, path = "/faculty", tag = "catalogue", params(CatalogParams),
    responses((status = 200, body = Page<Faculty>), (status = 400, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Faculty>>> {
    let filter = catalog_filter(&state, &raw, ListOf::Faculty).await?;
    Ok(Json(read::list_faculty(&state.db, &filter).await?))
}

async fn load(state: &AppState, raw_id: &str) -> Result<FacultyDetail> {
    let id: FacultyId = path_id(raw_id, "faculty member")?;
    read::faculty_detail(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("faculty member"))
}

/// A faculty member and the projects they lead or co-mentor.
#[utoipa::path(get, path = "/faculty/{id}", tag = "catalogue", params(("id" = i32, Path)),
    responses((status = 200, body = FacultyDetail), (status = 404, body = ApiError)))]
async fn detail(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<FacultyDetail>> {
    let mut detail = load(&state, &id).await?;
    detail
        .projects
        .retain(|p| policy::may_see_project(user.as_ref(), p));
    Ok(Json(detail))
}

/// The faculty member's own record: accepting students, thesis capacity, bio, areas.
#[utoipa::path(patch, path = "/faculty/{id}", tag = "catalogue", params(("id" = i32, Path)),
    request_body = FacultyPatch, security(("session" = [])),
    responses((status = 200, body = Faculty), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppJson(patch): AppJson<FacultyPatch>,
) -> Result<Json<Faculty>> {
    let before = load(&state, &id).await?.faculty;
    policy::authorize(&user, Action::EditFaculty(before.id))?;
    let mut after = before.clone();
    let mut errors = Vec::new();
    if let Some(v) = patch.accepting_students {
        after.accepting_students = v;
    }
    if let Some(v) = patch.capacity {
        if let Err(message) = shared::check_faculty_capacity(v) {
            errors.push(FieldError {
                field: "capacity".into(),
                message,
            });
        }
        after.capacity = v;
    }
    if let Some(v) = patch.bio {
        if let Err(message) = shared::check_text(&v, shared::MAX_BIO_CHARS) {
            errors.push(FieldError {
                field: "bio".into(),
                message,
            });
        }
        after.bio = v.trim().to_owned();
    }
    if let Some(v) = patch.areas {
        after.areas = super::checked_areas(&state, v, &mut errors).await?;
    }
    if super::nothing_to_change(errors, &before, &after)? {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::FacultyUpdated,
        TargetKind::Faculty,
        Some(before.id.get()),
    );
    Ok(Json(
        write::update_faculty(&state.db, &before, &after, entry).await?,
    ))
}
