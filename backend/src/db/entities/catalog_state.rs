use sea_orm::entity::prelude::*;

/// One row (id 1): the catalogue and taxonomy versions every server process polls.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub version: i64,
    pub taxonomy_version: i64,
}

impl ActiveModelBehavior for ActiveModel {}
