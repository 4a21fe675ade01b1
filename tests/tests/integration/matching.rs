use serde_json::json;
use shared::{AdvisorMatch, LabMatch, MatchList, PartKind, Ranked};
use tests::spawn_app;

async fn preview(app: &tests::TestApp, interests: &str) -> MatchList {
    let res = app
        .post_json(
            "/api/matches/preview",
            &json!({"interests": interests, "limit": 5}),
        )
        .await;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn matched_terms(list: &MatchList) -> Vec<String> {
    list.items[0]
        .score
        .parts
        .iter()
        .map(|p| p.matched.to_lowercase())
        .collect()
}

#[tokio::test]
async fn a_misspelt_brain_mri_query_ranks_imaging_first_and_says_why() {
    let app = spawn_app().await;
    let list = preview(&app, "segmentaton of brain MRI tumours").await;
    assert!(!list.items.is_empty());
    assert!(list.items[0].project.areas.contains(&"imaging".to_owned()));
    let terms = matched_terms(&list);
    assert!(
        terms.iter().any(|t| t.contains("segmentation")),
        "{terms:?}"
    );
    assert!(
        terms
            .iter()
            .any(|t| t.contains("mri") || t.contains("magnetic resonance imaging")),
        "{terms:?}"
    );
    assert!(list.inferred_areas.contains(&"imaging".to_owned()));
}

#[tokio::test]
async fn ekg_on_smart_watches_ranks_signal_projects_first() {
    let app = spawn_app().await;
    let list = preview(&app, "EKG arrythmia on smart watches").await;
    assert!(list.items[0].project.areas.contains(&"signals".to_owned()));
    let terms = matched_terms(&list);
    assert!(terms.iter().any(|t| t.contains("arrhythmia")), "{terms:?}");
}

#[tokio::test]
async fn llm_discharge_notes_rank_llm_projects_first() {
    let app = spawn_app().await;
    let list = preview(&app, "LLM summarising discharge notes").await;
    assert!(list.items[0].project.areas.contains(&"llms".to_owned()));
}

#[tokio::test]
async fn scores_are_bounded_sorted_and_add_up() {
    let app = spawn_app().await;
    let list = preview(&app, "deep learning on chest x-rays and radiology reports").await;
    let totals: Vec<f32> = list.items.iter().map(|m| m.score.total).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    for m in &list.items {
        assert!((0.0..=100.0).contains(&m.score.total));
        let sum: f32 = m.score.parts.iter().map(|p| p.contribution).sum();
        assert!(
            (sum - m.score.total).abs() < 0.05,
            "{sum} vs {}",
            m.score.total
        );
        assert!(m.score.parts.iter().any(|p| p.kind == PartKind::Keyword));
    }
}

#[tokio::test]
async fn empty_interests_without_areas_are_refused() {
    let app = spawn_app().await;
    for body in [
        json!({"interests": ""}),
        json!({"interests": "   \n\t"}),
        json!({}),
    ] {
        let err = app
            .expect_error(app.post_json("/api/matches/preview", &body).await, 422)
            .await;
        assert_eq!(err.error, "invalid");
        assert!(
            err.fields
                .unwrap_or_default()
                .iter()
                .any(|f| f.field == "interests")
        );
    }
    // An area alone is enough.
    let res = app
        .post_json(
            "/api/matches/preview",
            &json!({"interests": "", "areas": ["signals"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn oversized_or_malformed_bodies_never_500() {
    let app = spawn_app().await;
    let big = "ecg ".repeat(5_000); // 20 KB
    let res = app
        .post_json("/api/matches/preview", &json!({"interests": big}))
        .await;
    assert!(
        matches!(res.status().as_u16(), 413 | 422),
        "{}",
        res.status()
    );
    let huge = "x".repeat(200_000);
    let res = app
        .post_json("/api/matches/preview", &json!({"interests": huge}))
        .await;
    assert_eq!(res.status(), 413);
    let res = app
        .client
        .post(app.url("/api/matches/preview"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    app.expect_error(res, 422).await;
    let err = app
        .expect_error(
            app.post_json(
                "/api/matches/preview",
                &json!({"interests": "mri", "areas": ["astrology"]}),
            )
            .await,
            422,
        )
        .await;
    assert!(err.message.contains("astrology"));
}

#[tokio::test]
async fn a_stored_student_gets_matches_advisors_and_labs() {
    let app = spawn_app().await;
    let me = app.login_as(&tests::demo_student_email(0)).await;
    let list: MatchList = me.get_ok("/api/students/1/matches?limit=3").await;
    assert_eq!(list.items.len(), 3);
    let advisors: Ranked<AdvisorMatch> = me.get_ok("/api/students/1/advisors").await;
    assert!(!advisors.items.is_empty());
    assert!(advisors.items.iter().all(|a| a.faculty.accepting_students));
    assert!(advisors.items.windows(2).all(|w| w[0].total >= w[1].total));
    // No advisor can beat the student's best project.
    assert!(advisors.items[0].total <= list.items[0].score.total + 1e-3);
    let labs: Ranked<LabMatch> = me.get_ok("/api/students/1/labs").await;
    assert!(!labs.items.is_empty());
    assert!(!labs.items[0].evidence.is_empty());
    let director = app.director().await;
    app.expect_error(director.get("/api/students/999/matches").await, 404)
        .await;
    app.expect_error(me.get("/api/students/1/matches?limit=0").await, 400)
        .await;
}
