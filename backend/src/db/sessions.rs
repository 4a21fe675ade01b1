//! Database-held sessions: a row per signed-in browser, keyed by the SHA-256 of its cookie token, so
//! every server process on the database accepts it and a leaked database cannot be replayed.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::UserId;

use super::entities::{session, user};
use crate::credentials::new_token;

/// A session's `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// The account behind a live session.
pub struct SessionAccount {
    pub user: user::Model,
}

/// Looks a session up by its token hash; ends it when it expired or its account is disabled, and
/// moves its idle expiry on (at most once a minute).
pub async fn resolve(
    db: &impl ConnectionTrait,
    token_hash: &str,
    idle: Duration,
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
    let now = Utc::now();
    if s.expires_at <= now || u.disabled {
        session::Entity::delete_by_id(token_hash.to_owned())
            .exec(db)
            .await?;
        return Ok(None);
    }
    if (now - s.last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        session::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            last_seen_at: Set(now),
            expires_at: Set(now + idle),
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
    idle: Duration,
) -> anyhow::Result<String> {
    let (token, hash) = new_token()?;
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + idle),
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
