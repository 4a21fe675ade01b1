//! The disclosure record: every read of students' data by someone else — who, when, from where,
//! which route, and which students. A read naming many students (a list, a CSV file) is one
//! `disclosures` row and one `disclosure_students` row per student, written in batched statements
//! in one transaction; the caller writes it before it answers, so nothing is shown off the record.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use shared::{Disclosure, DisclosureRoute, Page, StudentId, UserId};

use super::entities::{disclosure, disclosure_student};
use crate::principal::CurrentUser;

/// Rows per INSERT of `disclosure_students` (two parameters each: far below every backend's cap).
const BATCH: usize = 1_000;

/// Records that `reader` read the data of `students` through `route`. Nothing is written when the
/// set is empty.
pub async fn record(
    db: &DatabaseConnection,
    reader: &CurrentUser,
    route: DisclosureRoute,
    students: BTreeSet<StudentId>,
) -> anyhow::Result<()> {
    if students.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    let row = disclosure::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(Some(reader.id)),
        actor_email: Set(reader.email.to_string()),
        actor_role: Set(reader.role),
        client_addr: Set(Some(reader.client_addr.clone())),
        route: Set(route),
        students: Set(i32::try_from(students.len()).unwrap_or(i32::MAX)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ids: Vec<StudentId> = students.into_iter().collect();
    for chunk in ids.chunks(BATCH) {
        disclosure_student::Entity::insert_many(chunk.iter().map(|&s| {
            disclosure_student::ActiveModel {
                disclosure_id: Set(row.id),
                student_id: Set(s),
            }
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

fn to_shared(m: disclosure::Model) -> Disclosure {
    Disclosure {
        id: m.id,
        at: m.at,
        actor_email: m.actor_email,
        actor_role: m.actor_role,
        route: m.route,
        students: u32::try_from(m.students).unwrap_or(0),
    }
}

fn of_student_query(student: StudentId) -> sea_orm::Select<disclosure::Entity> {
    let ids = sea_orm::sea_query::Query::select()
        .column(disclosure_student::Column::DisclosureId)
        .from(disclosure_student::Entity)
        .and_where(disclosure_student::Column::StudentId.eq(student))
        .to_owned();
    disclosure::Entity::find()
        .filter(disclosure::Column::Id.in_subquery(ids))
        .order_by_desc(disclosure::Column::Id)
}

/// One page of the reads of `student`'s data, newest first.
pub async fn of_student(
    db: &impl ConnectionTrait,
    student: StudentId,
    page: u64,
    per_page: u64,
) -> anyhow::Result<Page<Disclosure>> {
    let pages = of_student_query(student).paginate(db, per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(page.saturating_sub(1)).await?;
    Ok(Page {
        items: rows.into_iter().map(to_shared).collect(),
        total,
        page,
        per_page,
    })
}

/// Every read of `student`'s data, oldest first (for their export).
pub async fn all_of_student(
    db: &impl ConnectionTrait,
    student: StudentId,
) -> anyhow::Result<Vec<Disclosure>> {
    let mut rows = of_student_query(student).all(db).await?;
    rows.reverse();
    Ok(rows.into_iter().map(to_shared).collect())
}

/// Every read of students' data `actor` made, oldest first (for their export).
pub async fn made_by(db: &impl ConnectionTrait, actor: UserId) -> anyhow::Result<Vec<Disclosure>> {
    Ok(disclosure::Entity::find()
        .filter(disclosure::Column::ActorId.eq(actor))
        .order_by_asc(disclosure::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_shared)
        .collect())
}
