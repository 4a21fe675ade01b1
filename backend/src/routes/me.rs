//! `/api/me…`: the signed-in person's own account, profile, matches, projects and data.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use shared::{
    ApiError, AuditAction, MatchList, Me, MyData, PasswordChange, ProfilePatch, Project, Student,
    TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::matches::{LimitQuery, match_list, parse_limit, student_profile};
use crate::app::AppState;
use crate::auth::{self, CurrentUser};
use crate::db::audit::{self, Entry};
use crate::db::entities::user;
use crate::db::{accounts, projects as writes, queries};
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::{self, Action};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(profile, update_profile))
        .routes(routes!(my_matches))
        .routes(routes!(my_projects))
        .routes(routes!(export))
}

async fn account(state: &AppState, user: &CurrentUser) -> Result<user::Model> {
    user::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthorized("your account no longer exists"))
}

/// The signed-in person.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>> {
    let u = account(&state, &user).await?;
    Ok(Json(accounts::me(&state.db, &u).await?))
}

/// Changes the password (the current one is required); ends the account's other sessions.
#[utoipa::path(post, path = "/me/password", tag = "accounts", request_body = PasswordChange,
    security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<PasswordChange>,
) -> Result<StatusCode> {
    auth::validate_new_password(&body.new_password)
        .map_err(|m| AppError::invalid_field("new_password", m))?;
    let u = account(&state, &user).await?;
    if !auth::check_password(u.password_hash.clone(), body.current_password).await? {
        return Err(AppError::invalid_field(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = auth::hash_password_blocking(body.new_password).await?;
    let txn = state.db.begin().await?;
    user::ActiveModel {
        id: Set(u.id),
        password_hash: Set(Some(hash)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    auth::end_sessions(&txn, u.id, Some(&user.session)).await?;
    audit::record(
        &txn,
        Entry::by(
            &user,
            AuditAction::PasswordChanged,
            TargetKind::User,
            Some(u.id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn own_student(state: &AppState, user: &CurrentUser) -> Result<Student> {
    policy::authorize(user, Action::EditOwnProfile)?;
    let id = user.student_id.ok_or(AppError::Forbidden)?;
    queries::student(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("student"))
}

/// The signed-in student's profile.
#[utoipa::path(get, path = "/me/profile", tag = "students", security(("session" = [])),
    responses((status = 200, body = Student), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn profile(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Student>> {
    Ok(Json(own_student(&state, &user).await?))
}

const MAX_SKILLS: usize = 30;

/// Changes the signed-in student's background, areas, interests or skills; matches follow.
#[utoipa::path(patch, path = "/me/profile", tag = "students", request_body = ProfilePatch,
    security(("session" = [])),
    responses((status = 200, body = Student), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 413, body = ApiError), (status = 422, body = ApiError)))]
async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(patch): AppJson<ProfilePatch>,
) -> Result<Json<Student>> {
    let before = own_student(&state, &user).await?;
    let mut after = before.clone();
    let mut errors = Vec::new();
    if let Some(b) = patch.background {
        after.background = b;
    }
    if let Some(text) = patch.interests {
        if text.len() > shared::MAX_INTERESTS_BYTES {
            return Err(AppError::PayloadTooLarge(format!(
                "interests must be at most {} KB",
                shared::MAX_INTERESTS_BYTES / 1024
            )));
        }
        after.interests = text.trim().to_owned();
    }
    if let Some(mut skills) = patch.skills {
        skills.iter_mut().for_each(|s| *s = s.trim().to_owned());
        skills.retain(|s| !s.is_empty());
        if skills.len() > MAX_SKILLS || skills.iter().any(|s| s.chars().count() > 100) {
            errors.push(shared::FieldError {
                field: "skills".into(),
                message: format!("list at most {MAX_SKILLS} skills of at most 100 characters"),
            });
        }
        after.skills = skills;
    }
    if let Some(areas) = patch.areas {
        after.areas = super::checked_areas(&state, areas, &mut errors).await?;
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if after == before {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::ProfileUpdated,
        TargetKind::Student,
        Some(before.id),
    );
    Ok(Json(
        writes::update_profile(&state.db, &before, &after, entry).await?,
    ))
}

/// The signed-in student's ranked projects, from the saved profile.
#[utoipa::path(get, path = "/me/matches", tag = "students", params(LimitQuery),
    security(("session" = [])),
    responses((status = 200, body = MatchList), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn my_matches(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<LimitQuery>,
) -> Result<Json<MatchList>> {
    let limit = parse_limit(q.limit.as_deref())?;
    let student = own_student(&state, &user).await?;
    let matcher = state.matcher();
    let profile = student_profile(&matcher, &student);
    Ok(Json(match_list(&matcher, &profile, limit)))
}

/// Projects the signed-in faculty member advises or co-mentors, drafts included.
#[utoipa::path(get, path = "/me/projects", tag = "catalogue", security(("session" = [])),
    responses((status = 200, body = Vec<Project>), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn my_projects(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Project>>> {
    policy::authorize(&user, Action::ListOwnProjects)?;
    let fid = user.faculty_id.ok_or(AppError::Forbidden)?;
    Ok(Json(queries::projects_of_faculty(&state.db, fid).await?))
}

/// Everything stored about the signed-in person: account, profile (students) and every audit
/// entry about them or by them. The export itself is logged.
#[utoipa::path(get, path = "/me/export", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = MyData), (status = 401, body = ApiError)))]
async fn export(State(state): State<AppState>, user: CurrentUser) -> Result<Json<MyData>> {
    audit::record(
        &state.db,
        Entry::by(
            &user,
            AuditAction::DataExported,
            TargetKind::User,
            Some(user.id),
        ),
    )
    .await?;
    let account = accounts::user_summary(&state.db, user.id)
        .await?
        .ok_or(AppError::Unauthorized("your account no longer exists"))?;
    let profile = match user.student_id {
        Some(id) => queries::student(&state.db, id).await?,
        None => None,
    };
    let audit = audit::about(&state.db, user.id, user.student_id).await?;
    Ok(Json(MyData {
        account,
        profile,
        audit,
    }))
}
