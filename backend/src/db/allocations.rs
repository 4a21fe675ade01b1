//! The director's allocation runs: the engine's input built from the cycle (certified rank lists,
//! advisors' applicant rankings with the match score where an advisor did not rank, capacities
//! less the seats approved pairings hold), stored with its SHA-256 so a run can be repeated, and
//! published as proposed pairings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Context;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use shared::{
    AllocationRun, AllocationSummary, CycleId, FacultyId, NoticeKind, PairingSource, PairingState,
    Project, ProjectId, PublishReport, RunId, StudentId,
};

use super::audit::{self, Entry};
use super::cycle::{self as db_cycle, Actor};
use super::entities::{allocation_run, pairing, pairing_event};
use crate::engine::allocation::Instance;

/// Everything the input is built from (gathered by [`gather`]).
#[derive(Debug, Clone, Default)]
pub struct CycleState {
    /// Certified lists: student → project ids, first choice first.
    pub lists: BTreeMap<StudentId, Vec<ProjectId>>,
    pub projects: HashMap<ProjectId, Project>,
    /// Thesis capacity of each advisor.
    pub advisor_capacity: HashMap<FacultyId, u32>,
    /// Seats approved pairings hold, per project and per advisor.
    pub project_approved: HashMap<ProjectId, u32>,
    pub advisor_approved: HashMap<FacultyId, u32>,
    /// Students who already have an approved pairing.
    pub placed: BTreeSet<StudentId>,
    /// Each advisor's own ranking of students, best first.
    pub advisor_order: HashMap<FacultyId, Vec<StudentId>>,
    /// Match score of (student, project) for every listed pair.
    pub scores: HashMap<(StudentId, ProjectId), f32>,
}

/// Reads the cycle's state (scores are filled in by the caller, who holds the matcher).
pub async fn gather(db: &impl ConnectionTrait, cycle_id: CycleId) -> anyhow::Result<CycleState> {
    let lists = db_cycle::certified_lists(db, cycle_id).await?;
    let projects: HashMap<ProjectId, Project> = super::catalogue::read::all_projects(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let (project_approved, advisor_approved) = db_cycle::seat_counts(db, cycle_id).await?;
    let mut advisor_capacity = HashMap::new();
    let mut advisor_order = HashMap::new();
    for f in db_cycle::all_faculty_rows(db).await? {
        advisor_capacity.insert(f.id, u32::try_from(f.capacity)?);
        let order = db_cycle::applicant_order(db, cycle_id, f.id).await?;
        if !order.is_empty() {
            advisor_order.insert(f.id, order);
        }
    }
    let placed = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(cycle_id))
        .filter(pairing::Column::State.eq(PairingState::Approved))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.student_id)
        .collect();
    Ok(CycleState {
        lists,
        projects,
        advisor_capacity,
        project_approved,
        advisor_approved,
        placed,
        advisor_order,
        scores: HashMap::new(),
    })
}

impl TryFrom<allocation_run::Model> for AllocationRun {
    type Error = anyhow::Error;

    fn try_from(m: allocation_run::Model) -> anyhow::Result<AllocationRun> {
        let mut run: AllocationRun = serde_json::from_str(&m.result)
            .with_context(|| format!("allocation run {}: stored result does not parse", m.id))?;
        run.id = m.id;
        run.published_at = m.published_at;
        anyhow::ensure!(
            run.optimal == m.optimal && run.mode == m.mode,
            "allocation run {}: stored result disagrees with its row",
            m.id
        );
        Ok(run)
    }
}

/// Stores a run (input and result) with its audit entry; returns it with its id.
pub async fn store(
    db: &DatabaseConnection,
    input: &Instance,
    run: AllocationRun,
    entry: Entry,
) -> anyhow::Result<AllocationRun> {
    let txn = db.begin().await?;
    let row = allocation_run::ActiveModel {
        cycle_id: Set(run.cycle_id),
        created_at: Set(Utc::now()),
        created_by: Set(run.created_by.clone()),
        optimal: Set(run.optimal),
        mode: Set(run.mode),
        input_hash: Set(run.input_hash.clone()),
        input: Set(serde_json::to_string(input)?),
        result: Set(serde_json::to_string(&run)?),
        published_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut e = entry;
    e.target_id = Some(row.id.get());
    e.after = Some(serde_json::json!({
        "optimal": run.optimal, "mode": run.mode,
        "matched": run.matched, "unmatched": run.unmatched, "blocking_pairs": run.blocking_pairs.len(),
        "input_hash": run.input_hash,
    }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    AllocationRun::try_from(row)
}

/// A stored run, or `None`.
pub async fn run(db: &impl ConnectionTrait, id: RunId) -> anyhow::Result<Option<AllocationRun>> {
    allocation_run::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(AllocationRun::try_from)
        .transpose()
}

pub async fn list(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
) -> anyhow::Result<Vec<AllocationSummary>> {
    allocation_run::Entity::find()
        .filter(allocation_run::Column::CycleId.eq(cycle_id))
        .order_by_desc(allocation_run::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let r = AllocationRun::try_from(m)?;
            Ok(AllocationSummary {
                id: r.id,
                created_at: r.created_at,
                created_by: r.created_by,
                optimal: r.optimal,
                mode: r.mode,
                input_hash: r.input_hash,
                students: r.students,
                matched: r.matched,
                blocking_pairs: u32::try_from(r.blocking_pairs.len())?,
                rank_histogram: r.rank_histogram,
                published_at: r.published_at,
            })
        })
        .collect()
}

/// Turns a run's assignments into proposed pairings: earlier proposed pairings from runs are
/// withdrawn, approved pairings are never touched, a pair the director already proposed is left.
pub async fn publish(
    db: &DatabaseConnection,
    run: &AllocationRun,
    actor: &Actor,
    entry: Entry,
) -> anyhow::Result<PublishReport> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let stale = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(run.cycle_id))
        .filter(pairing::Column::Source.eq(PairingSource::Allocation))
        .filter(pairing::Column::State.eq(PairingState::Proposed))
        .all(&txn)
        .await?;
    let mut replaced = 0u32;
    for p in &stale {
        // Compare-and-set: a proposal approved (or withdrawn) since it was read above is left as
        // it is, so no approved pairing loses its state without its seat.
        let done = pairing::Entity::update_many()
            .col_expr(pairing::Column::State, Expr::value(PairingState::Withdrawn))
            .col_expr(pairing::Column::UpdatedAt, Expr::value(now))
            .filter(pairing::Column::Id.eq(p.id))
            .filter(pairing::Column::State.eq(PairingState::Proposed))
            .exec(&txn)
            .await?;
        if done.rows_affected != 1 {
            continue;
        }
        replaced += 1;
        pairing_event::ActiveModel {
            pairing_id: Set(p.id),
            at: Set(now),
            actor_id: Set(actor.id),
            actor_email: Set(actor.email.clone()),
            from_state: Set(Some(PairingState::Proposed)),
            to_state: Set(PairingState::Withdrawn),
            reason: Set(Some(format!("replaced by allocation run {}", run.id))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let live: BTreeSet<(StudentId, ProjectId)> = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(run.cycle_id))
        .filter(pairing::Column::State.is_in([
            PairingState::Requested,
            PairingState::Proposed,
            PairingState::Approved,
        ]))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.student_id, p.project_id))
        .collect();
    let mut report = PublishReport {
        run: run.id,
        proposed: 0,
        replaced,
        already_proposed: 0,
    };
    for a in &run.assignments {
        let Some(project) = &a.project else { continue };
        if live.contains(&(a.student_id, project.id)) {
            report.already_proposed += 1;
            continue;
        }
        let created = pairing::ActiveModel {
            cycle_id: Set(run.cycle_id),
            student_id: Set(a.student_id),
            project_id: Set(project.id),
            faculty_id: Set(project.faculty.id),
            state: Set(PairingState::Proposed),
            source: Set(PairingSource::Allocation),
            reason: Set(None),
            allocation_id: Set(Some(run.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        pairing_event::ActiveModel {
            pairing_id: Set(created.id),
            at: Set(now),
            actor_id: Set(actor.id),
            actor_email: Set(actor.email.clone()),
            from_state: Set(None),
            to_state: Set(PairingState::Proposed),
            reason: Set(Some(format!("allocation run {}", run.id))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(user) = super::entities::user::Entity::find()
            .filter(super::entities::user::Column::StudentId.eq(a.student_id))
            .one(&txn)
            .await?
        {
            db_cycle::notify(
                &txn,
                user.id,
                NoticeKind::PairingProposed,
                &format!(
                    "{} — {}: proposed by the allocation; awaiting the program director's approval.",
                    a.student_name, project.title
                ),
                Some(created.id),
                Some(run.cycle_id),
            )
            .await?;
        }
        report.proposed += 1;
    }
    allocation_run::Entity::update_many()
        .col_expr(allocation_run::Column::PublishedAt, Expr::value(now))
        .filter(allocation_run::Column::Id.eq(run.id))
        .exec(&txn)
        .await?;
    let mut e = entry;
    e.target_id = Some(run.id.get());
    e.after = Some(serde_json::to_value(&report)?);
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(report)
}
