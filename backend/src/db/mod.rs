//! Persistence: connecting, the sea-orm entities, catalogue queries and the demo seed.
//!
//! Everything above this module speaks `shared` types; entities never leave `db`.

pub mod accounts;
pub mod allocations;
pub mod audit;
pub mod catalogue;
pub mod cycle;
pub mod disclosures;
pub mod entities;
pub mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod prune;
pub mod seed;
pub mod sessions;
pub mod synthetic;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

pub use error::{Constraint, ConstraintKind, Error, Result};

/// Opens the database named by `url`, creating the SQLite file (and its directory) when needed, and
/// applies every pending migration.
///
/// SQLite runs in WAL mode (readers never block the writer) with `synchronous=NORMAL` and foreign
/// keys enforced — sqlx sets both on every pooled connection, and `connect` verifies the keys.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(url)
        && let Some(dir) = Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database directory {}", dir.display()))?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        // sea-orm pings a pooled connection before every use by default: one more round trip
        // per query. Ping only connections idle long enough to have gone stale.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        // WAL with `synchronous=NORMAL`: a commit is durable against a crash of the process, and
        // the last commits may be lost only to a power failure or OS crash (never corruption).
        .map_sqlx_sqlite_opts(|o| o.synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal))
        .sqlx_logging(false);
    let db = Database::connect(opts)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA foreign_keys",
            ))
            .await?;
        let on: i32 = match row {
            Some(r) => r.try_get_by_index(0)?,
            None => 0,
        };
        anyhow::ensure!(on == 1, "SQLite foreign keys are off");
    }
    Migrator::up(&db, None)
        .await
        .context("running migrations")?;
    Ok(db)
}

/// `sqlite://data/x.db?mode=rwc` → `data/x.db`; `None` for other databases and in-memory SQLite.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// The URL with any password replaced, for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// `sqlite` or `postgres`, for `/api/health`.
pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_are_found() {
        assert_eq!(
            sqlite_path("sqlite://data/tm.db?mode=rwc").as_deref(),
            Some("data/tm.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u:p@h/db"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://tm:secret@localhost/tm"),
            "postgres://tm:***@localhost/tm"
        );
        assert_eq!(redact("sqlite://data/tm.db"), "sqlite://data/tm.db");
    }
}
