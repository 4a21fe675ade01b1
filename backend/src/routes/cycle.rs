//! The current cycle (phase, ranking deadline), the director's dashboard and the rank-list CSV,
//! and the phase rules every cycle write checks.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use shared::{
    AdvisorLoad, ApiError, AreaDemand, AuditAction, Cycle, CyclePatch, Dashboard, FieldError,
    PairingState, Phase, ProjectStatus, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::db::audit::Entry;
use crate::db::{cycle as db_cycle, queries};
use crate::error::{AppError, AppJson, Result};
use crate::policy::Director;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_cycle, patch_cycle))
        .routes(routes!(dashboard))
        .routes(routes!(rankings_csv))
}

pub fn deadline(cycle: &Cycle) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&cycle.ranking_deadline)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cycle {} deadline: {e}", cycle.id)))
}

fn when(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// 409 unless rank lists may change now: the ranking phase, before the deadline.
pub fn require_ranking_open(cycle: &Cycle) -> Result<()> {
    let d = deadline(cycle)?;
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
        when(deadline(cycle)?)
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
    let mut deadline_at = deadline(&before)?;
    if let Some(name) = patch.name {
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 50 {
            errors.push(FieldError {
                field: "name".into(),
                message: "must be 1 to 50 characters".into(),
            });
        }
        after.name = name;
    }
    if let Some(p) = patch.phase {
        after.phase = p;
    }
    if let Some(d) = patch.ranking_deadline {
        match DateTime::parse_from_rfc3339(d.trim()) {
            Ok(d) => {
                deadline_at = d.with_timezone(&Utc);
                after.ranking_deadline = deadline_at.to_rfc3339();
            }
            Err(_) => errors.push(FieldError {
                field: "ranking_deadline".into(),
                message: "must be a date and time with its offset, e.g. 2027-03-01T17:00:00Z"
                    .into(),
            }),
        }
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
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if after == before {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::CycleUpdated,
        TargetKind::Cycle,
        Some(before.id),
    );
    Ok(Json(
        db_cycle::update_cycle(&state.db, &before, &after, deadline_at, entry).await?,
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
    let projects = queries::all_projects(&state.db).await?;
    let (project_seats, advisor_seats) = db_cycle::seat_counts(&state.db, cycle.id).await?;
    let lists = db_cycle::certified_lists(&state.db, cycle.id).await?;
    let by_id: std::collections::HashMap<_, _> = projects.iter().map(|p| (p.id, p)).collect();
    let areas = queries::areas(&state.db)
        .await?
        .into_iter()
        .map(|a| {
            let open_seats = projects
                .iter()
                .filter(|p| p.status == ProjectStatus::Open && p.areas.contains(&a.slug))
                .map(|p| {
                    p.capacity
                        .saturating_sub(project_seats.get(&p.id).copied().unwrap_or(0))
                })
                .sum();
            let first_choices = lists
                .values()
                .filter_map(|l| l.first())
                .filter(|p| by_id.get(p).is_some_and(|p| p.areas.contains(&a.slug)))
                .count() as u32;
            AreaDemand {
                area: a.slug,
                name: a.name,
                open_seats,
                first_choices,
            }
        })
        .collect();
    let pairings = db_cycle::all_pairing_rows(&state.db, cycle.id).await?;
    let mut proposed: std::collections::HashMap<i32, u32> = std::collections::HashMap::new();
    let mut by_state: std::collections::HashMap<PairingState, u32> =
        std::collections::HashMap::new();
    for p in &pairings {
        let s = PairingState::parse(&p.state)
            .ok_or_else(|| anyhow::anyhow!("pairing {} has unknown state '{}'", p.id, p.state))?;
        *by_state.entry(s).or_default() += 1;
        if s == PairingState::Proposed {
            *proposed.entry(p.faculty_id).or_default() += 1;
        }
    }
    let advisors = db_cycle::all_faculty_rows(&state.db)
        .await?
        .iter()
        .map(|f| {
            Ok(AdvisorLoad {
                faculty: db_cycle::faculty_ref(f),
                capacity: u32::try_from(f.capacity)?,
                approved: advisor_seats.get(&f.id).copied().unwrap_or(0),
                proposed: proposed.get(&f.id).copied().unwrap_or(0),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (certified, draft, none) = db_cycle::list_states(&state.db, cycle.id).await?;
    let days = (deadline(&cycle)? - Utc::now()).num_days();
    Ok(Json(Dashboard {
        areas,
        advisors,
        lists_certified: certified,
        lists_draft: draft,
        lists_none: none,
        pairings: PairingState::ALL
            .into_iter()
            .map(|s| (s, by_state.get(&s).copied().unwrap_or(0)))
            .collect(),
        days_to_deadline: days,
        cycle,
    }))
}

/// Quotes a CSV cell.
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn csv_response(name: &str, body: String) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Every certified rank list, one row per entry, with names and ids (directors).
#[utoipa::path(get, path = "/rankings.csv", tag = "cycle", security(("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn rankings_csv(
    State(state): State<AppState>,
    Director(_director): Director,
) -> Result<axum::response::Response> {
    let cycle = db_cycle::current(&state.db).await?;
    let lists = db_cycle::certified_lists(&state.db, cycle.id).await?;
    let students: std::collections::HashMap<_, _> = queries::all_students(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let projects = db_cycle::projects_by_id(&state.db, lists.values().flatten().copied()).await?;
    let mut out = String::from(
        "cycle,student_id,student_name,student_email,position,project_id,project_title,advisor\n",
    );
    for (sid, list) in &lists {
        let s = students.get(sid);
        for (i, pid) in list.iter().enumerate() {
            let p = projects.get(pid);
            out.push_str(&format!(
                "{},{sid},{},{},{},{pid},{},{}\n",
                csv_cell(&cycle.name),
                csv_cell(s.map(|s| s.name.as_str()).unwrap_or_default()),
                csv_cell(s.map(|s| s.email.as_str()).unwrap_or_default()),
                i + 1,
                csv_cell(p.map(|p| p.title.as_str()).unwrap_or_default()),
                csv_cell(p.map(|p| p.faculty.name.as_str()).unwrap_or_default()),
            ));
        }
    }
    Ok(csv_response("rankings.csv", out))
}
