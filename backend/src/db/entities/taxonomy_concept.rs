use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "taxonomy_concepts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `None` for general (cross-area) concepts.
    pub area_id: Option<shared::AreaId>,
    #[sea_orm(unique)]
    pub term: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub aliases: String,
    pub kind: String,
    /// Order within the file, so a round trip keeps the director's ordering.
    pub position: i32,
}

impl ActiveModelBehavior for ActiveModel {}
