//! Stored students. Until accounts land (need-to-know access), these routes serve the demo
//! program; the accounts issue puts them behind the student's own session and the director role.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::{Page, Student, StudentRef};

use super::{RawQuery, catalog_filter, path_id};
use crate::app::AppState;
use crate::db::queries;
use crate::error::{AppError, AppQuery, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/students", get(list))
        .route("/students/{id}", get(detail))
}

/// Names only (no email, no interests): enough for the demo student picker.
async fn list(
    State(state): State<AppState>,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<StudentRef>>> {
    let filter = catalog_filter(&state, &raw).await?;
    Ok(Json(queries::list_students(&state.db, &filter).await?))
}

async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Student>> {
    let id = path_id(&id, "student")?;
    queries::student(&state.db, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("student"))
}
