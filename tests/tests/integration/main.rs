//! Integration tests: the real server over a real database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set). One binary; modules by resource.

mod accounts;
mod catalog;
mod clock;
mod cycle;
mod database;
mod db_errors;
mod matching;
mod privacy;
mod races;
mod scale;
mod sign_in_limits;
