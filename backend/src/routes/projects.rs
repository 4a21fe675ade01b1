//! Projects: the public catalogue, and faculty (or directors) creating and editing them. A saved
//! change is in the matcher at once on this server and, through the catalogue version, within
//! `--catalog-poll-ms` on every other server on the same database.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::{
    ApiError, AuditAction, FieldError, NewProject, Page, Project, ProjectId, ProjectPatch,
    ProjectStatus, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{CatalogParams, ListOf, RawQuery, catalog_filter, path_id};
use crate::db::audit::Entry;
use crate::db::catalogue::read::{self, Drafts};
use crate::db::catalogue::write::{self, ProjectFields};
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::{self, Action, DraftScope};
use crate::session::{CurrentUser, MaybeUser};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail, update))
}

/// Projects, filtered and paged. Drafts appear only to their faculty and directors.
#[utoipa::path(get, path = "/projects", tag = "catalogue", params(CatalogParams),
    responses((status = 200, body = Page<Project>), (status = 400, body = ApiError)))]
async fn list(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Project>>> {
    let mut filter = catalog_filter(&state, &raw, ListOf::Projects).await?;
    filter.drafts = match policy::draft_scope(user.as_ref()) {
        DraftScope::All => Drafts::All,
        DraftScope::Of(fid) => Drafts::Of(fid),
        DraftScope::Hidden => Drafts::Hidden,
    };
    Ok(Json(read::list_projects(&state.db, &filter).await?))
}

async fn load(state: &AppState, raw_id: &str) -> Result<Project> {
    let id: ProjectId = path_id(raw_id, "project")?;
    read::project(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("project"))
}

/// One project (a draft answers 404 to those who may not see it).
#[utoipa::path(get, path = "/projects/{id}", tag = "catalogue", params(("id" = i32, Path)),
    responses((status = 200, body = Project), (status = 404, body = ApiError)))]
async fn detail(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Project>> {
    let project = load(&state, &id).await?;
    if !policy::may_see_project(user.as_ref(), &project) {
        return Err(AppError::NotFound("project"));
    }
    Ok(Json(project))
}

/// Checks every field; 422 naming each bad one.
/// `keeps_filled`: the project is filled and the change does not touch its status.
async fn validate(state: &AppState, f: &mut ProjectFields, keeps_filled: bool) -> Result<()> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    f.title = f.title.trim().to_owned();
    f.summary = f.summary.trim().to_owned();
    if f.title.is_empty() {
        bad("title", "give the project a title".into());
    } else if let Err(m) = shared::check_text(&f.title, shared::MAX_PROJECT_TITLE_CHARS) {
        bad("title", m);
    }
    if f.summary.is_empty() {
        bad("summary", "write a one- or two-sentence summary".into());
    } else if let Err(m) = shared::check_text(&f.summary, shared::MAX_PROJECT_SUMMARY_CHARS) {
        bad("summary", m);
    }
    if let Err(m) = shared::check_text(&f.description, shared::MAX_PROJECT_DESCRIPTION_CHARS) {
        bad("description", m);
    }
    if let Err(m) = shared::check_project_capacity(f.capacity) {
        bad("capacity", m);
    }
    if f.status == ProjectStatus::Filled && !keeps_filled {
        bad(
            "status",
            "must be draft, open or closed (a project is filled by its approved pairings)".into(),
        );
    }
    for (name, list) in [
        ("keywords", &mut f.keywords),
        ("required_skills", &mut f.required_skills),
    ] {
        list.iter_mut().for_each(|k| *k = k.trim().to_owned());
        list.retain(|k| !k.is_empty());
        if let Err(m) = shared::check_words(list) {
            bad(name, m);
        }
    }
    let mut area_errors = Vec::new();
    f.areas = super::checked_areas(state, std::mem::take(&mut f.areas), &mut area_errors).await?;
    f.preferred_backgrounds.sort();
    f.preferred_backgrounds.dedup();
    let faculty = read::all_faculty(&state.db).await?;
    if !faculty.contains_key(&f.faculty_id) {
        bad(
            "faculty_id",
            format!("no faculty member has id {}", f.faculty_id),
        );
    }
    if let Some(co) = f.co_mentor_id {
        if co == f.faculty_id {
            bad(
                "co_mentor_id",
                "the co-mentor must be someone other than the advisor".into(),
            );
        } else if !faculty.contains_key(&co) {
            bad("co_mentor_id", format!("no faculty member has id {co}"));
        }
    }
    if let Some(lab) = f.lab_id
        && !read::all_labs(&state.db).await?.contains_key(&lab)
    {
        bad("lab_id", format!("no lab has id {lab}"));
    }
    errors.extend(area_errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Creates a project (faculty: advised by themselves; directors: name `faculty_id`).
#[utoipa::path(post, path = "/projects", tag = "catalogue", request_body = NewProject,
    security(("session" = [])),
    responses((status = 201, body = Project), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<NewProject>,
) -> Result<(StatusCode, Json<Project>)> {
    let advisor = match (body.faculty_id, user.faculty_id) {
        (Some(id), _) => id,
        (None, Some(own)) => own,
        (None, None) => {
            return Err(if policy::creates_for_any_advisor(&user) {
                AppError::invalid_field("faculty_id", "name the advisor")
            } else {
                AppError::Forbidden
            });
        }
    };
    policy::authorize(&user, Action::CreateProject { advisor })?;
    let mut fields = ProjectFields {
        title: body.title,
        summary: body.summary,
        description: body.description,
        faculty_id: advisor,
        co_mentor_id: body.co_mentor_id,
        lab_id: body.lab_id,
        areas: body.areas,
        keywords: body.keywords,
        required_skills: body.required_skills,
        preferred_backgrounds: body.preferred_backgrounds,
        capacity: body.capacity,
        status: body.status,
    };
    validate(&state, &mut fields, false).await?;
    let entry = Entry::by(
        &user,
        AuditAction::ProjectCreated,
        TargetKind::Project,
        None,
    );
    let project = write::create_project(&state.db, &fields, entry).await?;
    state.sync_after_write().await;
    Ok((StatusCode::CREATED, Json(project)))
}

/// Changes the fields present. The advisor (or a director) may change any; a co-mentor only the
/// description, keywords and skills.
#[utoipa::path(patch, path = "/projects/{id}", tag = "catalogue", params(("id" = i32, Path)),
    request_body = ProjectPatch, security(("session" = [])),
    responses((status = 200, body = Project), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    AppJson(patch): AppJson<ProjectPatch>,
) -> Result<Json<Project>> {
    let before = load(&state, &id).await?;
    if !policy::may_see_project(Some(&user), &before) {
        return Err(AppError::NotFound("project"));
    }
    policy::authorize(&user, Action::EditProject(&before, &patch))?;
    let mut after = ProjectFields::of(&before);
    let ProjectPatch {
        title,
        summary,
        description,
        areas,
        keywords,
        required_skills,
        preferred_backgrounds,
        capacity,
        co_mentor_id,
        lab_id,
        status,
    } = patch;
    if let Some(v) = title {
        after.title = v;
    }
    if let Some(v) = summary {
        after.summary = v;
    }
    if let Some(v) = description {
        after.description = v;
    }
    if let Some(v) = areas {
        after.areas = v;
    }
    if let Some(v) = keywords {
        after.keywords = v;
    }
    if let Some(v) = required_skills {
        after.required_skills = v;
    }
    if let Some(v) = preferred_backgrounds {
        after.preferred_backgrounds = v;
    }
    if let Some(v) = capacity {
        after.capacity = v;
    }
    if let Some(v) = co_mentor_id {
        after.co_mentor_id = v;
    }
    if let Some(v) = lab_id {
        after.lab_id = v;
    }
    if let Some(v) = status {
        after.status = v;
    }
    let keeps_filled = before.status == ProjectStatus::Filled && status.is_none();
    validate(&state, &mut after, keeps_filled).await?;
    if after == ProjectFields::of(&before) {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::ProjectUpdated,
        TargetKind::Project,
        Some(before.id.get()),
    );
    let project = write::update_project(&state.db, &before, &after, entry).await?;
    state.sync_after_write().await;
    Ok(Json(project))
}
