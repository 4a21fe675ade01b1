use super::*;
use proptest::prelude::*;

fn instance(
    students: &[(&str, &[&str])],
    projects: &[(&str, i64, &str)],
    supervisors: &[(&str, i64, &[&str])],
) -> Instance {
    Instance {
        students: students
            .iter()
            .map(|(id, prefs)| StudentInput {
                id: (*id).to_owned(),
                preferences: prefs.iter().map(|p| (*p).to_owned()).collect(),
            })
            .collect(),
        projects: projects
            .iter()
            .map(|(id, cap, sup)| ProjectInput {
                id: (*id).to_owned(),
                capacity: *cap,
                supervisor: Some((*sup).to_owned()),
            })
            .collect(),
        supervisors: supervisors
            .iter()
            .map(|(id, cap, prefs)| SupervisorInput {
                id: (*id).to_owned(),
                capacity: *cap,
                preferences: prefs.iter().map(|s| (*s).to_owned()).collect(),
            })
            .collect(),
    }
}

/// `student -> project` names, for readable assertions.
fn named(problem: &Problem, a: &[Option<u32>]) -> Vec<(String, Option<String>)> {
    a.iter()
        .enumerate()
        .map(|(s, p)| {
            (
                problem.student_id(s as u32).to_owned(),
                p.map(|p| problem.project_id(p).to_owned()),
            )
        })
        .collect()
}

fn expect(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(s, p)| ((*s).to_owned(), p.map(str::to_owned)))
        .collect()
}

/// The worked example of `matching`'s documentation ("discussion" page of the student
/// allocation problem; also `tests/students_allocation/test_examples.py::test_example_in_docs`
/// of daffidwilde/matching): X1 = [A, C], X2 = [], Y1 = [D], Y2 = [B, E]. Checked against
/// `matching` 1.4.3, which gives the same matching for both optimal="student" and "supervisor".
#[test]
fn golden_matching_docs_example() {
    let inst = instance(
        &[
            ("A", &["X1", "X2"]),
            ("B", &["Y2", "X2", "Y1"]),
            ("C", &["X1", "Y1", "X2"]),
            ("D", &["Y2", "X1", "Y1"]),
            ("E", &["X1", "Y2", "X2", "Y1"]),
        ],
        &[
            ("X1", 2, "X"),
            ("X2", 2, "X"),
            ("Y1", 2, "Y"),
            ("Y2", 2, "Y"),
        ],
        &[
            ("X", 3, &["B", "C", "A", "E", "D"]),
            ("Y", 3, &["B", "C", "E", "D"]),
        ],
    );
    let problem = Problem::new(&inst).unwrap();
    let want = expect(&[
        ("A", Some("X1")),
        ("B", Some("Y2")),
        ("C", Some("X1")),
        ("D", Some("Y1")),
        ("E", Some("Y2")),
    ]);
    assert_eq!(named(&problem, &problem.student_optimal()), want);
    assert_eq!(named(&problem, &problem.supervisor_optimal()), want);
    let a = problem.solve(Mode::Stable(Optimal::Student));
    assert!(a.blocking_pairs.is_empty());
    assert_eq!(a.stats.matched, 5);
    assert_eq!(a.stats.rank_histogram, vec![3, 1, 1, 0]); // D gets its 3rd, E its 2nd choice
}

/// The paper's Fig. 1 instance (SPA-student), as in `matching`'s own test suite.
#[test]
fn golden_paper_student_optimal() {
    let inst = instance(
        &[
            ("S1", &["P1", "P7"]),
            ("S2", &["P1", "P2", "P3", "P4", "P5", "P6"]),
            ("S3", &["P2", "P1", "P4"]),
            ("S4", &["P2"]),
            ("S5", &["P1", "P2", "P3", "P4"]),
            ("S6", &["P2", "P3", "P4", "P5", "P6"]),
            ("S7", &["P5", "P3", "P8"]),
        ],
        &[
            ("P1", 2, "L1"),
            ("P2", 1, "L1"),
            ("P3", 1, "L1"),
            ("P4", 1, "L2"),
            ("P5", 1, "L2"),
            ("P6", 1, "L2"),
            ("P7", 1, "L3"),
            ("P8", 1, "L3"),
        ],
        &[
            ("L1", 3, &["S7", "S4", "S1", "S3", "S2", "S5", "S6"]),
            ("L2", 2, &["S3", "S2", "S6", "S7", "S5"]),
            ("L3", 2, &["S1", "S7"]),
        ],
    );
    let problem = Problem::new(&inst).unwrap();
    let a = problem.solve(Mode::Stable(Optimal::Student));
    assert_eq!(
        named(&problem, &a.assignment),
        expect(&[
            ("S1", Some("P1")),
            ("S2", Some("P5")),
            ("S3", Some("P4")),
            ("S4", Some("P2")),
            ("S5", None),
            ("S6", None),
            ("S7", Some("P3")),
        ])
    );
    assert!(a.blocking_pairs.is_empty());
    assert_eq!(
        a.stats.unmatched_students,
        vec![
            (4, UnmatchedReason::AllChoicesFull),
            (5, UnmatchedReason::AllChoicesFull)
        ]
    );
}

/// The paper's Fig. 6 instance (SPA-lecturer), as in `matching`'s own test suite.
#[test]
fn golden_paper_supervisor_optimal() {
    let inst = instance(
        &[
            ("S1", &["P3", "P1"]),
            ("S2", &["P1", "P3"]),
            ("S3", &["P4", "P2"]),
            ("S4", &["P2", "P4"]),
        ],
        &[
            ("P1", 1, "L1"),
            ("P2", 1, "L1"),
            ("P3", 1, "L2"),
            ("P4", 1, "L2"),
        ],
        &[
            ("L1", 2, &["S1", "S2", "S3", "S4"]),
            ("L2", 2, &["S2", "S1", "S4", "S3"]),
        ],
    );
    let problem = Problem::new(&inst).unwrap();
    assert_eq!(
        named(&problem, &problem.supervisor_optimal()),
        expect(&[
            ("S1", Some("P1")),
            ("S2", Some("P3")),
            ("S3", Some("P2")),
            ("S4", Some("P4")),
        ])
    );
    // Students get their first choices in the student-optimal matching.
    assert_eq!(
        named(&problem, &problem.student_optimal()),
        expect(&[
            ("S1", Some("P3")),
            ("S2", Some("P1")),
            ("S3", Some("P4")),
            ("S4", Some("P2")),
        ])
    );
}

#[test]
fn validation_names_the_offender() {
    let ok = || {
        instance(
            &[("s1", &["p1"]), ("s2", &["p1"])],
            &[("p1", 1, "f1")],
            &[("f1", 1, &["s1", "s2"])],
        )
    };
    let err = |i: Instance| Problem::new(&i).unwrap_err().to_string();
    let mut i = ok();
    i.projects[0].supervisor = Some("f9".into());
    assert_eq!(err(i), "project \"p1\" names unknown supervisor \"f9\"");
    let mut i = ok();
    i.projects[0].supervisor = None;
    assert_eq!(err(i), "project \"p1\" has no supervisor");
    let mut i = ok();
    i.projects[0].capacity = -2;
    assert!(err(i).contains("project \"p1\" has capacity -2"));
    let mut i = ok();
    i.supervisors[0].capacity = 0;
    assert!(err(i).contains("supervisor \"f1\" has capacity 0"));
    let mut i = ok();
    i.students[1].id = "s1".into();
    assert_eq!(err(i), "duplicate student id \"s1\"");
    let mut i = ok();
    i.students[0].preferences.push("p7".into());
    assert_eq!(err(i), "student \"s1\" ranks unknown project \"p7\"");
    let mut i = ok();
    i.supervisors[0].preferences.push("s9".into());
    assert_eq!(err(i), "supervisor \"f1\" ranks unknown student \"s9\"");
    let mut i = ok();
    i.students[0].preferences.push("p1".into());
    assert_eq!(err(i), "student \"s1\" ranks \"p1\" more than once");
    let mut i = ok();
    i.supervisors[0].preferences.push("s2".into());
    assert_eq!(err(i), "supervisor \"f1\" ranks \"s2\" more than once");
}

#[test]
fn unreciprocated_entries_are_ignored_and_explained() {
    // s2 ranks p1, but f1 does not rank s2; s3 ranks nothing.
    let inst = instance(
        &[("s1", &["p1"]), ("s2", &["p1"]), ("s3", &[])],
        &[("p1", 2, "f1")],
        &[("f1", 2, &["s1"])],
    );
    let problem = Problem::new(&inst).unwrap();
    assert_eq!(problem.ignored_entries(), 1);
    for mode in [
        Mode::Stable(Optimal::Student),
        Mode::Stable(Optimal::Supervisor),
        Mode::Welfare,
    ] {
        let a = problem.solve(mode);
        assert_eq!(a.assignment, vec![Some(0), None, None]);
        assert!(a.blocking_pairs.is_empty());
        assert_eq!(
            a.stats.unmatched_students,
            vec![
                (1, UnmatchedReason::NotRankedBySupervisor),
                (2, UnmatchedReason::EmptyList)
            ]
        );
        assert_eq!(a.stats.rank_histogram, vec![1]);
    }
}

#[test]
fn checker_reports_each_kind() {
    let inst = instance(
        &[("s1", &["p1", "p2"]), ("s2", &["p1"]), ("s3", &["p2"])],
        &[("p1", 1, "f1"), ("p2", 1, "f1")],
        &[("f1", 2, &["s1", "s2", "s3"])],
    );
    let problem = Problem::new(&inst).unwrap();
    // Nobody assigned: every pair is of kind (i).
    let b = problem.blocking_pairs(&[None, None, None]).unwrap();
    assert_eq!(b.len(), 4);
    assert!(
        b.iter()
            .all(|b| b.kind == BlockingKind::ProjectAndSupervisorUndersubscribed)
    );
    // s2 on p1, s3 on p2: f1 full; s1 is preferred to both: (s1, p1) is of kind (iii).
    let b = problem.blocking_pairs(&[None, Some(0), Some(1)]).unwrap();
    assert_eq!(
        b,
        vec![
            BlockingPair {
                student: 0,
                project: 0,
                kind: BlockingKind::ProjectFull
            },
            BlockingPair {
                student: 0,
                project: 1,
                kind: BlockingKind::ProjectFull
            },
        ]
    );
    // Supervisor capacity 2, s1 on p2 and s3 on ... use a second instance for kind (ii).
    let inst = instance(
        &[("s1", &["p1", "p2"]), ("s2", &["p2"])],
        &[("p1", 1, "f1"), ("p2", 2, "f1")],
        &[("f1", 2, &["s2", "s1"])],
    );
    let problem = Problem::new(&inst).unwrap();
    // f1 full with s1 and s2 both on p2; p1 empty; s1 prefers p1 and is f1's own student.
    let b = problem.blocking_pairs(&[Some(1), Some(1)]).unwrap();
    assert_eq!(
        b,
        vec![BlockingPair {
            student: 0,
            project: 0,
            kind: BlockingKind::ProjectUndersubscribedSupervisorFull
        }]
    );
    assert!(problem.blocking_pairs(&[Some(0), Some(0)]).is_none()); // p1 over capacity
}

// ---- random instances, brute force and properties ------------------------------------

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
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A random instance. Supervisors rank exactly the students who ranked one of their projects
/// (in random order), except that with `noise` some entries are dropped or extra students
/// added, to exercise unreciprocated entries.
fn random_instance(seed: u64, max_n: usize, max_m: usize, max_k: usize, noise: bool) -> Instance {
    let mut r = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let n = 1 + r.below(max_n);
    let k = 1 + r.below(max_k);
    let m = k.max(1 + r.below(max_m));
    let projects: Vec<ProjectInput> = (0..m)
        .map(|p| ProjectInput {
            id: format!("p{p}"),
            capacity: 1 + r.below(3) as i64,
            supervisor: Some(format!("f{}", if p < k { p } else { r.below(k) })),
        })
        .collect();
    let mut students = Vec::new();
    for s in 0..n {
        let len = r.below(m.min(5) + 1);
        let mut all: Vec<usize> = (0..m).collect();
        r.shuffle(&mut all);
        students.push(StudentInput {
            id: format!("s{s}"),
            preferences: all[..len].iter().map(|p| format!("p{p}")).collect(),
        });
    }
    let mut supervisors = Vec::new();
    for f in 0..k {
        let fid = format!("f{f}");
        let mut ranked: Vec<usize> = (0..n)
            .filter(|&s| {
                students[s].preferences.iter().any(|p| {
                    projects
                        .iter()
                        .any(|q| &q.id == p && q.supervisor.as_deref() == Some(&fid))
                })
            })
            .collect();
        if noise {
            if r.below(3) == 0 && !ranked.is_empty() {
                let drop = r.below(ranked.len());
                ranked.remove(drop);
            }
            if r.below(3) == 0 {
                let extra = r.below(n);
                if !ranked.contains(&extra) {
                    ranked.push(extra);
                }
            }
        }
        r.shuffle(&mut ranked);
        supervisors.push(SupervisorInput {
            id: fid,
            capacity: 1 + r.below(4) as i64,
            preferences: ranked.iter().map(|s| format!("s{s}")).collect(),
        });
    }
    Instance {
        students,
        projects,
        supervisors,
    }
}

/// The paper's definition of stability, written directly on the input (names and positions,
/// no dense tables), as an oracle independent of `blocking_pairs`.
#[allow(clippy::nonminimal_bool)] // spelled as the paper's three cases
fn naive_is_stable(inst: &Instance, a: &[Option<u32>]) -> bool {
    let pos = |list: &[String], x: &str| list.iter().position(|y| y == x);
    let sup_of = |p: usize| {
        let sid = inst.projects[p].supervisor.as_deref().unwrap();
        inst.supervisors.iter().position(|f| f.id == sid).unwrap()
    };
    let frank = |f: usize, s: usize| pos(&inst.supervisors[f].preferences, &inst.students[s].id);
    let on = |p: usize| (0..a.len()).filter(move |&s| a[s] == Some(p as u32));
    let on_f =
        |f: usize| (0..a.len()).filter(move |&s| a[s].is_some_and(|p| sup_of(p as usize) == f));
    for (s, st) in inst.students.iter().enumerate() {
        for (i, pid) in st.preferences.iter().enumerate() {
            let p = inst.projects.iter().position(|q| &q.id == pid).unwrap();
            let f = sup_of(p);
            let Some(rs) = frank(f, s) else { continue };
            if let Some(cur) = a[s] {
                let ci = pos(&st.preferences, &inst.projects[cur as usize].id).unwrap();
                if ci <= i {
                    continue;
                }
            }
            let p_full = on(p).count() as i64 >= inst.projects[p].capacity;
            let f_full = on_f(f).count() as i64 >= inst.supervisors[f].capacity;
            let f_worst = on_f(f).filter_map(|t| frank(f, t)).max();
            let p_worst = on(p).filter_map(|t| frank(f, t)).max();
            let blocks = (!p_full && !f_full)
                || (!p_full
                    && f_full
                    && (a[s].is_some_and(|q| sup_of(q as usize) == f)
                        || f_worst.is_some_and(|w| rs < w)))
                || (p_full && p_worst.is_some_and(|w| rs < w));
            if blocks {
                return false;
            }
        }
    }
    true
}

/// Every valid matching of a tiny instance.
fn all_matchings(problem: &Problem) -> Vec<Vec<Option<u32>>> {
    let mut out = Vec::new();
    let mut cur = vec![None; problem.n()];
    fn go(
        problem: &Problem,
        s: usize,
        cur: &mut Vec<Option<u32>>,
        out: &mut Vec<Vec<Option<u32>>>,
    ) {
        if s == problem.n() {
            if problem.is_valid(cur) {
                out.push(cur.clone());
            }
            return;
        }
        cur[s] = None;
        go(problem, s + 1, cur, out);
        for e in problem.entries(s) {
            if problem.e_rank[e] != NONE {
                cur[s] = Some(problem.s_list[e]);
                go(problem, s + 1, cur, out);
            }
        }
        cur[s] = None;
    }
    go(problem, 0, &mut cur, &mut out);
    out
}

/// Rank of student `s`'s project in its list; unassigned is worse than any rank.
fn rank_of(problem: &Problem, s: usize, p: Option<u32>) -> usize {
    match p {
        None => usize::MAX,
        Some(p) => problem
            .entries(s)
            .position(|e| problem.s_list[e] == p)
            .unwrap(),
    }
}

#[test]
fn brute_force_on_tiny_instances() {
    let mut stable_counts = 0;
    for seed in 0..600u64 {
        let inst = random_instance(seed, 6, 5, 3, seed % 4 == 0);
        let problem = Problem::new(&inst).unwrap();
        let all = all_matchings(&problem);
        let stable: Vec<_> = all
            .iter()
            .filter(|a| {
                let naive = naive_is_stable(&inst, a);
                let ours = problem.blocking_pairs(a).unwrap().is_empty();
                assert_eq!(naive, ours, "checker disagrees, seed {seed}: {a:?}");
                naive
            })
            .cloned()
            .collect();
        assert!(!stable.is_empty(), "seed {seed}: no stable matching");
        stable_counts += stable.len();
        let so = problem.student_optimal();
        let lo = problem.supervisor_optimal();
        assert!(
            stable.contains(&so),
            "seed {seed}: student-optimal {so:?} not stable"
        );
        assert!(
            stable.contains(&lo),
            "seed {seed}: supervisor-optimal {lo:?} not stable"
        );
        for m in &stable {
            for s in 0..problem.n() {
                let (best, worst, here) = (
                    rank_of(&problem, s, so[s]),
                    rank_of(&problem, s, lo[s]),
                    rank_of(&problem, s, m[s]),
                );
                assert!(
                    best <= here,
                    "seed {seed}: student {s} does better in {m:?} than {so:?}"
                );
                assert!(
                    here <= worst,
                    "seed {seed}: student {s} does worse in {m:?} than {lo:?}"
                );
            }
        }
        // Welfare: lexicographically (max matched, min total rank) over all matchings.
        let key = |a: &[Option<u32>]| {
            let matched = a.iter().filter(|p| p.is_some()).count();
            let total: usize = (0..a.len())
                .filter(|&s| a[s].is_some())
                .map(|s| rank_of(&problem, s, a[s]))
                .sum();
            (std::cmp::Reverse(matched), total)
        };
        let best = all.iter().map(|a| key(a)).min().unwrap();
        let w = problem.welfare();
        assert!(problem.is_valid(&w), "seed {seed}: welfare invalid");
        assert_eq!(key(&w), best, "seed {seed}: welfare {w:?}");
        let ev = problem.solve(Mode::Welfare);
        assert_eq!(ev.stats.total_rank as usize, best.1);
    }
    assert!(stable_counts > 600);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn stable_modes_are_stable_valid_and_ordered(seed in any::<u64>(), noise in any::<bool>()) {
        let inst = random_instance(seed, 40, 20, 8, noise);
        let problem = Problem::new(&inst).unwrap();
        let so = problem.solve(Mode::Stable(Optimal::Student));
        let lo = problem.solve(Mode::Stable(Optimal::Supervisor));
        for a in [&so, &lo] {
            prop_assert!(problem.is_valid(&a.assignment));
            prop_assert!(a.blocking_pairs.is_empty());
            prop_assert!(naive_is_stable(&inst, &a.assignment));
            prop_assert_eq!(a.stats.matched + a.stats.unmatched, problem.n() as u32);
            prop_assert_eq!(a.stats.rank_histogram.iter().sum::<u32>(), a.stats.matched);
            prop_assert!(a.stats.unmatched_students.iter().all(|(_, r)| *r != UnmatchedReason::CapacityUsedElsewhere));
        }
        // Same students matched in every stable matching (rural hospitals), and the
        // student-optimal one is at least as good for every student.
        prop_assert_eq!(so.stats.matched, lo.stats.matched);
        for s in 0..problem.n() {
            prop_assert!(rank_of(&problem, s, so.assignment[s]) <= rank_of(&problem, s, lo.assignment[s]));
            if let Some(p) = so.assignment[s] {
                let e = problem.entries(s).find(|&e| problem.s_list[e] == p).unwrap();
                prop_assert!(problem.e_rank[e] != NONE, "matched outside the acceptable pairs");
            }
        }
        let w = problem.solve(Mode::Welfare);
        prop_assert!(problem.is_valid(&w.assignment));
        prop_assert!(w.stats.matched >= so.stats.matched);
        if w.stats.matched == so.stats.matched {
            prop_assert!(w.stats.total_rank <= so.stats.total_rank);
        }
    }
}

#[test]
fn deterministic() {
    let inst = random_instance(42, 60, 30, 10, true);
    let a = Problem::new(&inst).unwrap();
    let b = Problem::new(&inst).unwrap();
    for mode in [
        Mode::Stable(Optimal::Student),
        Mode::Stable(Optimal::Supervisor),
        Mode::Welfare,
    ] {
        assert_eq!(a.solve(mode), b.solve(mode));
    }
}
