//! Student records: need to know. The student reads their own; directors read any, and every read
//! by someone other than the student is written to the disclosure log.

use axum::Json;
use axum::extract::{Path, State};
use shared::{ApiError, AuditAction, DisclosureRoute, Page, Student, TargetKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{CatalogParams, ListOf, RawQuery, catalog_filter, disclose, path_id};
use crate::db::audit::{self, Entry};
use crate::db::catalogue::read;
use crate::error::{AppError, AppQuery, Result};
use crate::policy::{self, Action};
use crate::session::CurrentUser;
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
}

/// The student directory with e-mails, backgrounds and areas (directors; logged).
#[utoipa::path(get, path = "/students", tag = "students", params(CatalogParams),
    security(("session" = [])),
    responses((status = 200, body = Page<Student>), (status = 400, body = ApiError),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    Director(user): Director,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Student>>> {
    let filter = catalog_filter(&state, &raw, ListOf::Students).await?;
    let page = read::list_students(&state.db, &filter).await?;
    let mut entry = Entry::by(
        &user,
        AuditAction::StudentDirectoryRead,
        TargetKind::Student,
        None,
    );
    entry.reason = Some(format!(
        "page {} of the directory ({} of {} students{})",
        page.page,
        page.items.len(),
        page.total,
        raw.get("q").map(|q| format!(", q={q}")).unwrap_or_default()
    ));
    audit::record(&state.db, entry).await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::StudentDirectory,
        page.items.iter().map(|s| s.id),
    )
    .await?;
    Ok(Json(page))
}

/// Loads a student record for `user`: 403 unless the policy allows it, 404 if there is none, and
/// when the reader is not the student an audit entry and a disclosure naming the student.
pub async fn read_student(
    state: &AppState,
    user: &CurrentUser,
    raw_id: &str,
    route: DisclosureRoute,
) -> Result<Student> {
    let id = path_id(raw_id, "student")?;
    policy::authorize(user, Action::ReadStudent(id))?;
    let student = read::student(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("student"))?;
    if policy::is_disclosure(user, id) {
        audit::record(
            &state.db,
            Entry::by(
                user,
                AuditAction::StudentRecordRead,
                TargetKind::Student,
                Some(id.get()),
            )
            .reason(route.label()),
        )
        .await?;
        disclose(state, user, route, [id]).await?;
    }
    Ok(student)
}

/// One student's record (the student themself, or a director).
#[utoipa::path(get, path = "/students/{id}", tag = "students", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = Student), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Student>> {
    Ok(Json(
        read_student(&state, &user, &id, DisclosureRoute::StudentRecord).await?,
    ))
}
