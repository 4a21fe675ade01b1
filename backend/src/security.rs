//! Response headers every answer carries, the cross-site request check for state changes, and
//! the one place a request's forwarded headers are read.
//!
//! Forwarded headers (`X-Forwarded-For`, `-Host`, `-Proto`) are believed only with `--trust-proxy`
//! ([`Proxy`]): without a proxy of ours in front, any client could send them, to pose as another
//! address, another host or an https connection.
//!
//! CSRF: the session cookie is `SameSite=Lax`, so browsers do not send it on cross-site POSTs; as a
//! second wall, a state-changing API request whose `Origin` header names another site is refused
//! with 403 before any handler runs. (Requests without `Origin`, such as `curl`, carry no ambient
//! browser credentials to abuse.)

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// What a request's forwarded headers may tell this server.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proxy {
    /// `--trust-proxy`: a proxy we run sets the `X-Forwarded-*` headers; otherwise they are ignored.
    pub trusted: bool,
    /// `--secure-cookies`: the public side is https whatever the headers say.
    pub always_https: bool,
}

impl Proxy {
    pub fn of(state: &AppState) -> Proxy {
        Proxy {
            trusted: state.config.trust_proxy,
            always_https: state.config.secure_cookies,
        }
    }

    /// The first entry of a forwarded header (the one the client-facing proxy wrote), only when
    /// the proxy is trusted.
    pub fn forwarded<'a>(self, headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
        if !self.trusted {
            return None;
        }
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The host the client asked for: a trusted `X-Forwarded-Host` (behind a proxy that rewrites
    /// `Host`), else `Host`.
    pub fn public_host(self, headers: &HeaderMap) -> &str {
        self.forwarded(headers, "x-forwarded-host")
            .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()))
            .map(str::trim)
            .unwrap_or_default()
    }

    /// Whether the client reached us over https: `--secure-cookies`, or a trusted
    /// `X-Forwarded-Proto: https`. Decides the cookie's `Secure` and `Strict-Transport-Security`.
    pub fn is_https(self, headers: &HeaderMap) -> bool {
        self.always_https
            || self
                .forwarded(headers, "x-forwarded-proto")
                .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }
}

/// The wasm SPA needs `'wasm-unsafe-eval'` to compile its module; nothing else runs inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One year, the usual HSTS lifetime; sent when the client came over https ([`Proxy::is_https`]).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Headers on every answer, the SPA's included.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = Proxy::of(&state).is_https(req.headers());
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
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    res
}

/// `Cache-Control: no-store` on every `/api` answer: most carry personal data (records, rank
/// lists, pairings, CSV downloads, the audit log), and even the catalogue shows drafts to their
/// faculty, so no browser or shared cache keeps any of them.
pub async fn no_store(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Refuses a state-changing request whose `Origin` is not this server's own (its `Host`, or with
/// `--trust-proxy` the proxy's `X-Forwarded-Host`).
pub async fn same_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Some(origin) = req.headers().get(header::ORIGIN) {
        let host = Proxy::of(&state).public_host(req.headers());
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
    use axum::http::{HeaderMap, HeaderValue};

    use super::{Proxy, origin_matches_host};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    const DIRECT: Proxy = Proxy {
        trusted: false,
        always_https: false,
    };
    const TRUSTED: Proxy = Proxy {
        trusted: true,
        always_https: false,
    };

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let h = headers(&[
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "thesis.example.edu, inner.example"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-for", "203.0.113.7, 10.0.0.1"),
        ]);
        assert_eq!(DIRECT.public_host(&h), "127.0.0.1:8080");
        assert!(!DIRECT.is_https(&h));
        assert_eq!(DIRECT.forwarded(&h, "x-forwarded-for"), None);
        assert_eq!(TRUSTED.public_host(&h), "thesis.example.edu");
        assert!(TRUSTED.is_https(&h));
        assert_eq!(
            TRUSTED.forwarded(&h, "x-forwarded-for"),
            Some("203.0.113.7")
        );
        let plain = headers(&[
            ("host", "thesis.example.edu"),
            ("x-forwarded-proto", "http"),
        ]);
        assert_eq!(TRUSTED.public_host(&plain), "thesis.example.edu");
        assert!(!TRUSTED.is_https(&plain));
        let secure = Proxy {
            trusted: false,
            always_https: true,
        };
        assert!(secure.is_https(&plain));
    }

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
