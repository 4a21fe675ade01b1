//! `GET /api/openapi.json`: the OpenAPI 3.1 document, generated from the handlers' annotations.
//! The SPA renders it at `/api-docs` (no CDN).

use std::sync::OnceLock;

use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi))
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "catalogue",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi() -> Json<&'static serde_json::Value> {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOC.get_or_init(|| serde_json::to_value(crate::app::api().1).unwrap_or_default()))
}
