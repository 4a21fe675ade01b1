//! The program catalogue: research areas, labs, faculty, projects, students, and the join tables that
//! tie each of them to research areas.
//!
//! List-valued attributes that are only ever read whole (keywords, skills, preferred backgrounds) are
//! JSON arrays in text columns; everything that is filtered or joined on is a real column or table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ResearchAreas {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Keywords,
    MeshHeadings,
}

#[derive(DeriveIden, Clone, Copy)]
enum Labs {
    Table,
    Id,
    Slug,
    Name,
    School,
    Department,
    Description,
}

#[derive(DeriveIden, Clone, Copy)]
enum Faculty {
    Table,
    Id,
    Slug,
    Name,
    Title,
    Email,
    School,
    Department,
    LabId,
    Bio,
    Capacity,
    AcceptingStudents,
}

#[derive(DeriveIden, Clone, Copy)]
enum Projects {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Description,
    FacultyId,
    CoMentorId,
    LabId,
    Keywords,
    RequiredSkills,
    PreferredBackgrounds,
    Capacity,
    Status,
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Students {
    Table,
    Id,
    Slug,
    Name,
    Email,
    Background,
    Interests,
    Skills,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LabAreas {
    Table,
    LabId,
    AreaId,
}

#[derive(DeriveIden, Clone, Copy)]
enum FacultyAreas {
    Table,
    FacultyId,
    AreaId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProjectAreas {
    Table,
    ProjectId,
    AreaId,
}

#[derive(DeriveIden, Clone, Copy)]
enum StudentAreas {
    Table,
    StudentId,
    AreaId,
}

/// A join table `(owner_id, area_id)` with a composite primary key, cascading deletes, and an index
/// on `area_id` for "everything in this area" filters.
fn area_join_table<T, O, A, P>(
    table: T,
    owner_col: O,
    area_col: A,
    owner_table: P,
    owner_id: impl IntoIden + Clone,
) -> TableCreateStatement
where
    T: IntoIden + Clone + 'static,
    O: IntoIden + Clone + 'static,
    A: IntoIden + Clone + 'static,
    P: IntoIden + Clone + 'static,
{
    Table::create()
        .table(table.clone())
        .if_not_exists()
        .col(integer(owner_col.clone()))
        .col(integer(area_col.clone()))
        .primary_key(Index::create().col(owner_col.clone()).col(area_col.clone()))
        .foreign_key(
            ForeignKey::create()
                .from(table.clone(), owner_col)
                .to(owner_table, owner_id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(table, area_col)
                .to(ResearchAreas::Table, ResearchAreas::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn index_on<T: IntoIden + 'static, A: IntoIden + 'static>(
    name: &str,
    table: T,
    col: A,
) -> IndexCreateStatement {
    Index::create()
        .name(name)
        .table(table)
        .col(col)
        .if_not_exists()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ResearchAreas::Table)
                    .if_not_exists()
                    .col(pk_auto(ResearchAreas::Id))
                    .col(string_uniq(ResearchAreas::Slug))
                    .col(string(ResearchAreas::Name))
                    .col(text(ResearchAreas::Description))
                    .col(text(ResearchAreas::Keywords).default("[]"))
                    .col(text(ResearchAreas::MeshHeadings).default("[]"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Labs::Table)
                    .if_not_exists()
                    .col(pk_auto(Labs::Id))
                    .col(string_uniq(Labs::Slug))
                    .col(string_uniq(Labs::Name))
                    .col(string(Labs::School))
                    .col(string(Labs::Department))
                    .col(text(Labs::Description))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Faculty::Table)
                    .if_not_exists()
                    .col(pk_auto(Faculty::Id))
                    .col(string_uniq(Faculty::Slug))
                    .col(string(Faculty::Name))
                    .col(string(Faculty::Title))
                    .col(string_uniq(Faculty::Email))
                    .col(string(Faculty::School))
                    .col(string(Faculty::Department))
                    .col(integer_null(Faculty::LabId))
                    .col(text(Faculty::Bio))
                    .col(integer(Faculty::Capacity).check(Expr::col(Faculty::Capacity).gte(0)))
                    .col(boolean(Faculty::AcceptingStudents).default(true))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Faculty::Table, Faculty::LabId)
                            .to(Labs::Table, Labs::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index_on("idx_faculty_lab", Faculty::Table, Faculty::LabId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .if_not_exists()
                    .col(pk_auto(Projects::Id))
                    .col(string_uniq(Projects::Slug))
                    .col(string(Projects::Title))
                    .col(text(Projects::Summary))
                    .col(text(Projects::Description))
                    .col(integer(Projects::FacultyId))
                    .col(integer_null(Projects::CoMentorId))
                    .col(integer_null(Projects::LabId))
                    .col(text(Projects::Keywords).default("[]"))
                    .col(text(Projects::RequiredSkills).default("[]"))
                    .col(text(Projects::PreferredBackgrounds).default("[]"))
                    .col(integer(Projects::Capacity).check(Expr::col(Projects::Capacity).gte(0)))
                    .col(string(Projects::Status).check(
                        Expr::col(Projects::Status).is_in(["draft", "open", "closed", "filled"]),
                    ))
                    .col(text(Projects::SearchText).default(""))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .col(timestamp_with_time_zone(Projects::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::FacultyId)
                            .to(Faculty::Table, Faculty::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::CoMentorId)
                            .to(Faculty::Table, Faculty::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::LabId)
                            .to(Labs::Table, Labs::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_projects_faculty", Projects::FacultyId),
            ("idx_projects_co_mentor", Projects::CoMentorId),
            ("idx_projects_lab", Projects::LabId),
            ("idx_projects_status", Projects::Status),
        ] {
            manager
                .create_index(index_on(name, Projects::Table, col))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Students::Table)
                    .if_not_exists()
                    .col(pk_auto(Students::Id))
                    .col(string_uniq(Students::Slug))
                    .col(string(Students::Name))
                    .col(string_uniq(Students::Email))
                    .col(string(Students::Background).check(
                        Expr::col(Students::Background).is_in([
                            "engineering",
                            "computer_science",
                            "clinical",
                        ]),
                    ))
                    .col(text(Students::Interests))
                    .col(text(Students::Skills).default("[]"))
                    .col(timestamp_with_time_zone(Students::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(area_join_table(
                LabAreas::Table,
                LabAreas::LabId,
                LabAreas::AreaId,
                Labs::Table,
                Labs::Id,
            ))
            .await?;
        manager
            .create_table(area_join_table(
                FacultyAreas::Table,
                FacultyAreas::FacultyId,
                FacultyAreas::AreaId,
                Faculty::Table,
                Faculty::Id,
            ))
            .await?;
        manager
            .create_table(area_join_table(
                ProjectAreas::Table,
                ProjectAreas::ProjectId,
                ProjectAreas::AreaId,
                Projects::Table,
                Projects::Id,
            ))
            .await?;
        manager
            .create_table(area_join_table(
                StudentAreas::Table,
                StudentAreas::StudentId,
                StudentAreas::AreaId,
                Students::Table,
                Students::Id,
            ))
            .await?;
        manager
            .create_index(index_on(
                "idx_lab_areas_area",
                LabAreas::Table,
                LabAreas::AreaId,
            ))
            .await?;
        manager
            .create_index(index_on(
                "idx_faculty_areas_area",
                FacultyAreas::Table,
                FacultyAreas::AreaId,
            ))
            .await?;
        manager
            .create_index(index_on(
                "idx_project_areas_area",
                ProjectAreas::Table,
                ProjectAreas::AreaId,
            ))
            .await?;
        manager
            .create_index(index_on(
                "idx_student_areas_area",
                StudentAreas::Table,
                StudentAreas::AreaId,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StudentAreas::Table.into_iden(),
            ProjectAreas::Table.into_iden(),
            FacultyAreas::Table.into_iden(),
            LabAreas::Table.into_iden(),
            Students::Table.into_iden(),
            Projects::Table.into_iden(),
            Faculty::Table.into_iden(),
            Labs::Table.into_iden(),
            ResearchAreas::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
