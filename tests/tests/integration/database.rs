use backend::config::Config;
use backend::db;
use sea_orm::ConnectionTrait;
use serde_json::json;
use shared::MatchList;
use tests::{serve, spawn_app, workspace_root};

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = spawn_app().await;
    let conn = db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let report = db::seed::seed_demo_from_dir(&conn, &workspace_root().join("data"))
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!((report.inserted, report.updated), (0, 0), "{report}");
    assert!(report.projects >= 60 && report.students == 40, "{report}");
}

#[tokio::test]
async fn the_matcher_uses_the_taxonomy_stored_in_the_database() {
    let app = spawn_app().await;
    // A second server over the same database whose data directory has no taxonomy.json at all.
    let empty = std::env::temp_dir().join(format!("tm-empty-data-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
    let mut config = Config::for_database(app.database_url.clone(), &empty);
    config.demo = false;
    let second = serve(config).await.unwrap_or_else(|e| panic!("{e:#}"));
    let res = app
        .client
        .post(format!("{second}/api/matches/preview"))
        .json(&json!({"interests": "EKG arrythmia", "limit": 3}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 200);
    let list: MatchList = res.json().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(list.items[0].project.areas.contains(&"signals".to_owned()));
    assert!(
        list.items[0]
            .score
            .parts
            .iter()
            .any(|p| p.matched == "electrocardiogram"),
        "EKG is expanded by the stored taxonomy: {:?}",
        list.items[0].score.parts
    );
}

#[tokio::test]
async fn a_project_whose_advisor_is_missing_is_refused_by_the_database() {
    let app = spawn_app().await;
    let conn = db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    use sea_orm::ConnectionTrait;
    let err = conn
        .execute_unprepared(
            "INSERT INTO projects (slug, title, summary, description, faculty_id, keywords, \
             required_skills, preferred_backgrounds, capacity, status, search_text, created_at, \
             updated_at) VALUES ('orphan', 't', 's', 'd', 999999, '[]', '[]', '[]', 1, 'open', '', \
             CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        )
        .await;
    assert!(
        err.is_err(),
        "a dangling advisor must violate the foreign key"
    );
    let bad_status = conn
        .execute_unprepared("UPDATE projects SET status = 'maybe' WHERE id = 1")
        .await;
    assert!(bad_status.is_err(), "status is checked by the database");
    let negative = conn
        .execute_unprepared("UPDATE projects SET capacity = -1 WHERE id = 1")
        .await;
    assert!(negative.is_err(), "capacity is checked by the database");
}

#[tokio::test]
async fn serve_without_demo_puts_no_fictional_people_in_an_empty_database() {
    let (url, _) = tests::fresh_database_url()
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let mut config = Config::for_database(url.clone(), workspace_root().join("data"));
    config.demo = false;
    let address = serve(config).await.unwrap_or_else(|e| panic!("{e:#}"));
    let client = reqwest::Client::new();
    let get = |path: &'static str| {
        let client = client.clone();
        let address = address.clone();
        async move {
            client
                .get(format!("{address}{path}"))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .json::<serde_json::Value>()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    assert_eq!(get("/api/projects").await["total"], 0);
    assert_eq!(get("/api/faculty").await["total"], 0);
    // The research areas (vocabulary, not people) are there, and a cycle to work in.
    assert_eq!(get("/api/areas").await.as_array().map(Vec::len), Some(3));
    assert_eq!(get("/api/cycle").await["phase"], "posting");
    let refused = client
        .post(format!("{address}/api/auth/login"))
        .json(&json!({"email": tests::DIRECTOR, "password": tests::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refused.status(), 401, "no demo director on a real database");
}

#[tokio::test]
async fn the_synthetic_generator_makes_a_skewed_certified_program_only_in_an_empty_database() {
    let (url, _) = tests::fresh_database_url()
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let conn = db::connect(&url).await.unwrap_or_else(|e| panic!("{e:#}"));
    let data = workspace_root().join("data");
    db::seed::ensure_taxonomy(&conn, &data)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let taxonomy = db::seed::read_taxonomy(&data).unwrap_or_else(|e| panic!("{e:#}"));
    let spec = db::synthetic::Spec {
        students: 600,
        projects: 240,
        faculty: 60,
        seed: 7,
    };
    let report = db::synthetic::generate(&conn, &taxonomy, spec)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(
        (report.students, report.projects, report.faculty),
        (600, 240, 60)
    );
    // Most students certified a list of the cycle's maximum (10), and their first choices are
    // skewed: the most wanted project has many, and many projects have none.
    assert!(report.certified > 480 && report.certified < 600, "{report}");
    assert_eq!(report.choices, report.certified * 10, "{report}");
    assert!(report.advisors_ranked > 0, "{report}");
    let firsts = |sql: &'static str| {
        let conn = conn.clone();
        async move {
            let rows = conn
                .query_all_raw(sea_orm::Statement::from_string(
                    conn.get_database_backend(),
                    sql,
                ))
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            rows.iter()
                .map(|r| {
                    r.try_get_by_index::<i64>(0)
                        .unwrap_or_else(|e| panic!("{e}"))
                })
                .collect::<Vec<i64>>()
        }
    };
    let per_project = firsts(
        "SELECT COUNT(*) FROM rank_entries WHERE version = 'certified' AND position = 1 \
         GROUP BY project_id ORDER BY COUNT(*) DESC",
    )
    .await;
    let most = per_project.first().copied().unwrap_or(0);
    assert!(
        most >= 20,
        "the most wanted project has {most} first choices"
    );
    assert!(
        per_project.len() < 200,
        "{} of 240 projects are someone's first choice; many should be nobody's",
        per_project.len()
    );
    // The working list equals the certified one, so the students see no uncertified changes.
    let versions =
        firsts("SELECT COUNT(*) FROM rank_entries GROUP BY version ORDER BY version").await;
    assert_eq!(versions, vec![report.choices as i64; 2]);
    // The same seed again: refused, because the database is no longer empty.
    let again = db::synthetic::generate(&conn, &taxonomy, spec).await;
    let message = again.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("empty database"), "{message}");
}
