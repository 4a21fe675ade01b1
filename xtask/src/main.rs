//! Project automation, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! - `run [ARGS…]`  build the SPA and the server (release) and start `thesis-match serve --demo ARGS…`
//! - `test`         installs the system tools the tests need if missing (`provision.rs`), then fmt
//!   check, clippy (-D warnings, native and wasm32), every test on SQLite, the integration suite
//!   again on PostgreSQL (`TEST_DATABASE_URL`, else a throwaway server: `pg.rs`); `--quick` and
//!   `--only SUITE` run less (`suite.rs`)
//! - `tools`        the tools `test` needs and whether they are present
//! - `pg-smoke`     start and stop the throwaway PostgreSQL server (diagnostic)
//! - `build-spa`    build the yew SPA to `frontend/dist` (wasm32, wasm-bindgen glue, wasm-opt,
//!   content-hashed names, `.br`/`.gz` beside every file: `spa.rs`)
//! - `eval`         matching quality on the labelled set in `data/eval/`
//! - `bench`        engine benchmarks (criterion) and the full 10,000 × 5,000 run
//! - `bench-http`   the release server under `wrk` on loopback (`bench_http.rs`)
//! - `gen-instance` a random allocation instance (JSON) for `thesis-match allocate`
//! - `bench-allocation` whole-process `thesis-match allocate` at 10,000 and 50,000 students, and
//!   the reference package `matching` 1.4.3 on 2,000 and 10,000

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

mod allocation;
mod bench_http;
mod pg;
mod provision;
mod spa;
mod suite;

use suite::Suite;

pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub(crate) const WASM_PROFILE: &str = "wasm-release";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("tools") => provision::report(),
        Some("pg-smoke") => pg::smoke(&args[1..]),
        Some("build-spa") => spa::build().map(|_| ()),
        Some("eval") => eval(),
        Some("bench") => bench(),
        Some("bench-import") => bench_import(),
        Some("bench-http") => bench_http::bench_http(&args[1..]),
        Some("gen-instance") => allocation::gen_instance_cmd(&args[1..]),
        Some("bench-allocation") => allocation::bench_allocation(),
        Some("help") | Some("--help") | Some("-h") | None => {
            println!("{}", help());
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command '{other}'\n\n{}", help())),
    };
    if let Err(e) = result {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn help() -> String {
    format!(
        "usage: cargo xtask <command>
  run [ARGS…]  build the SPA and server, then start `thesis-match serve --demo` (SQLite + demo data)
  test [--quick | --only SUITE]
               everything CI runs: installs the tools it needs (Chromium, chromedriver, Python venv,
               PostgreSQL server) if missing, then fmt, clippy, every test on SQLite and the
               integration tests on PostgreSQL (TEST_DATABASE_URL, else a throwaway server)
               --quick: fmt, clippy, unit and SQLite integration tests only
               --only SUITE: one of
{}
  tools        what `test` needs from the system, and whether it is here
  pg-smoke [--fail | --panic | --hold SECONDS]
               start and stop the throwaway PostgreSQL server (diagnostic)
  build-spa    build the SPA into frontend/dist (wasm-opt -Oz, hashed names, .br and .gz)
  eval         print matching accuracy on data/eval/interests.json
  bench        run the engine benchmarks (numbers for docs/BENCHMARKS.md)
  bench-import time `thesis-match import` of 50,000 students into a fresh SQLite database
  {}
  gen-instance --students N --projects P --supervisors S --list L [--seed X]
               print a random allocation instance (JSON) for `thesis-match allocate`
  bench-allocation
               time `thesis-match allocate` (release) at 10k and 50k students and the
               `matching` 1.4.3 reference at 2k and 10k (numbers for docs/BENCHMARKS.md)",
        suite::help(),
        bench_http::help()
    )
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where cargo puts its builds: `$CARGO_TARGET_DIR`, or `<root>/target`.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub(crate) fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    c.current_dir(root());
    c
}

pub(crate) fn step(name: &str) {
    println!("\n==> {name}");
}

pub(crate) fn status(mut cmd: Command, what: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    let st = cmd
        .status()
        .with_context(|| format!("could not start {what}"))?;
    if !st.success() {
        bail!("{what} failed ({st})");
    }
    println!("    {what}: ok in {:.1}s", started.elapsed().as_secs_f32());
    Ok(())
}

pub(crate) fn ensure_wasm_target() -> anyhow::Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).contains(WASM_TARGET) => Ok(()),
        Ok(_) => {
            step("adding the wasm32-unknown-unknown target");
            let mut c = Command::new("rustup");
            c.args(["target", "add", WASM_TARGET]);
            status(c, "rustup target add")
        }
        // No rustup: assume the toolchain has the target; cargo will say so if not.
        Err(_) => Ok(()),
    }
}

fn run(extra: &[String]) -> anyhow::Result<()> {
    let dist = spa::build()?;
    step("building the server (release)");
    let mut c = cargo();
    c.args([
        "build",
        "--release",
        "-p",
        "backend",
        "--bin",
        "thesis-match",
    ]);
    status(c, "cargo build -p backend")?;
    let bin = target_dir().join("release/thesis-match");
    step("starting thesis-match serve (Ctrl-C to stop)");
    let mut c = Command::new(bin);
    c.current_dir(root())
        .arg("serve")
        .arg("--demo")
        .env("THESIS_MATCH_STATIC_DIR", dist)
        .args(extra);
    let st = c.status().context("could not start thesis-match")?;
    if !st.success() {
        bail!("thesis-match exited with {st}");
    }
    Ok(())
}

fn test(args: &[String]) -> anyhow::Result<()> {
    let plan = suite::parse_test_args(args)?;
    let started = Instant::now();
    provision::ensure(&plan)?;
    let mut spa_built = false;
    for &s in &plan {
        if s.needs_spa() && !spa_built {
            spa::build()?;
            spa_built = true;
        }
        run_suite(s)?;
    }
    let names: Vec<_> = plan.iter().map(|s| s.name()).collect();
    println!(
        "\nall checks passed ({}) in {:.0}s",
        names.join(", "),
        started.elapsed().as_secs_f32()
    );
    Ok(())
}

/// `cargo test` over the workspace minus the SPA (a wasm app), on SQLite unless the caller sets
/// `TEST_DATABASE_URL`. Every such suite selects the same packages, so cargo reuses one build.
fn workspace_test(targets: &[&str]) -> Command {
    let mut c = cargo();
    c.args(["test", "--workspace", "--exclude", "frontend"])
        .args(targets)
        .env_remove("TEST_DATABASE_URL")
        .env("THESIS_MATCH_STATIC_DIR", root().join("frontend/dist"));
    c
}

fn run_suite(s: Suite) -> anyhow::Result<()> {
    match s {
        Suite::Fmt => {
            step("cargo fmt --check");
            let mut c = cargo();
            c.args(["fmt", "--all", "--", "--check"]);
            status(c, "cargo fmt")
        }
        Suite::Clippy => {
            step("cargo clippy (native, all targets, -D warnings)");
            let mut c = cargo();
            c.args(["clippy", "--all-targets", "--", "-D", "warnings"]);
            status(c, "cargo clippy")
        }
        Suite::ClippyWasm => {
            ensure_wasm_target()?;
            step("cargo clippy (frontend on wasm32, -D warnings)");
            let mut c = cargo();
            c.args([
                "clippy",
                "-p",
                "frontend",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ]);
            status(c, "cargo clippy -p frontend")
        }
        Suite::Sqlite => {
            step("unit, CLI, integration, reference and browser tests on SQLite");
            status(workspace_test(&[]), "cargo test (SQLite)")
        }
        Suite::Unit => {
            step("unit tests (libraries and binaries, not the SPA)");
            status(workspace_test(&["--lib", "--bins"]), "cargo test (unit)")
        }
        Suite::Integration => {
            step("integration tests on SQLite");
            status(
                workspace_test(&["--test", "integration"]),
                "cargo test (integration, SQLite)",
            )
        }
        Suite::Reference => {
            step("allocation reference test (against `matching`)");
            status(
                workspace_test(&["--test", "reference"]),
                "cargo test (reference)",
            )
        }
        Suite::Browser => {
            step("browser tests (headless Chromium)");
            status(
                workspace_test(&["--test", "browser"]),
                "cargo test (browser)",
            )
        }
        Suite::Frontend => {
            step("SPA unit tests (native)");
            let mut c = cargo();
            c.args(["test", "-p", "frontend"]);
            status(c, "cargo test -p frontend")
        }
        Suite::Postgres => {
            let given = std::env::var("TEST_DATABASE_URL")
                .ok()
                .filter(|s| !s.is_empty());
            // Dropped at the end of this arm, also when the tests fail: that stops the server.
            let (url, _server) = match given {
                Some(url) => {
                    step("PostgreSQL: using TEST_DATABASE_URL");
                    (url, None)
                }
                None => {
                    let server = pg::Throwaway::start()?;
                    (server.url(), Some(server))
                }
            };
            step("integration tests on PostgreSQL");
            // Same package selection as the SQLite suites, so cargo reuses their build.
            let mut c = workspace_test(&["--test", "integration"]);
            c.env("TEST_DATABASE_URL", url);
            status(c, "cargo test (PostgreSQL)")
        }
    }
}

fn eval() -> anyhow::Result<()> {
    let mut c = cargo();
    c.args([
        "run",
        "--release",
        "-p",
        "backend",
        "--bin",
        "thesis-match",
        "--",
        "eval",
    ]);
    status(c, "thesis-match eval")
}

fn bench() -> anyhow::Result<()> {
    step("criterion: ranking one student against 5,000 projects");
    let mut c = cargo();
    c.args(["bench", "-p", "backend", "--bench", "scoring"]);
    status(c, "cargo bench --bench scoring")?;
    step("full run: 10,000 students × 5,000 projects");
    let mut c = cargo();
    c.args(["bench", "-p", "backend", "--bench", "full_run"]);
    status(c, "cargo bench --bench full_run")
}

/// Times `thesis-match import --kind students` of 50,000 generated students (fictional names)
/// into a fresh SQLite database holding the demo program: the whole process, as a director runs it.
fn bench_import() -> anyhow::Result<()> {
    const STUDENTS: usize = 50_000;
    step("building the server (release)");
    let mut c = cargo();
    c.args([
        "build",
        "--release",
        "-p",
        "backend",
        "--bin",
        "thesis-match",
    ]);
    status(c, "cargo build -p backend")?;
    let dir = target_dir().join("bench-import");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join("students.csv");
    let first = [
        "Ada", "Bo", "Cyr", "Dee", "Eun", "Fia", "Gus", "Hal", "Ines", "Jun",
    ];
    let last = [
        "Arvo", "Brisk", "Coll", "Dunmore", "Erl", "Fenn", "Gault", "Holm", "Ivers", "Joss",
    ];
    let interests = [
        "brain MRI tumour segmentation with deep learning",
        "EEG seizure detection on wearable devices",
        "LLM summarisation of discharge notes",
        "ECG arrhythmia classification on smart watches",
        "chest X-ray triage and uncertainty",
    ];
    let areas = ["imaging", "signals", "llms"];
    let backgrounds = ["engineering", "computer_science", "clinical"];
    let mut text = String::from("slug,name,email,background,areas,interests,skills\n");
    for i in 0..STUDENTS {
        let name = format!("{} {} {i}", first[i % 10], last[(i / 10) % 10]);
        text.push_str(&format!(
            "bench-student-{i},{name},bench.{i}@students.example.edu,{},{},\"{}\",Python;statistics\n",
            backgrounds[i % 3],
            areas[i % 3],
            interests[i % 5]
        ));
    }
    std::fs::write(&csv, text)?;
    let bin = target_dir().join("release/thesis-match");
    let db = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    step("seeding the demo program into a fresh database");
    let mut c = Command::new(&bin);
    c.current_dir(root())
        .args(["seed", "--demo", "--database-url", &db]);
    status(c, "thesis-match seed --demo")?;
    step(&format!("importing {STUDENTS} students"));
    let started = Instant::now();
    let mut c = Command::new(&bin);
    c.current_dir(root())
        .args(["import", "--kind", "students", "--database-url", &db])
        .arg(&csv);
    status(c, "thesis-match import")?;
    println!(
        "\n{STUDENTS} students imported in {:.1}s (whole process: start, migrations check, parse, validate, write, accounts)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
