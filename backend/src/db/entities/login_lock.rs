use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_locks")]
pub struct Model {
    /// `account:<e-mail tried>` or `addr:<client address>`: the row a sign-in attempt locks before
    /// it counts that key's failures.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub touched_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
