//! Pairings: proposed by the director (or an endorsed student request, or an allocation run),
//! approved or rejected with a reason, withdrawn; their CSV; and each person's inbox.
//! The capacity invariants are held by the database (see `db::cycle`).

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::{
    ApiError, AuditAction, BulkDecision, CycleId, DisclosureRoute, FacultyId, Inbox, NewPairing,
    NoticeId, Pairing, PairingId, PairingRequest, PairingSource, PairingState, Phase, ProjectId,
    ProjectStatus, Reason, StudentId, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::csv::Csv;
use super::cycle::require_phase;
use super::{RawQuery, disclose, path_id, refuse_unknown};
use crate::db::audit::Entry;
use crate::db::catalogue::read;
use crate::db::cycle::{self as db_cycle, Actor, Decision, PairingFilter};
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::{self, Action, PairingScope};
use crate::session::CurrentUser;
use crate::session::Director;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(request))
        .routes(routes!(endorse))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(withdraw))
        .routes(routes!(bulk))
        .routes(routes!(pairings_csv))
        .routes(routes!(inbox))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
}

fn actor(user: &CurrentUser) -> Actor {
    Actor {
        id: Some(user.id),
        email: user.email.to_string(),
    }
}

/// Phases in which the director proposes, approves and rejects.
const DECIDING: &[Phase] = &[Phase::Allocation, Phase::Published];

/// Pairing `id` as `user` may see it (`policy::shape_pairing`), its student's data disclosed.
async fn one(state: &AppState, user: &CurrentUser, id: PairingId) -> Result<Pairing> {
    let p = db_cycle::pairing(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("pairing"))?;
    disclose(
        state,
        user,
        DisclosureRoute::PairingDecision,
        [p.student_id],
    )
    .await?;
    Ok(policy::shape_pairing(user, p))
}

/// A decision about pairing `id`; 404 if there is no such pairing.
async fn decision(
    state: &AppState,
    id: PairingId,
    from: &[PairingState],
    to: PairingState,
    reason: Option<String>,
) -> Result<Decision> {
    db_cycle::decision(&state.db, id, from, to, reason)
        .await?
        .ok_or(AppError::NotFound("pairing"))
}

/// Query parameters (for the OpenAPI document).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PairingParams {
    status: Option<PairingState>,
    /// Project id.
    project: Option<ProjectId>,
    /// Advisor (faculty) id.
    faculty: Option<FacultyId>,
    /// Student id.
    student: Option<StudentId>,
}

fn id_param<T: std::str::FromStr>(raw: &RawQuery, name: &str) -> Result<Option<T>> {
    match raw.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| AppError::bad_field(name, "must be an id")),
    }
}

/// Pairings of the current cycle: a director sees all, faculty those of their projects, a student
/// their own.
#[utoipa::path(get, path = "/pairings", tag = "cycle", params(PairingParams), security(("session" = [])),
    responses((status = 200, body = Vec<Pairing>), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Vec<Pairing>>> {
    refuse_unknown(&raw, &["status", "project", "faculty", "student"])?;
    let state_filter = match raw
        .get("status")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(PairingState::parse(s).ok_or_else(|| {
            AppError::bad_field(
                "status",
                "must be requested, proposed, approved, rejected or withdrawn",
            )
        })?),
    };
    let mut filter = PairingFilter {
        state: state_filter,
        project: id_param(&raw, "project")?,
        faculty: id_param(&raw, "faculty")?,
        student: id_param(&raw, "student")?,
        ..PairingFilter::default()
    };
    match policy::pairing_scope(&user)? {
        PairingScope::All => {}
        PairingScope::Faculty(fid) => filter.only_faculty = Some(fid),
        PairingScope::Student(sid) => filter.only_student = Some(sid),
    }
    let cycle = db_cycle::current(&state.db).await?;
    let all = db_cycle::pairings(&state.db, cycle.id, &filter).await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::Pairings,
        all.iter().map(|p| p.student_id),
    )
    .await?;
    Ok(Json(
        all.into_iter()
            .map(|p| policy::shape_pairing(&user, p))
            .collect(),
    ))
}

/// Proposes a pairing (directors, allocation or published phase).
#[utoipa::path(post, path = "/pairings", tag = "cycle", request_body = NewPairing, security(("session" = [])),
    responses((status = 201, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn create(
    State(state): State<AppState>,
    Director(user): Director,
    AppJson(body): AppJson<NewPairing>,
) -> Result<(StatusCode, Json<Pairing>)> {
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(&cycle, DECIDING, "pairings are proposed")?;
    if !read::student_exists(&state.db, body.student_id).await? {
        return Err(AppError::invalid_field(
            "student_id",
            format!("no student has id {}", body.student_id),
        ));
    }
    let project = read::project(&state.db, body.project_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid_field(
                "project_id",
                format!("no project has id {}", body.project_id),
            )
        })?;
    let id = make_pairing(
        &state,
        &user,
        cycle.id,
        body.student_id,
        &project,
        PairingSource::Director,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

/// Creates a pairing made by `user` (a director's proposal or a student's request), on the record.
async fn make_pairing(
    state: &AppState,
    user: &CurrentUser,
    cycle_id: CycleId,
    student_id: StudentId,
    project: &shared::Project,
    source: PairingSource,
) -> Result<PairingId> {
    let to = match source {
        PairingSource::Request => PairingState::Requested,
        PairingSource::Director | PairingSource::Allocation => PairingState::Proposed,
    };
    let entry = Entry::by(user, AuditAction::PairingCreated, TargetKind::Pairing, None);
    Ok(db_cycle::create_pairing(
        &state.db,
        cycle_id,
        student_id,
        project,
        to,
        source,
        &actor(user),
        entry,
    )
    .await?)
}

/// A student asks for a project; its advisor may endorse the request (ranking or allocation phase).
#[utoipa::path(post, path = "/pairings/request", tag = "cycle", request_body = PairingRequest,
    security(("session" = [])),
    responses((status = 201, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<PairingRequest>,
) -> Result<(StatusCode, Json<Pairing>)> {
    policy::authorize(&user, Action::RankProjects)?;
    let sid = user.student_id.ok_or(AppError::Forbidden)?;
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(
        &cycle,
        &[Phase::Ranking, Phase::Allocation],
        "pairings can be requested",
    )?;
    let project = read::project(&state.db, body.project_id)
        .await?
        .filter(|p| p.status == ProjectStatus::Open)
        .ok_or_else(|| {
            AppError::invalid_field(
                "project_id",
                format!("no open project has id {}", body.project_id),
            )
        })?;
    let id = make_pairing(
        &state,
        &user,
        cycle.id,
        sid,
        &project,
        PairingSource::Request,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(one(&state, &user, id).await?)))
}

async fn decide_one(
    state: &AppState,
    user: &CurrentUser,
    decision: Decision,
    action: AuditAction,
) -> Result<Json<Pairing>> {
    let id = decision.pairing_id();
    db_cycle::decide(&state.db, vec![decision], &actor(user), |_| {
        Entry::by(user, action, TargetKind::Pairing, None)
    })
    .await?;
    state.sync_after_write().await;
    Ok(Json(one(state, user, id).await?))
}

/// The advisor endorses a student's request: it becomes a proposal for the director. Someone who
/// cannot see the pairing gets the 404 of an unknown id (403 only for those who can see it).
#[utoipa::path(post, path = "/pairings/{id}/endorse", tag = "cycle", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn endorse(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Pairing>> {
    let id: PairingId = path_id(&id, "pairing")?;
    let d = decision(
        &state,
        id,
        &[PairingState::Requested],
        PairingState::Proposed,
        None,
    )
    .await?;
    let project = read::project(&state.db, d.project_id())
        .await?
        .ok_or(AppError::NotFound("pairing"))?;
    policy::authorize_private(
        &user,
        Action::EndorsePairing(&project),
        policy::may_see_pairing(&user, d.student_id(), &project),
        "pairing",
    )?;
    decide_one(&state, &user, d, AuditAction::PairingEndorsed).await
}

/// Approves a proposed pairing (directors). 409 naming the limit when the project or the advisor
/// is at capacity or the student already has an approved pairing; nothing changes then.
#[utoipa::path(post, path = "/pairings/{id}/approve", tag = "cycle", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn approve(
    State(state): State<AppState>,
    Director(user): Director,
    Path(id): Path<String>,
) -> Result<Json<Pairing>> {
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(&cycle, DECIDING, "pairings are approved")?;
    let id: PairingId = path_id(&id, "pairing")?;
    let d = decision(
        &state,
        id,
        &[PairingState::Proposed],
        PairingState::Approved,
        None,
    )
    .await?;
    decide_one(&state, &user, d, AuditAction::PairingApproved).await
}

fn reason_required(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(AppError::invalid_field(
            "reason",
            "say why: the student and the advisor will read it",
        ));
    }
    shared::check_text(r, shared::MAX_REASON_CHARS)
        .map_err(|m| AppError::invalid_field("reason", m))?;
    Ok(r.to_owned())
}

/// Rejects a requested or proposed pairing with a reason (directors; the reason is required).
#[utoipa::path(post, path = "/pairings/{id}/reject", tag = "cycle", params(("id" = i32, Path)),
    request_body = Reason, security(("session" = [])),
    responses((status = 200, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn reject(
    State(state): State<AppState>,
    Director(user): Director,
    Path(id): Path<String>,
    AppJson(body): AppJson<Reason>,
) -> Result<Json<Pairing>> {
    let reason = reason_required(&body.reason)?;
    let id: PairingId = path_id(&id, "pairing")?;
    let d = decision(
        &state,
        id,
        &[PairingState::Requested, PairingState::Proposed],
        PairingState::Rejected,
        Some(reason),
    )
    .await?;
    decide_one(&state, &user, d, AuditAction::PairingRejected).await
}

/// Withdraws a pairing (the student's own, or any by a director); an approved one frees its seat.
/// Someone who cannot see the pairing gets the 404 of an unknown id (403 only for those who can).
#[utoipa::path(post, path = "/pairings/{id}/withdraw", tag = "cycle", params(("id" = i32, Path)),
    request_body = Reason, security(("session" = [])),
    responses((status = 200, body = Pairing), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<Reason>,
) -> Result<Json<Pairing>> {
    let id: PairingId = path_id(&id, "pairing")?;
    let reason = Some(body.reason.trim().to_owned()).filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        shared::check_text(r, shared::MAX_REASON_CHARS)
            .map_err(|m| AppError::invalid_field("reason", m))?;
    }
    let d = decision(
        &state,
        id,
        &[
            PairingState::Requested,
            PairingState::Proposed,
            PairingState::Approved,
        ],
        PairingState::Withdrawn,
        reason,
    )
    .await?;
    let project = read::project(&state.db, d.project_id())
        .await?
        .ok_or(AppError::NotFound("pairing"))?;
    policy::authorize_private(
        &user,
        Action::WithdrawPairing {
            student: d.student_id(),
        },
        policy::may_see_pairing(&user, d.student_id(), &project),
        "pairing",
    )?;
    decide_one(&state, &user, d, AuditAction::PairingWithdrawn).await
}

/// Approves and rejects many pairings at once, all or nothing (directors).
#[utoipa::path(post, path = "/pairings/bulk", tag = "cycle", request_body = BulkDecision,
    security(("session" = [])),
    responses((status = 200, body = Vec<Pairing>), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn bulk(
    State(state): State<AppState>,
    Director(user): Director,
    AppJson(body): AppJson<BulkDecision>,
) -> Result<Json<Vec<Pairing>>> {
    let cycle = db_cycle::current(&state.db).await?;
    if !body.approve.is_empty() {
        require_phase(&cycle, DECIDING, "pairings are approved")?;
    }
    let mut seen = HashSet::new();
    let mut decisions = Vec::new();
    for id in &body.approve {
        if !seen.insert(*id) {
            return Err(AppError::invalid_field(
                "approve",
                format!("pairing {id} is named twice"),
            ));
        }
        decisions.push(
            decision(
                &state,
                *id,
                &[PairingState::Proposed],
                PairingState::Approved,
                None,
            )
            .await?,
        );
    }
    for r in &body.reject {
        if !seen.insert(r.id) {
            return Err(AppError::invalid_field(
                "reject",
                format!("pairing {} is named twice", r.id),
            ));
        }
        let reason = reason_required(&r.reason).map_err(|_| {
            AppError::invalid_field(
                "reject",
                format!("pairing {}: a rejection needs a reason", r.id),
            )
        })?;
        decisions.push(
            decision(
                &state,
                r.id,
                &[PairingState::Requested, PairingState::Proposed],
                PairingState::Rejected,
                Some(reason),
            )
            .await?,
        );
    }
    let ids: Vec<PairingId> = decisions.iter().map(Decision::pairing_id).collect();
    db_cycle::decide(&state.db, decisions, &actor(&user), |d| {
        let action = if d.to == PairingState::Approved {
            AuditAction::PairingApproved
        } else {
            AuditAction::PairingRejected
        };
        Entry::by(&user, action, TargetKind::Pairing, None)
    })
    .await?;
    state.sync_after_write().await;
    let mut out = Vec::new();
    for id in ids {
        out.push(one(&state, &user, id).await?);
    }
    Ok(Json(out))
}

/// Every pairing of the current cycle, one row each, with names and ids (directors).
#[utoipa::path(get, path = "/pairings.csv", tag = "cycle", security(("session" = [])),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn pairings_csv(
    State(state): State<AppState>,
    Director(director): Director,
) -> Result<axum::response::Response> {
    let cycle = db_cycle::current(&state.db).await?;
    let all = db_cycle::pairings(&state.db, cycle.id, &PairingFilter::default()).await?;
    disclose(
        &state,
        &director,
        DisclosureRoute::PairingsCsv,
        all.iter().map(|p| p.student_id),
    )
    .await?;
    let mut csv = Csv::new(&[
        "pairing_id",
        "cycle",
        "state",
        "source",
        "student_id",
        "student_name",
        "project_id",
        "project_title",
        "advisor_id",
        "advisor_name",
        "co_mentor_name",
        "reason",
        "updated_at",
    ]);
    for p in &all {
        csv.row(&[
            &p.id,
            &cycle.name,
            &p.state.as_str(),
            &p.source.as_str(),
            &p.student_id,
            &p.student_name,
            &p.project.id,
            &p.project.title,
            &p.project.faculty.id,
            &p.project.faculty.name,
            &p.project
                .co_mentor
                .as_ref()
                .map(|c| c.name.as_str())
                .unwrap_or_default(),
            &p.reason.as_deref().unwrap_or_default(),
            &p.updated_at.to_rfc3339(),
        ]);
    }
    Ok(csv.into_response("pairings.csv"))
}

/// The signed-in person's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/me/inbox", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = Inbox), (status = 401, body = ApiError)))]
async fn inbox(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Inbox>> {
    if let Some(sid) = policy::acting_student(&user) {
        db_cycle::deadline_reminders(&state.db, Some(sid)).await?;
    }
    let inbox = db_cycle::inbox(&state.db, user.id).await?;
    let named = db_cycle::students_named(&state.db, &inbox.items).await?;
    disclose(&state, &user, DisclosureRoute::Inbox, named).await?;
    Ok(Json(inbox))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/me/inbox/{id}/read", tag = "accounts", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn read_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id: NoticeId = path_id(&id, "notification")?;
    if db_cycle::mark_read(&state.db, user.id, Some(id)).await? == 0 {
        let inbox = db_cycle::inbox(&state.db, user.id).await?;
        if !inbox.items.iter().any(|n| n.id == id) {
            return Err(AppError::NotFound("notification"));
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Marks every notification read.
#[utoipa::path(post, path = "/me/inbox/read-all", tag = "accounts", security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn read_all(State(state): State<AppState>, user: CurrentUser) -> Result<StatusCode> {
    db_cycle::mark_read(&state.db, user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
