//! Seat counters: `project_seats` and `advisor_seats`, one row per cycle and project (advisor)
//! with the pairings `approved` so far and the `capacity` they may not exceed
//! (`CHECK (approved <= capacity)`).
//!
//! A row is created at the first approval with the capacity of that moment, or by a capacity edit
//! in the current cycle (which sets the row's capacity, creating it if need be). Both tables have the same shape, so one piece of code,
//! generic over [`SeatTable`], serves both; only the refusal messages differ.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set,
};
use shared::{CycleId, FacultyId, ProjectId, ProjectStatus};

use super::pairings::refused;
use crate::db::entities::{advisor_seat, cycle, faculty, pairing, project, project_seat};

/// One of the two seat-counter tables: the columns generic code needs, and a fresh row.
trait SeatTable: EntityTrait {
    const CYCLE: Self::Column;
    /// The project or the advisor the seats belong to.
    const OWNER: Self::Column;
    const APPROVED: Self::Column;
    const CAPACITY: Self::Column;
    /// The id type of the owner (a project or an advisor).
    type Owner: Into<sea_orm::Value> + sea_orm::TryGetable + Copy + Eq + std::hash::Hash;
    /// A row with nothing approved yet and `capacity` as it is now.
    fn new_row(cycle_id: CycleId, owner_id: Self::Owner, capacity: i32) -> Self::ActiveModel;
}

impl SeatTable for project_seat::Entity {
    const CYCLE: project_seat::Column = project_seat::Column::CycleId;
    const OWNER: project_seat::Column = project_seat::Column::ProjectId;
    const APPROVED: project_seat::Column = project_seat::Column::Approved;
    const CAPACITY: project_seat::Column = project_seat::Column::Capacity;
    type Owner = ProjectId;
    fn new_row(cycle_id: CycleId, owner_id: ProjectId, capacity: i32) -> project_seat::ActiveModel {
        project_seat::ActiveModel {
            cycle_id: Set(cycle_id),
            project_id: Set(owner_id),
            approved: Set(0),
            capacity: Set(capacity),
        }
    }
}

impl SeatTable for advisor_seat::Entity {
    const CYCLE: advisor_seat::Column = advisor_seat::Column::CycleId;
    const OWNER: advisor_seat::Column = advisor_seat::Column::FacultyId;
    const APPROVED: advisor_seat::Column = advisor_seat::Column::Approved;
    const CAPACITY: advisor_seat::Column = advisor_seat::Column::Capacity;
    type Owner = FacultyId;
    fn new_row(cycle_id: CycleId, owner_id: FacultyId, capacity: i32) -> advisor_seat::ActiveModel {
        advisor_seat::ActiveModel {
            cycle_id: Set(cycle_id),
            faculty_id: Set(owner_id),
            approved: Set(0),
            capacity: Set(capacity),
        }
    }
}

/// Adds `delta` to the owner's approved seats in the cycle, first creating the row with
/// `capacity` if there is none. A refusal by the row's CHECK becomes a 409 with `full`.
async fn add_seats<E: SeatTable>(
    txn: &impl ConnectionTrait,
    cycle_id: CycleId,
    owner_id: E::Owner,
    capacity: i32,
    delta: i32,
    full: String,
) -> Result<(), crate::db::Error> {
    E::insert(E::new_row(cycle_id, owner_id, capacity))
        .on_conflict(
            OnConflict::columns([E::CYCLE, E::OWNER])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    E::update_many()
        .col_expr(E::APPROVED, Expr::col(E::APPROVED).add(delta))
        .filter(E::CYCLE.eq(cycle_id))
        .filter(E::OWNER.eq(owner_id))
        .exec(txn)
        .await
        .map_err(|e| refused(e, full))?;
    Ok(())
}

/// Sets the owner's capacity in the current cycle's seat row, creating the row (nothing approved)
/// if there is none, and returns the seats approved. A capacity below what is already approved is
/// refused by the row's CHECK: a 409 with `below`.
///
/// One statement, `INSERT … SELECT <current cycle> … ON CONFLICT DO UPDATE`, and a write: on SQLite
/// the transaction's writer lock is taken before anything is read. Creating the row (rather than
/// only updating one that exists) is what keeps an approval racing this edit honest on PostgreSQL:
/// the approval may have read the old capacity, but it finds this row (or waits for it) and adds
/// its seat under the new capacity, or this edit waits for the approval's row and is checked
/// against it — either way the CHECK sees both.
async fn upsert_capacity<E: SeatTable>(
    txn: &impl ConnectionTrait,
    owner_id: E::Owner,
    capacity: u32,
    below: String,
) -> Result<u32, crate::db::Error> {
    let cap = i32::try_from(capacity).map_err(anyhow::Error::from)?;
    let current = Query::select()
        .column(cycle::Column::Id)
        .expr(Expr::value(owner_id))
        .expr(Expr::value(0))
        .expr(Expr::value(cap))
        .from(cycle::Entity)
        .and_where(cycle::Column::IsCurrent.eq(true))
        .to_owned();
    let insert = Query::insert()
        .into_table(E::default().table_ref())
        .columns([E::CYCLE, E::OWNER, E::APPROVED, E::CAPACITY])
        .select_from(current)
        .map_err(anyhow::Error::from)?
        .on_conflict(
            OnConflict::columns([E::CYCLE, E::OWNER])
                .update_column(E::CAPACITY)
                .to_owned(),
        )
        .to_owned();
    txn.execute(&insert).await.map_err(|e| refused(e, below))?;
    let approved: Option<i32> = E::find()
        .select_only()
        .column(E::APPROVED)
        .filter(E::OWNER.eq(owner_id))
        .filter(
            E::CYCLE.in_subquery(
                Query::select()
                    .column(cycle::Column::Id)
                    .from(cycle::Entity)
                    .and_where(cycle::Column::IsCurrent.eq(true))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .one(txn)
        .await?;
    Ok(u32::try_from(approved.unwrap_or(0)).map_err(anyhow::Error::from)?)
}

/// Owner → approved seats in the cycle.
async fn approved<E: SeatTable>(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
) -> anyhow::Result<HashMap<E::Owner, u32>> {
    let mut out = HashMap::new();
    for (owner, approved) in E::find()
        .select_only()
        .column(E::OWNER)
        .column(E::APPROVED)
        .filter(E::CYCLE.eq(cycle_id))
        .into_tuple::<(E::Owner, i32)>()
        .all(db)
        .await?
    {
        out.insert(owner, u32::try_from(approved)?);
    }
    Ok(out)
}

/// Adds `delta` to the project's and advisor's approved seats (creating the rows with the current
/// capacities), then sets the project `filled` or back to `open`.
pub(super) async fn change_seats(
    txn: &impl ConnectionTrait,
    p: &pairing::Model,
    delta: i32,
) -> Result<(), crate::db::Error> {
    let proj = project::Entity::find_by_id(p.project_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow!("pairing {} names a missing project", p.id))?;
    let adv = faculty::Entity::find_by_id(p.faculty_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow!("pairing {} names a missing advisor", p.id))?;
    add_seats::<project_seat::Entity>(
        txn,
        p.cycle_id,
        p.project_id,
        proj.capacity,
        delta,
        format!(
            "'{}' is full: its capacity is {} and that many pairings are approved",
            proj.title, proj.capacity
        ),
    )
    .await?;
    add_seats::<advisor_seat::Entity>(
        txn,
        p.cycle_id,
        p.faculty_id,
        adv.capacity,
        delta,
        format!(
            "{} is at thesis capacity: {} approved of {}",
            adv.name, adv.capacity, adv.capacity
        ),
    )
    .await?;
    let seats = project_seat::Entity::find_by_id((p.cycle_id, p.project_id))
        .one(txn)
        .await?
        .context("seat row vanished")?;
    // The status follows the seat row as it is now (this transaction holds its lock), written as
    // a compare-and-set on the status: the project row read above may be older than a racing
    // approval or withdrawal that committed while this one waited for the seat row.
    let (from, to) = if seats.approved >= seats.capacity {
        (ProjectStatus::Open, ProjectStatus::Filled)
    } else {
        (ProjectStatus::Filled, ProjectStatus::Open)
    };
    let moved = project::Entity::update_many()
        .col_expr(project::Column::Status, Expr::value(to))
        .col_expr(project::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(project::Column::Id.eq(proj.id))
        .filter(project::Column::Status.eq(from))
        .exec(txn)
        .await?;
    if moved.rows_affected == 1 {
        crate::db::catalogue::version::touch_projects(txn, &[proj.id]).await?;
    }
    Ok(())
}

/// Keeps the current cycle's seat row in step with a project's capacity (see [`upsert_capacity`]);
/// refuses (409) a capacity below what is already approved. Returns the seats approved.
pub async fn set_project_capacity(
    txn: &impl ConnectionTrait,
    project_id: ProjectId,
    capacity: u32,
) -> Result<u32, crate::db::Error> {
    upsert_capacity::<project_seat::Entity>(
        txn,
        project_id,
        capacity,
        format!("capacity {capacity} is below the pairings already approved for this project"),
    )
    .await
}

/// The same for an advisor's thesis capacity.
pub async fn set_advisor_capacity(
    txn: &impl ConnectionTrait,
    faculty_id: FacultyId,
    capacity: u32,
) -> Result<u32, crate::db::Error> {
    upsert_capacity::<advisor_seat::Entity>(
        txn,
        faculty_id,
        capacity,
        format!(
            "thesis capacity {capacity} is below the pairings already approved for this advisor"
        ),
    )
    .await
}

/// Approved seats per project and per advisor in the cycle.
pub async fn seat_counts(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
) -> anyhow::Result<(HashMap<ProjectId, u32>, HashMap<FacultyId, u32>)> {
    Ok((
        approved::<project_seat::Entity>(db, cycle_id).await?,
        approved::<advisor_seat::Entity>(db, cycle_id).await?,
    ))
}
