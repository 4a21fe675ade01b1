use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: shared::UserId,
    /// Lower-cased (checked by the database).
    #[sea_orm(unique)]
    pub email: shared::Email,
    /// argon2id PHC string; `None` until a password is set (imported accounts).
    #[sea_orm(column_type = "Text", nullable)]
    pub password_hash: Option<String>,
    /// Checked by the database.
    pub role: shared::Role,
    pub student_id: Option<shared::StudentId>,
    pub faculty_id: Option<shared::FacultyId>,
    pub disabled: bool,
    pub created_at: ChronoDateTimeUtc,
    pub last_login_at: Option<ChronoDateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
