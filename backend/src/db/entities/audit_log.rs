use sea_orm::entity::prelude::*;

/// Append-only: database triggers refuse UPDATE and DELETE.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: ChronoDateTimeUtc,
    pub actor_id: Option<shared::UserId>,
    pub actor_email: String,
    pub action: shared::AuditAction,
    pub target_kind: shared::TargetKind,
    pub target_id: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub before: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub after: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub client_addr: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
