use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pairing_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pairing_id: i32,
    pub at: ChronoDateTimeUtc,
    pub actor_id: Option<i32>,
    pub actor_email: String,
    pub from_state: Option<String>,
    pub to_state: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
