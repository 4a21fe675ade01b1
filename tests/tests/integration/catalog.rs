use shared::{FacultyDetail, Health, Lab, LabDetail, Page, Project, ProjectStatus, ResearchArea};
use tests::spawn_app;

#[tokio::test]
async fn health_reports_the_database_in_use() {
    let app = spawn_app().await;
    let health: Health = app.get_ok("/api/health").await;
    assert_eq!(health.status, "ok");
    assert_eq!(health.database, app.database);
}

#[tokio::test]
async fn the_three_research_areas_are_listed() {
    let app = spawn_app().await;
    let areas: Vec<ResearchArea> = app.get_ok("/api/areas").await;
    let slugs: Vec<&str> = areas.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, vec!["imaging", "signals", "llms"]);
    assert!(areas.iter().all(|a| a.keywords.len() >= 25));
}

#[tokio::test]
async fn projects_are_paged_with_a_total() {
    let app = spawn_app().await;
    let first: Page<Project> = app.get_ok("/api/projects?per_page=10").await;
    assert_eq!(first.items.len(), 10);
    assert_eq!(first.page, 1);
    assert!(
        first.total >= 60,
        "demo program has {} projects",
        first.total
    );
    let last_page = first.total.div_ceil(10);
    let last: Page<Project> = app
        .get_ok(&format!("/api/projects?per_page=10&page={last_page}"))
        .await;
    assert_eq!(last.items.len() as u64, first.total - (last_page - 1) * 10);
    let past: Page<Project> = app
        .get_ok(&format!("/api/projects?per_page=10&page={}", last_page + 1))
        .await;
    assert!(past.items.is_empty());
    // Pages do not overlap.
    let second: Page<Project> = app.get_ok("/api/projects?per_page=10&page=2").await;
    assert!(
        second
            .items
            .iter()
            .all(|p| first.items.iter().all(|q| q.id != p.id))
    );
}

#[tokio::test]
async fn the_area_filter_returns_only_that_area() {
    let app = spawn_app().await;
    let imaging: Page<Project> = app.get_ok("/api/projects?area=imaging&per_page=100").await;
    assert!(
        imaging.total >= 15,
        "only {} imaging projects",
        imaging.total
    );
    assert!(
        imaging
            .items
            .iter()
            .all(|p| p.areas.contains(&"imaging".to_owned()))
    );
    let llms: Page<Project> = app.get_ok("/api/projects?area=llms&per_page=100").await;
    assert!(
        llms.items
            .iter()
            .all(|p| p.areas.contains(&"llms".to_owned()))
    );
    // Cross-area projects show up under both.
    assert!(
        imaging
            .items
            .iter()
            .any(|p| llms.items.iter().any(|q| q.id == p.id))
    );
}

#[tokio::test]
async fn search_finds_segmentation_projects_in_any_case() {
    let app = spawn_app().await;
    let page: Page<Project> = app
        .get_ok("/api/projects?q=SEGMENTATION&per_page=100")
        .await;
    assert!(page.total >= 2);
    for p in &page.items {
        let text = format!(
            "{} {} {} {}",
            p.title,
            p.summary,
            p.description,
            p.keywords.join(" ")
        )
        .to_lowercase();
        assert!(
            text.contains("segmentation"),
            "{} does not mention it",
            p.title
        );
    }
    let none: Page<Project> = app.get_ok("/api/projects?q=zzqxv").await;
    assert_eq!(none.total, 0);
    assert!(none.items.is_empty());
}

#[tokio::test]
async fn search_words_must_all_match_and_wildcards_are_inert() {
    let app = spawn_app().await;
    let both: Page<Project> = app
        .get_ok("/api/projects?q=ecg%20wearable&per_page=100")
        .await;
    let ecg: Page<Project> = app.get_ok("/api/projects?q=ecg&per_page=100").await;
    assert!(both.total >= 1 && both.total <= ecg.total);
    let wild: Page<Project> = app.get_ok("/api/projects?q=%25").await;
    let all: Page<Project> = app.get_ok("/api/projects").await;
    assert_eq!(wild.total, all.total, "a lone % is not a filter");
}

#[tokio::test]
async fn status_and_lab_filters_combine() {
    let app = spawn_app().await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    assert!(open.items.iter().all(|p| p.status == ProjectStatus::Open));
    let hidden: Page<Project> = app.get_ok("/api/projects?status=draft&per_page=100").await;
    assert_eq!(hidden.total, 0, "drafts are not public");
    let director = app.director().await;
    let drafts: Page<Project> = director
        .get_ok("/api/projects?status=draft&per_page=100")
        .await;
    assert!(drafts.total >= 1);
    assert!(
        drafts
            .items
            .iter()
            .all(|p| p.status == ProjectStatus::Draft)
    );
    let all: Page<Project> = director.get_ok("/api/projects?per_page=1").await;
    assert!(open.total + drafts.total <= all.total);

    let labs: Page<Lab> = app.get_ok("/api/labs?per_page=100").await;
    assert!(labs.total >= 8);
    let lab = &labs.items[0];
    let in_lab: Page<Project> = app
        .get_ok(&format!("/api/projects?lab={}&per_page=100", lab.id))
        .await;
    assert!(
        in_lab
            .items
            .iter()
            .all(|p| p.lab.as_ref().map(|l| l.id) == Some(lab.id))
    );
}

#[tokio::test]
async fn project_detail_names_its_advisor_and_lab() {
    let app = spawn_app().await;
    let page: Page<Project> = app.get_ok("/api/projects?per_page=1").await;
    let listed = &page.items[0];
    let detail: Project = app.get_ok(&format!("/api/projects/{}", listed.id)).await;
    assert_eq!(&detail, listed);
    assert!(!detail.faculty.name.is_empty());
    let advisor: FacultyDetail = app
        .get_ok(&format!("/api/faculty/{}", detail.faculty.id))
        .await;
    assert!(advisor.projects.iter().any(|p| p.id == detail.id));
}

#[tokio::test]
async fn lab_detail_lists_members_and_projects() {
    let app = spawn_app().await;
    let labs: Page<Lab> = app.get_ok("/api/labs?per_page=100").await;
    let mut saw_members = false;
    for lab in &labs.items {
        let detail: LabDetail = app.get_ok(&format!("/api/labs/{}", lab.id)).await;
        assert_eq!(detail.lab.id, lab.id);
        assert!(
            detail
                .faculty
                .iter()
                .all(|f| f.lab.as_ref().map(|l| l.id) == Some(lab.id))
        );
        saw_members |= !detail.faculty.is_empty();
    }
    assert!(saw_members);
}

#[tokio::test]
async fn faculty_span_at_least_four_schools_or_departments() {
    let app = spawn_app().await;
    let page: Page<shared::Faculty> = app.get_ok("/api/faculty?per_page=100").await;
    assert!(page.total >= 25);
    let mut schools: Vec<&str> = page.items.iter().map(|f| f.school.as_str()).collect();
    schools.sort_unstable();
    schools.dedup();
    assert!(schools.len() >= 4, "schools: {schools:?}");
    let imaging: Page<shared::Faculty> = app.get_ok("/api/faculty?area=imaging&per_page=100").await;
    assert!(
        imaging
            .items
            .iter()
            .all(|f| f.areas.contains(&"imaging".to_owned()))
    );
}

#[tokio::test]
async fn unknown_ids_are_404_with_the_error_body() {
    let app = spawn_app().await;
    for path in [
        "/api/projects/999999",
        "/api/labs/999999",
        "/api/faculty/999999",
        "/api/projects/not-a-number",
        "/api/no-such-route",
    ] {
        let err = app.expect_error(app.get(path).await, 404).await;
        assert_eq!(err.error, "not_found", "{path}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_field() {
    let app = spawn_app().await;
    for (query, field) in [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("area=nope", "area"),
        ("status=maybe", "status"),
        ("lab=x", "lab"),
    ] {
        let err = app
            .expect_error(app.get(&format!("/api/projects?{query}")).await, 400)
            .await;
        let fields = err.fields.unwrap_or_default();
        assert!(
            fields.iter().any(|f| f.field == field),
            "{query}: fields {fields:?}"
        );
    }
    let long_q = "a".repeat(500);
    app.expect_error(app.get(&format!("/api/labs?q={long_q}")).await, 400)
        .await;
}

#[tokio::test]
async fn the_spa_fallback_never_swallows_api_routes() {
    let app = spawn_app().await;
    let res = app.get("/api/projects/1/nope").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
    );
}

#[tokio::test]
async fn unknown_spa_routes_are_404_with_the_spa_and_its_pages_200() {
    let dir = std::env::temp_dir().join(format!(
        "thesis-match-spa-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let marker = "<!-- the SPA's index.html -->";
    std::fs::write(dir.join("index.html"), format!("<!doctype html>{marker}"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("style.css"), "body{}").unwrap_or_else(|e| panic!("{e}"));
    let static_dir = dir.clone();
    let app = tests::spawn_app_with(move |c| c.static_dir = static_dir).await;
    let page = |path: &'static str| {
        let app = &app;
        async move {
            let res = app.get(path).await;
            let status = res.status().as_u16();
            let html = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            let body = res.text().await.unwrap_or_default();
            (status, html && body.contains(marker))
        }
    };
    // Every page the SPA knows (a sample of each shape), as the browser tests load them.
    for path in [
        "/",
        "/projects/1",
        "/projects/new",
        "/projects/1/edit",
        "/students/1/matches",
        "/my-ranking",
        "/pairings",
        "/reset?token=abc",
        "/login?next=%2Fprofile",
    ] {
        assert_eq!(page(path).await, (200, true), "{path}");
    }
    // Anything else: 404, with the SPA (which shows its not-found page).
    for path in [
        "/no-such-page",
        "/projects/abc",
        "/projects/1/delete",
        "/labs/1/2",
    ] {
        assert_eq!(page(path).await, (404, true), "{path}");
    }
    // Files are files; unknown API routes stay JSON 404s.
    let css = app.get("/style.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.text().await.unwrap_or_default(), "body{}");
    app.expect_error(app.get("/api/no-such-route").await, 404)
        .await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The built SPA's files are served precompressed (brotli preferred, then gzip, else as they
/// are) and cached by name: a content-hashed file for a year, `index.html` revalidated each time.
/// A stand-in build whose variants differ in content shows which file was sent.
#[tokio::test]
async fn spa_files_are_served_precompressed_by_accept_encoding_and_cached_by_name() {
    let dir = std::env::temp_dir().join(format!(
        "thesis-match-spa-enc-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, body: &str| {
        std::fs::write(dir.join(name), body).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let wasm = "frontend-0123456789abcdef_bg.wasm";
    write(wasm, "identity wasm");
    write(&format!("{wasm}.br"), "brotli wasm");
    write(&format!("{wasm}.gz"), "gzip wasm");
    write("index.html", "<!doctype html>identity index");
    write("index.html.br", "brotli index");
    write("index.html.gz", "gzip index");
    let static_dir = dir.clone();
    let app = tests::spawn_app_with(move |c| c.static_dir = static_dir).await;
    let get = |path: String, accept: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = app.client.get(app.url(&path));
            if let Some(accept) = accept {
                req = req.header("accept-encoding", accept);
            }
            let res = req.send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
            let header = |name: &str| {
                res.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let seen = (
                res.status().as_u16(),
                header("content-encoding"),
                header("cache-control"),
                header("vary"),
                header("content-type"),
                header("content-security-policy"),
            );
            (seen, res.text().await.unwrap_or_default())
        }
    };
    let immutable = Some("public, max-age=31536000, immutable".to_owned());
    let no_cache = Some("no-cache".to_owned());
    let wasm_path = format!("/{wasm}");
    for (accept, encoding, body) in [
        (Some("br"), Some("br"), "brotli wasm"),
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli wasm"),
        (Some("gzip"), Some("gzip"), "gzip wasm"),
        (Some("br;q=0.5, gzip"), Some("gzip"), "gzip wasm"),
        (None, None, "identity wasm"),
        (Some("identity"), None, "identity wasm"),
    ] {
        let ((status, enc, cache, vary, ctype, csp), text) = get(wasm_path.clone(), accept).await;
        assert_eq!(status, 200, "{accept:?}");
        assert_eq!(enc.as_deref(), encoding, "{accept:?}");
        assert_eq!(text, body, "{accept:?}");
        assert_eq!(cache, immutable, "{accept:?}");
        assert!(
            vary.is_some_and(|v| v.to_lowercase().contains("accept-encoding")),
            "{accept:?}"
        );
        assert_eq!(ctype.as_deref(), Some("application/wasm"), "{accept:?}");
        assert!(csp.is_some(), "the security headers stay: {accept:?}");
    }
    // index.html, whether asked for by "/" or as an SPA page, is never kept unrevalidated;
    // unknown paths are 404 with it, encoded the same way.
    for (path, status) in [
        ("/", 200),
        ("/match", 200),
        ("/projects/3", 200),
        ("/nope", 404),
    ] {
        for (accept, encoding, body) in [
            (Some("gzip, br"), Some("br"), "brotli index"),
            (Some("gzip"), Some("gzip"), "gzip index"),
            (None, None, "<!doctype html>identity index"),
        ] {
            let ((got, enc, cache, vary, ctype, _), text) = get(path.to_owned(), accept).await;
            assert_eq!(got, status, "{path} {accept:?}");
            assert_eq!(enc.as_deref(), encoding, "{path} {accept:?}");
            assert_eq!(text, body, "{path} {accept:?}");
            assert_eq!(cache, no_cache, "{path} {accept:?}");
            assert!(
                vary.is_some_and(|v| v.to_lowercase().contains("accept-encoding")),
                "{path} {accept:?}"
            );
            assert!(
                ctype.is_some_and(|v| v.starts_with("text/html")),
                "{path} {accept:?}"
            );
        }
    }
    // A hashed name that is not (or no longer) built is no file to keep.
    let ((status, _, cache, ..), _) =
        get("/frontend-fedcba9876543210_bg.wasm".to_owned(), None).await;
    assert_eq!((status, cache), (404, no_cache));
    // The API keeps its own rule.
    let ((_, _, cache, ..), _) = get("/api/projects".to_owned(), None).await;
    assert_eq!(cache.as_deref(), Some("no-store"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_gzip() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/projects?per_page=50"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}

#[tokio::test]
async fn the_student_directory_is_for_directors_and_its_filters_apply() {
    let app = spawn_app().await;
    app.expect_error(app.get("/api/students").await, 401).await;
    let director = app.director().await;
    let page: Page<shared::Student> = director.get_ok("/api/students?per_page=100").await;
    assert_eq!(page.total, 40);
    assert!(page.items.windows(2).all(|w| w[0].name <= w[1].name));
    let one = &page.items[0];
    let word = one.name.split_whitespace().next().unwrap_or_default();
    let found: Page<shared::Student> = director.get_ok(&format!("/api/students?q={word}")).await;
    assert!(found.items.iter().any(|s| s.id == one.id));
    let signals: Page<shared::Student> = director
        .get_ok("/api/students?area=signals&per_page=100")
        .await;
    assert!(signals.total > 0 && signals.total < 40, "{}", signals.total);
    assert!(
        signals
            .items
            .iter()
            .all(|s| s.areas.contains(&"signals".to_owned()))
    );
    // A filter a list does not apply is refused, not ignored.
    let e = app
        .expect_error(app.get("/api/labs?status=open").await, 400)
        .await;
    assert_eq!(e.fields.unwrap_or_default()[0].field, "status");
    let e = app
        .expect_error(director.get("/api/students?lab=1").await, 400)
        .await;
    assert_eq!(e.fields.unwrap_or_default()[0].field, "lab");
}
