//! Accounts and need-to-know access: sign-in, sessions, the policy, live project edits across
//! server processes, the audit log and CSV import.

use std::time::{Duration, Instant};

use backend::config::Config;
use reqwest::Method;
use serde_json::json;
use shared::{
    AuditAction, AuditEntry, FacultyDetail, ImportReport, MatchList, Me, MyData, Page, Project,
    Role, Student, StudentId, UserSummary,
};
use tests::{
    DIRECTOR, Session, TestApp, demo_faculty_email, demo_student_email, login_at, ok_json, serve,
    spawn_app, spawn_app_with, workspace_root,
};

/// Project 1 of the demo program, its advisor's e-mail, and a faculty member unrelated to it.
async fn project_and_people(app: &TestApp) -> (Project, String, String) {
    let p: Project = app.get_ok("/api/projects/1").await;
    let advisor = demo_faculty_email(&p.faculty.slug);
    let all: Page<shared::Faculty> = app.get_ok("/api/faculty?per_page=100").await;
    let other = all
        .items
        .iter()
        .find(|f| f.id != p.faculty.id && p.co_mentor.as_ref().is_none_or(|c| c.id != f.id))
        .map(|f| f.email.to_string())
        .unwrap_or_else(|| panic!("no unrelated faculty"));
    (p, advisor, other)
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_401() {
    let app = spawn_app().await;
    let unknown = app.try_login("nobody@example.edu", "thesis-demo").await;
    let unknown = app.expect_error(unknown, 401).await;
    let wrong = app.try_login(DIRECTOR, "not-the-password").await;
    let wrong = app.expect_error(wrong, 401).await;
    assert_eq!(unknown, wrong, "the two refusals must not differ");
    // The e-mail is case-insensitive.
    let s = app.login_as("Director@Example.EDU").await;
    assert_eq!(s.me.role, Role::Director);
}

#[tokio::test]
async fn the_sixth_failed_sign_in_is_answered_429_with_retry_after() {
    let app = spawn_app().await;
    let email = demo_student_email(3);
    for i in 1..=5 {
        let res = app.try_login(&email, "wrong password").await;
        assert_eq!(res.status(), 401, "failure {i}");
    }
    let res = app.try_login(&email, tests::DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429, "even the right password is refused now");
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=15 * 60).contains(&retry), "Retry-After {retry}");
    // Another account from the same address is not locked by this one's failures.
    app.login_as(&demo_student_email(4)).await;
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_loses_its_sessions() {
    let app = spawn_app().await;
    let email = demo_student_email(2);
    let student = app.login_as(&email).await;
    let director = app.director().await;
    let users: Page<UserSummary> = director
        .get_ok(&format!(
            "/api/users?q={}",
            email.split('@').next().unwrap_or_default()
        ))
        .await;
    let id = users
        .items
        .iter()
        .find(|u| u.email.as_str() == email)
        .map(|u| u.id)
        .unwrap_or_else(|| panic!("{email} not listed: {users:?}"));
    let res = director
        .patch_json(&format!("/api/users/{id}"), &json!({"disabled": true}))
        .await;
    let summary: UserSummary = ok_json(res, "disable").await;
    assert!(summary.disabled);
    assert_eq!(student.get("/api/me").await.status(), 401);
    let refused = app.try_login(&email, tests::DEMO_PASSWORD).await;
    app.expect_error(refused, 401).await;
}

#[tokio::test]
async fn a_session_cookie_stops_working_after_logout() {
    let app = spawn_app().await;
    let s = app.login_as(&demo_student_email(0)).await;
    let me: Me = s.get_ok("/api/me").await;
    assert_eq!(me.role, Role::Student);
    assert_eq!(me.student_id, Some(StudentId(1)));
    let res = s.post_json("/api/auth/logout", &json!({})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(s.get("/api/me").await.status(), 401);
    assert_eq!(app.get("/api/me").await.status(), 401);
}

#[tokio::test]
async fn login_sets_an_httponly_samesite_cookie() {
    let app = spawn_app().await;
    let res = app.try_login(DIRECTOR, tests::DEMO_PASSWORD).await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("tm_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    // Set once at sign-in, so it must outlast the idle time: the session's absolute lifetime.
    assert!(cookie.contains("Max-Age=604800"), "seven days: {cookie}");
}

/// Signs in as the director with extra request headers; returns the response.
async fn login_with_headers(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({"email": DIRECTOR, "password": tests::DEMO_PASSWORD}));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 200);
    res
}

fn set_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn hsts(res: &reqwest::Response) -> Option<String> {
    header_of(res, "strict-transport-security")
}

fn header_of(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn api_answers_are_never_stored_and_hsts_follows_https() {
    let app = spawn_app().await;
    let director = app.director().await;
    for path in [
        "/api/me",
        "/api/pairings.csv",
        "/api/rankings.csv",
        "/api/students",
        "/api/audit",
        "/api/me/export",
        "/api/projects",
    ] {
        let res = director.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            header_of(&res, "cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
        assert_eq!(hsts(&res), None, "{path} over plain http");
    }
    // Errors too, and anonymous answers.
    for path in ["/api/me", "/api/no-such-route", "/api/health"] {
        let res = app.get(path).await;
        assert_eq!(
            header_of(&res, "cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
    }
    let secure = spawn_app_with(|c| c.secure_cookies = true).await;
    let res = login_with_headers(&secure, &[]).await;
    assert!(set_cookie(&res).contains("; Secure"));
    assert_eq!(hsts(&res).as_deref(), Some("max-age=31536000"));
    for path in ["/api/health", "/"] {
        assert_eq!(
            hsts(&secure.get(path).await).as_deref(),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

/// A write from `origin` that claims, by `X-Forwarded-Host`, to have been sent to `forwarded_host`.
async fn write_via_forwarded_host(app: &TestApp, origin: &str, forwarded_host: &str) -> u16 {
    app.client
        .post(app.url("/api/matches/preview"))
        .header("origin", origin)
        .header("x-forwarded-host", forwarded_host)
        .json(&json!({"interests": "EEG"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .status()
        .as_u16()
}

/// The client addresses of every successful sign-in in the audit log.
async fn sign_in_addresses(director: &Session) -> Vec<String> {
    let log: Page<AuditEntry> = director
        .get_ok("/api/audit?action=login_succeeded&per_page=100")
        .await;
    log.items
        .into_iter()
        .map(|e| e.client_addr.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn forwarded_headers_are_ignored_without_trust_proxy() {
    let app = spawn_app().await;
    // A cross-site write that names its own site in X-Forwarded-Host is still cross-site.
    assert_eq!(
        write_via_forwarded_host(&app, "https://evil.example", "evil.example").await,
        403
    );
    // X-Forwarded-Proto does not make the cookie Secure, X-Forwarded-For is not the address.
    let res = login_with_headers(
        &app,
        &[
            ("x-forwarded-proto", "https"),
            ("x-forwarded-for", "203.0.113.9"),
        ],
    )
    .await;
    let cookie = set_cookie(&res);
    assert!(
        cookie.starts_with("tm_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert_eq!(hsts(&res), None, "not https: no HSTS");
    let director = app.director().await;
    let addrs = sign_in_addresses(&director).await;
    assert!(
        addrs.len() == 2 && addrs.iter().all(|a| a == "127.0.0.1"),
        "{addrs:?}"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_forwarded_headers_count() {
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    // A proxy that rewrites Host: the public host is in X-Forwarded-Host.
    assert_eq!(
        write_via_forwarded_host(&app, "https://thesis.example.edu", "thesis.example.edu").await,
        200
    );
    assert_eq!(
        write_via_forwarded_host(&app, "https://evil.example", "thesis.example.edu").await,
        403
    );
    let res = login_with_headers(
        &app,
        &[
            ("x-forwarded-proto", "https"),
            ("x-forwarded-for", "203.0.113.9, 10.0.0.1"),
        ],
    )
    .await;
    let cookie = set_cookie(&res);
    assert!(cookie.contains("; Secure"), "behind https: {cookie}");
    assert_eq!(hsts(&res).as_deref(), Some("max-age=31536000"));
    let res = login_with_headers(&app, &[("x-forwarded-proto", "http")]).await;
    let cookie = set_cookie(&res);
    assert!(!cookie.contains("Secure"), "behind plain http: {cookie}");
    assert_eq!(hsts(&res), None);
    let director = app.director().await;
    let addrs = sign_in_addresses(&director).await;
    assert!(addrs.iter().any(|a| a == "203.0.113.9"), "{addrs:?}");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_twelve_characters() {
    let app = spawn_app().await;
    let email = demo_student_email(5);
    let s = app.login_as(&email).await;
    let short = s
        .post_json(
            "/api/me/password",
            &json!({"current_password": tests::DEMO_PASSWORD, "new_password": "short"}),
        )
        .await;
    let e = app.expect_error(short, 422).await;
    assert_eq!(e.fields.unwrap_or_default()[0].field, "new_password");
    let wrong = s
        .post_json(
            "/api/me/password",
            &json!({"current_password": "nope", "new_password": "a much longer one"}),
        )
        .await;
    let e = app.expect_error(wrong, 422).await;
    assert_eq!(e.fields.unwrap_or_default()[0].field, "current_password");
    let ok = s
        .post_json(
            "/api/me/password",
            &json!({"current_password": tests::DEMO_PASSWORD, "new_password": "a much longer one"}),
        )
        .await;
    assert_eq!(ok.status(), 204);
    app.expect_error(app.try_login(&email, tests::DEMO_PASSWORD).await, 401)
        .await;
    app.login(&email, "a much longer one").await;
}

#[tokio::test]
async fn students_read_only_their_own_record_and_directors_reads_are_logged() {
    let app = spawn_app().await;
    let own = app.login_as(&demo_student_email(0)).await;
    let record: Student = own.get_ok("/api/students/1").await;
    assert_eq!(record.email.as_str(), demo_student_email(0));
    app.expect_error(own.get("/api/students/2").await, 403)
        .await;
    app.expect_error(own.get("/api/students/2/matches").await, 403)
        .await;
    app.expect_error(own.get("/api/students").await, 403).await;
    app.expect_error(app.get("/api/students/1").await, 401)
        .await;

    let director = app.director().await;
    let _: Student = director.get_ok("/api/students/1").await;
    let log: Page<AuditEntry> = director
        .get_ok("/api/audit?action=student_record_read")
        .await;
    assert_eq!(
        log.total, 1,
        "only the director's read is a disclosure: {log:?}"
    );
    assert_eq!(log.items[0].actor_email, DIRECTOR);
    assert_eq!(log.items[0].target_id, Some(1));
}

#[tokio::test]
async fn no_answer_to_a_non_director_carries_another_students_email() {
    let app = spawn_app().await;
    let others: Vec<String> = (1..40).map(demo_student_email).collect();
    let (project, advisor, _) = project_and_people(&app).await;
    let student = app.login_as(&demo_student_email(0)).await;
    let faculty = app.login_as(&advisor).await;
    let paths = [
        "/api/students".to_owned(),
        "/api/students/2".to_owned(),
        "/api/projects?per_page=100".to_owned(),
        format!("/api/projects/{}/applicants", project.id),
        "/api/me/export".to_owned(),
        "/api/users".to_owned(),
        "/api/audit".to_owned(),
    ];
    for who in [&student, &faculty] {
        for path in &paths {
            let text = who.get(path).await.text().await.unwrap_or_default();
            let leaked: Vec<&String> = others
                .iter()
                .filter(|e| text.contains(e.as_str()))
                .collect();
            // The advisor sees the students ranked for their own project (need to know, logged);
            // no other answer names another student.
            if who.me.role == Role::Faculty && path.contains("applicants") {
                continue;
            }
            assert!(
                leaked.is_empty(),
                "{} {path} leaks {leaked:?}",
                who.me.email
            );
        }
    }
    let directory: Page<Student> = app
        .director()
        .await
        .get_ok("/api/students?per_page=100")
        .await;
    assert_eq!(directory.total, 40);
    assert!(
        directory
            .items
            .iter()
            .all(|s| s.email.as_str().contains('@'))
    );
}

#[tokio::test]
async fn applicant_lists_are_for_the_projects_own_faculty_and_are_logged() {
    let app = spawn_app().await;
    let (project, advisor, other) = project_and_people(&app).await;
    let path = format!("/api/projects/{}/applicants", project.id);
    let mine = app.login_as(&advisor).await;
    let list: Vec<shared::Applicant> = mine.get_ok(&path).await;
    assert!(list.is_empty(), "nobody has certified a list yet");
    app.expect_error(app.login_as(&other).await.get(&path).await, 403)
        .await;
    let log: Page<AuditEntry> = app
        .director()
        .await
        .get_ok("/api/audit?action=applicants_read")
        .await;
    assert_eq!(log.total, 1);
    assert_eq!(log.items[0].actor_email, advisor);
}

#[tokio::test]
async fn faculty_create_a_project_and_find_it_in_the_preview_at_once() {
    let app = spawn_app().await;
    let (_, advisor, _) = project_and_people(&app).await;
    let f = app.login_as(&advisor).await;
    let res = f
        .post_json(
            "/api/projects",
            &json!({
                "title": "Photoacoustic thyroid nodule triage",
                "summary": "Grade thyroid nodules from photoacoustic tomography with deep learning.",
                "areas": ["imaging"],
                "keywords": ["photoacoustic tomography", "thyroid nodule"],
                "capacity": 2,
                "status": "open"
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Project = ok_json(res, "create").await;
    assert_eq!(Some(created.faculty.id), f.me.faculty_id);
    assert_eq!(created.slug, "photoacoustic-thyroid-nodule-triage");
    let preview: MatchList = ok_json(
        app.post_json(
            "/api/matches/preview",
            &json!({"interests": "photoacoustic thyroid nodules", "limit": 3}),
        )
        .await,
        "preview",
    )
    .await;
    assert_eq!(preview.items[0].project.id, created.id);
    let mine: Vec<Project> = f.get_ok("/api/me/projects").await;
    assert!(mine.iter().any(|p| p.id == created.id));
    // The change is on record, by whom.
    let log: Page<AuditEntry> = app
        .director()
        .await
        .get_ok("/api/audit?action=project_created")
        .await;
    assert_eq!(log.items[0].actor_email, advisor);
    assert_eq!(log.items[0].target_id, Some(created.id.get()));
}

#[tokio::test]
async fn faculty_cannot_edit_someone_elses_project_and_bad_fields_are_named() {
    let app = spawn_app().await;
    let (project, advisor, other) = project_and_people(&app).await;
    let path = format!("/api/projects/{}", project.id);
    let intruder = app.login_as(&other).await;
    let res = intruder.patch_json(&path, &json!({"title": "x"})).await;
    app.expect_error(res, 403).await;
    let unchanged: Project = app.get_ok(&path).await;
    assert_eq!(unchanged.title, project.title);

    let owner = app.login_as(&advisor).await;
    let res = owner
        .patch_json(
            &path,
            &json!({"title": " ", "capacity": 0, "areas": ["astrology"], "status": "filled"}),
        )
        .await;
    let e = app.expect_error(res, 422).await;
    let mut named: Vec<String> = e
        .fields
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.field)
        .collect();
    named.sort();
    assert_eq!(named, vec!["areas", "capacity", "status", "title"]);
    let res = owner
        .patch_json(&path, &json!({"status": "closed", "capacity": 3}))
        .await;
    let closed: Project = ok_json(res, "close").await;
    assert_eq!(closed.status, shared::ProjectStatus::Closed);
    assert_eq!(closed.capacity, 3);
    // Closed projects leave the preview.
    let preview: MatchList = ok_json(
        app.post_json(
            "/api/matches/preview",
            &json!({"interests": project.title, "limit": 20}),
        )
        .await,
        "preview",
    )
    .await;
    assert!(preview.items.iter().all(|m| m.project.id != project.id));
    let log: Page<AuditEntry> = app
        .director()
        .await
        .get_ok("/api/audit?action=project_updated")
        .await;
    let entry = &log.items[0];
    assert!(
        entry
            .before
            .as_deref()
            .unwrap_or_default()
            .contains("\"open\""),
        "{entry:?}"
    );
    assert!(
        entry
            .after
            .as_deref()
            .unwrap_or_default()
            .contains("\"closed\""),
        "{entry:?}"
    );
}

#[tokio::test]
async fn drafts_are_hidden_from_the_public_catalogue() {
    let app = spawn_app().await;
    let (_, advisor, other) = project_and_people(&app).await;
    let f = app.login_as(&advisor).await;
    let draft: Project = ok_json(
        f.post_json(
            "/api/projects",
            &json!({"title": "Unannounced cochlear implant study", "summary": "Not yet.", "capacity": 1}),
        )
        .await,
        "create draft",
    )
    .await;
    assert_eq!(draft.status, shared::ProjectStatus::Draft);
    let path = format!("/api/projects/{}", draft.id);
    app.expect_error(app.get(&path).await, 404).await;
    app.expect_error(app.login_as(&other).await.get(&path).await, 404)
        .await;
    let _: Project = f.get_ok(&path).await;
    let public: Page<Project> = app.get_ok("/api/projects?q=cochlear").await;
    assert_eq!(public.total, 0);
    let own: Page<Project> = f.get_ok("/api/projects?q=cochlear").await;
    assert_eq!(own.total, 1);
    let person: FacultyDetail = app
        .get_ok(&format!("/api/faculty/{}", draft.faculty.id))
        .await;
    assert!(person.projects.iter().all(|p| p.id != draft.id));
}

#[tokio::test]
async fn students_edit_their_profile_and_their_matches_follow() {
    let app = spawn_app().await;
    let s = app.login_as(&demo_student_email(0)).await;
    let before: MatchList = s.get_ok("/api/me/matches?limit=1").await;
    let res = s
        .patch_json(
            "/api/me/profile",
            &json!({"interests": "seizure detection from scalp EEG on wearables", "areas": ["signals"]}),
        )
        .await;
    let saved: Student = ok_json(res, "profile").await;
    assert_eq!(saved.areas, vec!["signals"]);
    let after: MatchList = s.get_ok("/api/me/matches?limit=1").await;
    assert_ne!(before.items[0].project.id, after.items[0].project.id);
    assert!(after.items[0].project.areas.contains(&"signals".to_owned()));
    let export: MyData = s.get_ok("/api/me/export").await;
    assert_eq!(export.profile.map(|p| p.interests), Some(saved.interests));
    assert!(
        export
            .audit
            .iter()
            .any(|e| e.action == AuditAction::ProfileUpdated)
    );
    assert!(
        export
            .audit
            .iter()
            .any(|e| e.action == AuditAction::LoginSucceeded)
    );
    let bad = s
        .patch_json("/api/me/profile", &json!({"areas": ["astrology"]}))
        .await;
    app.expect_error(bad, 422).await;
    let faculty = app.login_as(&project_and_people(&app).await.1).await;
    app.expect_error(faculty.get("/api/me/profile").await, 403)
        .await;
}

#[tokio::test]
async fn two_server_processes_share_sessions_and_catalogue_changes() {
    let app = spawn_app().await;
    let mut config = Config::for_database(app.database_url.clone(), workspace_root().join("data"));
    config.demo = false;
    let second = serve(config).await.unwrap_or_else(|e| panic!("{e:#}"));
    let (project, advisor, _) = project_and_people(&app).await;
    // Signed in on the first, the cookie works on the second.
    let on_first = app.login_as(&advisor).await;
    let on_second = Session {
        address: second.clone(),
        ..on_first.clone()
    };
    let me: Me = on_second.get_ok("/api/me").await;
    assert_eq!(me.email.as_str(), advisor);
    // An edit on the first shows in the second's preview within 5 seconds.
    let res = on_first
        .patch_json(
            &format!("/api/projects/{}", project.id),
            &json!({"keywords": ["xylophagous quasar telemetry"]}),
        )
        .await;
    let _: Project = ok_json(res, "edit").await;
    let started = Instant::now();
    loop {
        let res = app
            .client
            .post(format!("{second}/api/matches/preview"))
            .json(&json!({"interests": "xylophagous quasar telemetry", "limit": 1}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let list: MatchList = ok_json(res, "preview on the second server").await;
        if list.items.first().map(|m| m.project.id) == Some(project.id) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the second server did not see the edit within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A fresh login on the second server works with the first's session store too.
    let s2 = login_at(&second, &app.client, DIRECTOR, tests::DEMO_PASSWORD).await;
    let back_on_first = Session {
        address: app.address.clone(),
        ..s2
    };
    let _: Me = back_on_first.get_ok("/api/me").await;
}

/// Each process remembers the sessions it has read for a moment (`db::sessions::TRUST_FOR`), yet a
/// sign-out, a password change or a disabling on one server ends the session on the other within a
/// second (and on the server that did it, at once).
#[tokio::test]
async fn a_session_ended_on_one_server_is_refused_by_the_other_within_a_second() {
    let app = spawn_app().await;
    let mut config = Config::for_database(app.database_url.clone(), workspace_root().join("data"));
    config.demo = false;
    let second = serve(config).await.unwrap_or_else(|e| panic!("{e:#}"));
    let there = |s: &Session| Session {
        address: second.clone(),
        ..s.clone()
    };
    let a_second = || tokio::time::sleep(Duration::from_millis(1_000));

    // Signed out on the first.
    let first = app.login_as(&demo_student_email(3)).await;
    let other = there(&first);
    assert_eq!(
        other.get("/api/me").await.status(),
        200,
        "read on the second"
    );
    assert_eq!(other.get("/api/me").await.status(), 200);
    let res = first.post_json("/api/auth/logout", &json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(
        first.get("/api/me").await.status(),
        401,
        "at once where it ended"
    );
    a_second().await;
    assert_eq!(other.get("/api/me").await.status(), 401, "signed out");

    // A password change on the first ends the account's other sessions on the second.
    let email = demo_student_email(4);
    let here = app.login_as(&email).await;
    let elsewhere = there(&app.login_as(&email).await);
    assert_eq!(elsewhere.get("/api/me").await.status(), 200);
    let res = here
        .post_json(
            "/api/me/password",
            &json!({"current_password": tests::DEMO_PASSWORD, "new_password": "a much longer one"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    a_second().await;
    assert_eq!(
        elsewhere.get("/api/me").await.status(),
        401,
        "password changed"
    );
    assert_eq!(
        there(&here).get("/api/me").await.status(),
        200,
        "the session that changed it"
    );

    // Disabled on the first.
    let email = demo_student_email(5);
    let student = there(&app.login_as(&email).await);
    assert_eq!(student.get("/api/me").await.status(), 200);
    let director = app.director().await;
    let users: Page<UserSummary> = director
        .get_ok(&format!(
            "/api/users?q={}",
            email.split('@').next().unwrap_or_default()
        ))
        .await;
    let id = users
        .items
        .iter()
        .find(|u| u.email.as_str() == email)
        .map(|u| u.id)
        .unwrap_or_else(|| panic!("{email} not listed: {users:?}"));
    let res = director
        .patch_json(&format!("/api/users/{id}"), &json!({"disabled": true}))
        .await;
    let _: UserSummary = ok_json(res, "disable").await;
    a_second().await;
    assert_eq!(student.get("/api/me").await.status(), 401, "disabled");
}

fn students_csv(n: usize, bad_row: Option<usize>) -> String {
    let mut csv = String::from("slug,name,email,background,areas,interests,skills\n");
    for i in 0..n {
        let background = if Some(i) == bad_row {
            "astronaut"
        } else {
            ["engineering", "clinical", "computer_science"][i % 3]
        };
        csv.push_str(&format!(
            "imported-{i},Imported Student {i},imported.{i}@students.example.edu,{background},imaging;signals,\"EEG, MRI and notes\",Python;R\n"
        ));
    }
    csv
}

#[tokio::test]
async fn an_import_with_one_bad_row_stores_nothing_then_a_good_one_works() {
    let app = spawn_app().await;
    let director = app.director().await;
    let before: Page<Student> = director.get_ok("/api/students?per_page=1").await;
    let res = director
        .post_csv("/api/import/students", students_csv(1000, Some(499)))
        .await;
    let e = app.expect_error(res, 422).await;
    let rows = e.rows.unwrap_or_default();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].line, rows[0].column.as_str()), (501, "background"));
    assert!(rows[0].message.contains("astronaut"));
    let unchanged: Page<Student> = director.get_ok("/api/students?per_page=1").await;
    assert_eq!(unchanged.total, before.total, "nothing was stored");

    let res = director
        .post_csv("/api/import/students", students_csv(1000, None))
        .await;
    let report: ImportReport = ok_json(res, "good import").await;
    assert_eq!(
        (report.rows, report.inserted, report.accounts_created),
        (1000, 1000, 1000)
    );
    let after: Page<Student> = director.get_ok("/api/students?per_page=1").await;
    assert_eq!(after.total, before.total + 1000);
    // The same file again changes nothing.
    let again: ImportReport = ok_json(
        director
            .post_csv("/api/import/students", students_csv(1000, None))
            .await,
        "re-import",
    )
    .await;
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 1000)
    );
    // Imported accounts have no password until the director issues a reset link.
    let users: Page<UserSummary> = director
        .get_ok("/api/users?q=imported%20student%20999&role=student")
        .await;
    assert_eq!(users.total, 1, "{users:?}");
    let imported = users
        .items
        .iter()
        .find(|u| u.email.as_str() == "imported.999@students.example.edu");
    let imported = imported.unwrap_or_else(|| panic!("{users:?}"));
    assert!(!imported.has_password);
    let link: shared::ResetLink = ok_json(
        director
            .post_json(
                &format!("/api/users/{}/reset-link", imported.id),
                &json!({}),
            )
            .await,
        "reset link",
    )
    .await;
    let token = link.path.split("token=").nth(1).unwrap_or_default();
    let res = app
        .post_json(
            "/api/auth/reset",
            &json!({"token": token, "new_password": "my own passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let s = app
        .login("imported.999@students.example.edu", "my own passphrase")
        .await;
    assert_eq!(s.me.role, Role::Student);
    let reuse = app
        .post_json(
            "/api/auth/reset",
            &json!({"token": token, "new_password": "another passphrase"}),
        )
        .await;
    app.expect_error(reuse, 422).await;
    let log: Page<AuditEntry> = director.get_ok("/api/audit?action=import").await;
    assert_eq!(
        log.total, 2,
        "two stored imports; the refused file is not one"
    );
}

#[tokio::test]
async fn a_csv_with_a_wrong_header_is_refused_naming_the_columns() {
    let app = spawn_app().await;
    let director = app.director().await;
    let res = director
        .post_csv("/api/import/projects", "slug,title\nx,y\n".to_owned())
        .await;
    let e = app.expect_error(res, 422).await;
    let rows = e.rows.unwrap_or_default();
    assert!(
        rows.iter().any(|r| r.line == 1 && r.column == "advisor"),
        "{rows:?}"
    );
    let res = director
        .post_csv("/api/import/martians", "a\n".to_owned())
        .await;
    app.expect_error(res, 404).await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_cross_site_writes_are_refused() {
    let app = spawn_app().await;
    for path in ["/api/projects", "/", "/api/nope"] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(
            h.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert!(h.get("referrer-policy").is_some(), "{path}");
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
    }
    let director = app.director().await;
    let res = director
        .client
        .patch(director.url("/api/users/1"))
        .header("cookie", &director.cookie)
        .header("origin", "https://evil.example")
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 403);
    let same = director
        .client
        .post(director.url("/api/matches/preview"))
        .header("origin", &app.address)
        .json(&json!({"interests": "EEG"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(same.status(), 200);
}

#[tokio::test]
async fn the_audit_log_is_append_only_in_the_database() {
    let app = spawn_app().await;
    app.director().await;
    let conn = backend::db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    use sea_orm::ConnectionTrait;
    assert!(
        conn.execute_unprepared("UPDATE audit_log SET reason = 'x'")
            .await
            .is_err()
    );
    assert!(
        conn.execute_unprepared("DELETE FROM audit_log")
            .await
            .is_err()
    );
    let upper = conn
        .execute_unprepared(
            "INSERT INTO users (email, role, disabled, created_at) VALUES ('Upper@X.edu', 'director', false, CURRENT_TIMESTAMP)",
        )
        .await;
    assert!(upper.is_err(), "e-mails are stored lower-cased");
}

#[tokio::test]
async fn a_taxonomy_edit_reindexes_at_once() {
    let app = spawn_app().await;
    let director = app.director().await;
    let mut tax: shared::TaxonomyFile = director.get_ok("/api/taxonomy").await;
    // Teach the matcher a made-up word for magnetic resonance imaging, then preview with it.
    let concept = tax
        .areas
        .iter_mut()
        .flat_map(|a| a.concepts.iter_mut())
        .find(|c| c.term == "magnetic resonance imaging");
    let Some(concept) = concept else {
        panic!("the taxonomy has no 'magnetic resonance imaging'");
    };
    concept.aliases.push("zorblax".to_owned());
    let term = concept.term.clone();
    let res = director
        .put_json(
            "/api/taxonomy",
            &serde_json::to_value(&tax).unwrap_or_default(),
        )
        .await;
    let _: shared::TaxonomyFile = ok_json(res, "save taxonomy").await;
    let list: MatchList = ok_json(
        app.post_json(
            "/api/matches/preview",
            &json!({"interests": "zorblax", "limit": 5}),
        )
        .await,
        "preview",
    )
    .await;
    assert!(
        list.items
            .first()
            .is_some_and(|m| m.score.parts.iter().any(|p| p.matched == term)),
        "zorblax should now match '{term}': {list:?}"
    );
    // A duplicate term is refused, naming it.
    tax.general.push(shared::ConceptSpec {
        term: term.clone(),
        aliases: vec![],
        kind: String::new(),
    });
    let res = director
        .put_json(
            "/api/taxonomy",
            &serde_json::to_value(&tax).unwrap_or_default(),
        )
        .await;
    let e = app.expect_error(res, 422).await;
    assert!(e.message.contains(&term), "{}", e.message);
}

/// Who may call a route, as the role × route test checks it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    Public,
    SignedIn,
    /// The student themself (target student 1) or a director.
    OwnStudent,
    /// Any signed-in student, for `/api/me/…` student pages.
    Students,
    /// Any signed-in faculty member.
    FacultyOnly,
    /// Faculty (as advisor) and directors.
    CreatesProjects,
    /// The target project's advisor, or a director.
    ProjectFaculty,
    /// The target faculty member themself, or a director.
    OwnFaculty,
    Director,
    /// Endorsing the own student's pairing: the project's advisor or a director. Its existence
    /// is private: the student (who sees it) gets 403, anyone else signed in the 404 of an unknown
    /// id.
    EndorsePairing,
    /// Withdrawing the own student's pairing: that student or a director. The project's advisor
    /// (who sees it) gets 403, anyone else signed in the 404 of an unknown id.
    WithdrawPairing,
}

const PRINCIPALS: [&str; 6] = [
    "anonymous",
    "own student",
    "other student",
    "own faculty",
    "other faculty",
    "director",
];

/// The status class a principal must get: `None` = allowed (not 401/403, not 5xx); a refusal is
/// 401 anonymous, 403 signed in — or 404 where the target's existence is private to the caller.
fn expected(rule: Rule, who: &str) -> Option<u16> {
    let signed = who != "anonymous";
    let allowed = match rule {
        Rule::Public => true,
        Rule::SignedIn => signed,
        Rule::OwnStudent => matches!(who, "own student" | "director"),
        Rule::Students => matches!(who, "own student" | "other student"),
        Rule::FacultyOnly => matches!(who, "own faculty" | "other faculty"),
        Rule::CreatesProjects => matches!(who, "own faculty" | "other faculty" | "director"),
        Rule::ProjectFaculty => matches!(who, "own faculty" | "director"),
        Rule::OwnFaculty => matches!(who, "own faculty" | "director"),
        Rule::Director => who == "director",
        Rule::EndorsePairing => matches!(who, "own faculty" | "director"),
        Rule::WithdrawPairing => matches!(who, "own student" | "director"),
    };
    // Whether the principal may know the target exists (if not, a refusal is a 404).
    let sees = match rule {
        Rule::EndorsePairing => who == "own student",
        Rule::WithdrawPairing => who == "own faculty",
        _ => true,
    };
    match (allowed, signed, sees) {
        (true, _, _) => None,
        (false, false, _) => Some(401),
        (false, true, true) => Some(403),
        (false, true, false) => Some(404),
    }
}

/// Every route in the OpenAPI document with its rule and a body to send.
fn rules() -> Vec<(&'static str, Rule, serde_json::Value)> {
    let none = serde_json::Value::Null;
    vec![
        ("GET /api/health", Rule::Public, none.clone()),
        ("GET /api/openapi.json", Rule::Public, none.clone()),
        ("GET /api/areas", Rule::Public, none.clone()),
        ("GET /api/labs", Rule::Public, none.clone()),
        ("GET /api/labs/{id}", Rule::Public, none.clone()),
        ("GET /api/faculty", Rule::Public, none.clone()),
        ("GET /api/faculty/{id}", Rule::Public, none.clone()),
        (
            "PATCH /api/faculty/{id}",
            Rule::OwnFaculty,
            json!({"bio": "Updated in the matrix test."}),
        ),
        ("GET /api/projects", Rule::Public, none.clone()),
        (
            "POST /api/projects",
            Rule::CreatesProjects,
            json!({"title": "Matrix project", "summary": "s", "capacity": 1}),
        ),
        ("GET /api/projects/{id}", Rule::Public, none.clone()),
        (
            "PATCH /api/projects/{id}",
            Rule::ProjectFaculty,
            json!({"description": "Edited in the matrix test."}),
        ),
        (
            "GET /api/projects/{id}/applicants",
            Rule::ProjectFaculty,
            none.clone(),
        ),
        (
            "POST /api/matches/preview",
            Rule::Public,
            json!({"interests": "EEG"}),
        ),
        ("GET /api/students", Rule::Director, none.clone()),
        ("GET /api/students/{id}", Rule::OwnStudent, none.clone()),
        (
            "GET /api/students/{id}/matches",
            Rule::OwnStudent,
            none.clone(),
        ),
        (
            "GET /api/students/{id}/advisors",
            Rule::OwnStudent,
            none.clone(),
        ),
        (
            "GET /api/students/{id}/labs",
            Rule::OwnStudent,
            none.clone(),
        ),
        (
            "POST /api/auth/login",
            Rule::Public,
            json!({"email": DIRECTOR, "password": tests::DEMO_PASSWORD}),
        ),
        ("POST /api/auth/logout", Rule::SignedIn, json!({})),
        (
            "POST /api/auth/reset",
            Rule::Public,
            json!({"token": "0", "new_password": "long enough password"}),
        ),
        ("GET /api/me", Rule::SignedIn, none.clone()),
        (
            "POST /api/me/password",
            Rule::SignedIn,
            json!({"current_password": "wrong", "new_password": "long enough password"}),
        ),
        ("GET /api/me/profile", Rule::Students, none.clone()),
        ("PATCH /api/me/profile", Rule::Students, json!({})),
        ("GET /api/me/matches", Rule::Students, none.clone()),
        ("GET /api/me/projects", Rule::FacultyOnly, none.clone()),
        ("GET /api/me/export", Rule::SignedIn, none.clone()),
        ("GET /api/me/disclosures", Rule::Students, none.clone()),
        ("GET /api/users", Rule::Director, none.clone()),
        ("PATCH /api/users/{id}", Rule::Director, json!({})),
        ("POST /api/users/{id}/reset-link", Rule::Director, json!({})),
        ("GET /api/audit", Rule::Director, none.clone()),
        ("POST /api/import/{kind}", Rule::Director, json!({})),
        ("GET /api/taxonomy", Rule::Director, none.clone()),
        ("PUT /api/taxonomy", Rule::Director, json!({"areas": []})),
        ("GET /api/cycle", Rule::Public, none.clone()),
        ("PATCH /api/cycle", Rule::Director, json!({})),
        ("GET /api/dashboard", Rule::Director, none.clone()),
        ("GET /api/rankings.csv", Rule::Director, none.clone()),
        ("GET /api/me/ranking", Rule::Students, none.clone()),
        (
            "PUT /api/me/ranking",
            Rule::Students,
            json!({"projects": []}),
        ),
        ("POST /api/me/ranking/certify", Rule::Students, json!({})),
        (
            "GET /api/me/applicant-ranking",
            Rule::FacultyOnly,
            none.clone(),
        ),
        (
            "PUT /api/me/applicant-ranking",
            Rule::FacultyOnly,
            json!({"students": []}),
        ),
        ("GET /api/pairings", Rule::SignedIn, none.clone()),
        (
            "POST /api/pairings",
            Rule::Director,
            json!({"student_id": 1, "project_id": 999999}),
        ),
        (
            "POST /api/pairings/request",
            Rule::Students,
            json!({"project_id": 999999}),
        ),
        (
            "POST /api/pairings/{id}/endorse",
            Rule::EndorsePairing,
            json!({}),
        ),
        ("POST /api/pairings/{id}/approve", Rule::Director, json!({})),
        (
            "POST /api/pairings/{id}/reject",
            Rule::Director,
            json!({"reason": "matrix"}),
        ),
        (
            "POST /api/pairings/{id}/withdraw",
            Rule::WithdrawPairing,
            json!({}),
        ),
        ("POST /api/pairings/bulk", Rule::Director, json!({})),
        ("GET /api/pairings.csv", Rule::Director, none.clone()),
        ("GET /api/me/inbox", Rule::SignedIn, none.clone()),
        ("POST /api/me/inbox/{id}/read", Rule::SignedIn, none.clone()),
        ("POST /api/me/inbox/read-all", Rule::SignedIn, json!({})),
        ("GET /api/allocations", Rule::Director, none.clone()),
        ("POST /api/allocations", Rule::Director, json!({})),
        ("GET /api/allocations/{id}", Rule::Director, none.clone()),
        (
            "GET /api/allocations/{id}/diff/{other}",
            Rule::Director,
            none.clone(),
        ),
        (
            "POST /api/allocations/{id}/publish",
            Rule::Director,
            json!({}),
        ),
    ]
}

#[tokio::test]
async fn role_by_route_matrix_covers_every_route_in_the_openapi_document() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/openapi.json").await;
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1"),
        "OpenAPI 3.1"
    );
    let mut documented: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                documented.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    documented.sort();
    let table = rules();
    let mut listed: Vec<String> = table.iter().map(|(r, _, _)| (*r).to_owned()).collect();
    listed.sort();
    assert_eq!(
        documented, listed,
        "every documented route needs a rule here (and every rule a documented route)"
    );

    let (project, advisor, other) = project_and_people(&app).await;
    let sessions = [
        None,
        Some(app.login_as(&demo_student_email(0)).await),
        Some(app.login_as(&demo_student_email(1)).await),
        Some(app.login_as(&advisor).await),
        Some(app.login_as(&other).await),
        Some(app.director().await),
    ];
    let own_faculty = sessions[3]
        .as_ref()
        .and_then(|s| s.me.faculty_id)
        .unwrap_or_else(|| panic!("the own faculty session has a faculty id"));
    let own_user = sessions[1]
        .as_ref()
        .map(|s| s.me.id)
        .unwrap_or_else(|| panic!("own student session"));
    // A pairing of the own student on the target project, requested (so endorse, reject and
    // withdraw find it in a state they act on for the allowed callers).
    let pairing: shared::Pairing = ok_json(
        sessions[1]
            .as_ref()
            .unwrap_or_else(|| panic!("own student"))
            .post_json("/api/pairings/request", &json!({"project_id": project.id}))
            .await,
        "request a pairing",
    )
    .await;
    let mut cases = 0;
    let mut failures = Vec::new();
    for (route, rule, body) in &table {
        let (method, path) = route.split_once(' ').unwrap_or_default();
        let concrete = if path.starts_with("/api/students/") {
            path.replace("{id}", "1")
        } else if path.starts_with("/api/projects/") {
            path.replace("{id}", &project.id.to_string())
        } else if path.starts_with("/api/faculty/") {
            path.replace("{id}", &own_faculty.to_string())
        } else if path.starts_with("/api/users/") {
            path.replace("{id}", &own_user.to_string())
        } else if path.starts_with("/api/pairings/") {
            path.replace("{id}", &pairing.id.to_string())
        } else if path.starts_with("/api/me/inbox/") {
            path.replace("{id}", "999999")
        } else {
            path.replace("{id}", "1")
                .replace("{other}", "1")
                .replace("{kind}", "students")
        };
        for (who, session) in PRINCIPALS.iter().zip(&sessions) {
            let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
            let body = (!body.is_null()).then_some(body);
            // Logging out ends the session: use a fresh one so later cases keep theirs.
            let fresh;
            let session = match (session, *route == "POST /api/auth/logout") {
                (Some(s), true) => {
                    fresh = app.login_as(s.me.email.as_str()).await;
                    Some(&fresh)
                }
                (s, _) => s.as_ref(),
            };
            let res = match session {
                Some(s) => s.request(method, &concrete, body).await,
                None => app.request(method, &concrete, body).await,
            };
            let got = res.status().as_u16();
            cases += 1;
            let ok = match expected(*rule, who) {
                Some(code) => got == code,
                // Where a refusal is a 404, an allowed caller must not get one either.
                None => {
                    got != 401
                        && got != 403
                        && got < 500
                        && !(matches!(rule, Rule::EndorsePairing | Rule::WithdrawPairing)
                            && got == 404)
                }
            };
            if !ok {
                let text = res.text().await.unwrap_or_default();
                failures.push(format!(
                    "{route} as {who}: got {got}, expected {} — {text}",
                    expected(*rule, who).map_or("allowed".to_owned(), |c| c.to_string())
                ));
            }
        }
    }
    println!(
        "role × route matrix: {} routes × {} principals = {cases} cases",
        table.len(),
        PRINCIPALS.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_example_files_in_data_import_import_in_order() {
    let app = spawn_app().await;
    let director = app.director().await;
    for kind in ["labs", "faculty", "projects", "students"] {
        let path = workspace_root().join(format!("data/import/{kind}.csv"));
        let csv =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let report: ImportReport = ok_json(
            director.post_csv(&format!("/api/import/{kind}"), csv).await,
            kind,
        )
        .await;
        assert_eq!(report.inserted, report.rows, "{kind}: {report:?}");
    }
    // The imported open project is matched at once; the imported faculty member has an account.
    let list: MatchList = ok_json(
        app.post_json(
            "/api/matches/preview",
            &json!({"interests": "gleason grading of prostate slides", "limit": 5}),
        )
        .await,
        "preview",
    )
    .await;
    assert!(
        list.items
            .iter()
            .any(|m| m.project.slug == "gleason-grading-whole-slide"),
        "{list:?}"
    );
    let users: Page<UserSummary> = director.get_ok("/api/users?q=tervoort").await;
    assert_eq!(users.items.len(), 1);
    assert_eq!(users.items[0].role, Role::Faculty);
}
