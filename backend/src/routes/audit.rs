//! `GET /api/audit`: the audit and disclosure log, newest first (directors).

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use shared::{ApiError, AuditAction, AuditEntry, DisclosureRoute, Page, UserId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{RawQuery, disclose, paging, refuse_unknown};
use crate::db::audit::{self, Filter};
use crate::error::{AppError, AppQuery, Result};
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// Query parameters (for the OpenAPI document).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditParams {
    /// Account id of whoever acted.
    actor: Option<UserId>,
    action: Option<AuditAction>,
    /// `YYYY-MM-DD`, UTC, inclusive.
    from: Option<String>,
    /// `YYYY-MM-DD`, UTC, inclusive.
    to: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

fn date(raw: &RawQuery, field: &str) -> Result<Option<NaiveDate>> {
    match raw.get(field).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::bad_field(field, "must be a date as YYYY-MM-DD")),
    }
}

/// The audit log, filtered by person, action and dates, paged.
#[utoipa::path(get, path = "/audit", tag = "director", params(AuditParams), security(("session" = [])),
    responses((status = 200, body = Page<AuditEntry>), (status = 400, body = ApiError),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    Director(director): Director,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<AuditEntry>>> {
    refuse_unknown(&raw, &["actor", "action", "from", "to", "page", "per_page"])?;
    let (page, per_page) = paging(&raw)?;
    let actor = match raw.get("actor").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<UserId>()
                .map_err(|_| AppError::bad_field("actor", "must be an account id"))?,
        ),
    };
    let action = match raw
        .get("action")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(
            AuditAction::parse(s)
                .ok_or_else(|| AppError::bad_field("action", format!("unknown action '{s}'")))?,
        ),
    };
    let filter = Filter {
        actor,
        action,
        from: date(&raw, "from")?,
        to: date(&raw, "to")?,
        page,
        per_page,
    };
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && f > t
    {
        return Err(AppError::bad_field("to", "must not be before from"));
    }
    let page = audit::list(&state.db, &filter).await?;
    let named = audit::students_in(&state.db, &page.items).await?;
    disclose(&state, &director, DisclosureRoute::AuditLog, named).await?;
    Ok(Json(page))
}
