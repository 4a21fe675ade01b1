//! Command line and environment. Every flag has an environment fallback so the same binary runs
//! from a shell, a service manager or a container.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/thesis-match.db?mode=rwc";

#[derive(Debug, Parser)]
#[command(
    name = "thesis-match",
    version,
    about = "ThesisMatch: match thesis students with advisors, labs and projects"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the SPA (the default). Seeds the demo program into an empty database.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database (idempotent: records are matched by slug and updated).
    Seed(SeedArgs),
    /// Print matching quality (area accuracy@1, recall@5) on `<data-dir>/eval/interests.json`.
    Eval(EvalArgs),
    /// Stable student–project allocation (SPA-S) of a JSON instance; prints JSON to stdout.
    /// Never touches the database.
    Allocate(AllocateArgs),
}

/// `thesis-match allocate --input FILE [--optimal student|supervisor] [--mode stable|welfare]`.
#[derive(Debug, Args)]
pub struct AllocateArgs {
    /// Instance file (`{"students": [...], "projects": [...], "supervisors": [...]}`); `-` reads
    /// standard input.
    #[arg(long)]
    pub input: PathBuf,
    /// Which side the stable matching favours (ignored by `--mode welfare`).
    #[arg(long, value_enum, default_value_t = AllocateOptimal::Student)]
    pub optimal: AllocateOptimal,
    /// `stable`: the optimal stable matching; `welfare`: most students matched, then least total
    /// rank (not necessarily stable; its blocking pairs are listed).
    #[arg(long, value_enum, default_value_t = AllocateMode::Stable)]
    pub mode: AllocateMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AllocateOptimal {
    Student,
    Supervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AllocateMode {
    Stable,
    Welfare,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Also list every case that missed.
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Load the fictional demo program from `<data-dir>/demo/` (and the taxonomy).
    #[arg(long)]
    pub demo: bool,
    /// Load only `<data-dir>/taxonomy.json` (research areas, concepts, stopwords), replacing the
    /// stored taxonomy.
    #[arg(long)]
    pub taxonomy: bool,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Address to listen on. Port 0 picks a free port.
    #[arg(
        long,
        env = "THESIS_MATCH_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,
    /// Directory holding the built SPA (`index.html`, wasm and JS glue).
    #[arg(
        long,
        env = "THESIS_MATCH_STATIC_DIR",
        default_value = "frontend/dist",
        global = true
    )]
    pub static_dir: PathBuf,
    /// Directory holding `taxonomy.json` and `demo/`.
    #[arg(
        long,
        env = "THESIS_MATCH_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Do not seed the demo program into an empty database on `serve`.
    #[arg(long, env = "THESIS_MATCH_NO_SEED", global = true)]
    pub no_seed: bool,
}

impl Config {
    /// A configuration for tests and embedding: the given database, an ephemeral port, no SPA.
    pub fn for_database(database_url: impl Into<String>, data_dir: impl Into<PathBuf>) -> Self {
        Config {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            static_dir: PathBuf::from("frontend/dist"),
            data_dir: data_dir.into(),
            no_seed: false,
        }
    }
}
