use axum::Json;
use axum::extract::State;
use shared::ResearchArea;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::db::catalogue::read;
use crate::error::Result;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The research areas with their taxonomy keywords and MeSH headings.
#[utoipa::path(get, path = "/areas", tag = "catalogue",
    responses((status = 200, body = Vec<ResearchArea>)))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<ResearchArea>>> {
    Ok(Json(read::areas(&state.db).await?))
}
