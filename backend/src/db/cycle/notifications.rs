//! Notifications (the inbox) and the ranking-deadline reminders.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use shared::{
    CycleId, FacultyId, Inbox, Notice, NoticeId, NoticeKind, PairingId, Phase, StudentId, UserId,
};

use super::current;
use super::rank_lists::{CERTIFIED, DRAFT, lists};
use crate::db::entities::{notification, pairing, rank_list, user};

async fn user_of(
    db: &impl ConnectionTrait,
    student_id: Option<StudentId>,
    faculty_id: Option<FacultyId>,
) -> anyhow::Result<Option<UserId>> {
    let mut q = user::Entity::find();
    q = match (student_id, faculty_id) {
        (Some(s), _) => q.filter(user::Column::StudentId.eq(s)),
        (None, Some(f)) => q.filter(user::Column::FacultyId.eq(f)),
        (None, None) => return Ok(None),
    };
    Ok(q.one(db).await?.map(|u| u.id))
}

pub async fn notify(
    db: &impl ConnectionTrait,
    user_id: UserId,
    kind: NoticeKind,
    text: &str,
    pairing_id: Option<PairingId>,
    cycle_id: Option<CycleId>,
) -> anyhow::Result<()> {
    notification::ActiveModel {
        user_id: Set(user_id),
        at: Set(Utc::now()),
        kind: Set(kind),
        text: Set(text.to_owned()),
        pairing_id: Set(pairing_id),
        cycle_id: Set(cycle_id),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Tells the student and the advisor (those who have accounts).
pub(super) async fn notify_pair(
    db: &impl ConnectionTrait,
    student_id: StudentId,
    faculty_id: FacultyId,
    kind: NoticeKind,
    text: &str,
    pairing_id: PairingId,
    cycle_id: CycleId,
) -> anyhow::Result<()> {
    for who in [
        user_of(db, Some(student_id), None).await?,
        user_of(db, None, Some(faculty_id)).await?,
    ]
    .into_iter()
    .flatten()
    {
        notify(db, who, kind, text, Some(pairing_id), Some(cycle_id)).await?;
    }
    Ok(())
}

pub async fn inbox(db: &impl ConnectionTrait, user_id: UserId) -> anyhow::Result<Inbox> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|n| {
            Ok(Notice {
                kind: n.kind,
                id: n.id,
                at: n.at,
                text: n.text,
                pairing_id: n.pairing_id,
                read: n.read_at.is_some(),
            })
        })
        .collect::<anyhow::Result<Vec<Notice>>>()?;
    Ok(Inbox {
        unread: u32::try_from(items.iter().filter(|n| !n.read).count())?,
        items,
    })
}

/// The students whose pairings these notices are about (a pairing notice names its student).
pub async fn students_named(
    db: &impl ConnectionTrait,
    notices: &[Notice],
) -> anyhow::Result<Vec<StudentId>> {
    let ids: Vec<PairingId> = notices.iter().filter_map(|n| n.pairing_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(pairing::Entity::find()
        .select_only()
        .column(pairing::Column::StudentId)
        .filter(pairing::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// Marks one (or, with `None`, every) notice of the user read; returns how many changed.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: UserId,
    id: Option<NoticeId>,
) -> anyhow::Result<u64> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        q = q.filter(notification::Column::Id.eq(id));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Within 48 hours of the ranking deadline, reminds every student with an account whose list is
/// not certified (or changed since), once per cycle. Returns how many reminders it wrote.
///
/// `only`: just this student's account (when they open their inbox); `None`: everyone (the
/// background task). Either way a constant number of queries plus one insert per reminder.
pub async fn deadline_reminders(
    db: &impl ConnectionTrait,
    only: Option<StudentId>,
) -> anyhow::Result<usize> {
    let cycle = current(db).await?;
    let deadline = cycle.ranking_deadline;
    let now = Utc::now();
    if cycle.phase != Phase::Ranking || now >= deadline || deadline - now > Duration::hours(48) {
        return Ok(0);
    }
    let mut accounts = user::Entity::find()
        .filter(user::Column::StudentId.is_not_null())
        .filter(user::Column::Disabled.eq(false));
    if let Some(sid) = only {
        accounts = accounts.filter(user::Column::StudentId.eq(sid));
    }
    let accounts = accounts.all(db).await?;
    if accounts.is_empty() {
        return Ok(0);
    }
    let mut certified_q = rank_list::Entity::find()
        .filter(rank_list::Column::CycleId.eq(cycle.id))
        .filter(rank_list::Column::CertifiedAt.is_not_null());
    let mut reminded_q = notification::Entity::find()
        .filter(notification::Column::Kind.eq(NoticeKind::DeadlineSoon))
        .filter(notification::Column::CycleId.eq(cycle.id));
    if let Some(sid) = only {
        certified_q = certified_q.filter(rank_list::Column::StudentId.eq(sid));
        reminded_q =
            reminded_q.filter(notification::Column::UserId.is_in(accounts.iter().map(|u| u.id)));
    }
    let certified: HashSet<StudentId> = certified_q
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.student_id)
        .collect();
    let reminded: HashSet<UserId> = reminded_q
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.user_id)
        .collect();
    let certified_lists = lists(db, cycle.id, CERTIFIED, only).await?;
    let drafts = lists(db, cycle.id, DRAFT, only).await?;
    let mut written = 0;
    for u in accounts {
        let Some(sid) = u.student_id else { continue };
        if reminded.contains(&u.id) {
            continue;
        }
        let done = certified.contains(&sid) && certified_lists.get(&sid) == drafts.get(&sid);
        if done {
            continue;
        }
        let hours = (deadline - now).num_hours();
        let sent = notify(
            db,
            u.id,
            NoticeKind::DeadlineSoon,
            &format!(
                "The ranking deadline is in {hours} hours ({}). Only a certified rank list counts: certify yours.",
                deadline.format("%Y-%m-%d %H:%M UTC")
            ),
            None,
            Some(cycle.id),
        )
        .await;
        match sent {
            Ok(()) => written += 1,
            // Another process (or request) reminded this person a moment ago: the unique index
            // keeps one reminder.
            Err(e)
                if e.downcast_ref::<DbErr>().is_some_and(|d| {
                    matches!(
                        d.sql_err(),
                        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                    )
                }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}
