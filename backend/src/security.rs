//! Response headers every answer carries, and the cross-site request check for state changes.
//!
//! CSRF: the session cookie is `SameSite=Lax`, so browsers do not send it on cross-site POSTs; as a
//! second wall, a state-changing API request whose `Origin` header names another site is refused
//! with 403 before any handler runs. (Requests without `Origin`, such as `curl`, carry no ambient
//! browser credentials to abuse.)

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The wasm SPA needs `'wasm-unsafe-eval'` to compile its module; nothing else runs inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Refuses a state-changing request whose `Origin` is not this server's own.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Some(origin) = req.headers().get(header::ORIGIN) {
        // Behind a proxy that rewrites Host, the public host is in X-Forwarded-Host. Trusting it is
        // safe here: a cross-site page cannot add that header without a CORS preflight, which this
        // server never approves.
        let host = req
            .headers()
            .get("x-forwarded-host")
            .or_else(|| req.headers().get(header::HOST))
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.split(',').next())
            .map(str::trim)
            .unwrap_or_default();
        if !origin_matches_host(origin.to_str().unwrap_or_default(), host) {
            tracing::warn!(?origin, host, "cross-origin write refused");
            return AppError::Forbidden.into_response();
        }
    }
    next.run(req).await
}

/// `https://thesis.example.edu` matches host `thesis.example.edu`; `http://127.0.0.1:8080`
/// matches `127.0.0.1:8080`. A `null` origin (sandboxed frames, some redirects) never matches.
pub fn origin_matches_host(origin: &str, host: &str) -> bool {
    let Some((_, rest)) = origin.split_once("://") else {
        return false;
    };
    !host.is_empty() && rest.trim_end_matches('/').eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::origin_matches_host;

    #[test]
    fn only_our_own_origin_may_write() {
        assert!(origin_matches_host(
            "http://127.0.0.1:8080",
            "127.0.0.1:8080"
        ));
        assert!(origin_matches_host(
            "https://Thesis.example.edu",
            "thesis.example.edu"
        ));
        assert!(!origin_matches_host(
            "https://evil.example",
            "thesis.example.edu"
        ));
        assert!(!origin_matches_host("null", "thesis.example.edu"));
        assert!(!origin_matches_host(
            "http://127.0.0.1:8080.evil.example",
            "127.0.0.1:8080"
        ));
        assert!(!origin_matches_host("http://127.0.0.1:8080", ""));
    }
}
