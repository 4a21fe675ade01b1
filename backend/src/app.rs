//! Application state, router assembly and start-up.
//!
//! [`Application::build`] connects (running migrations), seeds an empty database with the demo
//! program, builds the matching index, and binds — so a caller (the binary or a test) can read the
//! real port before serving. [`Application::run_until_stopped`] serves until Ctrl-C / SIGTERM.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use sea_orm::DatabaseConnection;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::config::{Cli, Command, Config, UserCommand};
use crate::db;
use crate::db::catalog::Versions;
use crate::engine::scoring::MatchIndex;
use crate::engine::taxonomy::Taxonomy;
use crate::routes;
use utoipa::OpenApi;

/// The matching engine's current view of the program: the taxonomy and the project index.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub taxonomy: Arc<Taxonomy>,
    pub index: MatchIndex,
}

/// Shared by every handler. Cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    matcher: Arc<RwLock<Arc<Matcher>>>,
    /// The catalogue versions this process's matcher reflects; the lock also serialises syncs.
    applied: Arc<tokio::sync::Mutex<Versions>>,
}

impl AppState {
    /// The current matcher. Handlers hold the `Arc`, never the lock, across awaits.
    pub fn matcher(&self) -> Arc<Matcher> {
        match self.matcher.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn swap_matcher(&self, fresh: Matcher) {
        match self.matcher.write() {
            Ok(mut guard) => *guard = Arc::new(fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(fresh),
        }
    }

    /// Brings the matcher up to the database's catalogue version: re-reads the projects changed
    /// since the version this process applied (`MatchIndex::upsert`), or, after a bulk change or a
    /// taxonomy edit, the taxonomy and every project. Handlers call it after their own writes (so
    /// the server that took a change shows it at once); a background task calls it every
    /// `--catalog-poll-ms` (so every other process shows it within that time).
    pub async fn sync_catalog(&self) -> anyhow::Result<()> {
        let mut applied = self.applied.lock().await;
        let now = db::catalog::current(&self.db).await?;
        if now.rebuild != applied.rebuild {
            let taxonomy = Arc::new(load_taxonomy(&self.db, &self.config.data_dir).await?);
            self.swap_matcher(build_matcher(&self.db, taxonomy).await?);
            tracing::info!(
                version = now.catalog,
                "catalogue or taxonomy changed: matcher rebuilt"
            );
        } else if now.catalog > applied.catalog {
            let changed = db::catalog::projects_changed_since(&self.db, applied.catalog).await?;
            let mut next = Matcher::clone(&self.matcher());
            for p in changed {
                next.index.upsert(&next.taxonomy, p);
            }
            self.swap_matcher(next);
        }
        *applied = now;
        Ok(())
    }
}

/// Polls the catalogue version until the process ends, and sends ranking-deadline reminders.
fn spawn_catalog_poller(state: AppState) {
    let every = std::time::Duration::from_millis(state.config.catalog_poll_ms.max(50));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_reminders = std::time::Instant::now() - std::time::Duration::from_secs(3600);
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
        }
    });
}

async fn build_matcher(
    db: &DatabaseConnection,
    taxonomy: Arc<Taxonomy>,
) -> anyhow::Result<Matcher> {
    let projects = db::queries::all_projects(db).await?;
    let index = MatchIndex::build(&taxonomy, projects);
    Ok(Matcher { taxonomy, index })
}

/// The taxonomy the matcher uses: the one stored in the database (loaded there by `seed`), or, in a
/// database that has none yet, `<data_dir>/taxonomy.json`.
pub async fn load_taxonomy(db: &DatabaseConnection, data_dir: &Path) -> anyhow::Result<Taxonomy> {
    if let Some(stored) = db::queries::stored_taxonomy(db).await? {
        return Taxonomy::from_file(&stored).context("in the stored taxonomy");
    }
    let path = data_dir.join("taxonomy.json");
    tracing::warn!(
        "no taxonomy in the database; using {} (load it with `thesis-match seed --taxonomy`)",
        path.display()
    );
    let file = db::seed::read_taxonomy(data_dir)?;
    Taxonomy::from_file(&file).with_context(|| format!("in {}", path.display()))
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
        .layer(axum::middleware::from_fn(
            crate::security::same_origin_writes,
        ));
    let index = state.config.static_dir.join("index.html");
    let app = Router::new().nest("/api", api);
    let app = if index.is_file() {
        app.fallback_service(
            ServeDir::new(&state.config.static_dir).fallback(ServeFile::new(index)),
        )
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
        .layer(axum::middleware::from_fn(crate::security::headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = db::connect(&config.database_url).await?;
        if config.demo && db::queries::count_projects(&db).await? == 0 {
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
        let applied = db::catalog::current(&db).await?;
        let taxonomy = Arc::new(load_taxonomy(&db, &config.data_dir).await?);
        let matcher = build_matcher(&db, taxonomy).await?;
        tracing::info!(projects = matcher.index.len(), "matching index built");
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        let state = AppState {
            db,
            config: Arc::new(config),
            matcher: Arc::new(RwLock::new(Arc::new(matcher))),
            applied: Arc::new(tokio::sync::Mutex::new(applied)),
        };
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

/// Entry point of the binary.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        // Pure computation on a file: no database connection.
        Command::Allocate(args) => crate::allocate_cli::run(&args),
        Command::Serve => {
            let app = Application::build(config).await?;
            tracing::info!("ThesisMatch listening on http://{}/", app.local_addr()?);
            app.run_until_stopped().await
        }
        Command::Migrate => {
            db::connect(&config.database_url).await?;
            println!("migrations applied to {}", db::redact(&config.database_url));
            Ok(())
        }
        Command::Seed(args) => {
            anyhow::ensure!(
                args.demo || args.taxonomy,
                "nothing to seed: pass --taxonomy to load {}/taxonomy.json, or --demo to load it \
                 and the demo program from {}/demo",
                config.data_dir.display(),
                config.data_dir.display()
            );
            let db = db::connect(&config.database_url).await?;
            if !args.demo {
                let file = db::seed::read_taxonomy(&config.data_dir)?;
                let report = db::seed::seed_taxonomy(&db, &file).await?;
                println!(
                    "taxonomy loaded: {} areas, {} concepts (restart the server to use it)",
                    report.areas,
                    file.areas.iter().map(|a| a.concepts.len()).sum::<usize>() + file.general.len()
                );
                return Ok(());
            }
            println!(
                "seeding the demo program from {} …",
                config.data_dir.join("demo").display()
            );
            let report = db::seed::seed_demo_from_dir(&db, &config.data_dir).await?;
            let accounts = db::seed::seed_demo_accounts(&db).await?;
            println!(
                "seeded: {report}; {accounts} new demo accounts (password '{}')",
                db::accounts::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => crate::cli::user_add(&config, args).await,
        Command::Import(args) => crate::cli::import(&config, args).await,
        Command::Eval(args) => {
            let report = crate::eval::evaluate_dir(&config.data_dir)?;
            println!(
                "{} cases: area accuracy@1 = {:.3} ({}/{}), recall@5 = {:.3} ({}/{} expected projects)",
                report.cases,
                report.area_accuracy(),
                report.area_hits,
                report.cases,
                report.recall_at_5(),
                report.recalled,
                report.expected_projects
            );
            if args.verbose {
                for miss in &report.misses {
                    println!("  miss: {miss}");
                }
            }
            Ok(())
        }
    }
}
