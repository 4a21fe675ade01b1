//! One row per rate-limit key of the sign-in limits (`account:<e-mail>`, `addr:<address>`). A
//! sign-in attempt locks its keys' rows (an upsert) before it counts the recent failures and
//! reserves its own, so racing attempts on one key are counted one after the other on SQLite (the
//! single writer) and on PostgreSQL (the row lock) alike.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum LoginLocks {
    Table,
    Key,
    TouchedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginLocks::Table)
                    .if_not_exists()
                    .col(text(LoginLocks::Key).primary_key())
                    .col(timestamp_with_time_zone(LoginLocks::TouchedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(LoginLocks::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
