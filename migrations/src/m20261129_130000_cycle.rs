//! The thesis cycle: cycles with a phase and a ranking deadline; students' rank lists (a working
//! version and the last certified one); faculty rankings of their applicants; pairings with their
//! history; per-cycle seat counters whose CHECK constraints make the database refuse an approval that
//! would exceed a project's or an advisor's capacity; and the inbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Cycles {
    Table,
    Id,
    Name,
    Phase,
    RankingDeadline,
    MaxRanked,
    IsCurrent,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RankLists {
    Table,
    CycleId,
    StudentId,
    CertifiedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RankEntries {
    Table,
    CycleId,
    StudentId,
    Version,
    Position,
    ProjectId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicantRankings {
    Table,
    CycleId,
    FacultyId,
    StudentId,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Pairings {
    Table,
    Id,
    CycleId,
    StudentId,
    ProjectId,
    FacultyId,
    State,
    Source,
    Reason,
    AllocationId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PairingEvents {
    Table,
    Id,
    PairingId,
    At,
    ActorId,
    ActorEmail,
    FromState,
    ToState,
    Reason,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectSeats {
    Table,
    CycleId,
    ProjectId,
    Approved,
    Capacity,
}

#[derive(DeriveIden, Clone, Copy)]
enum AdvisorSeats {
    Table,
    CycleId,
    FacultyId,
    Approved,
    Capacity,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    At,
    Kind,
    Text,
    PairingId,
    CycleId,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Students {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Faculty {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

fn fk(
    from: impl IntoIden + Clone + 'static,
    col: impl IntoIden + 'static,
    to: impl IntoIden + 'static,
    to_col: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, to_col)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cycles::Table)
                    .if_not_exists()
                    .col(pk_auto(Cycles::Id))
                    .col(string(Cycles::Name))
                    .col(string(Cycles::Phase).check(Expr::col(Cycles::Phase).is_in([
                        "posting",
                        "ranking",
                        "allocation",
                        "published",
                    ])))
                    .col(timestamp_with_time_zone(Cycles::RankingDeadline))
                    .col(
                        integer(Cycles::MaxRanked)
                            .default(10)
                            .check(Expr::col(Cycles::MaxRanked).between(1, 50)),
                    )
                    .col(boolean(Cycles::IsCurrent).default(false))
                    .col(timestamp_with_time_zone(Cycles::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RankLists::Table)
                    .if_not_exists()
                    .col(integer(RankLists::CycleId))
                    .col(integer(RankLists::StudentId))
                    .col(timestamp_with_time_zone_null(RankLists::CertifiedAt))
                    .col(timestamp_with_time_zone(RankLists::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(RankLists::CycleId)
                            .col(RankLists::StudentId),
                    )
                    .foreign_key(&mut fk(
                        RankLists::Table,
                        RankLists::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RankLists::Table,
                        RankLists::StudentId,
                        Students::Table,
                        Students::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RankEntries::Table)
                    .if_not_exists()
                    .col(integer(RankEntries::CycleId))
                    .col(integer(RankEntries::StudentId))
                    .col(
                        string(RankEntries::Version)
                            .check(Expr::col(RankEntries::Version).is_in(["draft", "certified"])),
                    )
                    .col(
                        integer(RankEntries::Position)
                            .check(Expr::col(RankEntries::Position).gte(1)),
                    )
                    .col(integer(RankEntries::ProjectId))
                    .primary_key(
                        Index::create()
                            .col(RankEntries::CycleId)
                            .col(RankEntries::StudentId)
                            .col(RankEntries::Version)
                            .col(RankEntries::Position),
                    )
                    .foreign_key(&mut fk(
                        RankEntries::Table,
                        RankEntries::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RankEntries::Table,
                        RankEntries::StudentId,
                        Students::Table,
                        Students::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RankEntries::Table,
                        RankEntries::ProjectId,
                        Projects::Table,
                        Projects::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_rank_entries_project")
                    .table(RankEntries::Table)
                    .col(RankEntries::CycleId)
                    .col(RankEntries::StudentId)
                    .col(RankEntries::Version)
                    .col(RankEntries::ProjectId)
                    .unique()
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rank_entries_project")
                    .table(RankEntries::Table)
                    .col(RankEntries::ProjectId)
                    .col(RankEntries::Version)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicantRankings::Table)
                    .if_not_exists()
                    .col(integer(ApplicantRankings::CycleId))
                    .col(integer(ApplicantRankings::FacultyId))
                    .col(integer(ApplicantRankings::StudentId))
                    .col(
                        integer(ApplicantRankings::Position)
                            .check(Expr::col(ApplicantRankings::Position).gte(1)),
                    )
                    .primary_key(
                        Index::create()
                            .col(ApplicantRankings::CycleId)
                            .col(ApplicantRankings::FacultyId)
                            .col(ApplicantRankings::StudentId),
                    )
                    .foreign_key(&mut fk(
                        ApplicantRankings::Table,
                        ApplicantRankings::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ApplicantRankings::Table,
                        ApplicantRankings::FacultyId,
                        Faculty::Table,
                        Faculty::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ApplicantRankings::Table,
                        ApplicantRankings::StudentId,
                        Students::Table,
                        Students::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Pairings::Table)
                    .if_not_exists()
                    .col(pk_auto(Pairings::Id))
                    .col(integer(Pairings::CycleId))
                    .col(integer(Pairings::StudentId))
                    .col(integer(Pairings::ProjectId))
                    .col(integer(Pairings::FacultyId))
                    .col(
                        string(Pairings::State).check(Expr::col(Pairings::State).is_in([
                            "requested",
                            "proposed",
                            "approved",
                            "rejected",
                            "withdrawn",
                        ])),
                    )
                    .col(
                        string(Pairings::Source).check(Expr::col(Pairings::Source).is_in([
                            "director",
                            "request",
                            "allocation",
                        ])),
                    )
                    .col(text_null(Pairings::Reason))
                    .col(integer_null(Pairings::AllocationId))
                    .col(timestamp_with_time_zone(Pairings::CreatedAt))
                    .col(timestamp_with_time_zone(Pairings::UpdatedAt))
                    .foreign_key(&mut fk(
                        Pairings::Table,
                        Pairings::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Pairings::Table,
                        Pairings::StudentId,
                        Students::Table,
                        Students::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Pairings::Table,
                        Pairings::ProjectId,
                        Projects::Table,
                        Projects::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Pairings::Table,
                        Pairings::FacultyId,
                        Faculty::Table,
                        Faculty::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // At most one approved pairing per student per cycle, and one live pairing per student and
        // project: partial unique indexes (same SQL on SQLite and PostgreSQL).
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS uq_pairings_one_approved_per_student \
             ON pairings (cycle_id, student_id) WHERE state = 'approved'",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS uq_pairings_one_live_per_project \
             ON pairings (cycle_id, student_id, project_id) \
             WHERE state IN ('requested', 'proposed', 'approved')",
        )
        .await?;
        for (name, col) in [
            ("idx_pairings_project", "project_id"),
            ("idx_pairings_faculty", "faculty_id"),
            ("idx_pairings_state", "state"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON pairings (cycle_id, {col})"
            ))
            .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(PairingEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(PairingEvents::Id))
                    .col(integer(PairingEvents::PairingId))
                    .col(timestamp_with_time_zone(PairingEvents::At))
                    .col(integer_null(PairingEvents::ActorId))
                    .col(string(PairingEvents::ActorEmail))
                    .col(string_null(PairingEvents::FromState))
                    .col(string(PairingEvents::ToState))
                    .col(text_null(PairingEvents::Reason))
                    .foreign_key(&mut fk(
                        PairingEvents::Table,
                        PairingEvents::PairingId,
                        Pairings::Table,
                        Pairings::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS idx_pairing_events_pairing ON pairing_events (pairing_id)",
        )
        .await?;
        // Seat counters: an approval adds one to its project's and its advisor's row in the same
        // transaction; the CHECK refuses the one that would exceed the capacity.
        manager
            .create_table(
                Table::create()
                    .table(ProjectSeats::Table)
                    .if_not_exists()
                    .col(integer(ProjectSeats::CycleId))
                    .col(integer(ProjectSeats::ProjectId))
                    .col(integer(ProjectSeats::Approved).default(0))
                    .col(integer(ProjectSeats::Capacity))
                    .primary_key(
                        Index::create()
                            .col(ProjectSeats::CycleId)
                            .col(ProjectSeats::ProjectId),
                    )
                    .check(Expr::cust("approved >= 0 AND approved <= capacity"))
                    .foreign_key(&mut fk(
                        ProjectSeats::Table,
                        ProjectSeats::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ProjectSeats::Table,
                        ProjectSeats::ProjectId,
                        Projects::Table,
                        Projects::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AdvisorSeats::Table)
                    .if_not_exists()
                    .col(integer(AdvisorSeats::CycleId))
                    .col(integer(AdvisorSeats::FacultyId))
                    .col(integer(AdvisorSeats::Approved).default(0))
                    .col(integer(AdvisorSeats::Capacity))
                    .primary_key(
                        Index::create()
                            .col(AdvisorSeats::CycleId)
                            .col(AdvisorSeats::FacultyId),
                    )
                    .check(Expr::cust("approved >= 0 AND approved <= capacity"))
                    .foreign_key(&mut fk(
                        AdvisorSeats::Table,
                        AdvisorSeats::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AdvisorSeats::Table,
                        AdvisorSeats::FacultyId,
                        Faculty::Table,
                        Faculty::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::UserId))
                    .col(timestamp_with_time_zone(Notifications::At))
                    .col(string(Notifications::Kind))
                    .col(text(Notifications::Text))
                    .col(integer_null(Notifications::PairingId))
                    .col(integer_null(Notifications::CycleId))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::UserId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS idx_notifications_user ON notifications (user_id, id)",
        )
        .await?;
        // One deadline reminder per person per cycle.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS uq_notifications_deadline \
             ON notifications (user_id, cycle_id) WHERE kind = 'deadline_soon'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Notifications::Table.into_iden(),
            AdvisorSeats::Table.into_iden(),
            ProjectSeats::Table.into_iden(),
            PairingEvents::Table.into_iden(),
            Pairings::Table.into_iden(),
            ApplicantRankings::Table.into_iden(),
            RankEntries::Table.into_iden(),
            RankLists::Table.into_iden(),
            Cycles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
