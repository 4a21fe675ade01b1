use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::CycleId,
    pub name: String,
    /// Checked by the database.
    pub phase: shared::Phase,
    pub ranking_deadline: ChronoDateTimeUtc,
    pub max_ranked: i32,
    pub is_current: bool,
    pub created_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
