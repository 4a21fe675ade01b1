//! Database-held sessions: a row per signed-in browser, keyed by the SHA-256 of its cookie token, so
//! every server process on the database accepts it and a leaked database cannot be replayed.
//!
//! A session ends after [`Lifetime::idle`] without a request, and [`Lifetime::absolute`] after it
//! started however often it is used. Every "now" comes from the caller (the server's clock).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::UserId;

use super::entities::{session, user};
use crate::credentials::new_token;

/// A session's `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    /// Without a request.
    pub idle: Duration,
    /// From sign-in, used or not.
    pub absolute: Duration,
}

impl Lifetime {
    /// When a session started at `created_at` and last used at `seen` ends (the earlier limit).
    pub fn expiry(&self, created_at: DateTime<Utc>, seen: DateTime<Utc>) -> DateTime<Utc> {
        std::cmp::min(seen + self.idle, created_at + self.absolute)
    }
}

/// The account behind a live session.
#[derive(Clone)]
pub struct SessionAccount {
    pub user: user::Model,
}

/// A live session as read: its account and the times it now has.
struct Live {
    account: SessionAccount,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// Looks a session up by its token hash; ends it when it is idle past its expiry, older than the
/// absolute lifetime, or its account is disabled; else moves its idle expiry on (at most once a
/// minute, never past the absolute lifetime).
pub async fn resolve(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
    lifetime: Lifetime,
) -> anyhow::Result<Option<SessionAccount>> {
    Ok(read(db, token_hash, now, lifetime)
        .await?
        .map(|l| l.account))
}

/// [`resolve`], with the times the session has after it.
async fn read(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
    lifetime: Lifetime,
) -> anyhow::Result<Option<Live>> {
    let Some(s) = session::Entity::find_by_id(token_hash.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    let too_old = s.created_at + lifetime.absolute <= now;
    if s.expires_at <= now || too_old || u.disabled {
        session::Entity::delete_by_id(token_hash.to_owned())
            .exec(db)
            .await?;
        return Ok(None);
    }
    let (mut last_seen_at, mut expires_at) = (s.last_seen_at, s.expires_at);
    if (now - s.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        last_seen_at = now;
        expires_at = lifetime.expiry(s.created_at, now);
        session::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            last_seen_at: Set(last_seen_at),
            expires_at: Set(expires_at),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(Some(Live {
        account: SessionAccount { user: u },
        last_seen_at,
        expires_at,
    }))
}

/// How long a process believes a session it has read without reading it again: the bound on how
/// late another process's sign-out, password change or disabling reaches this one (within 1 s,
/// promised; `two_servers_…_within_a_second`). This process's own session ends are immediate
/// ([`Cache::forget`] / [`Cache::forget_user`] after their commit).
pub const TRUST_FOR: std::time::Duration = std::time::Duration::from_millis(500);

/// At most this many sessions are remembered; past it, stale entries go, then all.
const CACHE_ENTRIES: usize = 10_000;

/// The sessions this process has recently read, so a burst of requests on one session costs one
/// session and user read per [`TRUST_FOR`] instead of two reads per request. An entry is used only
/// while it is younger than [`TRUST_FOR`] (real time), the session has not expired and no touch
/// of `last_seen_at` is due (both by the server's clock), so idle and absolute expiry behave
/// exactly as without it.
#[derive(Default)]
pub struct Cache {
    inner: std::sync::Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    entries: std::collections::HashMap<String, Cached>,
    /// Bumped by every forget: a read that began before it does not store what it read.
    generation: u64,
}

#[derive(Clone)]
struct Cached {
    account: SessionAccount,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    read_at: std::time::Instant,
}

impl Cache {
    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn get(&self, token_hash: &str, now: DateTime<Utc>) -> Option<SessionAccount> {
        let inner = self.lock();
        let c = inner.entries.get(token_hash)?;
        let fresh = c.read_at.elapsed() < TRUST_FOR
            && now < c.expires_at
            && (now - c.last_seen_at).num_seconds() < TOUCH_EVERY_SECS;
        fresh.then(|| c.account.clone())
    }

    fn generation(&self) -> u64 {
        self.lock().generation
    }

    fn put(&self, generation: u64, token_hash: &str, entry: Cached) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CACHE_ENTRIES {
            inner.entries.retain(|_, c| c.read_at.elapsed() < TRUST_FOR);
            if inner.entries.len() >= CACHE_ENTRIES {
                inner.entries.clear();
            }
        }
        inner.entries.insert(token_hash.to_owned(), entry);
    }

    /// Forgets one session (signed out).
    pub fn forget(&self, token_hash: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.remove(token_hash);
    }

    /// Forgets every session of `user_id` (password changed or reset, account disabled).
    pub fn forget_user(&self, user_id: UserId) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.retain(|_, c| c.account.user.id != user_id);
    }
}

/// [`resolve`] through this process's [`Cache`].
pub async fn resolve_cached(
    db: &impl ConnectionTrait,
    cache: &Cache,
    token_hash: &str,
    now: DateTime<Utc>,
    lifetime: Lifetime,
) -> anyhow::Result<Option<SessionAccount>> {
    if let Some(account) = cache.get(token_hash, now) {
        return Ok(Some(account));
    }
    let generation = cache.generation();
    let read_at = std::time::Instant::now();
    match read(db, token_hash, now, lifetime).await? {
        Some(live) => {
            cache.put(
                generation,
                token_hash,
                Cached {
                    account: live.account.clone(),
                    last_seen_at: live.last_seen_at,
                    expires_at: live.expires_at,
                    read_at,
                },
            );
            Ok(Some(live.account))
        }
        None => Ok(None),
    }
}

/// Starts a session for `user_id`; returns the cookie token (only its hash is stored).
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
    lifetime: Lifetime,
) -> anyhow::Result<String> {
    let (token, hash) = new_token()?;
    session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(lifetime.expiry(now, now)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends one session.
pub async fn end(db: &impl ConnectionTrait, token_hash: &str) -> anyhow::Result<()> {
    session::Entity::delete_by_id(token_hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or reset).
pub async fn end_all(
    db: &impl ConnectionTrait,
    user_id: UserId,
    keep: Option<&str>,
) -> anyhow::Result<()> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::TokenHash.ne(keep));
    }
    q.exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sessions_expiry_is_the_earlier_of_idle_and_absolute() {
        let l = Lifetime {
            idle: Duration::hours(8),
            absolute: Duration::days(7),
        };
        let start = Utc::now();
        assert_eq!(l.expiry(start, start), start + Duration::hours(8));
        let late = start + Duration::days(6) + Duration::hours(20);
        assert_eq!(l.expiry(start, late), start + Duration::days(7));
    }
}
