use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "advisor_seats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: shared::CycleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub faculty_id: shared::FacultyId,
    pub approved: i32,
    pub capacity: i32,
}

impl ActiveModelBehavior for ActiveModel {}
