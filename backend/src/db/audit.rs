//! The append-only audit and disclosure log: who did what to which record, when, from where, with
//! the changed fields before and after. Writes take the caller's connection, so a change and its
//! entry commit (or roll back) together. The database refuses UPDATE and DELETE on the table.

use std::collections::BTreeSet;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use shared::{AuditAction, AuditEntry, Page, StudentId, TargetKind, UserId};

use super::entities::{audit_log, user};
use crate::principal::CurrentUser;

/// One entry to append.
#[derive(Debug, Clone)]
pub struct Entry {
    pub actor_id: Option<UserId>,
    pub actor_email: String,
    pub client_addr: Option<String>,
    pub action: AuditAction,
    pub target_kind: TargetKind,
    /// The id of the record of `target_kind`.
    pub target_id: Option<i32>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
}

impl Entry {
    /// An entry acted by the signed-in `user`.
    pub fn by(
        user: &CurrentUser,
        action: AuditAction,
        target: TargetKind,
        id: Option<i32>,
    ) -> Self {
        Entry {
            actor_id: Some(user.id),
            actor_email: user.email.to_string(),
            client_addr: Some(user.client_addr.clone()),
            action,
            target_kind: target,
            target_id: id,
            before: None,
            after: None,
            reason: None,
        }
    }

    /// An entry about an account acted by its own holder, before any session exists (signing
    /// in, resetting a password with a link).
    pub fn own(id: UserId, email: &shared::Email, addr: &str, action: AuditAction) -> Self {
        Entry {
            actor_id: Some(id),
            actor_email: email.to_string(),
            client_addr: Some(addr.to_owned()),
            action,
            target_kind: TargetKind::User,
            target_id: Some(id.get()),
            before: None,
            after: None,
            reason: None,
        }
    }

    pub fn change(mut self, before: serde_json::Value, after: serde_json::Value) -> Self {
        self.before = Some(before);
        self.after = Some(after);
        self
    }

    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

pub async fn record(db: &impl ConnectionTrait, e: Entry) -> anyhow::Result<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(e.actor_id),
        actor_email: Set(e.actor_email),
        action: Set(e.action),
        target_kind: Set(e.target_kind),
        target_id: Set(e.target_id),
        before: Set(e.before.map(|v| v.to_string())),
        after: Set(e.after.map(|v| v.to_string())),
        reason: Set(e.reason),
        client_addr: Set(e.client_addr),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> AuditEntry {
        AuditEntry {
            action: m.action,
            target_kind: m.target_kind,
            id: m.id,
            at: m.at,
            actor_id: m.actor_id,
            actor_email: m.actor_email,
            target_id: m.target_id,
            before: m.before,
            after: m.after,
            reason: m.reason,
            client_addr: m.client_addr,
        }
    }
}

/// A validated `GET /api/audit` filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<UserId>,
    pub action: Option<AuditAction>,
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
    pub page: u64,
    pub per_page: u64,
}

/// Newest first.
pub async fn list(db: &impl ConnectionTrait, f: &Filter) -> anyhow::Result<Page<AuditEntry>> {
    let mut cond = Condition::all();
    if let Some(a) = f.actor {
        cond = cond.add(audit_log::Column::ActorId.eq(a));
    }
    if let Some(a) = f.action {
        cond = cond.add(audit_log::Column::Action.eq(a));
    }
    if let Some(d) = f.from {
        cond =
            cond.add(audit_log::Column::At.gte(d.and_hms_opt(0, 0, 0).context("date")?.and_utc()));
    }
    if let Some(d) = f.to {
        let next = d.succ_opt().context("date out of range")?;
        cond = cond
            .add(audit_log::Column::At.lt(next.and_hms_opt(0, 0, 0).context("date")?.and_utc()));
    }
    let pages = audit_log::Entity::find()
        .filter(cond)
        .order_by_desc(audit_log::Column::Id)
        .paginate(db, f.per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(f.page.saturating_sub(1)).await?;
    Ok(Page {
        items: rows.into_iter().map(AuditEntry::from).collect(),
        total,
        page: f.page,
        per_page: f.per_page,
    })
}

/// Every entry about a person or caused by them (for their data export).
pub async fn about(
    db: &impl ConnectionTrait,
    user_id: UserId,
    student_id: Option<shared::StudentId>,
) -> anyhow::Result<Vec<AuditEntry>> {
    let mut cond = Condition::any()
        .add(audit_log::Column::ActorId.eq(user_id))
        .add(
            Condition::all()
                .add(audit_log::Column::TargetKind.eq(TargetKind::User))
                .add(audit_log::Column::TargetId.eq(user_id)),
        );
    if let Some(s) = student_id {
        cond = cond.add(
            Condition::all()
                .add(audit_log::Column::TargetKind.eq(TargetKind::Student))
                .add(audit_log::Column::TargetId.eq(s)),
        );
    }
    Ok(audit_log::Entity::find()
        .filter(cond)
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(AuditEntry::from)
        .collect())
}

/// The students a page of entries speaks of: those who acted (their e-mail is on the entry), and
/// those whose record, rank list or account an entry is about.
pub async fn students_in(
    db: &impl ConnectionTrait,
    entries: &[AuditEntry],
) -> anyhow::Result<BTreeSet<StudentId>> {
    let mut students = BTreeSet::new();
    let mut accounts = BTreeSet::new();
    for e in entries {
        accounts.extend(e.actor_id);
        match (e.target_kind, e.target_id) {
            (TargetKind::Student | TargetKind::RankList, Some(id)) => {
                students.insert(StudentId(id));
            }
            (TargetKind::User, Some(id)) => {
                accounts.insert(UserId(id));
            }
            _ => {}
        }
    }
    if !accounts.is_empty() {
        let linked: Vec<Option<StudentId>> = user::Entity::find()
            .select_only()
            .column(user::Column::StudentId)
            .filter(user::Column::Id.is_in(accounts))
            .filter(user::Column::StudentId.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        students.extend(linked.into_iter().flatten());
    }
    Ok(students)
}
