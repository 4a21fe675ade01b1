//! Rank lists (students), applicants and applicant rankings (faculty).
//!
//! As in the NRMP, only a certified list counts: `PUT /api/me/ranking` edits the working list,
//! `POST /api/me/ranking/certify` makes it the certified one, and a later edit leaves the previous
//! certified version in force until the student certifies again.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::{Path, State};
use shared::{
    ApiError, Applicant, ApplicantRanking, ApplicantRankingUpdate, AuditAction, FieldError, Id,
    Phase, Project, ProjectStatus, RankList, RankListUpdate, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cycle::{require_phase, require_ranking_open};
use super::path_id;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::audit::{self, Entry};
use crate::db::{cycle as db_cycle, queries};
use crate::error::{AppError, AppJson, Result};
use crate::policy::{self, Action};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_ranking, save_ranking))
        .routes(routes!(certify))
        .routes(routes!(applicants))
        .routes(routes!(my_applicant_ranking, save_applicant_ranking))
}

fn own_student(user: &CurrentUser) -> Result<Id> {
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
            None => errors.push(FieldError {
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
        Some(sid),
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
        Some(sid),
    );
    db_cycle::certify(&state.db, cycle.id, sid, entry).await?;
    Ok(Json(db_cycle::rank_list(&state.db, &cycle, sid).await?))
}

/// Applicants of `projects`: students whose certified list names one, with their position, the
/// match score and its best reasons, and the advisor's own rank for them.
pub async fn applicants_of(
    state: &AppState,
    cycle_id: Id,
    projects: &[Project],
) -> Result<Vec<Applicant>> {
    let ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let apps = db_cycle::applications(&state.db, cycle_id, &ids).await?;
    let students: HashMap<Id, shared::Student> = queries::students_by_ids(
        &state.db,
        apps.iter().map(|(s, _, _)| *s).collect::<HashSet<_>>(),
    )
    .await?
    .into_iter()
    .map(|s| (s.id, s))
    .collect();
    let mut orders: HashMap<Id, HashMap<Id, u32>> = HashMap::new();
    for p in projects {
        if let std::collections::hash_map::Entry::Vacant(slot) = orders.entry(p.faculty.id) {
            let order = db_cycle::applicant_order(&state.db, cycle_id, p.faculty.id).await?;
            slot.insert(
                order
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (s, i as u32 + 1))
                    .collect(),
            );
        }
    }
    let by_id: HashMap<Id, &Project> = projects.iter().map(|p| (p.id, p)).collect();
    let matcher = state.matcher();
    let mut out = Vec::new();
    for (sid, pid, position) in apps {
        let (Some(s), Some(p)) = (students.get(&sid), by_id.get(&pid)) else {
            continue;
        };
        let profile = super::matches::student_profile(&matcher, s);
        let score = matcher.index.explain(&matcher.taxonomy, &profile, pid);
        out.push(Applicant {
            student_id: sid,
            name: s.name.clone(),
            background: s.background,
            project_id: pid,
            position,
            score: score.as_ref().map_or(0.0, |s| s.total),
            reasons: score
                .map(|s| s.parts.into_iter().take(3).collect())
                .unwrap_or_default(),
            faculty_rank: orders.get(&p.faculty.id).and_then(|o| o.get(&sid).copied()),
        });
    }
    Ok(out)
}

/// Students whose certified list holds this project (its advisor, co-mentor or a director; logged).
#[utoipa::path(get, path = "/projects/{id}/applicants", tag = "cycle", params(("id" = Id, Path)),
    security(("session" = [])),
    responses((status = 200, body = Vec<Applicant>), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn applicants(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Applicant>>> {
    let id = path_id(&id, "project")?;
    let project = queries::project(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("project"))?;
    policy::authorize(&user, Action::ReadCandidates(&project))?;
    let cycle = db_cycle::current(&state.db).await?;
    let mut list = applicants_of(&state, cycle.id, std::slice::from_ref(&project)).await?;
    list.sort_by(|a, b| {
        a.faculty_rank
            .unwrap_or(u32::MAX)
            .cmp(&b.faculty_rank.unwrap_or(u32::MAX))
            .then(b.score.total_cmp(&a.score))
            .then(a.student_id.cmp(&b.student_id))
    });
    audit::record(
        &state.db,
        Entry::by(
            &user,
            AuditAction::ApplicantsRead,
            TargetKind::Project,
            Some(id),
        ),
    )
    .await?;
    Ok(Json(list))
}

/// The faculty member's applicants across the projects they advise, in their order: the ones they
/// ranked first, then the rest by match score.
pub async fn applicant_ranking_of(
    state: &AppState,
    cycle_id: Id,
    faculty_id: Id,
) -> Result<ApplicantRanking> {
    let projects: Vec<Project> = queries::projects_of_faculty(&state.db, faculty_id)
        .await?
        .into_iter()
        .filter(|p| p.faculty.id == faculty_id)
        .collect();
    let applicants = applicants_of(state, cycle_id, &projects).await?;
    let order = db_cycle::applicant_order(&state.db, cycle_id, faculty_id).await?;
    let mut best: HashMap<Id, f32> = HashMap::new();
    for a in &applicants {
        let e = best.entry(a.student_id).or_insert(a.score);
        *e = e.max(a.score);
    }
    let applied: HashSet<Id> = best.keys().copied().collect();
    let mut students: Vec<Id> = order
        .iter()
        .copied()
        .filter(|s| applied.contains(s))
        .collect();
    let ranked_by_hand = students.len() as u32;
    let mut rest: Vec<(Id, f32)> = best
        .into_iter()
        .filter(|(s, _)| !students.contains(s))
        .collect();
    rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    students.extend(rest.into_iter().map(|(s, _)| s));
    Ok(ApplicantRanking {
        students,
        ranked_by_hand,
        applicants,
    })
}

fn own_faculty(user: &CurrentUser) -> Result<Id> {
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
    Ok(Json(applicant_ranking_of(&state, cycle.id, fid).await?))
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
    let current = applicant_ranking_of(&state, cycle.id, fid).await?;
    let applied: HashSet<Id> = current.students.iter().copied().collect();
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
        Some(fid),
    );
    db_cycle::save_applicant_order(&state.db, cycle.id, fid, &body.students, entry).await?;
    Ok(Json(applicant_ranking_of(&state, cycle.id, fid).await?))
}
