//! Deleting rows that can no longer matter, so the sign-in and session tables do not grow forever.
//!
//! | table | a row can no longer matter once… |
//! |---|---|
//! | `login_failures` | it left the sign-in limits' window ([`FAILURE_WINDOW_MINUTES`]) |
//! | `login_locks` | it was last touched before that window (the next attempt upserts it again) |
//! | `sessions` | it expired: idle past `expires_at`, or older than the absolute lifetime |
//! | `password_resets` | it was used, or it expired (either way the link is refused, as is one that is gone) |
//!
//! Each rule keeps [`MARGIN`] beyond its limit, so a process whose clock or request started a
//! little earlier still finds every row it could count. A run deletes at most [`Bound::batch`] ×
//! [`Bound::batches`] rows per table (500 × 20 by default) (`DELETE … WHERE key IN (SELECT key … LIMIT n)`, which SQLite and
//! PostgreSQL both accept); what is left goes at the next run. The outer `DELETE` repeats the age
//! condition, so a row touched meanwhile (PostgreSQL re-checks it after a lock wait) is kept.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{IntoColumnRef, IntoTableRef, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::accounts::FAILURE_WINDOW_MINUTES;
use super::entities::{login_failure, login_lock, password_reset, session};

/// Kept beyond each limit before a row is deleted.
pub const MARGIN: Duration = Duration::minutes(5);
/// How much one run may delete per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// Rows per statement.
    pub batch: u64,
    /// Statements per table per run.
    pub batches: u32,
}

impl Default for Bound {
    fn default() -> Bound {
        Bound {
            batch: 500,
            batches: 20,
        }
    }
}

/// How many rows one run deleted, per table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub login_failures: u64,
    pub login_locks: u64,
    pub sessions: u64,
    pub password_resets: u64,
}

impl Pruned {
    pub fn total(&self) -> u64 {
        self.login_failures + self.login_locks + self.sessions + self.password_resets
    }
}

/// Deletes, as of `now`, the rows that can no longer matter (see the module docs), at most the
/// default [`Bound`]; `session_lifetime` is the sessions' absolute lifetime.
pub async fn run(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    session_lifetime: Duration,
) -> anyhow::Result<Pruned> {
    run_bounded(db, now, session_lifetime, Bound::default()).await
}

/// [`run`] with another bound.
pub async fn run_bounded(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    session_lifetime: Duration,
    bound: Bound,
) -> anyhow::Result<Pruned> {
    let failures_before = now - Duration::minutes(FAILURE_WINDOW_MINUTES) - MARGIN;
    let login_failures = bounded_delete::<login_failure::Entity, _>(
        db,
        login_failure::Column::Id,
        Condition::all().add(login_failure::Column::At.lte(failures_before)),
        bound,
    )
    .await?;
    let login_locks = bounded_delete::<login_lock::Entity, _>(
        db,
        login_lock::Column::Key,
        Condition::all().add(login_lock::Column::TouchedAt.lte(failures_before)),
        bound,
    )
    .await?;
    let sessions = bounded_delete::<session::Entity, _>(
        db,
        session::Column::TokenHash,
        Condition::any()
            .add(session::Column::ExpiresAt.lte(now - MARGIN))
            .add(session::Column::CreatedAt.lte(now - session_lifetime - MARGIN)),
        bound,
    )
    .await?;
    let password_resets = bounded_delete::<password_reset::Entity, _>(
        db,
        password_reset::Column::TokenHash,
        Condition::any()
            .add(password_reset::Column::UsedAt.lte(now - MARGIN))
            .add(password_reset::Column::ExpiresAt.lte(now - MARGIN)),
        bound,
    )
    .await?;
    Ok(Pruned {
        login_failures,
        login_locks,
        sessions,
        password_resets,
    })
}

/// Deletes the rows of `E` matching `old`, `bound.batch` at a time, at most `bound.batches` times.
async fn bounded_delete<E, K>(
    db: &impl ConnectionTrait,
    key: K,
    old: Condition,
    bound: Bound,
) -> anyhow::Result<u64>
where
    E: EntityTrait + IntoTableRef,
    K: ColumnTrait + IntoColumnRef,
{
    let mut total = 0;
    for _ in 0..bound.batches {
        let batch = Query::select()
            .column(key)
            .from(E::default())
            .cond_where(old.clone())
            .limit(bound.batch)
            .to_owned();
        let deleted = E::delete_many()
            .filter(old.clone())
            .filter(key.in_subquery(batch))
            .exec(db)
            .await?
            .rows_affected;
        total += deleted;
        if deleted < bound.batch {
            break;
        }
    }
    Ok(total)
}
