//! The director's taxonomy editor: read the whole taxonomy, replace it. A save is checked by the
//! same rules as `data/taxonomy.json` (duplicate terms are named), stored in one transaction, and
//! re-indexes every server process (no restart).

use axum::Json;
use axum::extract::State;
use shared::{ApiError, AuditAction, TargetKind, TaxonomyFile};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::db::audit::Entry;
use crate::db::catalogue::read;
use crate::db::seed;
use crate::engine::taxonomy::Taxonomy;
use crate::error::{AppError, AppJson, Result};
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_taxonomy, put_taxonomy))
}

async fn current(state: &AppState) -> Result<TaxonomyFile> {
    match read::stored_taxonomy(&state.db).await? {
        Some(t) => Ok(t),
        None => Ok(seed::read_taxonomy(&state.config.data_dir)?),
    }
}

/// The taxonomy: areas with their concepts and aliases, general concepts, stopwords (directors).
#[utoipa::path(get, path = "/taxonomy", tag = "director", security(("session" = [])),
    responses((status = 200, body = TaxonomyFile), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn get_taxonomy(
    State(state): State<AppState>,
    Director(_director): Director,
) -> Result<Json<TaxonomyFile>> {
    Ok(Json(current(&state).await?))
}

/// Replaces the taxonomy; the matcher is rebuilt at once (directors). Areas keep their slugs: an
/// area that projects or people use cannot be removed here.
#[utoipa::path(put, path = "/taxonomy", tag = "director", request_body = TaxonomyFile,
    security(("session" = [])),
    responses((status = 200, body = TaxonomyFile), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn put_taxonomy(
    State(state): State<AppState>,
    Director(user): Director,
    AppJson(file): AppJson<TaxonomyFile>,
) -> Result<Json<TaxonomyFile>> {
    if let Err(e) = Taxonomy::from_file(&file) {
        return Err(AppError::invalid_field("taxonomy", e.to_string()));
    }
    let before = current(&state).await?;
    let kept: std::collections::BTreeSet<&str> =
        file.areas.iter().map(|a| a.slug.as_str()).collect();
    if let Some(gone) = before
        .areas
        .iter()
        .find(|a| !kept.contains(a.slug.as_str()))
    {
        return Err(AppError::Conflict(format!(
            "area '{}' cannot be removed in the editor; projects and people may use it",
            gone.slug
        )));
    }
    if before == file {
        return Ok(Json(before));
    }
    let count = |t: &TaxonomyFile| {
        t.areas.iter().map(|a| a.concepts.len()).sum::<usize>() + t.general.len()
    };
    let entry = Entry::by(
        &user,
        AuditAction::TaxonomyUpdated,
        TargetKind::Taxonomy,
        None,
    )
    .change(
        serde_json::json!({ "concepts": count(&before), "stopwords": before.stopwords.len() }),
        serde_json::json!({ "concepts": count(&file), "stopwords": file.stopwords.len() }),
    );
    seed::seed_taxonomy_audited(&state.db, &file, entry).await?;
    state.sync_after_write().await;
    Ok(Json(current(&state).await?))
}
