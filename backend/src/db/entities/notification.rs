use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::NoticeId,
    pub user_id: shared::UserId,
    pub at: ChronoDateTimeUtc,
    pub kind: shared::NoticeKind,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub pairing_id: Option<shared::PairingId>,
    pub cycle_id: Option<shared::CycleId>,
    pub read_at: Option<ChronoDateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
