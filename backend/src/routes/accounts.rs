//! Signing in and out, password resets, and the director's account list.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use shared::{
    ApiError, DisclosureRoute, Email, LoginRequest, Me, Page, PasswordReset, ResetLink, Role,
    UserId, UserPatch, UserSummary,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{RawQuery, disclose, paging, path_id, refuse_unknown};
use crate::credentials;
use crate::db::accounts::{self, Account, Admission, UserFilter};
use crate::db::catalogue::read::search_words;
use crate::error::{AppError, AppJson, AppQuery, Result};
use crate::session::Director;
use crate::session::{self, ClientAddr, CurrentUser};
use crate::state::AppState;

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
/// about the same time. 429 when, in 15 minutes, 5 failures for this account from this address,
/// 50 for this account from all addresses, or 20 from this address for any account are used up
/// (an attempt is counted before its password is checked, so racing guesses cannot overrun a
/// limit); 503 when the server's password-hashing slots stay taken for 2 seconds.
#[utoipa::path(post, path = "/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = Me, headers(("set-cookie" = String, description = "tm_session"))),
        (status = 401, body = ApiError), (status = 422, body = ApiError),
        (status = 429, body = ApiError, headers(("retry-after" = u64))),
        (status = 503, body = ApiError, headers(("retry-after" = u64)))))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    AppJson(body): AppJson<LoginRequest>,
) -> Result<Response> {
    let tried = body.email.trim().to_lowercase();
    if tried.is_empty() || tried.len() > 254 || body.password.len() > 1024 {
        return Err(AppError::Unauthorized(WRONG_CREDENTIALS));
    }
    let attempt = match accounts::admit_attempt(&state.db, &tried, &addr, state.clock.now()).await?
    {
        Admission::Admitted(attempt) => attempt,
        Admission::Refused { retry_after_secs } => {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
    };
    let (found, ok) = match check_credentials(&state, &tried, body.password).await {
        Ok(checked) => checked,
        Err(e) => {
            // The password was never judged (busy, or a failure): not a failed sign-in.
            if let Err(w) = accounts::withdraw_attempt(&state.db, attempt).await {
                tracing::warn!(error = ?w, "could not withdraw a sign-in attempt");
            }
            return Err(e);
        }
    };
    let Some(a) = found.clone().filter(|_| ok) else {
        let why = match &found {
            None => "unknown e-mail",
            Some(a) if a.disabled => "account disabled",
            Some(a) if a.password_hash.is_none() => "no password set",
            Some(_) => "wrong password",
        };
        let known = found.as_ref().map(|a| a.id);
        accounts::sign_in_refused(&state.db, attempt, known, &tried, &addr, why).await?;
        return Err(AppError::Unauthorized(WRONG_CREDENTIALS));
    };
    let now = state.clock.now();
    let token =
        accounts::sign_in(&state.db, &a, attempt, now, state.session_lifetime(), &addr).await?;
    let me = accounts::me_of(&state.db, a.id)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    Ok((
        [(
            header::SET_COOKIE,
            session::session_cookie(&state, &headers, Some(&token)),
        )],
        Json(me),
    )
        .into_response())
}

/// The account with the e-mail tried (if any) and whether `password` is its password; a
/// disabled account or one without a password never matches (checked against a dummy hash, so it
/// takes as long).
async fn check_credentials(
    state: &AppState,
    tried: &str,
    password: String,
) -> Result<(Option<Account>, bool)> {
    let found = match Email::parse(tried) {
        Ok(email) => accounts::account_by_email(&state.db, &email).await?,
        Err(_) => None,
    };
    let stored = found
        .as_ref()
        .filter(|a| !a.disabled)
        .and_then(|a| a.password_hash.clone());
    let ok = credentials::check_password(stored, password).await?;
    Ok((found, ok))
}

/// Ends this session and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts", security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Response> {
    accounts::sign_out(&state.db, &state.sessions, &user).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::session_cookie(&state, &headers, None),
        )],
    )
        .into_response())
}

/// Sets a password with the token of a reset link; ends every session of the account.
#[utoipa::path(post, path = "/auth/reset", tag = "accounts", request_body = PasswordReset,
    responses((status = 204), (status = 422, body = ApiError),
        (status = 503, body = ApiError, headers(("retry-after" = u64)))))]
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
    credentials::validate_new_password(&body.new_password)
        .map_err(|m| AppError::invalid_field("new_password", m))?;
    let hash = credentials::sha256_hex(&body.token);
    let Some(account) = accounts::reset_link_account(&state.db, &hash, state.clock.now()).await?
    else {
        return Err(invalid());
    };
    let password_hash = credentials::hash_password_blocking(body.new_password).await?;
    let now = state.clock.now();
    if !accounts::reset_password(
        &state.db,
        &state.sessions,
        &account,
        &hash,
        password_hash,
        now,
        &addr,
    )
    .await?
    {
        return Err(invalid());
    }
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
    Director(director): Director,
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
    let found = accounts::list_users(&state.db, &filter).await?;
    disclose(
        &state,
        &director,
        DisclosureRoute::Accounts,
        found.items.iter().filter_map(|u| u.student_id),
    )
    .await?;
    Ok(Json(found))
}

async fn load_user(state: &AppState, raw_id: &str) -> Result<Account> {
    let id: UserId = path_id(raw_id, "account")?;
    accounts::account(&state.db, id)
        .await?
        .ok_or(AppError::NotFound("account"))
}

/// Disables or re-enables an account (directors). Disabling ends its sessions.
#[utoipa::path(patch, path = "/users/{id}", tag = "director", params(("id" = i32, Path)),
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
        accounts::set_disabled(&state.db, &state.sessions, &director, &u, disabled).await?;
    }
    accounts::user_summary(&state.db, u.id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("account"))
}

/// A one-time link (72 hours) with which the person sets their password (directors).
#[utoipa::path(post, path = "/users/{id}/reset-link", tag = "director", params(("id" = i32, Path)),
    security(("session" = [])),
    responses((status = 200, body = ResetLink), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn reset_link(
    State(state): State<AppState>,
    Director(director): Director,
    Path(id): Path<String>,
) -> Result<Json<ResetLink>> {
    let u = load_user(&state, &id).await?;
    let expires_at = state.clock.now() + Duration::hours(RESET_LINK_HOURS);
    let token = accounts::issue_reset_link(&state.db, &director, &u, expires_at).await?;
    Ok(Json(ResetLink {
        path: format!("/reset?token={token}"),
        expires_at,
    }))
}
