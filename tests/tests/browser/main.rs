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
    let built_wasm = std::fs::read_dir(&dist).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with("_bg.wasm") && shared::is_hashed_asset(&name)
        })
    });
    assert!(
        dist.join("index.html").is_file() && built_wasm,
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

/// What a student's first visit costs: a cold load of /match (new profile, empty cache) must
/// transfer at most 350 KB in all — the page, the app, its style and the API calls it makes until
/// it settles — summed from the browser's own `transferSize`s (headers included). The time from
/// navigation start to the first heading is printed, not asserted (timings are benchmarks'
/// business: docs/BENCHMARKS.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "issue 13: a cold /match transfers 463 KB today (the wasm alone is 443 KB brotli); the budget needs the staff pages split into a second app. Run with --ignored to measure."]
async fn a_students_first_visit_transfers_at_most_350_kb() {
    const BUDGET: u64 = 350 * 1000;
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let result = async {
        c.goto(&app.url("/match")).await?;
        // The moment a heading with text first exists, from navigation start (performance.now()).
        let h1 = c
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                const at = () => {
                    const h = document.querySelector('h1');
                    return h && h.textContent.trim() ? performance.now() : null;
                };
                const now = at();
                if (now !== null) { done({ ms: now, already: true }); return; }
                new MutationObserver((_, obs) => {
                    const t = at();
                    if (t !== null) { obs.disconnect(); done({ ms: t, already: false }); }
                }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });"#,
                vec![],
            )
            .await?;
        // Wait until the page stops fetching (no new resource for half a second).
        let count = r#"return performance.getEntriesByType('resource').length;"#;
        let mut seen = c.execute(count, vec![]).await?;
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let now = c.execute(count, vec![]).await?;
            if now == seen {
                break;
            }
            seen = now;
        }
        let load = c
            .execute(
                r#"const nav = performance.getEntriesByType('navigation')[0];
                const entries = [nav, ...performance.getEntriesByType('resource')];
                const paint = performance.getEntriesByType('paint')
                    .find(p => p.name === 'first-contentful-paint');
                return {
                    fcp: paint ? paint.startTime : null,
                    entries: entries.map(e => ({
                        name: new URL(e.name).pathname,
                        transfer: e.transferSize,
                        encoded: e.encodedBodySize,
                        decoded: e.decodedBodySize,
                    })),
                };"#,
                vec![],
            )
            .await?;
        Ok::<_, fantoccini::error::CmdError>((h1, load))
    }
    .await;
    let _ = c.close().await;
    let (h1, load) = result.unwrap_or_else(|e| panic!("browser step failed: {e}"));
    let entries = load["entries"].as_array().cloned().unwrap_or_default();
    let mut total = 0;
    for e in &entries {
        let transfer = e["transfer"].as_u64().unwrap_or_default();
        total += transfer;
        println!(
            "  {:<44} {:>8} B transferred, {:>8} B encoded, {:>8} B decoded",
            e["name"].as_str().unwrap_or_default(),
            transfer,
            e["encoded"].as_u64().unwrap_or_default(),
            e["decoded"].as_u64().unwrap_or_default()
        );
    }
    println!(
        "first visit to /match: {total} B transferred in {} requests; first h1 at {:.0} ms{} \
         from navigation start, first contentful paint at {:.0} ms",
        entries.len(),
        h1["ms"].as_f64().unwrap_or(f64::NAN),
        if h1["already"].as_bool() == Some(true) {
            " (or earlier: it was there when looked for)"
        } else {
            ""
        },
        load["fcp"].as_f64().unwrap_or(f64::NAN)
    );
    // The app really came compressed (a browser decoding what the server precompressed).
    let wasm = entries
        .iter()
        .find(|e| e["name"].as_str().is_some_and(|n| n.ends_with("_bg.wasm")))
        .unwrap_or_else(|| panic!("no wasm among {entries:?}"));
    let (encoded, decoded) = (wasm["encoded"].as_u64(), wasm["decoded"].as_u64());
    assert!(
        encoded
            .zip(decoded)
            .is_some_and(|(e, d)| e > 0 && e * 2 < d),
        "the wasm was not sent compressed: {wasm}"
    );
    assert!(
        total <= BUDGET,
        "a student's first visit to /match transferred {total} B, over the {BUDGET} B budget"
    );
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

// ---------- The thesis cycle ----------

use fantoccini::elements::Element;
use fantoccini::key::Key;

/// Signs the browser out (forgets the session cookie) and signs in as `email`.
async fn switch_to(
    c: &Client,
    app: &TestApp,
    email: &str,
) -> Result<(), fantoccini::error::CmdError> {
    c.delete_all_cookies().await?;
    sign_in(c, app, email).await
}

/// The texts of every `css` element, or `None` if the page changed while reading them.
async fn texts(c: &Client, css: &str) -> Option<Vec<String>> {
    let els = c.find_all(Locator::Css(css)).await.ok()?;
    let mut out = Vec::new();
    for el in &els {
        out.push(el.text().await.ok()?);
    }
    Some(out)
}

/// Waits until the texts of the `css` elements satisfy `pred`, or fails after 15 s.
async fn wait_texts(c: &Client, css: &str, pred: impl Fn(&[String]) -> bool) -> Vec<String> {
    let started = Instant::now();
    loop {
        if let Some(t) = texts(c, css).await
            && pred(&t)
        {
            return t;
        }
        if started.elapsed() > Duration::from_secs(15) {
            panic!(
                "'{css}' never had the expected texts; last: {:?}",
                texts(c, css).await
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Focuses an element by script (as Tab would), so that keys go to it.
async fn focus(c: &Client, el: &Element) -> Result<(), fantoccini::error::CmdError> {
    let arg = serde_json::to_value(el).unwrap_or(serde_json::Value::Null);
    c.execute("arguments[0].focus();", vec![arg]).await?;
    Ok(())
}

/// The `id` attribute of the focused element.
async fn focused_id(c: &Client) -> String {
    match c.active_element().await {
        Ok(el) => el.attr("id").await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The id in a row id like `rank-item-12`.
fn id_suffix(row_id: &str) -> i64 {
    row_id
        .rsplit('-')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {row_id}"))
}

/// A JSON body of a 2xx answer.
async fn json_ok(res: reqwest::Response, what: &str) -> serde_json::Value {
    tests::ok_json(res, what).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_ranks_by_keyboard_certifies_and_the_cycle_runs_to_a_decision() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let student = tests::demo_student_email(0);
    let reason = "The project needs more MRI physics than the list shows";
    let result = async {
        // Ines adds three of her matches to her rank list.
        sign_in(&c, &app, &student).await?;
        open(&c, &app.url("/my-matches"), ".match-result .add-to-ranking").await?;
        let mut added: Vec<String> = Vec::new();
        let mut first_added = None;
        let mut i = 0;
        while added.len() < 3 {
            let results = c.find_all(Locator::Css(".match-result")).await?;
            assert!(
                i < results.len(),
                "only {} addable results: {added:?}",
                added.len()
            );
            let title = results[i]
                .find(Locator::Css(".match-title"))
                .await?
                .text()
                .await?;
            results[i]
                .find(Locator::Css(".add-to-ranking"))
                .await?
                .click()
                .await?;
            let css = format!(".match-result:nth-child({}) .add-to-ranking-status", i + 1);
            let said = wait_text(&c, &css, |t| !t.is_empty() && t != "Adding…").await;
            if said.starts_with("Added") {
                assert!(
                    said.contains(&format!("position {}", added.len() + 1)),
                    "{said}"
                );
                added.push(title);
                first_added.get_or_insert(i + 1);
            }
            i += 1;
        }
        // Adding one again says so.
        let n = first_added.unwrap_or(1);
        click(&c, &format!(".match-result:nth-child({n}) .add-to-ranking")).await;
        wait_text(
            &c,
            &format!(".match-result:nth-child({n}) .add-to-ranking-status"),
            |t| t.contains("already on your rank list"),
        )
        .await;

        open(&c, &app.url("/my-ranking"), ".rank-item").await?;
        let order = wait_texts(&c, ".rank-item .rank-title", |t| t.len() == 3).await;
        assert_eq!(order, added);
        let deadline = wait_text(&c, ".rank-deadline", |t| t.contains("in ")).await;
        assert!(deadline.contains("days"), "{deadline}");

        // Keyboard only: the third moves to the top with Alt+ArrowUp (twice), keeping focus.
        let rows = c.find_all(Locator::Css(".rank-item")).await?;
        let third_id = rows[2].attr("id").await?.unwrap_or_default();
        focus(&c, &rows[2]).await?;
        let alt_up = Key::Alt + &*Key::Up;
        for _ in 0..2 {
            c.active_element().await?.send_keys(&alt_up).await?;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        let expected = vec![added[2].clone(), added[0].clone(), added[1].clone()];
        wait_texts(&c, ".rank-item .rank-title", |t| t == expected.as_slice()).await;
        assert_eq!(
            focused_id(&c).await,
            third_id,
            "focus stays on the moved row"
        );
        let said = wait_text(&c, "#rank-status", |t| t.contains("position 1")).await;
        assert!(said.contains(&added[2]), "{said}");

        // Then the (now) second one moves down with Enter on its focused Move down button.
        let down = c
            .find(Locator::Css(".rank-item:nth-child(2) .rank-down"))
            .await?;
        focus(&c, &down).await?;
        c.active_element().await?.send_keys(&Key::Enter).await?;
        let reordered = vec![added[2].clone(), added[1].clone(), added[0].clone()];
        wait_texts(&c, ".rank-item .rank-title", |t| t == reordered.as_slice()).await;
        wait_text(&c, "#rank-status", |t| t.contains("position 3")).await;
        let focused = focused_id(&c).await;
        assert!(
            focused.is_empty() || focused.starts_with("rank-item"),
            "{focused}"
        );

        click(&c, "#rank-save").await;
        wait_text(&c, "#rank-status", |t| t.starts_with("Saved")).await;
        click(&c, "#rank-certify").await;
        wait_text(&c, "#rank-status", |t| t.starts_with("Certified")).await;
        let certified = wait_texts(&c, ".certified-item", |t| t.len() == 3).await;
        assert_eq!(
            certified, reordered,
            "the certified order is the reordered one"
        );

        // It survives a reload, certified.
        open(&c, &app.url("/my-ranking"), ".rank-item").await?;
        wait_texts(&c, ".rank-item .rank-title", |t| t == reordered.as_slice()).await;
        wait_text(&c, ".rank-certified", |t| t.starts_with("Certified on")).await;
        let first_row = c
            .find(Locator::Css(".rank-item"))
            .await?
            .attr("id")
            .await?
            .unwrap_or_default();
        let first_project = id_suffix(&first_row);

        // The advisor of her new first choice sees her among the applicants.
        let project = json_ok(
            app.get(&format!("/api/projects/{first_project}")).await,
            "GET project",
        )
        .await;
        let slug = project["faculty"]["slug"].as_str().unwrap_or_default();
        switch_to(&c, &app, &tests::demo_faculty_email(slug)).await?;
        open(&c, &app.url("/applicants"), ".applicant").await?;
        wait_text(&c, ".applicant", |t| t.contains("Ines Baptiste")).await;

        // The director moves the cycle to allocation in the browser…
        switch_to(&c, &app, tests::DIRECTOR).await?;
        open(&c, &app.url("/cycle"), "#cycle-phase").await?;
        click(&c, "#cycle-phase option[value='allocation']").await;
        click(&c, "#cycle-save").await;
        wait_text(&c, "#cycle-status", |t| t.contains("allocation phase")).await;

        // …two pairings are proposed (through the API), one approved, one rejected with a reason.
        let director = app.director().await;
        let rejected = json_ok(
            director
                .post_json(
                    "/api/pairings",
                    &serde_json::json!({"student_id": 1, "project_id": first_project}),
                )
                .await,
            "propose Ines",
        )
        .await;
        let open_projects = json_ok(
            app.get("/api/projects?status=open&per_page=100").await,
            "open projects",
        )
        .await;
        let second_project = open_projects["items"]
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .filter_map(|p| p["id"].as_i64())
                    .find(|id| *id != first_project)
            })
            .unwrap_or_else(|| panic!("no second open project"));
        let approved = json_ok(
            director
                .post_json(
                    "/api/pairings",
                    &serde_json::json!({"student_id": 2, "project_id": second_project}),
                )
                .await,
            "propose student 2",
        )
        .await;
        let (rejected_id, approved_id) = (
            rejected["id"].as_i64().unwrap_or_default(),
            approved["id"].as_i64().unwrap_or_default(),
        );

        open(&c, &app.url("/pairings"), ".pairing-row").await?;
        click(&c, &format!("#pairing-{approved_id} .pairing-approve")).await;
        wait_text(&c, &format!("#pairing-{approved_id} .pairing-state"), |t| {
            t == "Approved"
        })
        .await;
        click(&c, &format!("#pairing-{rejected_id} .pairing-reject")).await;
        // No reason, no rejection.
        click(&c, "#reject-confirm").await;
        wait_text(&c, ".reject-dialog .field-error", |t| t.contains("reason")).await;
        c.find(Locator::Css("#reject-reason"))
            .await?
            .send_keys(reason)
            .await?;
        click(&c, "#reject-confirm").await;
        wait_text(&c, &format!("#pairing-{rejected_id} .pairing-state"), |t| {
            t == "Rejected"
        })
        .await;
        wait_text(&c, &format!("#pairing-{rejected_id}"), |t| {
            t.contains(reason)
        })
        .await;

        // Ines reads the reason in her inbox; the header counts it as unread.
        switch_to(&c, &app, &student).await?;
        wait_text(&c, ".nav-inbox", |t| t.starts_with("Inbox (")).await;
        open(&c, &app.url("/inbox"), ".notice").await?;
        let notice = wait_text(&c, ".notice.notice-unread", |t| t.contains(reason)).await;
        assert!(notice.contains("rejected"), "{notice}");
        click(&c, "#inbox-read-all").await;
        wait_texts(&c, ".notice-unread", |t| t.is_empty()).await;
        wait_text(&c, ".nav-inbox", |t| t == "Inbox").await;
        // Her pairing shows the rejection and its reason.
        open(&c, &app.url("/my-ranking"), ".my-pairing").await?;
        wait_text(&c, ".my-pairing", |t| {
            t.contains("Rejected") && t.contains(reason)
        })
        .await;

        // The director's audit log has both decisions.
        switch_to(&c, &app, tests::DIRECTOR).await?;
        open(&c, &app.url("/audit"), ".audit-row").await?;
        wait_text(&c, ".audit-row", |t| t.contains("Approved a pairing")).await;
        wait_text(&c, ".audit-row", |t| t.contains("Rejected a pairing")).await;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_director_runs_compares_and_publishes_an_allocation() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let driver = start_driver().await;
    let c = browser(&driver).await;

    // Eight students certify lists over the same few open projects: half of them want one project
    // first, half another, so that not everyone gets their first choice.
    let open_projects = json_ok(
        app.get("/api/projects?status=open&per_page=100").await,
        "open projects",
    )
    .await;
    let ids: Vec<i64> = open_projects["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|p| p["id"].as_i64()).collect())
        .unwrap_or_default();
    assert!(ids.len() >= 4, "open projects: {ids:?}");
    for n in 0..8 {
        let s = app.login_as(&tests::demo_student_email(n)).await;
        let list: Vec<i64> = vec![ids[n % 2], ids[2], ids[3]];
        json_ok(
            s.put_json("/api/me/ranking", &serde_json::json!({"projects": list}))
                .await,
            "save a rank list",
        )
        .await;
        json_ok(
            s.post_json("/api/me/ranking/certify", &serde_json::json!({}))
                .await,
            "certify",
        )
        .await;
    }
    let director = app.director().await;
    json_ok(
        director
            .patch_json("/api/cycle", &serde_json::json!({"phase": "allocation"}))
            .await,
        "allocation phase",
    )
    .await;

    let result = async {
        sign_in(&c, &app, tests::DIRECTOR).await?;
        open(&c, &app.url("/allocations"), "#run-student").await?;
        click(&c, "#run-student").await;
        wait_text(&c, "#run-status", |t| t.starts_with("Run #")).await;
        wait_texts(&c, ".run-summary", |t| t.len() == 1).await;
        click(&c, "#run-welfare").await;
        wait_text(&c, "#run-status", |t| t.contains("Welfare")).await;
        let runs = wait_texts(&c, ".run-summary", |t| t.len() == 2).await;
        assert!(runs[0].contains("Welfare"), "newest first: {runs:?}");
        assert!(runs[1].contains("student-optimal"), "{runs:?}");

        // Compare the two side by side.
        let checks = c.find_all(Locator::Css(".run-compare-check")).await?;
        assert_eq!(checks.len(), 2);
        for check in checks {
            check.click().await?;
        }
        wait_texts(&c, ".run-compare .histogram", |t| t.len() == 2).await;
        let svgs = c
            .find_all(Locator::Css(".run-compare .histogram svg[role='img']"))
            .await?;
        assert_eq!(svgs.len(), 2);
        let hidden_rows = c
            .find_all(Locator::Css(".run-compare .histogram table tbody tr"))
            .await?;
        assert!(
            hidden_rows.len() >= 4,
            "text alternatives list each choice and the unmatched"
        );
        wait_text(&c, ".run-compare", |t| {
            t.to_lowercase().contains("mean choice")
        })
        .await;
        let diff = c
            .find_all(Locator::Css(
                ".run-compare .diff-row, .run-compare .diff-none",
            ))
            .await?;
        assert!(
            !diff.is_empty(),
            "the comparison says who moves (or that nobody does)"
        );

        // Publish the welfare run (shown after running it).
        wait_text(&c, "#run-detail-heading", |t| t.contains("Welfare")).await;
        click(&c, "#publish-run").await;
        click(&c, "#publish-confirm").await;
        let report = wait_text(&c, "#publish-report", |t| t.starts_with("Published run")).await;
        assert!(!report.contains(": 0 new"), "{report}");
        wait_text(&c, ".run-summary", |t| t.contains("Published")).await;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    if let Err(e) = result {
        let _ = c.close().await;
        panic!("browser step failed: {e}");
    }

    // A student with an assignment sees the proposed pairing.
    let runs = json_ok(director.get("/api/allocations").await, "runs").await;
    let published = runs
        .as_array()
        .and_then(|r| r.iter().find(|r| r["published_at"].is_string()))
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("no published run: {runs}"));
    let run = json_ok(
        director.get(&format!("/api/allocations/{published}")).await,
        "run",
    )
    .await;
    let (student_id, title) = run["assignments"]
        .as_array()
        .and_then(|a| {
            a.iter().find_map(|a| {
                Some((
                    a["student_id"].as_i64()?,
                    a["project"]["title"].as_str()?.to_owned(),
                ))
            })
        })
        .unwrap_or_else(|| panic!("nobody matched: {run}"));
    let email = tests::demo_student_email(usize::try_from(student_id - 1).unwrap_or_default());
    let result = async {
        switch_to(&c, &app, &email).await?;
        open(&c, &app.url("/my-ranking"), ".my-pairing").await?;
        let pairing = wait_text(&c, ".my-pairing", |t| t.contains(&title)).await;
        assert!(pairing.contains("Proposed"), "{pairing}");
        assert!(pairing.contains("allocation run"), "{pairing}");
        open(&c, &app.url("/inbox"), ".notice").await?;
        wait_text(&c, ".notice", |t| t.contains(&title)).await;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_sees_who_has_seen_their_record() {
    let _one = ONE_BROWSER.lock().await;
    let app = app_with_spa().await;
    let student = tests::demo_student_email(2);
    // The director reads the student's record and then the whole directory (one bulk read).
    let director = app.director().await;
    assert_eq!(director.get("/api/students/3").await.status(), 200);
    assert_eq!(
        director.get("/api/students?per_page=100").await.status(),
        200
    );
    let driver = start_driver().await;
    let c = browser(&driver).await;
    let result = async {
        sign_in(&c, &app, &student).await?;
        click(&c, ".account-summary").await;
        click(&c, "a.nav-disclosures").await;
        wait_text(&c, "h1", |t| t == "Who has seen my record").await;
        let rows = wait_texts(&c, ".disclosures-table tbody tr", |rows| rows.len() == 2).await;
        // Newest first: the directory (the student and 39 others), then the record itself.
        assert!(
            rows[0].contains("director@example.edu")
                && rows[0].contains("the student directory")
                && rows[0].contains("you and 39 other students"),
            "{rows:?}"
        );
        assert!(
            rows[1].contains("your record") && rows[1].contains("only you"),
            "{rows:?}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("browser step failed: {e}");
    }
}
