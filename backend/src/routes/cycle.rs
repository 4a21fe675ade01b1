//! The current cycle (phase, ranking deadline), the director's dashboard and the rank-list CSV,
//! and the phase rules every cycle write checks.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use shared::{
    ApiError, AuditAction, Cycle, CyclePatch, Dashboard, DisclosureRoute, FieldError, Phase,
    StudentId, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::csv;
use super::disclose;
use crate::db::audit::Entry;
use crate::db::cycle as db_cycle;
use crate::db::files;
use crate::error::{AppError, AppJson, Result};
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_cycle, patch_cycle))
        .routes(routes!(dashboard))
        .routes(routes!(rankings_csv))
}

fn when(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// 409 unless rank lists may change now: the ranking phase, before the deadline.
pub fn require_ranking_open(cycle: &Cycle) -> Result<()> {
    let d = cycle.ranking_deadline;
    if cycle.phase != Phase::Ranking {
        return Err(AppError::Conflict(format!(
            "rank lists can change only in the ranking phase; the {} cycle is in the {} phase (the ranking deadline is {})",
            cycle.name,
            cycle.phase.as_str(),
            when(d)
        )));
    }
    if Utc::now() >= d {
        return Err(AppError::Conflict(format!(
            "the ranking deadline passed on {}; the certified list is the one that counts",
            when(d)
        )));
    }
    Ok(())
}

/// 409 unless the cycle is in one of `phases`, naming the phase and what the write needs.
pub fn require_phase(cycle: &Cycle, phases: &[Phase], what: &str) -> Result<()> {
    if phases.contains(&cycle.phase) {
        return Ok(());
    }
    let names: Vec<&str> = phases.iter().map(|p| p.as_str()).collect();
    Err(AppError::Conflict(format!(
        "{what} only in the {} phase; the {} cycle is in the {} phase (ranking deadline {})",
        names.join(" or "),
        cycle.name,
        cycle.phase.as_str(),
        when(cycle.ranking_deadline)
    )))
}

/// The current cycle: phase, ranking deadline, longest rank list.
#[utoipa::path(get, path = "/cycle", tag = "cycle",
    responses((status = 200, body = Cycle)))]
async fn get_cycle(State(state): State<AppState>) -> Result<Json<Cycle>> {
    Ok(Json(db_cycle::current(&state.db).await?))
}

/// Changes the phase, the ranking deadline, the name or the longest rank list (directors).
#[utoipa::path(patch, path = "/cycle", tag = "cycle", request_body = CyclePatch,
    security(("session" = [])),
    responses((status = 200, body = Cycle), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn patch_cycle(
    State(state): State<AppState>,
    Director(user): Director,
    AppJson(patch): AppJson<CyclePatch>,
) -> Result<Json<Cycle>> {
    let before = db_cycle::current(&state.db).await?;
    let mut after = before.clone();
    let mut errors = Vec::new();
    if let Some(name) = patch.name {
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > shared::MAX_CYCLE_NAME_CHARS {
            errors.push(FieldError {
                field: "name".into(),
                message: format!("must be 1 to {} characters", shared::MAX_CYCLE_NAME_CHARS),
            });
        }
        after.name = name;
    }
    if let Some(p) = patch.phase {
        after.phase = p;
    }
    if let Some(d) = patch.ranking_deadline {
        after.ranking_deadline = d;
    }
    if let Some(m) = patch.max_ranked {
        if !(1..=50).contains(&m) {
            errors.push(FieldError {
                field: "max_ranked".into(),
                message: "must be from 1 to 50".into(),
            });
        }
        after.max_ranked = m;
    }
    if super::nothing_to_change(errors, &before, &after)? {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::CycleUpdated,
        TargetKind::Cycle,
        Some(before.id.get()),
    );
    Ok(Json(
        db_cycle::update_cycle(&state.db, &before, &after, after.ranking_deadline, entry).await?,
    ))
}

/// Seats against demand per area, advisors' capacity use, rank-list states, pairings by state and
/// days to the deadline (directors).
#[utoipa::path(get, path = "/dashboard", tag = "cycle", security(("session" = [])),
    responses((status = 200, body = Dashboard), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn dashboard(
    State(state): State<AppState>,
    Director(_director): Director,
) -> Result<Json<Dashboard>> {
    let cycle = db_cycle::current(&state.db).await?;
    Ok(Json(db_cycle::dashboard(&state.db, cycle).await?))
}

/// Every certified rank list, one row per entry, with names and ids (directors).
#[utoipa::path(get, path = "/rankings.csv", tag = "cycle", security(("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn rankings_csv(
    State(state): State<AppState>,
    Director(director): Director,
) -> Result<axum::response::Response> {
    let cycle = db_cycle::current(&state.db).await?;
    // The file names exactly the students disclosed here, before its first byte leaves.
    let named: HashSet<StudentId> = files::certified_students(&state.db, cycle.id)
        .await?
        .into_iter()
        .collect();
    disclose(
        &state,
        &director,
        DisclosureRoute::RankingsCsv,
        named.iter().copied(),
    )
    .await?;
    let db = state.db.clone();
    let header = [
        "cycle",
        "student_id",
        "student_name",
        "student_email",
        "position",
        "project_id",
        "project_title",
        "advisor",
    ];
    Ok(csv::stream(
        "rankings.csv",
        &header,
        move |mut sink| async move {
            let mut rows = match files::ranking_rows(&db, cycle.id).await {
                Ok(rows) => rows,
                Err(e) => return sink.fail(e.into()).await,
            };
            while let Some(row) = rows.next().await {
                let r = match row {
                    Ok(r) => r,
                    Err(e) => return sink.fail(e.into()).await,
                };
                // A list certified after the disclosure was written waits for the next download.
                if !named.contains(&r.student_id) {
                    continue;
                }
                let written = sink
                    .row(&[
                        &cycle.name,
                        &r.student_id,
                        &r.student_name,
                        &r.student_email,
                        &r.position,
                        &r.project_id,
                        &r.project_title,
                        &r.advisor,
                    ])
                    .await;
                if !written {
                    return;
                }
            }
            sink.finish().await;
        },
    ))
}
