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
//!   → supervisor (project capacity) → sink (supervisor capacity)) by successive shortest paths
//!   with Johnson potentials and, per potential update, blocking flows on the zero-reduced-cost
//!   subgraph. The result is generally *not* stable; the blocking pairs are reported.
//! - [`Problem::blocking_pairs`] is an independent stability checker that follows the paper's
//!   definition of a blocking pair verbatim (see [`BlockingKind`]). O(λ).
//!
//! **Invariants.** Capacities are never exceeded; a student is only ever assigned to an acceptable
//! pair; both stable algorithms return stable matchings (the student-optimal one is the best
//! stable matching for every student, the supervisor-optimal one the worst); everything is
//! deterministic: dense `u32` indices in input order, no hashing after validation, ties in the
//! welfare mode broken by the fixed order of the flow network (input order).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use serde::{Deserialize, Serialize};

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
        let mut g = Flow::new(sink + 1);
        for s in 0..n {
            g.add(source, stu(s), 1, 0);
        }
        let mut edge_of_entry = vec![usize::MAX; self.s_list.len()];
        for s in 0..n {
            for e in self.entries(s) {
                if self.e_rank[e] != NONE {
                    let rank = (e - self.s_off[s] as usize) as i64;
                    edge_of_entry[e] = g.add(stu(s), pro(self.s_list[e] as usize), 1, rank);
                }
            }
        }
        for p in 0..m {
            g.add(
                pro(p),
                sup(self.p_sup[p] as usize),
                i64::from(self.p_cap[p]),
                0,
            );
        }
        for f in 0..k {
            g.add(sup(f), sink, i64::from(self.f_cap[f]), 0);
        }
        g.min_cost_max_flow(source, sink);
        let mut out = vec![NONE; n];
        for (s, slot) in out.iter_mut().enumerate() {
            for e in self.entries(s) {
                let id = edge_of_entry[e];
                if id != usize::MAX && g.cap[id] == 0 {
                    *slot = to_u32(e);
                }
            }
        }
        out
    }
}

/// A residual network: edges in arrays (edge `i ^ 1` is the reverse of edge `i`), adjacency in
/// insertion order so that every search visits edges in input order (determinism).
struct Flow {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i64>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            adj: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    fn push_edge(&mut self, u: usize, v: usize, cap: i64, cost: i64) -> usize {
        let id = self.to.len();
        self.to.push(v);
        self.cap.push(cap);
        self.cost.push(cost);
        self.adj[u].push(id);
        id
    }

    fn add(&mut self, u: usize, v: usize, cap: i64, cost: i64) -> usize {
        let id = self.push_edge(u, v, cap, cost);
        self.push_edge(v, u, 0, -cost);
        id
    }

    fn admissible(&self, id: usize, u: usize, pot: &[i64]) -> bool {
        self.cap[id] > 0 && self.cost[id] + pot[u] - pot[self.to[id]] == 0
    }

    /// Successive shortest paths: Dijkstra on reduced costs (all non-negative thanks to the
    /// potentials), then blocking flows on the zero-reduced-cost subgraph, levelled by BFS so that
    /// zero-cost cycles cannot trap the search. Ends when the sink is unreachable: the flow is then
    /// maximum and, among maximum flows, of minimum cost.
    fn min_cost_max_flow(&mut self, s: usize, t: usize) {
        let nodes = self.adj.len();
        let mut pot = vec![0i64; nodes];
        let mut dist = vec![i64::MAX; nodes];
        let mut level = vec![u32::MAX; nodes];
        let mut iter = vec![0usize; nodes];
        let mut queue = VecDeque::new();
        let mut heap = BinaryHeap::new();
        loop {
            dist.iter_mut().for_each(|d| *d = i64::MAX);
            dist[s] = 0;
            heap.clear();
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &id in &self.adj[u] {
                    if self.cap[id] > 0 {
                        let v = self.to[id];
                        let nd = d + self.cost[id] + pot[u] - pot[v];
                        if nd < dist[v] {
                            dist[v] = nd;
                            heap.push(Reverse((nd, v)));
                        }
                    }
                }
            }
            if dist[t] == i64::MAX {
                return;
            }
            for v in 0..nodes {
                if dist[v] != i64::MAX {
                    pot[v] += dist[v];
                }
            }
            loop {
                level.iter_mut().for_each(|l| *l = u32::MAX);
                level[s] = 0;
                queue.clear();
                queue.push_back(s);
                while let Some(u) = queue.pop_front() {
                    for &id in &self.adj[u] {
                        let v = self.to[id];
                        if level[v] == u32::MAX
                            && dist[v] != i64::MAX
                            && self.admissible(id, u, &pot)
                        {
                            level[v] = level[u] + 1;
                            queue.push_back(v);
                        }
                    }
                }
                if level[t] == u32::MAX {
                    break;
                }
                iter.iter_mut().for_each(|i| *i = 0);
                while self.augment(s, t, &level, &pot, &mut iter) {}
            }
        }
    }

    /// One augmenting path along admissible, level-increasing edges (iterative DFS with per-node
    /// edge cursors, as in Dinic's algorithm). Returns false when none is left.
    fn augment(
        &mut self,
        s: usize,
        t: usize,
        level: &[u32],
        pot: &[i64],
        iter: &mut [usize],
    ) -> bool {
        let mut path: Vec<usize> = Vec::new();
        let mut u = s;
        loop {
            if u == t {
                let f = path.iter().map(|&id| self.cap[id]).min().unwrap_or(0);
                for &id in &path {
                    self.cap[id] -= f;
                    self.cap[id ^ 1] += f;
                }
                return f > 0;
            }
            let mut advanced = false;
            while iter[u] < self.adj[u].len() {
                let id = self.adj[u][iter[u]];
                let v = self.to[id];
                if level[v] == level[u].wrapping_add(1) && self.admissible(id, u, pot) {
                    path.push(id);
                    u = v;
                    advanced = true;
                    break;
                }
                iter[u] += 1;
            }
            if !advanced {
                // Dead end: retreat and skip the edge that led here.
                let Some(id) = path.pop() else {
                    return false;
                };
                u = self.to[id ^ 1];
                iter[u] += 1;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
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
    fn random_instance(
        seed: u64,
        max_n: usize,
        max_m: usize,
        max_k: usize,
        noise: bool,
    ) -> Instance {
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
        let frank =
            |f: usize, s: usize| pos(&inst.supervisors[f].preferences, &inst.students[s].id);
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
}
