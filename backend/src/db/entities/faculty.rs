use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faculty")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::FacultyId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub title: String,
    #[sea_orm(unique)]
    pub email: shared::Email,
    pub school: String,
    pub department: String,
    pub lab_id: Option<shared::LabId>,
    #[sea_orm(column_type = "Text")]
    pub bio: String,
    pub capacity: i32,
    pub accepting_students: bool,
}

impl ActiveModelBehavior for ActiveModel {}
