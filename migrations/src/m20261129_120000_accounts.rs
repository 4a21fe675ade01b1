//! Accounts and need-to-know access: users (linked to a student or faculty record), database-held
//! sessions (so several server processes share them), failed sign-ins (rate limits that hold across
//! processes), password-reset tokens, the append-only audit log, and the catalogue version every
//! process polls to keep its matching index current.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    StudentId,
    FacultyId,
    Disabled,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoginFailures {
    Table,
    Id,
    Email,
    ClientAddr,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum PasswordResets {
    Table,
    TokenHash,
    UserId,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorEmail,
    Action,
    TargetKind,
    TargetId,
    Before,
    After,
    Reason,
    ClientAddr,
}

#[derive(DeriveIden, Clone, Copy)]
enum CatalogState {
    Table,
    Id,
    Version,
    TaxonomyVersion,
}

#[derive(DeriveIden, Clone, Copy)]
enum Projects {
    Table,
    RowVersion,
}

#[derive(DeriveIden, Clone, Copy)]
enum Students {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Faculty {
    Table,
    Id,
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table).if_not_exists();
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(pk_auto(Users::Id))
                    // Stored lower-cased, so the unique index is case-insensitive.
                    .col(
                        string_uniq(Users::Email)
                            .check(Expr::col(Users::Email).eq(Func::lower(Expr::col(Users::Email)))),
                    )
                    .col(text_null(Users::PasswordHash))
                    .col(string(Users::Role).check(Expr::col(Users::Role).is_in([
                        "student", "faculty", "director", "admin",
                    ])))
                    .col(integer_null(Users::StudentId).unique_key())
                    .col(integer_null(Users::FacultyId).unique_key())
                    .col(boolean(Users::Disabled).default(false))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::StudentId)
                            .to(Students::Table, Students::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::FacultyId)
                            .to(Faculty::Table, Faculty::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    // A student account is linked to a student record and nothing else; likewise
                    // for faculty; director and admin accounts are linked to neither.
                    .check(Expr::cust(
                        "(role = 'student' AND student_id IS NOT NULL AND faculty_id IS NULL) OR \
                         (role = 'faculty' AND faculty_id IS NOT NULL AND student_id IS NULL) OR \
                         (role IN ('director', 'admin') AND student_id IS NULL AND faculty_id IS NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string_len(Sessions::TokenHash, 64).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_sessions_user", Sessions::Table, &["user_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .if_not_exists()
                    .col(pk_auto(LoginFailures::Id))
                    .col(string(LoginFailures::Email))
                    .col(string(LoginFailures::ClientAddr))
                    .col(timestamp_with_time_zone(LoginFailures::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_login_failures_email",
                LoginFailures::Table,
                &["email", "at"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_login_failures_addr",
                LoginFailures::Table,
                &["client_addr", "at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .if_not_exists()
                    .col(string_len(PasswordResets::TokenHash, 64).primary_key())
                    .col(integer(PasswordResets::UserId))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasswordResets::Table, PasswordResets::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    // No foreign key: the log outlives what it speaks of and is never rewritten.
                    .col(integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::ActorEmail))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::TargetKind))
                    .col(integer_null(AuditLog::TargetId))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .col(text_null(AuditLog::Reason))
                    .col(string_null(AuditLog::ClientAddr))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_audit_at", &["at"][..]),
            ("idx_audit_actor", &["actor_id", "at"][..]),
            ("idx_audit_action", &["action", "at"][..]),
            ("idx_audit_target", &["target_kind", "target_id"][..]),
        ] {
            manager
                .create_index(index(name, AuditLog::Table, cols))
                .await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                )
                .await?;
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
                )
                .await?;
            }
            _ => {}
        }

        manager
            .create_table(
                Table::create()
                    .table(CatalogState::Table)
                    .if_not_exists()
                    .col(integer(CatalogState::Id).primary_key())
                    .col(big_integer(CatalogState::Version).default(0))
                    .col(big_integer(CatalogState::TaxonomyVersion).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(CatalogState::Table)
                    .columns([
                        CatalogState::Id,
                        CatalogState::Version,
                        CatalogState::TaxonomyVersion,
                    ])
                    .values_panic([1.into(), 0.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        // The catalogue version at which each project last changed: a process that has seen
        // version v re-reads only the projects with row_version > v.
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(big_integer(Projects::RowVersion).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_projects_row_version",
                Projects::Table,
                &["row_version"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_projects_row_version").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .drop_column(Projects::RowVersion)
                    .to_owned(),
            )
            .await?;
        for t in [
            CatalogState::Table.into_iden(),
            AuditLog::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            LoginFailures::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
