use axum::Json;
use axum::extract::State;
use sea_orm::ConnectionTrait;
use shared::Health;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Result;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Answers 200 when the database answers a query.
#[utoipa::path(get, path = "/health", tag = "catalogue",
    responses((status = 200, body = Health), (status = 500, body = shared::ApiError)))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    state.db.execute_unprepared("SELECT 1").await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: crate::db::backend_name(&state.db).to_owned(),
    }))
}
