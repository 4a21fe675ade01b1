use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "research_areas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::AreaId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub keywords: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub mesh_headings: String,
}

impl ActiveModelBehavior for ActiveModel {}
