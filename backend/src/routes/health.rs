use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::ConnectionTrait;
use shared::Health;

use crate::app::AppState;
use crate::error::Result;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Answers 200 when the database answers a query.
async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    state.db.execute_unprepared("SELECT 1").await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: crate::db::backend_name(&state.db).to_owned(),
    }))
}
