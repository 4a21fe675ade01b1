//! `thesis-match user add` and `thesis-match import`, run as processes against a fresh SQLite file:
//! the password comes from the environment or standard input (never argv), bad input exits non-zero
//! with a message naming the problem, and a refused import stores nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fresh_db() -> String {
    let dir = std::env::temp_dir().join("thesis-match-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let file = dir.join(format!("cli-{}-{nanos}.db", std::process::id()));
    format!("sqlite://{}?mode=rwc", file.display())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(db: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thesis-match"));
    cmd.args(args)
        .current_dir(root())
        .env("DATABASE_URL", db)
        .env_remove("THESIS_MATCH_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn can_sign_in(db: &str, email: &str, password: &str) -> bool {
    let conn = backend::db::connect(db).await.unwrap();
    let email = shared::Email::parse(email).unwrap();
    let user = backend::db::accounts::account_by_email(&conn, &email)
        .await
        .unwrap();
    match user.and_then(|u| u.password_hash) {
        Some(hash) => backend::credentials::verify_password(&hash, password).unwrap(),
        None => false,
    }
}

#[tokio::test]
async fn user_add_reads_the_password_from_the_environment_or_stdin_never_argv() {
    let db = fresh_db();
    let out = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "Head@Univ.Example",
            "--role",
            "director",
        ],
        &[("THESIS_MATCH_PASSWORD", "a long enough passphrase")],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created director account head@univ.example"));
    assert!(can_sign_in(&db, "head@univ.example", "a long enough passphrase").await);
    // From standard input, replacing the password of the same account.
    let out = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "head@univ.example",
            "--role",
            "director",
        ],
        &[],
        "another long passphrase\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(can_sign_in(&db, "head@univ.example", "another long passphrase").await);
    // A short password, an unknown role, a faculty account without its record: refused, named.
    let short = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@u.example",
            "--role",
            "director",
        ],
        &[],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains("at least 12 characters"),
        "{}",
        text(&short.stderr)
    );
    let role = run(
        &db,
        &["user", "add", "--email", "x@u.example", "--role", "dean"],
        &[("THESIS_MATCH_PASSWORD", "a long enough passphrase")],
        "",
    );
    assert!(
        text(&role.stderr).contains("unknown role 'dean'"),
        "{}",
        text(&role.stderr)
    );
    let unlinked = run(
        &db,
        &["user", "add", "--email", "x@u.example", "--role", "faculty"],
        &[("THESIS_MATCH_PASSWORD", "a long enough passphrase")],
        "",
    );
    assert!(!unlinked.status.success());
    assert!(
        text(&unlinked.stderr).contains("--link"),
        "{}",
        text(&unlinked.stderr)
    );
}

#[tokio::test]
async fn import_from_the_command_line_refuses_a_bad_file_whole_then_takes_a_good_one() {
    let db = fresh_db();
    let bad = std::env::temp_dir().join(format!("tm-bad-labs-{}.csv", std::process::id()));
    std::fs::write(
        &bad,
        "slug,name,school,department,description,areas\nok-lab,OK Lab,S,D,fine,imaging\nBad Slug,X,S,D,d,astrology\n",
    )
    .unwrap();
    let out = run(
        &db,
        &["import", "--kind", "labs", bad.to_str().unwrap()],
        &[],
        "",
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("line 3, column slug"), "{err}");
    assert!(err.contains("line 3, column areas"), "{err}");
    assert!(err.contains("nothing was stored"), "{err}");
    let good = root().join("data/import/labs.csv");
    let out = run(
        &db,
        &["import", "--kind", "labs", good.to_str().unwrap()],
        &[],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 2 labs"),
        "{}",
        text(&out.stdout)
    );
    let conn = backend::db::connect(&db).await.unwrap();
    let labs = backend::db::catalogue::read::all_labs(&conn).await.unwrap();
    assert_eq!(labs.len(), 2, "only the good file's labs");
}
