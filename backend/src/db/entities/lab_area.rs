use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lab_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub lab_id: shared::LabId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: shared::AreaId,
}

impl ActiveModelBehavior for ActiveModel {}
