use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "labs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::LabId,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(unique)]
    pub name: String,
    pub school: String,
    pub department: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
}

impl ActiveModelBehavior for ActiveModel {}
