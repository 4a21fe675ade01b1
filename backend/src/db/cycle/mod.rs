//! The thesis cycle in the database: the current cycle (this file), rank lists (working and
//! certified versions), applicant rankings, pairings and their seat counters, notifications, the
//! dashboard. Every public item is re-exported here, so callers use `db::cycle::…` whatever file
//! it lives in.
//!
//! **Capacity is the database's job.** An approval, in one transaction: (1) moves the pairing from
//! `proposed` to `approved` — the partial unique index `uq_pairings_one_approved_per_student`
//! refuses a student's second approved pairing; (2) adds one to the project's row in
//! `project_seats` and (3) to the advisor's row in `advisor_seats` — each row's
//! `CHECK (approved <= capacity)` refuses the approval that would exceed it. Whichever step fails,
//! the transaction rolls back and the caller answers 409 naming the limit. The first statement is a
//! write, so on SQLite the transaction takes the write lock at once (waiting on `busy_timeout`, not
//! failing), and on PostgreSQL the seat rows' row locks order concurrent approvals.
//! ([`pairings`] makes the transition, [`seats`] keeps the counters.)

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use shared::{Cycle, Phase};

use super::audit::{self, Entry};
use super::entities::cycle;

mod applicant_rankings;
mod dashboard;
mod notifications;
mod pairings;
mod rank_lists;
mod seats;

pub use applicant_rankings::{applicant_order, save_applicant_order};
pub(in crate::db) use dashboard::all_faculty_rows;
pub use dashboard::dashboard;
pub use notifications::{deadline_reminders, inbox, mark_read, notify, students_named};
pub use pairings::{
    Actor, Decision, PairingFilter, create_pairing, decide, decision, pairing, pairings,
};
pub use rank_lists::{
    CERTIFIED, DRAFT, applications, brief, certified_lists, certify, entries, lists,
    projects_by_id, rank_list, save_draft,
};
pub use seats::{seat_counts, set_advisor_capacity, set_project_capacity};

impl TryFrom<cycle::Model> for Cycle {
    type Error = anyhow::Error;

    fn try_from(m: cycle::Model) -> anyhow::Result<Cycle> {
        Ok(Cycle {
            phase: m.phase,
            max_ranked: u32::try_from(m.max_ranked)
                .with_context(|| format!("cycle {}: max_ranked {}", m.id, m.max_ranked))?,
            id: m.id,
            name: m.name,
            ranking_deadline: m.ranking_deadline,
        })
    }
}

/// The name of the academic year a date falls in planning for: `2027–28` for dates from July 2026.
fn cycle_name(now: DateTime<Utc>) -> String {
    use chrono::Datelike;
    let start = if now.month() >= 7 {
        now.year() + 1
    } else {
        now.year()
    };
    format!("{start}–{:02}", (start + 1) % 100)
}

/// Creates the current cycle if there is none: in the posting phase, deadline in 60 days (the
/// demo: in the ranking phase, deadline in 14 days).
pub async fn ensure_current(db: &impl ConnectionTrait, demo: bool) -> anyhow::Result<()> {
    if cycle::Entity::find()
        .filter(cycle::Column::IsCurrent.eq(true))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let now = Utc::now();
    let (phase, days) = if demo {
        (Phase::Ranking, 14)
    } else {
        (Phase::Posting, 60)
    };
    cycle::ActiveModel {
        name: Set(cycle_name(now)),
        phase: Set(phase),
        ranking_deadline: Set(now + Duration::days(days)),
        max_ranked: Set(10),
        is_current: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn current(db: &impl ConnectionTrait) -> anyhow::Result<Cycle> {
    cycle::Entity::find()
        .filter(cycle::Column::IsCurrent.eq(true))
        .one(db)
        .await?
        .context("no current cycle (it is created at start-up)")?
        .try_into()
}

pub async fn update_cycle(
    db: &DatabaseConnection,
    before: &Cycle,
    after: &Cycle,
    deadline: DateTime<Utc>,
    entry: Entry,
) -> anyhow::Result<Cycle> {
    let txn = db.begin().await?;
    cycle::ActiveModel {
        id: Set(before.id),
        name: Set(after.name.clone()),
        phase: Set(after.phase),
        ranking_deadline: Set(deadline),
        max_ranked: Set(i32::try_from(after.max_ranked)?),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let (b, a) = super::catalogue::write::changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, entry.change(b, a)).await?;
    txn.commit().await?;
    current(db).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn cycles_are_named_by_the_academic_year_they_plan() {
        let nov = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).single();
        let mar = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).single();
        assert_eq!(nov.map(cycle_name).as_deref(), Some("2027–28"));
        assert_eq!(mar.map(cycle_name).as_deref(), Some("2027–28"));
    }
}
