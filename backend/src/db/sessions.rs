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
pub struct SessionAccount {
    pub user: user::Model,
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
    if (now - s.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        session::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            last_seen_at: Set(now),
            expires_at: Set(lifetime.expiry(s.created_at, now)),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(Some(SessionAccount { user: u }))
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
