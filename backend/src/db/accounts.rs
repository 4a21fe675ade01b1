//! Accounts: look-ups, the director's People list, failed sign-ins (rate limits held in the
//! database so they hold across server processes) and the demo accounts.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use sea_orm::{DatabaseConnection, TransactionTrait};
use shared::{
    AuditAction, Email, FacultyId, Me, Page, Role, StudentId, TargetKind, UserId, UserSummary,
};

use super::entities::{faculty, login_failure, login_lock, password_reset, student, user};
use crate::principal::CurrentUser;

/// The demo accounts' password (README lists it). Only `serve --demo` creates such accounts.
pub const DEMO_PASSWORD: &str = "thesis-demo";
/// The demo program's director.
pub const DEMO_DIRECTOR: &str = "director@example.edu";

pub(in crate::db) async fn by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> anyhow::Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?)
}

/// Names of the student and faculty records linked to `users`.
async fn names(
    db: &impl ConnectionTrait,
    users: &[user::Model],
) -> anyhow::Result<(HashMap<StudentId, String>, HashMap<FacultyId, String>)> {
    let sids = users.iter().filter_map(|u| u.student_id);
    let fids: Vec<FacultyId> = users.iter().filter_map(|u| u.faculty_id).collect();
    let students = super::catalogue::read::student_names(db, sids).await?;
    let faculty = if fids.is_empty() {
        HashMap::new()
    } else {
        faculty::Entity::find()
            .filter(faculty::Column::Id.is_in(fids))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.name))
            .collect()
    };
    Ok((students, faculty))
}

fn name_of(
    u: &user::Model,
    s: &HashMap<StudentId, String>,
    f: &HashMap<FacultyId, String>,
) -> String {
    u.student_id
        .and_then(|id| s.get(&id))
        .or_else(|| u.faculty_id.and_then(|id| f.get(&id)))
        .cloned()
        .unwrap_or_else(|| u.email.to_string())
}

fn summary(
    u: user::Model,
    s: &HashMap<StudentId, String>,
    f: &HashMap<FacultyId, String>,
) -> UserSummary {
    UserSummary {
        name: name_of(&u, s, f),
        role: u.role,
        id: u.id,
        email: u.email,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        disabled: u.disabled,
        has_password: u.password_hash.is_some(),
        created_at: u.created_at,
        last_login_at: u.last_login_at,
    }
}

async fn me(db: &impl ConnectionTrait, u: &user::Model) -> anyhow::Result<Me> {
    let (s, f) = names(db, std::slice::from_ref(u)).await?;
    Ok(Me {
        id: u.id,
        email: u.email.clone(),
        role: u.role,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        name: name_of(u, &s, &f),
    })
}

pub async fn user_summary(
    db: &impl ConnectionTrait,
    id: UserId,
) -> anyhow::Result<Option<UserSummary>> {
    let Some(u) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let (s, f) = names(db, std::slice::from_ref(&u)).await?;
    Ok(Some(summary(u, &s, &f)))
}

/// A validated `GET /api/users` request.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub words: Vec<String>,
    pub role: Option<Role>,
    pub page: u64,
    pub per_page: u64,
}

/// Accounts by e-mail; `q` words match the e-mail or the linked person's name.
pub async fn list_users(
    db: &impl ConnectionTrait,
    f: &UserFilter,
) -> anyhow::Result<Page<UserSummary>> {
    let mut cond = Condition::all();
    if let Some(r) = f.role {
        cond = cond.add(user::Column::Role.eq(r));
    }
    for w in &f.words {
        let like = format!("%{w}%");
        let named_students = sea_orm::sea_query::Query::select()
            .column(student::Column::Id)
            .from(student::Entity)
            .and_where(Expr::expr(Func::lower(Expr::col(student::Column::Name))).like(like.clone()))
            .to_owned();
        let named_faculty = sea_orm::sea_query::Query::select()
            .column(faculty::Column::Id)
            .from(faculty::Entity)
            .and_where(Expr::expr(Func::lower(Expr::col(faculty::Column::Name))).like(like.clone()))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(user::Column::Email.like(like))
                .add(user::Column::StudentId.in_subquery(named_students))
                .add(user::Column::FacultyId.in_subquery(named_faculty)),
        );
    }
    let pages = user::Entity::find()
        .filter(cond)
        .order_by_asc(user::Column::Email)
        .paginate(db, f.per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(f.page.saturating_sub(1)).await?;
    let (s, fac) = names(db, &rows).await?;
    Ok(Page {
        items: rows.into_iter().map(|u| summary(u, &s, &fac)).collect(),
        total,
        page: f.page,
        per_page: f.per_page,
    })
}

/// Failed sign-ins allowed per account *from one client address* in [`FAILURE_WINDOW_MINUTES`]:
/// a stranger who uses these up locks out only themselves, not the person at their own address.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDR: u64 = 5;
/// Failed sign-ins allowed per account from every address together in the window (a guesser
/// spread over many addresses).
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 50;
/// Failed sign-ins allowed per client address in the window, over every account tried (a campus
/// NAT is many people).
pub const MAX_FAILURES_PER_ADDR: u64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// A sign-in attempt let through the limits. It is already counted as a failure (its
/// `login_failures` row) and ends one of three ways, each consuming it: [`sign_in_refused`] keeps
/// the row (a failure), [`sign_in`] removes it (a success), [`withdraw_attempt`] removes it (the
/// password was never checked: the server was busy or failed).
#[derive(Debug, PartialEq, Eq)]
#[must_use = "an attempt ends in sign_in, sign_in_refused or withdraw_attempt"]
pub struct Attempt(i32);

/// Whether a sign-in attempt may check its password.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    Admitted(Attempt),
    /// A limit is used up: answer 429 and say when the last used-up limit frees a place.
    Refused {
        retry_after_secs: u64,
    },
}

/// Lets a sign-in attempt through the three limits, or refuses it, counting atomically.
///
/// The failure is *reserved before the password is checked*: in one transaction the attempt locks
/// its account's and its address's rows in `login_locks` (an upsert: on PostgreSQL a row lock
/// held until commit, on SQLite the database's single writer lock), counts the failures in the
/// window per (account, address), per account and per address, and, if all three are under their
/// limit, inserts its own `login_failures` row. Racing attempts on a key therefore count one
/// after the other and each sees every earlier reservation (a statement after a lock wait sees
/// what the lock's holder committed, even at PostgreSQL's read committed), so of N parallel
/// wrong guesses at most the limit check a password and the rest answer 429. The locks are held
/// for these few statements only, never while argon2 runs. Every attempt locks the account key
/// before the address key, so two attempts never wait on each other in a circle.
pub async fn admit_attempt(
    db: &DatabaseConnection,
    email_tried: &str,
    addr: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Admission> {
    let txn = db.begin().await?;
    for key in [format!("account:{email_tried}"), format!("addr:{addr}")] {
        login_lock::Entity::insert(login_lock::ActiveModel {
            key: Set(key),
            touched_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(login_lock::Column::Key)
                .update_column(login_lock::Column::TouchedAt)
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    let same_account = || Condition::all().add(login_failure::Column::Email.eq(email_tried));
    let same_addr = || Condition::all().add(login_failure::Column::ClientAddr.eq(addr));
    let limits = [
        (
            same_account().add(login_failure::Column::ClientAddr.eq(addr)),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDR,
        ),
        (same_account(), MAX_FAILURES_PER_ACCOUNT),
        (same_addr(), MAX_FAILURES_PER_ADDR),
    ];
    let mut wait: Option<u64> = None;
    for (key, max) in limits {
        if let Some(secs) = used_up(&txn, key, max, now).await? {
            wait = Some(wait.map_or(secs, |w| std::cmp::max(w, secs)));
        }
    }
    let admission = match wait {
        Some(retry_after_secs) => Admission::Refused { retry_after_secs },
        None => {
            let row = login_failure::ActiveModel {
                email: Set(email_tried.to_owned()),
                client_addr: Set(addr.to_owned()),
                at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            Admission::Admitted(Attempt(row.id))
        }
    };
    txn.commit().await?;
    Ok(admission)
}

/// Ends an attempt whose password was never checked (the server was busy or failed): it does not
/// count as a failure.
pub async fn withdraw_attempt(db: &impl ConnectionTrait, attempt: Attempt) -> anyhow::Result<()> {
    login_failure::Entity::delete_by_id(attempt.0)
        .exec(db)
        .await?;
    Ok(())
}

/// `Some(seconds to wait)` when the failures matching `key` in the window have reached `max`.
async fn used_up(
    db: &impl ConnectionTrait,
    key: Condition,
    max: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<u64>> {
    let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
    let recent = login_failure::Entity::find()
        .filter(key)
        .filter(login_failure::Column::At.gt(now - window));
    let count = recent.clone().count(db).await?;
    if count < max {
        return Ok(None);
    }
    // The wait ends when the oldest failure that still counts leaves the window.
    let oldest: Option<DateTime<Utc>> = recent
        .order_by_asc(login_failure::Column::At)
        .offset(count - max)
        .one(db)
        .await?
        .map(|f| f.at);
    let oldest = oldest.context("failure vanished")?;
    Ok(Some(retry_after(oldest, window, now)))
}

/// Gives every demo student and faculty member an account under their demo e-mail, plus the demo
/// director, all with [`DEMO_PASSWORD`] (hashed once: `hash`). Existing accounts are left alone.
pub async fn seed_demo_accounts(db: &impl ConnectionTrait, hash: &str) -> anyhow::Result<usize> {
    let existing: std::collections::HashSet<Email> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let mut rows = Vec::new();
    let mut add = |email: Email, role: Role, student_id, faculty_id| {
        if !existing.contains(&email) {
            rows.push(
                NewAccount {
                    email,
                    role,
                    student_id,
                    faculty_id,
                    password_hash: Some(hash.to_owned()),
                }
                .into_active_model(),
            );
        }
    };
    add(Email::parse(DEMO_DIRECTOR)?, Role::Director, None, None);
    for f in faculty::Entity::find()
        .order_by_asc(faculty::Column::Id)
        .all(db)
        .await?
    {
        add(f.email, Role::Faculty, None, Some(f.id));
    }
    for s in student::Entity::find()
        .order_by_asc(student::Column::Id)
        .all(db)
        .await?
    {
        add(s.email, Role::Student, Some(s.id), None);
    }
    let n = rows.len();
    if n > 0 {
        user::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(n)
}
/// Seconds from `now` until `oldest + window`, at least 1.
pub fn retry_after(oldest: DateTime<Utc>, window: Duration, now: DateTime<Utc>) -> u64 {
    let secs = u64::try_from((oldest + window - now).num_seconds()).unwrap_or(0);
    std::cmp::max(secs, 1)
}

/// An account to create: the one way accounts come to exist (the command line, an import, the
/// demo). Without a password hash the person sets one through a reset link.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub role: Role,
    pub student_id: Option<StudentId>,
    pub faculty_id: Option<FacultyId>,
    pub password_hash: Option<String>,
}

impl NewAccount {
    /// A student's or faculty member's account for their record, without a password.
    pub fn for_student(email: Email, id: StudentId) -> NewAccount {
        NewAccount {
            email,
            role: Role::Student,
            student_id: Some(id),
            faculty_id: None,
            password_hash: None,
        }
    }

    pub fn for_faculty(email: Email, id: FacultyId) -> NewAccount {
        NewAccount {
            email,
            role: Role::Faculty,
            student_id: None,
            faculty_id: Some(id),
            password_hash: None,
        }
    }

    pub fn into_active_model(self) -> user::ActiveModel {
        user::ActiveModel {
            email: Set(self.email),
            password_hash: Set(self.password_hash),
            role: Set(self.role),
            student_id: Set(self.student_id),
            faculty_id: Set(self.faculty_id),
            disabled: Set(false),
            created_at: Set(Utc::now()),
            last_login_at: Set(None),
            ..Default::default()
        }
    }
}

/// Creates `account`, or — when its e-mail already has one — gives that account the new role,
/// links and password and enables it. Returns the id and whether it was created.
pub async fn create_or_update(
    db: &impl ConnectionTrait,
    account: NewAccount,
) -> anyhow::Result<(UserId, bool)> {
    match by_email(db, &account.email).await? {
        Some(u) => {
            let mut am: user::ActiveModel = u.into();
            am.password_hash = Set(account.password_hash);
            am.role = Set(account.role);
            am.student_id = Set(account.student_id);
            am.faculty_id = Set(account.faculty_id);
            am.disabled = Set(false);
            Ok((am.update(db).await?.id, false))
        }
        None => Ok((account.into_active_model().insert(db).await?.id, true)),
    }
}

/// The student record with this slug (to link an account to it).
pub async fn student_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> anyhow::Result<Option<StudentId>> {
    Ok(student::Entity::find()
        .filter(student::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|s| s.id))
}

/// The faculty record with this slug (to link an account to it).
pub async fn faculty_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> anyhow::Result<Option<FacultyId>> {
    Ok(faculty::Entity::find()
        .filter(faculty::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|f| f.id))
}

/// An account as the layers above `db` see it (never the entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    pub student_id: Option<StudentId>,
    pub faculty_id: Option<FacultyId>,
    pub disabled: bool,
    /// argon2id PHC string; `None` until a password is set.
    pub password_hash: Option<String>,
}

impl From<user::Model> for Account {
    fn from(u: user::Model) -> Account {
        Account {
            id: u.id,
            email: u.email,
            role: u.role,
            student_id: u.student_id,
            faculty_id: u.faculty_id,
            disabled: u.disabled,
            password_hash: u.password_hash,
        }
    }
}

pub async fn account_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> anyhow::Result<Option<Account>> {
    Ok(by_email(db, email).await?.map(Account::from))
}

pub async fn account(db: &impl ConnectionTrait, id: UserId) -> anyhow::Result<Option<Account>> {
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Account::from))
}

/// `GET /api/me` for an account.
pub async fn me_of(db: &impl ConnectionTrait, id: UserId) -> anyhow::Result<Option<Me>> {
    let Some(u) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    me(db, &u).await.map(Some)
}

/// A successful sign-in: starts a session and stamps `last_login_at`, with its audit entry, in one
/// transaction. Returns the cookie token.
pub async fn sign_in(
    db: &DatabaseConnection,
    a: &Account,
    attempt: Attempt,
    now: DateTime<Utc>,
    lifetime: super::sessions::Lifetime,
    addr: &str,
) -> anyhow::Result<String> {
    let txn = db.begin().await?;
    withdraw_attempt(&txn, attempt).await?;
    let token = super::sessions::start(&txn, a.id, now, lifetime).await?;
    user::ActiveModel {
        id: Set(a.id),
        last_login_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    super::audit::record(
        &txn,
        super::audit::Entry::own(a.id, &a.email, addr, AuditAction::LoginSucceeded),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// A refused sign-in: its attempt's failure row stays (it counts toward the rate limits), and it
/// is logged with why (for the director; the client hears only "wrong e-mail or password").
pub async fn sign_in_refused(
    db: &DatabaseConnection,
    _counted: Attempt,
    known: Option<UserId>,
    email_tried: &str,
    addr: &str,
    why: &str,
) -> anyhow::Result<()> {
    super::audit::record(
        db,
        super::audit::Entry {
            actor_id: known,
            actor_email: email_tried.to_owned(),
            client_addr: Some(addr.to_owned()),
            action: AuditAction::LoginFailed,
            target_kind: TargetKind::User,
            target_id: known.map(UserId::get),
            before: None,
            after: None,
            reason: Some(why.to_owned()),
        },
    )
    .await
}

/// Ends `user`'s current session, on the record (and in this process's session cache).
pub async fn sign_out(
    db: &DatabaseConnection,
    sessions: &super::sessions::Cache,
    user: &CurrentUser,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    super::sessions::end(&txn, &user.session).await?;
    super::audit::record(
        &txn,
        super::audit::Entry::by(
            user,
            AuditAction::Logout,
            TargetKind::User,
            Some(user.id.get()),
        ),
    )
    .await?;
    txn.commit().await?;
    sessions.forget(&user.session);
    Ok(())
}

/// Sets `user`'s own new password and ends their other sessions, on the record.
pub async fn change_password(
    db: &DatabaseConnection,
    sessions: &super::sessions::Cache,
    user: &CurrentUser,
    password_hash: String,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(Some(password_hash)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    super::sessions::end_all(&txn, user.id, Some(&user.session)).await?;
    super::audit::record(
        &txn,
        super::audit::Entry::by(
            user,
            AuditAction::PasswordChanged,
            TargetKind::User,
            Some(user.id.get()),
        ),
    )
    .await?;
    txn.commit().await?;
    sessions.forget_user(user.id);
    Ok(())
}

/// The account a live (unused, unexpired at `now`) reset link is for.
pub async fn reset_link_account(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Account>> {
    let Some(link) = password_reset::Entity::find_by_id(token_hash.to_owned())
        .one(db)
        .await?
        .filter(|l| l.used_at.is_none() && l.expires_at > now)
    else {
        return Ok(None);
    };
    account(db, link.user_id).await
}

/// Uses a reset link: claims it first (of two racing uses only one updates a row; a link that
/// expired while the password was hashed updates none), sets the password, ends every session of
/// the account. `false` when the link was used or expired meanwhile.
pub async fn reset_password(
    db: &DatabaseConnection,
    sessions: &super::sessions::Cache,
    a: &Account,
    token_hash: &str,
    password_hash: String,
    now: DateTime<Utc>,
    addr: &str,
) -> anyhow::Result<bool> {
    let txn = db.begin().await?;
    let claimed = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::TokenHash.eq(token_hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    user::ActiveModel {
        id: Set(a.id),
        password_hash: Set(Some(password_hash)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    super::sessions::end_all(&txn, a.id, None).await?;
    super::audit::record(
        &txn,
        super::audit::Entry::own(a.id, &a.email, addr, AuditAction::PasswordReset),
    )
    .await?;
    txn.commit().await?;
    sessions.forget_user(a.id);
    Ok(true)
}

/// Disables or re-enables an account (disabling ends its sessions), on the record.
pub async fn set_disabled(
    db: &DatabaseConnection,
    sessions: &super::sessions::Cache,
    director: &CurrentUser,
    a: &Account,
    disabled: bool,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(a.id),
        disabled: Set(disabled),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if disabled {
        super::sessions::end_all(&txn, a.id, None).await?;
    }
    super::audit::record(
        &txn,
        super::audit::Entry::by(
            director,
            AuditAction::AccountUpdated,
            TargetKind::User,
            Some(a.id.get()),
        )
        .change(
            serde_json::json!({ "disabled": a.disabled }),
            serde_json::json!({ "disabled": disabled }),
        ),
    )
    .await?;
    txn.commit().await?;
    if disabled {
        sessions.forget_user(a.id);
    }
    Ok(())
}

/// Stores a one-time reset link's hash for `a`, on the record. Returns the token.
pub async fn issue_reset_link(
    db: &DatabaseConnection,
    director: &CurrentUser,
    a: &Account,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<String> {
    let (token, hash) = crate::credentials::new_token()?;
    let txn = db.begin().await?;
    password_reset::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(a.id),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    super::audit::record(
        &txn,
        super::audit::Entry::by(
            director,
            AuditAction::ResetLinkIssued,
            TargetKind::User,
            Some(a.id.get()),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}
