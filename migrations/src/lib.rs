//! The ThesisMatch schema as ordered sea-orm migrations.
//!
//! Rules: files are named `mYYYYMMDD_HHMMSS_name.rs`; an applied migration is never edited (add a new
//! one); the server runs [`Migrator::up`] at start-up, so a fresh database is always current.

pub use sea_orm_migration::prelude::*;

mod m20261129_100000_catalog;
mod m20261129_110000_taxonomy;
mod m20261129_120000_accounts;
mod m20261129_130000_cycle;
mod m20261129_140000_allocation_runs;
mod m20261202_090000_login_locks;
mod m20261204_100000_disclosures;
mod m20261204_120000_prune_indexes;
mod m20261204_150000_project_title_index;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_100000_catalog::Migration),
            Box::new(m20261129_110000_taxonomy::Migration),
            Box::new(m20261129_120000_accounts::Migration),
            Box::new(m20261129_130000_cycle::Migration),
            Box::new(m20261129_140000_allocation_runs::Migration),
            Box::new(m20261202_090000_login_locks::Migration),
            Box::new(m20261204_100000_disclosures::Migration),
            Box::new(m20261204_120000_prune_indexes::Migration),
            Box::new(m20261204_150000_project_title_index::Migration),
        ]
    }
}
