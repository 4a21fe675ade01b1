//! The `thesis-match allocate` contract, run as a process: JSON on stdout only, every student in
//! input order, one-line errors naming the offending id, non-zero exit on bad input, and no
//! database (the URL points at a directory that does not exist).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const EXAMPLE: &str = r#"{
  "students":    [{"id": "s9", "preferences": ["p1", "p2"]}, {"id": "s1", "preferences": ["p1"]},
                  {"id": "s5", "preferences": []}],
  "projects":    [{"id": "p1", "capacity": 1, "supervisor": "f1"},
                  {"id": "p2", "capacity": 1, "supervisor": "f1"}],
  "supervisors": [{"id": "f1", "capacity": 3, "preferences": ["s1", "s9"]}]
}"#;

fn allocate(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thesis-match"))
        .arg("allocate")
        .args(args)
        .env("DATABASE_URL", "sqlite:///nonexistent/dir/never.db")
        .env("RUST_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document")
}

#[test]
fn student_optimal_by_default_with_every_student_in_input_order() {
    let out = allocate(&["--input", "-"], EXAMPLE);
    let v = json(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let (a, b, c) = (
        text.find("\"s9\"").unwrap(),
        text.find("\"s1\"").unwrap(),
        text.find("\"s5\"").unwrap(),
    );
    assert!(a < b && b < c, "assignments not in input order: {text}");
    assert_eq!(v["assignments"]["s9"], "p2");
    assert_eq!(v["assignments"]["s1"], "p1");
    assert_eq!(v["assignments"]["s5"], serde_json::Value::Null);
    assert_eq!(v["stable"], true);
    assert_eq!(v["blocking_pairs"], serde_json::json!([]));
    assert_eq!(v["stats"]["matched"], 2);
    assert_eq!(v["stats"]["unmatched"], 1);
    assert_eq!(v["stats"]["rank_histogram"], serde_json::json!([1, 1]));
    assert!(v["stats"]["seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(v["unmatched"][0]["reason"], "empty_list");
    assert_eq!(v["optimal"], "student");
}

#[test]
fn supervisor_optimal_and_welfare_modes() {
    let file = std::env::temp_dir().join(format!("allocate-{}.json", std::process::id()));
    std::fs::write(&file, EXAMPLE).unwrap();
    let path = file.to_str().unwrap();
    let v = json(&allocate(&["--input", path, "--optimal", "supervisor"], ""));
    assert_eq!(v["optimal"], "supervisor");
    assert_eq!(v["stable"], true);
    let v = json(&allocate(&["--input", path, "--mode", "welfare"], ""));
    assert_eq!(v["mode"], "welfare");
    assert_eq!(v["stats"]["matched"], 2);
    std::fs::remove_file(&file).ok();
}

fn fails_with(input: &str, message: &str) {
    let out = allocate(&["--input", "-"], input);
    assert!(!out.status.success(), "accepted: {input}");
    assert!(out.stdout.is_empty(), "wrote to stdout on error");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "not one line: {err}");
    assert!(err.contains(message), "{err:?} lacks {message:?}");
}

#[test]
fn bad_input_is_one_line_naming_the_offender() {
    fails_with(
        &EXAMPLE.replace(r#""supervisor": "f1"}"#, r#""supervisor": "f9"}"#),
        r#"project "p1" names unknown supervisor "f9""#,
    );
    fails_with(
        &EXAMPLE.replace(r#""capacity": 3"#, r#""capacity": -3"#),
        r#"supervisor "f1" has capacity -3"#,
    );
    fails_with(
        &EXAMPLE.replace(
            r#""capacity": 1, "supervisor": "f1"}"#,
            r#""capacity": 0, "supervisor": "f1"}"#,
        ),
        r#"project "p1" has capacity 0"#,
    );
    fails_with(
        &EXAMPLE.replace(r#", "supervisor": "f1"}"#, "}"),
        r#"project "p1" has no supervisor"#,
    );
    fails_with(
        &EXAMPLE.replace(r#""id": "s5""#, r#""id": "s1""#),
        r#"duplicate student id "s1""#,
    );
    fails_with(
        &EXAMPLE.replace(r#"["p1", "p2"]"#, r#"["p1", "p7"]"#),
        r#"student "s9" ranks unknown project "p7""#,
    );
    fails_with("{\"students\": [", "invalid JSON in standard input");
}
