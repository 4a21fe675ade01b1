use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rank_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: i32,
    /// `draft` | `certified`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub project_id: i32,
}

impl ActiveModelBehavior for ActiveModel {}
