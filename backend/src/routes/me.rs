//! `/api/me…`: the signed-in person's own account, profile, matches, projects and data.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::{
    ApiError, AuditAction, Disclosure, DisclosureRoute, MatchList, Me, MyData, Page,
    PasswordChange, ProfilePatch, Project, Student, TargetKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::matches::{LimitQuery, match_list, parse_limit};
use super::{RawQuery, disclose, paging, refuse_unknown};
use crate::credentials;
use crate::db::accounts;
use crate::db::audit::{self, Entry};
use crate::db::catalogue::read;
use crate::db::catalogue::write;
use crate::db::cycle as db_cycle;
use crate::db::disclosures;
use crate::db::export::{self, Subject};
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::{self, Action};
use crate::session::CurrentUser;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(profile, update_profile))
        .routes(routes!(my_matches))
        .routes(routes!(my_projects))
        .routes(routes!(export))
        .routes(routes!(my_disclosures))
}

/// The signed-in person.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>> {
    accounts::me_of(&state.db, user.id)
        .await?
        .map(Json)
        .ok_or(AppError::Unauthorized("your account no longer exists"))
}

/// Changes the password (the current one is required); ends the account's other sessions.
#[utoipa::path(post, path = "/me/password", tag = "accounts", request_body = PasswordChange,
    security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError), (status = 422, body = ApiError),
        (status = 503, body = ApiError, headers(("retry-after" = u64)))))]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<PasswordChange>,
) -> Result<StatusCode> {
    credentials::validate_new_password(&body.new_password)
        .map_err(|m| AppError::invalid_field("new_password", m))?;
    let account = accounts::account(&state.db, user.id)
        .await?
        .ok_or(AppError::Unauthorized("your account no longer exists"))?;
    if !credentials::check_password(account.password_hash, body.current_password).await? {
        return Err(AppError::invalid_field(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = credentials::hash_password_blocking(body.new_password).await?;
    accounts::change_password(&state.db, &state.sessions, &user, hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn own_student(state: &AppState, user: &CurrentUser) -> Result<Student> {
    policy::authorize(user, Action::EditOwnProfile)?;
    let id = user.student_id.ok_or(AppError::Forbidden)?;
    read::student(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("student"))
}

/// The signed-in student's profile.
#[utoipa::path(get, path = "/me/profile", tag = "students", security(("session" = [])),
    responses((status = 200, body = Student), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn profile(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Student>> {
    Ok(Json(own_student(&state, &user).await?))
}

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
        if let Err(m) = shared::check_interests(&text) {
            return Err(AppError::PayloadTooLarge(format!("interests {m}")));
        }
        after.interests = text.trim().to_owned();
    }
    if let Some(mut skills) = patch.skills {
        skills.iter_mut().for_each(|s| *s = s.trim().to_owned());
        skills.retain(|s| !s.is_empty());
        if shared::check_words(&skills).is_err() {
            errors.push(shared::FieldError {
                field: "skills".into(),
                message: format!(
                    "list at most {} skills of at most {} characters",
                    shared::MAX_LIST_ITEMS,
                    shared::MAX_LIST_ITEM_CHARS
                ),
            });
        }
        after.skills = skills;
    }
    if let Some(areas) = patch.areas {
        after.areas = super::checked_areas(&state, areas, &mut errors).await?;
    }
    if super::nothing_to_change(errors, &before, &after)? {
        return Ok(Json(before));
    }
    let entry = Entry::by(
        &user,
        AuditAction::ProfileUpdated,
        TargetKind::Student,
        Some(before.id.get()),
    );
    Ok(Json(
        write::update_profile(&state.db, &before, &after, entry).await?,
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
    let profile = matcher.student_profile(&student);
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
    Ok(Json(read::projects_of_faculty(&state.db, fid).await?))
}

/// Everything stored about the signed-in person, in one document: account, profile or faculty
/// record, rank lists, pairings with their history, notifications, advisors' rankings of the
/// student, allocation outcomes, every disclosure of their record, sessions, reset links, failed
/// sign-ins and every audit entry about them or by them. The export itself is logged.
#[utoipa::path(get, path = "/me/export", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = MyData), (status = 401, body = ApiError)))]
async fn export(State(state): State<AppState>, user: CurrentUser) -> Result<Json<MyData>> {
    audit::record(
        &state.db,
        Entry::by(
            &user,
            AuditAction::DataExported,
            TargetKind::User,
            Some(user.id.get()),
        ),
    )
    .await?;
    let who = Subject {
        user: user.id,
        student: user.student_id,
        faculty: user.faculty_id,
    };
    let data = export::my_data(&state.db, who)
        .await?
        .ok_or(AppError::Unauthorized("your account no longer exists"))?;
    // An advisor's notices name the students of their pairings.
    let named = db_cycle::students_named(&state.db, &data.notifications).await?;
    disclose(&state, &user, DisclosureRoute::Export, named).await?;
    Ok(Json(data))
}

/// Who has seen my record: every read of the signed-in student's data by someone else, newest
/// first, paged.
#[utoipa::path(get, path = "/me/disclosures", tag = "students", params(super::PageParams),
    security(("session" = [])),
    responses((status = 200, body = Page<Disclosure>), (status = 400, body = ApiError),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn my_disclosures(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<Disclosure>>> {
    refuse_unknown(&raw, &["page", "per_page"])?;
    let (page, per_page) = paging(&raw)?;
    let sid = policy::acting_student(&user).ok_or(AppError::Forbidden)?;
    Ok(Json(
        disclosures::of_student(&state.db, sid, page, per_page).await?,
    ))
}
