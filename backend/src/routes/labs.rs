use axum::Json;
use axum::extract::{Path, State};
use shared::{ApiError, Lab, LabDetail, Page};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{CatalogParams, ListOf, RawQuery, catalog_filter, path_id};
use crate::db::catalogue::read;
use crate::error::{AppError, AppQuery, Result};
use crate::policy;
use crate::session::MaybeUser;
use crate::state::AppState;

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
    Ok(Json(read::list_labs(&state.db, &filter).await?))
}

/// A lab with its members and their projects (drafts only for those who may see them).
#[utoipa::path(get, path = "/labs/{id}", tag = "catalogue", params(("id" = i32, Path)),
    responses((status = 200, body = LabDetail), (status = 404, body = ApiError)))]
async fn detail(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<LabDetail>> {
    let id = path_id(&id, "lab")?;
    let mut lab = read::lab_detail(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("lab"))?;
    lab.projects
        .retain(|p| policy::may_see_project(user.as_ref(), p));
    Ok(Json(lab))
}
