//! Loading the program from human-editable files: research areas from `data/taxonomy.json`, the
//! fictional demo program from `data/demo/{labs,faculty,projects,students}.json`.
//!
//! Idempotent: every record is matched by its slug, updated when it changed and inserted when new,
//! inside one transaction, so a half-loaded program is never visible and running it twice is a no-op.
//! Cross-references (a project's advisor, a faculty member's lab) are checked before anything is
//! written, and a bad reference is reported with the file and slug that name it.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use anyhow::{Context, bail};
use chrono::Utc;

use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QuerySelect, Set, TransactionTrait,
};
use serde::Deserialize;
use shared::{
    AreaId, Background, Email, FacultyId, LabId, MAX_BIO_CHARS, MAX_LAB_DESCRIPTION_CHARS,
    MAX_NAME_CHARS, MAX_PROJECT_DESCRIPTION_CHARS, MAX_PROJECT_SUMMARY_CHARS,
    MAX_PROJECT_TITLE_CHARS, ProjectId, ProjectStatus, check_faculty_capacity, check_interests,
    check_project_capacity, check_text, check_words,
};

use super::catalogue::read::to_json_list;
use super::catalogue::write::{ProjectFields, follow_capacity, write_project_areas};
use super::entities::{
    AreaJoin, faculty, faculty_area, lab, lab_area, project, research_area, student, student_area,
    taxonomy_concept, taxonomy_stopword,
};
use crate::engine::taxonomy::TaxonomyFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoLab {
    pub slug: String,
    pub name: String,
    pub school: String,
    pub department: String,
    pub description: String,
    #[serde(default)]
    pub areas: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoFaculty {
    pub slug: String,
    pub name: String,
    pub title: String,
    pub email: Email,
    pub school: String,
    pub department: String,
    pub lab: Option<String>,
    #[serde(default)]
    pub areas: Vec<String>,
    pub bio: String,
    pub capacity: u32,
    #[serde(default = "yes")]
    pub accepting_students: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoProject {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub faculty: String,
    pub co_mentor: Option<String>,
    pub lab: Option<String>,
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub required_skills: Vec<String>,
    #[serde(default)]
    pub preferred_backgrounds: Vec<Background>,
    pub capacity: u32,
    pub status: ProjectStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoStudent {
    pub slug: String,
    pub name: String,
    pub email: Email,
    pub background: Background,
    #[serde(default)]
    pub areas: Vec<String>,
    pub interests: String,
    #[serde(default)]
    pub skills: Vec<String>,
}

/// The demo program as read from disk, before it touches the database.
#[derive(Debug)]
pub struct DemoProgram {
    pub labs: Vec<DemoLab>,
    pub faculty: Vec<DemoFaculty>,
    pub projects: Vec<DemoProject>,
    pub students: Vec<DemoStudent>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Reads `taxonomy.json` from the data directory.
pub fn read_taxonomy(data_dir: &Path) -> anyhow::Result<TaxonomyFile> {
    read_json(&data_dir.join("taxonomy.json"))
}

impl DemoProgram {
    pub fn read(demo_dir: &Path) -> anyhow::Result<DemoProgram> {
        Ok(DemoProgram {
            labs: read_json(&demo_dir.join("labs.json"))?,
            faculty: read_json(&demo_dir.join("faculty.json"))?,
            projects: read_json(&demo_dir.join("projects.json"))?,
            students: read_json(&demo_dir.join("students.json"))?,
        })
    }

    /// Every reference resolves, every slug is unique and every field is within the limits the
    /// server and the CSV import apply (see `shared::check_text`); the first problem found is
    /// reported.
    pub fn validate(&self, area_slugs: &BTreeSet<String>) -> anyhow::Result<()> {
        fn within(
            file: &str,
            slug: &str,
            field: &str,
            check: Result<(), String>,
        ) -> anyhow::Result<()> {
            check.map_err(|m| anyhow::anyhow!("{file}: '{slug}': {field} {m}"))
        }
        fn unique<'a>(file: &str, slugs: impl Iterator<Item = &'a str>) -> anyhow::Result<()> {
            let mut seen = BTreeSet::new();
            for s in slugs {
                if !seen.insert(s) {
                    bail!("{file}: slug '{s}' appears twice");
                }
            }
            Ok(())
        }
        let check_areas = |file: &str, who: &str, areas: &[String]| -> anyhow::Result<()> {
            for a in areas {
                if !area_slugs.contains(a) {
                    bail!(
                        "{file}: '{who}' names research area '{a}', which taxonomy.json does not define"
                    );
                }
            }
            Ok(())
        };
        unique("labs.json", self.labs.iter().map(|l| l.slug.as_str()))?;
        unique("faculty.json", self.faculty.iter().map(|f| f.slug.as_str()))?;
        unique(
            "projects.json",
            self.projects.iter().map(|p| p.slug.as_str()),
        )?;
        unique(
            "students.json",
            self.students.iter().map(|s| s.slug.as_str()),
        )?;
        let labs: BTreeSet<&str> = self.labs.iter().map(|l| l.slug.as_str()).collect();
        let people: BTreeSet<&str> = self.faculty.iter().map(|f| f.slug.as_str()).collect();
        for l in &self.labs {
            check_areas("labs.json", &l.slug, &l.areas)?;
            within(
                "labs.json",
                &l.slug,
                "name",
                check_text(&l.name, MAX_NAME_CHARS),
            )?;
            within(
                "labs.json",
                &l.slug,
                "description",
                check_text(&l.description, MAX_LAB_DESCRIPTION_CHARS),
            )?;
        }
        for f in &self.faculty {
            check_areas("faculty.json", &f.slug, &f.areas)?;
            within(
                "faculty.json",
                &f.slug,
                "name",
                check_text(&f.name, MAX_NAME_CHARS),
            )?;
            within(
                "faculty.json",
                &f.slug,
                "bio",
                check_text(&f.bio, MAX_BIO_CHARS),
            )?;
            within(
                "faculty.json",
                &f.slug,
                "capacity",
                check_faculty_capacity(f.capacity),
            )?;
            if let Some(lab) = &f.lab
                && !labs.contains(lab.as_str())
            {
                bail!(
                    "faculty.json: '{}' names lab '{lab}', which labs.json does not define",
                    f.slug
                );
            }
        }
        for p in &self.projects {
            check_areas("projects.json", &p.slug, &p.areas)?;
            for (field, check) in [
                ("title", check_text(&p.title, MAX_PROJECT_TITLE_CHARS)),
                ("summary", check_text(&p.summary, MAX_PROJECT_SUMMARY_CHARS)),
                (
                    "description",
                    check_text(&p.description, MAX_PROJECT_DESCRIPTION_CHARS),
                ),
                ("keywords", check_words(&p.keywords)),
                ("required_skills", check_words(&p.required_skills)),
                ("capacity", check_project_capacity(p.capacity)),
            ] {
                within("projects.json", &p.slug, field, check)?;
            }
            for who in std::iter::once(&p.faculty).chain(&p.co_mentor) {
                if !people.contains(who.as_str()) {
                    bail!(
                        "projects.json: '{}' names faculty '{who}', who is not in faculty.json",
                        p.slug
                    );
                }
            }
            if p.co_mentor.as_ref() == Some(&p.faculty) {
                bail!(
                    "projects.json: '{}' has the same person as advisor and co-mentor",
                    p.slug
                );
            }
            if let Some(lab) = &p.lab
                && !labs.contains(lab.as_str())
            {
                bail!(
                    "projects.json: '{}' names lab '{lab}', which labs.json does not define",
                    p.slug
                );
            }
        }
        for s in &self.students {
            check_areas("students.json", &s.slug, &s.areas)?;
            within(
                "students.json",
                &s.slug,
                "name",
                check_text(&s.name, MAX_NAME_CHARS),
            )?;
            within(
                "students.json",
                &s.slug,
                "interests",
                check_interests(&s.interests),
            )?;
            within("students.json", &s.slug, "skills", check_words(&s.skills))?;
        }
        Ok(())
    }
}

/// What a seed run did, printed by `thesis-match seed` and logged by `serve`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub areas: usize,
    pub labs: usize,
    pub faculty: usize,
    pub projects: usize,
    pub students: usize,
    pub inserted: usize,
    pub updated: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} areas, {} labs, {} faculty, {} projects, {} students ({} inserted, {} updated, {} unchanged)",
            self.areas,
            self.labs,
            self.faculty,
            self.projects,
            self.students,
            self.inserted,
            self.updated,
            self.areas + self.labs + self.faculty + self.projects + self.students
                - self.inserted
                - self.updated
        )
    }
}

/// Upserts one row by slug: `$find` looks it up, `$fill` sets the fields on an active model.
/// Evaluates to the row id, counting inserts and updates in `$report`.
macro_rules! upsert_by_slug {
    ($txn:expr, $report:expr, $entity:ident, $slug:expr, |$am:ident| $fill:block) => {{
        let existing = $entity::Entity::find()
            .filter($entity::Column::Slug.eq($slug))
            .one($txn)
            .await?;
        match existing {
            Some(row) => {
                let id = row.id;
                let before = row.clone();
                let mut $am: $entity::ActiveModel = row.into();
                $fill
                let after = $am.clone().update($txn).await?;
                if after != before {
                    $report.updated += 1;
                }
                id
            }
            None => {
                let mut $am = $entity::ActiveModel {
                    slug: Set($slug.to_owned()),
                    ..Default::default()
                };
                $fill
                let row = $am.insert($txn).await?;
                $report.inserted += 1;
                row.id
            }
        }
    }};
}
pub(crate) use upsert_by_slug;

/// Sets the areas of one owner in its `*_areas` join table to those named (that exist). Leaves the
/// rows alone when they are already right.
pub(crate) async fn set_areas<J: AreaJoin>(
    txn: &impl ConnectionTrait,
    owner_id: J::Owner,
    areas: &[String],
    area_ids: &HashMap<String, AreaId>,
) -> anyhow::Result<()> {
    let ids: BTreeSet<AreaId> = areas
        .iter()
        .filter_map(|a| area_ids.get(a).copied())
        .collect();
    let stored: BTreeSet<AreaId> = J::find()
        .filter(J::OWNER.eq(owner_id))
        .select_only()
        .column(J::AREA)
        .into_tuple::<AreaId>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    if stored == ids {
        return Ok(());
    }
    J::delete_many()
        .filter(J::OWNER.eq(owner_id))
        .exec(txn)
        .await?;
    if !ids.is_empty() {
        J::insert_many(ids.into_iter().map(|area| J::row(owner_id, area)))
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Upserts the research areas named by the taxonomy. Returns `slug → id`.
async fn seed_areas<C: ConnectionTrait>(
    txn: &C,
    taxonomy: &TaxonomyFile,
    report: &mut SeedReport,
) -> anyhow::Result<HashMap<String, AreaId>> {
    let mut ids = HashMap::new();
    for area in &taxonomy.areas {
        let keywords: Vec<&str> = area.concepts.iter().map(|c| c.term.as_str()).collect();
        let id = upsert_by_slug!(txn, report, research_area, area.slug.as_str(), |am| {
            am.name = Set(area.name.clone());
            am.description = Set(area.description.clone());
            am.keywords = Set(to_json_list(&keywords));
            am.mesh_headings = Set(to_json_list(&area.mesh_headings));
        });
        ids.insert(area.slug.clone(), id);
        report.areas += 1;
    }
    Ok(ids)
}

/// Replaces the stored taxonomy concepts and stopwords with the file's.
async fn seed_concepts<C: ConnectionTrait>(
    txn: &C,
    taxonomy: &TaxonomyFile,
    area_ids: &HashMap<String, AreaId>,
) -> anyhow::Result<()> {
    taxonomy_concept::Entity::delete_many().exec(txn).await?;
    taxonomy_stopword::Entity::delete_many().exec(txn).await?;
    let specs = taxonomy
        .areas
        .iter()
        .flat_map(|a| {
            a.concepts
                .iter()
                .map(move |c| (area_ids.get(&a.slug).copied(), c))
        })
        .chain(taxonomy.general.iter().map(|c| (None, c)));
    let mut rows = Vec::new();
    for (position, (area_id, c)) in specs.enumerate() {
        rows.push(taxonomy_concept::ActiveModel {
            area_id: Set(area_id),
            term: Set(c.term.clone()),
            aliases: Set(to_json_list(&c.aliases)),
            kind: Set(c.kind.clone()),
            position: Set(i32::try_from(position).context("too many concepts")?),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(500) {
        taxonomy_concept::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    let words: BTreeSet<&str> = taxonomy
        .stopwords
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    let rows: Vec<taxonomy_stopword::ActiveModel> = words
        .into_iter()
        .map(|w| taxonomy_stopword::ActiveModel {
            word: Set(w.to_owned()),
        })
        .collect();
    for chunk in rows.chunks(500) {
        taxonomy_stopword::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Loads the research areas and the taxonomy (concepts, stopwords) from the file, replacing the
/// stored taxonomy, in one transaction. The file is validated first (duplicate aliases are refused).
pub async fn seed_taxonomy(
    db: &DatabaseConnection,
    taxonomy: &TaxonomyFile,
) -> anyhow::Result<SeedReport> {
    store_taxonomy(db, taxonomy, None).await
}

/// Loads `<data_dir>/taxonomy.json` into a database that has no taxonomy yet: the research areas
/// and the matcher's vocabulary (not people) that a new production database needs as much as the
/// demo does. Does nothing when one is stored.
pub async fn ensure_taxonomy(db: &DatabaseConnection, data_dir: &Path) -> anyhow::Result<()> {
    if super::catalogue::read::stored_taxonomy(db).await?.is_none() {
        let file = read_taxonomy(data_dir)?;
        let report = seed_taxonomy(db, &file).await?;
        tracing::info!(areas = report.areas, "empty database: loaded the taxonomy");
    }
    Ok(())
}

/// Stores the taxonomy edited by a director, with its audit entry, in one transaction.
pub async fn seed_taxonomy_audited(
    db: &DatabaseConnection,
    taxonomy: &TaxonomyFile,
    entry: super::audit::Entry,
) -> anyhow::Result<SeedReport> {
    store_taxonomy(db, taxonomy, Some(entry)).await
}

async fn store_taxonomy(
    db: &DatabaseConnection,
    taxonomy: &TaxonomyFile,
    entry: Option<super::audit::Entry>,
) -> anyhow::Result<SeedReport> {
    crate::engine::taxonomy::Taxonomy::from_file(taxonomy)?;
    let mut report = SeedReport::default();
    let txn = db.begin().await?;
    let area_ids = seed_areas(&txn, taxonomy, &mut report).await?;
    seed_concepts(&txn, taxonomy, &area_ids).await?;
    super::catalogue::version::request_rebuild(&txn).await?;
    if let Some(e) = entry {
        super::audit::record(&txn, e).await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// Loads the taxonomy's areas and the demo program in one transaction.
pub async fn seed_demo(
    db: &DatabaseConnection,
    taxonomy: &TaxonomyFile,
    demo: &DemoProgram,
) -> anyhow::Result<SeedReport> {
    let area_slugs: BTreeSet<String> = taxonomy.areas.iter().map(|a| a.slug.clone()).collect();
    demo.validate(&area_slugs)?;
    let mut report = SeedReport::default();
    let now = Utc::now();
    crate::engine::taxonomy::Taxonomy::from_file(taxonomy)?;
    let txn = db.begin().await?;
    let area_ids = seed_areas(&txn, taxonomy, &mut report).await?;
    seed_concepts(&txn, taxonomy, &area_ids).await?;

    let mut lab_ids: HashMap<&str, LabId> = HashMap::new();
    for l in &demo.labs {
        let id = upsert_by_slug!(&txn, report, lab, l.slug.as_str(), |am| {
            am.name = Set(l.name.clone());
            am.school = Set(l.school.clone());
            am.department = Set(l.department.clone());
            am.description = Set(l.description.clone());
        });
        set_areas::<lab_area::Entity>(&txn, id, &l.areas, &area_ids).await?;
        lab_ids.insert(&l.slug, id);
        report.labs += 1;
    }

    let mut people: HashMap<&str, (FacultyId, &str)> = HashMap::new();
    for f in &demo.faculty {
        let lab_id = f.lab.as_deref().and_then(|l| lab_ids.get(l).copied());
        let capacity = i32::try_from(f.capacity).context("faculty capacity too large")?;
        let id = upsert_by_slug!(&txn, report, faculty, f.slug.as_str(), |am| {
            am.name = Set(f.name.clone());
            am.title = Set(f.title.clone());
            am.email = Set(f.email.clone());
            am.school = Set(f.school.clone());
            am.department = Set(f.department.clone());
            am.lab_id = Set(lab_id);
            am.bio = Set(f.bio.clone());
            if let (ActiveValue::Unchanged(id), ActiveValue::Unchanged(stored)) =
                (&am.id, &am.capacity)
                && *stored != capacity
            {
                crate::db::cycle::set_advisor_capacity(&txn, *id, f.capacity).await?;
            }
            am.capacity = Set(capacity);
            am.accepting_students = Set(f.accepting_students);
        });
        set_areas::<faculty_area::Entity>(&txn, id, &f.areas, &area_ids).await?;
        people.insert(&f.slug, (id, &f.name));
        report.faculty += 1;
    }

    for (i, p) in demo.projects.iter().enumerate() {
        let (advisor_id, advisor_name) = people
            .get(p.faculty.as_str())
            .copied()
            .with_context(|| format!("unknown faculty {}", p.faculty))?;
        let co = p.co_mentor.as_deref().and_then(|c| people.get(c).copied());
        let mut names = vec![advisor_name];
        names.extend(co.map(|(_, n)| n));
        let fields = ProjectFields {
            title: p.title.clone(),
            summary: p.summary.clone(),
            description: p.description.clone(),
            faculty_id: advisor_id,
            co_mentor_id: co.map(|(id, _)| id),
            lab_id: p.lab.as_deref().and_then(|l| lab_ids.get(l).copied()),
            areas: p.areas.clone(),
            keywords: p.keywords.clone(),
            required_skills: p.required_skills.clone(),
            preferred_backgrounds: p.preferred_backgrounds.clone(),
            capacity: p.capacity,
            status: p.status,
        };
        let updated_before = report.updated;
        let id = upsert_by_slug!(&txn, report, project, p.slug.as_str(), |am| {
            let mut fields = fields.clone();
            if let (ActiveValue::Unchanged(id), ActiveValue::Unchanged(stored)) =
                (&am.id, &am.capacity)
                && i32::try_from(fields.capacity).ok() != Some(*stored)
            {
                // A capacity changed in the demo files: seats and status follow, as for any edit.
                follow_capacity(&txn, *id, &mut fields).await?;
            }
            fields.fill(&mut am, &names)?;
            if am.created_at.is_not_set() {
                am.created_at = Set(now);
                am.updated_at = Set(now);
            }
        });
        if report.updated > updated_before {
            project::ActiveModel {
                id: Set(id),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        write_project_areas(&txn, id, &fields.areas, &area_ids).await?;
        report.projects += 1;
        if (i + 1) % 500 == 0 {
            tracing::info!("seed: {} of {} projects", i + 1, demo.projects.len());
        }
    }

    for s in &demo.students {
        let id = upsert_by_slug!(&txn, report, student, s.slug.as_str(), |am| {
            am.name = Set(s.name.clone());
            am.email = Set(s.email.clone());
            am.background = Set(s.background);
            am.interests = Set(s.interests.clone());
            am.skills = Set(to_json_list(&s.skills));
            if am.created_at.is_not_set() {
                am.created_at = Set(now);
            }
        });
        set_areas::<student_area::Entity>(&txn, id, &s.areas, &area_ids).await?;
        report.students += 1;
    }
    super::catalogue::version::request_rebuild(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

/// Gives the demo program's people accounts (see [`super::accounts::seed_demo_accounts`]). The demo
/// password is hashed once for all of them: it is public anyway, and one argon2 hash per account
/// would make every test start-up seconds slower.
pub async fn seed_demo_accounts(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let hash =
        crate::credentials::hash_password_blocking(super::accounts::DEMO_PASSWORD.to_owned())
            .await?;
    super::accounts::seed_demo_accounts(db, &hash).await
}

/// Reads `<data_dir>/taxonomy.json` and `<data_dir>/demo/` and seeds them.
pub async fn seed_demo_from_dir(
    db: &DatabaseConnection,
    data_dir: &Path,
) -> anyhow::Result<SeedReport> {
    let taxonomy = read_taxonomy(data_dir)?;
    let demo = DemoProgram::read(&data_dir.join("demo"))?;
    seed_demo(db, &taxonomy, &demo).await
}

impl DemoProgram {
    /// The demo projects as `shared::Project`s without a database, numbered 1.. in file order (the
    /// order `seed` inserts them into an empty database). Used by `eval` and the benchmarks.
    pub fn to_projects(&self) -> Vec<shared::Project> {
        let people: HashMap<&str, (FacultyId, &DemoFaculty)> = self
            .faculty
            .iter()
            .enumerate()
            .map(|(i, f)| (f.slug.as_str(), (FacultyId(i as i32 + 1), f)))
            .collect();
        let labs: HashMap<&str, (LabId, &DemoLab)> = self
            .labs
            .iter()
            .enumerate()
            .map(|(i, l)| (l.slug.as_str(), (LabId(i as i32 + 1), l)))
            .collect();
        let person = |slug: &str| {
            people.get(slug).map(|(id, f)| shared::FacultyRef {
                id: *id,
                slug: f.slug.clone(),
                name: f.name.clone(),
                title: f.title.clone(),
                department: f.department.clone(),
            })
        };
        self.projects
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                Some(shared::Project {
                    id: ProjectId(i as i32 + 1),
                    slug: p.slug.clone(),
                    title: p.title.clone(),
                    summary: p.summary.clone(),
                    description: p.description.clone(),
                    faculty: person(&p.faculty)?,
                    co_mentor: p.co_mentor.as_deref().and_then(person),
                    lab: p.lab.as_deref().and_then(|l| {
                        labs.get(l).map(|(id, lab)| shared::LabRef {
                            id: *id,
                            slug: lab.slug.clone(),
                            name: lab.name.clone(),
                        })
                    }),
                    areas: p.areas.clone(),
                    keywords: p.keywords.clone(),
                    required_skills: p.required_skills.clone(),
                    preferred_backgrounds: p.preferred_backgrounds.clone(),
                    capacity: p.capacity,
                    status: p.status,
                    created_at: chrono::DateTime::UNIX_EPOCH,
                    updated_at: chrono::DateTime::UNIX_EPOCH,
                })
            })
            .collect()
    }
}
