use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "students")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(unique)]
    pub email: String,
    /// `engineering` | `computer_science` | `clinical` (checked by the database).
    pub background: String,
    #[sea_orm(column_type = "Text")]
    pub interests: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub skills: String,
    pub created_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
