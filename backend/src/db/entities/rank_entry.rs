use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rank_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: shared::CycleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: shared::StudentId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: ListVersion,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub project_id: shared::ProjectId,
}

impl ActiveModelBehavior for ActiveModel {}

/// Which version of a student's rank list a row belongs to: the working `draft`, or the `certified`
/// copy that alone counts (applicants, allocation input, the rankings CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, DeriveActiveEnum, EnumIter)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum ListVersion {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "certified")]
    Certified,
}
