//! `POST /api/import/{kind}`: a director uploads a CSV file (the raw body, `text/csv`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use shared::{ApiError, AuditAction, ImportKind, ImportReport, TargetKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::db::audit::Entry;
use crate::db::import::{self, ImportError};
use crate::error::{AppError, Result};
use crate::session::Director;
use crate::state::AppState;

/// Largest CSV accepted (50,000 students with long interests fit).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
}

/// Imports labs, faculty, projects or students from CSV (formats in README). A file with any bad
/// row is refused whole (422 with `rows`: line, column, problem) and nothing is stored.
#[utoipa::path(post, path = "/import/{kind}", tag = "director",
    params(("kind" = ImportKind, Path)),
    request_body(content = String, content_type = "text/csv"),
    security(("session" = [])),
    responses((status = 200, body = ImportReport), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 413, body = ApiError), (status = 422, body = ApiError)))]
async fn upload(
    State(state): State<AppState>,
    Director(user): Director,
    Path(kind): Path<String>,
    body: Bytes,
) -> Result<Json<ImportReport>> {
    let kind = ImportKind::parse(&kind).ok_or(AppError::NotFound("import kind"))?;
    let entry = Entry::by(&user, AuditAction::Import, TargetKind::Import, None);
    let report = match import::import(&state.db, kind, &body, entry).await {
        Ok(r) => r,
        Err(ImportError::Rejected(rows)) => return Err(AppError::ImportRejected(rows)),
        Err(ImportError::Internal(e)) => return Err(AppError::Internal(e)),
    };
    state.sync_after_write().await;
    Ok(Json(report))
}
