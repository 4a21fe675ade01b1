//! Stored students. Until accounts land (need-to-know access), these routes serve the demo
//! program; the accounts issue puts them behind the student's own session and the director role.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::Student;

use super::path_id;
use crate::app::AppState;
use crate::db::queries;
use crate::error::{AppError, Result};

pub fn router() -> Router<AppState> {
    Router::new().route("/students/{id}", get(detail))
}

async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Student>> {
    let id = path_id(&id, "student")?;
    queries::student(&state.db, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("student"))
}
