//! Student records under need to know, proved over the whole API rather than route by route:
//!
//! - **Leak test.** Every student's name, e-mail, interests and skills carry a unique marker. With
//!   certified lists, a request, an endorsement, an approval, a rejection, an advisor's ranking and
//!   an allocation run in place, every GET route of the OpenAPI document is called as every kind of
//!   reader, with every id that matters and every page; an answer that carries a marker the reader
//!   may not see (the rule in `policy.rs`'s module docs) fails the test.
//! - **Disclosure test.** The same calls: each answer that carries another student's data must have
//!   written one disclosure naming exactly the students in it.
//! - **Export test.** The schema is read (every table with a column naming a student or an account)
//!   and each table must be in the export or on a commented list of exclusions.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use shared::{
    AllocationRun, Disclosure, DisclosureRoute, MyData, Page, Pairing, PairingState, Project,
    ProjectId, RankList,
};
use tests::{Session, TestApp, demo_faculty_email, ok_json, spawn_app};

const FIELDS: [&str; 4] = ["name", "mail", "intr", "skil"];

fn marker(student: i32, field: &str) -> String {
    format!("qx{student:03}{field}")
}

fn email_of(student: i32) -> String {
    format!("{}@students.example.edu", marker(student, "mail"))
}

async fn connect(app: &TestApp) -> DatabaseConnection {
    match Database::connect(app.database_url.as_str()).await {
        Ok(db) => db,
        Err(e) => panic!("connecting to the test database: {e}"),
    }
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    if let Err(e) = db.execute_unprepared(sql).await {
        panic!("{sql}: {e}");
    }
}

async fn ints(db: &DatabaseConnection, sql: &str) -> Vec<i64> {
    let rows = match db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
    {
        Ok(rows) => rows,
        Err(e) => panic!("{sql}: {e}"),
    };
    rows.iter()
        .map(|r| match r.try_get_by_index::<i64>(0) {
            Ok(v) => v,
            Err(_) => r
                .try_get_by_index::<i32>(0)
                .map(i64::from)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        })
        .collect()
}

/// Gives every student a marker in each field (and their account the marked e-mail); returns the
/// student ids.
async fn mark_every_student(db: &DatabaseConnection) -> Vec<i32> {
    let ids: Vec<i32> = ints(db, "SELECT id FROM students ORDER BY id")
        .await
        .into_iter()
        .map(|i| i as i32)
        .collect();
    for &s in &ids {
        exec(
            db,
            &format!(
                "UPDATE students SET name = '{} Student', email = '{}', \
                 interests = interests || ' {}', skills = '[\"{}\"]' WHERE id = {s}",
                marker(s, "name"),
                email_of(s),
                marker(s, "intr"),
                marker(s, "skil"),
            ),
        )
        .await;
        exec(
            db,
            &format!(
                "UPDATE users SET email = '{}' WHERE student_id = {s}",
                email_of(s)
            ),
        )
        .await;
    }
    ids
}

/// Which student fields a reader may see: `None` = every field of every student (a director).
struct Allowed(Option<BTreeMap<i32, BTreeSet<&'static str>>>);

impl Allowed {
    fn everything() -> Self {
        Allowed(None)
    }

    fn nothing() -> Self {
        Allowed(Some(BTreeMap::new()))
    }

    fn with(mut self, students: &[i32], fields: &[&'static str]) -> Self {
        if let Some(map) = &mut self.0 {
            for s in students {
                map.entry(*s).or_default().extend(fields.iter().copied());
            }
        }
        self
    }

    fn may_see(&self, student: i32, field: &str) -> bool {
        match &self.0 {
            None => true,
            Some(map) => map.get(&student).is_some_and(|f| f.contains(field)),
        }
    }
}

struct Reader {
    label: String,
    session: Option<Session>,
    own_student: Option<i32>,
    allowed: Allowed,
}

/// The (student, field) markers in `text`.
fn markers_in(text: &str, students: &[i32]) -> BTreeSet<(i32, &'static str)> {
    let lower = text.to_lowercase();
    let mut found = BTreeSet::new();
    for &s in students {
        if !lower.contains(&format!("qx{s:03}")) {
            continue;
        }
        for f in FIELDS {
            if lower.contains(&marker(s, f)) {
                found.insert((s, f));
            }
        }
    }
    found
}

/// Students an answer names by id without their data: the id in the path of a student route, a
/// `student_id` or `students` value, the target of an audit entry about a student or a rank list.
fn referenced(path: &str, body: &Value) -> BTreeSet<i32> {
    let mut out = BTreeSet::new();
    if let Some(rest) = path.strip_prefix("/api/students/")
        && let Some(id) = rest.split(['/', '?']).next().and_then(|s| s.parse().ok())
    {
        out.insert(id);
    }
    fn walk(v: &Value, out: &mut BTreeSet<i32>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("student_id", Value::Number(n)) => {
                            out.extend(n.as_i64().map(|n| n as i32))
                        }
                        ("students", Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|n| n.as_i64()).map(|n| n as i32))
                        }
                        _ => {}
                    }
                    walk(v, out);
                }
                if matches!(
                    map.get("target_kind").and_then(Value::as_str),
                    Some("student" | "rank_list")
                ) && let Some(id) = map.get("target_id").and_then(Value::as_i64)
                {
                    out.insert(id as i32);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(body, &mut out);
    out
}

async fn last_disclosure(db: &DatabaseConnection) -> i64 {
    ints(db, "SELECT COALESCE(MAX(id), 0) FROM disclosures")
        .await
        .first()
        .copied()
        .unwrap_or(0)
}

/// The disclosures written after `after`: (route, students named).
async fn disclosures_since(
    db: &DatabaseConnection,
    after: i64,
) -> Vec<(DisclosureRoute, BTreeSet<i32>)> {
    let rows = match db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id, route, students FROM disclosures WHERE id > {after} ORDER BY id"),
        ))
        .await
    {
        Ok(rows) => rows,
        Err(e) => panic!("reading disclosures: {e}"),
    };
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("", "id").unwrap_or_else(|e| panic!("id: {e}"));
        let route: String = r
            .try_get("", "route")
            .unwrap_or_else(|e| panic!("route: {e}"));
        let count: i32 = r
            .try_get("", "students")
            .unwrap_or_else(|e| panic!("students: {e}"));
        let route = DisclosureRoute::parse(&route).unwrap_or_else(|| panic!("route {route}"));
        let named: BTreeSet<i32> = ints(
            db,
            &format!("SELECT student_id FROM disclosure_students WHERE disclosure_id = {id}"),
        )
        .await
        .into_iter()
        .map(|s| s as i32)
        .collect();
        assert_eq!(named.len(), count as usize, "disclosure {id}'s count");
        out.push((route, named));
    }
    out
}

/// The cycle the leak test reads: certified lists naming two projects, a request the advisor
/// endorsed, an approval, a rejection, an advisor's ranking and an allocation run.
struct Scene {
    app: TestApp,
    db: DatabaseConnection,
    students: Vec<i32>,
    readers: Vec<Reader>,
    /// Ids worth substituting for `{id}` by the first path segment.
    ids: BTreeMap<&'static str, Vec<i64>>,
}

async fn other_project(app: &TestApp, not_advisor: &str, skip: ProjectId) -> Project {
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    open.items
        .into_iter()
        .find(|p| {
            p.id != skip
                && p.faculty.slug != not_advisor
                && p.co_mentor.as_ref().is_none_or(|c| c.slug != not_advisor)
        })
        .unwrap_or_else(|| panic!("a second open project"))
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    let db = connect(&app).await;
    let students = mark_every_student(&db).await;
    let director = app.director().await;
    let p1: Project = app.get_ok("/api/projects/1").await;
    let p2 = other_project(&app, &p1.faculty.slug, p1.id).await;
    let f = app.login_as(&demo_faculty_email(&p1.faculty.slug)).await;
    let h = app.login_as(&demo_faculty_email(&p2.faculty.slug)).await;
    let involved: BTreeSet<String> = [&p1, &p2]
        .iter()
        .flat_map(|p| {
            std::iter::once(p.faculty.slug.clone())
                .chain(p.co_mentor.iter().map(|c| c.slug.clone()))
        })
        .collect();
    let faculty: Page<shared::Faculty> = app.get_ok("/api/faculty?per_page=100").await;
    let g_slug = faculty
        .items
        .iter()
        .map(|x| x.slug.clone())
        .find(|s| !involved.contains(s))
        .unwrap_or_else(|| panic!("an uninvolved faculty member"));
    let g = app.login_as(&demo_faculty_email(&g_slug)).await;
    let mut sessions = BTreeMap::new();
    for s in 1..=7 {
        sessions.insert(s, app.login_as(&email_of(s)).await);
    }
    // S1–S4 rank P1 then P2; S6 ranks P2 alone; S5 requests P1; S7 does nothing.
    for (s, list) in [
        (1, vec![p1.id, p2.id]),
        (2, vec![p1.id, p2.id]),
        (3, vec![p1.id, p2.id]),
        (4, vec![p1.id, p2.id]),
        (6, vec![p2.id]),
    ] {
        let who = &sessions[&s];
        let _: RankList = ok_json(
            who.put_json("/api/me/ranking", &json!({"projects": list}))
                .await,
            "save",
        )
        .await;
        let _: RankList = ok_json(
            who.post_json("/api/me/ranking/certify", &json!({})).await,
            "certify",
        )
        .await;
    }
    let _: shared::Student = ok_json(
        sessions[&1]
            .patch_json(
                "/api/me/profile",
                &json!({"skills": [marker(1, "skil"), "Python"]}),
            )
            .await,
        "profile",
    )
    .await;
    let request: Pairing = ok_json(
        sessions[&5]
            .post_json("/api/pairings/request", &json!({"project_id": p1.id}))
            .await,
        "request",
    )
    .await;
    let _: Pairing = ok_json(
        f.post_json(&format!("/api/pairings/{}/endorse", request.id), &json!({}))
            .await,
        "endorse",
    )
    .await;
    let _: shared::ApplicantRanking = ok_json(
        f.put_json("/api/me/applicant-ranking", &json!({"students": [1, 2]}))
            .await,
        "rank applicants",
    )
    .await;
    let _: shared::Cycle = ok_json(
        director
            .patch_json("/api/cycle", &json!({"phase": "allocation"}))
            .await,
        "phase",
    )
    .await;
    let mut pairings = Vec::new();
    for s in [1, 2] {
        let p: Pairing = ok_json(
            director
                .post_json(
                    "/api/pairings",
                    &json!({"student_id": s, "project_id": p1.id}),
                )
                .await,
            "propose",
        )
        .await;
        pairings.push(p.id);
    }
    let approved: Pairing = ok_json(
        director
            .post_json(
                &format!("/api/pairings/{}/approve", pairings[0]),
                &json!({}),
            )
            .await,
        "approve",
    )
    .await;
    assert_eq!(approved.state, PairingState::Approved);
    let _: Pairing = ok_json(
        director
            .post_json(
                &format!("/api/pairings/{}/reject", pairings[1]),
                &json!({"reason": "Another student fits the project better."}),
            )
            .await,
        "reject",
    )
    .await;
    let run: AllocationRun = ok_json(
        director.post_json("/api/allocations", &json!({})).await,
        "run",
    )
    .await;
    let second: AllocationRun = ok_json(
        director
            .post_json("/api/allocations", &json!({"optimal": "supervisor"}))
            .await,
        "second run",
    )
    .await;

    let mut readers = vec![Reader {
        label: "anonymous".into(),
        session: None,
        own_student: None,
        allowed: Allowed::nothing(),
    }];
    for s in [1, 7] {
        readers.push(Reader {
            label: format!("student {s}"),
            session: Some(sessions[&s].clone()),
            own_student: Some(s),
            allowed: Allowed::nothing().with(&[s], &FIELDS),
        });
    }
    readers.push(Reader {
        label: "advisor of P1".into(),
        session: Some(f),
        own_student: None,
        // Applicants of P1 (certified lists, S5's request); S1's e-mail: approved.
        allowed: Allowed::nothing()
            .with(&[1, 2, 3, 4, 5], &["name"])
            .with(&[1], &["mail"]),
    });
    readers.push(Reader {
        label: "advisor of P2".into(),
        session: Some(h),
        own_student: None,
        allowed: Allowed::nothing().with(&[1, 2, 3, 4, 6], &["name"]),
    });
    readers.push(Reader {
        label: "uninvolved faculty".into(),
        session: Some(g),
        own_student: None,
        allowed: Allowed::nothing(),
    });
    readers.push(Reader {
        label: "director".into(),
        session: Some(director),
        own_student: None,
        allowed: Allowed::everything(),
    });
    let mut projects: Vec<i64> = vec![i64::from(p1.id.get()), i64::from(p2.id.get())];
    for p in [3, 4, 5] {
        if !projects.contains(&p) {
            projects.push(p);
        }
    }
    let mut ids = BTreeMap::new();
    ids.insert("students", students.iter().map(|&s| i64::from(s)).collect());
    ids.insert("projects", projects);
    ids.insert("faculty", vec![i64::from(p1.faculty.id.get()), 1]);
    ids.insert("labs", vec![1]);
    ids.insert(
        "allocations",
        vec![i64::from(run.id.get()), i64::from(second.id.get())],
    );
    Scene {
        app,
        db,
        students,
        readers,
        ids,
    }
}

/// Every concrete GET path to call: each documented GET route with each id of its kind, and
/// every page of the paged lists.
fn paths(doc: &Value, ids: &BTreeMap<&'static str, Vec<i64>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        if item.get("get").is_none() {
            continue;
        }
        let kind = path
            .trim_start_matches("/api/")
            .split('/')
            .next()
            .unwrap_or_default();
        let kind_ids = ids.get(kind).cloned().unwrap_or_default();
        if path.contains("{other}") {
            if let [a, b, ..] = kind_ids.as_slice() {
                out.push(
                    path.replace("{id}", &a.to_string())
                        .replace("{other}", &b.to_string()),
                );
            }
        } else if path.contains("{id}") {
            out.extend(
                kind_ids
                    .iter()
                    .map(|i| path.replace("{id}", &i.to_string())),
            );
        } else {
            out.push(path.clone());
        }
    }
    out.sort();
    out
}

fn is_paged(body: &Value) -> Option<(u64, u64)> {
    let total = body.get("total")?.as_u64()?;
    let per_page = body.get("per_page")?.as_u64()?;
    Some((total, per_page))
}

/// The leak and disclosure checks of one answer.
fn check(
    reader: &Reader,
    students: &[i32],
    path: &str,
    text: &str,
    disclosed: &[(DisclosureRoute, BTreeSet<i32>)],
    problems: &mut Vec<String>,
) {
    let found = markers_in(text, students);
    for (s, f) in &found {
        if !reader.allowed.may_see(*s, f) {
            problems.push(format!(
                "{}: GET {path} shows student {s}'s {f}",
                reader.label
            ));
        }
    }
    let Some(_) = &reader.session else {
        if !disclosed.is_empty() {
            problems.push(format!("anonymous GET {path} wrote a disclosure"));
        }
        return;
    };
    let seen: BTreeSet<i32> = found
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| Some(*s) != reader.own_student)
        .collect();
    let named: BTreeSet<i32> = disclosed
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    if disclosed.len() > 1 {
        problems.push(format!(
            "{}: GET {path} wrote {} disclosures, not one",
            reader.label,
            disclosed.len()
        ));
    }
    let missing: Vec<&i32> = seen.difference(&named).collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{}: GET {path} showed students {missing:?} off the record",
            reader.label
        ));
    }
    let body: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let mut in_answer = seen.clone();
    in_answer.extend(referenced(path, &body));
    let extra: Vec<&i32> = named.difference(&in_answer).collect();
    if !extra.is_empty() {
        problems.push(format!(
            "{}: GET {path} disclosed students {extra:?} who are not in the answer",
            reader.label
        ));
    }
    if named.contains(&reader.own_student.unwrap_or(-1)) {
        problems.push(format!(
            "{}: GET {path} disclosed the reader's own record",
            reader.label
        ));
    }
    let route = path.split('?').next().unwrap_or(path);
    for (r, _) in disclosed {
        let template = r.as_str().trim_start_matches("GET ");
        if !route_matches(template, route) {
            problems.push(format!(
                "{}: GET {path} recorded as {}",
                reader.label,
                r.as_str()
            ));
        }
    }
}

/// Whether `path` is an instance of the route `template` (`{…}` matches one segment).
fn route_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}')))
}

#[tokio::test]
async fn no_route_shows_a_student_field_the_reader_may_not_see_and_every_read_is_disclosed() {
    let scene = scene().await;
    let doc: Value = scene.app.get_ok("/api/openapi.json").await;
    let paths = paths(&doc, &scene.ids);
    assert!(
        paths.len() > 40,
        "the document lists the GET routes: {paths:?}"
    );
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut with_students: BTreeSet<String> = BTreeSet::new();
    for reader in &scene.readers {
        for path in &paths {
            let mut page = 1;
            loop {
                let sep = if path.contains('?') { '&' } else { '?' };
                let url = if page == 1 {
                    path.clone()
                } else {
                    format!("{path}{sep}page={page}")
                };
                let before = last_disclosure(&scene.db).await;
                let res = match &reader.session {
                    Some(s) => s.get(&url).await,
                    None => scene.app.get(&url).await,
                };
                let status = res.status();
                let text = res.text().await.unwrap_or_default();
                assert!(
                    !status.is_server_error(),
                    "{}: GET {url} answered {status}: {text}",
                    reader.label
                );
                let disclosed = disclosures_since(&scene.db, before).await;
                check(
                    reader,
                    &scene.students,
                    &url,
                    &text,
                    &disclosed,
                    &mut problems,
                );
                if !disclosed.is_empty() {
                    with_students.insert(path.clone());
                }
                checked += 1;
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                match is_paged(&body) {
                    Some((total, per_page)) if per_page > 0 && page * per_page < total => page += 1,
                    _ => break,
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The harness saw the routes that carry students (a route that stopped being exercised would
    // make this test prove less).
    for must in [
        "/api/students",
        "/api/students/1",
        "/api/students/1/matches",
        "/api/projects/1/applicants",
        "/api/me/applicant-ranking",
        "/api/me/inbox",
        "/api/pairings",
        "/api/pairings.csv",
        "/api/rankings.csv",
        "/api/users",
        "/api/audit",
    ] {
        assert!(
            with_students.contains(must),
            "{must} was never disclosed in {checked} reads: {with_students:?}"
        );
    }
}

#[tokio::test]
async fn a_faculty_member_sees_a_students_email_only_once_their_pairing_is_approved() {
    let scene = scene().await;
    let f = scene
        .readers
        .iter()
        .find(|r| r.label == "advisor of P1")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("the advisor"));
    let pairings: Vec<Pairing> = f.get_ok("/api/pairings").await;
    assert!(pairings.len() >= 3, "{pairings:?}");
    for p in &pairings {
        let contact = p.state == PairingState::Approved;
        assert_eq!(p.student_email.is_some(), contact, "{p:?}");
        for e in &p.history {
            if e.actor_role == Some(shared::Role::Student) {
                assert_eq!(e.actor_email.is_some(), contact, "{p:?}");
            }
        }
    }
    // The student and the director see the e-mail in every state.
    let director = scene
        .readers
        .iter()
        .find(|r| r.label == "director")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("the director"));
    let all: Vec<Pairing> = director.get_ok("/api/pairings").await;
    assert!(all.iter().all(|p| p.student_email.is_some()));
    let requested = all
        .iter()
        .find(|p| p.student_id.get() == 5)
        .unwrap_or_else(|| panic!("S5's pairing"));
    assert_eq!(
        requested.history[0].actor_email.as_deref(),
        Some(email_of(5).as_str())
    );
}

#[tokio::test]
async fn a_student_sees_who_has_read_their_record_and_a_bulk_read_is_one_event() {
    let scene = scene().await;
    let director = scene
        .readers
        .iter()
        .find(|r| r.label == "director")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("the director"));
    let s7 = scene
        .readers
        .iter()
        .find(|r| r.label == "student 7")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("student 7"));
    let before: Page<Disclosure> = s7.get_ok("/api/me/disclosures").await;
    let _ = director.get("/api/students/7").await;
    let res = director.get("/api/students?per_page=100").await;
    assert_eq!(res.status(), 200);
    let after: Page<Disclosure> = s7.get_ok("/api/me/disclosures").await;
    assert_eq!(after.total, before.total + 2, "{after:?}");
    let newest = &after.items[0];
    assert_eq!(newest.route, DisclosureRoute::StudentDirectory);
    assert_eq!(newest.actor_email, tests::DIRECTOR);
    assert_eq!(newest.students as usize, scene.students.len());
    assert_eq!(after.items[1].route, DisclosureRoute::StudentRecord);
    assert_eq!(after.items[1].students, 1);
    // The bulk read is one event with a row per student, not one event per student.
    let events = ints(
        &scene.db,
        "SELECT COUNT(*) FROM disclosures WHERE route = 'GET /api/students'",
    )
    .await;
    assert_eq!(events.first().copied(), Some(1));
    // Nobody else's reads of S7 appear for S1, and nobody may rewrite the record.
    let s1 = scene
        .readers
        .iter()
        .find(|r| r.label == "student 1")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("student 1"));
    let theirs: Page<Disclosure> = s1.get_ok("/api/me/disclosures?per_page=100").await;
    assert!(
        theirs
            .items
            .iter()
            .all(|d| d.route != DisclosureRoute::StudentRecord || d.students == 1)
    );
    for sql in [
        "UPDATE disclosures SET actor_email = 'nobody@example.edu'",
        "DELETE FROM disclosure_students",
    ] {
        assert!(
            scene.db.execute_unprepared(sql).await.is_err(),
            "{sql} must be refused"
        );
    }
    let exported: MyData = s7.get_ok("/api/me/export").await;
    assert_eq!(exported.disclosures.len() as u64, after.total);
}

/// Columns that name a person: the references to students and accounts (foreign keys, and the
/// log tables' unconstrained ones) and stored e-mail addresses.
const PERSON_COLUMNS: [&str; 5] = ["student_id", "user_id", "actor_id", "email", "created_by"];

/// Each `(table, column)` that names a person, and where the export carries those rows.
const EXPORTED: [(&str, &str, &str); 16] = [
    ("users", "email", "account"),
    ("users", "student_id", "account.student_id and profile"),
    ("students", "email", "profile"),
    ("student_areas", "student_id", "profile.areas"),
    ("faculty", "email", "faculty"),
    ("sessions", "user_id", "sessions"),
    ("password_resets", "user_id", "password_resets"),
    ("login_failures", "email", "failed_sign_ins"),
    ("audit_log", "actor_id", "audit"),
    ("rank_lists", "student_id", "rank_lists"),
    (
        "rank_entries",
        "student_id",
        "rank_lists[].projects and .certified",
    ),
    ("applicant_rankings", "student_id", "advisor_rankings"),
    ("pairings", "student_id", "pairings"),
    // A student's own steps are in their pairings' history; a faculty member's or director's steps
    // on students' pairings are their audit entries (`audit`).
    ("pairing_events", "actor_id", "pairings[].history, audit"),
    ("notifications", "user_id", "notifications"),
    ("disclosure_students", "student_id", "disclosures"),
];

/// Each `(table, column)` that names a person but whose rows the export leaves out, and why.
const NOT_EXPORTED: [(&str, &str, &str); 2] = [
    // The reads a director or an advisor made: `reads_made` carries each one (when, which route,
    // how many students) but not whom, which is other students' data.
    (
        "disclosures",
        "actor_id",
        "reads_made, without the students read",
    ),
    // A director's runs are their `AllocationRun` audit entries; a student's place in every run
    // is `allocations` (read from the run's result, which has no student column).
    (
        "allocation_runs",
        "created_by",
        "audit (directors), allocations (students)",
    ),
];

async fn strings(db: &DatabaseConnection, sql: &str, col: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| {
            r.try_get::<String>("", col)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
        .collect()
}

/// Every `(table, column)` of the schema (the migrations' bookkeeping left out).
async fn schema_columns(db: &DatabaseConnection) -> BTreeSet<(String, String)> {
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    let tables = if sqlite {
        "SELECT name AS t FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'"
    } else {
        "SELECT table_name::text AS t FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name <> 'seaql_migrations'"
    };
    let mut out = BTreeSet::new();
    for t in strings(db, tables, "t").await {
        let sql = if sqlite {
            format!("SELECT name AS c FROM pragma_table_info('{t}')")
        } else {
            format!(
                "SELECT column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{t}'"
            )
        };
        for c in strings(db, &sql, "c").await {
            out.insert((t.clone(), c));
        }
    }
    out
}

#[tokio::test]
async fn the_export_covers_every_table_that_holds_a_person() {
    let scene = scene().await;
    let columns = schema_columns(&scene.db).await;
    let naming: BTreeSet<(String, String)> = columns
        .iter()
        .filter(|(_, c)| PERSON_COLUMNS.contains(&c.as_str()))
        .cloned()
        .collect();
    assert!(naming.len() >= 15, "the schema was read: {naming:?}");
    let known: BTreeSet<(String, String)> = EXPORTED
        .iter()
        .chain(NOT_EXPORTED.iter())
        .map(|(t, c, _)| ((*t).to_owned(), (*c).to_owned()))
        .collect();
    let forgotten: Vec<&(String, String)> = naming.difference(&known).collect();
    assert!(
        forgotten.is_empty(),
        "columns that name a person are neither exported nor excluded with a reason: {forgotten:?}"
    );
    // A renamed table or column would leave a stale line on the lists.
    let stale: Vec<&(String, String)> = known.difference(&columns).collect();
    assert!(stale.is_empty(), "no such columns: {stale:?}");

    // And the export really holds each kind of row for a student who has them all.
    let s1 = scene
        .readers
        .iter()
        .find(|r| r.label == "student 1")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("student 1"));
    let _ = scene
        .app
        .try_login(&email_of(1), "not the password at all")
        .await;
    let data: MyData = s1.get_ok("/api/me/export").await;
    let profile = data.profile.as_ref().unwrap_or_else(|| panic!("profile"));
    assert_eq!(profile.id.get(), 1);
    assert!(!profile.areas.is_empty() && profile.interests.contains(&marker(1, "intr")));
    assert_eq!(data.rank_lists.len(), 1);
    assert_eq!(data.rank_lists[0].certified.len(), 2);
    assert!(
        data.pairings
            .iter()
            .any(|p| p.state == PairingState::Approved && !p.history.is_empty())
    );
    assert!(!data.notifications.is_empty());
    assert_eq!(data.advisor_rankings.len(), 1);
    assert_eq!(data.advisor_rankings[0].position, 1);
    // S1's approved pairing keeps them out of the runs; S3 is in both.
    assert!(data.allocations.is_empty(), "{:?}", data.allocations);
    let s3: MyData = scene
        .app
        .login_as(&email_of(3))
        .await
        .get_ok("/api/me/export")
        .await;
    assert_eq!(s3.allocations.len(), 2, "both runs place student 3");
    assert!(
        s3.allocations
            .iter()
            .all(|o| o.assignment.student_id.get() == 3)
    );
    assert!(!data.disclosures.is_empty());
    assert!(!data.sessions.is_empty());
    assert_eq!(data.failed_sign_ins.len(), 1);
    assert!(!data.audit.is_empty());
    // A director's export lists the reads they made, without whom they read.
    let director = scene
        .readers
        .iter()
        .find(|r| r.label == "director")
        .and_then(|r| r.session.clone())
        .unwrap_or_else(|| panic!("the director"));
    let _ = director.get("/api/rankings.csv").await;
    let theirs: MyData = director.get_ok("/api/me/export").await;
    assert!(
        theirs
            .reads_made
            .iter()
            .any(|d| d.route == DisclosureRoute::RankingsCsv && d.students == 5),
        "{:?}",
        theirs.reads_made
    );
    // Nothing of another student: their markers never appear in S1's export.
    let text = serde_json::to_string(&data).unwrap_or_default();
    let others: Vec<(i32, &str)> = markers_in(&text, &scene.students)
        .into_iter()
        .filter(|(s, _)| *s != 1)
        .collect();
    assert!(others.is_empty(), "S1's export shows {others:?}");
}
