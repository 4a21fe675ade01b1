//! The thesis cycle in the database: the current cycle, rank lists (working and certified
//! versions), applicant rankings, pairings and their seat counters, notifications, the dashboard.
//!
//! **Capacity is the database's job.** An approval, in one transaction: (1) moves the pairing from
//! `proposed` to `approved` — the partial unique index `uq_pairings_one_approved_per_student`
//! refuses a student's second approved pairing; (2) adds one to the project's row in
//! `project_seats` and (3) to the advisor's row in `advisor_seats` — each row's
//! `CHECK (approved <= capacity)` refuses the approval that would exceed it. Whichever step fails,
//! the transaction rolls back and the caller answers 409 naming the limit. The first statement is a
//! write, so on SQLite the transaction takes the write lock at once (waiting on `busy_timeout`, not
//! failing), and on PostgreSQL the seat rows' row locks order concurrent approvals.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::{Context, anyhow};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, ExprTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use shared::{
    Cycle, FacultyRef, Id, Inbox, Notice, NoticeKind, Pairing, PairingEvent, PairingSource,
    PairingState, Phase, Project, ProjectBrief, ProjectStatus, RankList, RankedProject,
};

use super::audit::{self, Entry};
use super::entities::{
    advisor_seat, applicant_ranking, cycle, faculty, notification, pairing, pairing_event, project,
    project_seat, rank_entry, rank_list, student, user,
};
use super::queries;

pub const DRAFT: &str = "draft";
pub const CERTIFIED: &str = "certified";

// ---------------------------------------------------------------------------------------------
// Cycle

impl TryFrom<cycle::Model> for Cycle {
    type Error = anyhow::Error;

    fn try_from(m: cycle::Model) -> anyhow::Result<Cycle> {
        Ok(Cycle {
            phase: Phase::parse(&m.phase)
                .ok_or_else(|| anyhow!("cycle {} has unknown phase '{}'", m.id, m.phase))?,
            max_ranked: u32::try_from(m.max_ranked)
                .with_context(|| format!("cycle {}: max_ranked {}", m.id, m.max_ranked))?,
            id: m.id,
            name: m.name,
            ranking_deadline: m.ranking_deadline.to_rfc3339(),
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
        phase: Set(phase.as_str().to_owned()),
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
        phase: Set(after.phase.as_str().to_owned()),
        ranking_deadline: Set(deadline),
        max_ranked: Set(i32::try_from(after.max_ranked)?),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let (b, a) = super::projects::changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, entry.change(b, a)).await?;
    txn.commit().await?;
    current(db).await
}

// ---------------------------------------------------------------------------------------------
// Rank lists

pub fn brief(p: &Project) -> ProjectBrief {
    ProjectBrief {
        id: p.id,
        title: p.title.clone(),
        faculty: p.faculty.clone(),
        co_mentor: p.co_mentor.clone(),
        status: p.status,
        capacity: p.capacity,
    }
}

/// Project ids of one version of a student's list, first choice first.
pub async fn entries(
    db: &impl ConnectionTrait,
    cycle_id: Id,
    student_id: Id,
    version: &str,
) -> anyhow::Result<Vec<Id>> {
    Ok(rank_entry::Entity::find()
        .filter(rank_entry::Column::CycleId.eq(cycle_id))
        .filter(rank_entry::Column::StudentId.eq(student_id))
        .filter(rank_entry::Column::Version.eq(version))
        .order_by_asc(rank_entry::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.project_id)
        .collect())
}

pub async fn projects_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Id>,
) -> anyhow::Result<HashMap<Id, Project>> {
    let ids: Vec<Id> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = project::Entity::find()
        .filter(project::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(queries::hydrate_projects(db, rows)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

fn ranked(ids: &[Id], projects: &HashMap<Id, Project>) -> anyhow::Result<Vec<RankedProject>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            Ok(RankedProject {
                position: u32::try_from(i + 1)?,
                project: brief(projects.get(id).context("ranked project vanished")?),
            })
        })
        .collect()
}

pub async fn rank_list(
    db: &impl ConnectionTrait,
    cycle: &Cycle,
    student_id: Id,
) -> anyhow::Result<RankList> {
    let draft = entries(db, cycle.id, student_id, DRAFT).await?;
    let certified = entries(db, cycle.id, student_id, CERTIFIED).await?;
    let meta = rank_list::Entity::find_by_id((cycle.id, student_id))
        .one(db)
        .await?;
    let projects = projects_by_id(db, draft.iter().chain(&certified).copied()).await?;
    let certified_at = meta.and_then(|m| m.certified_at);
    Ok(RankList {
        projects: ranked(&draft, &projects)?,
        certified: ranked(&certified, &projects)?,
        certified_at: certified_at.map(|t| t.to_rfc3339()),
        changed_since_certified: certified_at.is_some() && draft != certified,
        cycle: cycle.clone(),
    })
}

async fn write_version(
    txn: &impl ConnectionTrait,
    cycle_id: Id,
    student_id: Id,
    version: &str,
    ids: &[Id],
) -> anyhow::Result<()> {
    rank_entry::Entity::delete_many()
        .filter(rank_entry::Column::CycleId.eq(cycle_id))
        .filter(rank_entry::Column::StudentId.eq(student_id))
        .filter(rank_entry::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if !ids.is_empty() {
        let rows = ids
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(rank_entry::ActiveModel {
                    cycle_id: Set(cycle_id),
                    student_id: Set(student_id),
                    version: Set(version.to_owned()),
                    position: Set(i32::try_from(i + 1)?),
                    project_id: Set(*p),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        rank_entry::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn touch_list(
    txn: &impl ConnectionTrait,
    cycle_id: Id,
    student_id: Id,
    certified_at: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut am = rank_list::ActiveModel {
        cycle_id: Set(cycle_id),
        student_id: Set(student_id),
        updated_at: Set(now),
        certified_at: sea_orm::ActiveValue::NotSet,
    };
    let mut on_conflict =
        OnConflict::columns([rank_list::Column::CycleId, rank_list::Column::StudentId]);
    on_conflict.update_column(rank_list::Column::UpdatedAt);
    if let Some(at) = certified_at {
        am.certified_at = Set(Some(at));
        on_conflict.update_column(rank_list::Column::CertifiedAt);
    } else {
        am.certified_at = Set(None);
    }
    rank_list::Entity::insert(am)
        .on_conflict(on_conflict)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Replaces the student's working list.
pub async fn save_draft(
    db: &DatabaseConnection,
    cycle_id: Id,
    student_id: Id,
    ids: &[Id],
    entry: Entry,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let before = entries(&txn, cycle_id, student_id, DRAFT).await?;
    write_version(&txn, cycle_id, student_id, DRAFT, ids).await?;
    touch_list(&txn, cycle_id, student_id, None).await?;
    audit::record(
        &txn,
        entry.change(serde_json::json!(before), serde_json::json!(ids)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes the working list the certified one.
pub async fn certify(
    db: &DatabaseConnection,
    cycle_id: Id,
    student_id: Id,
    entry: Entry,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let draft = entries(&txn, cycle_id, student_id, DRAFT).await?;
    let before = entries(&txn, cycle_id, student_id, CERTIFIED).await?;
    write_version(&txn, cycle_id, student_id, CERTIFIED, &draft).await?;
    touch_list(&txn, cycle_id, student_id, Some(Utc::now())).await?;
    audit::record(
        &txn,
        entry.change(serde_json::json!(before), serde_json::json!(draft)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// `(student, project, position)` of every certified entry naming one of `projects`.
pub async fn applications(
    db: &impl ConnectionTrait,
    cycle_id: Id,
    projects: &[Id],
) -> anyhow::Result<Vec<(Id, Id, u32)>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    rank_entry::Entity::find()
        .filter(rank_entry::Column::CycleId.eq(cycle_id))
        .filter(rank_entry::Column::Version.eq(CERTIFIED))
        .filter(rank_entry::Column::ProjectId.is_in(projects.iter().copied()))
        .order_by_asc(rank_entry::Column::ProjectId)
        .order_by_asc(rank_entry::Column::Position)
        .order_by_asc(rank_entry::Column::StudentId)
        .all(db)
        .await?
        .into_iter()
        .map(|e| Ok((e.student_id, e.project_id, u32::try_from(e.position)?)))
        .collect()
}

/// Every certified list of the cycle: student → project ids, first choice first.
pub async fn certified_lists(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<BTreeMap<Id, Vec<Id>>> {
    lists(db, cycle_id, CERTIFIED, None).await
}

/// One version of every list of the cycle (or of one student's): student → project ids, first
/// choice first. One query.
pub async fn lists(
    db: &impl ConnectionTrait,
    cycle_id: Id,
    version: &str,
    student: Option<Id>,
) -> anyhow::Result<BTreeMap<Id, Vec<Id>>> {
    let mut q = rank_entry::Entity::find()
        .filter(rank_entry::Column::CycleId.eq(cycle_id))
        .filter(rank_entry::Column::Version.eq(version));
    if let Some(s) = student {
        q = q.filter(rank_entry::Column::StudentId.eq(s));
    }
    let mut out: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
    for e in q
        .order_by_asc(rank_entry::Column::StudentId)
        .order_by_asc(rank_entry::Column::Position)
        .all(db)
        .await?
    {
        out.entry(e.student_id).or_default().push(e.project_id);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Applicant rankings

/// The faculty member's own order of students (their ranking, best first).
pub async fn applicant_order(
    db: &impl ConnectionTrait,
    cycle_id: Id,
    faculty_id: Id,
) -> anyhow::Result<Vec<Id>> {
    Ok(applicant_ranking::Entity::find()
        .filter(applicant_ranking::Column::CycleId.eq(cycle_id))
        .filter(applicant_ranking::Column::FacultyId.eq(faculty_id))
        .order_by_asc(applicant_ranking::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.student_id)
        .collect())
}

pub async fn save_applicant_order(
    db: &DatabaseConnection,
    cycle_id: Id,
    faculty_id: Id,
    students: &[Id],
    entry: Entry,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let before = applicant_order(&txn, cycle_id, faculty_id).await?;
    applicant_ranking::Entity::delete_many()
        .filter(applicant_ranking::Column::CycleId.eq(cycle_id))
        .filter(applicant_ranking::Column::FacultyId.eq(faculty_id))
        .exec(&txn)
        .await?;
    if !students.is_empty() {
        let rows = students
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(applicant_ranking::ActiveModel {
                    cycle_id: Set(cycle_id),
                    faculty_id: Set(faculty_id),
                    student_id: Set(*s),
                    position: Set(i32::try_from(i + 1)?),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        applicant_ranking::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    audit::record(
        &txn,
        entry.change(serde_json::json!(before), serde_json::json!(students)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Pairings

/// Why a pairing change was refused.
#[derive(Debug)]
pub enum PairingError {
    /// 409 with this message; nothing changed.
    Conflict(String),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for PairingError {
    fn from(e: anyhow::Error) -> Self {
        PairingError::Internal(e)
    }
}

impl From<DbErr> for PairingError {
    fn from(e: DbErr) -> Self {
        PairingError::Internal(e.into())
    }
}

/// A constraint the database refused (unique index or CHECK), as opposed to any other failure.
fn is_constraint(e: &DbErr) -> bool {
    if matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ) {
        return true;
    }
    let text = e.to_string().to_lowercase();
    text.contains("check constraint")
        || text.contains("constraint failed")
        || text.contains("violates check")
}

fn refused(e: DbErr, message: String) -> PairingError {
    if is_constraint(&e) {
        PairingError::Conflict(message)
    } else {
        PairingError::Internal(e.into())
    }
}

/// Who acts on a pairing.
pub struct Actor {
    pub id: Option<Id>,
    pub email: String,
}

async fn event(
    txn: &impl ConnectionTrait,
    pairing_id: Id,
    actor: &Actor,
    from: Option<PairingState>,
    to: PairingState,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    pairing_event::ActiveModel {
        pairing_id: Set(pairing_id),
        at: Set(Utc::now()),
        actor_id: Set(actor.id),
        actor_email: Set(actor.email.clone()),
        from_state: Set(from.map(|s| s.as_str().to_owned())),
        to_state: Set(to.as_str().to_owned()),
        reason: Set(reason.map(str::to_owned)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Creates a pairing in `state` (`requested` or `proposed`).
#[allow(clippy::too_many_arguments)]
pub async fn create_pairing(
    db: &DatabaseConnection,
    cycle_id: Id,
    student_id: Id,
    project: &Project,
    state: PairingState,
    source: PairingSource,
    actor: &Actor,
    entry: Entry,
) -> Result<Id, PairingError> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let inserted = pairing::ActiveModel {
        cycle_id: Set(cycle_id),
        student_id: Set(student_id),
        project_id: Set(project.id),
        faculty_id: Set(project.faculty.id),
        state: Set(state.as_str().to_owned()),
        source: Set(source.as_str().to_owned()),
        reason: Set(None),
        allocation_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        refused(
            e,
            format!(
                "student {student_id} already has a pairing in play for '{}'",
                project.title
            ),
        )
    })?;
    event(&txn, inserted.id, actor, None, state, None).await?;
    let mut e = entry;
    e.target_id = Some(inserted.id);
    e.after = Some(serde_json::json!({
        "student_id": student_id, "project_id": project.id, "state": state.as_str(), "source": source.as_str()
    }));
    audit::record(&txn, e).await?;
    let kind = if state == PairingState::Requested {
        NoticeKind::PairingRequested
    } else {
        NoticeKind::PairingProposed
    };
    let student_name = student_name(&txn, student_id).await?;
    notify_pair(
        &txn,
        student_id,
        project.faculty.id,
        kind,
        &format!(
            "{} — {}: {}",
            student_name,
            project.title,
            match state {
                PairingState::Requested => "requested; the advisor can endorse it",
                _ => "proposed; awaiting the program director's approval",
            }
        ),
        inserted.id,
        cycle_id,
    )
    .await?;
    txn.commit().await?;
    Ok(inserted.id)
}

async fn student_name(db: &impl ConnectionTrait, id: Id) -> anyhow::Result<String> {
    Ok(student::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|s| s.name)
        .unwrap_or_else(|| format!("student {id}")))
}

pub async fn pairing_row(
    db: &impl ConnectionTrait,
    id: Id,
) -> anyhow::Result<Option<pairing::Model>> {
    Ok(pairing::Entity::find_by_id(id).one(db).await?)
}

fn state_of(m: &pairing::Model) -> anyhow::Result<PairingState> {
    PairingState::parse(&m.state)
        .ok_or_else(|| anyhow!("pairing {} has unknown state '{}'", m.id, m.state))
}

/// Moves a pairing from one of `from` to `to` inside `txn`, keeping seat counters and the project's
/// `filled` status in step. The first statement is the write that claims the pairing.
async fn transition_in(
    txn: &impl ConnectionTrait,
    p: &pairing::Model,
    from: &[PairingState],
    to: PairingState,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<(), PairingError> {
    let was = state_of(p)?;
    let now = Utc::now();
    let mut update = pairing::Entity::update_many()
        .col_expr(pairing::Column::State, Expr::value(to.as_str()))
        .col_expr(pairing::Column::UpdatedAt, Expr::value(now))
        .filter(pairing::Column::Id.eq(p.id))
        .filter(pairing::Column::State.is_in(from.iter().map(|s| s.as_str())));
    if let Some(r) = reason {
        update = update.col_expr(pairing::Column::Reason, Expr::value(r));
    }
    let done = update.exec(txn).await.map_err(|e| {
        refused(
            e,
            format!(
                "student {} already has an approved pairing in this cycle",
                p.student_id
            ),
        )
    })?;
    if done.rows_affected != 1 {
        let now_state = pairing_row(txn, p.id)
            .await?
            .map(|m| m.state)
            .unwrap_or_else(|| "gone".into());
        return Err(PairingError::Conflict(format!(
            "pairing {} is {now_state}; only a {} pairing can become {}",
            p.id,
            from.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
            to.as_str()
        )));
    }
    let delta = match (was, to) {
        (_, PairingState::Approved) => 1,
        (PairingState::Approved, _) => -1,
        _ => 0,
    };
    if delta != 0 {
        change_seats(txn, p, delta).await?;
    }
    event(txn, p.id, actor, Some(was), to, reason).await?;
    Ok(())
}

/// Adds `delta` to the project's and advisor's approved seats (creating the rows with the current
/// capacities), then sets the project `filled` or back to `open`.
async fn change_seats(
    txn: &impl ConnectionTrait,
    p: &pairing::Model,
    delta: i32,
) -> Result<(), PairingError> {
    let proj = project::Entity::find_by_id(p.project_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow!("pairing {} names a missing project", p.id))?;
    let adv = faculty::Entity::find_by_id(p.faculty_id)
        .one(txn)
        .await?
        .ok_or_else(|| anyhow!("pairing {} names a missing advisor", p.id))?;
    project_seat::Entity::insert(project_seat::ActiveModel {
        cycle_id: Set(p.cycle_id),
        project_id: Set(p.project_id),
        approved: Set(0),
        capacity: Set(proj.capacity),
    })
    .on_conflict(
        OnConflict::columns([
            project_seat::Column::CycleId,
            project_seat::Column::ProjectId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    project_seat::Entity::update_many()
        .col_expr(
            project_seat::Column::Approved,
            Expr::col(project_seat::Column::Approved).add(delta),
        )
        .filter(project_seat::Column::CycleId.eq(p.cycle_id))
        .filter(project_seat::Column::ProjectId.eq(p.project_id))
        .exec(txn)
        .await
        .map_err(|e| {
            refused(
                e,
                format!(
                    "'{}' is full: its capacity is {} and that many pairings are approved",
                    proj.title, proj.capacity
                ),
            )
        })?;
    advisor_seat::Entity::insert(advisor_seat::ActiveModel {
        cycle_id: Set(p.cycle_id),
        faculty_id: Set(p.faculty_id),
        approved: Set(0),
        capacity: Set(adv.capacity),
    })
    .on_conflict(
        OnConflict::columns([
            advisor_seat::Column::CycleId,
            advisor_seat::Column::FacultyId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    advisor_seat::Entity::update_many()
        .col_expr(
            advisor_seat::Column::Approved,
            Expr::col(advisor_seat::Column::Approved).add(delta),
        )
        .filter(advisor_seat::Column::CycleId.eq(p.cycle_id))
        .filter(advisor_seat::Column::FacultyId.eq(p.faculty_id))
        .exec(txn)
        .await
        .map_err(|e| {
            refused(
                e,
                format!(
                    "{} is at thesis capacity: {} approved of {}",
                    adv.name, adv.capacity, adv.capacity
                ),
            )
        })?;
    let seats = project_seat::Entity::find_by_id((p.cycle_id, p.project_id))
        .one(txn)
        .await?
        .context("seat row vanished")?;
    let status = ProjectStatus::parse(&proj.status)
        .ok_or_else(|| anyhow!("project {} has unknown status '{}'", proj.id, proj.status))?;
    let next = if seats.approved >= seats.capacity {
        Some(ProjectStatus::Filled)
    } else if status == ProjectStatus::Filled {
        Some(ProjectStatus::Open)
    } else {
        None
    };
    if let Some(next) = next.filter(|n| *n != status) {
        project::ActiveModel {
            id: Set(proj.id),
            status: Set(next.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(txn)
        .await?;
        super::catalog::touch_projects(txn, &[proj.id]).await?;
    }
    Ok(())
}

/// Keeps the current cycle's seat rows in step with a capacity edit; refuses (409) a capacity
/// below what is already approved.
pub async fn set_project_capacity(
    txn: &impl ConnectionTrait,
    project_id: Id,
    capacity: u32,
) -> Result<(), PairingError> {
    let cap = i32::try_from(capacity).map_err(anyhow::Error::from)?;
    project_seat::Entity::update_many()
        .col_expr(project_seat::Column::Capacity, Expr::value(cap))
        .filter(project_seat::Column::ProjectId.eq(project_id))
        .filter(
            project_seat::Column::CycleId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(cycle::Column::Id)
                    .from(cycle::Entity)
                    .and_where(cycle::Column::IsCurrent.eq(true))
                    .to_owned(),
            ),
        )
        .exec(txn)
        .await
        .map_err(|e| {
            refused(
                e,
                format!(
                    "capacity {capacity} is below the pairings already approved for this project"
                ),
            )
        })?;
    Ok(())
}

/// The same for an advisor's thesis capacity.
pub async fn set_advisor_capacity(
    txn: &impl ConnectionTrait,
    faculty_id: Id,
    capacity: u32,
) -> Result<(), PairingError> {
    let cap = i32::try_from(capacity).map_err(anyhow::Error::from)?;
    advisor_seat::Entity::update_many()
        .col_expr(advisor_seat::Column::Capacity, Expr::value(cap))
        .filter(advisor_seat::Column::FacultyId.eq(faculty_id))
        .filter(
            advisor_seat::Column::CycleId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(cycle::Column::Id)
                    .from(cycle::Entity)
                    .and_where(cycle::Column::IsCurrent.eq(true))
                    .to_owned(),
            ),
        )
        .exec(txn)
        .await
        .map_err(|e| refused(e, format!("thesis capacity {capacity} is below the pairings already approved for this advisor")))?;
    Ok(())
}

/// One decision in a batch.
pub struct Decision {
    pub pairing: pairing::Model,
    pub from: Vec<PairingState>,
    pub to: PairingState,
    pub reason: Option<String>,
}

/// Applies every decision in one transaction (all or nothing), with history, audit and inbox.
pub async fn decide(
    db: &DatabaseConnection,
    decisions: Vec<Decision>,
    actor: &Actor,
    audit_of: impl Fn(&Decision) -> Entry,
) -> Result<(), PairingError> {
    let txn = db.begin().await?;
    for d in &decisions {
        transition_in(&txn, &d.pairing, &d.from, d.to, d.reason.as_deref(), actor).await?;
    }
    for d in &decisions {
        let p = &d.pairing;
        let mut e = audit_of(d);
        e.target_id = Some(p.id);
        e.before = Some(serde_json::json!({"state": p.state}));
        e.after = Some(serde_json::json!({"state": d.to.as_str()}));
        e.reason = d.reason.clone();
        audit::record(&txn, e).await?;
        let title = project::Entity::find_by_id(p.project_id)
            .one(&txn)
            .await?
            .map(|m| m.title)
            .unwrap_or_default();
        let name = student_name(&txn, p.student_id).await?;
        let (kind, text) = match d.to {
            PairingState::Approved => (
                NoticeKind::PairingApproved,
                format!("{name} — {title}: approved."),
            ),
            PairingState::Rejected => (
                NoticeKind::PairingRejected,
                format!(
                    "{name} — {title}: rejected. Reason: {}",
                    d.reason.as_deref().unwrap_or("none given")
                ),
            ),
            PairingState::Withdrawn => (
                NoticeKind::PairingWithdrawn,
                format!("{name} — {title}: withdrawn."),
            ),
            PairingState::Proposed => (
                NoticeKind::PairingProposed,
                format!(
                    "{name} — {title}: endorsed by the advisor; awaiting the program director's approval."
                ),
            ),
            PairingState::Requested => continue,
        };
        notify_pair(
            &txn,
            p.student_id,
            p.faculty_id,
            kind,
            &text,
            p.id,
            p.cycle_id,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A validated `GET /api/pairings` filter. `visible_to` narrows to what a non-director may see.
#[derive(Debug, Clone, Default)]
pub struct PairingFilter {
    pub state: Option<PairingState>,
    pub project: Option<Id>,
    pub faculty: Option<Id>,
    pub student: Option<Id>,
    /// Only pairings of this student.
    pub only_student: Option<Id>,
    /// Only pairings of projects this faculty member advises or co-mentors.
    pub only_faculty: Option<Id>,
}

pub async fn pairings(
    db: &impl ConnectionTrait,
    cycle_id: Id,
    f: &PairingFilter,
) -> anyhow::Result<Vec<Pairing>> {
    let mut q = pairing::Entity::find().filter(pairing::Column::CycleId.eq(cycle_id));
    if let Some(s) = f.state {
        q = q.filter(pairing::Column::State.eq(s.as_str()));
    }
    if let Some(p) = f.project {
        q = q.filter(pairing::Column::ProjectId.eq(p));
    }
    if let Some(fid) = f.faculty {
        q = q.filter(pairing::Column::FacultyId.eq(fid));
    }
    for s in [f.student, f.only_student].into_iter().flatten() {
        q = q.filter(pairing::Column::StudentId.eq(s));
    }
    if let Some(fid) = f.only_faculty {
        let co_mentored = sea_orm::sea_query::Query::select()
            .column(project::Column::Id)
            .from(project::Entity)
            .and_where(project::Column::CoMentorId.eq(fid))
            .to_owned();
        q = q.filter(
            Condition::any()
                .add(pairing::Column::FacultyId.eq(fid))
                .add(pairing::Column::ProjectId.in_subquery(co_mentored)),
        );
    }
    let rows = q.order_by_asc(pairing::Column::Id).all(db).await?;
    hydrate_pairings(db, rows).await
}

pub async fn hydrate_pairings(
    db: &impl ConnectionTrait,
    rows: Vec<pairing::Model>,
) -> anyhow::Result<Vec<Pairing>> {
    let projects = projects_by_id(db, rows.iter().map(|p| p.project_id)).await?;
    let sids: HashSet<Id> = rows.iter().map(|p| p.student_id).collect();
    let names: HashMap<Id, String> = if sids.is_empty() {
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
    let ids: Vec<Id> = rows.iter().map(|p| p.id).collect();
    let mut history: HashMap<Id, Vec<PairingEvent>> = HashMap::new();
    if !ids.is_empty() {
        for e in pairing_event::Entity::find()
            .filter(pairing_event::Column::PairingId.is_in(ids))
            .order_by_asc(pairing_event::Column::Id)
            .all(db)
            .await?
        {
            let parse = |s: &str| {
                PairingState::parse(s)
                    .ok_or_else(|| anyhow!("pairing event {} has unknown state '{s}'", e.id))
            };
            let ev = PairingEvent {
                at: e.at.to_rfc3339(),
                actor_email: e.actor_email.clone(),
                from: e.from_state.as_deref().map(parse).transpose()?,
                to: parse(&e.to_state)?,
                reason: e.reason.clone(),
            };
            history.entry(e.pairing_id).or_default().push(ev);
        }
    }
    rows.into_iter()
        .map(|p| {
            let project = projects
                .get(&p.project_id)
                .with_context(|| format!("pairing {} names a missing project", p.id))?;
            Ok(Pairing {
                state: state_of(&p)?,
                source: PairingSource::parse(&p.source)
                    .ok_or_else(|| anyhow!("pairing {} has unknown source '{}'", p.id, p.source))?,
                student_name: names.get(&p.student_id).cloned().unwrap_or_default(),
                project: brief(project),
                history: history.remove(&p.id).unwrap_or_default(),
                id: p.id,
                cycle_id: p.cycle_id,
                student_id: p.student_id,
                reason: p.reason,
                created_at: p.created_at.to_rfc3339(),
                updated_at: p.updated_at.to_rfc3339(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Inbox

async fn user_of(
    db: &impl ConnectionTrait,
    student_id: Option<Id>,
    faculty_id: Option<Id>,
) -> anyhow::Result<Option<Id>> {
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
    user_id: Id,
    kind: NoticeKind,
    text: &str,
    pairing_id: Option<Id>,
    cycle_id: Option<Id>,
) -> anyhow::Result<()> {
    notification::ActiveModel {
        user_id: Set(user_id),
        at: Set(Utc::now()),
        kind: Set(kind.as_str().to_owned()),
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
async fn notify_pair(
    db: &impl ConnectionTrait,
    student_id: Id,
    faculty_id: Id,
    kind: NoticeKind,
    text: &str,
    pairing_id: Id,
    cycle_id: Id,
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

pub async fn inbox(db: &impl ConnectionTrait, user_id: Id) -> anyhow::Result<Inbox> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|n| {
            Ok(Notice {
                kind: NoticeKind::parse(&n.kind).ok_or_else(|| {
                    anyhow!("notification {} has unknown kind '{}'", n.id, n.kind)
                })?,
                id: n.id,
                at: n.at.to_rfc3339(),
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

/// Marks one (or, with `None`, every) notice of the user read; returns how many changed.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: Id,
    id: Option<Id>,
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
    only: Option<Id>,
) -> anyhow::Result<usize> {
    let cycle = current(db).await?;
    let deadline = DateTime::parse_from_rfc3339(&cycle.ranking_deadline)?.with_timezone(&Utc);
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
        .filter(notification::Column::Kind.eq(NoticeKind::DeadlineSoon.as_str()))
        .filter(notification::Column::CycleId.eq(cycle.id));
    if let Some(sid) = only {
        certified_q = certified_q.filter(rank_list::Column::StudentId.eq(sid));
        reminded_q =
            reminded_q.filter(notification::Column::UserId.is_in(accounts.iter().map(|u| u.id)));
    }
    let certified: HashSet<Id> = certified_q
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.student_id)
        .collect();
    let reminded: HashSet<Id> = reminded_q
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

// ---------------------------------------------------------------------------------------------
// Dashboard

pub async fn seat_counts(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<(HashMap<Id, u32>, HashMap<Id, u32>)> {
    let mut projects = HashMap::new();
    for s in project_seat::Entity::find()
        .filter(project_seat::Column::CycleId.eq(cycle_id))
        .all(db)
        .await?
    {
        projects.insert(s.project_id, u32::try_from(s.approved)?);
    }
    let mut advisors = HashMap::new();
    for s in advisor_seat::Entity::find()
        .filter(advisor_seat::Column::CycleId.eq(cycle_id))
        .all(db)
        .await?
    {
        advisors.insert(s.faculty_id, u32::try_from(s.approved)?);
    }
    Ok((projects, advisors))
}

/// Students by list state: certified (and unchanged), draft, none.
pub async fn list_states(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<(u32, u32, u32)> {
    let students = student::Entity::find().all(db).await?.len();
    let certified = certified_lists(db, cycle_id).await?;
    let drafts = lists(db, cycle_id, DRAFT, None).await?;
    let with_list: HashSet<Id> = drafts.keys().chain(certified.keys()).copied().collect();
    let done = with_list
        .iter()
        .filter(|s| {
            certified
                .get(s)
                .is_some_and(|c| drafts.get(s).is_none_or(|d| d == c))
        })
        .count();
    let draft = with_list.len() - done;
    let none = students.saturating_sub(with_list.len());
    Ok((
        u32::try_from(done)?,
        u32::try_from(draft)?,
        u32::try_from(none)?,
    ))
}

pub fn faculty_ref(f: &faculty::Model) -> FacultyRef {
    FacultyRef {
        id: f.id,
        slug: f.slug.clone(),
        name: f.name.clone(),
        title: f.title.clone(),
        department: f.department.clone(),
    }
}

pub async fn all_faculty_rows(db: &impl ConnectionTrait) -> anyhow::Result<Vec<faculty::Model>> {
    Ok(faculty::Entity::find()
        .order_by_asc(faculty::Column::Name)
        .all(db)
        .await?)
}

pub async fn all_pairing_rows(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<Vec<pairing::Model>> {
    Ok(pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(cycle_id))
        .order_by_asc(pairing::Column::Id)
        .all(db)
        .await?)
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
