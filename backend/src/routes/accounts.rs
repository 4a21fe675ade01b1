//! Signing in and out, password resets, and the director's account list.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use shared::{
    ApiError, AuditAction, Id, LoginRequest, Me, Page, PasswordReset, ResetLink, Role, TargetKind,
    UserPatch, UserSummary,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{RawQuery, paging, path_id, refuse_unknown};
use crate::app::AppState;
use crate::auth::{self, ClientAddr, CurrentUser};
use crate::db::accounts::{self, UserFilter};
use crate::db::audit::{self, Entry};
use crate::db::entities::{password_reset, user};
use crate::db::queries::search_words;
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::policy::Director;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(reset))
        .routes(routes!(list_users))
        .routes(routes!(update_user))
        .routes(routes!(reset_link))
}

/// One answer for an unknown e-mail, a wrong password and a disabled account.
const WRONG_CREDENTIALS: &str = "wrong e-mail or password";
/// How long a reset link works.
const RESET_LINK_HOURS: i64 = 72;

/// Signs in; sets the session cookie. Unknown e-mail and wrong password answer the same 401 in
/// about the same time; 5 failures per account (20 per client address) in 15 minutes answer 429.
#[utoipa::path(post, path = "/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = Me, headers(("set-cookie" = String, description = "tm_session"))),
        (status = 401, body = ApiError), (status = 422, body = ApiError),
        (status = 429, body = ApiError, headers(("retry-after" = u64)))))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    AppJson(body): AppJson<LoginRequest>,
) -> Result<Response> {
    let email = auth::normalize_email(&body.email);
    if email.is_empty() || email.len() > 254 || body.password.len() > 1024 {
        return Err(AppError::Unauthorized(WRONG_CREDENTIALS));
    }
    if let Some(retry_after_secs) = accounts::locked_out(&state.db, &email, &addr).await? {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let found = accounts::by_email(&state.db, &email).await?;
    let stored = found
        .as_ref()
        .filter(|u| !u.disabled)
        .and_then(|u| u.password_hash.clone());
    let ok = auth::check_password(stored, body.password).await?;
    let Some(u) = found.filter(|_| ok) else {
        let why = match accounts::by_email(&state.db, &email).await? {
            None => "unknown e-mail",
            Some(u) if u.disabled => "account disabled",
            Some(u) if u.password_hash.is_none() => "no password set",
            Some(_) => "wrong password",
        };
        let txn = state.db.begin().await?;
        accounts::record_failure(&txn, &email, &addr).await?;
        let known = accounts::by_email(&txn, &email).await?;
        audit::record(
            &txn,
            Entry {
                actor_id: known.as_ref().map(|u| u.id),
                actor_email: email.clone(),
                client_addr: Some(addr),
                action: AuditAction::LoginFailed,
                target_kind: TargetKind::User,
                target_id: known.map(|u| u.id),
                before: None,
                after: None,
                reason: Some(why.to_owned()),
            },
        )
        .await?;
        txn.commit().await?;
        return Err(AppError::Unauthorized(WRONG_CREDENTIALS));
    };
    let txn = state.db.begin().await?;
    let token = auth::start_session(&txn, &state, u.id).await?;
    let mut am: user::ActiveModel = u.clone().into();
    am.last_login_at = Set(Some(Utc::now()));
    let u = am.update(&txn).await?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(u.id),
            actor_email: u.email.clone(),
            client_addr: Some(addr),
            action: AuditAction::LoginSucceeded,
            target_kind: TargetKind::User,
            target_id: Some(u.id),
            before: None,
            after: None,
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    let me = accounts::me(&state.db, &u).await?;
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(&state, &headers, Some(&token)),
        )],
        Json(me),
    )
        .into_response())
}

/// Ends this session and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts", security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Response> {
    let txn = state.db.begin().await?;
    crate::db::entities::session::Entity::delete_by_id(user.session.clone())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Entry::by(&user, AuditAction::Logout, TargetKind::User, Some(user.id)),
    )
    .await?;
    txn.commit().await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            auth::session_cookie(&state, &headers, None),
        )],
    )
        .into_response())
}

/// Sets a password with the token of a reset link; ends every session of the account.
#[utoipa::path(post, path = "/auth/reset", tag = "accounts", request_body = PasswordReset,
    responses((status = 204), (status = 422, body = ApiError)))]
async fn reset(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    AppJson(body): AppJson<PasswordReset>,
) -> Result<StatusCode> {
    let invalid = || {
        AppError::invalid_field(
            "token",
            "this link is invalid, used or expired; ask the program director for a new one",
        )
    };
    if body.token.len() != 64 {
        return Err(invalid());
    }
    auth::validate_new_password(&body.new_password)
        .map_err(|m| AppError::invalid_field("new_password", m))?;
    let hash = auth::sha256_hex(&body.token);
    let Some(link) = password_reset::Entity::find_by_id(hash.clone())
        .one(&state.db)
        .await?
        .filter(|l| l.used_at.is_none() && l.expires_at > Utc::now())
    else {
        return Err(invalid());
    };
    let Some(u) = user::Entity::find_by_id(link.user_id)
        .one(&state.db)
        .await?
    else {
        return Err(invalid());
    };
    let password_hash = auth::hash_password_blocking(body.new_password).await?;
    let txn = state.db.begin().await?;
    // Claim the link first: of two racing uses, only one updates a row.
    let claimed = password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(password_reset::Column::TokenHash.eq(hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    user::ActiveModel {
        id: Set(u.id),
        password_hash: Set(Some(password_hash)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    auth::end_sessions(&txn, u.id, None).await?;
    audit::record(
        &txn,
        Entry {
            actor_id: Some(u.id),
            actor_email: u.email.clone(),
            client_addr: Some(addr),
            action: AuditAction::PasswordReset,
            target_kind: TargetKind::User,
            target_id: Some(u.id),
            before: None,
            after: None,
            reason: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Query parameters of `GET /api/users` (for the OpenAPI document).
#[allow(dead_code)]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct UserParams {
    /// Words of the name or e-mail.
    q: Option<String>,
    role: Option<Role>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// Accounts, with search by name or e-mail and a role filter (directors).
#[utoipa::path(get, path = "/users", tag = "director", params(UserParams), security(("session" = [])),
    responses((status = 200, body = Page<UserSummary>), (status = 400, body = ApiError),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn list_users(
    State(state): State<AppState>,
    Director(_director): Director,
    AppQuery(raw): AppQuery<RawQuery>,
) -> Result<Json<Page<UserSummary>>> {
    refuse_unknown(&raw, &["q", "role", "page", "per_page"])?;
    let (page, per_page) = paging(&raw)?;
    let role = match raw.get("role").map(|r| r.trim()).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| {
            AppError::bad_field("role", "must be one of student, faculty, director, admin")
        })?),
    };
    let filter = UserFilter {
        words: raw.get("q").map(|q| search_words(q)).unwrap_or_default(),
        role,
        page,
        per_page,
    };
    Ok(Json(accounts::list_users(&state.db, &filter).await?))
}

async fn load_user(state: &AppState, raw_id: &str) -> Result<user::Model> {
    let id = path_id(raw_id, "account")?;
    user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("account"))
}

/// Disables or re-enables an account (directors). Disabling ends its sessions.
#[utoipa::path(patch, path = "/users/{id}", tag = "director", params(("id" = Id, Path)),
    request_body = UserPatch, security(("session" = [])),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn update_user(
    State(state): State<AppState>,
    Director(director): Director,
    Path(id): Path<String>,
    AppJson(patch): AppJson<UserPatch>,
) -> Result<Json<UserSummary>> {
    let u = load_user(&state, &id).await?;
    if let Some(disabled) = patch.disabled
        && disabled != u.disabled
    {
        if disabled && u.id == director.id {
            return Err(AppError::invalid_field(
                "disabled",
                "you cannot disable your own account",
            ));
        }
        let txn = state.db.begin().await?;
        user::ActiveModel {
            id: Set(u.id),
            disabled: Set(disabled),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        if disabled {
            auth::end_sessions(&txn, u.id, None).await?;
        }
        audit::record(
            &txn,
            Entry::by(
                &director,
                AuditAction::AccountUpdated,
                TargetKind::User,
                Some(u.id),
            )
            .change(
                serde_json::json!({ "disabled": u.disabled }),
                serde_json::json!({ "disabled": disabled }),
            ),
        )
        .await?;
        txn.commit().await?;
    }
    accounts::user_summary(&state.db, u.id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("account"))
}

/// A one-time link (72 hours) with which the person sets their password (directors).
#[utoipa::path(post, path = "/users/{id}/reset-link", tag = "director", params(("id" = Id, Path)),
    security(("session" = [])),
    responses((status = 200, body = ResetLink), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn reset_link(
    State(state): State<AppState>,
    Director(director): Director,
    Path(id): Path<String>,
) -> Result<Json<ResetLink>> {
    let u = load_user(&state, &id).await?;
    let (token, hash) = auth::new_token()?;
    let expires_at = Utc::now() + Duration::hours(RESET_LINK_HOURS);
    let txn = state.db.begin().await?;
    password_reset::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(u.id),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Entry::by(
            &director,
            AuditAction::ResetLinkIssued,
            TargetKind::User,
            Some(u.id),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Json(ResetLink {
        path: format!("/reset?token={token}"),
        expires_at: expires_at.to_rfc3339(),
    }))
}
