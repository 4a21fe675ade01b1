//! The director's allocation runs in the product: run (stable, either side optimal, or welfare)
//! over the current cycle, list, compare, publish as proposed pairings.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::{
    AllocationDiff, AllocationRequest, AllocationRun, AllocationSummary, ApiError, AuditAction,
    DisclosureRoute, Phase, PublishReport, RunMove, StudentId, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cycle::require_phase;
use super::{disclose, path_id};
use crate::db::allocations as runs;
use crate::db::audit::Entry;
use crate::db::cycle::{self as db_cycle, Actor};
use crate::domain::allocation_input;
use crate::error::{AppError, AppJson, Result};
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, run))
        .routes(routes!(one))
        .routes(routes!(diff))
        .routes(routes!(publish))
}

/// Runs the allocation over the current cycle's certified rank lists, the advisors' rankings (the
/// match score where an advisor did not rank) and the seats left after approved pairings; stores
/// the input and the result (directors, allocation phase).
#[utoipa::path(post, path = "/allocations", tag = "cycle", request_body = AllocationRequest,
    security(("session" = [])),
    responses((status = 201, body = AllocationRun), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn run(
    State(state): State<AppState>,
    Director(user): Director,
    AppJson(req): AppJson<AllocationRequest>,
) -> Result<(StatusCode, Json<AllocationRun>)> {
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(&cycle, &[Phase::Allocation], "allocations are run")?;
    let stored = allocation_input::run(
        &state.db,
        &state.matcher(),
        &cycle,
        req.optimal,
        req.mode,
        &user,
    )
    .await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::AllocationRunCreated,
        stored.assignments.iter().map(|a| a.student_id),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

/// The current cycle's runs, newest first (directors).
#[utoipa::path(get, path = "/allocations", tag = "cycle", security(("session" = [])),
    responses((status = 200, body = Vec<AllocationSummary>), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    Director(_director): Director,
) -> Result<Json<Vec<AllocationSummary>>> {
    let cycle = db_cycle::current(&state.db).await?;
    Ok(Json(runs::list(&state.db, cycle.id).await?))
}

async fn load(state: &AppState, raw: &str) -> Result<AllocationRun> {
    let id = path_id(raw, "allocation run")?;
    runs::run(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("allocation run"))
}

/// One run: statistics, rank histogram, every student's outcome (unmatched ones with a reason) and
/// the blocking pairs (directors).
#[utoipa::path(get, path = "/allocations/{id}", tag = "cycle", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = AllocationRun), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn one(
    State(state): State<AppState>,
    Director(director): Director,
    Path(id): Path<String>,
) -> Result<Json<AllocationRun>> {
    let run = load(&state, &id).await?;
    disclose(
        &state,
        &director,
        DisclosureRoute::AllocationRun,
        run.assignments.iter().map(|a| a.student_id),
    )
    .await?;
    Ok(Json(run))
}

/// Who moves where from run `id` to run `other` (directors).
#[utoipa::path(get, path = "/allocations/{id}/diff/{other}", tag = "cycle",
    params(("id" = i32, Path), ("other" = i32, Path)), security(("session" = [])),
    responses((status = 200, body = AllocationDiff), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn diff(
    State(state): State<AppState>,
    Director(director): Director,
    Path((id, other)): Path<(String, String)>,
) -> Result<Json<AllocationDiff>> {
    let a = load(&state, &id).await?;
    let b = load(&state, &other).await?;
    let before: HashMap<StudentId, &shared::RunAssignment> =
        a.assignments.iter().map(|x| (x.student_id, x)).collect();
    let after: HashMap<StudentId, &shared::RunAssignment> =
        b.assignments.iter().map(|x| (x.student_id, x)).collect();
    let mut ids: Vec<StudentId> = before.keys().chain(after.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut moves = Vec::new();
    let mut unchanged = 0;
    for s in ids {
        let from = before.get(&s).and_then(|x| x.project.clone());
        let to = after.get(&s).and_then(|x| x.project.clone());
        if from.as_ref().map(|p| p.id) == to.as_ref().map(|p| p.id) {
            unchanged += 1;
            continue;
        }
        let student_name = after
            .get(&s)
            .or_else(|| before.get(&s))
            .map(|x| x.student_name.clone())
            .unwrap_or_default();
        moves.push(RunMove {
            student_id: s,
            student_name,
            from,
            to,
        });
    }
    disclose(
        &state,
        &director,
        DisclosureRoute::AllocationDiff,
        moves.iter().map(|m| m.student_id),
    )
    .await?;
    Ok(Json(AllocationDiff {
        from: a.id,
        to: b.id,
        moves,
        unchanged,
    }))
}

/// Turns the run's assignments into proposed pairings, replacing earlier proposals from runs and
/// never touching approved pairings; the director then approves as usual (allocation phase).
#[utoipa::path(post, path = "/allocations/{id}/publish", tag = "cycle", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = PublishReport), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn publish(
    State(state): State<AppState>,
    Director(user): Director,
    Path(id): Path<String>,
) -> Result<Json<PublishReport>> {
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(&cycle, &[Phase::Allocation], "allocations are published")?;
    let run = load(&state, &id).await?;
    if run.cycle_id != cycle.id {
        return Err(AppError::Conflict(format!(
            "run {} belongs to another cycle",
            run.id
        )));
    }
    let actor = Actor {
        id: Some(user.id),
        email: user.email.to_string(),
    };
    let entry = Entry::by(
        &user,
        AuditAction::AllocationPublished,
        TargetKind::Allocation,
        None,
    );
    Ok(Json(runs::publish(&state.db, &run, &actor, entry).await?))
}
