use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub faculty_id: i32,
    pub co_mentor_id: Option<i32>,
    pub lab_id: Option<i32>,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub keywords: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub required_skills: String,
    /// JSON array of `Background` spellings.
    #[sea_orm(column_type = "Text")]
    pub preferred_backgrounds: String,
    pub capacity: i32,
    /// `draft` | `open` | `closed` | `filled` (checked by the database).
    pub status: String,
    /// Lower-cased title, summary, keywords, skills and advisor names, for `q=` search.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// The catalogue version at which this row last changed (see `catalog_state`).
    pub row_version: i64,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
