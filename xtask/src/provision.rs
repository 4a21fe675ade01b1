//! What the test suites need from the system, and installing what is missing.
//!
//! [`REQUIREMENTS`] is the table: what proves a tool present, which Debian/Ubuntu packages provide
//! it, which suites need it. `cargo xtask test` checks the rows of the suites it is about to run and
//! installs what is missing with `apt-get` when it may (root, or passwordless sudo); otherwise it
//! stops with the one command to run. A new suite that needs a tool adds one row here.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::bail;

use crate::suite::Suite::{self, *};

/// How to tell whether a tool is present.
#[derive(Debug)]
pub(crate) enum Probe {
    /// One of these programs is on the PATH.
    OnPath(&'static [&'static str]),
    /// `{dir}/<any version>/{file}` exists, e.g. `/usr/lib/postgresql/15/bin/postgres`.
    Versioned {
        dir: &'static str,
        file: &'static str,
    },
    /// This command exits 0; when the variable `env` is set, it names the program instead.
    Succeeds {
        program: &'static str,
        env: Option<&'static str>,
        args: &'static [&'static str],
    },
}

#[derive(Debug)]
pub(crate) struct Requirement {
    pub(crate) what: &'static str,
    pub(crate) probe: Probe,
    /// The Debian/Ubuntu packages that provide it.
    pub(crate) packages: &'static [&'static str],
    /// The suites that need it.
    pub(crate) suites: &'static [Suite],
    /// Also needed by `cargo xtask build-spa` (and so `run`), whatever the suites.
    pub(crate) spa_build: bool,
    /// Not needed when this environment variable is set (and not empty).
    pub(crate) unless_env: Option<&'static str>,
    pub(crate) why: &'static str,
}

/// Only tools of suites that exist. A later suite adds its line: Node packages, schemathesis, …
/// (`wrk`, needed by `bench-http` and no test suite, is [`WRK`].)
pub(crate) const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        what: "Chromium",
        probe: Probe::OnPath(&["chromium", "chromium-browser", "google-chrome"]),
        packages: &["chromium"],
        suites: &[Sqlite, Browser],
        unless_env: None,
        spa_build: false,
        why: "the browser tests run the SPA in headless Chromium",
    },
    Requirement {
        what: "chromedriver",
        probe: Probe::OnPath(&["chromedriver"]),
        packages: &["chromium-driver"],
        suites: &[Sqlite, Browser],
        unless_env: None,
        spa_build: false,
        why: "the browser tests drive Chromium over WebDriver",
    },
    Requirement {
        what: "Python 3 with venv",
        probe: Probe::Succeeds {
            program: "python3",
            env: Some("THESIS_MATCH_PYTHON"),
            args: &["-c", "import venv, ensurepip"],
        },
        packages: &["python3", "python3-venv"],
        suites: &[Sqlite, Reference],
        unless_env: None,
        spa_build: false,
        why: "the reference test installs the `matching` package into a venv",
    },
    Requirement {
        what: "PostgreSQL server",
        probe: Probe::Versioned {
            dir: "/usr/lib/postgresql",
            file: "bin/postgres",
        },
        packages: &["postgresql"],
        suites: &[Postgres],
        unless_env: Some("TEST_DATABASE_URL"),
        spa_build: false,
        why: "the PostgreSQL pass starts a throwaway server (unless TEST_DATABASE_URL is set)",
    },
    Requirement {
        what: "wasm-opt (binaryen)",
        probe: Probe::OnPath(&["wasm-opt"]),
        packages: &["binaryen"],
        // The suites that build the SPA first (`Suite::needs_spa`).
        suites: &[Sqlite, Browser],
        unless_env: Some("THESIS_MATCH_WASM_OPT"),
        spa_build: true,
        why: "build-spa shrinks the wasm with `wasm-opt -Oz` (a binaryen too old to read it, like \
              Debian 12's 108, is replaced by binaryen from npm under the target dir: spa.rs)",
    },
];

/// `cargo xtask bench-http`'s load generator (no test suite needs it).
pub(crate) const WRK: Requirement = Requirement {
    what: "wrk",
    probe: Probe::OnPath(&["wrk"]),
    packages: &["wrk"],
    suites: &[],
    unless_env: None,
    spa_build: false,
    why: "`cargo xtask bench-http` loads the server with wrk",
};

/// Installs `wrk` when missing, as [`ensure`] does for the suites' tools.
pub(crate) fn ensure_wrk() -> anyhow::Result<()> {
    if WRK.is_present() {
        return Ok(());
    }
    install(&[&WRK])
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

impl Requirement {
    /// Whether any of `suites` needs this, given the environment (`env_set`).
    fn needed_by(&self, suites: &[Suite], env_set: &dyn Fn(&str) -> bool) -> bool {
        self.suites.iter().any(|s| suites.contains(s)) && !self.unless_env.is_some_and(env_set)
    }

    pub(crate) fn is_present(&self) -> bool {
        match &self.probe {
            Probe::OnPath(names) => names.iter().any(|n| on_path(n)),
            Probe::Versioned { dir, file } => std::fs::read_dir(dir)
                .map(|entries| entries.flatten().any(|e| e.path().join(file).is_file()))
                .unwrap_or(false),
            Probe::Succeeds { program, env, args } => {
                let program = env
                    .and_then(|v| std::env::var(v).ok())
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| (*program).to_owned());
                Command::new(program)
                    .args(*args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            }
        }
    }
}

pub(crate) fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| is_executable(&dir.join(name))))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The requirements of `suites` that `present` says are missing.
fn missing<'a>(
    table: &'a [Requirement],
    suites: &[Suite],
    env_set: &dyn Fn(&str) -> bool,
    present: &dyn Fn(&Requirement) -> bool,
) -> Vec<&'a Requirement> {
    table
        .iter()
        .filter(|r| r.needed_by(suites, env_set) && !present(r))
        .collect()
}

/// Their packages, each once, in table order.
fn packages(missing: &[&Requirement]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in missing.iter().flat_map(|r| r.packages) {
        if !out.contains(p) {
            out.push(p);
        }
    }
    out
}

/// How we may install system packages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Privilege {
    Root,
    Sudo,
    Neither,
}

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn privilege() -> Privilege {
    if is_root() {
        return Privilege::Root;
    }
    let sudo = Command::new("sudo")
        .args(["-n", "true"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if sudo {
        Privilege::Sudo
    } else {
        Privilege::Neither
    }
}

/// The one command a user runs to install `packages` themselves.
fn manual_command(packages: &[&str]) -> String {
    format!(
        "sudo apt-get update && sudo apt-get install -y {}",
        packages.join(" ")
    )
}

/// Checks the tools `suites` need and installs the missing ones (see the module docs).
pub(crate) fn ensure(suites: &[Suite]) -> anyhow::Result<()> {
    install_all(missing(
        REQUIREMENTS,
        suites,
        &env_set,
        &Requirement::is_present,
    ))
}

/// The tools `cargo xtask build-spa` needs (rows with `spa_build`), installed when missing.
pub(crate) fn ensure_spa_build() -> anyhow::Result<()> {
    install_all(spa_build_missing(
        REQUIREMENTS,
        &env_set,
        &Requirement::is_present,
    ))
}

fn spa_build_missing<'a>(
    table: &'a [Requirement],
    env_set: &dyn Fn(&str) -> bool,
    present: &dyn Fn(&Requirement) -> bool,
) -> Vec<&'a Requirement> {
    table
        .iter()
        .filter(|r| r.spa_build && !r.unless_env.is_some_and(env_set) && !present(r))
        .collect()
}

fn install_all(missing: Vec<&Requirement>) -> anyhow::Result<()> {
    if missing.is_empty() {
        return Ok(());
    }
    install(&missing)
}

/// Installs the packages of `missing` with apt-get (as root or with passwordless sudo), or stops
/// with the one command to run.
fn install(missing: &[&Requirement]) -> anyhow::Result<()> {
    let pkgs = packages(missing);
    let what: Vec<_> = missing.iter().map(|r| r.what).collect();
    crate::step(&format!("missing: {}", what.join(", ")));
    for r in missing {
        println!(
            "    {} is missing ({}): {}",
            r.what,
            r.packages.join(" "),
            r.why
        );
    }
    let privilege = privilege();
    if !on_path("apt-get") || privilege == Privilege::Neither {
        let how = if on_path("apt-get") {
            "not root and no passwordless sudo, so I cannot install them"
        } else {
            "no apt-get here: install the equivalent packages with your package manager"
        };
        bail!(
            "missing tools ({how}); run this, then the same `cargo xtask` command again:\n\n    {}\n",
            manual_command(&pkgs)
        );
    }
    let apt = |args: &[&str]| {
        let mut c = if privilege == Privilege::Sudo {
            let mut c = Command::new("sudo");
            c.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            c
        } else {
            let mut c = Command::new("apt-get");
            c.env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        c.args(args);
        c
    };
    let sudo = if privilege == Privilege::Sudo {
        "sudo "
    } else {
        ""
    };
    println!("    installing them with apt-get:");
    println!("    {sudo}apt-get update");
    crate::status(apt(&["update", "-qq"]), "apt-get update")?;
    println!("    {sudo}apt-get install -y {}", pkgs.join(" "));
    let mut c = apt(&["install", "-y", "-qq"]);
    c.args(&pkgs).stdout(Stdio::null());
    crate::status(c, "apt-get install")?;
    let still: Vec<_> = missing.iter().filter(|r| !r.is_present()).collect();
    if !still.is_empty() {
        let still: Vec<_> = still.iter().map(|r| r.what).collect();
        bail!(
            "installed {} but still missing: {}",
            pkgs.join(" "),
            still.join(", ")
        );
    }
    Ok(())
}

/// `cargo xtask tools`: the table, with what is present here.
pub(crate) fn report() -> anyhow::Result<()> {
    let mut absent = Vec::new();
    for r in REQUIREMENTS {
        let present = r.is_present();
        let suites: Vec<_> = r.suites.iter().map(|s| s.name()).collect();
        let unless = r
            .unless_env
            .map(|v| {
                if env_set(v) {
                    format!(" (not needed: {v} is set)")
                } else {
                    format!(" (not needed when {v} is set)")
                }
            })
            .unwrap_or_default();
        println!(
            "{:<20} {:<8} {:<24} suites: {}{unless}",
            r.what,
            if present { "present" } else { "MISSING" },
            r.packages.join(" "),
            suites.join(", ")
        );
        if !present {
            absent.push(r);
        }
    }
    if !absent.is_empty() {
        let how = match privilege() {
            Privilege::Root => "`cargo xtask test` will install them (root)",
            Privilege::Sudo => "`cargo xtask test` will install them (passwordless sudo)",
            Privilege::Neither => {
                "`cargo xtask test` cannot install them (no root, no passwordless sudo)"
            }
        };
        println!("\n{how}; by hand: {}", manual_command(&packages(&absent)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none_set(_: &str) -> bool {
        false
    }

    fn names(rs: &[&Requirement]) -> Vec<&'static str> {
        rs.iter().map(|r| r.what).collect()
    }

    #[test]
    fn every_row_names_packages_and_suites() {
        for r in REQUIREMENTS {
            assert!(!r.packages.is_empty(), "{}", r.what);
            assert!(!r.suites.is_empty(), "{}", r.what);
            assert!(!r.why.is_empty(), "{}", r.what);
        }
    }

    #[test]
    fn only_the_planned_suites_requirements_are_checked() {
        let nothing = |_: &Requirement| false;
        assert!(missing(REQUIREMENTS, crate::suite::QUICK, &none_set, &nothing).is_empty());
        assert_eq!(
            names(&missing(REQUIREMENTS, &[Browser], &none_set, &nothing)),
            ["Chromium", "chromedriver", "wasm-opt (binaryen)"]
        );
        assert_eq!(
            names(&missing(REQUIREMENTS, &[Reference], &none_set, &nothing)),
            ["Python 3 with venv"]
        );
        assert_eq!(
            names(&missing(
                REQUIREMENTS,
                crate::suite::FULL,
                &none_set,
                &nothing
            )),
            [
                "Chromium",
                "chromedriver",
                "Python 3 with venv",
                "PostgreSQL server",
                "wasm-opt (binaryen)"
            ]
        );
    }

    #[test]
    fn building_the_spa_needs_wasm_opt_unless_one_is_named() {
        let nothing = |_: &Requirement| false;
        assert_eq!(
            names(&spa_build_missing(REQUIREMENTS, &none_set, &nothing)),
            ["wasm-opt (binaryen)"]
        );
        let named = |v: &str| v == "THESIS_MATCH_WASM_OPT";
        assert!(spa_build_missing(REQUIREMENTS, &named, &nothing).is_empty());
        let everything = |_: &Requirement| true;
        assert!(spa_build_missing(REQUIREMENTS, &none_set, &everything).is_empty());
    }

    #[test]
    fn present_tools_are_not_installed() {
        let chromium_only = |r: &Requirement| r.what == "Chromium";
        let m = missing(REQUIREMENTS, &[Browser], &none_set, &chromium_only);
        assert_eq!(packages(&m), ["chromium-driver", "binaryen"]);
    }

    #[test]
    fn test_database_url_makes_the_postgresql_server_unnecessary() {
        let nothing = |_: &Requirement| false;
        let url_set = |v: &str| v == "TEST_DATABASE_URL";
        assert!(missing(REQUIREMENTS, &[Postgres], &url_set, &nothing).is_empty());
        assert_eq!(
            packages(&missing(REQUIREMENTS, &[Postgres], &none_set, &nothing)),
            ["postgresql"]
        );
    }

    #[test]
    fn packages_are_listed_once_in_table_order() {
        let nothing = |_: &Requirement| false;
        let m = missing(REQUIREMENTS, crate::suite::FULL, &none_set, &nothing);
        assert_eq!(
            packages(&m),
            [
                "chromium",
                "chromium-driver",
                "python3",
                "python3-venv",
                "postgresql",
                "binaryen"
            ]
        );
        assert_eq!(
            manual_command(&packages(&m)),
            "sudo apt-get update && sudo apt-get install -y chromium chromium-driver python3 python3-venv postgresql binaryen"
        );
    }

    #[test]
    fn probes_see_what_is_on_this_machine() {
        assert!(on_path("sh"));
        assert!(!on_path("surely-no-such-program-here"));
        let r = Requirement {
            what: "sh",
            probe: Probe::Succeeds {
                program: "sh",
                env: None,
                args: &["-c", "exit 0"],
            },
            packages: &["dash"],
            suites: &[Unit],
            unless_env: None,
            spa_build: false,
            why: "test",
        };
        assert!(r.is_present());
        let r = Requirement {
            probe: Probe::Versioned {
                dir: "/surely/not/here",
                file: "bin/x",
            },
            ..r
        };
        assert!(!r.is_present());
    }
}
