use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applicant_rankings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: shared::CycleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub faculty_id: shared::FacultyId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: shared::StudentId,
    pub position: i32,
}

impl ActiveModelBehavior for ActiveModel {}
