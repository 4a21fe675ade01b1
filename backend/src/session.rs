//! The HTTP side of signing in: the session cookie and the extractors handlers use.
//!
//! - Passwords and tokens are in [`crate::credentials`]; session rows in [`crate::db::sessions`].
//! - A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie; the database keeps
//!   only its SHA-256, so a leaked database cannot be replayed as cookies, and every server process
//!   on the same database accepts it. Sessions end after `--session-idle-minutes` without a request
//!   and `--session-lifetime-days` after sign-in however often used; "now" is the state's clock.
//! - [`CurrentUser`] answers 401 when nobody is signed in; [`MaybeUser`] lets the public catalogue
//!   show more to those who may see more. *What* a user may do is decided in [`crate::policy`].

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::credentials::sha256_hex;
use crate::db;
use crate::error::AppError;
use crate::policy::{Action, authorize};
pub use crate::principal::CurrentUser;
use crate::security::Proxy;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "tm_session";

/// The signed-in person, if any.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// The client's address (the TCP peer), for rate limits and the audit log.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The client's address: the TCP peer, or with `--trust-proxy` the first `X-Forwarded-For` entry.
pub fn client_addr(parts: &Parts, proxy: Proxy) -> String {
    let forwarded = proxy
        .forwarded(&parts.headers, "x-forwarded-for")
        .filter(|v| v.len() <= 64);
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
        Ok(ClientAddr(client_addr(parts, Proxy::of(state))))
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
        let addr = client_addr(parts, Proxy::of(state));
        let user = resolve_session(state, &token, addr).await?;
        if let Some(u) = &user {
            parts.extensions.insert(u.clone());
        }
        Ok(MaybeUser(user))
    }
}

/// Looks the token up (see [`db::sessions::resolve`], through this process's cache) and names the
/// person behind it.
async fn resolve_session(
    state: &AppState,
    token: &str,
    client_addr: String,
) -> Result<Option<CurrentUser>, AppError> {
    let hash = sha256_hex(token);
    let now = state.clock.now();
    let Some(found) = db::sessions::resolve_cached(
        &state.db,
        &state.sessions,
        &hash,
        now,
        state.session_lifetime(),
    )
    .await?
    else {
        return Ok(None);
    };
    let u = found.user;
    Ok(Some(CurrentUser {
        id: u.id,
        email: u.email,
        role: u.role,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        session: hash,
        client_addr,
    }))
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

/// `Set-Cookie` for a new session (or, with `None`, one that clears it); `Secure` when the client
/// came over https ([`Proxy::is_https`]: `--secure-cookies`, or a trusted `X-Forwarded-Proto`).
/// The cookie is set once, at sign-in, so it lasts the session's absolute lifetime: the server ends
/// the session earlier when it goes idle (a cookie of the idle time would end a session in use).
pub fn session_cookie(state: &AppState, headers: &HeaderMap, token: Option<&str>) -> String {
    let secure = Proxy::of(state).is_https(headers);
    let (value, max_age) = match token {
        Some(t) => (t, state.session_lifetime().absolute.num_seconds()),
        None => ("", 0),
    };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A signed-in director or admin; 401 for nobody, 403 for anyone else.
#[derive(Debug, Clone)]
pub struct Director(pub CurrentUser);

impl FromRequestParts<AppState> for Director {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        authorize(&user, Action::ManageProgram)?;
        Ok(Director(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
