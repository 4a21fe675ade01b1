use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faculty_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub faculty_id: shared::FacultyId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: shared::AreaId,
}

impl ActiveModelBehavior for ActiveModel {}
