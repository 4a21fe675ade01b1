//! Pairings of a student with a project: creation, the state machine's transitions (with their
//! history, audit entries and inbox notices), the filtered list and its hydration.
//!
//! Every transition to or from `approved` moves the seat counters (see [`super::seats`]) in the
//! same transaction; a refusal by the database comes back as [`crate::db::Error::Conflict`].

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use shared::{
    CycleId, FacultyId, NoticeKind, Pairing, PairingEvent, PairingId, PairingSource, PairingState,
    Project, ProjectId, Role, StudentId, UserId,
};

use super::notifications::notify_pair;
use super::rank_lists::{brief, projects_by_id};
use super::seats::change_seats;
use crate::db::audit::{self, Entry};
use crate::db::entities::{pairing, pairing_event, project, student, user};

pub(super) use crate::db::error::refused;

/// Who acts on a pairing.
pub struct Actor {
    pub id: Option<UserId>,
    pub email: String,
}

async fn event(
    txn: &impl ConnectionTrait,
    pairing_id: PairingId,
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
        from_state: Set(from),
        to_state: Set(to),
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
    cycle_id: CycleId,
    student_id: StudentId,
    project: &Project,
    state: PairingState,
    source: PairingSource,
    actor: &Actor,
    entry: Entry,
) -> Result<PairingId, crate::db::Error> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let inserted = pairing::ActiveModel {
        cycle_id: Set(cycle_id),
        student_id: Set(student_id),
        project_id: Set(project.id),
        faculty_id: Set(project.faculty.id),
        state: Set(state),
        source: Set(source),
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
    e.target_id = Some(inserted.id.get());
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

async fn student_name(db: &impl ConnectionTrait, id: StudentId) -> anyhow::Result<String> {
    Ok(student::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|s| s.name)
        .unwrap_or_else(|| format!("student {id}")))
}

pub(in crate::db) async fn pairing_row(
    db: &impl ConnectionTrait,
    id: PairingId,
) -> anyhow::Result<Option<pairing::Model>> {
    Ok(pairing::Entity::find_by_id(id).one(db).await?)
}

/// Moves pairing `id` from one of `from` to `to` inside `txn`, keeping seat counters and the
/// project's `filled` status in step; returns the row as it was before (the state replaced).
///
/// A compare-and-set: the first statement claims the pairing's row with a write that changes
/// nothing (a row lock on PostgreSQL, so a racing transition of the same pairing waits for this one;
/// the writer lock on SQLite, taken before anything is read, so no snapshot goes stale); then the
/// row is read inside the transaction, and the state is changed by `UPDATE … WHERE id = ? AND
/// state = <the state read>`. Zero rows changed means somebody else moved first: a 409, nothing
/// changed. The seat change follows the state actually replaced: leaving `approved` frees a seat,
/// entering it takes one, anything else moves none.
async fn transition_in(
    txn: &impl ConnectionTrait,
    id: PairingId,
    from: &[PairingState],
    to: PairingState,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<pairing::Model, crate::db::Error> {
    let claimed = pairing::Entity::update_many()
        .col_expr(
            pairing::Column::UpdatedAt,
            Expr::col(pairing::Column::UpdatedAt),
        )
        .filter(pairing::Column::Id.eq(id))
        .exec(txn)
        .await?;
    let Some(p) = pairing_row(txn, id)
        .await?
        .filter(|_| claimed.rows_affected == 1)
    else {
        return Err(crate::db::Error::NotFound);
    };
    let was = p.state;
    if !from.contains(&was) {
        return Err(crate::db::Error::Refused(format!(
            "pairing {id} is {was}; only a {} pairing can become {to} (nothing changed)",
            from.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
        )));
    }
    let mut update = pairing::Entity::update_many()
        .col_expr(pairing::Column::State, Expr::value(to.as_str()))
        .col_expr(pairing::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(pairing::Column::Id.eq(id))
        .filter(pairing::Column::State.eq(was.as_str()));
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
        return Err(crate::db::Error::Refused(format!(
            "pairing {id} changed while it was being made {to}: it is no longer {was}; nothing \
             changed, reload it and decide again"
        )));
    }
    let delta = match (was, to) {
        (PairingState::Approved, PairingState::Approved) => 0,
        (_, PairingState::Approved) => 1,
        (PairingState::Approved, _) => -1,
        _ => 0,
    };
    if delta != 0 {
        change_seats(txn, &p, delta).await?;
    }
    event(txn, id, actor, Some(was), to, reason).await?;
    Ok(p)
}

/// One decision in a batch.
pub struct Decision {
    pub(in crate::db) pairing: pairing::Model,
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
) -> Result<(), crate::db::Error> {
    let txn = db.begin().await?;
    // In id order, so two batches naming the same pairings claim them in the same order and never
    // wait for each other in a circle.
    let mut order: Vec<&Decision> = decisions.iter().collect();
    order.sort_by_key(|d| d.pairing.id);
    let mut replaced = Vec::with_capacity(order.len());
    for d in order {
        let was = transition_in(
            &txn,
            d.pairing.id,
            &d.from,
            d.to,
            d.reason.as_deref(),
            actor,
        )
        .await
        .map_err(|e| match e {
            crate::db::Error::NotFound => crate::db::Error::Refused(format!(
                "pairing {} is gone; nothing changed",
                d.pairing.id
            )),
            other => other,
        })?;
        replaced.push((d, was));
    }
    for (d, p) in &replaced {
        let mut e = audit_of(d);
        e.target_id = Some(p.id.get());
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
    pub project: Option<ProjectId>,
    pub faculty: Option<FacultyId>,
    pub student: Option<StudentId>,
    /// Only pairings of this student.
    pub only_student: Option<StudentId>,
    /// Only pairings of projects this faculty member advises or co-mentors.
    pub only_faculty: Option<FacultyId>,
}

pub async fn pairings(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
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

pub(in crate::db) async fn hydrate_pairings(
    db: &impl ConnectionTrait,
    rows: Vec<pairing::Model>,
) -> anyhow::Result<Vec<Pairing>> {
    let projects = projects_by_id(db, rows.iter().map(|p| p.project_id)).await?;
    let sids: HashSet<StudentId> = rows.iter().map(|p| p.student_id).collect();
    let contacts = crate::db::catalogue::read::student_contacts(db, sids).await?;
    let ids: Vec<PairingId> = rows.iter().map(|p| p.id).collect();
    let mut history: HashMap<PairingId, Vec<PairingEvent>> = HashMap::new();
    if !ids.is_empty() {
        let events = pairing_event::Entity::find()
            .filter(pairing_event::Column::PairingId.is_in(ids))
            .order_by_asc(pairing_event::Column::Id)
            .all(db)
            .await?;
        let actors: HashSet<UserId> = events.iter().filter_map(|e| e.actor_id).collect();
        let roles: HashMap<UserId, Role> = if actors.is_empty() {
            HashMap::new()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(actors))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u.role))
                .collect()
        };
        for e in events {
            let ev = PairingEvent {
                at: e.at,
                actor_role: e.actor_id.and_then(|a| roles.get(&a).copied()),
                actor_email: Some(e.actor_email.clone()),
                from: e.from_state,
                to: e.to_state,
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
            let (student_name, student_email) = contacts
                .get(&p.student_id)
                .cloned()
                .with_context(|| format!("pairing {} names a missing student", p.id))?;
            Ok(Pairing {
                state: p.state,
                source: p.source,
                student_name,
                student_email: Some(student_email),
                project: brief(project),
                history: history.remove(&p.id).unwrap_or_default(),
                id: p.id,
                cycle_id: p.cycle_id,
                student_id: p.student_id,
                reason: p.reason,
                created_at: p.created_at,
                updated_at: p.updated_at,
            })
        })
        .collect()
}

/// One pairing with its project, student name and history; `None` if there is no such pairing.
pub async fn pairing(db: &impl ConnectionTrait, id: PairingId) -> anyhow::Result<Option<Pairing>> {
    let Some(row) = pairing_row(db, id).await? else {
        return Ok(None);
    };
    Ok(hydrate_pairings(db, vec![row]).await?.pop())
}

/// A decision to move pairing `id` from one of `from` to `to` (for [`decide`]); `None` if there
/// is no such pairing.
pub async fn decision(
    db: &impl ConnectionTrait,
    id: PairingId,
    from: &[PairingState],
    to: PairingState,
    reason: Option<String>,
) -> anyhow::Result<Option<Decision>> {
    Ok(pairing_row(db, id).await?.map(|pairing| Decision {
        pairing,
        from: from.to_vec(),
        to,
        reason,
    }))
}

impl Decision {
    pub fn pairing_id(&self) -> PairingId {
        self.pairing.id
    }

    pub fn student_id(&self) -> StudentId {
        self.pairing.student_id
    }

    pub fn project_id(&self) -> ProjectId {
        self.pairing.project_id
    }
}
