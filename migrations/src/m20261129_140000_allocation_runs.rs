//! The director's allocation runs: the exact input given to the engine (and its SHA-256), the
//! result, and when it was published as proposed pairings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AllocationRuns {
    Table,
    Id,
    CycleId,
    CreatedAt,
    CreatedBy,
    Optimal,
    Mode,
    InputHash,
    Input,
    Result,
    PublishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cycles {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AllocationRuns::Table)
                    .if_not_exists()
                    .col(pk_auto(AllocationRuns::Id))
                    .col(integer(AllocationRuns::CycleId))
                    .col(timestamp_with_time_zone(AllocationRuns::CreatedAt))
                    .col(string(AllocationRuns::CreatedBy))
                    .col(
                        string(AllocationRuns::Optimal).check(
                            Expr::col(AllocationRuns::Optimal).is_in(["student", "supervisor"]),
                        ),
                    )
                    .col(
                        string(AllocationRuns::Mode)
                            .check(Expr::col(AllocationRuns::Mode).is_in(["stable", "welfare"])),
                    )
                    .col(string_len(AllocationRuns::InputHash, 64))
                    .col(text(AllocationRuns::Input))
                    .col(text(AllocationRuns::Result))
                    .col(timestamp_with_time_zone_null(AllocationRuns::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AllocationRuns::Table, AllocationRuns::CycleId)
                            .to(Cycles::Table, Cycles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(AllocationRuns::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
