use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use shared::{Lab, LabDetail, Page};

use super::{RawQuery, catalog_filter, path_id};
use crate::app::AppState;
use crate::db::queries;
use crate::error::{AppError, AppQuery, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/labs", get(list))
        .route("/labs/{id}", get(detail))
}

async fn list(
    State(state): State<AppState>,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Lab>>> {
    let filter = catalog_filter(&state, &raw).await?;
    Ok(Json(queries::list_labs(&state.db, &filter).await?))
}

async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<LabDetail>> {
    let id = path_id(&id, "lab")?;
    queries::lab_detail(&state.db, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("lab"))
}
