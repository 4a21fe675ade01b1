//! Sign-in that holds: failures are counted before a password is checked (racing guesses cannot
//! overrun a limit), the limits are keyed so a stranger cannot lock a person out from that person's
//! own address, and the per-account ceiling holds across addresses. (The 503 of a busy password
//! hasher is a unit test of `credentials::Bounded`.)

use std::collections::HashMap;

use tests::{DEMO_PASSWORD, TestApp, client_from, demo_student_email, spawn_app};

/// The `Retry-After` of a 429, checked to lie within the 15-minute window.
fn retry_after(res: &reqwest::Response) -> u64 {
    let secs = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=15 * 60).contains(&secs), "Retry-After {secs}");
    secs
}

/// `n` wrong passwords for `email` through `client`, one after the other; each must answer 401.
async fn fail(app: &TestApp, client: &reqwest::Client, email: &str, n: usize) {
    for i in 1..=n {
        let res = app.try_login_with(client, email, "not the password").await;
        assert_eq!(res.status(), 401, "failure {i} for {email}");
    }
}

#[tokio::test]
async fn forty_parallel_wrong_passwords_get_five_401s_and_thirty_five_429s() {
    let app = spawn_app().await;
    let email = demo_student_email(5);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let (client, url, email) = (
            app.client.clone(),
            app.url("/api/auth/login"),
            email.clone(),
        );
        set.spawn(async move {
            let res = client
                .post(url)
                .json(&serde_json::json!({"email": email, "password": "not the password"}))
                .send()
                .await
                .unwrap_or_else(|e| panic!("login: {e}"));
            let status = res.status().as_u16();
            if status == 429 {
                retry_after(&res);
            }
            status
        });
    }
    let mut counts: HashMap<u16, usize> = HashMap::new();
    while let Some(status) = set.join_next().await {
        let status = status.unwrap_or_else(|e| panic!("login task: {e}"));
        *counts.entry(status).or_default() += 1;
    }
    assert_eq!(counts.get(&401), Some(&5), "{counts:?}");
    assert_eq!(counts.get(&429), Some(&35), "{counts:?}");
    // The limit is used up: even the right password waits now.
    let res = app.try_login(&email, DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429);
    retry_after(&res);
}

#[tokio::test]
async fn a_stranger_who_uses_up_the_limit_does_not_lock_the_owner_out_of_their_own_address() {
    let app = spawn_app().await;
    let owner = demo_student_email(6);
    let stranger = client_from("127.0.0.2");
    fail(&app, &stranger, &owner, 5).await;
    let res = app
        .try_login_with(&stranger, &owner, "not the password")
        .await;
    assert_eq!(res.status(), 429, "the stranger's place is used up");
    retry_after(&res);
    let res = app.try_login_with(&stranger, &owner, DEMO_PASSWORD).await;
    assert_eq!(
        res.status(),
        429,
        "even with the right password, from there"
    );
    // The owner, at 127.0.0.1, signs in.
    let s = app.login_as(&owner).await;
    assert_eq!(s.me.email.as_str(), owner);
}

#[tokio::test]
async fn the_per_account_ceiling_of_fifty_holds_across_addresses() {
    let app = spawn_app().await;
    let email = demo_student_email(7);
    // Ten addresses, five failures each: no (account, address) limit is passed, but together
    // they reach the account's ceiling.
    for n in 2..=11 {
        fail(&app, &client_from(&format!("127.0.0.{n}")), &email, 5).await;
    }
    for ip in ["127.0.0.12", "127.0.0.1"] {
        let res = app
            .try_login_with(&client_from(ip), &email, DEMO_PASSWORD)
            .await;
        assert_eq!(res.status(), 429, "from {ip}, after 50 failures in all");
        retry_after(&res);
    }
    // The ceiling is this account's: another signs in from a fresh address.
    let res = app
        .try_login_with(
            &client_from("127.0.0.12"),
            &demo_student_email(8),
            DEMO_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn twenty_failures_from_one_address_over_several_accounts_refuse_that_address() {
    let app = spawn_app().await;
    let client = client_from("127.0.0.20");
    for n in 10..14 {
        fail(&app, &client, &demo_student_email(n), 5).await;
    }
    let res = app
        .try_login_with(&client, &demo_student_email(14), DEMO_PASSWORD)
        .await;
    assert_eq!(res.status(), 429, "the address has used its 20");
    retry_after(&res);
    // Those accounts' owners, elsewhere, are not refused.
    app.login_as(&demo_student_email(10)).await;
}
