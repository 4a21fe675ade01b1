//! A throwaway PostgreSQL server for the PostgreSQL pass when `TEST_DATABASE_URL` is not set.
//!
//! [`Throwaway::start`] runs `initdb` into `<target>/tmp/pg-<pid>` and starts the server on a free
//! loopback port (TCP only, trust authentication, role `thesis_match` as superuser, fsync off).
//! PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user. Dropping the
//! [`Throwaway`] stops the server (`pg_ctl stop -m fast`) and removes the data directory — on success,
//! on a failed test and on an early return. If xtask dies without dropping it (Ctrl-C, a kill), a
//! small watchdog process notices that xtask's end of a pipe closed and does the same.

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use anyhow::{Context, bail};

use crate::provision::{is_root, on_path};

/// The superuser `initdb` creates; the tests connect as it (it may create databases).
pub(crate) const ROLE: &str = "thesis_match";

/// The unprivileged user that runs the server when xtask runs as root (created by Debian's
/// `postgresql-common`).
const SYSTEM_USER: &str = "postgres";

const SETTINGS: &str = "
# cargo xtask test: a throwaway server for the tests
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
";

/// Stops the server when xtask's end of the pipe closes without a clean stop. `$1` is the data
/// directory, `$2` pg_ctl, `$3` the user to run it as (empty: ourselves).
const WATCHDOG: &str = r#"read -r _
case "$1" in */pg-*) ;; *) exit 0 ;; esac
if [ -f "$1/postmaster.pid" ]; then
  echo "==> PostgreSQL: xtask ended early; stopping the throwaway server in $1" >&2
  cd /
  if [ -n "$3" ]; then runuser -u "$3" -- "$2" -D "$1" -m fast -w stop >/dev/null
  else "$2" -D "$1" -m fast -w stop >/dev/null; fi
fi
rm -rf "$1"
"#;

pub(crate) struct Throwaway {
    dir: PathBuf,
    bin: PathBuf,
    /// Run the PostgreSQL programs as this user (xtask runs as root).
    user: Option<String>,
    port: u16,
    watchdog: Option<Child>,
}

impl Throwaway {
    /// Initialises and starts a server; prints where.
    pub(crate) fn start() -> anyhow::Result<Self> {
        let bin = bin_dir()?;
        let user = if is_root() {
            anyhow::ensure!(
                on_path("runuser"),
                "running as root, and PostgreSQL refuses to run as root: `runuser` (util-linux) is \
                 needed to run it as `{SYSTEM_USER}`"
            );
            Some(SYSTEM_USER.to_owned())
        } else {
            None
        };
        let ids = match &user {
            Some(u) => Some(user_ids(u)?),
            None => None,
        };
        let dir = data_dir(user.as_deref())?;
        // From here on, dropping `pg` cleans up, whatever fails next.
        let mut pg = Throwaway {
            dir,
            bin,
            user,
            port: 0,
            watchdog: None,
        };
        std::fs::create_dir(&pg.dir).with_context(|| format!("creating {}", pg.dir.display()))?;
        if let Some((uid, gid)) = ids {
            std::os::unix::fs::chown(&pg.dir, Some(uid), Some(gid))
                .with_context(|| format!("giving {} to {SYSTEM_USER}", pg.dir.display()))?;
        }
        match pg.spawn_watchdog() {
            Ok(child) => pg.watchdog = Some(child),
            Err(e) => eprintln!("    (no watchdog, so Ctrl-C may leave the server running: {e:#})"),
        }
        pg.initdb()?;
        pg.start_server()?;
        crate::step(&format!(
            "PostgreSQL: throwaway server on 127.0.0.1:{} (data in {})",
            pg.port,
            pg.dir.display()
        ));
        Ok(pg)
    }

    /// `postgres://thesis_match@127.0.0.1:PORT/postgres`, the form `TEST_DATABASE_URL` takes (each
    /// test creates its own database next to `postgres`).
    pub(crate) fn url(&self) -> String {
        self.url_for("postgres")
    }

    fn url_for(&self, database: &str) -> String {
        format!("postgres://{ROLE}@127.0.0.1:{}/{database}", self.port)
    }

    pub(crate) fn bin(&self) -> &Path {
        &self.bin
    }

    /// A PostgreSQL program, run as the server's user, from `/`.
    fn pg(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        let mut c = match &self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        c.current_dir("/");
        c
    }

    fn spawn_watchdog(&self) -> anyhow::Result<Child> {
        use std::os::unix::process::CommandExt;
        let mut c = Command::new("sh");
        c.args(["-c", WATCHDOG, "pg-watchdog"])
            .arg(&self.dir)
            .arg(self.bin.join("pg_ctl"))
            .arg(self.user.as_deref().unwrap_or(""))
            .stdin(Stdio::piped())
            .current_dir("/")
            // Its own process group, so Ctrl-C in the terminal reaches xtask and not it.
            .process_group(0);
        c.spawn().context("starting the watchdog (sh)")
    }

    fn initdb(&self) -> anyhow::Result<()> {
        let mut c = self.pg("initdb");
        c.arg("-D")
            .arg(&self.dir)
            .args(["-A", "trust", "-U", ROLE, "-E", "UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync"]);
        let out = c.output().context("could not start initdb")?;
        if !out.status.success() {
            bail!("initdb failed ({}):\n{}", out.status, both(&out));
        }
        let mut conf = std::fs::OpenOptions::new()
            .append(true)
            .open(self.dir.join("postgresql.conf"))
            .context("opening postgresql.conf")?;
        conf.write_all(SETTINGS.as_bytes())
            .context("writing postgresql.conf")?;
        Ok(())
    }

    fn start_server(&mut self) -> anyhow::Result<()> {
        let log = self.dir.join("server.log");
        // A port picked by binding :0 may be taken before the server binds it: try again then.
        for attempt in 1..=3 {
            let port = free_port()?;
            let mut c = self.pg("pg_ctl");
            c.arg("-D").arg(&self.dir).arg("-l").arg(&log).args([
                "-o",
                &format!("-p {port}"),
                "-w",
                "-t",
                "60",
                "start",
            ]);
            let out = c.output().context("could not start pg_ctl")?;
            if out.status.success() {
                self.port = port;
                return Ok(());
            }
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let port_taken = text.contains("could not bind") || text.contains("already in use");
            if !(port_taken && attempt < 3) {
                let tail: Vec<&str> = text.lines().rev().take(20).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                bail!(
                    "pg_ctl start failed ({}):\n{}\n{} (last lines):\n{}",
                    out.status,
                    both(&out),
                    log.display(),
                    tail.join("\n")
                );
            }
        }
        bail!("no free port for PostgreSQL")
    }

    /// Stops the server if it runs and removes the data directory. Idempotent.
    fn stop(&mut self) {
        if self.dir.join("postmaster.pid").exists() {
            crate::step("PostgreSQL: stopping the throwaway server");
            let mut c = self.pg("pg_ctl");
            c.arg("-D")
                .arg(&self.dir)
                .args(["-m", "fast", "-w", "stop"]);
            match c.output() {
                Ok(out) if out.status.success() => println!("    stopped"),
                Ok(out) => eprintln!("    pg_ctl stop failed ({}):\n{}", out.status, both(&out)),
                Err(e) => eprintln!("    could not start pg_ctl stop: {e}"),
            }
        }
        if self.dir.exists() {
            match std::fs::remove_dir_all(&self.dir) {
                Ok(()) => println!("    removed {}", self.dir.display()),
                Err(e) => eprintln!("    could not remove {}: {e}", self.dir.display()),
            }
        }
        if let Some(mut w) = self.watchdog.take() {
            // Closing its stdin lets it finish; with the server stopped it has nothing to do.
            drop(w.stdin.take());
            let _ = w.wait();
        }
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        self.stop();
    }
}

fn both(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The newest `/usr/lib/postgresql/<version>/bin` with initdb, pg_ctl and postgres (Debian and
/// Ubuntu), else the PATH directory that has them (other distributions).
fn bin_dir() -> anyhow::Result<PathBuf> {
    let complete = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = parse_version(&e.file_name().to_string_lossy())?;
            let bin = e.path().join("bin");
            complete(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|d| complete(d))
    {
        return Ok(dir);
    }
    bail!(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin or \
         on the PATH: install `postgresql`, or set TEST_DATABASE_URL"
    )
}

/// `15` → [15], `9.6` → [9, 6]; anything else is not a version directory.
fn parse_version(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|p| p.parse().ok()).collect()
}

fn user_ids(user: &str) -> anyhow::Result<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    match (id("-u"), id("-g")) {
        (Some(uid), Some(gid)) => Ok((uid, gid)),
        _ => bail!(
            "running as root, and PostgreSQL refuses to run as root: there is no `{user}` user to run \
             it as (Debian's `postgresql` package creates it). Create one, run as another user, or \
             set TEST_DATABASE_URL"
        ),
    }
}

/// `<target>/tmp/pg-<pid>` (not created yet), or under the system temp directory when `user`
/// cannot reach the target directory.
fn data_dir(user: Option<&str>) -> anyhow::Result<PathBuf> {
    let name = format!("pg-{}", std::process::id());
    let mut base = crate::target_dir().join("tmp");
    std::fs::create_dir_all(&base).with_context(|| format!("creating {}", base.display()))?;
    if let Some(user) = user {
        let reachable = Command::new("runuser")
            .args(["-u", user, "--", "test", "-x"])
            .arg(&base)
            .current_dir("/")
            .status()
            .is_ok_and(|s| s.success());
        if !reachable {
            let tmp = std::env::temp_dir();
            println!(
                "    {} is not reachable by the user `{user}`, so the throwaway server's data goes under {}",
                base.display(),
                tmp.display()
            );
            base = tmp;
        }
    }
    let dir = base.join(name);
    if dir.exists() {
        // Left by an earlier process with our pid; its server is gone with it (the watchdog).
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(dir)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("binding 127.0.0.1:0 for a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `cargo xtask pg-smoke [--fail | --panic | --hold SECONDS]`: starts the throwaway server,
/// creates a database over `TEST_DATABASE_URL`'s form of URL, and stops it. `--fail` returns an
/// error and `--panic` panics with the server running, `--hold` waits (try Ctrl-C): each must leave
/// no server and no data directory behind.
pub(crate) fn smoke(args: &[String]) -> anyhow::Result<()> {
    enum End {
        Ok,
        Fail,
        Panic,
        Hold(u64),
    }
    let end = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => End::Ok,
        ["--fail"] => End::Fail,
        ["--panic"] => End::Panic,
        ["--hold", secs] => End::Hold(secs.parse().context("--hold SECONDS")?),
        _ => bail!("usage: cargo xtask pg-smoke [--fail | --panic | --hold SECONDS]"),
    };
    let pg = Throwaway::start()?;
    let url = pg.url();
    println!("    TEST_DATABASE_URL={url}");
    let psql = pg.bin().join("psql");
    let psql = if psql.is_file() {
        psql
    } else {
        PathBuf::from("psql")
    };
    let mut c = Command::new(&psql);
    c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
        .arg(&url)
        .args(["-c", "CREATE DATABASE pg_smoke"]);
    crate::status(c, "psql: CREATE DATABASE pg_smoke")?;
    let mut c = Command::new(&psql);
    c.args(["-X", "-tA"])
        .arg(pg.url_for("pg_smoke"))
        .args(["-c", "SELECT current_user || ' on ' || version()"]);
    crate::status(c, "psql: connect to pg_smoke")?;
    match end {
        End::Ok => Ok(()),
        End::Fail => bail!("pg-smoke --fail: a simulated failure with the server running"),
        End::Panic => panic!("pg-smoke --panic: a simulated panic with the server running"),
        End::Hold(secs) => {
            println!("    holding for {secs}s (pid {})", std::process::id());
            std::thread::sleep(std::time::Duration::from_secs(secs));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_directories_sort_numerically() {
        assert_eq!(parse_version("15"), Some(vec![15]));
        assert_eq!(parse_version("9.6"), Some(vec![9, 6]));
        assert_eq!(parse_version("lib"), None);
        assert!(parse_version("16") > parse_version("9.6"));
    }

    #[test]
    fn free_ports_are_on_loopback_and_nonzero() {
        assert!(free_port().is_ok_and(|p| p != 0));
    }
}
