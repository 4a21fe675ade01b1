//! `thesis-match seed --synthetic`: a fictional program of any size, for benchmarks and scale tests —
//! never loaded by `serve`.
//!
//! Labs, faculty, projects and students are written as CSV and go through the CSV import (the same
//! checks, the one project writer, accounts without passwords); then most students certify a list
//! of the cycle's maximum length and some advisors rank their applicants, written in batches.
//! Names are built from syllables, so no real person's name is used on purpose. Demand is skewed as
//! in a real cohort: within each research area projects are drawn with Zipf weights over a random
//! order, so a few projects collect many first choices and many collect none. The same seed gives
//! the same program.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use shared::{AuditAction, FacultyId, ImportKind, ProjectId, StudentId, TargetKind, TaxonomyFile};

use super::audit::Entry;
use super::cycle as db_cycle;
use super::entities::rank_entry::ListVersion;
use super::entities::{applicant_ranking, faculty, project, rank_entry, rank_list, student};
use super::import::{self, ImportError};

/// How big a program to make.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub students: usize,
    pub projects: usize,
    pub faculty: usize,
    pub seed: u64,
}

/// What was made.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub labs: usize,
    pub faculty: usize,
    pub projects: usize,
    pub students: usize,
    /// Students with a certified list.
    pub certified: usize,
    /// Choices on certified lists.
    pub choices: usize,
    /// Advisors who ranked their applicants.
    pub advisors_ranked: usize,
    pub seconds: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} labs, {} faculty, {} projects, {} students; {} certified lists ({} choices); \
             {} advisors ranked their applicants; {:.1}s",
            self.labs,
            self.faculty,
            self.projects,
            self.students,
            self.certified,
            self.choices,
            self.advisors_ranked,
            self.seconds
        )
    }
}

/// Rows per INSERT (5 columns each: far below every backend's bound-parameter cap).
const BATCH: usize = 1_000;
/// Share of students who certify a list, in percent.
const CERTIFY_PERCENT: u64 = 90;
/// Share of a student's choices drawn from their own research area, in percent.
const OWN_AREA_PERCENT: u64 = 80;
/// Share of advisors who rank their applicants by hand, in percent.
const RANKING_ADVISORS_PERCENT: u64 = 30;

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ra", "ven", "tor", "sel", "an", "dri", "ol", "ex", "ny", "quin", "bar",
    "tis", "el", "mar", "co", "ju", "fen", "osk", "ula", "zer", "ith",
];
const SCHOOLS: [(&str, &str); 4] = [
    (
        "School of Engineering",
        "Department of Biomedical Engineering",
    ),
    ("School of Medicine", "Department of Radiology"),
    (
        "School of Health Professions",
        "Department of Health Informatics",
    ),
    ("School of Business", "Department of Healthcare Management"),
];
const SKILLS: [&str; 9] = [
    "Python",
    "PyTorch",
    "R",
    "MATLAB",
    "SQL",
    "C++",
    "statistics",
    "signal processing",
    "NLP",
];
const BACKGROUNDS: [&str; 3] = ["engineering", "computer_science", "clinical"];
const TITLES: [&str; 3] = ["Assistant Professor", "Associate Professor", "Professor"];

fn word(rng: &mut Rng, syllables: usize) -> String {
    let w: String = (0..syllables).map(|_| *rng.pick(&SYLLABLES)).collect();
    capitalised(&w)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A made-up person's name: two syllables, then three.
fn person(rng: &mut Rng) -> (String, String) {
    (word(rng, 2), word(rng, 3))
}

/// Concept terms of one area, usable in a CSV list cell.
fn terms(taxonomy: &TaxonomyFile, area: usize) -> Vec<String> {
    taxonomy.areas[area]
        .concepts
        .iter()
        .map(|c| c.term.clone())
        .filter(|t| !t.contains(';') && t.len() <= 60)
        .collect()
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(w.into_inner()?)
}

fn entry() -> Entry {
    Entry {
        actor_id: None,
        actor_email: "thesis-match seed --synthetic".to_owned(),
        client_addr: None,
        action: AuditAction::Import,
        target_kind: TargetKind::Import,
        target_id: None,
        before: None,
        after: None,
        reason: None,
    }
}

async fn load(db: &DatabaseConnection, kind: ImportKind, bytes: Vec<u8>) -> anyhow::Result<()> {
    match import::import(db, kind, &bytes, entry()).await {
        Ok(_) => Ok(()),
        Err(ImportError::Rejected(problems)) => {
            let first = problems
                .first()
                .map(|p| format!("line {}, {}: {}", p.line, p.column, p.message))
                .unwrap_or_default();
            bail!(
                "the generated {} were refused ({} problems; first: {first})",
                kind.as_str(),
                problems.len()
            )
        }
        Err(ImportError::Internal(e)) => Err(e),
    }
}

/// Makes the program described by `spec` in an empty database (one with no people or projects);
/// refuses any other, so it never mixes with real records.
pub async fn generate(
    db: &DatabaseConnection,
    taxonomy: &TaxonomyFile,
    spec: Spec,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    anyhow::ensure!(
        spec.students > 0 && spec.projects > 0 && spec.faculty > 0,
        "--students, --projects and --faculty must each be at least 1"
    );
    anyhow::ensure!(
        taxonomy.areas.len() >= 3,
        "the taxonomy has {} research areas; the program needs its three",
        taxonomy.areas.len()
    );
    let existing = student::Entity::find().count(db).await?
        + faculty::Entity::find().count(db).await?
        + project::Entity::find().count(db).await?;
    if existing > 0 {
        bail!(
            "the database already holds people or projects: a synthetic program goes only into an \
             empty database, so it never mixes with real records"
        );
    }
    db_cycle::ensure_current(db, true).await?;
    let cycle = db_cycle::current(db).await?;
    let mut rng = Rng(spec.seed ^ 0x05EE_D0F7_E5E5);
    let areas: Vec<String> = taxonomy.areas.iter().map(|a| a.slug.clone()).collect();
    let area_terms: Vec<Vec<String>> = (0..areas.len()).map(|a| terms(taxonomy, a)).collect();
    anyhow::ensure!(
        area_terms.iter().all(|t| t.len() >= 3),
        "every research area needs at least three concepts"
    );
    let mut report = Report::default();

    // Labs: one per eight faculty members, each in one area.
    let n_labs = spec.faculty.div_ceil(8);
    let mut lab_rows = Vec::new();
    for l in 0..n_labs {
        let area = l % areas.len();
        let (school, department) = SCHOOLS[l % SCHOOLS.len()];
        let topic = rng.pick(&area_terms[area]).clone();
        lab_rows.push(vec![
            format!("syn-lab-{l}"),
            // Numbered: lab names are unique, and at 5,000 faculty made-up words repeat.
            format!("{} Lab {} for {topic}", word(&mut rng, 2), l + 1),
            school.to_owned(),
            department.to_owned(),
            format!("Research on {topic} and its clinical use."),
            areas[area].clone(),
        ]);
    }
    report.labs = lab_rows.len();
    load(
        db,
        ImportKind::Labs,
        csv_bytes(
            &[
                "slug",
                "name",
                "school",
                "department",
                "description",
                "areas",
            ],
            lab_rows,
        )?,
    )
    .await?;

    // Faculty: each in their lab's area.
    let mut faculty_area = Vec::with_capacity(spec.faculty);
    let mut faculty_rows = Vec::new();
    for f in 0..spec.faculty {
        let lab = f % n_labs;
        let area = lab % areas.len();
        faculty_area.push(area);
        let (first, last) = person(&mut rng);
        let (school, department) = SCHOOLS[lab % SCHOOLS.len()];
        faculty_rows.push(vec![
            format!("syn-faculty-{f}"),
            format!("{first} {last}"),
            rng.pick(&TITLES).to_string(),
            format!(
                "{}.{}.{f}@faculty.example.edu",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            school.to_owned(),
            department.to_owned(),
            format!("syn-lab-{lab}"),
            areas[area].clone(),
            format!("{first} works on {}.", rng.pick(&area_terms[area])),
            (2 + rng.below(5)).to_string(),
            "true".to_owned(),
        ]);
    }
    report.faculty = faculty_rows.len();
    load(
        db,
        ImportKind::Faculty,
        csv_bytes(
            &[
                "slug",
                "name",
                "title",
                "email",
                "school",
                "department",
                "lab",
                "areas",
                "bio",
                "capacity",
                "accepting_students",
            ],
            faculty_rows,
        )?,
    )
    .await?;

    // Projects: an advisor in the area, three of its concepts as keywords.
    let by_area: Vec<Vec<usize>> = (0..areas.len())
        .map(|a| {
            (0..spec.faculty)
                .filter(|&f| faculty_area[f] == a)
                .collect()
        })
        .collect();
    let mut project_area = Vec::with_capacity(spec.projects);
    let mut project_advisor = Vec::with_capacity(spec.projects);
    let mut project_rows = Vec::new();
    for p in 0..spec.projects {
        let mut area = rng.below(areas.len());
        if by_area[area].is_empty() {
            area = faculty_area[rng.below(spec.faculty)];
        }
        let advisor = *rng.pick(&by_area[area]);
        project_area.push(area);
        project_advisor.push(advisor);
        let t = &area_terms[area];
        let (a, b, c) = (
            rng.pick(t).clone(),
            rng.pick(t).clone(),
            rng.pick(t).clone(),
        );
        project_rows.push(vec![
            format!("syn-project-{p}"),
            capitalised(&format!("{a} and {b} (project {p})")),
            format!("Apply {a} to {b} in a clinical setting."),
            format!("Students will study {a}, {b} and {c} with de-identified data."),
            format!("syn-faculty-{advisor}"),
            String::new(),
            format!("syn-lab-{}", advisor % n_labs),
            areas[area].clone(),
            [a, b, c].join(";"),
            format!("{};{}", rng.pick(&SKILLS), rng.pick(&SKILLS)),
            rng.pick(&BACKGROUNDS).to_string(),
            (1 + rng.below(3)).to_string(),
            "open".to_owned(),
        ]);
    }
    report.projects = project_rows.len();
    load(
        db,
        ImportKind::Projects,
        csv_bytes(
            &[
                "slug",
                "title",
                "summary",
                "description",
                "advisor",
                "co_mentor",
                "lab",
                "areas",
                "keywords",
                "required_skills",
                "preferred_backgrounds",
                "capacity",
                "status",
            ],
            project_rows,
        )?,
    )
    .await?;

    // Students.
    let mut student_area = Vec::with_capacity(spec.students);
    let mut student_rows = Vec::new();
    for s in 0..spec.students {
        let area = rng.below(areas.len());
        student_area.push(area);
        let (first, last) = person(&mut rng);
        let t = &area_terms[area];
        student_rows.push(vec![
            format!("syn-student-{s}"),
            format!("{first} {last}"),
            format!(
                "{}.{}.{s}@students.example.edu",
                first.to_lowercase(),
                last.to_lowercase()
            ),
            rng.pick(&BACKGROUNDS).to_string(),
            areas[area].clone(),
            format!(
                "I would like to work on {} and {}, perhaps with {}.",
                rng.pick(t),
                rng.pick(t),
                rng.pick(t)
            ),
            format!("{};{}", rng.pick(&SKILLS), rng.pick(&SKILLS)),
        ]);
    }
    report.students = student_rows.len();
    load(
        db,
        ImportKind::Students,
        csv_bytes(
            &[
                "slug",
                "name",
                "email",
                "background",
                "areas",
                "interests",
                "skills",
            ],
            student_rows,
        )?,
    )
    .await?;

    // Ids by generated index (slugs are `syn-<kind>-<index>`).
    let student_ids = ids_by_index::<student::Entity, StudentId>(
        db,
        student::Column::Slug,
        student::Column::Id,
        "syn-student-",
        spec.students,
    )
    .await?;
    let project_ids = ids_by_index::<project::Entity, ProjectId>(
        db,
        project::Column::Slug,
        project::Column::Id,
        "syn-project-",
        spec.projects,
    )
    .await?;
    let faculty_ids = ids_by_index::<faculty::Entity, FacultyId>(
        db,
        faculty::Column::Slug,
        faculty::Column::Id,
        "syn-faculty-",
        spec.faculty,
    )
    .await?;

    // Demand: Zipf weights over a random order of each area's projects.
    let mut pools: Vec<Pool> = Vec::new();
    for a in 0..areas.len() {
        let mut members: Vec<usize> = (0..spec.projects)
            .filter(|&p| project_area[p] == a)
            .collect();
        rng.shuffle(&mut members);
        pools.push(Pool::zipf(members));
    }
    let mut all: Vec<usize> = (0..spec.projects).collect();
    rng.shuffle(&mut all);
    let everywhere = Pool::zipf(all);
    let length = (cycle.max_ranked as usize).min(spec.projects);
    let now = Utc::now();
    let mut lists: Vec<(StudentId, Vec<usize>)> = Vec::new();
    for s in 0..spec.students {
        if !rng.percent(CERTIFY_PERCENT) {
            continue;
        }
        let mut chosen: Vec<usize> = Vec::with_capacity(length);
        let mut seen = BTreeSet::new();
        let mut attempts = 0;
        while chosen.len() < length {
            attempts += 1;
            let pool = if attempts > 50 * length {
                None
            } else if rng.percent(OWN_AREA_PERCENT) {
                pools.get(student_area[s]).filter(|p| !p.members.is_empty())
            } else {
                Some(&everywhere)
            };
            let p = match pool {
                Some(pool) => pool.draw(&mut rng),
                // Rejections pile up only when few projects are left: take the next unchosen one.
                None => match (0..spec.projects).find(|p| !seen.contains(p)) {
                    Some(p) => p,
                    None => break,
                },
            };
            if seen.insert(p) {
                chosen.push(p);
            }
        }
        lists.push((student_ids[s], chosen));
    }
    report.certified = lists.len();
    report.choices = lists.iter().map(|(_, l)| l.len()).sum();

    // Advisors who rank their applicants: a random order of everyone who listed one of their
    // projects.
    let mut applicants: BTreeMap<usize, BTreeSet<StudentId>> = BTreeMap::new();
    for (sid, list) in &lists {
        for &p in list {
            applicants
                .entry(project_advisor[p])
                .or_default()
                .insert(*sid);
        }
    }
    let mut rankings: Vec<(FacultyId, Vec<StudentId>)> = Vec::new();
    for (f, set) in applicants {
        if rng.percent(RANKING_ADVISORS_PERCENT) {
            let mut order: Vec<StudentId> = set.into_iter().collect();
            rng.shuffle(&mut order);
            rankings.push((faculty_ids[f], order));
        }
    }
    report.advisors_ranked = rankings.len();

    let txn = db.begin().await?;
    for chunk in lists.chunks(BATCH) {
        rank_list::Entity::insert_many(chunk.iter().map(|(sid, _)| rank_list::ActiveModel {
            cycle_id: Set(cycle.id),
            student_id: Set(*sid),
            certified_at: Set(Some(now)),
            updated_at: Set(now),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let project_ids = &project_ids;
    let entries: Vec<rank_entry::ActiveModel> = lists
        .iter()
        .flat_map(|(sid, list)| {
            let cycle_id = cycle.id;
            [ListVersion::Draft, ListVersion::Certified]
                .into_iter()
                .flat_map(move |version| {
                    list.iter().enumerate().map(move |(i, &p)| (version, i, p))
                })
                .map(move |(version, i, p)| rank_entry::ActiveModel {
                    cycle_id: Set(cycle_id),
                    student_id: Set(*sid),
                    version: Set(version),
                    position: Set(i as i32 + 1),
                    project_id: Set(project_ids[p]),
                })
        })
        .collect();
    for chunk in entries.chunks(BATCH) {
        rank_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let ranked: Vec<applicant_ranking::ActiveModel> = rankings
        .iter()
        .flat_map(|(fid, order)| {
            order
                .iter()
                .enumerate()
                .map(|(i, sid)| applicant_ranking::ActiveModel {
                    cycle_id: Set(cycle.id),
                    faculty_id: Set(*fid),
                    student_id: Set(*sid),
                    position: Set(i as i32 + 1),
                })
        })
        .collect();
    for chunk in ranked.chunks(BATCH) {
        applicant_ranking::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Projects to draw from with Zipf weights (the first member the most popular).
struct Pool {
    members: Vec<usize>,
    /// Cumulative weights, `1/1 + 1/2 + … + 1/(i+1)`.
    cumulative: Vec<f64>,
}

impl Pool {
    fn zipf(members: Vec<usize>) -> Pool {
        let mut total = 0.0;
        let cumulative = (0..members.len())
            .map(|i| {
                total += 1.0 / (i as f64 + 1.0);
                total
            })
            .collect();
        Pool {
            members,
            cumulative,
        }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c <= u);
        self.members[i.min(self.members.len() - 1)]
    }
}

/// The ids of the rows whose slug is `<prefix><index>`, by index.
async fn ids_by_index<E, V>(
    db: &impl ConnectionTrait,
    slug: E::Column,
    id: E::Column,
    prefix: &str,
    n: usize,
) -> anyhow::Result<Vec<V>>
where
    E: EntityTrait,
    V: sea_orm::TryGetable + Copy,
    E::Column: ColumnTrait,
{
    let rows: Vec<(String, V)> = E::find()
        .select_only()
        .column(slug)
        .column(id)
        .filter(slug.starts_with(prefix))
        .into_tuple()
        .all(db)
        .await?;
    let by: HashMap<usize, V> = rows
        .into_iter()
        .filter_map(|(s, v)| s.strip_prefix(prefix)?.parse().ok().map(|i| (i, v)))
        .collect();
    (0..n)
        .map(|i| {
            by.get(&i)
                .copied()
                .with_context(|| format!("the generated row {prefix}{i} was not stored"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_makes_the_same_names_and_zipf_draws_skew() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        assert_eq!(person(&mut a), person(&mut b));
        let pool = Pool::zipf((0..100).collect());
        let mut rng = Rng(1);
        let mut counts = [0_u32; 100];
        for _ in 0..10_000 {
            counts[pool.draw(&mut rng)] += 1;
        }
        // Zipf over 100: the first takes about 19 %, the last about 0.2 %.
        assert!(counts[0] > 1_500 && counts[0] < 2_400, "{}", counts[0]);
        assert!(counts[99] < 60, "{}", counts[99]);
        assert!(counts[0] > 10 * counts[50]);
    }
}
