//! The catalogue version: how every server process on one database keeps its matching index
//! current without a message bus.
//!
//! `catalog_state` holds one row with two counters. A write that changes a project bumps `version`
//! in its own transaction and stamps the project's `row_version` with the new value; a bulk change
//! (seed, import, taxonomy edit) bumps `taxonomy_version`, which asks for a full rebuild. Each process
//! remembers the versions it has applied and polls the row (see `AppState::sync_catalog`). Bumping
//! takes the row's write lock (PostgreSQL row lock; SQLite's single writer), so versions commit in
//! order and a poller that has seen `v` never misses a change numbered `v` or less.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder};
use shared::{Project, ProjectId};

use crate::db::entities::{catalog_state, project};

/// The versions a process has applied (or the database holds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versions {
    pub catalog: i64,
    /// A change here means "rebuild everything" (taxonomy edit, seed, import).
    pub rebuild: i64,
}

pub async fn current(db: &impl ConnectionTrait) -> anyhow::Result<Versions> {
    let row = catalog_state::Entity::find_by_id(1)
        .one(db)
        .await?
        .context("catalog_state has no row 1 (migration not applied?)")?;
    Ok(Versions {
        catalog: row.version,
        rebuild: row.taxonomy_version,
    })
}

/// Bumps the catalogue version and stamps `projects` with it, in the caller's transaction.
pub async fn touch_projects(
    db: &impl ConnectionTrait,
    projects: &[ProjectId],
) -> anyhow::Result<i64> {
    catalog_state::Entity::update_many()
        .col_expr(
            catalog_state::Column::Version,
            Expr::col(catalog_state::Column::Version).add(1),
        )
        .filter(catalog_state::Column::Id.eq(1))
        .exec(db)
        .await?;
    let v = current(db).await?.catalog;
    if !projects.is_empty() {
        project::Entity::update_many()
            .col_expr(project::Column::RowVersion, Expr::value(v))
            .filter(project::Column::Id.is_in(projects.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(v)
}

/// Asks every process to rebuild its matcher (after a bulk change), in the caller's transaction.
pub async fn request_rebuild(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    catalog_state::Entity::update_many()
        .col_expr(
            catalog_state::Column::TaxonomyVersion,
            Expr::col(catalog_state::Column::TaxonomyVersion).add(1),
        )
        .filter(catalog_state::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(())
}

/// Projects changed after catalogue version `seen`.
pub async fn projects_changed_since(
    db: &impl ConnectionTrait,
    seen: i64,
) -> anyhow::Result<Vec<Project>> {
    let rows = project::Entity::find()
        .filter(project::Column::RowVersion.gt(seen))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    super::read::hydrate_projects(db, rows).await
}
