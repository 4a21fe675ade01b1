use sea_orm::entity::prelude::*;

/// One read of students' data by someone other than the student. Append-only: database triggers
/// refuse UPDATE and DELETE.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: ChronoDateTimeUtc,
    pub actor_id: Option<shared::UserId>,
    pub actor_email: String,
    pub actor_role: shared::Role,
    pub client_addr: Option<String>,
    pub route: shared::DisclosureRoute,
    /// How many `disclosure_students` rows the read wrote.
    pub students: i32,
}

impl ActiveModelBehavior for ActiveModel {}
