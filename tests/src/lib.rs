//! Test harness: [`spawn_app`] starts a real ThesisMatch server on an ephemeral port over a fresh
//! database — a new SQLite file per test, or a new PostgreSQL database per test when
//! `TEST_DATABASE_URL` is set — seeded with the demo program.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use backend::app::Application;
use backend::clock::ManualClock;
use backend::config::Config;
use sea_orm::{ConnectionTrait, Database};
use serde::de::DeserializeOwned;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// The test's own database.
    pub database_url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "tm_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database_url() -> anyhow::Result<(String, &'static str)> {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(base) => {
            let name = unique_name();
            let admin = Database::connect(base.as_str()).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await?;
            admin.close().await?;
            let (prefix, _) = base
                .split_once('?')
                .map_or((base.as_str(), ""), |(a, b)| (a, b));
            let cut = prefix.rfind('/').map_or(prefix.len(), |i| i + 1);
            Ok((format!("{}{name}", &prefix[..cut]), "postgres"))
        }
        None => {
            let dir = std::env::temp_dir().join("thesis-match-tests");
            std::fs::create_dir_all(&dir)?;
            let file = dir.join(format!("{}.db", unique_name()));
            Ok((format!("sqlite://{}?mode=rwc", file.display()), "sqlite"))
        }
    }
}

/// A manual clock standing at the current whole second (PostgreSQL keeps microseconds, so whole
/// seconds compare exactly after a round trip). Give the server `clock.clock()` in
/// [`spawn_app_with`] and move time on with `clock.advance(…)`.
pub fn manual_clock() -> ManualClock {
    let now = chrono::Utc::now();
    let whole = chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    ManualClock::starting_at(whole)
}

/// Starts the server with the demo program; panics (failing the test) if it cannot.
/// Starts a server with `config` in the background; returns its base URL.
pub async fn serve(config: Config) -> anyhow::Result<String> {
    let app = Application::build(config).await?;
    let port = app.port()?;
    tokio::spawn(async move {
        if let Err(e) = app.run_until_stopped().await {
            eprintln!("test server stopped: {e:#}");
        }
    });
    Ok(format!("http://127.0.0.1:{port}"))
}

pub async fn spawn_app() -> TestApp {
    match try_spawn_app().await {
        Ok(app) => app,
        Err(e) => panic!("could not start the app: {e:#}"),
    }
}

/// Like [`spawn_app`], with the configuration changed first (`trust_proxy`, `secure_cookies`…).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    match try_spawn_app_with(configure).await {
        Ok(app) => app,
        Err(e) => panic!("could not start the app: {e:#}"),
    }
}

pub async fn try_spawn_app() -> anyhow::Result<TestApp> {
    try_spawn_app_with(|_| {}).await
}

pub async fn try_spawn_app_with(configure: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
    let (url, database) = fresh_database_url().await?;
    let mut config = Config::for_database(url.clone(), workspace_root().join("data"));
    config.static_dir = std::env::var("THESIS_MATCH_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("frontend/dist"));
    configure(&mut config);
    Ok(TestApp {
        address: serve(config).await?,
        client: reqwest::Client::new(),
        database,
        database_url: url,
    })
}

/// Starts a server over a fresh database holding a synthetic program of `spec`'s size (no demo
/// data) and the director account `DIRECTOR` with `DEMO_PASSWORD`.
pub async fn spawn_synthetic(spec: backend::db::synthetic::Spec) -> TestApp {
    match try_spawn_synthetic(spec).await {
        Ok(app) => app,
        Err(e) => panic!("could not start the synthetic program: {e:#}"),
    }
}

async fn try_spawn_synthetic(spec: backend::db::synthetic::Spec) -> anyhow::Result<TestApp> {
    use backend::db;
    let (url, database) = fresh_database_url().await?;
    let data = workspace_root().join("data");
    let conn = db::connect(&url).await?;
    db::seed::ensure_taxonomy(&conn, &data).await?;
    let taxonomy = db::seed::read_taxonomy(&data)?;
    db::synthetic::generate(&conn, &taxonomy, spec).await?;
    let director = db::accounts::NewAccount {
        email: shared::Email::parse(DIRECTOR).map_err(|e| anyhow::anyhow!("{e}"))?,
        role: shared::Role::Director,
        student_id: None,
        faculty_id: None,
        password_hash: Some(backend::credentials::hash_password(DEMO_PASSWORD)?),
    };
    db::accounts::create_or_update(&conn, director).await?;
    conn.close().await?;
    let mut config = Config::for_database(url.clone(), data);
    config.demo = false;
    Ok(TestApp {
        address: serve(config).await?,
        client: reqwest::Client::new(),
        database,
        database_url: url,
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        match self.client.get(self.url(path)).send().await {
            Ok(r) => r,
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        match self.client.post(self.url(path)).json(body).send().await {
            Ok(r) => r,
            Err(e) => panic!("POST {path}: {e}"),
        }
    }

    /// GET that must answer 200 with a `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str) -> T {
        let res = self.get(path).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 200, "GET {path} answered {status}: {text}");
        match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("GET {path}: body is not the expected type ({e}): {text}"),
        }
    }

    /// A request that must fail with `status` and the shared error body.
    pub async fn expect_error(&self, res: reqwest::Response, status: u16) -> shared::ApiError {
        let got = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(got, status, "expected {status}, got {got}: {text}");
        match serde_json::from_str(&text) {
            Ok(e) => e,
            Err(e) => panic!("error body is not ApiError ({e}): {text}"),
        }
    }
}

/// The demo accounts' password.
pub const DEMO_PASSWORD: &str = "thesis-demo";
/// The demo director.
pub const DIRECTOR: &str = "director@example.edu";

#[derive(serde::Deserialize)]
struct DemoPerson {
    slug: String,
    email: String,
}

fn demo_people(file: &str) -> Vec<DemoPerson> {
    let path = workspace_root().join("data/demo").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The e-mail of the `n`-th demo student (0-based, file order = id order in a fresh database, so
/// student `n` has id `n + 1`).
pub fn demo_student_email(n: usize) -> String {
    demo_people("students.json")
        .into_iter()
        .nth(n)
        .map(|p| p.email)
        .unwrap_or_else(|| panic!("no demo student {n}"))
}

/// The e-mail of the demo faculty member with this slug.
pub fn demo_faculty_email(slug: &str) -> String {
    demo_people("faculty.json")
        .into_iter()
        .find(|p| p.slug == slug)
        .map(|p| p.email)
        .unwrap_or_else(|| panic!("no demo faculty member {slug}"))
}

/// A signed-in client: every request carries the session cookie.
#[derive(Clone)]
pub struct Session {
    pub address: String,
    pub client: reqwest::Client,
    pub cookie: String,
    pub me: shared::Me,
}

impl TestApp {
    /// Signs in; panics (failing the test) unless the server answers 200.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        login_at(&self.address, &self.client, email, password).await
    }

    /// Signs in a demo account with the demo password.
    pub async fn login_as(&self, email: &str) -> Session {
        self.login(email, DEMO_PASSWORD).await
    }

    pub async fn director(&self) -> Session {
        self.login_as(DIRECTOR).await
    }

    /// Raw login attempt (for tests of failures).
    pub async fn try_login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/auth/login",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// Raw login attempt through `client` (e.g. one from [`client_from`]).
    pub async fn try_login_with(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        send(
            client,
            reqwest::Method::POST,
            &self.url("/api/auth/login"),
            None,
            Some(&serde_json::json!({"email": email, "password": password})),
        )
        .await
    }

    /// Any request, anonymous.
    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        send(&self.client, method, &self.url(path), None, body).await
    }
}

/// A client whose connections leave from `ip`, so the server sees another client address. Any
/// address of 127.0.0.0/8 reaches the test server on Linux (`client_from("127.0.0.2")`).
pub fn client_from(ip: &str) -> reqwest::Client {
    let ip: std::net::IpAddr = ip
        .parse()
        .unwrap_or_else(|e| panic!("{ip} is not an address: {e}"));
    reqwest::Client::builder()
        .local_address(ip)
        .build()
        .unwrap_or_else(|e| panic!("a client from {ip}: {e}"))
}

/// Signs in at a server's base address.
pub async fn login_at(
    address: &str,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> Session {
    let res = send(
        client,
        reqwest::Method::POST,
        &format!("{address}/api/auth/login"),
        None,
        Some(&serde_json::json!({"email": email, "password": password})),
    )
    .await;
    let status = res.status();
    let cookie = res
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .unwrap_or_default();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, 200, "login as {email}: {text}");
    let me = serde_json::from_str(&text).unwrap_or_else(|e| panic!("login body ({e}): {text}"));
    Session {
        address: address.to_owned(),
        client: client.clone(),
        cookie,
        me,
    }
}

async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    cookie: Option<&str>,
    body: Option<&serde_json::Value>,
) -> reqwest::Response {
    let mut req = client.request(method.clone(), url);
    if let Some(c) = cookie {
        req = req.header(reqwest::header::COOKIE, c);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    match req.send().await {
        Ok(r) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    }
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        send(
            &self.client,
            method,
            &self.url(path),
            Some(&self.cookie),
            body,
        )
        .await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path, None).await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.request(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.request(reqwest::Method::PUT, path, Some(body)).await
    }

    /// POST a raw CSV body.
    pub async fn post_csv(&self, path: &str, csv: String) -> reqwest::Response {
        match self
            .client
            .post(self.url(path))
            .header(reqwest::header::COOKIE, &self.cookie)
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(csv)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => panic!("POST {path}: {e}"),
        }
    }

    /// GET that must answer 200 with a `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str) -> T {
        ok_json(self.get(path).await, path).await
    }
}

/// The body of a response that must be 2xx, as a `T`.
pub async fn ok_json<T: DeserializeOwned>(res: reqwest::Response, what: &str) -> T {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert!(status.is_success(), "{what} answered {status}: {text}");
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("{what}: body is not the expected type ({e}): {text}"),
    }
}
