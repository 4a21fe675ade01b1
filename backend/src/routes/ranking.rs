//! Rank lists (students), applicants and applicant rankings (faculty).
//!
//! As in the NRMP, only a certified list counts: `PUT /api/me/ranking` edits the working list,
//! `POST /api/me/ranking/certify` makes it the certified one, and a later edit leaves the previous
//! certified version in force until the student certifies again.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Path, State};
use shared::{
    ApiError, Applicant, ApplicantRanking, ApplicantRankingUpdate, AuditAction, DisclosureRoute,
    FacultyId, FieldError, Phase, ProjectId, ProjectStatus, RankList, RankListUpdate, StudentId,
    TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cycle::{require_phase, require_ranking_open};
use super::{disclose, path_id};
use crate::db::audit::{self, Entry};
use crate::db::catalogue::read;
use crate::db::cycle as db_cycle;
use crate::domain::applicants;
use crate::error::{AppError, AppJson, Result};
use crate::policy::{self, Action};
use crate::session::CurrentUser;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_ranking, save_ranking))
        .routes(routes!(certify))
        .routes(routes!(applicants))
        .routes(routes!(my_applicant_ranking, save_applicant_ranking))
}

fn own_student(user: &CurrentUser) -> Result<StudentId> {
    policy::authorize(user, Action::RankProjects)?;
    user.student_id.ok_or(AppError::Forbidden)
}

/// The signed-in student's working rank list and its certified version.
#[utoipa::path(get, path = "/me/ranking", tag = "cycle", security(("session" = [])),
    responses((status = 200, body = RankList), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn my_ranking(State(state): State<AppState>, user: CurrentUser) -> Result<Json<RankList>> {
    let sid = own_student(&user)?;
    let cycle = db_cycle::current(&state.db).await?;
    Ok(Json(db_cycle::rank_list(&state.db, &cycle, sid).await?))
}

/// Replaces the working list (open projects only, no repeats, at most the cycle's limit). 409 after
/// the deadline or outside the ranking phase; the stored list is then unchanged.
#[utoipa::path(put, path = "/me/ranking", tag = "cycle", request_body = RankListUpdate,
    security(("session" = [])),
    responses((status = 200, body = RankList), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn save_ranking(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<RankListUpdate>,
) -> Result<Json<RankList>> {
    let sid = own_student(&user)?;
    let cycle = db_cycle::current(&state.db).await?;
    require_ranking_open(&cycle)?;
    let mut errors = Vec::new();
    if body.projects.len() > cycle.max_ranked as usize {
        errors.push(FieldError {
            field: "projects".into(),
            message: format!("rank at most {} projects", cycle.max_ranked),
        });
    }
    let mut seen = HashSet::new();
    for id in &body.projects {
        if !seen.insert(*id) {
            errors.push(FieldError {
                field: "projects".into(),
                message: format!("project {id} appears twice"),
            });
        }
    }
    let projects = db_cycle::projects_by_id(&state.db, body.projects.iter().copied()).await?;
    for id in &body.projects {
        match projects.get(id) {
            // A draft is its faculty's own business: refused exactly like a missing id, so the
            // answer says nothing of it (not even that it exists).
            None => errors.push(FieldError {
                field: "projects".into(),
                message: format!("no project has id {id}"),
            }),
            Some(p) if p.status == ProjectStatus::Draft => errors.push(FieldError {
                field: "projects".into(),
                message: format!("no project has id {id}"),
            }),
            Some(p) if p.status != ProjectStatus::Open => errors.push(FieldError {
                field: "projects".into(),
                message: format!(
                    "'{}' is {}; only open projects can be ranked",
                    p.title,
                    p.status.as_str()
                ),
            }),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let entry = Entry::by(
        &user,
        AuditAction::RankListSaved,
        TargetKind::RankList,
        Some(sid.get()),
    );
    db_cycle::save_draft(&state.db, cycle.id, sid, &body.projects, entry).await?;
    Ok(Json(db_cycle::rank_list(&state.db, &cycle, sid).await?))
}

/// Certifies the working list: from now on it is the one that counts.
#[utoipa::path(post, path = "/me/ranking/certify", tag = "cycle", security(("session" = [])),
    responses((status = 200, body = RankList), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn certify(State(state): State<AppState>, user: CurrentUser) -> Result<Json<RankList>> {
    let sid = own_student(&user)?;
    let cycle = db_cycle::current(&state.db).await?;
    require_ranking_open(&cycle)?;
    let list = db_cycle::rank_list(&state.db, &cycle, sid).await?;
    if list.projects.is_empty() {
        return Err(AppError::invalid_field(
            "projects",
            "add at least one project before certifying",
        ));
    }
    if let Some(closed) = list
        .projects
        .iter()
        .find(|r| r.project.status != ProjectStatus::Open)
    {
        return Err(AppError::invalid_field(
            "projects",
            format!(
                "'{}' is no longer open; remove it and certify again",
                closed.project.title
            ),
        ));
    }
    let entry = Entry::by(
        &user,
        AuditAction::RankListCertified,
        TargetKind::RankList,
        Some(sid.get()),
    );
    db_cycle::certify(&state.db, cycle.id, sid, entry).await?;
    Ok(Json(db_cycle::rank_list(&state.db, &cycle, sid).await?))
}

/// Students whose certified list holds this project (its advisor, co-mentor or a director; logged).
#[utoipa::path(get, path = "/projects/{id}/applicants", tag = "cycle", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = Vec<Applicant>), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn applicants(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Applicant>>> {
    let id: ProjectId = path_id(&id, "project")?;
    let project = read::project(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("project"))?;
    policy::authorize(&user, Action::ReadCandidates(&project))?;
    let cycle = db_cycle::current(&state.db).await?;
    let list = applicants::of_project(&state.db, &state.matcher(), cycle.id, &project).await?;
    audit::record(
        &state.db,
        Entry::by(
            &user,
            AuditAction::ApplicantsRead,
            TargetKind::Project,
            Some(id.get()),
        ),
    )
    .await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::ProjectApplicants,
        list.iter().map(|a| a.student_id),
    )
    .await?;
    Ok(Json(list))
}

fn own_faculty(user: &CurrentUser) -> Result<FacultyId> {
    policy::authorize(user, Action::RankApplicants)?;
    user.faculty_id.ok_or(AppError::Forbidden)
}

/// The signed-in faculty member's order over their applicants.
#[utoipa::path(get, path = "/me/applicant-ranking", tag = "cycle", security(("session" = [])),
    responses((status = 200, body = ApplicantRanking), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn my_applicant_ranking(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<ApplicantRanking>> {
    let fid = own_faculty(&user)?;
    let cycle = db_cycle::current(&state.db).await?;
    let ranking =
        applicants::applicant_ranking_of(&state.db, &state.matcher(), cycle.id, fid).await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::ApplicantRanking,
        ranking.students.iter().copied(),
    )
    .await?;
    Ok(Json(ranking))
}

/// Ranks applicants (students who certified a list naming a project the faculty member advises),
/// best first; those left out follow by score. Ranking and allocation phases only.
#[utoipa::path(put, path = "/me/applicant-ranking", tag = "cycle", request_body = ApplicantRankingUpdate,
    security(("session" = [])),
    responses((status = 200, body = ApplicantRanking), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn save_applicant_ranking(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<ApplicantRankingUpdate>,
) -> Result<Json<ApplicantRanking>> {
    let fid = own_faculty(&user)?;
    let cycle = db_cycle::current(&state.db).await?;
    require_phase(
        &cycle,
        &[Phase::Ranking, Phase::Allocation],
        "applicants can be ranked",
    )?;
    let current =
        applicants::applicant_ranking_of(&state.db, &state.matcher(), cycle.id, fid).await?;
    let applied: HashSet<StudentId> = current.students.iter().copied().collect();
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for s in &body.students {
        if !seen.insert(*s) {
            errors.push(FieldError {
                field: "students".into(),
                message: format!("student {s} appears twice"),
            });
        } else if !applied.contains(s) {
            errors.push(FieldError {
                field: "students".into(),
                message: format!("student {s} has not applied to a project you advise"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let entry = Entry::by(
        &user,
        AuditAction::ApplicantRankingSaved,
        TargetKind::Faculty,
        Some(fid.get()),
    );
    db_cycle::save_applicant_order(&state.db, cycle.id, fid, &body.students, entry).await?;
    let ranking =
        applicants::applicant_ranking_of(&state.db, &state.matcher(), cycle.id, fid).await?;
    disclose(
        &state,
        &user,
        DisclosureRoute::ApplicantRankingSaved,
        ranking.students.iter().copied(),
    )
    .await?;
    Ok(Json(ranking))
}
