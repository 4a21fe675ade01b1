//! Accounts: look-ups, the director's People list, failed sign-ins (rate limits held in the
//! database so they hold across server processes) and the demo accounts.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use shared::{Id, Me, Page, Role, UserSummary};

use super::entities::{faculty, login_failure, student, user};

/// The demo accounts' password (README lists it). Only `serve --demo` creates such accounts.
pub const DEMO_PASSWORD: &str = "thesis-demo";
/// The demo program's director.
pub const DEMO_DIRECTOR: &str = "director@example.edu";

pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> anyhow::Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

pub fn role_of(u: &user::Model) -> anyhow::Result<Role> {
    Role::parse(&u.role).ok_or_else(|| anyhow!("user {} has an unknown role '{}'", u.id, u.role))
}

/// Names of the student and faculty records linked to `users`.
async fn names(
    db: &impl ConnectionTrait,
    users: &[user::Model],
) -> anyhow::Result<(HashMap<Id, String>, HashMap<Id, String>)> {
    let sids: Vec<Id> = users.iter().filter_map(|u| u.student_id).collect();
    let fids: Vec<Id> = users.iter().filter_map(|u| u.faculty_id).collect();
    let students = if sids.is_empty() {
        HashMap::new()
    } else {
        student::Entity::find()
            .filter(student::Column::Id.is_in(sids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect()
    };
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

fn name_of(u: &user::Model, s: &HashMap<Id, String>, f: &HashMap<Id, String>) -> String {
    u.student_id
        .and_then(|id| s.get(&id))
        .or_else(|| u.faculty_id.and_then(|id| f.get(&id)))
        .cloned()
        .unwrap_or_else(|| u.email.clone())
}

fn summary(
    u: user::Model,
    s: &HashMap<Id, String>,
    f: &HashMap<Id, String>,
) -> anyhow::Result<UserSummary> {
    Ok(UserSummary {
        name: name_of(&u, s, f),
        role: role_of(&u)?,
        id: u.id,
        email: u.email,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        disabled: u.disabled,
        has_password: u.password_hash.is_some(),
        created_at: u.created_at.to_rfc3339(),
        last_login_at: u.last_login_at.map(|t| t.to_rfc3339()),
    })
}

pub async fn me(db: &impl ConnectionTrait, u: &user::Model) -> anyhow::Result<Me> {
    let (s, f) = names(db, std::slice::from_ref(u)).await?;
    Ok(Me {
        id: u.id,
        email: u.email.clone(),
        role: role_of(u)?,
        student_id: u.student_id,
        faculty_id: u.faculty_id,
        name: name_of(u, &s, &f),
    })
}

pub async fn user_summary(
    db: &impl ConnectionTrait,
    id: Id,
) -> anyhow::Result<Option<UserSummary>> {
    let Some(u) = user::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let (s, f) = names(db, std::slice::from_ref(&u)).await?;
    summary(u, &s, &f).map(Some)
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
        cond = cond.add(user::Column::Role.eq(r.as_str()));
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
        items: rows
            .into_iter()
            .map(|u| summary(u, &s, &fac))
            .collect::<anyhow::Result<_>>()?,
        total,
        page: f.page,
        per_page: f.per_page,
    })
}

/// Failed sign-ins allowed per account in [`FAILURE_WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failed sign-ins allowed per client address in the window (a campus NAT is many people).
pub const MAX_FAILURES_PER_ADDR: u64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub async fn record_failure(
    db: &impl ConnectionTrait,
    email: &str,
    addr: &str,
) -> anyhow::Result<()> {
    login_failure::ActiveModel {
        email: Set(email.to_owned()),
        client_addr: Set(addr.to_owned()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// `Some(seconds to wait)` when this e-mail or this address has used up its failed sign-ins.
pub async fn locked_out(
    db: &impl ConnectionTrait,
    email: &str,
    addr: &str,
) -> anyhow::Result<Option<u64>> {
    let now = Utc::now();
    let window = chrono::Duration::minutes(FAILURE_WINDOW_MINUTES);
    let since = now - window;
    for (col, value, max) in [
        (
            login_failure::Column::Email,
            email,
            MAX_FAILURES_PER_ACCOUNT,
        ),
        (
            login_failure::Column::ClientAddr,
            addr,
            MAX_FAILURES_PER_ADDR,
        ),
    ] {
        let recent = login_failure::Entity::find()
            .filter(col.eq(value))
            .filter(login_failure::Column::At.gt(since));
        let count = recent.clone().count(db).await?;
        if count >= max {
            // The wait ends when the oldest failure that still counts leaves the window.
            let offset = count - max;
            let oldest: Option<DateTime<Utc>> = recent
                .order_by_asc(login_failure::Column::At)
                .offset(offset)
                .one(db)
                .await?
                .map(|f| f.at);
            let oldest = oldest.context("failure vanished")?;
            return Ok(Some(crate::auth::retry_after(oldest, window, now)));
        }
    }
    Ok(None)
}

/// Gives every demo student and faculty member an account under their demo e-mail, plus the demo
/// director, all with [`DEMO_PASSWORD`] (hashed once: `hash`). Existing accounts are left alone.
pub async fn seed_demo_accounts(db: &impl ConnectionTrait, hash: &str) -> anyhow::Result<usize> {
    let existing: std::collections::HashSet<String> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut add = |email: String, role: Role, student_id, faculty_id| {
        let email = email.to_lowercase();
        if !existing.contains(&email) {
            rows.push(user::ActiveModel {
                email: Set(email),
                password_hash: Set(Some(hash.to_owned())),
                role: Set(role.as_str().to_owned()),
                student_id: Set(student_id),
                faculty_id: Set(faculty_id),
                disabled: Set(false),
                created_at: Set(now),
                last_login_at: Set(None),
                ..Default::default()
            });
        }
    };
    add(DEMO_DIRECTOR.to_owned(), Role::Director, None, None);
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
