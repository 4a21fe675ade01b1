//! The allocation's input and output in the program's terms: the engine's [`Instance`] built from
//! the cycle ([`build_instance`], pure and deterministic: everything sorted by id, so equal cycle
//! states give byte-equal inputs and equal hashes), and its result described for people
//! ([`solve`]), and a whole run ([`run`]: gather, build, hash, solve, store). The cycle's state is
//! read by [`crate::db::allocations::gather`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::anyhow;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use shared::{
    AllocationMode, AllocationOptimal, AllocationRun, AuditAction, BlockingPairKind, FacultyId,
    Project, ProjectId, ProjectStatus, RunAssignment, RunBlockingPair, RunId, StudentId,
    TargetKind, UnmatchedWhy,
};

use super::advisor_order::advisor_order;
use crate::db::allocations::CycleState;
use crate::db::audit::Entry;
use crate::db::cycle as db_cycle;
use crate::engine::allocation::{
    BlockingKind, Instance, Mode, Optimal, Problem, ProjectInput, StudentInput, SupervisorInput,
    UnmatchedReason,
};
use crate::engine::scoring::Matcher;
use crate::principal::CurrentUser;

fn sid(id: StudentId) -> String {
    format!("s{id}")
}
fn pid(id: ProjectId) -> String {
    format!("p{id}")
}
fn fid(id: FacultyId) -> String {
    format!("f{id}")
}

/// The engine's input: pure, deterministic (everything sorted by id), so equal cycle states give
/// byte-equal inputs and equal hashes.
pub fn build_instance(c: &CycleState) -> Instance {
    let seats = |p: &Project| {
        let left = p
            .capacity
            .saturating_sub(c.project_approved.get(&p.id).copied().unwrap_or(0));
        let adv_left = c
            .advisor_capacity
            .get(&p.faculty.id)
            .copied()
            .unwrap_or(0)
            .saturating_sub(c.advisor_approved.get(&p.faculty.id).copied().unwrap_or(0));
        (p.status == ProjectStatus::Open && left > 0 && adv_left > 0).then_some((left, adv_left))
    };
    let mut used: BTreeMap<ProjectId, (u32, FacultyId)> = BTreeMap::new();
    let mut students = Vec::new();
    let mut applicants: BTreeMap<FacultyId, BTreeSet<StudentId>> = BTreeMap::new();
    for (s, list) in &c.lists {
        if c.placed.contains(s) {
            continue;
        }
        let mut prefs = Vec::new();
        for p in list {
            let Some(project) = c.projects.get(p) else {
                continue;
            };
            if let Some((left, _)) = seats(project) {
                used.insert(*p, (left, project.faculty.id));
                applicants.entry(project.faculty.id).or_default().insert(*s);
                prefs.push(pid(*p));
            }
        }
        students.push(StudentInput {
            id: sid(*s),
            preferences: prefs,
        });
    }
    let projects = used
        .iter()
        .map(|(p, (left, f))| ProjectInput {
            id: pid(*p),
            capacity: i64::from(*left),
            supervisor: Some(fid(*f)),
        })
        .collect();
    let supervisors = applicants
        .iter()
        .map(|(f, studs)| {
            let by_hand = c.advisor_order.get(f).cloned().unwrap_or_default();
            let scored = studs.iter().map(|&s| {
                let best = c
                    .lists
                    .get(&s)
                    .into_iter()
                    .flatten()
                    .filter(|p| c.projects.get(p).is_some_and(|pr| pr.faculty.id == *f))
                    .filter_map(|p| c.scores.get(&(s, *p)).copied())
                    .fold(0.0f32, f32::max);
                (s, best)
            });
            let order = advisor_order(&by_hand, scored);
            let left = c
                .advisor_capacity
                .get(f)
                .copied()
                .unwrap_or(0)
                .saturating_sub(c.advisor_approved.get(f).copied().unwrap_or(0));
            SupervisorInput {
                id: fid(*f),
                capacity: i64::from(left),
                preferences: order.into_iter().map(sid).collect(),
            }
        })
        .collect();
    Instance {
        students,
        projects,
        supervisors,
    }
}

fn parse_id<T: std::str::FromStr>(prefix: char, s: &str) -> anyhow::Result<T> {
    s.strip_prefix(prefix)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow!("allocation input id '{s}' is not {prefix}<number>"))
}

/// A solved instance, described for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    pub assignments: Vec<RunAssignment>,
    pub blocking_pairs: Vec<RunBlockingPair>,
    /// By position on the certified list.
    pub rank_histogram: Vec<u32>,
    pub seconds: f64,
}

/// Solves `instance` and describes the result for people.
pub fn solve(
    instance: &Instance,
    optimal: AllocationOptimal,
    mode: AllocationMode,
    c: &CycleState,
    names: &HashMap<StudentId, String>,
) -> anyhow::Result<Solved> {
    let started = std::time::Instant::now();
    let problem = Problem::new(instance).map_err(|e| anyhow!("allocation input: {e}"))?;
    let mode = match (mode, optimal) {
        (AllocationMode::Welfare, _) => Mode::Welfare,
        (AllocationMode::Stable, AllocationOptimal::Student) => Mode::Stable(Optimal::Student),
        (AllocationMode::Stable, AllocationOptimal::Supervisor) => {
            Mode::Stable(Optimal::Supervisor)
        }
    };
    let result = problem.solve(mode);
    let seconds = started.elapsed().as_secs_f64();
    let why: HashMap<u32, UnmatchedReason> =
        result.stats.unmatched_students.iter().copied().collect();
    let longest = c.lists.values().map(Vec::len).max().unwrap_or(0);
    let mut histogram = vec![0u32; longest];
    let mut assignments = Vec::new();
    for (i, a) in result.assignment.iter().enumerate() {
        let i = u32::try_from(i)?;
        let s: StudentId = parse_id('s', problem.student_id(i))?;
        let project = match a {
            Some(p) => Some(parse_id::<ProjectId>('p', problem.project_id(*p))?),
            None => None,
        };
        let rank = project.and_then(|p| {
            c.lists
                .get(&s)
                .and_then(|l| l.iter().position(|x| *x == p))
                .map(|r| r as u32 + 1)
        });
        if let Some(r) = rank
            && let Some(slot) = histogram.get_mut(r as usize - 1)
        {
            *slot += 1;
        }
        assignments.push(RunAssignment {
            student_id: s,
            student_name: names.get(&s).cloned().unwrap_or_default(),
            project: project
                .and_then(|p| c.projects.get(&p))
                .map(db_cycle::brief),
            rank,
            unmatched: if project.is_some() {
                None
            } else {
                Some(match why.get(&i) {
                    Some(UnmatchedReason::EmptyList) | None => UnmatchedWhy::EmptyList,
                    Some(UnmatchedReason::NotRankedBySupervisor) => {
                        UnmatchedWhy::NotRankedBySupervisor
                    }
                    Some(UnmatchedReason::AllChoicesFull) => UnmatchedWhy::AllChoicesFull,
                    Some(UnmatchedReason::CapacityUsedElsewhere) => {
                        UnmatchedWhy::CapacityUsedElsewhere
                    }
                })
            },
        });
    }
    let blocking = result
        .blocking_pairs
        .iter()
        .map(|b| {
            Ok(RunBlockingPair {
                student_id: parse_id('s', problem.student_id(b.student))?,
                project_id: parse_id('p', problem.project_id(b.project))?,
                kind: match b.kind {
                    BlockingKind::ProjectAndSupervisorUndersubscribed => {
                        BlockingPairKind::ProjectAndSupervisorUndersubscribed
                    }
                    BlockingKind::ProjectUndersubscribedSupervisorFull => {
                        BlockingPairKind::ProjectUndersubscribedSupervisorFull
                    }
                    BlockingKind::ProjectFull => BlockingPairKind::ProjectFull,
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Solved {
        assignments,
        blocking_pairs: blocking,
        rank_histogram: histogram,
        seconds,
    })
}

/// Runs the allocation over `cycle` — its certified lists, the advisors' rankings (the match
/// score where an advisor did not rank) and the seats left after approved pairings — and stores
/// the input (with its SHA-256) and the result, on the record.
pub async fn run(
    db: &DatabaseConnection,
    matcher: &Matcher,
    cycle: &shared::Cycle,
    optimal: AllocationOptimal,
    mode: AllocationMode,
    user: &CurrentUser,
) -> anyhow::Result<AllocationRun> {
    let mut c = crate::db::allocations::gather(db, cycle.id).await?;
    let students: HashMap<StudentId, shared::Student> =
        crate::db::catalogue::read::all_students(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    for (s, list) in &c.lists {
        let Some(student) = students.get(s) else {
            continue;
        };
        let profile = matcher.student_profile(student);
        for p in list {
            if let Some(score) = matcher.index.explain(&matcher.taxonomy, &profile, *p) {
                c.scores.insert((*s, *p), score.total);
            }
        }
    }
    let input = build_instance(&c);
    let input_hash = crate::credentials::sha256_hex_bytes(&serde_json::to_vec(&input)?);
    let names: HashMap<StudentId, String> = students
        .iter()
        .map(|(id, s)| (*id, s.name.clone()))
        .collect();
    let Solved {
        assignments,
        blocking_pairs,
        rank_histogram,
        seconds,
    } = solve(&input, optimal, mode, &c, &names)?;
    let matched = assignments.iter().filter(|a| a.project.is_some()).count() as u32;
    let run = AllocationRun {
        id: RunId(0),
        cycle_id: cycle.id,
        created_at: Utc::now(),
        created_by: user.email.to_string(),
        optimal,
        mode,
        input_hash,
        students: assignments.len() as u32,
        matched,
        unmatched: assignments.len() as u32 - matched,
        rank_histogram,
        blocking_pairs,
        assignments,
        seconds,
        published_at: None,
    };
    let entry = Entry::by(
        user,
        AuditAction::AllocationRun,
        TargetKind::Allocation,
        None,
    );
    crate::db::allocations::store(db, &input, run, entry).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::FacultyRef;

    fn project(id: i32, advisor: i32, capacity: u32) -> Project {
        Project {
            id: ProjectId(id),
            slug: format!("p{id}"),
            title: format!("P{id}"),
            summary: String::new(),
            description: String::new(),
            faculty: FacultyRef {
                id: FacultyId(advisor),
                slug: format!("f{advisor}"),
                name: format!("F{advisor}"),
                title: String::new(),
                department: String::new(),
            },
            co_mentor: None,
            lab: None,
            areas: vec![],
            keywords: vec![],
            required_skills: vec![],
            preferred_backgrounds: vec![],
            capacity,
            status: ProjectStatus::Open,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn state() -> CycleState {
        let (s, p) = (StudentId, ProjectId);
        let mut c = CycleState::default();
        c.lists.insert(s(1), vec![p(10), p(11)]);
        c.lists.insert(s(2), vec![p(10)]);
        c.lists.insert(s(3), vec![p(11), p(10)]);
        c.projects.insert(p(10), project(10, 100, 1));
        c.projects.insert(p(11), project(11, 100, 2));
        c.advisor_capacity.insert(FacultyId(100), 2);
        c.scores.insert((s(1), p(10)), 50.0);
        c.scores.insert((s(2), p(10)), 90.0);
        c.scores.insert((s(3), p(11)), 10.0);
        c
    }

    #[test]
    fn advisors_rank_by_hand_first_then_by_score() {
        let mut c = state();
        c.advisor_order.insert(FacultyId(100), vec![StudentId(3)]);
        let i = build_instance(&c);
        assert_eq!(i.supervisors[0].preferences, vec!["s3", "s2", "s1"]);
        assert_eq!(i.supervisors[0].capacity, 2);
    }

    #[test]
    fn approved_seats_are_taken_and_placed_students_left_out() {
        let mut c = state();
        c.project_approved.insert(ProjectId(10), 1);
        c.advisor_approved.insert(FacultyId(100), 1);
        c.placed.insert(StudentId(2));
        let i = build_instance(&c);
        let ids: Vec<&str> = i.students.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["s1", "s3"]);
        // Project 10 is full, so it leaves every list; the advisor has one seat left.
        assert!(
            i.students
                .iter()
                .all(|s| !s.preferences.contains(&"p10".to_owned()))
        );
        assert_eq!(i.supervisors[0].capacity, 1);
    }

    #[test]
    fn equal_states_give_equal_inputs_and_the_same_matching() -> anyhow::Result<()> {
        let a = build_instance(&state());
        let b = build_instance(&state());
        assert_eq!(serde_json::to_string(&a)?, serde_json::to_string(&b)?);
        let names = HashMap::new();
        let Solved {
            assignments: x,
            rank_histogram: hist,
            ..
        } = solve(
            &a,
            AllocationOptimal::Student,
            AllocationMode::Stable,
            &state(),
            &names,
        )?;
        let y = solve(
            &b,
            AllocationOptimal::Student,
            AllocationMode::Stable,
            &state(),
            &names,
        )?;
        assert_eq!(x, y.assignments);
        // Advisor 100 ranks s2 (score 90), s1 (50), s3 (10) and takes two: s2 gets p10 (one
        // seat), s1 falls back to p11, and s3, ranked last, is left out.
        let got: Vec<(i32, Option<i32>)> = x
            .iter()
            .map(|a| (a.student_id.get(), a.project.as_ref().map(|p| p.id.get())))
            .collect();
        assert_eq!(got, vec![(1, Some(11)), (2, Some(10)), (3, None)]);
        assert_eq!(hist, vec![1, 1]);
        assert_eq!(x[2].unmatched, Some(UnmatchedWhy::AllChoicesFull));
        Ok(())
    }
}
