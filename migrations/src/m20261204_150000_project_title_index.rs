//! An index on `projects (title, id)`, the order of the project list: a page of 20 is read from
//! the index instead of sorting every project on each request (20,000 projects: the whole table).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_projects_title_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Alias::new("projects"))
                    .col(Alias::new("title"))
                    .col(Alias::new("id"))
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(Alias::new("projects"))
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
