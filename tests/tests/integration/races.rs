//! Race-safe pairing transitions: every state change is a compare-and-set inside its transaction,
//! and the seat counters follow the state actually replaced — under withdrawals racing approvals,
//! capacity edits racing approvals, capacity edits that reopen or fill a project, and imports.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::json;
use shared::{
    ApiError, Faculty, FacultyId, ImportReport, Page, Pairing, PairingId, PairingState, Project,
    ProjectId, ProjectStatus,
};
use tests::{Session, TestApp, demo_faculty_email, demo_student_email, ok_json, spawn_app};

use super::cycle::{approved, import_students, propose, set_phase};

/// The current cycle's seat row of `owner` in `table` (`project_seats` by `project_id`,
/// `advisor_seats` by `faculty_id`): `(approved, capacity)`, or `None` if there is none.
async fn seat_row(
    db: &DatabaseConnection,
    table: &str,
    owner_column: &str,
    owner: i32,
) -> Option<(i32, i32)> {
    let sql = format!(
        "SELECT approved, capacity FROM {table} WHERE {owner_column} = {owner} \
         AND cycle_id IN (SELECT id FROM cycles WHERE is_current)"
    );
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{table}: {e}"))?;
    let approved: i32 = row.try_get_by_index(0).unwrap_or_else(|e| panic!("{e}"));
    let capacity: i32 = row.try_get_by_index(1).unwrap_or_else(|e| panic!("{e}"));
    Some((approved, capacity))
}

async fn project_seats(db: &DatabaseConnection, id: ProjectId) -> Option<(i32, i32)> {
    seat_row(db, "project_seats", "project_id", id.get()).await
}

async fn advisor_seats(db: &DatabaseConnection, id: FacultyId) -> Option<(i32, i32)> {
    seat_row(db, "advisor_seats", "faculty_id", id.get()).await
}

async fn database(app: &TestApp) -> DatabaseConnection {
    backend::db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"))
}

/// The seat counters equal the approved pairings, never exceed the capacities stored on the
/// project and the advisor, and the project is `filled` exactly when its seats are all taken.
async fn assert_seats_in_step(
    app: &TestApp,
    db: &DatabaseConnection,
    director: &Session,
    project: ProjectId,
    advisor: FacultyId,
    when: &str,
) {
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    let f: Faculty = app.get_ok(&format!("/api/faculty/{advisor}")).await;
    let on_project = approved(director, &format!("project={project}"))
        .await
        .len() as i32;
    let on_advisor = approved(director, &format!("faculty={advisor}"))
        .await
        .len() as i32;
    let (seats, cap) = project_seats(db, project)
        .await
        .unwrap_or((0, p.capacity as i32));
    assert_eq!(
        seats, on_project,
        "{when} ({}): project seats = approved pairings",
        app.database
    );
    assert_eq!(
        cap, p.capacity as i32,
        "{when}: the seat row follows the capacity"
    );
    assert!(on_project <= cap, "{when}: {on_project} approved of {cap}");
    let (seats, cap) = advisor_seats(db, advisor)
        .await
        .unwrap_or((0, f.capacity as i32));
    assert_eq!(
        seats, on_advisor,
        "{when}: advisor seats = approved pairings"
    );
    assert_eq!(
        cap, f.capacity as i32,
        "{when}: the advisor's seat row follows"
    );
    assert!(
        on_advisor <= cap,
        "{when}: advisor {on_advisor} approved of {cap}"
    );
    assert_eq!(
        p.status == ProjectStatus::Filled,
        on_project >= p.capacity as i32,
        "{when}: filled exactly when every seat is taken ({on_project} of {}, {})",
        p.capacity,
        p.status
    );
}

/// Sends every request at once; returns each one's status, in order.
async fn at_once(requests: Vec<(Session, reqwest::Method, String, serde_json::Value)>) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for (i, (s, method, path, body)) in requests.into_iter().enumerate() {
        set.spawn(async move {
            let res = s.request(method.clone(), &path, Some(&body)).await;
            let code = res.status().as_u16();
            let text = res.text().await.unwrap_or_default();
            assert!(
                code == 200 || code == 409,
                "{method} {path}: only 200 or 409, got {code}: {text}"
            );
            if code == 409 {
                let e: ApiError = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{path}: 409 is not the error body ({e}): {text}"));
                assert!(!e.message.is_empty());
            }
            (i, code)
        });
    }
    let mut out = vec![0; set.len()];
    while let Some(r) = set.join_next().await {
        let (i, code) = r.unwrap_or_else(|e| panic!("request task: {e}"));
        out[i] = code;
    }
    out
}

fn post(s: &Session, path: String) -> (Session, reqwest::Method, String, serde_json::Value) {
    (s.clone(), reqwest::Method::POST, path, json!({}))
}

/// Project 1 open with `capacity`, its advisor with `advisor_capacity`; the allocation phase.
async fn race_setup(
    app: &TestApp,
    director: &Session,
    capacity: u32,
    advisor_capacity: u32,
) -> (ProjectId, FacultyId, String) {
    set_phase(director, json!({"phase": "allocation"})).await;
    let project: Project = app.get_ok("/api/projects/1").await;
    let _: Project = ok_json(
        director
            .patch_json(
                "/api/projects/1",
                &json!({"capacity": capacity, "status": "open"}),
            )
            .await,
        "project capacity",
    )
    .await;
    let _: Faculty = ok_json(
        director
            .patch_json(
                &format!("/api/faculty/{}", project.faculty.id),
                &json!({"capacity": advisor_capacity}),
            )
            .await,
        "advisor capacity",
    )
    .await;
    (
        project.id,
        project.faculty.id,
        demo_faculty_email(&project.faculty.slug),
    )
}

/// Withdraws every approved pairing of the project, one by one.
async fn withdraw_approved(director: &Session, project: ProjectId) {
    for p in approved(director, &format!("project={project}")).await {
        let _: Pairing = ok_json(
            director
                .post_json(&format!("/api/pairings/{}/withdraw", p.id), &json!({}))
                .await,
            "withdraw an approved pairing",
        )
        .await;
    }
}

#[tokio::test]
async fn withdrawals_racing_approvals_keep_the_seat_counters_equal_to_the_approved_pairings() {
    let app = spawn_app().await;
    let director = app.director().await;
    let (project, advisor, _) = race_setup(&app, &director, 3, 30).await;
    let db = database(&app).await;
    assert_seats_in_step(&app, &db, &director, project, advisor, "before").await;
    // A withdrawn request frees nothing: it never held a seat.
    let student = app.login_as(&demo_student_email(0)).await;
    let requested: Pairing = ok_json(
        student
            .post_json("/api/pairings/request", &json!({"project_id": project}))
            .await,
        "request",
    )
    .await;
    let seats_before = project_seats(&db, project).await;
    let _: Pairing = ok_json(
        student
            .post_json(
                &format!("/api/pairings/{}/withdraw", requested.id),
                &json!({}),
            )
            .await,
        "withdraw the request",
    )
    .await;
    assert_eq!(project_seats(&db, project).await, seats_before);

    const ROUNDS: usize = 20;
    const PER_ROUND: usize = 4;
    let students = import_students(&app, &director, "racew", ROUNDS * PER_ROUND).await;
    let (mut approve_won, mut withdraw_won) = (0, 0);
    for (round, batch) in students.chunks(PER_ROUND).enumerate() {
        let mut ids: Vec<PairingId> = Vec::new();
        for s in batch {
            ids.push(propose(&director, *s, project).await);
        }
        // Approve all four (capacity 3) while two of them are withdrawn.
        let mut requests = Vec::new();
        for id in &ids {
            requests.push(post(&director, format!("/api/pairings/{id}/approve")));
        }
        for id in &ids[..2] {
            requests.push(post(&director, format!("/api/pairings/{id}/withdraw")));
        }
        let codes = at_once(requests).await;
        for (i, id) in ids[..2].iter().enumerate() {
            assert_eq!(
                codes[PER_ROUND + i],
                200,
                "a withdraw of a proposed or approved pairing succeeds"
            );
            let p: Pairing = director
                .get_ok::<Vec<Pairing>>(&format!("/api/pairings?project={project}"))
                .await
                .into_iter()
                .find(|p| p.id == *id)
                .unwrap_or_else(|| panic!("pairing {id}"));
            assert_eq!(p.state, PairingState::Withdrawn);
            if codes[i] == 200 {
                approve_won += 1;
            } else {
                withdraw_won += 1;
            }
        }
        assert_seats_in_step(
            &app,
            &db,
            &director,
            project,
            advisor,
            &format!("round {round}"),
        )
        .await;
        withdraw_approved(&director, project).await;
        assert_seats_in_step(
            &app,
            &db,
            &director,
            project,
            advisor,
            &format!("after round {round}"),
        )
        .await;
        assert_eq!(project_seats(&db, project).await.map(|s| s.0), Some(0));
    }
    println!(
        "withdraw × approve ({}): a raced approval answered 200 {approve_won} times (its seat freed by the withdrawal), 409 {withdraw_won} times",
        app.database
    );
}

#[tokio::test]
async fn capacity_edits_racing_approvals_never_leave_more_approved_than_the_capacity() {
    let app = spawn_app().await;
    let director = app.director().await;
    let (project, advisor, advisor_email) = race_setup(&app, &director, 4, 30).await;
    let advisor_session = app.login_as(&advisor_email).await;
    let db = database(&app).await;
    const ROUNDS: usize = 10;
    const PER_ROUND: usize = 6;
    let students = import_students(&app, &director, "racec", ROUNDS * PER_ROUND).await;
    let mut outcomes: HashMap<&str, usize> = HashMap::new();
    for (round, batch) in students.chunks(PER_ROUND).enumerate() {
        // Even rounds: the director lowers the project's capacity from 4 to 2; odd rounds: the
        // advisor lowers their thesis capacity to what they have approved elsewhere plus 2.
        let advisor_round = round % 2 == 1;
        let elsewhere = approved(&director, &format!("faculty={advisor}"))
            .await
            .len() as u32;
        let mut ids: Vec<PairingId> = Vec::new();
        for s in batch {
            ids.push(propose(&director, *s, project).await);
        }
        let mut requests = Vec::new();
        for id in &ids {
            requests.push(post(&director, format!("/api/pairings/{id}/approve")));
        }
        requests.push(if advisor_round {
            (
                advisor_session.clone(),
                reqwest::Method::PATCH,
                format!("/api/faculty/{advisor}"),
                json!({"capacity": elsewhere + 2}),
            )
        } else {
            (
                director.clone(),
                reqwest::Method::PATCH,
                format!("/api/projects/{project}"),
                json!({"capacity": 2}),
            )
        });
        let codes = at_once(requests).await;
        let approvals = codes[..PER_ROUND].iter().filter(|c| **c == 200).count();
        let edit = codes[PER_ROUND];
        *outcomes
            .entry(if edit == 200 {
                "edit stored"
            } else {
                "edit 409"
            })
            .or_default() += 1;
        if edit == 200 {
            assert!(
                approvals <= 2,
                "round {round}: {approvals} approved after a capacity of 2"
            );
        } else {
            assert!(
                approvals > 2,
                "round {round}: the edit was refused with {approvals} approved"
            );
        }
        assert_seats_in_step(
            &app,
            &db,
            &director,
            project,
            advisor,
            &format!("round {round}"),
        )
        .await;
        // Back to the start: nothing approved, capacities 4 and 30.
        withdraw_approved(&director, project).await;
        let _: Project = ok_json(
            director
                .patch_json(&format!("/api/projects/{project}"), &json!({"capacity": 4}))
                .await,
            "capacity back to 4",
        )
        .await;
        let _: Faculty = ok_json(
            advisor_session
                .patch_json(&format!("/api/faculty/{advisor}"), &json!({"capacity": 30}))
                .await,
            "advisor capacity back to 30",
        )
        .await;
        assert_seats_in_step(
            &app,
            &db,
            &director,
            project,
            advisor,
            &format!("after round {round}"),
        )
        .await;
    }
    println!("capacity edit × approve ({}): {outcomes:?}", app.database);
}

#[tokio::test]
async fn raising_a_capacity_reopens_a_filled_project_and_lowering_it_to_the_approved_count_fills_it()
 {
    let app = spawn_app().await;
    let director = app.director().await;
    let (project, advisor, _) = race_setup(&app, &director, 1, 30).await;
    let db = database(&app).await;
    let students = import_students(&app, &director, "refill", 3).await;
    let first = propose(&director, students[0], project).await;
    let _: Pairing = ok_json(
        director
            .post_json(&format!("/api/pairings/{first}/approve"), &json!({}))
            .await,
        "approve",
    )
    .await;
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!(p.status, ProjectStatus::Filled);
    assert_eq!(project_seats(&db, project).await, Some((1, 1)));
    // Raise: open again, and a request or an approval can use the new seat.
    let p: Project = ok_json(
        director
            .patch_json(&format!("/api/projects/{project}"), &json!({"capacity": 3}))
            .await,
        "raise",
    )
    .await;
    assert_eq!(
        p.status,
        ProjectStatus::Open,
        "raising the capacity reopens it"
    );
    assert_eq!(project_seats(&db, project).await, Some((1, 3)));
    let student = app.login_as(&demo_student_email(0)).await;
    let res = student
        .post_json("/api/pairings/request", &json!({"project_id": project}))
        .await;
    assert_eq!(res.status(), 201, "an open project takes requests again");
    let second = propose(&director, students[1], project).await;
    let _: Pairing = ok_json(
        director
            .post_json(&format!("/api/pairings/{second}/approve"), &json!({}))
            .await,
        "approve a second",
    )
    .await;
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!(p.status, ProjectStatus::Open, "2 of 3");
    // Lower to the approved count: filled.
    let p: Project = ok_json(
        director
            .patch_json(&format!("/api/projects/{project}"), &json!({"capacity": 2}))
            .await,
        "lower to 2",
    )
    .await;
    assert_eq!(
        p.status,
        ProjectStatus::Filled,
        "lowering it to the approved count fills it"
    );
    assert_eq!(project_seats(&db, project).await, Some((2, 2)));
    // Below the approved count: 409, nothing changed.
    let res = director
        .patch_json(&format!("/api/projects/{project}"), &json!({"capacity": 1}))
        .await;
    app.expect_error(res, 409).await;
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!((p.capacity, p.status), (2, ProjectStatus::Filled));
    assert_eq!(project_seats(&db, project).await, Some((2, 2)));
    // A closed project stays closed whatever its capacity.
    let _: Project = ok_json(
        director
            .patch_json(
                &format!("/api/projects/{project}"),
                &json!({"status": "closed"}),
            )
            .await,
        "close",
    )
    .await;
    let p: Project = ok_json(
        director
            .patch_json(&format!("/api/projects/{project}"), &json!({"capacity": 5}))
            .await,
        "raise a closed one",
    )
    .await;
    assert_eq!(p.status, ProjectStatus::Closed);
    assert_seats_in_step(&app, &db, &director, project, advisor, "closed").await;
}

#[tokio::test]
async fn an_import_that_changes_a_capacity_moves_the_seat_row_and_the_status() {
    let app = spawn_app().await;
    let director = app.director().await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let one: Project = app.get_ok("/api/projects/1").await;
    let csv = |capacity: u32| {
        format!(
            "slug,title,summary,description,advisor,co_mentor,lab,areas,keywords,required_skills,preferred_backgrounds,capacity,status\n\
             seat-import-project,Seats Follow Imports,Imported to test seats.,A project for the import test.,{},,,imaging,MRI,Python,engineering,{capacity},open\n",
            one.faculty.slug
        )
    };
    let report: ImportReport = ok_json(
        director.post_csv("/api/import/projects", csv(3)).await,
        "import",
    )
    .await;
    assert_eq!(report.inserted, 1);
    let found: Page<Project> = director
        .get_ok("/api/projects?q=seats%20follow%20imports")
        .await;
    let project = found
        .items
        .iter()
        .find(|p| p.slug == "seat-import-project")
        .map(|p| p.id)
        .unwrap_or_else(|| panic!("the imported project: {:?}", found.items));
    let db = database(&app).await;
    let students = import_students(&app, &director, "seatimp", 2).await;
    for s in &students {
        let id = propose(&director, *s, project).await;
        let _: Pairing = ok_json(
            director
                .post_json(&format!("/api/pairings/{id}/approve"), &json!({}))
                .await,
            "approve",
        )
        .await;
    }
    assert_eq!(project_seats(&db, project).await, Some((2, 3)));
    // Raised by the import: the seat row follows.
    let report: ImportReport = ok_json(
        director.post_csv("/api/import/projects", csv(5)).await,
        "raise by import",
    )
    .await;
    assert_eq!(report.updated, 1);
    assert_eq!(project_seats(&db, project).await, Some((2, 5)));
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!((p.capacity, p.status), (5, ProjectStatus::Open));
    // Lowered to the approved count: filled, although the file says open.
    let _: ImportReport = ok_json(
        director.post_csv("/api/import/projects", csv(2)).await,
        "lower by import",
    )
    .await;
    assert_eq!(project_seats(&db, project).await, Some((2, 2)));
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!((p.capacity, p.status), (2, ProjectStatus::Filled));
    // Below what is approved: the file is refused naming the line and column; nothing changed.
    let res = director.post_csv("/api/import/projects", csv(1)).await;
    let e = app.expect_error(res, 422).await;
    let text = serde_json::to_string(&e).unwrap_or_default();
    assert!(text.contains("capacity"), "{text}");
    assert_eq!(project_seats(&db, project).await, Some((2, 2)));
    let p: Project = app.get_ok(&format!("/api/projects/{project}")).await;
    assert_eq!(p.capacity, 2);
}
