//! Router assembly and start-up (the state itself is in [`crate::state`]).
//!
//! [`Application::build`] connects (running migrations), seeds an empty database with the demo
//! program, builds the matching index, and binds — so a caller (the binary or a test) can read the
//! real port before serving. [`Application::run_until_stopped`] serves until Ctrl-C / SIGTERM.

use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

use crate::config::Config;
use crate::db;
use crate::routes;
pub use crate::state::AppState;

/// Polls the catalogue version until the process ends, sends ranking-deadline reminders, and
/// prunes rows that can no longer matter every `--prune-every-secs` (`db::prune`).
fn spawn_catalog_poller(state: AppState) {
    let every = std::time::Duration::from_millis(state.config.catalog_poll_ms.max(50));
    let prune_every = std::time::Duration::from_secs(state.config.prune_every_secs);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_reminders = std::time::Instant::now() - std::time::Duration::from_secs(3600);
        let mut last_prune: Option<std::time::Instant> = None;
        loop {
            tick.tick().await;
            if let Err(e) = state.sync_catalog().await {
                tracing::warn!(error = ?e, "catalogue sync failed; retrying");
            }
            // Deadline reminders are written once per person per cycle (a unique index), so every
            // process may try; once a minute is plenty.
            if last_reminders.elapsed() >= std::time::Duration::from_secs(60) {
                last_reminders = std::time::Instant::now();
                match db::cycle::deadline_reminders(&state.db, None).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(reminders = n, "ranking deadline reminders sent"),
                    Err(e) => tracing::warn!(error = ?e, "deadline reminders failed; retrying"),
                }
            }
            // Pruning deletes only rows past every limit, so processes may race at it harmlessly.
            if last_prune.is_none_or(|at| at.elapsed() >= prune_every) {
                last_prune = Some(std::time::Instant::now());
                let lifetime = state.session_lifetime().absolute;
                match db::prune::run(&state.db, state.clock.now(), lifetime).await {
                    Ok(p) if p.total() == 0 => {}
                    Ok(p) => tracing::info!(?p, "pruned rows that can no longer matter"),
                    Err(e) => tracing::warn!(error = ?e, "pruning failed; retrying"),
                }
            }
        }
    });
}

/// The API router and its OpenAPI document, built from the same handler list.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut doc) =
        utoipa_axum::router::OpenApiRouter::with_openapi(routes::ApiDoc::openapi())
            .merge(routes::router())
            .split_for_parts();
    // The router is nested under /api; so are the documented paths.
    doc.paths.paths = std::mem::take(&mut doc.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("/api{path}"), item))
        .collect();
    (api, doc)
}

pub fn router(state: AppState) -> Router {
    let (api, _) = api();
    let api = api
        .fallback(|| async { crate::error::AppError::NotFound("API route") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::same_origin_writes,
        ))
        .layer(axum::middleware::from_fn(crate::security::no_store));
    let index = state.config.static_dir.join("index.html");
    let app = Router::new().nest("/api", api);
    let app = if index.is_file() {
        let spa = move |req: Request| spa_page(index.clone(), req);
        let files = ServeDir::new(&state.config.static_dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(spa.into_service());
        // Only the SPA's files get these caching headers: `/api` keeps its `no-store`.
        let files = tower::Layer::layer(
            &axum::middleware::map_response(
                |uri: axum::http::Uri, res: axum::http::Response<_>| async move {
                    static_cache(uri.path(), res)
                },
            ),
            files,
        );
        app.fallback_service(files)
    } else {
        tracing::warn!(
            "no SPA at {}: only the API is served (build it with `cargo xtask run`)",
            state.config.static_dir.display()
        );
        app.fallback(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html("<!doctype html><title>ThesisMatch</title><main><h1>ThesisMatch</h1><p>The web app has not been built. Run <code>cargo xtask run</code>; the API is at <a href=\"/api/projects\">/api/projects</a>.</p></main>"),
            )
                .into_response()
        })
    };
    app.layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The SPA's `index.html` for a path that is not a file — precompressed like every file — with 200
/// for one of the SPA's pages (`shared::SPA_ROUTES`), 404 for any other: still the SPA, which shows
/// its not-found page.
async fn spa_page(index: std::path::PathBuf, mut req: Request) -> Response {
    let known = shared::is_spa_route(req.uri().path());
    if !known {
        // A 404 is always whole: never "304 Not Modified" or a range of it.
        for h in [
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
            header::RANGE,
            header::IF_RANGE,
        ] {
            req.headers_mut().remove(h);
        }
    }
    let file = ServeFile::new(&index)
        .precompressed_br()
        .precompressed_gzip();
    let Ok(mut res) = file.oneshot(req).await.map(IntoResponse::into_response);
    if res.status().is_server_error() || res.status() == StatusCode::NOT_FOUND {
        tracing::error!(path = %index.display(), status = %res.status(), "the SPA's index.html cannot be served");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if !known && res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

/// How long browsers keep the SPA's files: a year, unrevalidated, for a content-hashed name
/// (`shared::is_hashed_asset`: its content never changes under that name); for anything else —
/// `index.html`, which names the current hashed files — they ask again each time (`no-cache`,
/// answered 304 when unchanged). Each may arrive brotli- or gzip-encoded, hence `Vary`.
fn static_cache<B>(path: &str, mut res: axum::http::Response<B>) -> axum::http::Response<B> {
    let cache = if shared::is_hashed_asset(path) && res.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = db::connect(&config.database_url).await?;
        if config.demo && db::catalogue::read::count_projects(&db).await? == 0 {
            let report = db::seed::seed_demo_from_dir(&db, &config.data_dir).await?;
            let accounts = db::seed::seed_demo_accounts(&db).await?;
            tracing::info!(
                "empty database and --demo: seeded the fictional demo program: {report}; \
                 {accounts} demo accounts (password '{}')",
                db::accounts::DEMO_PASSWORD
            );
        }
        db::seed::ensure_taxonomy(&db, &config.data_dir).await?;
        db::cycle::ensure_current(&db, config.demo).await?;
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        let state = AppState::new(db, config).await?;
        Ok(Application { listener, state })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    pub fn port(&self) -> anyhow::Result<u16> {
        Ok(self.local_addr()?.port())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        spawn_catalog_poller(self.state.clone());
        let app = router(self.state);
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("RUST_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
