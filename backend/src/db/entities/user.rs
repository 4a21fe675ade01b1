use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Lower-cased (checked by the database).
    #[sea_orm(unique)]
    pub email: String,
    /// argon2id PHC string; `None` until a password is set (imported accounts).
    #[sea_orm(column_type = "Text", nullable)]
    pub password_hash: Option<String>,
    /// `student` | `faculty` | `director` | `admin` (checked by the database).
    pub role: String,
    pub student_id: Option<i32>,
    pub faculty_id: Option<i32>,
    pub disabled: bool,
    pub created_at: ChronoDateTimeUtc,
    pub last_login_at: Option<ChronoDateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
