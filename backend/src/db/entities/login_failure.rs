use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The e-mail tried, lower-cased.
    pub email: String,
    pub client_addr: String,
    pub at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
