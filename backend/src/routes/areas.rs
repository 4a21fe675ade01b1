use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::ResearchArea;

use crate::app::AppState;
use crate::db::queries;
use crate::error::Result;

pub fn router() -> Router<AppState> {
    Router::new().route("/areas", get(list))
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<ResearchArea>>> {
    Ok(Json(queries::areas(&state.db).await?))
}
