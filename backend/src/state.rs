//! What every handler shares: the database, the configuration and the matcher (taxonomy + project
//! index), kept in step with the database's catalogue version.

use std::path::Path;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::Config;
use crate::db;
use crate::db::catalogue::version::Versions;
use crate::engine::scoring::{MatchIndex, Matcher};
use crate::engine::taxonomy::Taxonomy;

/// Shared by every handler. Cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    /// "Now" for every expiry decision (`config.clock`).
    pub clock: Clock,
    /// The sessions this process has read lately (`db::sessions::Cache`): one per process, so
    /// another process's sign-out reaches it within `db::sessions::TRUST_FOR`.
    pub sessions: Arc<db::sessions::Cache>,
    matcher: Arc<RwLock<Arc<Matcher>>>,
    /// The catalogue versions this process's matcher reflects; the lock also serialises syncs.
    applied: Arc<tokio::sync::Mutex<Versions>>,
}

impl AppState {
    /// Connects nothing: takes an open database, builds the matcher from it and starts at its
    /// current catalogue version.
    pub async fn new(db: DatabaseConnection, config: Config) -> anyhow::Result<AppState> {
        let applied = db::catalogue::version::current(&db).await?;
        let taxonomy = Arc::new(load_taxonomy(&db, &config.data_dir).await?);
        let matcher = build_matcher(&db, taxonomy).await?;
        tracing::info!(projects = matcher.index.len(), "matching index built");
        Ok(AppState {
            db,
            clock: config.clock.clone(),
            sessions: Arc::new(db::sessions::Cache::default()),
            config: Arc::new(config),
            matcher: Arc::new(RwLock::new(Arc::new(matcher))),
            applied: Arc::new(tokio::sync::Mutex::new(applied)),
        })
    }

    /// How long sessions live: `--session-idle-minutes` without a request, at most
    /// `--session-lifetime-days` from sign-in.
    pub fn session_lifetime(&self) -> db::sessions::Lifetime {
        db::sessions::Lifetime {
            idle: chrono::Duration::minutes(i64::from(self.config.session_idle_minutes.max(1))),
            absolute: chrono::Duration::days(i64::from(self.config.session_lifetime_days.max(1))),
        }
    }

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
        let now = db::catalogue::version::current(&self.db).await?;
        if now.rebuild != applied.rebuild {
            let taxonomy = Arc::new(load_taxonomy(&self.db, &self.config.data_dir).await?);
            self.swap_matcher(build_matcher(&self.db, taxonomy).await?);
            tracing::info!(
                version = now.catalog,
                "catalogue or taxonomy changed: matcher rebuilt"
            );
        } else if now.catalog > applied.catalog {
            let changed =
                db::catalogue::version::projects_changed_since(&self.db, applied.catalog).await?;
            let mut next = Matcher::clone(&self.matcher());
            for p in changed {
                next.index.upsert(&next.taxonomy, p);
            }
            self.swap_matcher(next);
        }
        *applied = now;
        Ok(())
    }

    /// After a write that committed: brings this process's matcher up to date at once, or, if
    /// that fails, logs why and leaves the matcher marked stale — the versions it applied stay
    /// where they were, so the poller's next tick (every `--catalog-poll-ms`) syncs again. Never an
    /// error: the write is stored, and answering it with a 500 would tell the caller it was not.
    pub async fn sync_after_write(&self) {
        if let Err(e) = self.sync_catalog().await {
            tracing::warn!(
                error = ?e,
                "catalogue sync after a committed write failed; the matcher is stale until the poller's next sync"
            );
        }
    }
}

async fn build_matcher(
    db: &DatabaseConnection,
    taxonomy: Arc<Taxonomy>,
) -> anyhow::Result<Matcher> {
    let projects = db::catalogue::read::all_projects(db).await?;
    let index = MatchIndex::build(&taxonomy, projects);
    Ok(Matcher { taxonomy, index })
}

/// The taxonomy the matcher uses: the one stored in the database (loaded there by `seed`), or, in a
/// database that has none yet, `<data_dir>/taxonomy.json`.
pub async fn load_taxonomy(db: &DatabaseConnection, data_dir: &Path) -> anyhow::Result<Taxonomy> {
    if let Some(stored) = db::catalogue::read::stored_taxonomy(db).await? {
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

#[cfg(test)]
mod tests {
    use sea_orm::ConnectionTrait;
    use shared::ProjectId;

    use super::*;
    use crate::db::audit::Entry;
    use crate::db::catalogue::write::{ProjectFields, update_project};

    fn data_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
    }

    /// A fresh SQLite file with the demo program, and a state over it.
    async fn demo_state() -> AppState {
        let file = std::env::temp_dir().join(format!(
            "thesis-match-state-{}-{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let db = db::connect(&url).await.unwrap();
        db::seed::seed_demo_from_dir(&db, &data_dir())
            .await
            .unwrap();
        db::seed::ensure_taxonomy(&db, &data_dir()).await.unwrap();
        AppState::new(db, Config::for_database(url, data_dir()))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_failed_sync_after_a_committed_write_is_retried_by_the_next_sync() {
        let state = demo_state().await;
        let id = ProjectId(1);
        let before = db::catalogue::read::project(&state.db, id)
            .await
            .unwrap()
            .unwrap();
        let mut after = ProjectFields::of(&before);
        after.title = "Retitled while the sync was failing".into();
        let entry = Entry {
            actor_id: None,
            actor_email: "test@example.edu".into(),
            client_addr: None,
            action: shared::AuditAction::ProjectUpdated,
            target_kind: shared::TargetKind::Project,
            target_id: Some(id.get()),
            before: None,
            after: None,
            reason: None,
        };
        update_project(&state.db, &before, &after, entry)
            .await
            .unwrap();
        // The write is committed; now the sync cannot read the catalogue version.
        state
            .db
            .execute_unprepared("ALTER TABLE catalog_state RENAME TO catalog_state_away")
            .await
            .unwrap();
        assert!(
            state.sync_catalog().await.is_err(),
            "the sync must fail here"
        );
        state.sync_after_write().await; // logs, does not fail
        assert_eq!(
            state.matcher().index.project(id).map(|p| p.title.as_str()),
            Some(before.title.as_str()),
            "the matcher is stale"
        );
        state
            .db
            .execute_unprepared("ALTER TABLE catalog_state_away RENAME TO catalog_state")
            .await
            .unwrap();
        // What the poller does on its next tick.
        state.sync_catalog().await.unwrap();
        assert_eq!(
            state.matcher().index.project(id).map(|p| p.title.as_str()),
            Some("Retitled while the sync was failing")
        );
    }
}
