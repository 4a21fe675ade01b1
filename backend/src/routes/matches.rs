//! Matching endpoints: explained project scores for a profile (stored or previewed), advisors and
//! labs ranked by their projects, and students ranked for a project.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use shared::{
    AdvisorMatch, ApiError, DEFAULT_MATCH_LIMIT, DisclosureRoute, LabMatch, MAX_INTERESTS_BYTES,
    MAX_MATCH_LIMIT, MatchList, MatchRequest, ProjectId, ProjectMatch, ProjectScore, Ranked,
    ScorePart,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::students::read_student;
use crate::db::catalogue::read;
use crate::engine::scoring::Matcher;
use crate::engine::scoring::{Interests, StudentProfile};
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::session::CurrentUser;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview))
        .routes(routes!(student_matches))
        .routes(routes!(student_advisors))
        .routes(routes!(student_labs))
}

/// How many pieces of evidence an advisor or lab match carries.
const EVIDENCE_PER_MATCH: usize = 4;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitQuery {
    /// 1–100 (default 10).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
}

pub fn parse_limit(raw: Option<&str>) -> Result<usize> {
    match raw.map(str::trim) {
        None | Some("") => Ok(DEFAULT_MATCH_LIMIT as usize),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_MATCH_LIMIT).contains(n))
            .map(|n| n as usize)
            .ok_or_else(|| {
                AppError::bad_field("limit", format!("must be from 1 to {MAX_MATCH_LIMIT}"))
            }),
    }
}

fn validate_request(req: &MatchRequest, matcher: &Matcher) -> Result<usize> {
    if req.interests.len() > MAX_INTERESTS_BYTES {
        return Err(AppError::PayloadTooLarge(format!(
            "interests must be at most {} KB",
            MAX_INTERESTS_BYTES / 1024
        )));
    }
    let mut errors = Vec::new();
    let mut field = |name: &str, message: String| {
        errors.push(shared::FieldError {
            field: name.to_owned(),
            message,
        })
    };
    if req.interests.trim().is_empty() && req.areas.is_empty() {
        field(
            "interests",
            "write a few words about what you want to work on, or choose an area".to_owned(),
        );
    }
    for a in &req.areas {
        if matcher.taxonomy.area_name(a).is_none() {
            let known: Vec<&str> = matcher
                .taxonomy
                .areas
                .iter()
                .map(|(s, _)| s.as_str())
                .collect();
            field(
                "areas",
                format!("unknown area '{a}'; known areas: {}", known.join(", ")),
            );
        }
    }
    if req.areas.len() > shared::MAX_LIST_ITEMS {
        field("areas", format!("list at most {}", shared::MAX_LIST_ITEMS));
    }
    if let Err(message) = shared::check_words(&req.skills) {
        field("skills", message);
    }
    let limit = match req.limit {
        None => DEFAULT_MATCH_LIMIT as usize,
        Some(n) if (1..=MAX_MATCH_LIMIT).contains(&n) => n as usize,
        Some(_) => {
            field("limit", format!("must be from 1 to {MAX_MATCH_LIMIT}"));
            0
        }
    };
    if errors.is_empty() {
        Ok(limit)
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub fn match_list(matcher: &Matcher, profile: &StudentProfile, limit: usize) -> MatchList {
    let items = matcher
        .index
        .rank(profile, limit)
        .iter()
        .filter_map(|r| {
            let project = matcher.index.project_of(r);
            let score = matcher
                .index
                .explain(&matcher.taxonomy, profile, project.id)?;
            Some(ProjectMatch {
                project: project.clone(),
                score,
            })
        })
        .collect();
    MatchList {
        items,
        inferred_areas: profile.inferred_areas(),
    }
}

/// Explained matches for a profile typed into the preview box (not stored).
#[utoipa::path(post, path = "/matches/preview", tag = "matching", request_body = MatchRequest,
    responses((status = 200, body = MatchList), (status = 413, body = ApiError), (status = 422, body = ApiError)))]
async fn preview(
    State(state): State<AppState>,
    AppJson(req): AppJson<MatchRequest>,
) -> Result<Json<MatchList>> {
    let matcher = state.matcher();
    let limit = validate_request(&req, &matcher)?;
    let profile = matcher.index.profile(
        &matcher.taxonomy,
        Interests {
            text: &req.interests,
            areas: &req.areas,
            skills: &req.skills,
            background: req.background,
        },
    );
    Ok(Json(match_list(&matcher, &profile, limit)))
}

/// A student's ranked projects, from their saved profile (the student, or a director; logged).
#[utoipa::path(get, path = "/students/{id}/matches", tag = "students", params(("id" = i32, Path), LimitQuery),
    security(("session" = [])),
    responses((status = 200, body = MatchList), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn student_matches(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LimitQuery>,
) -> Result<Json<MatchList>> {
    let limit = parse_limit(q.limit.as_deref())?;
    let student = read_student(&state, &user, &id, DisclosureRoute::StudentMatches).await?;
    let matcher = state.matcher();
    let profile = matcher.student_profile(&student);
    Ok(Json(match_list(&matcher, &profile, limit)))
}

/// Projects best first, grouped under a key (advisor or lab); each group keeps its best total, its
/// projects in rank order and the evidence of its best project.
struct Group {
    total: f32,
    best_project: ProjectId,
    projects: Vec<ProjectScore>,
}

fn group_ranked<K: Ord + Copy>(
    matcher: &Matcher,
    profile: &StudentProfile,
    keys: impl Fn(&shared::Project) -> Vec<K>,
) -> Vec<(K, Group)> {
    let ranked = matcher.index.rank(profile, matcher.index.len());
    let mut groups: BTreeMap<K, Group> = BTreeMap::new();
    for r in &ranked {
        let project = matcher.index.project_of(r);
        for key in keys(project) {
            let g = groups.entry(key).or_insert(Group {
                total: r.total,
                best_project: project.id,
                projects: Vec::new(),
            });
            g.projects.push(ProjectScore {
                project_id: project.id,
                title: project.title.clone(),
                total: r.total,
            });
        }
    }
    let mut out: Vec<(K, Group)> = groups.into_iter().collect();
    out.sort_by(|a, b| b.1.total.total_cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    out
}

fn evidence(matcher: &Matcher, profile: &StudentProfile, project: ProjectId) -> Vec<ScorePart> {
    matcher
        .index
        .explain(&matcher.taxonomy, profile, project)
        .map(|s| s.parts.into_iter().take(EVIDENCE_PER_MATCH).collect())
        .unwrap_or_default()
}

/// Advisors ranked for a student through their open projects (the student, or a director).
#[utoipa::path(get, path = "/students/{id}/advisors", tag = "students", params(("id" = i32, Path), LimitQuery),
    security(("session" = [])),
    responses((status = 200, body = Ranked<AdvisorMatch>), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn student_advisors(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LimitQuery>,
) -> Result<Json<Ranked<AdvisorMatch>>> {
    let limit = parse_limit(q.limit.as_deref())?;
    let student = read_student(&state, &user, &id, DisclosureRoute::StudentAdvisors).await?;
    let matcher = state.matcher();
    let profile = matcher.student_profile(&student);
    let mut faculty = read::all_faculty(&state.db).await?;
    let items = group_ranked(&matcher, &profile, |p| {
        std::iter::once(p.faculty.id)
            .chain(p.co_mentor.as_ref().map(|c| c.id))
            .collect()
    })
    .into_iter()
    .filter_map(|(fid, g)| {
        let person = faculty.remove(&fid)?;
        person.accepting_students.then(|| AdvisorMatch {
            faculty: person,
            total: g.total,
            evidence: evidence(&matcher, &profile, g.best_project),
            projects: g.projects,
        })
    })
    .take(limit)
    .collect();
    Ok(Json(Ranked { items }))
}

/// Labs ranked for a student through their open projects (the student, or a director).
#[utoipa::path(get, path = "/students/{id}/labs", tag = "students", params(("id" = i32, Path), LimitQuery),
    security(("session" = [])),
    responses((status = 200, body = Ranked<LabMatch>), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn student_labs(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LimitQuery>,
) -> Result<Json<Ranked<LabMatch>>> {
    let limit = parse_limit(q.limit.as_deref())?;
    let student = read_student(&state, &user, &id, DisclosureRoute::StudentLabs).await?;
    let matcher = state.matcher();
    let profile = matcher.student_profile(&student);
    let mut labs = read::all_labs(&state.db).await?;
    let items = group_ranked(&matcher, &profile, |p| p.lab.iter().map(|l| l.id).collect())
        .into_iter()
        .filter_map(|(lid, g)| {
            Some(LabMatch {
                lab: labs.remove(&lid)?,
                total: g.total,
                evidence: evidence(&matcher, &profile, g.best_project),
                projects: g.projects,
            })
        })
        .take(limit)
        .collect();
    Ok(Json(Ranked { items }))
}
