//! Our SPA-S engine against the reference implementation, the `matching` package (version 1.4.3,
//! `matching.games.StudentAllocation`), on 1,200 random instances of varied shape, both
//! student-optimal and supervisor-optimal, compared student by student; plus 300 instances whose
//! lists are not reciprocated (supervisors leave out some students who ranked their projects and
//! rank some who did not), which `matching` solves with `clean=True`: our rule (a pair counts only
//! if both sides rank each other) must give the same matchings.
//!
//! A Python virtual environment with `matching==1.4.3` is created under the target directory
//! (`<target>/tmp/reference-venv`) and reused on later runs. If it cannot be created or the
//! package cannot be installed, the test FAILS (it never skips): set `THESIS_MATCH_PYTHON` to a
//! Python 3 interpreter if `python3` is not on the PATH.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use backend::engine::allocation::{Instance, Problem, ProjectInput, StudentInput, SupervisorInput};
use serde_json::Value;

const INSTANCES: u64 = 1_200;
const UNRECIPROCATED: u64 = 300;
const MATCHING: &str = "matching==1.4.3";

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Uniform in `0..n` (n ≥ 1).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// In `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A random instance: 1–60 students, 1–12 supervisors with 1–4 projects each, lists of 0 to
/// `max_len` projects drawn with popularity skew (or uniformly), tight or loose capacities
/// (including project capacities above their supervisor's and supervisors with more room than
/// their projects, which `matching` accepts with a warning). Each supervisor ranks exactly the
/// students who ranked one of their projects, in random order.
fn random_instance(seed: u64, noise: bool) -> Instance {
    let mut r = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
    let n = match r.below(4) {
        0 => r.range(1, 8),
        1 => r.range(1, 25),
        _ => r.range(1, 60),
    };
    let k = r.range(1, 12.min(n + 2));
    let per_sup_max = r.range(1, 4);
    let mut projects = Vec::new();
    for f in 0..k {
        for _ in 0..r.range(1, per_sup_max) {
            projects.push((format!("p{}", projects.len()), f));
        }
    }
    let m = projects.len();
    let tight = r.below(2) == 0;
    let skewed = r.below(3) != 0;
    let max_len = match r.below(4) {
        0 => 1,
        1 => r.range(1, 3),
        2 => r.range(1, 6),
        _ => m,
    }
    .min(m);
    let empty_lists = r.below(5) == 0;
    let project_caps: Vec<i64> = (0..m)
        .map(|_| if tight { r.range(1, 2) } else { r.range(1, 5) } as i64)
        .collect();
    let mut sup_caps = Vec::new();
    for f in 0..k {
        let own: i64 = projects
            .iter()
            .zip(&project_caps)
            .filter(|((_, g), _)| *g == f)
            .map(|(_, c)| *c)
            .sum();
        let cap = match r.below(5) {
            0 => 1,
            1 => own + r.range(0, 3) as i64, // more room than the projects
            _ if tight => 1 + r.below(own.max(1) as usize) as i64,
            _ => own.max(1),
        };
        sup_caps.push(cap.max(1));
    }
    let mut students = Vec::new();
    for s in 0..n {
        let len = if empty_lists && r.below(6) == 0 {
            0
        } else {
            r.range(1, max_len)
        };
        let mut chosen: Vec<usize> = Vec::new();
        let mut guard = 0;
        while chosen.len() < len && guard < 50 * m {
            guard += 1;
            // Popularity skew: the minimum of two uniform draws favours low-numbered projects.
            let p = if skewed {
                r.below(m).min(r.below(m))
            } else {
                r.below(m)
            };
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        students.push(StudentInput {
            id: format!("s{s}"),
            preferences: chosen.iter().map(|&p| projects[p].0.clone()).collect(),
        });
    }
    let mut supervisors = Vec::new();
    for (f, &capacity) in sup_caps.iter().enumerate() {
        let mut ranked: Vec<String> = students
            .iter()
            .filter(|s| {
                s.preferences
                    .iter()
                    .any(|pid| projects.iter().any(|(id, g)| id == pid && *g == f))
            })
            .map(|s| s.id.clone())
            .collect();
        if noise {
            // Leave out about one in four of the students who ranked a project, and rank a
            // couple of students who did not.
            ranked.retain(|_| r.below(4) != 0);
            for _ in 0..r.below(3) {
                let extra = format!("s{}", r.below(n));
                if !ranked.contains(&extra) {
                    ranked.push(extra);
                }
            }
        }
        r.shuffle(&mut ranked);
        supervisors.push(SupervisorInput {
            id: format!("f{f}"),
            capacity,
            preferences: ranked,
        });
    }
    Instance {
        students,
        projects: projects
            .iter()
            .zip(&project_caps)
            .map(|((id, f), cap)| ProjectInput {
                id: id.clone(),
                capacity: *cap,
                supervisor: Some(format!("f{f}")),
            })
            .collect(),
        supervisors,
    }
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not start {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The venv's interpreter, with `matching` 1.4.3 installed (created on first use).
fn reference_python() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reference-venv");
    let python = venv.join("bin").join("python");
    let ready = python.exists()
        && Command::new(&python)
            .args([
                "-c",
                "import matching; assert matching.__version__ == '1.4.3'",
            ])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        let base = std::env::var("THESIS_MATCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        run(
            Command::new(&base)
                .args(["-m", "venv", "--clear"])
                .arg(&venv),
            &format!(
                "`{base} -m venv {}` (install Python 3 with venv, e.g. `apt-get install -y \
                 python3-venv`, or set THESIS_MATCH_PYTHON)",
                venv.display()
            ),
        );
        run(
            Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                MATCHING,
            ]),
            &format!(
                "`pip install {MATCHING}` into {} (is PyPI reachable?)",
                venv.display()
            ),
        );
    }
    python
}

fn assignment_names(problem: &Problem, a: &[Option<u32>]) -> Vec<Value> {
    a.iter()
        .map(|p| match p {
            Some(p) => Value::String(problem.project_id(*p).to_owned()),
            None => Value::Null,
        })
        .collect()
}

#[test]
fn same_matchings_as_matching_1_4_3() {
    let python = reference_python();
    let instances: Vec<(Instance, bool)> = (0..INSTANCES)
        .map(|seed| (random_instance(seed, false), false))
        .chain((0..UNRECIPROCATED).map(|seed| (random_instance(1_000_000 + seed, true), true)))
        .collect();
    let batch: Vec<Value> = instances
        .iter()
        .map(|(inst, clean)| serde_json::json!({"clean": clean, "instance": inst}))
        .collect();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reference-run");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("instances.json");
    let output = dir.join("matching.json");
    std::fs::write(&input, serde_json::to_vec(&batch).unwrap()).unwrap();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/solve_with_matching.py");
    run(
        Command::new(&python).arg(&driver).arg(&input).arg(&output),
        "the reference driver (tests/reference/solve_with_matching.py)",
    );
    let reference: Vec<Value> = serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    assert_eq!(reference.len(), instances.len());

    let mut compared = 0;
    let mut mismatches = Vec::new();
    let (mut students, mut matched, mut ignored) = (0usize, 0usize, 0usize);
    for (i, ((inst, noisy), theirs)) in instances.iter().zip(&reference).enumerate() {
        // The reference's own verdicts (check_validity, check_stability) on its matchings.
        assert_eq!(
            theirs["valid"],
            serde_json::json!([true, true]),
            "instance {i}"
        );
        assert_eq!(
            theirs["stable"],
            serde_json::json!([true, true]),
            "instance {i}"
        );
        let problem = Problem::new(inst).unwrap_or_else(|e| panic!("instance {i}: {e}"));
        if !noisy {
            assert_eq!(
                problem.ignored_entries(),
                0,
                "instance {i}: generator made an unreciprocated entry"
            );
        }
        ignored += problem.ignored_entries();
        for (side, ours) in [
            ("student", problem.student_optimal()),
            ("supervisor", problem.supervisor_optimal()),
        ] {
            compared += 1;
            let names = assignment_names(&problem, &ours);
            let blocking = problem.blocking_pairs(&ours).unwrap();
            assert!(
                blocking.is_empty(),
                "instance {i} {side}: ours has {blocking:?}"
            );
            let map = &theirs[side];
            let differs: Vec<String> = inst
                .students
                .iter()
                .zip(&names)
                .filter(|(s, ours)| &map[&s.id] != *ours)
                .map(|(s, ours)| format!("{}: ours {ours}, matching {}", s.id, map[&s.id]))
                .collect();
            students += inst.students.len();
            matched += ours.iter().filter(|p| p.is_some()).count();
            if !differs.is_empty() {
                mismatches.push(format!(
                    "instance {i} ({side}-optimal): {}\n  instance: {}\n  matching valid/stable: {} {}",
                    differs.join("; "),
                    serde_json::to_string(inst).unwrap(),
                    theirs["valid"],
                    theirs["stable"],
                ));
            }
        }
    }
    println!(
        "compared {compared} solves (({INSTANCES} + {UNRECIPROCATED} unreciprocated) instances x 2), \
         {students} student assignments ({matched} matched, {ignored} unreciprocated entries), \
         {} mismatches",
        mismatches.len()
    );
    assert!(
        ignored > 100,
        "the unreciprocated instances have only {ignored} such entries"
    );
    assert!(
        mismatches.is_empty(),
        "{} of {compared} solves differ from matching 1.4.3; first ones:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
