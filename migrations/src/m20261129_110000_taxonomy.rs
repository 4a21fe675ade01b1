//! The matching taxonomy in the database: concepts (canonical term + aliases, tied to a research
//! area or general) and stopwords. Loaded from `data/taxonomy.json` by `seed`; the server builds its
//! matcher from these tables, so the taxonomy a program director edits later (through the API) is the
//! one that scores.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TaxonomyConcepts {
    Table,
    Id,
    AreaId,
    Term,
    Aliases,
    Kind,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaxonomyStopwords {
    Table,
    Word,
}

#[derive(DeriveIden, Clone, Copy)]
enum ResearchAreas {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TaxonomyConcepts::Table)
                    .if_not_exists()
                    .col(pk_auto(TaxonomyConcepts::Id))
                    .col(integer_null(TaxonomyConcepts::AreaId))
                    .col(string_uniq(TaxonomyConcepts::Term))
                    .col(text(TaxonomyConcepts::Aliases).default("[]"))
                    .col(string(TaxonomyConcepts::Kind).default(""))
                    .col(integer(TaxonomyConcepts::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TaxonomyConcepts::Table, TaxonomyConcepts::AreaId)
                            .to(ResearchAreas::Table, ResearchAreas::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_taxonomy_concepts_area")
                    .table(TaxonomyConcepts::Table)
                    .col(TaxonomyConcepts::AreaId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaxonomyStopwords::Table)
                    .if_not_exists()
                    .col(string(TaxonomyStopwords::Word).primary_key())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(TaxonomyStopwords::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(TaxonomyConcepts::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
