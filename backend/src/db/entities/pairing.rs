use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pairings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cycle_id: i32,
    pub student_id: i32,
    pub project_id: i32,
    /// The project's advisor when the pairing was made (seat counting).
    pub faculty_id: i32,
    /// `shared::PairingState` spelling.
    pub state: String,
    /// `shared::PairingSource` spelling.
    pub source: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub allocation_id: Option<i32>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
