//! Rank lists: each student's working (`draft`) and `certified` list of projects, and the
//! certified lists read back per project (applications) or for the whole cycle.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use shared::{
    Cycle, CycleId, Project, ProjectBrief, ProjectId, RankList, RankedProject, StudentId,
};

use crate::db::audit::{self, Entry};
use crate::db::catalogue::read;
use crate::db::entities::rank_entry::ListVersion;
use crate::db::entities::{project, rank_entry, rank_list};

pub const DRAFT: ListVersion = ListVersion::Draft;
pub const CERTIFIED: ListVersion = ListVersion::Certified;

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
    cycle_id: CycleId,
    student_id: StudentId,
    version: ListVersion,
) -> anyhow::Result<Vec<ProjectId>> {
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
    ids: impl IntoIterator<Item = ProjectId>,
) -> anyhow::Result<HashMap<ProjectId, Project>> {
    let ids: Vec<ProjectId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = project::Entity::find()
        .filter(project::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(read::hydrate_projects(db, rows)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

fn ranked(
    ids: &[ProjectId],
    projects: &HashMap<ProjectId, Project>,
) -> anyhow::Result<Vec<RankedProject>> {
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
    student_id: StudentId,
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
        certified_at,
        changed_since_certified: certified_at.is_some() && draft != certified,
        cycle: cycle.clone(),
    })
}

async fn write_version(
    txn: &impl ConnectionTrait,
    cycle_id: CycleId,
    student_id: StudentId,
    version: ListVersion,
    ids: &[ProjectId],
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
                    version: Set(version),
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
    cycle_id: CycleId,
    student_id: StudentId,
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
    cycle_id: CycleId,
    student_id: StudentId,
    ids: &[ProjectId],
    entry: Entry,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    // Write first: on SQLite this takes the writer lock before anything is read, so two saves
    // wait for each other (busy timeout) instead of one failing to upgrade a stale read snapshot.
    touch_list(&txn, cycle_id, student_id, None).await?;
    let before = entries(&txn, cycle_id, student_id, DRAFT).await?;
    write_version(&txn, cycle_id, student_id, DRAFT, ids).await?;
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
    cycle_id: CycleId,
    student_id: StudentId,
    entry: Entry,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    // Write first (see `save_draft`).
    touch_list(&txn, cycle_id, student_id, Some(Utc::now())).await?;
    let draft = entries(&txn, cycle_id, student_id, DRAFT).await?;
    let before = entries(&txn, cycle_id, student_id, CERTIFIED).await?;
    write_version(&txn, cycle_id, student_id, CERTIFIED, &draft).await?;
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
    cycle_id: CycleId,
    projects: &[ProjectId],
) -> anyhow::Result<Vec<(StudentId, ProjectId, u32)>> {
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
    cycle_id: CycleId,
) -> anyhow::Result<BTreeMap<StudentId, Vec<ProjectId>>> {
    lists(db, cycle_id, CERTIFIED, None).await
}

/// One version of every list of the cycle (or of one student's): student → project ids, first
/// choice first. One query.
pub async fn lists(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    version: ListVersion,
    student: Option<StudentId>,
) -> anyhow::Result<BTreeMap<StudentId, Vec<ProjectId>>> {
    let mut q = rank_entry::Entity::find()
        .filter(rank_entry::Column::CycleId.eq(cycle_id))
        .filter(rank_entry::Column::Version.eq(version));
    if let Some(s) = student {
        q = q.filter(rank_entry::Column::StudentId.eq(s));
    }
    let mut out: BTreeMap<StudentId, Vec<ProjectId>> = BTreeMap::new();
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
