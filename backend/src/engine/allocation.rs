//! Student–project allocation with supervisor preferences over students (SPA-S).
//!
//! Model (Abraham, Irving & Manlove 2007, "Two algorithms for the Student-Project Allocation
//! problem", J. Discrete Algorithms 5(1)): students rank projects; every project has a capacity and
//! one supervisor; supervisors have a capacity and rank students. A student is assigned to at most
//! one project; no project and no supervisor is ever over capacity.
//!
//! **Acceptable pairs.** `(s, p)` is acceptable when `s` ranks `p` *and* `p`'s supervisor ranks `s`.
//! A list entry that is not reciprocated (a student ranks a project whose supervisor does not rank
//! that student) is ignored, exactly as `matching` 1.4.3 (`StudentAllocation(..., clean=True)`)
//! removes it after warning; a supervisor who ranks a student who ranked none of their projects
//! has no effect (the same package only warns). Ranks in the statistics are positions in the
//! student's list *as given*, so an ignored entry still occupies its place.
//!
//! **Algorithms.**
//! - [`Problem::student_optimal`] is SPA-student (the paper's Fig. 1): free students apply to the
//!   first project left on their list; an over-subscribed project (or else supervisor) rejects its
//!   worst student; a full project deletes the students it ranks below its worst, a full supervisor
//!   deletes the students it ranks below its worst from all its projects. Deletions are never
//!   materialised: a pair is deleted exactly when the student's position in the project's
//!   projected list `L_k^j` is past the project's threshold, or their rank with the supervisor is
//!   past the supervisor's threshold; thresholds only move up the lists (a full supervisor stays
//!   full, and a full project's worst is only ever replaced by someone it ranks higher), so the
//!   "worst assigned" scans are amortised over the lists. **O(λ)** time and memory, where λ is the
//!   total length of all preference lists (plus the number of participants).
//! - [`Problem::supervisor_optimal`] is SPA-lecturer (the paper's Fig. 5): an under-subscribed
//!   supervisor offers its best student that is not yet on (or has since left) one of its
//!   under-subscribed projects, that student's favourite such project; the student moves there
//!   (deleting every project it ranks lower). Each project keeps a monotone pointer ("head") into
//!   its projected list; a supervisor's best viable student is the minimum over its
//!   under-subscribed projects' heads, kept in a per-supervisor binary heap with lazy updates
//!   (a project that fills and later loses a student is pushed again). **O(λ log π)** time where
//!   π is the most entries one supervisor's heap ever holds (bounded by the supervisor's number of
//!   acceptable pairs, in practice about its number of projects); O(λ) memory.
//! - [`Problem::welfare`] maximises the number of matched students, then minimises the sum of
//!   ranks, under both capacities: min-cost max-flow (source → student (1) → project (cost = rank)
//!   → supervisor (project capacity) → sink (supervisor capacity)), solved by
//!   [`super::flow`] (successive shortest paths with Johnson potentials and, per potential
//!   update, blocking flows on the zero-reduced-cost subgraph). The result is generally *not*
//!   stable; the blocking pairs are reported.
//! - [`Problem::blocking_pairs`] is an independent stability checker that follows the paper's
//!   definition of a blocking pair verbatim (see [`BlockingKind`]). O(λ).
//!
//! **Invariants.** Capacities are never exceeded; a student is only ever assigned to an acceptable
//! pair; both stable algorithms return stable matchings (the student-optimal one is the best
//! stable matching for every student, the supervisor-optimal one the worst); everything is
//! deterministic: dense `u32` indices in input order, no hashing after validation, ties in the
//! welfare mode broken by the fixed order of the flow network (input order).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use serde::{Deserialize, Serialize};

use super::flow::{EdgeId, FlowNetwork};

const NONE: u32 = u32::MAX;

/// One student: an id and a preference list of project ids, best first. Ids are `String`s unless
/// the caller parses into borrowed strings (any `S: AsRef<str>`; the CLI does, to halve memory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentInput<S = String> {
    pub id: S,
    #[serde(default = "Vec::new")]
    pub preferences: Vec<S>,
}

/// One project: an id, a capacity and the id of its supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectInput<S = String> {
    pub id: S,
    /// Signed so that a negative capacity is reported by validation, not by the parser.
    pub capacity: i64,
    #[serde(default = "Option::default")]
    pub supervisor: Option<S>,
}

/// One supervisor: an id, a capacity and a preference list of student ids, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisorInput<S = String> {
    pub id: S,
    pub capacity: i64,
    #[serde(default = "Vec::new")]
    pub preferences: Vec<S>,
}

/// A whole allocation instance, as read from JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance<S = String> {
    #[serde(default = "Vec::new")]
    pub students: Vec<StudentInput<S>>,
    #[serde(default = "Vec::new")]
    pub projects: Vec<ProjectInput<S>>,
    #[serde(default = "Vec::new")]
    pub supervisors: Vec<SupervisorInput<S>>,
}

/// Why an instance was rejected. Every variant names the offending id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    #[error("duplicate {kind} id \"{id}\"")]
    DuplicateId { kind: &'static str, id: String },
    #[error("{kind} \"{id}\" has capacity {capacity}; capacities must be at least 1")]
    BadCapacity {
        kind: &'static str,
        id: String,
        capacity: i64,
    },
    #[error("project \"{project}\" has no supervisor")]
    MissingSupervisor { project: String },
    #[error("project \"{project}\" names unknown supervisor \"{supervisor}\"")]
    UnknownSupervisor { project: String, supervisor: String },
    #[error("student \"{student}\" ranks unknown project \"{project}\"")]
    UnknownProject { student: String, project: String },
    #[error("supervisor \"{supervisor}\" ranks unknown student \"{student}\"")]
    UnknownStudent { supervisor: String, student: String },
    #[error("{kind} \"{id}\" ranks \"{entry}\" more than once")]
    DuplicateEntry {
        kind: &'static str,
        id: String,
        entry: String,
    },
}

/// Which side the stable matching favours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimal {
    Student,
    Supervisor,
}

/// Stable matching (optimal for one side) or maximum welfare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Stable(Optimal),
    Welfare,
}

/// The three kinds of blocking pair `(s, p)` of the paper (with `f` the supervisor of `p`, `s`
/// ranking `p`, `f` ranking `s`, and `s` unassigned or preferring `p` to its project).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingKind {
    /// (i) `p` and `f` are both under-subscribed.
    ProjectAndSupervisorUndersubscribed,
    /// (ii) `p` is under-subscribed, `f` is full, and either `s` is already assigned to a project
    /// of `f` or `f` prefers `s` to its worst assigned student.
    ProjectUndersubscribedSupervisorFull,
    /// (iii) `p` is full and `f` prefers `s` to the worst student assigned to `p`.
    ProjectFull,
}

/// A blocking pair, by dense indices (input order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlockingPair {
    pub student: u32,
    pub project: u32,
    pub kind: BlockingKind,
}

/// Why a student is unassigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// The student ranked no project.
    EmptyList,
    /// No supervisor of a project on the list ranks the student, so no pair is acceptable.
    NotRankedBySupervisor,
    /// Every acceptable project on the list is full with students its supervisor ranks higher,
    /// or under-subscribed while its supervisor is full with students it ranks higher. Always the
    /// reason in a stable matching.
    AllChoicesFull,
    /// Welfare mode only: every acceptable project (or its supervisor) is at capacity, but some
    /// places went to students the supervisor ranks lower (the student is in a blocking pair).
    CapacityUsedElsewhere,
}

/// Summary figures of an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub matched: u32,
    pub unmatched: u32,
    /// Index `i`: students assigned their `(i + 1)`-th choice. Length: the longest list.
    pub rank_histogram: Vec<u32>,
    /// Sum of the 0-based ranks of the assigned students.
    pub total_rank: u64,
    /// Every unassigned student (input order) with the reason.
    pub unmatched_students: Vec<(u32, UnmatchedReason)>,
}

/// The result of solving: per student (input order) the project index, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub assignment: Vec<Option<u32>>,
    pub blocking_pairs: Vec<BlockingPair>,
    pub stats: Stats,
}

/// A validated instance in dense form: every id is a `u32` index in input order, every list a
/// slice of one flat array, and each student list entry carries its precomputed ranks.
#[derive(Debug, Clone)]
pub struct Problem {
    student_ids: Vec<String>,
    project_ids: Vec<String>,
    supervisor_ids: Vec<String>,
    /// Student `s`'s list is `s_list[s_off[s]..s_off[s + 1]]` (project indices). An index into
    /// `s_list` is an "entry".
    s_off: Vec<u32>,
    s_list: Vec<u32>,
    /// Per entry: the student it belongs to.
    e_student: Vec<u32>,
    /// Per entry: index into `f_list` of the student in the project's supervisor's list (so
    /// smaller = preferred by that supervisor), or `NONE` if the pair is not acceptable.
    e_rank: Vec<u32>,
    /// Per entry: index into `p_list` of the student in the project's projected list, or `NONE`.
    e_pos: Vec<u32>,
    p_cap: Vec<u32>,
    p_sup: Vec<u32>,
    /// Project `p`'s projected list `L_k^j` (students who find `p` acceptable, in the supervisor's
    /// order) is `p_list[p_off[p]..p_off[p + 1]]`; `p_entry` gives the entry of each position.
    p_off: Vec<u32>,
    p_list: Vec<u32>,
    p_entry: Vec<u32>,
    f_cap: Vec<u32>,
    /// Supervisor `f`'s list is `f_list[f_off[f]..f_off[f + 1]]` (student indices).
    f_off: Vec<u32>,
    f_list: Vec<u32>,
    max_list: usize,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn index_ids<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<&'a str, u32>, AllocationError> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id, to_u32(i)).is_some() {
            return Err(AllocationError::DuplicateId {
                kind,
                id: id.to_owned(),
            });
        }
    }
    Ok(map)
}

fn capacity(kind: &'static str, id: &str, capacity: i64) -> Result<u32, AllocationError> {
    if capacity < 1 {
        return Err(AllocationError::BadCapacity {
            kind,
            id: id.to_owned(),
            capacity,
        });
    }
    Ok(u32::try_from(capacity).unwrap_or(u32::MAX))
}

impl Problem {
    /// Validates `instance` and builds the dense form. Rejects duplicate ids, unknown ids,
    /// capacities below 1, projects without a (known) supervisor and repeated list entries.
    pub fn new<S: AsRef<str>>(instance: &Instance<S>) -> Result<Problem, AllocationError> {
        let students = index_ids("student", instance.students.iter().map(|s| s.id.as_ref()))?;
        let projects = index_ids("project", instance.projects.iter().map(|p| p.id.as_ref()))?;
        let supervisors = index_ids(
            "supervisor",
            instance.supervisors.iter().map(|f| f.id.as_ref()),
        )?;
        let (n, m, k) = (students.len(), projects.len(), supervisors.len());

        let mut p_cap = Vec::with_capacity(m);
        let mut p_sup = Vec::with_capacity(m);
        for p in &instance.projects {
            p_cap.push(capacity("project", p.id.as_ref(), p.capacity)?);
            let Some(sup) = p.supervisor.as_ref().map(AsRef::as_ref) else {
                return Err(AllocationError::MissingSupervisor {
                    project: p.id.as_ref().to_owned(),
                });
            };
            let Some(&f) = supervisors.get(sup) else {
                return Err(AllocationError::UnknownSupervisor {
                    project: p.id.as_ref().to_owned(),
                    supervisor: sup.to_owned(),
                });
            };
            p_sup.push(f);
        }
        let mut f_cap = Vec::with_capacity(k);
        for f in &instance.supervisors {
            f_cap.push(capacity("supervisor", f.id.as_ref(), f.capacity)?);
        }

        // Student lists, with duplicate detection by stamping.
        let mut stamp = vec![NONE; m.max(n)];
        let mut s_off = Vec::with_capacity(n + 1);
        let mut s_list = Vec::new();
        let mut e_student = Vec::new();
        s_off.push(0);
        let mut max_list = 0;
        for (si, s) in instance.students.iter().enumerate() {
            let si = to_u32(si);
            for pid in &s.preferences {
                let Some(&p) = projects.get(pid.as_ref()) else {
                    return Err(AllocationError::UnknownProject {
                        student: s.id.as_ref().to_owned(),
                        project: pid.as_ref().to_owned(),
                    });
                };
                if stamp[p as usize] == si {
                    return Err(AllocationError::DuplicateEntry {
                        kind: "student",
                        id: s.id.as_ref().to_owned(),
                        entry: pid.as_ref().to_owned(),
                    });
                }
                stamp[p as usize] = si;
                s_list.push(p);
                e_student.push(si);
            }
            max_list = max_list.max(s.preferences.len());
            s_off.push(to_u32(s_list.len()));
        }

        stamp.iter_mut().for_each(|x| *x = NONE);
        let mut f_off = Vec::with_capacity(k + 1);
        let mut f_list = Vec::new();
        f_off.push(0);
        for (fi, f) in instance.supervisors.iter().enumerate() {
            let fi = to_u32(fi);
            for sid in &f.preferences {
                let Some(&s) = students.get(sid.as_ref()) else {
                    return Err(AllocationError::UnknownStudent {
                        supervisor: f.id.as_ref().to_owned(),
                        student: sid.as_ref().to_owned(),
                    });
                };
                if stamp[s as usize] == fi {
                    return Err(AllocationError::DuplicateEntry {
                        kind: "supervisor",
                        id: f.id.as_ref().to_owned(),
                        entry: sid.as_ref().to_owned(),
                    });
                }
                stamp[s as usize] = fi;
                f_list.push(s);
            }
            f_off.push(to_u32(f_list.len()));
        }

        let mut problem = Problem {
            student_ids: instance
                .students
                .iter()
                .map(|s| s.id.as_ref().to_owned())
                .collect(),
            project_ids: instance
                .projects
                .iter()
                .map(|p| p.id.as_ref().to_owned())
                .collect(),
            supervisor_ids: instance
                .supervisors
                .iter()
                .map(|f| f.id.as_ref().to_owned())
                .collect(),
            s_off,
            s_list,
            e_student,
            e_rank: Vec::new(),
            e_pos: Vec::new(),
            p_cap,
            p_sup,
            p_off: Vec::new(),
            p_list: Vec::new(),
            p_entry: Vec::new(),
            f_cap,
            f_off,
            f_list,
            max_list,
        };
        problem.build_rank_tables();
        Ok(problem)
    }

    /// Fills `e_rank`, `e_pos` and the projected lists. Linear: entries are bucketed by
    /// supervisor, ranks looked up in a scratch array per supervisor, then counting-sorted by rank.
    fn build_rank_tables(&mut self) {
        let (n, m, k) = (self.n(), self.m(), self.k());
        let entries = self.s_list.len();
        // Bucket entries by supervisor.
        let mut f_count = vec![0u32; k + 1];
        for &p in &self.s_list {
            f_count[self.p_sup[p as usize] as usize + 1] += 1;
        }
        for f in 0..k {
            f_count[f + 1] += f_count[f];
        }
        let mut by_sup = vec![0u32; entries];
        let mut fill = f_count.clone();
        for (e, &p) in self.s_list.iter().enumerate() {
            let f = self.p_sup[p as usize] as usize;
            by_sup[fill[f] as usize] = to_u32(e);
            fill[f] += 1;
        }
        let mut scratch = vec![NONE; n];
        let mut e_rank = vec![NONE; entries];
        for f in 0..k {
            let (lo, hi) = (self.f_off[f] as usize, self.f_off[f + 1] as usize);
            for i in lo..hi {
                scratch[self.f_list[i] as usize] = to_u32(i);
            }
            for &e in &by_sup[f_count[f] as usize..f_count[f + 1] as usize] {
                e_rank[e as usize] = scratch[self.e_student[e as usize] as usize];
            }
            for i in lo..hi {
                scratch[self.f_list[i] as usize] = NONE;
            }
        }
        // Counting sort of acceptable entries by (global) supervisor-list index, then distribute
        // into projected lists: each list comes out in its supervisor's order.
        let mut p_len = vec![0u32; m + 1];
        // Several entries can share one rank index (a student ranking two projects of the same
        // supervisor), so bucket with counts rather than a single slot.
        let mut r_count = vec![0u32; self.f_list.len() + 1];
        for &r in &e_rank {
            if r != NONE {
                r_count[r as usize + 1] += 1;
            }
        }
        for i in 0..self.f_list.len() {
            r_count[i + 1] += r_count[i];
        }
        let acceptable = r_count[self.f_list.len()] as usize;
        let mut sorted = vec![0u32; acceptable];
        let mut fill = r_count.clone();
        for (e, &r) in e_rank.iter().enumerate() {
            if r != NONE {
                sorted[fill[r as usize] as usize] = to_u32(e);
                fill[r as usize] += 1;
            }
        }
        for &e in &sorted {
            p_len[self.s_list[e as usize] as usize + 1] += 1;
        }
        for p in 0..m {
            p_len[p + 1] += p_len[p];
        }
        let mut p_list = vec![0u32; acceptable];
        let mut p_entry = vec![0u32; acceptable];
        let mut e_pos = vec![NONE; entries];
        let mut fill = p_len.clone();
        for &e in &sorted {
            let p = self.s_list[e as usize] as usize;
            let at = fill[p] as usize;
            p_list[at] = self.e_student[e as usize];
            p_entry[at] = e;
            e_pos[e as usize] = to_u32(at);
            fill[p] += 1;
        }
        self.e_rank = e_rank;
        self.e_pos = e_pos;
        self.p_off = p_len;
        self.p_list = p_list;
        self.p_entry = p_entry;
    }

    /// Number of students.
    pub fn n(&self) -> usize {
        self.student_ids.len()
    }
    /// Number of projects.
    pub fn m(&self) -> usize {
        self.project_ids.len()
    }
    /// Number of supervisors.
    pub fn k(&self) -> usize {
        self.supervisor_ids.len()
    }
    pub fn student_id(&self, s: u32) -> &str {
        &self.student_ids[s as usize]
    }
    pub fn project_id(&self, p: u32) -> &str {
        &self.project_ids[p as usize]
    }
    pub fn supervisor_id(&self, f: u32) -> &str {
        &self.supervisor_ids[f as usize]
    }
    /// Length of the longest student list.
    pub fn max_list_len(&self) -> usize {
        self.max_list
    }
    /// Number of acceptable (mutually ranked) student–project pairs.
    pub fn acceptable_pairs(&self) -> usize {
        self.p_list.len()
    }
    /// Number of student list entries whose project's supervisor does not rank the student.
    pub fn ignored_entries(&self) -> usize {
        self.s_list.len() - self.p_list.len()
    }

    fn entries(&self, s: usize) -> std::ops::Range<usize> {
        self.s_off[s] as usize..self.s_off[s + 1] as usize
    }

    /// Solves in the given mode and evaluates the result (blocking pairs, statistics).
    pub fn solve(&self, mode: Mode) -> Allocation {
        let entries = match mode {
            Mode::Stable(Optimal::Student) => self.student_optimal_entries(),
            Mode::Stable(Optimal::Supervisor) => self.supervisor_optimal_entries(),
            Mode::Welfare => self.welfare_entries(),
        };
        self.evaluate_entries(&entries)
    }

    /// The student-optimal stable matching (per student, the project index).
    pub fn student_optimal(&self) -> Vec<Option<u32>> {
        self.to_projects(&self.student_optimal_entries())
    }

    /// The supervisor-optimal stable matching (per student, the project index).
    pub fn supervisor_optimal(&self) -> Vec<Option<u32>> {
        self.to_projects(&self.supervisor_optimal_entries())
    }

    /// A maximum-cardinality, then minimum-total-rank assignment (per student, the project).
    pub fn welfare(&self) -> Vec<Option<u32>> {
        self.to_projects(&self.welfare_entries())
    }

    fn to_projects(&self, entries: &[u32]) -> Vec<Option<u32>> {
        entries
            .iter()
            .map(|&e| (e != NONE).then(|| self.s_list[e as usize]))
            .collect()
    }

    /// Maps a per-student project assignment back to list entries. `None` if a student is
    /// assigned to a project outside their list or to a pair that is not acceptable, or if the
    /// length is wrong.
    fn to_entries(&self, assignment: &[Option<u32>]) -> Option<Vec<u32>> {
        if assignment.len() != self.n() {
            return None;
        }
        let mut out = vec![NONE; self.n()];
        for (s, a) in assignment.iter().enumerate() {
            if let Some(p) = *a {
                let e = self.entries(s).find(|&e| self.s_list[e] == p)?;
                if self.e_rank[e] == NONE {
                    return None;
                }
                out[s] = to_u32(e);
            }
        }
        Some(out)
    }

    /// Whether `assignment` is a matching: right length, only acceptable pairs, no capacity
    /// exceeded.
    pub fn is_valid(&self, assignment: &[Option<u32>]) -> bool {
        let Some(entries) = self.to_entries(assignment) else {
            return false;
        };
        let (pc, fc) = self.counts(&entries);
        pc.iter().zip(&self.p_cap).all(|(c, cap)| c <= cap)
            && fc.iter().zip(&self.f_cap).all(|(c, cap)| c <= cap)
    }

    /// Blocking pairs and statistics of an arbitrary valid assignment; `None` if it is not valid.
    pub fn evaluate(&self, assignment: &[Option<u32>]) -> Option<Allocation> {
        if !self.is_valid(assignment) {
            return None;
        }
        let entries = self.to_entries(assignment)?;
        Some(self.evaluate_entries(&entries))
    }

    fn counts(&self, entries: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let mut pc = vec![0u32; self.m()];
        let mut fc = vec![0u32; self.k()];
        for &e in entries {
            if e != NONE {
                let p = self.s_list[e as usize] as usize;
                pc[p] += 1;
                fc[self.p_sup[p] as usize] += 1;
            }
        }
        (pc, fc)
    }

    fn evaluate_entries(&self, entries: &[u32]) -> Allocation {
        let blocking = self.blocking_entries(entries);
        let mut in_block = vec![false; self.n()];
        for b in &blocking {
            in_block[b.student as usize] = true;
        }
        let mut hist = vec![0u32; self.max_list];
        let mut matched = 0;
        let mut total_rank = 0u64;
        let mut unmatched_students = Vec::new();
        for (s, &e) in entries.iter().enumerate() {
            if e != NONE {
                let rank = e as usize - self.s_off[s] as usize;
                hist[rank] += 1;
                matched += 1;
                total_rank += rank as u64;
            } else {
                let range = self.entries(s);
                let reason = if range.is_empty() {
                    UnmatchedReason::EmptyList
                } else if range.clone().all(|e| self.e_rank[e] == NONE) {
                    UnmatchedReason::NotRankedBySupervisor
                } else if in_block[s] {
                    UnmatchedReason::CapacityUsedElsewhere
                } else {
                    UnmatchedReason::AllChoicesFull
                };
                unmatched_students.push((to_u32(s), reason));
            }
        }
        Allocation {
            assignment: self.to_projects(entries),
            blocking_pairs: blocking,
            stats: Stats {
                matched,
                unmatched: to_u32(self.n()) - matched,
                rank_histogram: hist,
                total_rank,
                unmatched_students,
            },
        }
    }

    /// Every blocking pair of `assignment` (which must be valid), in student order then list
    /// order. Empty exactly when the assignment is stable.
    pub fn blocking_pairs(&self, assignment: &[Option<u32>]) -> Option<Vec<BlockingPair>> {
        if !self.is_valid(assignment) {
            return None;
        }
        Some(self.blocking_entries(&self.to_entries(assignment)?))
    }

    /// The stability checker: the paper's definition, evaluated pair by pair. It shares only the
    /// rank tables with the solvers.
    fn blocking_entries(&self, entries: &[u32]) -> Vec<BlockingPair> {
        let (pc, fc) = self.counts(entries);
        // Worst assigned student of each project and supervisor, as a supervisor-list index.
        let mut p_worst = vec![0u32; self.m()];
        let mut f_worst = vec![0u32; self.k()];
        for &e in entries {
            if e != NONE {
                let p = self.s_list[e as usize] as usize;
                let f = self.p_sup[p] as usize;
                let r = self.e_rank[e as usize];
                p_worst[p] = p_worst[p].max(r);
                f_worst[f] = f_worst[f].max(r);
            }
        }
        let mut out = Vec::new();
        for (s, &assigned) in entries.iter().enumerate() {
            let end = if assigned == NONE {
                self.s_off[s + 1] as usize
            } else {
                assigned as usize
            };
            let own_sup =
                (assigned != NONE).then(|| self.p_sup[self.s_list[assigned as usize] as usize]);
            for e in self.s_off[s] as usize..end {
                let r = self.e_rank[e];
                if r == NONE {
                    continue;
                }
                let p = self.s_list[e];
                let f = self.p_sup[p as usize];
                let p_under = pc[p as usize] < self.p_cap[p as usize];
                let f_under = fc[f as usize] < self.f_cap[f as usize];
                let kind = if p_under && f_under {
                    Some(BlockingKind::ProjectAndSupervisorUndersubscribed)
                } else if p_under {
                    (own_sup == Some(f) || r < f_worst[f as usize])
                        .then_some(BlockingKind::ProjectUndersubscribedSupervisorFull)
                } else {
                    (r < p_worst[p as usize]).then_some(BlockingKind::ProjectFull)
                };
                if let Some(kind) = kind {
                    out.push(BlockingPair {
                        student: to_u32(s),
                        project: p,
                        kind,
                    });
                }
            }
        }
        out
    }

    /// SPA-student. Returns per student the assigned entry or `NONE`.
    fn student_optimal_entries(&self) -> Vec<u32> {
        let (n, m, k) = (self.n(), self.m(), self.k());
        let mut assigned = vec![NONE; n];
        let mut next: Vec<u32> = self.s_off[..n].to_vec();
        let mut p_in = vec![false; self.p_list.len()];
        let mut f_in = vec![false; self.f_list.len()];
        let mut pc = vec![0u32; m];
        let mut fc = vec![0u32; k];
        // Deletion thresholds: a pair is deleted when its position is past either one.
        let mut p_thr = vec![NONE; m];
        let mut f_thr = vec![NONE; k];
        let mut free: Vec<u32> = (0..to_u32(n)).rev().collect();

        // Worst assigned position of the list `flags[lo..hi]`, scanning from the threshold `thr`
        // (or the end) towards the front. The caller guarantees one position is assigned; since
        // thresholds only move to the front, every position is passed over at most twice.
        fn worst(flags: &[bool], lo: u32, hi: u32, thr: u32) -> u32 {
            let mut i = thr.min(hi.saturating_sub(1));
            while i > lo && !flags[i as usize] {
                i -= 1;
            }
            i
        }

        while let Some(s) = free.pop() {
            let su = s as usize;
            let end = self.s_off[su + 1];
            let mut e = next[su];
            let chosen = loop {
                if e >= end {
                    break None;
                }
                let r = self.e_rank[e as usize];
                if r != NONE {
                    let p = self.s_list[e as usize] as usize;
                    let f = self.p_sup[p] as usize;
                    if self.e_pos[e as usize] <= p_thr[p] && r <= f_thr[f] {
                        break Some(e);
                    }
                }
                e += 1;
            };
            let Some(e) = chosen else {
                next[su] = end;
                continue;
            };
            next[su] = e + 1;
            let eu = e as usize;
            let p = self.s_list[eu] as usize;
            let f = self.p_sup[p] as usize;
            assigned[su] = e;
            p_in[self.e_pos[eu] as usize] = true;
            f_in[self.e_rank[eu] as usize] = true;
            pc[p] += 1;
            fc[f] += 1;

            let (plo, phi) = (self.p_off[p], self.p_off[p + 1]);
            let (flo, fhi) = (self.f_off[f], self.f_off[f + 1]);
            let rejected = if pc[p] > self.p_cap[p] {
                let w = worst(&p_in, plo, phi, p_thr[p]);
                Some(self.p_list[w as usize])
            } else if fc[f] > self.f_cap[f] {
                let w = worst(&f_in, flo, fhi, f_thr[f]);
                Some(self.f_list[w as usize])
            } else {
                None
            };
            if let Some(t) = rejected {
                let tu = t as usize;
                let te = assigned[tu] as usize;
                let tp = self.s_list[te] as usize;
                p_in[self.e_pos[te] as usize] = false;
                f_in[self.e_rank[te] as usize] = false;
                pc[tp] -= 1;
                fc[self.p_sup[tp] as usize] -= 1;
                assigned[tu] = NONE;
                free.push(t);
            }
            if pc[p] == self.p_cap[p] {
                p_thr[p] = worst(&p_in, plo, phi, p_thr[p]);
            }
            if fc[f] == self.f_cap[f] {
                f_thr[f] = worst(&f_in, flo, fhi, f_thr[f]);
            }
        }
        assigned
    }

    /// SPA-lecturer. Returns per student the assigned entry or `NONE`.
    fn supervisor_optimal_entries(&self) -> Vec<u32> {
        let (n, m, k) = (self.n(), self.m(), self.k());
        let mut assigned = vec![NONE; n];
        // Entries at or after `lim[s]` are deleted or the current assignment: not viable.
        let mut lim: Vec<u32> = self.s_off[1..].to_vec();
        let mut head: Vec<u32> = self.p_off[..m].to_vec();
        let mut pc = vec![0u32; m];
        let mut fc = vec![0u32; k];
        let mut heaps: Vec<BinaryHeap<Reverse<(u32, u32)>>> = vec![BinaryHeap::new(); k];

        // Advances project `p`'s head past non-viable students; returns the head's rank (a
        // supervisor-list index) or `NONE` when the list is exhausted.
        let advance = |head: &mut [u32], lim: &[u32], p: usize| -> u32 {
            let end = self.p_off[p + 1];
            let mut h = head[p];
            while h < end {
                let e = self.p_entry[h as usize];
                if e < lim[self.p_list[h as usize] as usize] {
                    break;
                }
                h += 1;
            }
            head[p] = h;
            if h < end {
                self.e_rank[self.p_entry[h as usize] as usize]
            } else {
                NONE
            }
        };

        for p in 0..m {
            let r = advance(&mut head, &lim, p);
            if r != NONE {
                heaps[self.p_sup[p] as usize].push(Reverse((r, to_u32(p))));
            }
        }
        let mut stack: Vec<u32> = (0..to_u32(k)).rev().collect();
        let mut in_stack = vec![true; k];
        let mut candidates: Vec<u32> = Vec::new();

        while let Some(f) = stack.pop() {
            let fu = f as usize;
            in_stack[fu] = false;
            while fc[fu] < self.f_cap[fu] {
                // Best viable student of `f`: the smallest valid head among under-subscribed
                // projects; collect every project whose head is that student.
                candidates.clear();
                let mut best_rank = NONE;
                while let Some(&Reverse((r, p))) = heaps[fu].peek() {
                    if best_rank != NONE && r != best_rank {
                        break;
                    }
                    heaps[fu].pop();
                    let pu = p as usize;
                    if pc[pu] >= self.p_cap[pu] {
                        continue; // pushed again if it reopens
                    }
                    let now = advance(&mut head, &lim, pu);
                    if now == NONE {
                        continue;
                    }
                    if now != r {
                        heaps[fu].push(Reverse((now, p)));
                        continue;
                    }
                    best_rank = r;
                    candidates.push(p);
                }
                if candidates.is_empty() {
                    break;
                }
                // The student's favourite among them: the smallest entry.
                let mut e_best = NONE;
                for &p in &candidates {
                    e_best = e_best.min(self.p_entry[head[p as usize] as usize]);
                }
                let s = self.e_student[e_best as usize] as usize;
                let p_new = self.s_list[e_best as usize] as usize;
                let old = assigned[s];
                if old != NONE {
                    let po = self.s_list[old as usize] as usize;
                    let g = self.p_sup[po] as usize;
                    let reopened = pc[po] == self.p_cap[po];
                    pc[po] -= 1;
                    fc[g] -= 1;
                    lim[s] = e_best; // the old pair is now a successor: deleted
                    if reopened {
                        let r = advance(&mut head, &lim, po);
                        if r != NONE {
                            heaps[g].push(Reverse((r, to_u32(po))));
                        }
                    }
                    if g != fu && !in_stack[g] {
                        in_stack[g] = true;
                        stack.push(to_u32(g));
                    }
                }
                assigned[s] = e_best;
                lim[s] = e_best;
                pc[p_new] += 1;
                fc[fu] += 1;
                // Every candidate is re-queued with its (now stale) key; full ones are dropped
                // when popped and pushed again if they reopen.
                for &p in &candidates {
                    heaps[fu].push(Reverse((best_rank, p)));
                }
            }
        }
        assigned
    }

    /// Welfare: min-cost max-flow. Returns per student the assigned entry or `NONE`.
    fn welfare_entries(&self) -> Vec<u32> {
        let (n, m, k) = (self.n(), self.m(), self.k());
        let source = 0usize;
        let stu = |s: usize| 1 + s;
        let pro = |p: usize| 1 + n + p;
        let sup = |f: usize| 1 + n + m + f;
        let sink = 1 + n + m + k;
        let mut g = FlowNetwork::new(sink + 1);
        for s in 0..n {
            g.add_edge(source, stu(s), 1, 0);
        }
        let mut edge_of_entry: Vec<Option<EdgeId>> = vec![None; self.s_list.len()];
        for s in 0..n {
            for e in self.entries(s) {
                if self.e_rank[e] != NONE {
                    let rank = (e - self.s_off[s] as usize) as i64;
                    edge_of_entry[e] =
                        Some(g.add_edge(stu(s), pro(self.s_list[e] as usize), 1, rank));
                }
            }
        }
        for p in 0..m {
            g.add_edge(
                pro(p),
                sup(self.p_sup[p] as usize),
                i64::from(self.p_cap[p]),
                0,
            );
        }
        for f in 0..k {
            g.add_edge(sup(f), sink, i64::from(self.f_cap[f]), 0);
        }
        g.min_cost_max_flow(source, sink);
        let mut out = vec![NONE; n];
        for (s, slot) in out.iter_mut().enumerate() {
            for e in self.entries(s) {
                if edge_of_entry[e].is_some_and(|id| g.flow(id) == 1) {
                    *slot = to_u32(e);
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
