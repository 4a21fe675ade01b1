//! The director's allocation runs: the engine's input built from the cycle (certified rank lists,
//! advisors' applicant rankings with the match score where an advisor did not rank, capacities
//! less the seats approved pairings hold), stored with its SHA-256 so a run can be repeated, and
//! published as proposed pairings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Context, anyhow};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use shared::{
    AllocationMode, AllocationOptimal, AllocationRun, AllocationSummary, BlockingPairKind, Id,
    NoticeKind, PairingSource, PairingState, Project, ProjectStatus, PublishReport, RunAssignment,
    RunBlockingPair, UnmatchedWhy,
};

use super::audit::{self, Entry};
use super::cycle::{self as db_cycle, Actor};
use super::entities::{allocation_run, pairing, pairing_event};
use crate::engine::allocation::{
    BlockingKind, Instance, Mode, Optimal, Problem, ProjectInput, StudentInput, SupervisorInput,
    UnmatchedReason,
};

/// Everything the input is built from (gathered by [`gather`]).
#[derive(Debug, Clone, Default)]
pub struct CycleState {
    /// Certified lists: student → project ids, first choice first.
    pub lists: BTreeMap<Id, Vec<Id>>,
    pub projects: HashMap<Id, Project>,
    /// Thesis capacity of each advisor.
    pub advisor_capacity: HashMap<Id, u32>,
    /// Seats approved pairings hold, per project and per advisor.
    pub project_approved: HashMap<Id, u32>,
    pub advisor_approved: HashMap<Id, u32>,
    /// Students who already have an approved pairing.
    pub placed: BTreeSet<Id>,
    /// Each advisor's own ranking of students, best first.
    pub advisor_order: HashMap<Id, Vec<Id>>,
    /// Match score of (student, project) for every listed pair.
    pub scores: HashMap<(Id, Id), f32>,
}

fn sid(id: Id) -> String {
    format!("s{id}")
}
fn pid(id: Id) -> String {
    format!("p{id}")
}
fn fid(id: Id) -> String {
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
    let mut used: BTreeMap<Id, (u32, Id)> = BTreeMap::new();
    let mut students = Vec::new();
    let mut applicants: BTreeMap<Id, BTreeSet<Id>> = BTreeMap::new();
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
            let mut order: Vec<Id> = by_hand
                .iter()
                .copied()
                .filter(|s| studs.contains(s))
                .collect();
            let best = |s: Id| {
                c.lists
                    .get(&s)
                    .into_iter()
                    .flatten()
                    .filter(|p| c.projects.get(p).is_some_and(|pr| pr.faculty.id == *f))
                    .filter_map(|p| c.scores.get(&(s, *p)).copied())
                    .fold(0.0f32, f32::max)
            };
            let mut rest: Vec<(Id, f32)> = studs
                .iter()
                .copied()
                .filter(|s| !order.contains(s))
                .map(|s| (s, best(s)))
                .collect();
            rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            order.extend(rest.into_iter().map(|(s, _)| s));
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

fn parse_id(prefix: char, s: &str) -> anyhow::Result<Id> {
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
    names: &HashMap<Id, String>,
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
        let s = parse_id('s', problem.student_id(i))?;
        let project = match a {
            Some(p) => Some(parse_id('p', problem.project_id(*p))?),
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

/// Reads the cycle's state (scores are filled in by the caller, who holds the matcher).
pub async fn gather(db: &impl ConnectionTrait, cycle_id: Id) -> anyhow::Result<CycleState> {
    let lists = db_cycle::certified_lists(db, cycle_id).await?;
    let projects: HashMap<Id, Project> = super::queries::all_projects(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let (project_approved, advisor_approved) = db_cycle::seat_counts(db, cycle_id).await?;
    let mut advisor_capacity = HashMap::new();
    let mut advisor_order = HashMap::new();
    for f in db_cycle::all_faculty_rows(db).await? {
        advisor_capacity.insert(f.id, u32::try_from(f.capacity)?);
        let order = db_cycle::applicant_order(db, cycle_id, f.id).await?;
        if !order.is_empty() {
            advisor_order.insert(f.id, order);
        }
    }
    let placed = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(cycle_id))
        .filter(pairing::Column::State.eq(PairingState::Approved.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.student_id)
        .collect();
    Ok(CycleState {
        lists,
        projects,
        advisor_capacity,
        project_approved,
        advisor_approved,
        placed,
        advisor_order,
        scores: HashMap::new(),
    })
}

fn parse_optimal(s: &str) -> anyhow::Result<AllocationOptimal> {
    match s {
        "student" => Ok(AllocationOptimal::Student),
        "supervisor" => Ok(AllocationOptimal::Supervisor),
        _ => Err(anyhow!("stored run has unknown optimal '{s}'")),
    }
}

fn parse_mode(s: &str) -> anyhow::Result<AllocationMode> {
    match s {
        "stable" => Ok(AllocationMode::Stable),
        "welfare" => Ok(AllocationMode::Welfare),
        _ => Err(anyhow!("stored run has unknown mode '{s}'")),
    }
}

fn optimal_str(o: AllocationOptimal) -> &'static str {
    match o {
        AllocationOptimal::Student => "student",
        AllocationOptimal::Supervisor => "supervisor",
    }
}

fn mode_str(m: AllocationMode) -> &'static str {
    match m {
        AllocationMode::Stable => "stable",
        AllocationMode::Welfare => "welfare",
    }
}

impl TryFrom<allocation_run::Model> for AllocationRun {
    type Error = anyhow::Error;

    fn try_from(m: allocation_run::Model) -> anyhow::Result<AllocationRun> {
        let mut run: AllocationRun = serde_json::from_str(&m.result)
            .with_context(|| format!("allocation run {}: stored result does not parse", m.id))?;
        run.id = m.id;
        run.published_at = m.published_at.map(|t| t.to_rfc3339());
        anyhow::ensure!(
            optimal_str(run.optimal) == m.optimal && mode_str(run.mode) == m.mode,
            "allocation run {}: stored result disagrees with its row",
            m.id
        );
        parse_optimal(&m.optimal)?;
        parse_mode(&m.mode)?;
        Ok(run)
    }
}

/// Stores a run (input and result) with its audit entry; returns it with its id.
pub async fn store(
    db: &DatabaseConnection,
    input: &Instance,
    run: AllocationRun,
    entry: Entry,
) -> anyhow::Result<AllocationRun> {
    let txn = db.begin().await?;
    let row = allocation_run::ActiveModel {
        cycle_id: Set(run.cycle_id),
        created_at: Set(Utc::now()),
        created_by: Set(run.created_by.clone()),
        optimal: Set(optimal_str(run.optimal).to_owned()),
        mode: Set(mode_str(run.mode).to_owned()),
        input_hash: Set(run.input_hash.clone()),
        input: Set(serde_json::to_string(input)?),
        result: Set(serde_json::to_string(&run)?),
        published_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut e = entry;
    e.target_id = Some(row.id);
    e.after = Some(serde_json::json!({
        "optimal": optimal_str(run.optimal), "mode": mode_str(run.mode),
        "matched": run.matched, "unmatched": run.unmatched, "blocking_pairs": run.blocking_pairs.len(),
        "input_hash": run.input_hash,
    }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    AllocationRun::try_from(row)
}

pub async fn row(
    db: &impl ConnectionTrait,
    id: Id,
) -> anyhow::Result<Option<allocation_run::Model>> {
    Ok(allocation_run::Entity::find_by_id(id).one(db).await?)
}

/// The stored input of a run.
pub fn stored_input(m: &allocation_run::Model) -> anyhow::Result<Instance> {
    serde_json::from_str(&m.input)
        .with_context(|| format!("allocation run {}: stored input does not parse", m.id))
}

pub async fn list(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<Vec<AllocationSummary>> {
    allocation_run::Entity::find()
        .filter(allocation_run::Column::CycleId.eq(cycle_id))
        .order_by_desc(allocation_run::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let r = AllocationRun::try_from(m)?;
            Ok(AllocationSummary {
                id: r.id,
                created_at: r.created_at,
                created_by: r.created_by,
                optimal: r.optimal,
                mode: r.mode,
                input_hash: r.input_hash,
                students: r.students,
                matched: r.matched,
                blocking_pairs: u32::try_from(r.blocking_pairs.len())?,
                rank_histogram: r.rank_histogram,
                published_at: r.published_at,
            })
        })
        .collect()
}

/// Turns a run's assignments into proposed pairings: earlier proposed pairings from runs are
/// withdrawn, approved pairings are never touched, a pair the director already proposed is left.
pub async fn publish(
    db: &DatabaseConnection,
    run: &AllocationRun,
    actor: &Actor,
    entry: Entry,
) -> anyhow::Result<PublishReport> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let stale = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(run.cycle_id))
        .filter(pairing::Column::Source.eq(PairingSource::Allocation.as_str()))
        .filter(pairing::Column::State.eq(PairingState::Proposed.as_str()))
        .all(&txn)
        .await?;
    for p in &stale {
        pairing::Entity::update_many()
            .col_expr(
                pairing::Column::State,
                Expr::value(PairingState::Withdrawn.as_str()),
            )
            .col_expr(pairing::Column::UpdatedAt, Expr::value(now))
            .filter(pairing::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
        pairing_event::ActiveModel {
            pairing_id: Set(p.id),
            at: Set(now),
            actor_id: Set(actor.id),
            actor_email: Set(actor.email.clone()),
            from_state: Set(Some(PairingState::Proposed.as_str().to_owned())),
            to_state: Set(PairingState::Withdrawn.as_str().to_owned()),
            reason: Set(Some(format!("replaced by allocation run {}", run.id))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let live: BTreeSet<(Id, Id)> = pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(run.cycle_id))
        .filter(pairing::Column::State.is_in([
            PairingState::Requested.as_str(),
            PairingState::Proposed.as_str(),
            PairingState::Approved.as_str(),
        ]))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.student_id, p.project_id))
        .collect();
    let mut report = PublishReport {
        run: run.id,
        proposed: 0,
        replaced: u32::try_from(stale.len())?,
        already_proposed: 0,
    };
    for a in &run.assignments {
        let Some(project) = &a.project else { continue };
        if live.contains(&(a.student_id, project.id)) {
            report.already_proposed += 1;
            continue;
        }
        let created = pairing::ActiveModel {
            cycle_id: Set(run.cycle_id),
            student_id: Set(a.student_id),
            project_id: Set(project.id),
            faculty_id: Set(project.faculty.id),
            state: Set(PairingState::Proposed.as_str().to_owned()),
            source: Set(PairingSource::Allocation.as_str().to_owned()),
            reason: Set(None),
            allocation_id: Set(Some(run.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        pairing_event::ActiveModel {
            pairing_id: Set(created.id),
            at: Set(now),
            actor_id: Set(actor.id),
            actor_email: Set(actor.email.clone()),
            from_state: Set(None),
            to_state: Set(PairingState::Proposed.as_str().to_owned()),
            reason: Set(Some(format!("allocation run {}", run.id))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(user) = super::entities::user::Entity::find()
            .filter(super::entities::user::Column::StudentId.eq(a.student_id))
            .one(&txn)
            .await?
        {
            db_cycle::notify(
                &txn,
                user.id,
                NoticeKind::PairingProposed,
                &format!(
                    "{} — {}: proposed by the allocation; awaiting the program director's approval.",
                    a.student_name, project.title
                ),
                Some(created.id),
                Some(run.cycle_id),
            )
            .await?;
        }
        report.proposed += 1;
    }
    allocation_run::Entity::update_many()
        .col_expr(allocation_run::Column::PublishedAt, Expr::value(now))
        .filter(allocation_run::Column::Id.eq(run.id))
        .exec(&txn)
        .await?;
    let mut e = entry;
    e.target_id = Some(run.id);
    e.after = Some(serde_json::to_value(&report)?);
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::FacultyRef;

    fn project(id: Id, advisor: Id, capacity: u32) -> Project {
        Project {
            id,
            slug: format!("p{id}"),
            title: format!("P{id}"),
            summary: String::new(),
            description: String::new(),
            faculty: FacultyRef {
                id: advisor,
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
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn state() -> CycleState {
        let mut c = CycleState::default();
        c.lists.insert(1, vec![10, 11]);
        c.lists.insert(2, vec![10]);
        c.lists.insert(3, vec![11, 10]);
        c.projects.insert(10, project(10, 100, 1));
        c.projects.insert(11, project(11, 100, 2));
        c.advisor_capacity.insert(100, 2);
        c.scores.insert((1, 10), 50.0);
        c.scores.insert((2, 10), 90.0);
        c.scores.insert((3, 11), 10.0);
        c
    }

    #[test]
    fn advisors_rank_by_hand_first_then_by_score() {
        let mut c = state();
        c.advisor_order.insert(100, vec![3]);
        let i = build_instance(&c);
        assert_eq!(i.supervisors[0].preferences, vec!["s3", "s2", "s1"]);
        assert_eq!(i.supervisors[0].capacity, 2);
    }

    #[test]
    fn approved_seats_are_taken_and_placed_students_left_out() {
        let mut c = state();
        c.project_approved.insert(10, 1);
        c.advisor_approved.insert(100, 1);
        c.placed.insert(2);
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
        let got: Vec<(Id, Option<Id>)> = x
            .iter()
            .map(|a| (a.student_id, a.project.as_ref().map(|p| p.id)))
            .collect();
        assert_eq!(got, vec![(1, Some(11)), (2, Some(10)), (3, None)]);
        assert_eq!(hist, vec![1, 1]);
        assert_eq!(x[2].unmatched, Some(UnmatchedWhy::AllChoicesFull));
        Ok(())
    }
}
