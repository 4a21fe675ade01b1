//! The database's refusals, classified once by what refused them (`backend::db::error`), on SQLite
//! and PostgreSQL alike; and a write that can race relying on the unique index, not a prior read.

use backend::db::{self, ConstraintKind};
use sea_orm::ConnectionTrait;
use serde_json::json;
use shared::Project;
use tests::{demo_faculty_email, ok_json, spawn_app};

#[tokio::test]
async fn a_refusal_is_classified_by_the_constraint_that_refused_it() {
    let app = spawn_app().await;
    let conn = db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let refusal = |sql: &'static str| {
        let conn = conn.clone();
        async move {
            let err = conn
                .execute_unprepared(sql)
                .await
                .err()
                .unwrap_or_else(|| panic!("{sql} was accepted"));
            let c = db::error::constraint_of(&err).unwrap_or_else(|| panic!("{sql}: {err}"));
            (c, db::Error::from(err))
        }
    };
    // A dangling advisor: a bad reference, never a conflict.
    let (c, e) = refusal(
        "INSERT INTO projects (slug, title, summary, description, faculty_id, keywords, \
         required_skills, preferred_backgrounds, capacity, status, search_text, created_at, \
         updated_at) VALUES ('orphan', 't', 's', 'd', 999999, '[]', '[]', '[]', 1, 'open', '', \
         CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    )
    .await;
    assert_eq!(c.kind, ConstraintKind::ForeignKey);
    assert!(matches!(e, db::Error::BadReference { .. }), "{e:?}");
    // A taken slug: the unique index, named.
    let (c, e) =
        refusal("UPDATE projects SET slug = (SELECT slug FROM projects WHERE id = 2) WHERE id = 1")
            .await;
    assert_eq!(c.kind, ConstraintKind::Unique);
    assert!(c.names("slug"), "{c:?}");
    assert!(c.message().contains("slug"), "{c:?}: {}", c.message());
    assert!(matches!(e, db::Error::Conflict { .. }), "{e:?}");
    // A capacity below zero: a CHECK.
    let (c, e) = refusal("UPDATE projects SET capacity = -1 WHERE id = 1").await;
    assert_eq!(c.kind, ConstraintKind::Check);
    assert!(matches!(e, db::Error::Conflict { .. }), "{e:?}");
}

#[tokio::test]
async fn projects_created_at_the_same_moment_under_one_title_all_get_their_own_slug() {
    let app = spawn_app().await;
    let f = app
        .login_as(&demo_faculty_email("mara-okonkwo-vance"))
        .await;
    let body = json!({
        "title": "Federated learning for sepsis alerts",
        "summary": "Train sepsis alerts across hospitals without sharing records.",
        "areas": ["signals"],
        "keywords": ["sepsis"],
        "capacity": 1,
        "status": "draft"
    });
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (f, body) = (f.clone(), body.clone());
        set.spawn(async move { f.post_json("/api/projects", &body).await });
    }
    let mut slugs = Vec::new();
    while let Some(res) = set.join_next().await {
        let res = res.unwrap_or_else(|e| panic!("creation task: {e}"));
        assert_eq!(res.status(), 201, "every creation succeeds");
        let p: Project = ok_json(res, "create").await;
        slugs.push(p.slug);
    }
    slugs.sort();
    let n = slugs.len();
    slugs.dedup();
    assert_eq!(slugs.len(), n, "slugs are distinct: {slugs:?}");
    assert!(slugs.contains(&"federated-learning-for-sepsis-alerts".to_owned()));
}
