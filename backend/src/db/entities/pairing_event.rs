use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pairing_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pairing_id: shared::PairingId,
    pub at: ChronoDateTimeUtc,
    pub actor_id: Option<shared::UserId>,
    pub actor_email: String,
    pub from_state: Option<shared::PairingState>,
    pub to_state: shared::PairingState,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
