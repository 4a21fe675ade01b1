//! ThesisMatch server library. `main.rs` only parses the command line and calls [`app::run`].
//!
//! - [`config`]: flags and environment.
//! - [`clock`]: "now" for every expiry decision (a manual clock in tests).
//! - [`app`]: state, router, start-up and graceful shutdown.
//! - [`error`]: the one HTTP error type.
//! - [`routes`]: one module per resource, each owning its `router()`.
//! - [`db`]: sea-orm entities, queries and the demo seed.
//! - [`engine`]: pure matching engines (no I/O): taxonomy, scoring, allocation.
//! - [`allocate_cli`]: the `allocate` subcommand (JSON in, JSON out, no database).

pub mod allocate_cli;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod db;
pub mod domain;
pub mod engine;
pub mod error;
pub mod eval;
pub mod policy;
pub mod principal;
pub mod routes;
pub mod security;
pub mod session;
pub mod state;
