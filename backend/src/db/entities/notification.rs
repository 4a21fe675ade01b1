use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub at: ChronoDateTimeUtc,
    /// `shared::NoticeKind` spelling.
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub pairing_id: Option<i32>,
    pub cycle_id: Option<i32>,
    pub read_at: Option<ChronoDateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
