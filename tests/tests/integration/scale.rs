//! The director's and a student's whole flow on a generated program of 5,000 students with 10
//! certified choices each (2,000 projects, 500 faculty), on SQLite and PostgreSQL: every page
//! answers, and what it answers adds up. This is where a limit such as the number of values one
//! SQL statement may bind would show; the speed targets are measured by `cargo xtask bench-scale`.

use std::collections::HashSet;

use backend::db::synthetic::Spec;
use serde_json::json;
use shared::{
    AllocationDiff, AllocationRun, AuditEntry, Dashboard, MatchList, Page, Pairing, PublishReport,
    RankList, Student, UserSummary,
};
use tests::{Session, TestApp, ok_json};

const SPEC: Spec = Spec {
    students: 5_000,
    projects: 2_000,
    faculty: 500,
    seed: 11,
};

async fn csv_lines(session: &Session, path: &str) -> Vec<String> {
    let res = session.get(path).await;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, 200, "GET {path}: {text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().collect::<Vec<_>>().join(","))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect()
}

/// Signs in as a generated student: the director issues a reset link and the student sets a
/// password with it.
async fn student_session(app: &TestApp, director: &Session) -> Session {
    let found: Page<UserSummary> = director.get_ok("/api/users?role=student&per_page=1").await;
    let account = found
        .items
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("a student account"));
    let link: shared::ResetLink = ok_json(
        director
            .post_json(&format!("/api/users/{}/reset-link", account.id), &json!({}))
            .await,
        "reset link",
    )
    .await;
    let token = link.path.split("token=").nth(1).unwrap_or_default();
    let res = app
        .post_json(
            "/api/auth/reset",
            &json!({"token": token, "new_password": "a generated student"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    app.login(account.email.as_str(), "a generated student")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_students_with_ten_choices_through_every_directors_page() {
    let app = tests::spawn_synthetic(SPEC).await;
    let director = app.director().await;

    let board: Dashboard = director.get_ok("/api/dashboard").await;
    let certified = board.lists_certified as usize;
    assert!(certified > 4_000, "{certified} certified lists");
    assert_eq!(
        certified + board.lists_draft as usize + board.lists_none as usize,
        SPEC.students
    );
    let demand: u32 = board.areas.iter().map(|a| a.first_choices).sum();
    assert_eq!(
        demand as usize, certified,
        "every list has one first choice"
    );
    assert_eq!(board.advisors.len(), SPEC.faculty);

    let rows = csv_lines(&director, "/api/rankings.csv").await;
    assert_eq!(rows.len(), certified * 10, "one row per certified choice");

    let directory: Page<Student> = director.get_ok("/api/students?page=50&per_page=100").await;
    assert_eq!(
        (directory.total as usize, directory.items.len()),
        (SPEC.students, 100)
    );
    let accounts: Page<UserSummary> = director.get_ok("/api/users?role=student").await;
    assert_eq!(accounts.total as usize, SPEC.students);

    let _: shared::Cycle = ok_json(
        director
            .patch_json("/api/cycle", &json!({"phase": "allocation"}))
            .await,
        "phase",
    )
    .await;
    let stable: AllocationRun = ok_json(
        director.post_json("/api/allocations", &json!({})).await,
        "stable run",
    )
    .await;
    assert_eq!(stable.students as usize, certified);
    assert!(stable.blocking_pairs.is_empty(), "a stable run has none");
    assert_eq!(stable.matched + stable.unmatched, stable.students);
    let welfare: AllocationRun = ok_json(
        director
            .post_json("/api/allocations", &json!({"mode": "welfare"}))
            .await,
        "welfare run",
    )
    .await;
    assert!(welfare.matched >= stable.matched);
    let again: AllocationRun = director
        .get_ok(&format!("/api/allocations/{}", stable.id))
        .await;
    assert_eq!(again.input_hash, stable.input_hash);
    let diff: AllocationDiff = director
        .get_ok(&format!(
            "/api/allocations/{}/diff/{}",
            stable.id, welfare.id
        ))
        .await;
    assert_eq!(
        diff.moves.len() + diff.unchanged as usize,
        certified,
        "every student either moves or stays"
    );

    let report: PublishReport = ok_json(
        director
            .post_json(
                &format!("/api/allocations/{}/publish", stable.id),
                &json!({}),
            )
            .await,
        "publish",
    )
    .await;
    assert_eq!(report.proposed, stable.matched);
    let proposals = csv_lines(&director, "/api/pairings.csv").await;
    assert_eq!(proposals.len(), stable.matched as usize);
    let proposed: Vec<Pairing> = director.get_ok("/api/pairings?status=proposed").await;
    assert_eq!(proposed.len(), stable.matched as usize);
    // Approving a hundred at once respects every capacity (the run already did).
    let ids: Vec<_> = proposed.iter().take(100).map(|p| p.id).collect();
    let approved: Vec<Pairing> = ok_json(
        director
            .post_json("/api/pairings/bulk", &json!({"approve": ids}))
            .await,
        "bulk approve",
    )
    .await;
    assert_eq!(approved.len(), 100);
    let after: Dashboard = director.get_ok("/api/dashboard").await;
    let approved_count = after
        .pairings
        .iter()
        .find(|(s, _)| *s == shared::PairingState::Approved)
        .map(|(_, n)| *n);
    assert_eq!(approved_count, Some(100));
    let log: Page<AuditEntry> = director.get_ok("/api/audit?per_page=100").await;
    assert!(log.total >= 6, "imports, runs, publish, approvals");

    // A generated student: their list, their matches among 2,000 projects, the catalogue.
    let student = student_session(&app, &director).await;
    let list: RankList = student.get_ok("/api/me/ranking").await;
    let matches: MatchList = student.get_ok("/api/me/matches").await;
    assert!(!matches.items.is_empty());
    let distinct: HashSet<_> = matches.items.iter().map(|m| m.project.id).collect();
    assert_eq!(distinct.len(), matches.items.len());
    if let Some(first) = list.certified.first() {
        let _: shared::Project = student
            .get_ok(&format!("/api/projects/{}", first.project.id))
            .await;
    }
    let found: Page<shared::Project> = student.get_ok("/api/projects?q=segmentation").await;
    assert!(found.total > 0);
}
