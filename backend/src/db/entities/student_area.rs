use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "student_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: shared::StudentId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: shared::AreaId,
}

impl ActiveModelBehavior for ActiveModel {}
