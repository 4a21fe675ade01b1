//! Applicant rankings: each faculty member's own order of the students who applied.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use shared::{CycleId, FacultyId, StudentId};

use crate::db::audit::{self, Entry};
use crate::db::entities::applicant_ranking;

/// The faculty member's own order of students (their ranking, best first).
pub async fn applicant_order(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    faculty_id: FacultyId,
) -> anyhow::Result<Vec<StudentId>> {
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
    cycle_id: CycleId,
    faculty_id: FacultyId,
    students: &[StudentId],
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
