//! Command line and environment. Every flag has an environment fallback so the same binary runs
//! from a shell, a service manager or a container.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;

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
    /// Serve the API and the SPA (the default). With `--demo`, seeds the fictional demo program and
    /// its accounts into an empty database.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database (idempotent: records are matched by slug and updated).
    Seed(SeedArgs),
    /// Manage accounts: `user add --email … --role director` (password from stdin or
    /// `THESIS_MATCH_PASSWORD`, never from the command line).
    #[command(subcommand)]
    User(UserCommand),
    /// Import a CSV file of labs, faculty, projects or students (formats in README). A file with
    /// any bad row is refused whole, with a report of every bad row.
    Import(ImportArgs),
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

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, or set the password of an existing one.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[arg(long)]
    pub email: String,
    /// `director`, `admin`, `faculty` or `student` (faculty and students need `--link`).
    #[arg(long)]
    pub role: String,
    /// Slug of the faculty or student record the account belongs to.
    #[arg(long)]
    pub link: Option<String>,
    /// Read the password from this environment variable instead of standard input.
    #[arg(long, default_value = "THESIS_MATCH_PASSWORD")]
    pub password_env: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// `labs`, `faculty`, `projects` or `students`.
    #[arg(long)]
    pub kind: String,
    /// The CSV file (`-` reads standard input).
    pub file: PathBuf,
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
    /// Generate a fictional program of any size into an empty database (benchmarks, scale
    /// tests): skewed demand, certified lists, some advisors' rankings. Never used by `serve`.
    #[arg(long, conflicts_with_all = ["demo", "taxonomy"])]
    pub synthetic: bool,
    /// Students to generate (with `--synthetic`).
    #[arg(long, default_value_t = 5_000, requires = "synthetic")]
    pub students: usize,
    /// Projects to generate (with `--synthetic`).
    #[arg(long, default_value_t = 2_000, requires = "synthetic")]
    pub projects: usize,
    /// Faculty members to generate (with `--synthetic`).
    #[arg(long, default_value_t = 500, requires = "synthetic")]
    pub faculty: usize,
    /// The generator's seed: the same seed makes the same program.
    #[arg(long, default_value_t = 1, requires = "synthetic")]
    pub seed: u64,
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
    /// Seed the fictional demo program and its accounts (password `thesis-demo`) into an empty
    /// database on `serve`. Never use it on a production database.
    #[arg(long, env = "THESIS_MATCH_DEMO", global = true)]
    pub demo: bool,
    /// Mark the session cookie `Secure` on every response (behind an https proxy that does not
    /// send `X-Forwarded-Proto`). Without it, `Secure` is set only with `--trust-proxy` and a
    /// forwarded `X-Forwarded-Proto: https`.
    #[arg(long, env = "THESIS_MATCH_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,
    /// Minutes of inactivity after which a session ends.
    #[arg(
        long,
        env = "THESIS_MATCH_SESSION_IDLE_MINUTES",
        default_value_t = 480,
        global = true
    )]
    pub session_idle_minutes: u32,
    /// Days after sign-in at which a session ends however often it is used (a stolen cookie
    /// cannot be kept alive forever).
    #[arg(
        long,
        env = "THESIS_MATCH_SESSION_LIFETIME_DAYS",
        default_value_t = 7,
        global = true
    )]
    pub session_lifetime_days: u32,
    /// Behind a reverse proxy: believe its forwarded headers — the client's address from the first
    /// `X-Forwarded-For` entry (sign-in rate limits, audit log), the public host from
    /// `X-Forwarded-Host` (same-origin check on writes), https from `X-Forwarded-Proto` (`Secure`
    /// cookie). Without it all three are ignored. Only set it when a proxy you run sets them.
    #[arg(long, env = "THESIS_MATCH_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,
    /// How often (milliseconds) each server process checks the database for catalogue changes
    /// made by other processes.
    #[arg(
        long,
        env = "THESIS_MATCH_CATALOG_POLL_MS",
        default_value_t = 1000,
        global = true
    )]
    pub catalog_poll_ms: u64,
    /// How often (seconds) each server process deletes rows that can no longer matter: expired
    /// sessions, used or expired reset links, sign-in failures and limit rows older than the
    /// limits' window. Each run deletes a bounded number of rows. 0: at every catalogue poll.
    #[arg(
        long,
        env = "THESIS_MATCH_PRUNE_EVERY_SECS",
        default_value_t = 60,
        global = true
    )]
    pub prune_every_secs: u64,
    /// Where "now" comes from for every expiry decision: the system clock, or in tests a
    /// [`crate::clock::ManualClock`]'s.
    #[arg(skip)]
    pub clock: Clock,
}

impl Config {
    /// A configuration for tests and embedding: the given database with the demo program, an
    /// ephemeral port, no SPA.
    pub fn for_database(database_url: impl Into<String>, data_dir: impl Into<PathBuf>) -> Self {
        Config {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            static_dir: PathBuf::from("frontend/dist"),
            data_dir: data_dir.into(),
            demo: true,
            secure_cookies: false,
            trust_proxy: false,
            session_idle_minutes: 480,
            session_lifetime_days: 7,
            catalog_poll_ms: 250,
            prune_every_secs: 60,
            clock: Clock::system(),
        }
    }
}
