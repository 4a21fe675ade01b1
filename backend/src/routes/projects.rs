use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::{Page, Project};

use super::{RawQuery, catalog_filter, path_id};
use crate::app::AppState;
use crate::db::queries;
use crate::error::{AppError, AppQuery, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(detail))
}

async fn list(
    State(state): State<AppState>,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Project>>> {
    let filter = catalog_filter(&state, &raw).await?;
    Ok(Json(queries::list_projects(&state.db, &filter).await?))
}

async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Project>> {
    let id = path_id(&id, "project")?;
    queries::project(&state.db, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("project"))
}
