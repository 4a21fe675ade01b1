use axum::Json;
use axum::extract::{Path, State};
use shared::{ApiError, Id, Lab, LabDetail, Page};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{CatalogParams, ListOf, RawQuery, catalog_filter, path_id};
use crate::app::AppState;
use crate::auth::MaybeUser;
use crate::db::queries;
use crate::error::{AppError, AppQuery, Result};
use crate::policy;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
}

/// Labs, filtered and paged (`q`, `area`, `page`, `per_page`).
#[utoipa::path(get, path = "/labs", tag = "catalogue", params(CatalogParams),
    responses((status = 200, body = Page<Lab>), (status = 400, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Lab>>> {
    let filter = catalog_filter(&state, &raw, ListOf::Labs).await?;
    Ok(Json(queries::list_labs(&state.db, &filter).await?))
}

/// A lab with its members and their projects (drafts only for those who may see them).
#[utoipa::path(get, path = "/labs/{id}", tag = "catalogue", params(("id" = Id, Path)),
    responses((status = 200, body = LabDetail), (status = 404, body = ApiError)))]
async fn detail(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<LabDetail>> {
    let id = path_id(&id, "lab")?;
    let mut lab = queries::lab_detail(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("lab"))?;
    lab.projects
        .retain(|p| policy::may_see_project(user.as_ref(), p));
    Ok(Json(lab))
}
