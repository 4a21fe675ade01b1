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

use crate::config::{Cli, Command, Config};
use crate::db;
use crate::engine::scoring::MatchIndex;
use crate::engine::taxonomy::Taxonomy;
use crate::routes;

/// The matching engine's current view of the program: the taxonomy and the project index.
#[derive(Debug)]
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
}

impl AppState {
    /// The current matcher. Handlers hold the `Arc`, never the lock, across awaits.
    pub fn matcher(&self) -> Arc<Matcher> {
        match self.matcher.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Re-reads every project and rebuilds the index (after a seed or a bulk change).
    pub async fn rebuild_matcher(&self) -> anyhow::Result<()> {
        let taxonomy = self.matcher().taxonomy.clone();
        let fresh = build_matcher(&self.db, taxonomy).await?;
        match self.matcher.write() {
            Ok(mut guard) => *guard = Arc::new(fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(fresh),
        }
        Ok(())
    }
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

pub fn router(state: AppState) -> Router {
    let api = routes::router().fallback(|| async { crate::error::AppError::NotFound("API route") });
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
        if !config.no_seed && db::queries::count_projects(&db).await? == 0 {
            let report = db::seed::seed_demo_from_dir(&db, &config.data_dir).await?;
            tracing::info!("empty database: seeded the demo program: {report}");
        }
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
        let app = router(self.state);
        axum::serve(self.listener, app)
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
            println!("seeded: {report}");
            Ok(())
        }
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
