//! The rows of the director's CSV files, read set-wise (one joined query, whatever the cohort's
//! size) and streamed, so a 50,000-student file neither waits for nor holds the whole result.

use std::pin::Pin;

use futures_util::Stream;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    StatementBuilder,
};
use shared::{CycleId, Email, ProjectId, StudentId};

use super::cycle::CERTIFIED;
use super::entities::{faculty, project, rank_entry, student};

/// A stream of rows that borrows the connection.
pub type Rows<'a, T> = Pin<Box<dyn Stream<Item = Result<T, DbErr>> + Send + 'a>>;

/// One line of `rankings.csv`: a certified choice.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RankingRow {
    pub student_id: StudentId,
    pub student_name: String,
    pub student_email: Email,
    pub position: i32,
    pub project_id: ProjectId,
    pub project_title: String,
    pub advisor: String,
}

/// The students with a certified list in `cycle`: whom `rankings.csv` names.
pub async fn certified_students(
    db: &DatabaseConnection,
    cycle: CycleId,
) -> anyhow::Result<Vec<StudentId>> {
    Ok(rank_entry::Entity::find()
        .select_only()
        .column(rank_entry::Column::StudentId)
        .distinct()
        .filter(rank_entry::Column::CycleId.eq(cycle))
        .filter(rank_entry::Column::Version.eq(CERTIFIED))
        .into_tuple()
        .all(db)
        .await?)
}

/// Every certified choice of `cycle`, by student and position.
pub async fn ranking_rows(
    db: &DatabaseConnection,
    cycle: CycleId,
) -> Result<Rows<'_, RankingRow>, DbErr> {
    let e = Alias::new("e");
    let s = Alias::new("s");
    let p = Alias::new("p");
    let f = Alias::new("f");
    let query = Query::select()
        .expr_as(Expr::col((s.clone(), student::Column::Id)), "student_id")
        .expr_as(
            Expr::col((s.clone(), student::Column::Name)),
            "student_name",
        )
        .expr_as(
            Expr::col((s.clone(), student::Column::Email)),
            "student_email",
        )
        .expr_as(
            Expr::col((e.clone(), rank_entry::Column::Position)),
            "position",
        )
        .expr_as(Expr::col((p.clone(), project::Column::Id)), "project_id")
        .expr_as(
            Expr::col((p.clone(), project::Column::Title)),
            "project_title",
        )
        .expr_as(Expr::col((f.clone(), faculty::Column::Name)), "advisor")
        .from_as(rank_entry::Entity, e.clone())
        .join_as(
            JoinType::InnerJoin,
            student::Entity,
            s.clone(),
            Expr::col((s.clone(), student::Column::Id))
                .equals((e.clone(), rank_entry::Column::StudentId)),
        )
        .join_as(
            JoinType::InnerJoin,
            project::Entity,
            p.clone(),
            Expr::col((p.clone(), project::Column::Id))
                .equals((e.clone(), rank_entry::Column::ProjectId)),
        )
        .join_as(
            JoinType::InnerJoin,
            faculty::Entity,
            f.clone(),
            Expr::col((f.clone(), faculty::Column::Id))
                .equals((p.clone(), project::Column::FacultyId)),
        )
        .and_where(Expr::col((e.clone(), rank_entry::Column::CycleId)).eq(cycle))
        .and_where(Expr::col((e.clone(), rank_entry::Column::Version)).eq(CERTIFIED))
        .order_by((e.clone(), rank_entry::Column::StudentId), Order::Asc)
        .order_by((e, rank_entry::Column::Position), Order::Asc)
        .to_owned();
    let stmt = StatementBuilder::build(&query, &db.get_database_backend());
    RankingRow::find_by_statement(stmt).stream(db).await
}
