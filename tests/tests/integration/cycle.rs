//! The thesis cycle: phases and deadlines, certified rank lists, applicants, pairings whose
//! capacities the database enforces under concurrent approvals, inbox, CSV and dashboard.

use std::collections::HashMap;

use serde_json::json;
use shared::{
    Applicant, ApplicantRanking, AuditEntry, Cycle, Dashboard, ImportReport, Inbox, NoticeKind,
    Page, Pairing, PairingId, PairingState, Project, ProjectId, ProjectStatus, RankList, StudentId,
};
use tests::{Session, TestApp, demo_faculty_email, demo_student_email, ok_json, spawn_app};

pub(crate) async fn set_phase(director: &Session, body: serde_json::Value) -> Cycle {
    ok_json(
        director.patch_json("/api/cycle", &body).await,
        "PATCH /api/cycle",
    )
    .await
}

/// Imports `n` extra students named `{prefix}-{i}`; returns their ids.
pub(crate) async fn import_students(
    app: &TestApp,
    director: &Session,
    prefix: &str,
    n: usize,
) -> Vec<StudentId> {
    let mut csv = String::from("slug,name,email,background,areas,interests,skills\n");
    for i in 0..n {
        csv.push_str(&format!(
            "{prefix}-{i},Race Student {prefix} {i},{prefix}.{i}@students.example.edu,engineering,imaging,MRI,Python\n"
        ));
    }
    let report: ImportReport = ok_json(
        director.post_csv("/api/import/students", csv).await,
        "import",
    )
    .await;
    assert_eq!(report.inserted, n);
    let page: Page<shared::Student> = director
        .get_ok(&format!("/api/students?q={prefix}&per_page=100"))
        .await;
    assert_eq!(page.total as usize, n, "{}", app.database);
    page.items.into_iter().map(|s| s.id).collect()
}

pub(crate) async fn propose(
    director: &Session,
    student: StudentId,
    project: ProjectId,
) -> PairingId {
    let res = director
        .post_json(
            "/api/pairings",
            &json!({"student_id": student, "project_id": project}),
        )
        .await;
    let p: Pairing = ok_json(res, "propose").await;
    assert_eq!(p.state, PairingState::Proposed);
    p.id
}

/// Approves every pairing at once; returns (approved, 409s).
async fn approve_concurrently(director: &Session, ids: &[PairingId]) -> (usize, usize) {
    let mut set = tokio::task::JoinSet::new();
    for id in ids {
        let s = director.clone();
        let id = *id;
        set.spawn(async move {
            s.post_json(&format!("/api/pairings/{id}/approve"), &json!({}))
                .await
                .status()
                .as_u16()
        });
    }
    let mut counts: HashMap<u16, usize> = HashMap::new();
    while let Some(r) = set.join_next().await {
        let code = r.unwrap_or_else(|e| panic!("approval task: {e}"));
        *counts.entry(code).or_default() += 1;
    }
    let ok = counts.get(&200).copied().unwrap_or(0);
    let conflict = counts.get(&409).copied().unwrap_or(0);
    assert_eq!(ok + conflict, ids.len(), "only 200 and 409: {counts:?}");
    (ok, conflict)
}

pub(crate) async fn approved(director: &Session, query: &str) -> Vec<Pairing> {
    director
        .get_ok(&format!("/api/pairings?status=approved&{query}"))
        .await
}

#[tokio::test]
async fn a_hundred_racing_approvals_on_a_project_of_capacity_two_approve_exactly_two() {
    let app = spawn_app().await;
    let director = app.director().await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let project: Project = app.get_ok("/api/projects/1").await;
    let _: Project = ok_json(
        director
            .patch_json("/api/projects/1", &json!({"capacity": 2, "status": "open"}))
            .await,
        "capacity 2",
    )
    .await;
    let _: shared::Faculty = ok_json(
        director
            .patch_json(
                &format!("/api/faculty/{}", project.faculty.id),
                &json!({"capacity": 30}),
            )
            .await,
        "advisor capacity",
    )
    .await;
    let students = import_students(&app, &director, "racea", 100).await;
    let mut ids = Vec::new();
    for s in &students {
        ids.push(propose(&director, *s, ProjectId(1)).await);
    }
    let (ok, conflict) = approve_concurrently(&director, &ids).await;
    println!(
        "race on project capacity ({}): {ok} approved, {conflict} answered 409",
        app.database
    );
    assert_eq!((ok, conflict), (2, 98));
    assert_eq!(approved(&director, "project=1").await.len(), 2);
    let filled: Project = app.get_ok("/api/projects/1").await;
    assert_eq!(
        filled.status,
        ProjectStatus::Filled,
        "filled follows from approvals"
    );
    // The 409 names the limit: approve one more proposed pairing.
    let all: Vec<Pairing> = director
        .get_ok("/api/pairings?status=proposed&project=1")
        .await;
    let res = director
        .post_json(&format!("/api/pairings/{}/approve", all[0].id), &json!({}))
        .await;
    let e = app.expect_error(res, 409).await;
    assert!(e.message.contains("is full"), "{}", e.message);
    // Lowering the capacity below what is approved is refused, not a 500.
    let res = director
        .patch_json("/api/projects/1", &json!({"capacity": 1}))
        .await;
    app.expect_error(res, 409).await;
}

#[tokio::test]
async fn racing_approvals_across_two_projects_respect_the_advisors_thesis_capacity() {
    let app = spawn_app().await;
    let director = app.director().await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let project: Project = app.get_ok("/api/projects/1").await;
    let advisor = project.faculty.id;
    let mine: shared::FacultyDetail = app.get_ok(&format!("/api/faculty/{advisor}")).await;
    let two: Vec<ProjectId> = mine
        .projects
        .iter()
        .filter(|p| p.faculty.id == advisor)
        .map(|p| p.id)
        .take(2)
        .collect();
    assert_eq!(
        two.len(),
        2,
        "the demo advisor of project 1 advises two projects"
    );
    for p in &two {
        let _: Project = ok_json(
            director
                .patch_json(
                    &format!("/api/projects/{p}"),
                    &json!({"capacity": 10, "status": "open"}),
                )
                .await,
            "capacity 10",
        )
        .await;
    }
    let _: shared::Faculty = ok_json(
        director
            .patch_json(&format!("/api/faculty/{advisor}"), &json!({"capacity": 2}))
            .await,
        "advisor capacity 2",
    )
    .await;
    let students = import_students(&app, &director, "raceb", 100).await;
    let mut ids = Vec::new();
    for (i, s) in students.iter().enumerate() {
        ids.push(propose(&director, *s, two[i % 2]).await);
    }
    let (ok, conflict) = approve_concurrently(&director, &ids).await;
    println!(
        "race on advisor capacity ({}): {ok} approved, {conflict} answered 409",
        app.database
    );
    assert_eq!((ok, conflict), (2, 98));
    assert_eq!(
        approved(&director, &format!("faculty={advisor}"))
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn two_racing_approvals_of_one_student_approve_one() {
    let app = spawn_app().await;
    let director = app.director().await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let a = open.items[0].id;
    let b = open
        .items
        .iter()
        .find(|p| p.faculty.id != open.items[0].faculty.id)
        .map(|p| p.id)
        .unwrap_or_else(|| panic!("two advisors"));
    let ids = vec![
        propose(&director, StudentId(1), a).await,
        propose(&director, StudentId(1), b).await,
    ];
    let (ok, conflict) = approve_concurrently(&director, &ids).await;
    println!(
        "race on one student ({}): {ok} approved, {conflict} answered 409",
        app.database
    );
    assert_eq!((ok, conflict), (1, 1));
    assert_eq!(approved(&director, "student=1").await.len(), 1);
}

#[tokio::test]
async fn a_draft_in_a_rank_list_is_refused_like_a_missing_project_without_its_title() {
    let app = spawn_app().await;
    let drafts: Page<Project> = app
        .director()
        .await
        .get_ok("/api/projects?status=draft&per_page=100")
        .await;
    let draft = drafts
        .items
        .first()
        .unwrap_or_else(|| panic!("the demo has drafts"));
    let student = app.login_as(&demo_student_email(0)).await;
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": [draft.id]}))
        .await;
    let refused = app.expect_error(res, 422).await;
    let fields = refused.fields.unwrap_or_default();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].message, format!("no project has id {}", draft.id));
    assert!(
        !serde_json::to_string(&fields)
            .unwrap_or_default()
            .contains(&draft.title),
        "the draft's title leaked: {fields:?}"
    );
}

#[tokio::test]
async fn rank_list_edits_after_the_deadline_are_409_and_change_nothing() {
    let app = spawn_app().await;
    let student = app.login_as(&demo_student_email(0)).await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let (a, b, c) = (open.items[0].id, open.items[1].id, open.items[2].id);
    let list: RankList = ok_json(
        student
            .put_json("/api/me/ranking", &json!({"projects": [a, b]}))
            .await,
        "save",
    )
    .await;
    assert_eq!(list.projects.len(), 2);
    assert!(list.certified_at.is_none());
    let list: RankList = ok_json(
        student
            .post_json("/api/me/ranking/certify", &json!({}))
            .await,
        "certify",
    )
    .await;
    assert!(list.certified_at.is_some() && !list.changed_since_certified);
    // Editing after certifying keeps the certified version until the next certification.
    let list: RankList = ok_json(
        student
            .put_json("/api/me/ranking", &json!({"projects": [b, c]}))
            .await,
        "edit",
    )
    .await;
    assert!(list.changed_since_certified);
    let certified: Vec<ProjectId> = list.certified.iter().map(|r| r.project.id).collect();
    assert_eq!(certified, vec![a, b]);
    // Bad lists are 422 naming the problem.
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": [a, a]}))
        .await;
    app.expect_error(res, 422).await;
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": [999999]}))
        .await;
    app.expect_error(res, 422).await;
    let eleven: Vec<ProjectId> = open.items.iter().take(11).map(|p| p.id).collect();
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": eleven}))
        .await;
    app.expect_error(res, 422).await;

    // The deadline passes.
    let director = app.director().await;
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    set_phase(&director, json!({"ranking_deadline": past})).await;
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": [c]}))
        .await;
    let e = app.expect_error(res, 409).await;
    assert!(e.message.contains("deadline"), "{}", e.message);
    let res = student
        .post_json("/api/me/ranking/certify", &json!({}))
        .await;
    app.expect_error(res, 409).await;
    let stored: RankList = student.get_ok("/api/me/ranking").await;
    let working: Vec<ProjectId> = stored.projects.iter().map(|r| r.project.id).collect();
    let certified: Vec<ProjectId> = stored.certified.iter().map(|r| r.project.id).collect();
    assert_eq!(
        (working, certified),
        (vec![b, c], vec![a, b]),
        "nothing changed"
    );
    // In the allocation phase the message names the phase.
    set_phase(&director, json!({"phase": "allocation"})).await;
    let res = student
        .put_json("/api/me/ranking", &json!({"projects": [c]}))
        .await;
    let e = app.expect_error(res, 409).await;
    assert!(e.message.contains("allocation phase"), "{}", e.message);
}

#[tokio::test]
async fn one_cycle_from_rank_list_to_approval_with_inbox_audit_and_csv() {
    let app = spawn_app().await;
    let student = app.login_as(&demo_student_email(0)).await;
    let director = app.director().await;
    let project: Project = app.get_ok("/api/projects/1").await;
    let advisor = app
        .login_as(&demo_faculty_email(&project.faculty.slug))
        .await;
    let other: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let second = other
        .items
        .iter()
        .find(|p| p.id != project.id)
        .map(|p| p.id)
        .unwrap_or_else(|| panic!("a second project"));
    let _: RankList = ok_json(
        student
            .put_json(
                "/api/me/ranking",
                &json!({"projects": [project.id, second]}),
            )
            .await,
        "save",
    )
    .await;
    // Not yet certified: not an applicant.
    let before: Vec<Applicant> = advisor
        .get_ok(&format!("/api/projects/{}/applicants", project.id))
        .await;
    assert!(before.is_empty());
    let _: RankList = ok_json(
        student
            .post_json("/api/me/ranking/certify", &json!({}))
            .await,
        "certify",
    )
    .await;
    let applicants: Vec<Applicant> = advisor
        .get_ok(&format!("/api/projects/{}/applicants", project.id))
        .await;
    assert_eq!(applicants.len(), 1);
    assert_eq!(
        (applicants[0].student_id, applicants[0].position),
        (StudentId(1), 1)
    );
    assert!(applicants[0].score > 0.0 && !applicants[0].reasons.is_empty());
    // Others' applicants are not visible.
    let intruder = app.login_as(&demo_student_email(1)).await;
    app.expect_error(
        intruder
            .get(&format!("/api/projects/{}/applicants", project.id))
            .await,
        403,
    )
    .await;
    let ranking: ApplicantRanking = ok_json(
        advisor
            .put_json("/api/me/applicant-ranking", &json!({"students": [1]}))
            .await,
        "rank applicants",
    )
    .await;
    assert_eq!(
        (ranking.students.clone(), ranking.ranked_by_hand),
        (vec![StudentId(1)], 1)
    );
    let res = advisor
        .put_json("/api/me/applicant-ranking", &json!({"students": [2]}))
        .await;
    app.expect_error(res, 422).await;

    // The director proposes two pairings, approves one and rejects the other with a reason.
    let res = director
        .post_json(
            "/api/pairings",
            &json!({"student_id": 1, "project_id": project.id}),
        )
        .await;
    let e = app.expect_error(res, 409).await;
    assert!(
        e.message.contains("phase"),
        "pairings wait for the allocation phase: {}",
        e.message
    );
    set_phase(&director, json!({"phase": "allocation"})).await;
    let first = propose(&director, StudentId(1), project.id).await;
    let second_pairing = propose(&director, StudentId(2), project.id).await;
    let res = director
        .post_json(
            &format!("/api/pairings/{second_pairing}/reject"),
            &json!({"reason": " "}),
        )
        .await;
    app.expect_error(res, 422).await;
    let ok: Pairing = ok_json(
        director
            .post_json(&format!("/api/pairings/{first}/approve"), &json!({}))
            .await,
        "approve",
    )
    .await;
    assert_eq!(ok.state, PairingState::Approved);
    assert_eq!(ok.history.len(), 2);
    let rejected: Pairing = ok_json(
        director
            .post_json(
                &format!("/api/pairings/{second_pairing}/reject"),
                &json!({"reason": "The project needs an imaging background."}),
            )
            .await,
        "reject",
    )
    .await;
    assert_eq!(rejected.state, PairingState::Rejected);
    // The student of the rejected pairing reads the reason in the inbox.
    let inbox: Inbox = intruder.get_ok("/api/me/inbox").await;
    let notice = inbox
        .items
        .iter()
        .find(|n| n.kind == NoticeKind::PairingRejected)
        .unwrap_or_else(|| panic!("{inbox:?}"));
    assert!(notice.text.contains("needs an imaging background"));
    assert!(inbox.unread >= 1);
    let res = intruder
        .post_json(&format!("/api/me/inbox/{}/read", notice.id), &json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let after: Inbox = intruder.get_ok("/api/me/inbox").await;
    assert_eq!(after.unread, inbox.unread - 1);
    // The approved student and the advisor were told too.
    let mine: Inbox = student.get_ok("/api/me/inbox").await;
    assert!(
        mine.items
            .iter()
            .any(|n| n.kind == NoticeKind::PairingApproved)
    );
    let theirs: Inbox = advisor.get_ok("/api/me/inbox").await;
    assert!(
        theirs
            .items
            .iter()
            .any(|n| n.kind == NoticeKind::PairingRejected)
    );
    // Each sees only their own pairings.
    let own: Vec<Pairing> = student.get_ok("/api/pairings").await;
    assert!(own.iter().all(|p| p.student_id == StudentId(1)));
    let advised: Vec<Pairing> = advisor.get_ok("/api/pairings").await;
    assert_eq!(advised.len(), 2);
    // The audit log shows both decisions.
    for action in [
        "pairing_approved",
        "pairing_rejected",
        "rank_list_certified",
        "cycle_updated",
    ] {
        let log: Page<AuditEntry> = director
            .get_ok(&format!("/api/audit?action={action}"))
            .await;
        assert!(log.total >= 1, "{action} is on record");
    }
    let log: Page<AuditEntry> = director.get_ok("/api/audit?action=pairing_rejected").await;
    assert_eq!(
        log.items[0].reason.as_deref(),
        Some("The project needs an imaging background.")
    );
    // CSV downloads.
    let csv = director.get("/api/pairings.csv").await;
    assert_eq!(
        csv.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let text = csv.text().await.unwrap_or_default();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("approved") && text.contains("needs an imaging background"));
    let ranks = director
        .get("/api/rankings.csv")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(
        ranks.lines().count(),
        3,
        "header and the two entries: {ranks}"
    );
    app.expect_error(student.get("/api/pairings.csv").await, 403)
        .await;
    // The dashboard counts it all.
    let dash: Dashboard = director.get_ok("/api/dashboard").await;
    assert_eq!(dash.lists_certified, 1);
    assert_eq!(dash.lists_none, 39);
    let approved_count = dash
        .pairings
        .iter()
        .find(|(s, _)| *s == PairingState::Approved)
        .map(|(_, n)| *n);
    assert_eq!(approved_count, Some(1));
    let imaging = dash.areas.iter().find(|a| project.areas.contains(&a.area));
    assert!(
        imaging.is_some_and(|a| a.first_choices == 1),
        "{:?}",
        dash.areas
    );
}

#[tokio::test]
async fn a_student_request_endorsed_by_the_advisor_becomes_a_proposal() {
    let app = spawn_app().await;
    let student = app.login_as(&demo_student_email(0)).await;
    let project: Project = app.get_ok("/api/projects/1").await;
    let advisor = app
        .login_as(&demo_faculty_email(&project.faculty.slug))
        .await;
    let req: Pairing = ok_json(
        student
            .post_json("/api/pairings/request", &json!({"project_id": project.id}))
            .await,
        "request",
    )
    .await;
    assert_eq!(req.state, PairingState::Requested);
    let twice = student
        .post_json("/api/pairings/request", &json!({"project_id": project.id}))
        .await;
    app.expect_error(twice, 409).await;
    // Someone else's pairing answers exactly like an unknown id: its existence is private.
    let other_student = app.login_as(&demo_student_email(1)).await;
    for action in ["endorse", "withdraw"] {
        let unknown = other_student
            .post_json(&format!("/api/pairings/999999/{action}"), &json!({}))
            .await;
        let unknown = app.expect_error(unknown, 404).await;
        let res = other_student
            .post_json(&format!("/api/pairings/{}/{action}", req.id), &json!({}))
            .await;
        let hidden = app.expect_error(res, 404).await;
        assert_eq!(hidden, unknown, "{action} of someone else's pairing");
    }
    // Those who can see it are told they may not (the student cannot endorse their own request).
    let res = student
        .post_json(&format!("/api/pairings/{}/endorse", req.id), &json!({}))
        .await;
    app.expect_error(res, 403).await;
    let endorsed: Pairing = ok_json(
        advisor
            .post_json(&format!("/api/pairings/{}/endorse", req.id), &json!({}))
            .await,
        "endorse",
    )
    .await;
    assert_eq!(endorsed.state, PairingState::Proposed);
    // A reason is free text, but not unbounded: 60,000 characters are refused and nothing changes.
    let res = student
        .post_json(
            &format!("/api/pairings/{}/withdraw", req.id),
            &json!({"reason": "x".repeat(60_000)}),
        )
        .await;
    let refused = app.expect_error(res, 422).await;
    assert_eq!(
        refused.fields.as_deref().map(|f| f[0].field.as_str()),
        Some("reason")
    );
    let withdrawn: Pairing = ok_json(
        student
            .post_json(
                &format!("/api/pairings/{}/withdraw", req.id),
                &json!({"reason": "changed my mind"}),
            )
            .await,
        "withdraw",
    )
    .await;
    assert_eq!(withdrawn.state, PairingState::Withdrawn);
    assert_eq!(withdrawn.history.len(), 3);
}

#[tokio::test]
async fn bulk_decisions_are_all_or_nothing() {
    let app = spawn_app().await;
    let director = app.director().await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let a = propose(&director, StudentId(1), open.items[0].id).await;
    let b = propose(&director, StudentId(2), open.items[1].id).await;
    let c = propose(&director, StudentId(1), open.items[2].id).await;
    // Approving a and c approves student 1 twice: the whole batch is refused.
    let res = director
        .post_json(
            "/api/pairings/bulk",
            &json!({"approve": [a, c], "reject": [{"id": b, "reason": "no seats for this background"}]}),
        )
        .await;
    app.expect_error(res, 409).await;
    let all: Vec<Pairing> = director.get_ok("/api/pairings").await;
    assert!(
        all.iter().all(|p| p.state == PairingState::Proposed),
        "nothing changed"
    );
    let done: Vec<Pairing> = ok_json(
        director
            .post_json(
                "/api/pairings/bulk",
                &json!({"approve": [a], "reject": [{"id": b, "reason": "no seats for this background"}, {"id": c, "reason": "approved elsewhere"}]}),
            )
            .await,
        "bulk",
    )
    .await;
    let states: Vec<PairingState> = done.iter().map(|p| p.state).collect();
    assert_eq!(
        states,
        vec![
            PairingState::Approved,
            PairingState::Rejected,
            PairingState::Rejected
        ]
    );
}

#[tokio::test]
async fn the_deadline_reminder_reaches_students_who_have_not_certified() {
    let app = spawn_app().await;
    let director = app.director().await;
    let soon = (chrono::Utc::now() + chrono::Duration::hours(20)).to_rfc3339();
    set_phase(
        &director,
        json!({"ranking_deadline": soon, "phase": "ranking"}),
    )
    .await;
    let certified = app.login_as(&demo_student_email(0)).await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=1").await;
    let _: RankList = ok_json(
        certified
            .put_json("/api/me/ranking", &json!({"projects": [open.items[0].id]}))
            .await,
        "save",
    )
    .await;
    let _: RankList = ok_json(
        certified
            .post_json("/api/me/ranking/certify", &json!({}))
            .await,
        "certify",
    )
    .await;
    let late = app.login_as(&demo_student_email(1)).await;
    let inbox: Inbox = late.get_ok("/api/me/inbox").await;
    let reminders = inbox
        .items
        .iter()
        .filter(|n| n.kind == NoticeKind::DeadlineSoon)
        .count();
    assert_eq!(reminders, 1, "{inbox:?}");
    let again: Inbox = late.get_ok("/api/me/inbox").await;
    assert_eq!(again.items.len(), inbox.items.len(), "reminded once");
    let done: Inbox = certified.get_ok("/api/me/inbox").await;
    assert!(
        done.items
            .iter()
            .all(|n| n.kind != NoticeKind::DeadlineSoon)
    );
}

/// Certifies a list for demo students 0..n: each ranks the first `len` open projects in an order
/// that depends on the student, so lists overlap.
async fn certify_lists(app: &TestApp, n: usize, len: usize) -> Vec<StudentId> {
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let ids: Vec<ProjectId> = open.items.iter().map(|p| p.id).take(6).collect();
    let mut students = Vec::new();
    for s in 0..n {
        let session = app.login_as(&demo_student_email(s)).await;
        let list: Vec<ProjectId> = (0..len).map(|k| ids[(s + k * 2) % ids.len()]).collect();
        let mut unique = Vec::new();
        for p in list {
            if !unique.contains(&p) {
                unique.push(p);
            }
        }
        let _: RankList = ok_json(
            session
                .put_json("/api/me/ranking", &json!({"projects": unique}))
                .await,
            "save",
        )
        .await;
        let _: RankList = ok_json(
            session
                .post_json("/api/me/ranking/certify", &json!({}))
                .await,
            "certify",
        )
        .await;
        students.push(
            session
                .me
                .student_id
                .unwrap_or_else(|| panic!("student {s} has a student id")),
        );
    }
    students
}

#[tokio::test]
async fn the_directors_allocation_runs_are_stable_reproducible_comparable_and_published_as_proposals()
 {
    let app = spawn_app().await;
    let director = app.director().await;
    let students = certify_lists(&app, 12, 3).await;
    let res = director.post_json("/api/allocations", &json!({})).await;
    let e = app.expect_error(res, 409).await;
    assert!(e.message.contains("allocation"), "{}", e.message);
    set_phase(&director, json!({"phase": "allocation"})).await;

    let stable: shared::AllocationRun = ok_json(
        director
            .post_json(
                "/api/allocations",
                &json!({"optimal": "student", "mode": "stable"}),
            )
            .await,
        "run",
    )
    .await;
    assert_eq!(
        stable.students as usize,
        students.len(),
        "every certified student is in the run"
    );
    assert_eq!(stable.assignments.len(), students.len());
    assert!(stable.matched >= 1);
    assert!(
        stable.blocking_pairs.is_empty(),
        "a stable run has no blocking pair"
    );
    assert_eq!(stable.rank_histogram.iter().sum::<u32>(), stable.matched);
    for a in &stable.assignments {
        match (&a.project, a.unmatched) {
            (Some(_), None) => assert!(a.rank.is_some()),
            (None, Some(_)) => {}
            other => panic!("each student is matched or has a reason: {other:?}"),
        }
    }
    // Reproducible: the same cycle state gives the same input and the same assignments.
    let again: shared::AllocationRun = ok_json(
        director
            .post_json("/api/allocations", &json!({"optimal": "student"}))
            .await,
        "run again",
    )
    .await;
    assert_eq!(again.input_hash, stable.input_hash);
    assert_eq!(again.assignments, stable.assignments);
    let welfare: shared::AllocationRun = ok_json(
        director
            .post_json("/api/allocations", &json!({"mode": "welfare"}))
            .await,
        "welfare",
    )
    .await;
    assert!(
        welfare.matched >= stable.matched,
        "welfare matches at least as many"
    );
    let supervisor: shared::AllocationRun = ok_json(
        director
            .post_json("/api/allocations", &json!({"optimal": "supervisor"}))
            .await,
        "supervisor-optimal",
    )
    .await;
    assert!(supervisor.blocking_pairs.is_empty());
    // Student-optimal is at least as good as supervisor-optimal for every student.
    let rank_of = |run: &shared::AllocationRun, s: StudentId| {
        run.assignments
            .iter()
            .find(|a| a.student_id == s)
            .and_then(|a| a.rank)
            .unwrap_or(u32::MAX)
    };
    for s in &students {
        assert!(
            rank_of(&stable, *s) <= rank_of(&supervisor, *s),
            "student {s}"
        );
    }
    let runs: Vec<shared::AllocationSummary> = director.get_ok("/api/allocations").await;
    assert_eq!(runs.len(), 4);
    let diff: shared::AllocationDiff = director
        .get_ok(&format!(
            "/api/allocations/{}/diff/{}",
            stable.id, welfare.id
        ))
        .await;
    assert_eq!(diff.moves.len() as u32 + diff.unchanged, stable.students);
    let same: shared::AllocationDiff = director
        .get_ok(&format!("/api/allocations/{}/diff/{}", stable.id, again.id))
        .await;
    assert!(same.moves.is_empty());

    // Publish: assignments become proposed pairings; a student sees only their own.
    let report: shared::PublishReport = ok_json(
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
    let matched = stable
        .assignments
        .iter()
        .find(|a| a.project.is_some())
        .unwrap_or_else(|| panic!("someone is matched"));
    let who = app
        .login_as(&demo_student_email((matched.student_id.get() - 1) as usize))
        .await;
    let mine: Vec<Pairing> = who.get_ok("/api/pairings").await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].state, PairingState::Proposed);
    assert_eq!(
        Some(mine[0].project.id),
        matched.project.as_ref().map(|p| p.id)
    );
    let inbox: Inbox = who.get_ok("/api/me/inbox").await;
    assert!(
        inbox
            .items
            .iter()
            .any(|n| n.kind == NoticeKind::PairingProposed)
    );

    // Approve that one, re-run and publish again: the approved pairing is untouched, its student
    // leaves the run, earlier proposals from runs are replaced.
    let _: Pairing = ok_json(
        director
            .post_json(&format!("/api/pairings/{}/approve", mine[0].id), &json!({}))
            .await,
        "approve",
    )
    .await;
    let next: shared::AllocationRun = ok_json(
        director.post_json("/api/allocations", &json!({})).await,
        "re-run",
    )
    .await;
    assert_ne!(
        next.input_hash, stable.input_hash,
        "the approved seat changed the input"
    );
    assert!(
        next.assignments
            .iter()
            .all(|a| a.student_id != matched.student_id)
    );
    let report: shared::PublishReport = ok_json(
        director
            .post_json(&format!("/api/allocations/{}/publish", next.id), &json!({}))
            .await,
        "publish again",
    )
    .await;
    assert_eq!(report.replaced, stable.matched - 1);
    let approved: Vec<Pairing> = director.get_ok("/api/pairings?status=approved").await;
    assert_eq!(approved.len(), 1);
    assert_eq!(approved[0].id, mine[0].id);
    let log: Page<AuditEntry> = director
        .get_ok("/api/audit?action=allocation_published")
        .await;
    assert_eq!(log.total, 2);
}

#[tokio::test]
async fn a_capacity_change_changes_the_next_runs_input() {
    let app = spawn_app().await;
    let director = app.director().await;
    certify_lists(&app, 6, 2).await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let first: shared::AllocationRun = ok_json(
        director.post_json("/api/allocations", &json!({})).await,
        "run",
    )
    .await;
    let open: Page<Project> = app.get_ok("/api/projects?status=open&per_page=100").await;
    let p = &open.items[0];
    let _: Project = ok_json(
        director
            .patch_json(
                &format!("/api/projects/{}", p.id),
                &json!({"capacity": p.capacity + 3}),
            )
            .await,
        "capacity",
    )
    .await;
    let second: shared::AllocationRun = ok_json(
        director.post_json("/api/allocations", &json!({})).await,
        "re-run",
    )
    .await;
    assert_ne!(first.input_hash, second.input_hash);
}

/// Parses a CSV download into its header and rows (each row a map from column to cell).
async fn csv_rows(session: &Session, path: &str) -> Vec<HashMap<String, String>> {
    let res = session.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let text = res.text().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_else(|e| panic!("{path}: header ({e}): {text}"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{path}: a row that does not parse ({e}): {text}"));
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn csv_downloads_neutralise_formulas_and_keep_quoting() {
    let app = spawn_app().await;
    let director = app.director().await;
    let formula = "=HYPERLINK(\"http://x\",\"y\")";
    let project: Project = ok_json(
        director
            .patch_json("/api/projects/1", &json!({"title": formula}))
            .await,
        "a title that looks like a formula",
    )
    .await;
    assert_eq!(project.title, formula, "stored as typed");
    let student = app.login_as(&demo_student_email(0)).await;
    let _: RankList = ok_json(
        student
            .put_json("/api/me/ranking", &json!({"projects": [project.id]}))
            .await,
        "save",
    )
    .await;
    let _: RankList = ok_json(
        student
            .post_json("/api/me/ranking/certify", &json!({}))
            .await,
        "certify",
    )
    .await;
    set_phase(&director, json!({"phase": "allocation"})).await;
    let pairing = propose(&director, StudentId(1), project.id).await;
    let reason = "@SUM(1+1), the \"imaging\" seat";
    let rejected: Pairing = ok_json(
        director
            .post_json(
                &format!("/api/pairings/{pairing}/reject"),
                &json!({"reason": reason}),
            )
            .await,
        "reject",
    )
    .await;
    assert_eq!(rejected.reason.as_deref(), Some(reason));

    let ranks = csv_rows(&director, "/api/rankings.csv").await;
    let row = ranks
        .iter()
        .find(|r| r["student_id"] == "1")
        .unwrap_or_else(|| panic!("{ranks:?}"));
    assert_eq!(row["project_id"], project.id.to_string());
    assert_eq!(row["project_title"], format!("'{formula}"), "{row:?}");
    assert_eq!(row["position"], "1");

    let pairings = csv_rows(&director, "/api/pairings.csv").await;
    let row = pairings
        .iter()
        .find(|r| r["pairing_id"] == pairing.to_string())
        .unwrap_or_else(|| panic!("{pairings:?}"));
    assert_eq!(row["state"], "rejected");
    assert_eq!(row["project_title"], format!("'{formula}"), "{row:?}");
    assert_eq!(row["reason"], format!("'{reason}"), "{row:?}");
    // No cell of either download starts with a formula character.
    for r in ranks.iter().chain(&pairings) {
        for (column, value) in r {
            assert!(
                !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column}: {value}"
            );
        }
    }
}
