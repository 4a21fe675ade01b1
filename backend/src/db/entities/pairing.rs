use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pairings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::PairingId,
    pub cycle_id: shared::CycleId,
    pub student_id: shared::StudentId,
    pub project_id: shared::ProjectId,
    /// The project's advisor when the pairing was made (seat counting).
    pub faculty_id: shared::FacultyId,
    pub state: shared::PairingState,
    pub source: shared::PairingSource,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub allocation_id: Option<shared::RunId>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
