use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "students")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::StudentId,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(unique)]
    pub email: shared::Email,
    /// Checked by the database.
    pub background: shared::Background,
    #[sea_orm(column_type = "Text")]
    pub interests: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub skills: String,
    pub created_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
