use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::ProjectId,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub faculty_id: shared::FacultyId,
    pub co_mentor_id: Option<shared::FacultyId>,
    pub lab_id: Option<shared::LabId>,
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
    /// Checked by the database.
    pub status: shared::ProjectStatus,
    /// Lower-cased title, summary, keywords, skills and advisor names, for `q=` search.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// The catalogue version at which this row last changed (see `catalog_state`).
    pub row_version: i64,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
