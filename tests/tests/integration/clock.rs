//! Expiry, tested with the server's clock in the test's hand (`Config::clock`): a session ends
//! after the idle timeout and after the absolute lifetime however often it is used; a reset link
//! works once and not after 72 hours; a password change ends the account's other sessions; and
//! rows past every window are pruned while rows inside it stay. Each limit is checked just before
//! (works) and at (refused) its edge.

use std::time::{Duration as StdDuration, Instant};

use backend::clock::ManualClock;
use chrono::Duration;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::json;
use shared::ResetLink;
use tests::{
    DEMO_PASSWORD, Session, TestApp, client_from, demo_student_email, manual_clock, ok_json,
    spawn_app_with,
};

async fn app_with_clock() -> (TestApp, ManualClock) {
    let clock = manual_clock();
    let app = spawn_app_with(|c| c.clock = clock.clock()).await;
    (app, clock)
}

/// The status of `GET /api/me` with this session.
async fn me_status(s: &Session) -> u16 {
    s.get("/api/me").await.status().as_u16()
}

#[tokio::test]
async fn a_session_unused_for_the_idle_timeout_is_refused_and_one_used_within_it_lives_on() {
    let (app, clock) = app_with_clock().await;
    let email = demo_student_email(3);
    let used = app.login_as(&email).await;
    let unused = app.login_as(&email).await;
    // Idle timeout 480 minutes (the default).
    clock.advance(Duration::minutes(479));
    assert_eq!(
        me_status(&used).await,
        200,
        "one minute before the idle limit"
    );
    clock.advance(Duration::minutes(1));
    assert_eq!(
        me_status(&unused).await,
        401,
        "480 minutes without a request"
    );
    assert_eq!(
        me_status(&used).await,
        200,
        "used a minute ago: lives on past 480 minutes from sign-in"
    );
    clock.advance(Duration::minutes(479));
    assert_eq!(me_status(&used).await, 200, "959 minutes after sign-in");
    clock.advance(Duration::minutes(480));
    assert_eq!(
        me_status(&used).await,
        401,
        "480 minutes after its last use"
    );
    assert_eq!(
        me_status(&unused).await,
        401,
        "an ended session stays ended"
    );
    // The account itself is fine: a new sign-in works.
    assert_eq!(me_status(&app.login_as(&email).await).await, 200);
}

#[tokio::test]
async fn a_session_used_every_four_hours_is_still_refused_seven_days_after_sign_in() {
    let (app, clock) = app_with_clock().await;
    let email = demo_student_email(4);
    let s = app.login_as(&email).await;
    // 41 × 4 h = 6 days 20 hours, never idle for more than 4 hours.
    for i in 1..=41 {
        clock.advance(Duration::hours(4));
        assert_eq!(me_status(&s).await, 200, "after {} hours", 4 * i);
    }
    clock.advance(Duration::hours(3) + Duration::minutes(59));
    assert_eq!(me_status(&s).await, 200, "one minute before seven days");
    clock.advance(Duration::minutes(1));
    assert_eq!(
        me_status(&s).await,
        401,
        "seven days after sign-in, though used a minute ago"
    );
    assert_eq!(me_status(&app.login_as(&email).await).await, 200);
}

#[tokio::test]
async fn the_absolute_lifetime_follows_its_setting() {
    let clock = manual_clock();
    let app = spawn_app_with(|c| {
        c.clock = clock.clock();
        c.session_lifetime_days = 1;
    })
    .await;
    let s = app.login_as(&demo_student_email(4)).await;
    for _ in 0..5 {
        clock.advance(Duration::hours(4));
        assert_eq!(me_status(&s).await, 200);
    }
    clock.advance(Duration::hours(3) + Duration::minutes(59));
    assert_eq!(me_status(&s).await, 200, "23 h 59 min after sign-in");
    clock.advance(Duration::minutes(1));
    assert_eq!(me_status(&s).await, 401, "a day after sign-in");
}

/// A reset link for `user` issued by the director; checks its stated expiry against the clock.
async fn reset_link(app: &TestApp, clock: &ManualClock, user: shared::UserId) -> String {
    let director = app.director().await;
    let link: ResetLink = ok_json(
        director
            .post_json(&format!("/api/users/{user}/reset-link"), &json!({}))
            .await,
        "reset link",
    )
    .await;
    assert_eq!(link.expires_at, clock.now() + Duration::hours(72));
    link.path
        .split("token=")
        .nth(1)
        .unwrap_or_else(|| panic!("no token in {}", link.path))
        .to_owned()
}

async fn use_link(app: &TestApp, token: &str, password: &str) -> u16 {
    app.post_json(
        "/api/auth/reset",
        &json!({"token": token, "new_password": password}),
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test]
async fn a_reset_link_works_once_and_not_once_seventy_two_hours_have_passed() {
    let (app, clock) = app_with_clock().await;
    let email = demo_student_email(6);
    let student = app.login_as(&email).await;

    let first = reset_link(&app, &clock, student.me.id).await;
    clock.advance(Duration::hours(71) + Duration::minutes(59));
    assert_eq!(
        use_link(&app, &first, "first new passphrase").await,
        204,
        "one minute before it expires"
    );
    app.login(&email, "first new passphrase").await;
    assert_eq!(
        use_link(&app, &first, "second new passphrase").await,
        422,
        "a used link"
    );
    app.login(&email, "first new passphrase").await;

    let second = reset_link(&app, &clock, student.me.id).await;
    clock.advance(Duration::hours(72));
    assert_eq!(
        use_link(&app, &second, "third new passphrase").await,
        422,
        "72 hours after it was issued"
    );
    app.login(&email, "first new passphrase").await;
    let refused = app.try_login(&email, "third new passphrase").await;
    assert_eq!(refused.status(), 401, "the expired link changed nothing");
}

#[tokio::test]
async fn a_reset_ends_every_session_of_the_account() {
    let (app, clock) = app_with_clock().await;
    let email = demo_student_email(7);
    let student = app.login_as(&email).await;
    let other = app.login_as(&demo_student_email(8)).await;
    let token = reset_link(&app, &clock, student.me.id).await;
    clock.advance(Duration::minutes(30));
    assert_eq!(me_status(&student).await, 200);
    assert_eq!(use_link(&app, &token, "a fresh passphrase").await, 204);
    assert_eq!(me_status(&student).await, 401);
    assert_eq!(me_status(&other).await, 200, "another account's session");
}

#[tokio::test]
async fn a_password_change_ends_the_accounts_other_sessions_and_keeps_this_one() {
    let (app, clock) = app_with_clock().await;
    let email = demo_student_email(9);
    let here = app.login_as(&email).await;
    let elsewhere = app.login_as(&email).await;
    let someone_else = app.login_as(&demo_student_email(10)).await;
    clock.advance(Duration::hours(1));
    assert_eq!(me_status(&elsewhere).await, 200);
    let res = here
        .post_json(
            "/api/me/password",
            &json!({"current_password": DEMO_PASSWORD, "new_password": "a much longer one"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(me_status(&elsewhere).await, 401, "the other session ended");
    assert_eq!(me_status(&here).await, 200, "the session that changed it");
    assert_eq!(me_status(&someone_else).await, 200, "another account");
    // The kept session goes on under the usual limits: alive within the idle timeout, and it
    // did not bring the other one back.
    clock.advance(Duration::minutes(479));
    assert_eq!(me_status(&here).await, 200);
    assert_eq!(me_status(&elsewhere).await, 401);
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<i64>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Waits (up to 15 s) until `sql` counts `want` rows; the background pruner runs every poll.
async fn eventually(db: &DatabaseConnection, sql: &str, want: i64) {
    let start = Instant::now();
    loop {
        let n = count(db, sql).await;
        if n == want {
            return;
        }
        assert!(
            start.elapsed() < StdDuration::from_secs(15),
            "{sql}: still {n}, want {want}"
        );
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn rows_past_their_window_are_pruned_and_rows_inside_it_stay() {
    let clock = manual_clock();
    let app = spawn_app_with(|c| {
        c.clock = clock.clock();
        c.prune_every_secs = 0;
    })
    .await;
    let db = backend::db::connect(&app.database_url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let (old_guess, new_guess) = (demo_student_email(11), demo_student_email(12));

    // At t0: two failed sign-ins from 127.0.0.1, a session, a used and an unused reset link.
    for _ in 0..2 {
        assert_eq!(app.try_login(&old_guess, "wrong").await.status(), 401);
    }
    let old_session = app.login_as(&demo_student_email(13)).await;
    let user = old_session.me.id;
    let used = reset_link(&app, &clock, user).await;
    let _unused = reset_link(&app, &clock, user).await;
    assert_eq!(use_link(&app, &used, "a passphrase of mine").await, 204);
    let failures =
        |email: &str| format!("SELECT COUNT(*) FROM login_failures WHERE email = '{email}'");
    let locks = |key: &str| format!("SELECT COUNT(*) FROM login_locks WHERE key = '{key}'");
    let resets = format!("SELECT COUNT(*) FROM password_resets WHERE user_id = {user}");
    assert_eq!(count(&db, &failures(&old_guess)).await, 2);
    assert_eq!(count(&db, &resets).await, 2);

    // Five minutes on (the margin), the used link goes; nothing else is old enough.
    clock.advance(Duration::minutes(5));
    eventually(&db, &resets, 1).await;
    assert_eq!(count(&db, &failures(&old_guess)).await, 2);
    assert_eq!(count(&db, &locks(&format!("account:{old_guess}"))).await, 1);

    // Past the 15-minute window and the margin: t0's failures and limit rows go, a failure
    // made now (from 127.0.0.2) stays.
    clock.advance(Duration::minutes(16));
    let from2 = client_from("127.0.0.2");
    let res = app.try_login_with(&from2, &new_guess, "wrong").await;
    assert_eq!(res.status(), 401);
    eventually(&db, &failures(&old_guess), 0).await;
    eventually(&db, &locks(&format!("account:{old_guess}")), 0).await;
    eventually(&db, &locks("addr:127.0.0.1"), 0).await;
    assert_eq!(
        count(&db, &failures(&new_guess)).await,
        1,
        "inside the window"
    );
    assert_eq!(count(&db, &locks(&format!("account:{new_guess}"))).await, 1);
    assert_eq!(count(&db, &locks("addr:127.0.0.2")).await, 1);
    assert_eq!(count(&db, &resets).await, 1, "the unused link has 72 hours");

    // Three days on: t0's session (idle) and the unused link (expired) go; a session and a link
    // made now stay.
    let sessions =
        |who: shared::UserId| format!("SELECT COUNT(*) FROM sessions WHERE user_id = {who}");
    assert_eq!(count(&db, &sessions(user)).await, 0, "the reset ended them");
    let kept = app
        .login(&demo_student_email(13), "a passphrase of mine")
        .await;
    let idle = app.login_as(&demo_student_email(14)).await;
    clock.advance(Duration::hours(72));
    let fresh = app.login_as(&demo_student_email(14)).await;
    let _live = reset_link(&app, &clock, user).await;
    eventually(&db, &resets, 1).await;
    eventually(&db, &sessions(kept.me.id), 0).await;
    assert_eq!(count(&db, &sessions(idle.me.id)).await, 1, "the fresh one");
    assert_eq!(me_status(&fresh).await, 200);
    assert_eq!(me_status(&idle).await, 401);
}

#[tokio::test]
async fn a_prune_run_deletes_at_most_its_bound_and_the_next_run_the_rest() {
    use backend::db::entities::login_failure;
    use backend::db::prune::{Bound, run_bounded};
    use sea_orm::{EntityTrait, Set};

    let (url, _) = tests::fresh_database_url()
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let db = backend::db::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let now = manual_clock().now();
    let failure = |email: &str, age: Duration| login_failure::ActiveModel {
        email: Set(email.to_owned()),
        client_addr: Set("192.0.2.1".to_owned()),
        at: Set(now - age),
        ..Default::default()
    };
    let mut rows: Vec<_> = (0..7)
        .map(|_| failure("old@x.edu", Duration::hours(1)))
        .collect();
    rows.push(failure("recent@x.edu", Duration::minutes(10)));
    login_failure::Entity::insert_many(rows)
        .exec(&db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let bound = Bound {
        batch: 3,
        batches: 2,
    };
    let week = Duration::days(7);
    let first = run_bounded(&db, now, week, bound)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(first.login_failures, 6, "two batches of three");
    let all = "SELECT COUNT(*) FROM login_failures";
    assert_eq!(count(&db, all).await, 2);
    let second = run_bounded(&db, now, week, bound)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(second.login_failures, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM login_failures WHERE email = 'recent@x.edu'"
        )
        .await,
        1,
        "ten minutes old: inside the window"
    );
    assert_eq!(count(&db, all).await, 1);
}
