//! The disclosure record: every read of students' data by someone other than the student. One
//! `disclosures` row per read (who, when, from where, which route) and one `disclosure_students`
//! row per student in the answer, so a student can list who has seen their record (an index on
//! `student_id`) and a bulk read of 50,000 students is one event written in a few batched
//! statements. Like the audit log, both tables are append-only (triggers refuse UPDATE and DELETE)
//! and hold no foreign keys: the record outlives what it speaks of.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Disclosures {
    Table,
    Id,
    At,
    ActorId,
    ActorEmail,
    ActorRole,
    ClientAddr,
    Route,
    Students,
}

#[derive(DeriveIden, Clone, Copy)]
enum DisclosureStudents {
    Table,
    DisclosureId,
    StudentId,
}

const TABLES: [&str; 2] = ["disclosures", "disclosure_students"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Disclosures::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Disclosures::Id))
                    .col(timestamp_with_time_zone(Disclosures::At))
                    .col(integer_null(Disclosures::ActorId))
                    .col(string(Disclosures::ActorEmail))
                    .col(string(Disclosures::ActorRole))
                    .col(string_null(Disclosures::ClientAddr))
                    // The route template, e.g. `GET /api/students/{id}`.
                    .col(string(Disclosures::Route))
                    // How many students the read named.
                    .col(integer(Disclosures::Students))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DisclosureStudents::Table)
                    .if_not_exists()
                    .col(big_integer(DisclosureStudents::DisclosureId))
                    .col(integer(DisclosureStudents::StudentId))
                    .primary_key(
                        Index::create()
                            .col(DisclosureStudents::DisclosureId)
                            .col(DisclosureStudents::StudentId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_disclosure_students_student")
                    .table(DisclosureStudents::Table)
                    .col(DisclosureStudents::StudentId)
                    .col(DisclosureStudents::DisclosureId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_disclosures_actor")
                    .table(Disclosures::Table)
                    .col(Disclosures::ActorId)
                    .col(Disclosures::At)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for t in TABLES {
            match manager.get_database_backend() {
                DbBackend::Sqlite => {
                    for (op, name) in [("UPDATE", "no_update"), ("DELETE", "no_delete")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER IF NOT EXISTS {t}_{name} BEFORE {op} ON {t} \
                             BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"
                        ))
                        .await?;
                    }
                }
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "CREATE OR REPLACE FUNCTION {t}_append_only() RETURNS trigger AS $$ \
                         BEGIN RAISE EXCEPTION '{t} is append-only'; END $$ LANGUAGE plpgsql"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} \
                         FOR EACH ROW EXECUTE FUNCTION {t}_append_only()"
                    ))
                    .await?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(DisclosureStudents::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(Disclosures::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}
