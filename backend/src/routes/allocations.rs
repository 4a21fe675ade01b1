//! The director's allocation runs in the product: run (stable, either side optimal, or welfare)
//! over the current cycle, list, compare, publish as proposed pairings.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use sha2::{Digest, Sha256};
use shared::{
    AllocationDiff, AllocationRequest, AllocationRun, AllocationSummary, ApiError, AuditAction, Id,
    Phase, PublishReport, RunMove, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cycle::require_phase;
use super::path_id;
use crate::app::AppState;
use crate::db::allocations as runs;
use crate::db::audit::Entry;
use crate::db::cycle::{self as db_cycle, Actor};
use crate::db::queries;
use crate::error::{AppError, AppJson, Result};
use crate::policy::Director;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, run))
        .routes(routes!(one))
        .routes(routes!(diff))
        .routes(routes!(publish))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    let mut c = runs::gather(&state.db, cycle.id).await?;
    let students: HashMap<Id, shared::Student> = queries::all_students(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let matcher = state.matcher();
    for (s, list) in &c.lists {
        let Some(student) = students.get(s) else {
            continue;
        };
        let profile = super::matches::student_profile(&matcher, student);
        for p in list {
            if let Some(score) = matcher.index.explain(&matcher.taxonomy, &profile, *p) {
                c.scores.insert((*s, *p), score.total);
            }
        }
    }
    let input = runs::build_instance(&c);
    let input_hash = hex(&Sha256::digest(
        serde_json::to_vec(&input).map_err(anyhow::Error::from)?,
    ));
    let names: HashMap<Id, String> = students
        .iter()
        .map(|(id, s)| (*id, s.name.clone()))
        .collect();
    let runs::Solved {
        assignments,
        blocking_pairs,
        rank_histogram,
        seconds,
    } = runs::solve(&input, req.optimal, req.mode, &c, &names)?;
    let matched = assignments.iter().filter(|a| a.project.is_some()).count() as u32;
    let run = AllocationRun {
        id: 0,
        cycle_id: cycle.id,
        created_at: Utc::now().to_rfc3339(),
        created_by: user.email.clone(),
        optimal: req.optimal,
        mode: req.mode,
        input_hash,
        students: assignments.len() as u32,
        matched,
        unmatched: assignments.len() as u32 - matched,
        rank_histogram,
        blocking_pairs,
        assignments,
        seconds,
        published_at: None,
    };
    let entry = Entry::by(
        &user,
        AuditAction::AllocationRun,
        TargetKind::Allocation,
        None,
    );
    let stored = runs::store(&state.db, &input, run, entry).await?;
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
    let row = runs::row(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("allocation run"))?;
    Ok(AllocationRun::try_from(row)?)
}

/// One run: statistics, rank histogram, every student's outcome (unmatched ones with a reason) and
/// the blocking pairs (directors).
#[utoipa::path(get, path = "/allocations/{id}", tag = "cycle", params(("id" = Id, Path)),
    security(("session" = [])),
    responses((status = 200, body = AllocationRun), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn one(
    State(state): State<AppState>,
    Director(_director): Director,
    Path(id): Path<String>,
) -> Result<Json<AllocationRun>> {
    Ok(Json(load(&state, &id).await?))
}

/// Who moves where from run `id` to run `other` (directors).
#[utoipa::path(get, path = "/allocations/{id}/diff/{other}", tag = "cycle",
    params(("id" = Id, Path), ("other" = Id, Path)), security(("session" = [])),
    responses((status = 200, body = AllocationDiff), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn diff(
    State(state): State<AppState>,
    Director(_director): Director,
    Path((id, other)): Path<(String, String)>,
) -> Result<Json<AllocationDiff>> {
    let a = load(&state, &id).await?;
    let b = load(&state, &other).await?;
    let before: HashMap<Id, &shared::RunAssignment> =
        a.assignments.iter().map(|x| (x.student_id, x)).collect();
    let after: HashMap<Id, &shared::RunAssignment> =
        b.assignments.iter().map(|x| (x.student_id, x)).collect();
    let mut ids: Vec<Id> = before.keys().chain(after.keys()).copied().collect();
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
    Ok(Json(AllocationDiff {
        from: a.id,
        to: b.id,
        moves,
        unchanged,
    }))
}

/// Turns the run's assignments into proposed pairings, replacing earlier proposals from runs and
/// never touching approved pairings; the director then approves as usual (allocation phase).
#[utoipa::path(post, path = "/allocations/{id}/publish", tag = "cycle", params(("id" = Id, Path)),
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
        email: user.email.clone(),
    };
    let entry = Entry::by(
        &user,
        AuditAction::AllocationPublished,
        TargetKind::Allocation,
        None,
    );
    Ok(Json(runs::publish(&state.db, &run, &actor, entry).await?))
}
