use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::RunId,
    pub cycle_id: shared::CycleId,
    pub created_at: ChronoDateTimeUtc,
    pub created_by: String,
    pub optimal: shared::AllocationOptimal,
    pub mode: shared::AllocationMode,
    pub input_hash: String,
    /// The engine's input (`engine::allocation::Instance`) as JSON.
    #[sea_orm(column_type = "Text")]
    pub input: String,
    /// The stored `shared::AllocationRun` (without id and publication) as JSON.
    #[sea_orm(column_type = "Text")]
    pub result: String,
    pub published_at: Option<ChronoDateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
