//! `cargo xtask bench-http`: the server under load on loopback, with `wrk` (Debian package `wrk`).
//!
//! For each program (the demo, and a generated one of 20,000 projects / 50,000 students / 5,000
//! faculty) and each database (SQLite file, PostgreSQL database), it starts the release server,
//! signs a student in (the synthetic program's students get a password through the director's reset
//! link), checks every route answers 2xx once, then runs `wrk` against each route in turn
//! (64 connections, 2 threads, `--duration` seconds each) and prints req/s, p50, p99 and the ratio to
//! `/api/health`'s req/s measured in the same run, next to the targets of issue 13.
//!
//! Databases are kept under `<target>/bench-http/` (SQLite) or as `tm_bench_http_<program>` next to
//! the PostgreSQL URL's database, and reused while their `.ready` marker exists: generating the
//! synthetic program takes minutes. `--fresh` regenerates them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::provision;

const DIRECTOR_EMAIL: &str = "bench.director@example.edu";
const BENCH_PASSWORD: &str = "bench-http-password-1";
const DEMO_PASSWORD: &str = "thesis-demo";
const DEMO_STUDENT: &str = "ines.baptiste@students.example.edu";
const PREVIEW_BODY: &str = r#"{"interests":"deep learning for brain MRI tumour segmentation, some EEG","areas":["imaging"],"skills":["Python","PyTorch"],"background":"engineering"}"#;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Program {
    Demo,
    Synthetic,
}

impl Program {
    fn name(self) -> &'static str {
        match self {
            Program::Demo => "demo",
            Program::Synthetic => "synthetic",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Db {
    Sqlite,
    Postgres,
}

impl Db {
    fn name(self) -> &'static str {
        match self {
            Db::Sqlite => "sqlite",
            Db::Postgres => "postgres",
        }
    }
}

struct Options {
    programs: Vec<Program>,
    dbs: Vec<Db>,
    duration: u32,
    connections: u32,
    bin: Option<PathBuf>,
    fresh: bool,
    postgres: Option<String>,
    students: u32,
    projects: u32,
    faculty: u32,
}

fn parse(args: &[String]) -> anyhow::Result<Options> {
    let mut o = Options {
        programs: vec![Program::Demo, Program::Synthetic],
        dbs: vec![Db::Sqlite, Db::Postgres],
        duration: 10,
        connections: 64,
        bin: None,
        fresh: false,
        postgres: std::env::var("BENCH_DATABASE_URL")
            .or_else(|_| std::env::var("TEST_DATABASE_URL"))
            .ok()
            .filter(|u| !u.is_empty()),
        students: 50_000,
        projects: 20_000,
        faculty: 5_000,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--program" => {
                o.programs = match value()?.as_str() {
                    "demo" => vec![Program::Demo],
                    "synthetic" => vec![Program::Synthetic],
                    "both" => vec![Program::Demo, Program::Synthetic],
                    v => bail!("--program is demo, synthetic or both, not {v}"),
                }
            }
            "--database" => {
                o.dbs = match value()?.as_str() {
                    "sqlite" => vec![Db::Sqlite],
                    "postgres" => vec![Db::Postgres],
                    "both" => vec![Db::Sqlite, Db::Postgres],
                    v => bail!("--database is sqlite, postgres or both, not {v}"),
                }
            }
            "--duration" => o.duration = value()?.parse().context("--duration SECONDS")?,
            "--connections" => o.connections = value()?.parse().context("--connections N")?,
            "--bin" => o.bin = Some(PathBuf::from(value()?)),
            "--postgres" => o.postgres = Some(value()?.clone()),
            "--students" => o.students = value()?.parse().context("--students N")?,
            "--projects" => o.projects = value()?.parse().context("--projects N")?,
            "--faculty" => o.faculty = value()?.parse().context("--faculty N")?,
            "--fresh" => o.fresh = true,
            other => bail!("unknown option {other}\n\n{}", help()),
        }
    }
    anyhow::ensure!(
        (1..=120).contains(&o.duration),
        "--duration is 1 to 120 seconds"
    );
    anyhow::ensure!(
        (1..=256).contains(&o.connections),
        "--connections is 1 to 256"
    );
    Ok(o)
}

pub(crate) fn help() -> &'static str {
    "bench-http [--program demo|synthetic|both] [--database sqlite|postgres|both]
               [--duration SECS (10)] [--connections N (64)] [--bin PATH] [--fresh]
               [--postgres URL] [--students N --projects P --faculty F]
               the release server under wrk on 127.0.0.1: health, project list and page, a
               student's matches, the preview, saving a rank list; PostgreSQL from --postgres,
               BENCH_DATABASE_URL or TEST_DATABASE_URL, else a throwaway server"
}

/// One route under load.
struct Route {
    name: &'static str,
    method: &'static str,
    path: String,
    body: Option<String>,
    signed_in: bool,
    /// p99 target in ms and whether the ≥ 30 % of health rule applies.
    target: Option<Target>,
}

#[derive(Clone, Copy)]
struct Target {
    p99_ms: f64,
    min_ratio: Option<f64>,
    min_rps: Option<f64>,
}

struct Measured {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
    socket_errors: u64,
}

pub(crate) fn bench_http(args: &[String]) -> anyhow::Result<()> {
    let o = parse(args)?;
    provision::ensure_wrk()?;
    let bin = match &o.bin {
        Some(b) => b.clone(),
        None => {
            crate::step("building the server (release)");
            let mut c = crate::cargo();
            c.args([
                "build",
                "--release",
                "-p",
                "backend",
                "--bin",
                "thesis-match",
            ]);
            crate::status(c, "cargo build --release -p backend")?;
            crate::target_dir().join("release/thesis-match")
        }
    };
    let dir = crate::target_dir().join("bench-http");
    std::fs::create_dir_all(&dir)?;
    let mut throwaway = None;
    let mut report = String::new();
    for &db in &o.dbs {
        let admin = match db {
            Db::Sqlite => None,
            Db::Postgres => Some(match &o.postgres {
                Some(u) => u.clone(),
                None => {
                    let pg = crate::pg::Throwaway::start()?;
                    let url = pg.url();
                    throwaway = Some(pg);
                    url
                }
            }),
        };
        for &program in &o.programs {
            let url = prepare(&o, &bin, &dir, program, db, admin.as_deref())?;
            let table = run_one(&o, &bin, &dir, program, db, &url)?;
            println!("\n{table}");
            report.push_str(&table);
            report.push('\n');
        }
    }
    drop(throwaway);
    let out = dir.join("results.md");
    std::fs::write(&out, &report)?;
    println!("\n==> all tables: {}", out.display());
    Ok(())
}

fn with_database(admin: &str, name: &str) -> anyhow::Result<String> {
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin, None),
    };
    let slash = base
        .rfind('/')
        .filter(|&i| i > "postgres://".len())
        .with_context(|| format!("{admin}: no database in the URL"))?;
    let mut url = format!("{}/{name}", &base[..slash]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}

fn psql(admin: &str, sql: &str) -> anyhow::Result<String> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            admin,
            "-c",
            sql,
        ])
        .output()
        .context("running psql (Debian package postgresql-client)")?;
    if !out.status.success() {
        bail!("psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The database for `program` on `db`, created and filled unless a ready one exists.
fn prepare(
    o: &Options,
    bin: &Path,
    dir: &Path,
    program: Program,
    db: Db,
    admin: Option<&str>,
) -> anyhow::Result<String> {
    let name = format!("tm_bench_http_{}", program.name());
    let marker = dir.join(format!("{name}.{}.ready", db.name()));
    let (url, exists) = match db {
        Db::Sqlite => {
            let file = dir.join(format!("{name}.db"));
            let url = format!("sqlite://{}?mode=rwc", file.display());
            (url, file.exists())
        }
        Db::Postgres => {
            let admin = admin.context("no PostgreSQL URL")?;
            let found = psql(
                admin,
                &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
            )?;
            (with_database(admin, &name)?, found == "1")
        }
    };
    if exists && marker.exists() && !o.fresh {
        println!("\n==> reusing {} ({})", name, db.name());
        return Ok(url);
    }
    crate::step(&format!("preparing {name} on {}", db.name()));
    let _ = std::fs::remove_file(&marker);
    match db {
        Db::Sqlite => {
            for suffix in ["db", "db-wal", "db-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("{name}.{suffix}")));
            }
        }
        Db::Postgres => {
            let admin = admin.context("no PostgreSQL URL")?;
            psql(admin, &format!("DROP DATABASE IF EXISTS {name}"))?;
            psql(admin, &format!("CREATE DATABASE {name}"))?;
        }
    }
    let mut c = Command::new(bin);
    c.current_dir(crate::root());
    match program {
        Program::Demo => {
            c.args(["seed", "--demo", "--database-url", &url]);
        }
        Program::Synthetic => {
            c.args(["seed", "--synthetic"])
                .args(["--students", &o.students.to_string()])
                .args(["--projects", &o.projects.to_string()])
                .args(["--faculty", &o.faculty.to_string()])
                .args(["--database-url", &url]);
        }
    }
    crate::status(c, &format!("thesis-match seed ({})", program.name()))?;
    if program == Program::Synthetic {
        let mut c = Command::new(bin);
        c.current_dir(crate::root())
            .env("THESIS_MATCH_PASSWORD", BENCH_PASSWORD)
            .args([
                "user",
                "add",
                "--email",
                DIRECTOR_EMAIL,
                "--role",
                "director",
            ])
            .args(["--database-url", &url]);
        crate::status(c, "thesis-match user add (director)")?;
    }
    std::fs::write(&marker, "")?;
    Ok(url)
}

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM first (graceful shutdown), then make sure.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn start_server(bin: &Path, dir: &Path, url: &str, demo: bool) -> anyhow::Result<Server> {
    let port = free_port()?;
    let log = std::fs::File::create(dir.join("server.log"))?;
    let mut c = Command::new(bin);
    c.current_dir(crate::root())
        .args(["serve", "--database-url", url])
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(log);
    if demo {
        c.arg("--demo");
    }
    let child = c.spawn().context("starting thesis-match serve")?;
    let server = Server { child, port };
    let started = Instant::now();
    loop {
        if let Ok(r) = request(port, "GET", "/api/health", None, None)
            && r.status == 200
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the server did not answer /api/health within 600 s (see server.log)");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!(
        "    server up on 127.0.0.1:{port} in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(server)
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

/// A minimal HTTP/1.0 client (one request per connection, body to the end).
fn request(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<&str>,
) -> anyhow::Result<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n");
    if let Some(c) = cookie {
        req.push_str(&format!("Cookie: {c}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method != "GET" {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("no status line in {head:?}"))?;
    Ok(Answer {
        status,
        headers: head.to_owned(),
        body: body.to_owned(),
    })
}

fn expect_ok(a: Answer, what: &str) -> anyhow::Result<Answer> {
    if !(200..300).contains(&a.status) {
        bail!("{what}: HTTP {} {}", a.status, a.body);
    }
    Ok(a)
}

fn json(a: &Answer) -> anyhow::Result<serde_json::Value> {
    serde_json::from_str(&a.body).with_context(|| format!("not JSON: {}", a.body))
}

fn sign_in(port: u16, email: &str, password: &str) -> anyhow::Result<String> {
    let body = serde_json::json!({"email": email, "password": password}).to_string();
    let a = expect_ok(
        request(port, "POST", "/api/auth/login", None, Some(&body))?,
        &format!("signing in as {email}"),
    )?;
    a.headers
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().split(';').next())
        .find(|c| c.starts_with("tm_session="))
        .map(str::to_owned)
        .context("no session cookie after sign-in")
}

/// The cookie of a signed-in student of `program`.
fn student_cookie(port: u16, program: Program) -> anyhow::Result<String> {
    if program == Program::Demo {
        return sign_in(port, DEMO_STUDENT, DEMO_PASSWORD);
    }
    let director = sign_in(port, DIRECTOR_EMAIL, BENCH_PASSWORD)?;
    let users = json(&expect_ok(
        request(
            port,
            "GET",
            "/api/users?role=student&per_page=1",
            Some(&director),
            None,
        )?,
        "listing students",
    )?)?;
    let student = &users["items"][0];
    let (id, email) = match (student["id"].as_i64(), student["email"].as_str()) {
        (Some(id), Some(e)) => (id, e.to_owned()),
        _ => bail!("no student account in {users}"),
    };
    let link = json(&expect_ok(
        request(
            port,
            "POST",
            &format!("/api/users/{id}/reset-link"),
            Some(&director),
            Some(""),
        )?,
        "issuing a reset link",
    )?)?;
    let token = link["path"]
        .as_str()
        .and_then(|p| p.split_once("token="))
        .map(|(_, t)| t.to_owned())
        .with_context(|| format!("no token in {link}"))?;
    let body = serde_json::json!({"token": token, "new_password": BENCH_PASSWORD}).to_string();
    expect_ok(
        request(port, "POST", "/api/auth/reset", None, Some(&body))?,
        "setting the student's password",
    )?;
    sign_in(port, &email, BENCH_PASSWORD)
}

fn routes(port: u16, cookie: &str) -> anyhow::Result<Vec<Route>> {
    let open = json(&expect_ok(
        request(
            port,
            "GET",
            "/api/projects?status=open&per_page=10",
            None,
            None,
        )?,
        "listing open projects",
    )?)?;
    let ids: Vec<i64> = open["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["id"].as_i64()).collect())
        .unwrap_or_default();
    let first = *ids.first().context("no open project")?;
    let cycle = json(&expect_ok(
        request(port, "GET", "/api/cycle", Some(cookie), None)?,
        "reading the cycle",
    )?)?;
    let max = cycle["max_ranked"].as_u64().unwrap_or(5) as usize;
    let ranked: Vec<i64> = ids.iter().copied().take(max.min(5)).collect();
    let fast = Some(Target {
        p99_ms: 25.0,
        min_ratio: Some(0.30),
        min_rps: None,
    });
    Ok(vec![
        Route {
            name: "GET /api/health (ceiling)",
            method: "GET",
            path: "/api/health".into(),
            body: None,
            signed_in: false,
            target: None,
        },
        Route {
            name: "GET /api/projects",
            method: "GET",
            path: "/api/projects".into(),
            body: None,
            signed_in: false,
            target: fast,
        },
        Route {
            name: "GET /api/projects/{id}",
            method: "GET",
            path: format!("/api/projects/{first}"),
            body: None,
            signed_in: false,
            target: fast,
        },
        Route {
            name: "GET /api/me/matches (student)",
            method: "GET",
            path: "/api/me/matches".into(),
            body: None,
            signed_in: true,
            target: fast,
        },
        Route {
            name: "POST /api/matches/preview",
            method: "POST",
            path: "/api/matches/preview".into(),
            body: Some(PREVIEW_BODY.to_owned()),
            signed_in: false,
            target: fast,
        },
        Route {
            name: "PUT /api/me/ranking (student)",
            method: "PUT",
            path: "/api/me/ranking".into(),
            body: Some(serde_json::json!({ "projects": ranked }).to_string()),
            signed_in: true,
            target: Some(Target {
                p99_ms: 50.0,
                min_ratio: None,
                min_rps: Some(1000.0),
            }),
        },
    ])
}

fn lua(route: &Route, cookie: &str) -> String {
    let mut s = format!("wrk.method = \"{}\"\n", route.method);
    if let Some(b) = &route.body {
        s.push_str(&format!("wrk.body = [==[{b}]==]\n"));
        s.push_str("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
    }
    if route.signed_in {
        s.push_str(&format!("wrk.headers[\"Cookie\"] = \"{cookie}\"\n"));
    }
    s
}

/// `1.23ms`, `456.00us`, `1.01s` → milliseconds.
fn millis(v: &str) -> Option<f64> {
    let v = v.trim();
    let (num, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    num.parse::<f64>().ok().map(|n| n * factor)
}

fn parse_wrk(out: &str) -> anyhow::Result<Measured> {
    let mut m = Measured {
        rps: 0.0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        non_2xx: 0,
        socket_errors: 0,
    };
    for line in out.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("Requests/sec:") => {
                m.rps = words.next().and_then(|v| v.parse().ok()).unwrap_or(0.0)
            }
            Some("50%") => m.p50_ms = words.next().and_then(millis).unwrap_or(0.0),
            Some("99%") => m.p99_ms = words.next().and_then(millis).unwrap_or(0.0),
            Some("Non-2xx") => {
                m.non_2xx = line
                    .rsplit(' ')
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
            }
            Some("Socket") => {
                m.socket_errors = line
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse::<u64>().ok())
                    .sum()
            }
            _ => {}
        }
    }
    anyhow::ensure!(m.rps > 0.0, "could not read wrk's output:\n{out}");
    Ok(m)
}

fn run_one(
    o: &Options,
    bin: &Path,
    dir: &Path,
    program: Program,
    db: Db,
    url: &str,
) -> anyhow::Result<String> {
    crate::step(&format!(
        "{} on {}: {} connections, {} s per route",
        program.name(),
        db.name(),
        o.connections,
        o.duration
    ));
    let server = start_server(bin, dir, url, program == Program::Demo)?;
    let port = server.port;
    let cookie = student_cookie(port, program)?;
    let routes = routes(port, &cookie)?;
    for r in &routes {
        let c = r.signed_in.then_some(cookie.as_str());
        expect_ok(
            request(port, r.method, &r.path, c, r.body.as_deref())?,
            &format!("probing {}", r.name),
        )?;
    }
    let mut rows = Vec::new();
    let mut health_rps = 0.0;
    for r in &routes {
        let script = dir.join("route.lua");
        std::fs::write(&script, lua(r, &cookie))?;
        let out = Command::new("wrk")
            .args(["-t2", &format!("-c{}", o.connections)])
            .arg(format!("-d{}s", o.duration))
            .arg("--latency")
            .arg("-s")
            .arg(&script)
            .arg(format!("http://127.0.0.1:{port}{}", r.path))
            .output()
            .context("running wrk")?;
        let text = String::from_utf8_lossy(&out.stdout);
        let m = parse_wrk(&text)?;
        if r.target.is_none() {
            health_rps = m.rps;
        }
        println!(
            "    {:<32} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms{}",
            r.name,
            m.rps,
            m.p50_ms,
            m.p99_ms,
            if m.non_2xx + m.socket_errors > 0 {
                format!(
                    "  ({} non-2xx, {} socket errors)",
                    m.non_2xx, m.socket_errors
                )
            } else {
                String::new()
            }
        );
        rows.push((r.name, r.target, m));
    }
    drop(server);
    let mut t = format!(
        "### {} on {} ({} connections, {} s per route)\n\n\
         | route | req/s | p50 | p99 | ÷ health | errors | target | met |\n\
         |---|---|---|---|---|---|---|---|\n",
        program.name(),
        db.name(),
        o.connections,
        o.duration
    );
    for (name, target, m) in rows {
        let ratio = if health_rps > 0.0 {
            m.rps / health_rps
        } else {
            0.0
        };
        let (goal, met) = match target {
            None => ("ceiling".to_owned(), String::new()),
            Some(tg) => {
                let mut goal = format!("p99 < {} ms", tg.p99_ms);
                let mut ok = m.p99_ms < tg.p99_ms && m.non_2xx == 0;
                if let Some(r) = tg.min_ratio {
                    goal.push_str(&format!(", ≥ {:.0} %", r * 100.0));
                    ok &= ratio >= r;
                }
                if let Some(rps) = tg.min_rps {
                    goal.push_str(&format!(", ≥ {rps:.0} req/s"));
                    ok &= m.rps >= rps;
                }
                (goal, if ok { "yes" } else { "**no**" }.to_owned())
            }
        };
        t.push_str(&format!(
            "| `{name}` | {:.0} | {:.2} ms | {:.2} ms | {:.0} % | {} | {goal} | {met} |\n",
            m.rps,
            m.p50_ms,
            m.p99_ms,
            ratio * 100.0,
            m.non_2xx + m.socket_errors,
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_output_is_read() {
        let out = "Running 10s test @ http://127.0.0.1:3000/api/health
  2 threads and 64 connections
  Latency Distribution
     50%    3.10ms
     75%    4.00ms
     90%    5.00ms
     99%  812.00us
  177000 requests in 10.00s, 40.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  17700.12
";
        let m = parse_wrk(out).unwrap_or_else(|e| panic!("{e}"));
        assert!((m.rps - 17700.12).abs() < 1e-6);
        assert!((m.p50_ms - 3.1).abs() < 1e-9);
        assert!((m.p99_ms - 0.812).abs() < 1e-9);
        assert_eq!((m.non_2xx, m.socket_errors), (7, 5));
    }

    #[test]
    fn a_database_name_replaces_the_urls() {
        assert_eq!(
            with_database("postgres://tm@127.0.0.1:55432/postgres", "x").ok(),
            Some("postgres://tm@127.0.0.1:55432/x".to_owned())
        );
        assert_eq!(
            with_database("postgres://a:b@h/db?sslmode=disable", "x").ok(),
            Some("postgres://a:b@h/x?sslmode=disable".to_owned())
        );
    }
}
