//! The suites `cargo xtask test` runs, and its arguments (`--quick`, `--only NAME`).

use anyhow::bail;

/// One named step of `cargo xtask test`. `--only NAME` runs one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Suite {
    Fmt,
    Clippy,
    ClippyWasm,
    /// Every test of the workspace except the SPA's, on SQLite, in one `cargo test`: unit, CLI,
    /// integration, reference and browser tests, and doctests. The full run uses this one rather
    /// than the narrower suites below, so a new test target is never left out.
    Sqlite,
    Unit,
    Integration,
    Reference,
    Browser,
    Frontend,
    Postgres,
}

use Suite::*;

impl Suite {
    pub(crate) const ALL: [Suite; 10] = [
        Fmt,
        Clippy,
        ClippyWasm,
        Sqlite,
        Unit,
        Integration,
        Reference,
        Browser,
        Frontend,
        Postgres,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Fmt => "fmt",
            Clippy => "clippy",
            ClippyWasm => "clippy-wasm",
            Sqlite => "sqlite",
            Unit => "unit",
            Integration => "integration",
            Reference => "reference",
            Browser => "browser",
            Frontend => "frontend",
            Postgres => "postgres",
        }
    }

    pub(crate) fn about(self) -> &'static str {
        match self {
            Fmt => "cargo fmt --check",
            Clippy => "clippy, native, all targets, -D warnings",
            ClippyWasm => "clippy on the SPA for wasm32, -D warnings",
            Sqlite => {
                "every test except the SPA's on SQLite (unit, CLI, integration, reference, browser)"
            }
            Unit => "unit tests of the libraries and binaries (not the SPA)",
            Integration => "tests/integration on SQLite",
            Reference => "the allocation engine against the `matching` Python package",
            Browser => "the built SPA in headless Chromium",
            Frontend => "the SPA's unit tests (native)",
            Postgres => {
                "tests/integration on PostgreSQL (TEST_DATABASE_URL, or a throwaway server)"
            }
        }
    }

    pub(crate) fn by_name(name: &str) -> Option<Suite> {
        Suite::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether the suite needs the SPA built into `frontend/dist` first.
    pub(crate) fn needs_spa(self) -> bool {
        matches!(self, Sqlite | Browser)
    }
}

/// The default: everything, as CI runs it.
pub(crate) const FULL: &[Suite] = &[Fmt, Clippy, ClippyWasm, Sqlite, Frontend, Postgres];

/// `--quick`, for the edit–test loop.
pub(crate) const QUICK: &[Suite] = &[Fmt, Clippy, Unit, Integration];

/// `fmt, clippy, …` for the help text and error messages.
pub(crate) fn names() -> String {
    Suite::ALL.map(Suite::name).join(", ")
}

/// One line per suite, for the help text.
pub(crate) fn help() -> String {
    Suite::ALL
        .iter()
        .map(|s| format!("                 {:<12} {}", s.name(), s.about()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The arguments of `cargo xtask test`: none (the full run), `--quick`, or `--only NAME`.
pub(crate) fn parse_test_args(args: &[String]) -> anyhow::Result<Vec<Suite>> {
    let mut plan: Option<(String, Vec<Suite>)> = None;
    let mut set = |flag: String, suites: Vec<Suite>| -> anyhow::Result<()> {
        if let Some((before, _)) = &plan {
            bail!("`{before}` and `{flag}` cannot be combined");
        }
        plan = Some((flag, suites));
        Ok(())
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => set(arg.clone(), QUICK.to_vec())?,
            "--only" => {
                let Some(name) = args.next() else {
                    bail!("`--only` needs a suite name: {}", names());
                };
                set(format!("--only {name}"), vec![only(name)?])?;
            }
            other => match other.strip_prefix("--only=") {
                Some(name) => set(other.to_owned(), vec![only(name)?])?,
                None => bail!(
                    "unknown argument `{other}` to `cargo xtask test` (use --quick or --only NAME)"
                ),
            },
        }
    }
    Ok(plan.map_or_else(|| FULL.to_vec(), |(_, suites)| suites))
}

fn only(name: &str) -> anyhow::Result<Suite> {
    match Suite::by_name(name) {
        Some(s) => Ok(s),
        None => bail!("no suite named `{name}`; the suites are: {}", names()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> anyhow::Result<Vec<Suite>> {
        parse_test_args(&args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn no_arguments_is_the_full_run() {
        assert_eq!(parse(&[]).ok(), Some(FULL.to_vec()));
    }

    #[test]
    fn quick_is_fmt_clippy_unit_and_sqlite_integration() {
        assert_eq!(
            parse(&["--quick"]).ok(),
            Some(vec![Fmt, Clippy, Unit, Integration])
        );
    }

    #[test]
    fn only_takes_one_suite_by_name_in_both_spellings() {
        assert_eq!(parse(&["--only", "browser"]).ok(), Some(vec![Browser]));
        assert_eq!(parse(&["--only=postgres"]).ok(), Some(vec![Postgres]));
        assert_eq!(
            parse(&["--only", "clippy-wasm"]).ok(),
            Some(vec![ClippyWasm])
        );
    }

    #[test]
    fn an_unknown_suite_is_refused_with_the_list() {
        let e = parse(&["--only", "nope"]).map_or_else(|e| e.to_string(), |_| String::new());
        assert!(e.contains("`nope`"), "{e}");
        assert!(e.contains(&names()), "{e}");
    }

    #[test]
    fn bad_combinations_are_refused() {
        assert!(parse(&["--only"]).is_err());
        assert!(parse(&["--quick", "--only", "fmt"]).is_err());
        assert!(parse(&["--only", "fmt", "--only", "unit"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }

    #[test]
    fn names_are_unique_and_round_trip() {
        for s in Suite::ALL {
            assert_eq!(Suite::by_name(s.name()), Some(s));
        }
        let mut names: Vec<_> = Suite::ALL.map(Suite::name).to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Suite::ALL.len());
    }

    #[test]
    fn the_full_run_covers_every_test_target_on_both_databases() {
        // The SQLite pass is the one `cargo test` over the workspace (minus the SPA), so it
        // includes the narrower suites; the SPA and PostgreSQL passes come on top.
        for s in [Fmt, Clippy, ClippyWasm, Sqlite, Frontend, Postgres] {
            assert!(FULL.contains(&s), "{s:?}");
        }
    }
}
