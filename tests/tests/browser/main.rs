//! Browser tests: the built SPA in headless Chromium, driven over WebDriver (chromedriver).
//!
//! Needs `chromium` and `chromedriver` on PATH (Debian: `apt-get install chromium chromium-driver`)
//! and the SPA built into `frontend/dist` (`cargo xtask build-spa`; `cargo xtask test` does it).
//! When either is missing the tests fail and say how to fix it — they never skip silently.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use tests::{TestApp, spawn_app, workspace_root};

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn chromium_binary() -> String {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Some(p) = which(name) {
            return p.display().to_string();
        }
    }
    panic!(
        "Chromium is not installed. Install it with `apt-get install -y chromium chromium-driver` \
         (Debian/Ubuntu) and re-run `cargo xtask test`."
    );
}

async fn start_driver() -> Driver {
    let Some(chromedriver) = which("chromedriver") else {
        panic!(
            "chromedriver is not installed. Install it with `apt-get install -y chromium chromium-driver` \
             (Debian/Ubuntu) and re-run `cargo xtask test`."
        );
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"));
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start chromedriver: {e}"));
    let driver = Driver { child, port };
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

async fn browser(driver: &Driver) -> Client {
    let profile = std::env::temp_dir().join(format!(
        "tm-chromium-{}-{}",
        std::process::id(),
        driver.port
    ));
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium_binary(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("literal object"),
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| panic!("could not open a Chromium session: {e}"))
}

async fn app_with_spa() -> TestApp {
    let dist = std::env::var("THESIS_MATCH_STATIC_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("frontend/dist"));
    assert!(
        dist.join("index.html").is_file() && dist.join("frontend_bg.wasm").is_file(),
        "the SPA is not built in {}: run `cargo xtask build-spa` (or `cargo xtask test`, which builds it)",
        dist.display()
    );
    spawn_app().await
}

/// One browser at a time: two Chromiums compiling a 1.2 MB wasm on a two-core machine starve each
/// other (and the test server).
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Opens `url` and waits for `css` to appear (the app renders once its wasm has loaded). A page
/// that has not rendered after 20 s is reloaded once before giving up.
async fn open(c: &Client, url: &str, css: &str) -> Result<(), fantoccini::error::CmdError> {
    c.goto(url).await?;
    for attempt in 0..2 {
        let found = c
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(_) => return Ok(()),
            Err(e) if attempt == 1 => {
                let at = c
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                let source = c.source().await.unwrap_or_default();
                eprintln!("no '{css}' on {at} after 40 s; the page is:\n{source}");
                return Err(e);
            }
            Err(_) => c.refresh().await?,
        }
    }
    Ok(())
}

/// Waits until `css` matches an element whose text satisfies `pred`, or fails after 15 s.
async fn wait_text(c: &Client, css: &str, pred: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        if let Ok(els) = c.find_all(Locator::Css(css)).await {
            for el in els {
                if let Ok(t) = el.text().await
                    && pred(&t)
                {
                    return t;
                }
            }
        }
        if started.elapsed() > Duration::from_secs(15) {
            let body = match c.find(Locator::Css("body")).await {
                Ok(b) => b.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("no '{css}' with the expected text after 15 s; page says:\n{body}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The lower-cased text of every project card, or `None` if the list changed while reading it.
async fn card_texts(c: &Client) -> Option<Vec<String>> {
    let cards = c.find_all(Locator::Css(".project-card")).await.ok()?;
    let mut texts = Vec::new();
    for card in &cards {
        texts.push(card.text().await.ok()?.to_lowercase());
    }
    Some(texts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_searches_opens_a_project_and_sees_its_faculty() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let result = async {
        open(&c, &app.url("/"), ".project-card").await?;
        let search = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#search"))
            .await?;
        search.send_keys("segmentation").await?;
        // Debounced search: wait until every card is about imaging work. Cards re-render while
        // results arrive, so a stale element just means "look again".
        let started = Instant::now();
        loop {
            let texts = card_texts(&c).await;
            if texts
                .as_ref()
                .is_some_and(|t| !t.is_empty() && t.iter().all(|t| t.contains("imaging")))
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "cards: {texts:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let started = Instant::now();
        let title = loop {
            let attempt = async {
                let link = c.find(Locator::Css(".project-card a.project-link")).await?;
                let title = link.text().await?;
                link.click().await?;
                Ok::<_, fantoccini::error::CmdError>(title)
            }
            .await;
            match attempt {
                Ok(title) => break title,
                Err(e) => assert!(started.elapsed() < Duration::from_secs(15), "{e}"),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let h1 = wait_text(&c, "h1", |t| t == title).await;
        assert_eq!(h1, title);
        let advisor = wait_text(&c, "a.faculty-link", |t| !t.is_empty()).await;
        assert!(
            advisor.split_whitespace().count() >= 2,
            "advisor link: {advisor}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_types_interests_and_sees_ranked_matches_with_reasons() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let result = async {
        open(&c, &app.url("/match"), "#interests").await?;
        // The app renders once its wasm has loaded, which may be after the page's load event.
        let input = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#interests"))
            .await?;
        input.send_keys("EKG arrythmia on smart watches").await?;
        wait_text(&c, ".match-result", |t| !t.is_empty()).await;
        let chips = wait_text(&c, ".match-result .why-chip", |t| {
            t.to_lowercase().contains("arrhythmia")
        })
        .await;
        assert!(chips.to_lowercase().contains("arrhythmia"));
        let results = c.find_all(Locator::Css(".match-result")).await?;
        assert!(results.len() >= 3, "only {} results", results.len());
        let first = results[0].text().await?.to_lowercase();
        assert!(
            first.contains("ecg") || first.contains("arrhythmia"),
            "{first}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

/// Every demo account's password.
const DEMO_PASSWORD: &str = "thesis-demo";

/// Fills the sign-in form (already open) and waits until the header names the account.
async fn submit_sign_in(c: &Client, email: &str) -> Result<(), fantoccini::error::CmdError> {
    let field = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#login-email"))
        .await?;
    field.send_keys(email).await?;
    c.find(Locator::Css("#login-password"))
        .await?
        .send_keys(DEMO_PASSWORD)
        .await?;
    c.find(Locator::Css("#login-submit")).await?.click().await?;
    wait_text(c, ".account-name", |t| !t.is_empty()).await;
    Ok(())
}

/// Opens `/login` and signs in as `email`.
async fn sign_in(
    c: &Client,
    app: &TestApp,
    email: &str,
) -> Result<(), fantoccini::error::CmdError> {
    open(c, &app.url("/login"), "#login-email").await?;
    submit_sign_in(c, email).await
}

/// The title of the first `.match-result`, once there is one.
async fn first_match_title(c: &Client) -> String {
    wait_text(c, ".match-result .match-title", |t| !t.is_empty()).await
}

/// Titles of the demo projects in research area `area`.
fn demo_titles_in(area: &str) -> Vec<String> {
    let path = workspace_root().join("data/demo/projects.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let projects: Vec<serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    projects
        .iter()
        .filter(|p| {
            p["areas"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == area))
        })
        .filter_map(|p| p["title"].as_str().map(str::to_owned))
        .collect()
}

/// Clicks `css` once it is there and clickable (pages re-render while data arrives).
async fn click(c: &Client, css: &str) {
    let started = Instant::now();
    loop {
        let attempt = async { c.find(Locator::Css(css)).await?.click().await }.await;
        match attempt {
            Ok(()) => return,
            Err(e) => assert!(
                started.elapsed() < Duration::from_secs(15),
                "could not click {css}: {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_edits_their_profile_and_their_matches_follow() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let signals = demo_titles_in("signals");
    let result = async {
        // A student's start page is their profile, with the matches of what they saved.
        sign_in(&c, &app, "ines.baptiste@students.example.edu").await?;
        wait_text(&c, "h1", |t| t == "My profile").await;
        let before = first_match_title(&c).await;
        assert!(
            !signals.contains(&before),
            "Ines (imaging) already has a signals project first: {before}"
        );
        let list_before = wait_text(&c, ".match-results", |t| !t.is_empty()).await;

        let interests = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#profile-interests"))
            .await?;
        interests.clear().await?;
        interests
            .send_keys("EEG seizure detection on wearables")
            .await?;
        // She moves from imaging to signals, too.
        click(&c, ".chip.area-imaging[aria-pressed='true']").await;
        click(&c, ".chip.area-signals[aria-pressed='false']").await;
        click(&c, "#profile-save").await;
        wait_text(&c, "#profile-status", |t| t.starts_with("Saved")).await;

        let list_after =
            wait_text(&c, ".match-results", |t| !t.is_empty() && t != list_before).await;
        assert_ne!(list_after, list_before);
        let after = wait_text(&c, ".match-result .match-title", |t| {
            signals.iter().any(|s| s == t)
        })
        .await;
        let lower = after.to_lowercase();
        assert!(
            lower.contains("eeg") || lower.contains("seizure"),
            "new top match: {after}"
        );

        // The saved profile survives a reload.
        open(&c, &app.url("/profile"), "#profile-interests").await?;
        let started = Instant::now();
        loop {
            let value = c
                .find(Locator::Css("#profile-interests"))
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            if value == "EEG seizure detection on wearables" {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "interests after reload: {value}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faculty_member_creates_an_open_project_that_students_then_match() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let title = "Lemur Gait Cartography from Retinal Angiograms";
    let result = async {
        sign_in(&c, &app, "m.okonkwo-vance@faculty.example.edu").await?;
        wait_text(&c, "h1", |t| t == "My projects").await;
        click(&c, "a.new-project").await;
        let field = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#project-title"))
            .await?;
        field.send_keys(title).await?;
        c.find(Locator::Css("#project-summary"))
            .await?
            .send_keys("Map lemur gait cartography features in retinal angiograms.")
            .await?;
        c.find(Locator::Css("#project-description"))
            .await?
            .send_keys("A playful test project about lemur gait cartography.")
            .await?;
        c.find(Locator::Css("#project-keywords"))
            .await?
            .send_keys("lemur gait, cartography, retinal angiography")
            .await?;
        click(&c, ".chip.area-imaging").await;
        click(&c, "#project-status option[value='open']").await;
        click(&c, "#project-save").await;

        // Back on "My projects", the new project is listed as open.
        let item = wait_text(&c, ".my-project", |t| t.contains(title)).await;
        assert!(item.contains("Open"), "{item}");

        // A student (or anyone) describing it finds it.
        open(&c, &app.url("/match"), "#interests").await?;
        c.find(Locator::Css("#interests"))
            .await?
            .send_keys("lemur gait cartography")
            .await?;
        let found = wait_text(&c, ".match-result .match-title", |t| t == title).await;
        assert_eq!(found, title);
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_director_imports_a_csv_sees_the_bad_row_and_reads_the_audit_log() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let dir =
        std::env::temp_dir().join(format!("tm-import-{}-{}", std::process::id(), driver.port));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let csv = dir.join("students.csv");
    std::fs::write(
        &csv,
        "slug,name,email,background,areas,interests,skills\n\
         student-zora-quist,Zora Quist,zora.quist@students.example.edu,engineering,signals,EEG on wearables,Python\n\
         student-yann-oblak,Yann Oblak,yann.oblak@students.example.edu,astrology,imaging,MRI reconstruction,Python\n",
    )
    .unwrap_or_else(|e| panic!("{}: {e}", csv.display()));
    let result = async {
        // Signed out, the audit log asks to sign in, and signing in comes back to it.
        open(&c, &app.url("/audit"), ".access-state").await?;
        wait_text(&c, "h1", |t| t == "Sign in to see this").await;
        click(&c, "a.access-sign-in").await;
        submit_sign_in(&c, "director@example.edu").await?;
        wait_text(&c, "h1", |t| t == "Audit log").await;

        open(&c, &app.url("/import"), "#import-file").await?;
        click(&c, "#import-kind option[value='students']").await;
        c.find(Locator::Css("#import-file"))
            .await?
            .send_keys(&csv.display().to_string())
            .await?;
        // The file is read in the browser before it can be sent.
        wait_text(&c, ".import-form .field-hint", |t| {
            t.contains("students.csv")
        })
        .await;
        click(&c, "#import-submit").await;
        let problem = wait_text(&c, ".import-problem", |t| t.contains("background")).await;
        assert!(
            problem.split_whitespace().next() == Some("3"),
            "the bad row is line 3 (the header is line 1): {problem}"
        );
        let problems = c.find_all(Locator::Css(".import-problem")).await?;
        assert_eq!(problems.len(), 1, "only the one bad row is named");

        open(&c, &app.url("/audit"), ".audit-row").await?;
        let row = wait_text(&c, ".audit-row", |t| t.contains("Signed in")).await;
        assert!(row.contains("director@example.edu"), "{row}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}
