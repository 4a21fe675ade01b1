//! Indexes on the columns by which old rows are pruned (`db::prune`): a run finds its batch of
//! expired sessions, used or expired reset links, and sign-in failures and limit rows past the
//! window without reading the whole table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (index, table, column)
const INDEXES: &[(&str, &str, &str)] = &[
    ("idx_login_failures_at", "login_failures", "at"),
    ("idx_login_locks_touched_at", "login_locks", "touched_at"),
    ("idx_sessions_expires_at", "sessions", "expires_at"),
    ("idx_sessions_created_at", "sessions", "created_at"),
    (
        "idx_password_resets_expires_at",
        "password_resets",
        "expires_at",
    ),
    ("idx_password_resets_used_at", "password_resets", "used_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, col) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(*name)
                        .table(Alias::new(*table))
                        .col(Alias::new(*col))
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(Alias::new(*table))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
