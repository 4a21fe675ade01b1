use sea_orm::entity::prelude::*;

/// A student named by a disclosure. Append-only.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_students")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub disclosure_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub student_id: shared::StudentId,
}

impl ActiveModelBehavior for ActiveModel {}
