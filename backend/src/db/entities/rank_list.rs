use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rank_lists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: shared::CycleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: shared::StudentId,
    pub certified_at: Option<ChronoDateTimeUtc>,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
