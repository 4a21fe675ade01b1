//! Who is asking: password hashing, database-held sessions and the extractors handlers use.
//!
//! - Passwords are hashed with argon2id (the crate's default parameters) on a blocking thread.
//! - A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie; the database keeps
//!   only its SHA-256, so a leaked database cannot be replayed as cookies, and every server process
//!   on the same database accepts it. Sessions end after `--session-idle-minutes` without a request.
//! - [`CurrentUser`] answers 401 when nobody is signed in; [`MaybeUser`] lets the public catalogue
//!   show more to those who may see more. *What* a user may do is decided in [`crate::policy`].

use std::net::SocketAddr;
use std::sync::OnceLock;

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use shared::{Id, Role};

use crate::app::AppState;
use crate::db::entities::{session, user};
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "tm_session";
/// A session's `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// The signed-in person, as every handler that needs one receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: Id,
    pub email: String,
    pub role: Role,
    pub student_id: Option<Id>,
    pub faculty_id: Option<Id>,
    /// SHA-256 of this request's session token (to end this session on logout).
    pub session: String,
    /// The client's address, for the audit log.
    pub client_addr: String,
}

/// The signed-in person, if any.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// The client's address (the TCP peer), for rate limits and the audit log.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The client's address: the TCP peer, or with `--trust-proxy` the first `X-Forwarded-For` entry.
pub fn client_addr(parts: &Parts, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| parts.headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 64);
    match forwarded {
        Some(addr) => addr.to_owned(),
        None => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned()),
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(ClientAddr(client_addr(parts, state.config.trust_proxy)))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match MaybeUser::from_request_parts(parts, state).await?.0 {
            Some(user) => Ok(user),
            None => Err(AppError::Unauthorized("sign in to do this")),
        }
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(user.clone())));
        }
        let Some(token) = session_token(&parts.headers) else {
            return Ok(MaybeUser(None));
        };
        let addr = client_addr(parts, state.config.trust_proxy);
        let user = resolve_session(state, &token, addr).await?;
        if let Some(u) = &user {
            parts.extensions.insert(u.clone());
        }
        Ok(MaybeUser(user))
    }
}

/// Looks the token up; ends expired sessions and sessions of disabled accounts.
async fn resolve_session(
    state: &AppState,
    token: &str,
    client_addr: String,
) -> Result<Option<CurrentUser>, AppError> {
    let hash = sha256_hex(token);
    let Some(s) = session::Entity::find_by_id(hash.clone())
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(s.user_id).one(&state.db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    if s.expires_at <= now || u.disabled {
        session::Entity::delete_by_id(hash).exec(&state.db).await?;
        return Ok(None);
    }
    if (now - s.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        session::ActiveModel {
            token_hash: Set(hash.clone()),
            last_seen_at: Set(now),
            expires_at: Set(now + idle(state)),
            ..Default::default()
        }
        .update(&state.db)
        .await?;
    }
    let role = Role::parse(&u.role)
        .with_context(|| format!("user {} has an unknown role '{}'", u.id, u.role))?;
    Ok(Some(CurrentUser {
        id: u.id,
        email: u.email,
        role,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        session: hash,
        client_addr,
    }))
}

fn idle(state: &AppState) -> Duration {
    Duration::minutes(i64::from(state.config.session_idle_minutes.max(1)))
}

/// The session token from the `Cookie` header(s), if present.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user_id`; returns the cookie token.
pub async fn start_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    user_id: Id,
) -> anyhow::Result<String> {
    let (token, hash) = new_token()?;
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + idle(state)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends every session of a user except `keep` (after a password change or reset).
pub async fn end_sessions(
    db: &impl ConnectionTrait,
    user_id: Id,
    keep: Option<&str>,
) -> anyhow::Result<()> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::TokenHash.ne(keep));
    }
    q.exec(db).await?;
    Ok(())
}

/// `Set-Cookie` for a new session (or, with `None`, one that clears it).
pub fn session_cookie(state: &AppState, headers: &HeaderMap, token: Option<&str>) -> String {
    let secure = state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let (value, max_age) = match token {
        Some(t) => (t, i64::from(state.config.session_idle_minutes.max(1)) * 60),
        None => ("", 0),
    };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A random 256-bit token (hex) and its SHA-256 (hex).
pub fn new_token() -> anyhow::Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let token = hex(&bytes);
    let hash = sha256_hex(&token);
    Ok((token, hash))
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// argon2id PHC string of `password` (CPU-heavy: call from a blocking thread).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// Whether `password` matches the stored hash. A hash that does not parse is an error (a corrupt
/// row), never a silent "no".
pub fn verify_password(stored: &str, password: &str) -> anyhow::Result<bool> {
    let parsed =
        PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash is corrupt: {e}"))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A hash nobody's password matches, verified against when the account does not exist (or has no
/// password), so an unknown e-mail takes as long to refuse as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("no account has this password, it only spends time")
            .unwrap_or_else(|_| String::new())
    })
}

/// Checks `password` against `stored` (or against a dummy hash when there is none) on a blocking
/// thread; `false` for no stored hash.
pub async fn check_password(stored: Option<String>, password: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => verify_password(&hash, &password),
        None => {
            let _ = verify_password(dummy_hash(), &password);
            Ok(false)
        }
    })
    .await
    .context("password check panicked")?
}

/// Hashes on a blocking thread.
pub async fn hash_password_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("password hashing panicked")?
}

/// A new password must be long enough and not absurdly long.
pub fn validate_new_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < shared::MIN_PASSWORD_CHARS {
        return Err(format!(
            "must be at least {} characters",
            shared::MIN_PASSWORD_CHARS
        ));
    }
    if n > shared::MAX_PASSWORD_CHARS {
        return Err(format!(
            "must be at most {} characters",
            shared::MAX_PASSWORD_CHARS
        ));
    }
    if password.trim().is_empty() {
        return Err("must not be blank".to_owned());
    }
    Ok(())
}

/// E-mail as stored: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Seconds from `now` until `oldest + window`, at least 1.
pub fn retry_after(oldest: DateTime<Utc>, window: Duration, now: DateTime<Utc>) -> u64 {
    u64::try_from((oldest + window - now).num_seconds())
        .unwrap_or(0)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() -> anyhow::Result<()> {
        let h = hash_password("correct horse battery")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery")?);
        assert!(!verify_password(&h, "correct horse battery!")?);
        assert!(verify_password("not a hash", "x").is_err());
        Ok(())
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() -> anyhow::Result<()> {
        let (a, ha) = new_token()?;
        let (b, _) = new_token()?;
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(ha, sha256_hex(&a));
        assert_ne!(ha, a);
        Ok(())
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        let token = "ab".repeat(32);
        h.insert(
            axum::http::header::COOKIE,
            format!("theme=dark; {SESSION_COOKIE}={token}; x=1")
                .parse()
                .unwrap_or_else(|_| axum::http::HeaderValue::from_static("")),
        );
        assert_eq!(session_token(&h), Some(token));
        let mut bad = HeaderMap::new();
        bad.insert(
            axum::http::header::COOKIE,
            axum::http::HeaderValue::from_static("tm_session=../../etc"),
        );
        assert_eq!(session_token(&bad), None);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(validate_new_password("short").is_err());
        assert!(validate_new_password("            ").is_err());
        assert!(validate_new_password("twelve chars").is_ok());
    }
}
