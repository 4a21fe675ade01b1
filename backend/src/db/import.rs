//! CSV import of labs, faculty, projects and students (formats in README and `data/import/`).
//!
//! All or nothing: every row is parsed and checked (types, known areas, labs and advisors, unique
//! slugs and e-mails within the file and against the database) before anything is written; a file
//! with any bad row is refused with every problem's line and column. A good file is written in one
//! transaction: rows whose slug is new are inserted in batches, rows whose slug exists are updated
//! when they changed, and new students and faculty get an account without a password (the director
//! issues reset links). Every server process then rebuilds its matcher.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use shared::{Background, Id, ImportKind, ImportReport, ProjectStatus, Role, RowProblem};

use super::audit::{self, Entry};
use super::entities::{
    faculty, faculty_area, lab, lab_area, project, project_area, student, student_area, user,
};
use super::projects::area_ids;
use super::queries::to_json_list;
use super::seed::{search_text, set_areas, upsert_by_slug};

/// Rows per INSERT statement (well under SQLite's and PostgreSQL's bound-variable limits).
const BATCH: usize = 500;
/// Problems reported at most (a wholly wrong file would otherwise list every cell).
const MAX_PROBLEMS: usize = 200;

#[derive(Debug)]
pub enum ImportError {
    /// The file is refused; nothing was stored.
    Rejected(Vec<RowProblem>),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ImportError {
    fn from(e: anyhow::Error) -> Self {
        ImportError::Internal(e)
    }
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(e: sea_orm::DbErr) -> Self {
        ImportError::Internal(e.into())
    }
}

/// One CSV row, by column name.
struct Row {
    line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, col: &str) -> &str {
        self.cells.get(col).map(|s| s.trim()).unwrap_or_default()
    }

    fn list(&self, col: &str) -> Vec<String> {
        self.get(col)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

struct Problems(Vec<RowProblem>);

impl Problems {
    fn add(&mut self, line: usize, column: &str, message: impl Into<String>) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(RowProblem {
                line,
                column: column.to_owned(),
                message: message.into(),
            });
        }
    }

    fn required(&mut self, r: &Row, col: &str, max: usize) {
        let v = r.get(col);
        if v.is_empty() {
            self.add(r.line, col, "is required");
        } else if v.chars().count() > max {
            self.add(r.line, col, format!("must be at most {max} characters"));
        }
    }

    fn slug(&mut self, r: &Row, seen: &mut HashSet<String>) {
        let s = r.get("slug");
        if s.is_empty() {
            self.add(r.line, "slug", "is required");
        } else if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || s.len() > 120
        {
            self.add(
                r.line,
                "slug",
                format!("'{s}' must be lower-case letters, digits and '-' (at most 120)"),
            );
        } else if !seen.insert(s.to_owned()) {
            self.add(r.line, "slug", format!("'{s}' appears twice in the file"));
        }
    }

    fn areas(&mut self, r: &Row, known: &HashMap<String, Id>) {
        for a in r.list("areas") {
            if !known.contains_key(&a) {
                let mut k: Vec<&str> = known.keys().map(String::as_str).collect();
                k.sort();
                self.add(
                    r.line,
                    "areas",
                    format!("unknown area '{a}' (known: {})", k.join(", ")),
                );
            }
        }
    }

    fn email(&mut self, r: &Row, seen: &mut HashSet<String>, taken: &HashMap<String, String>) {
        let e = r.get("email").to_lowercase();
        let slug = r.get("slug");
        if e.is_empty() {
            self.add(r.line, "email", "is required");
        } else if !e.contains('@') || e.len() > 254 || e.contains(char::is_whitespace) {
            self.add(r.line, "email", format!("'{e}' is not an e-mail address"));
        } else if !seen.insert(e.clone()) {
            self.add(r.line, "email", format!("'{e}' appears twice in the file"));
        } else if let Some(owner) = taken.get(&e)
            && owner != slug
        {
            self.add(r.line, "email", format!("'{e}' already belongs to {owner}"));
        }
    }

    fn number(&mut self, r: &Row, col: &str, range: std::ops::RangeInclusive<u32>) -> u32 {
        match r.get(col).parse::<u32>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                self.add(
                    r.line,
                    col,
                    format!(
                        "'{}' must be a whole number from {} to {}",
                        r.get(col),
                        range.start(),
                        range.end()
                    ),
                );
                0
            }
        }
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// Reads the CSV: the header must hold exactly the kind's columns (in any order).
fn read_rows(kind: ImportKind, bytes: &[u8]) -> Result<Vec<Row>, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ImportError::Rejected(vec![RowProblem {
            line: 1,
            column: String::new(),
            message: format!("the file is not UTF-8 text ({e}); save it as CSV UTF-8"),
        }])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let expected = kind.columns();
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| reject(1, "", format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut problems = Problems(Vec::new());
    for col in expected {
        if !header.iter().any(|h| h == col) {
            problems.add(
                1,
                col,
                format!("column missing; the header must be: {}", expected.join(",")),
            );
        }
    }
    for h in &header {
        if !expected.contains(&h.as_str()) {
            problems.add(
                1,
                h,
                format!("unknown column; the header must be: {}", expected.join(",")),
            );
        }
    }
    if !problems.0.is_empty() {
        return Err(ImportError::Rejected(problems.0));
    }
    let index: Vec<(usize, &'static str)> = expected
        .iter()
        .filter_map(|c| header.iter().position(|h| h == c).map(|i| (i, *c)))
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.add(line, "", format!("cannot read the row: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != header.len() {
            problems.add(
                line,
                "",
                format!(
                    "has {} cells; the header has {}",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let cells = index
            .iter()
            .map(|(i, c)| (*c, record.get(*i).unwrap_or_default().to_owned()))
            .collect();
        rows.push(Row { line, cells });
    }
    if rows.is_empty() && problems.0.is_empty() {
        problems.add(2, "", "the file has a header but no rows");
    }
    if problems.0.is_empty() {
        Ok(rows)
    } else {
        Err(ImportError::Rejected(problems.0))
    }
}

fn reject(line: usize, column: &str, message: String) -> ImportError {
    ImportError::Rejected(vec![RowProblem {
        line,
        column: column.to_owned(),
        message,
    }])
}

async fn slug_ids<E, C>(
    db: &C,
    slug_col: E::Column,
    id_col: E::Column,
) -> anyhow::Result<HashMap<String, Id>>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    use sea_orm::QuerySelect;
    Ok(E::find()
        .select_only()
        .column(slug_col)
        .column(id_col)
        .into_tuple::<(String, Id)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// E-mails in use (people and accounts) → the slug (or account) that holds them.
async fn emails_in_use(
    db: &impl ConnectionTrait,
    kind: ImportKind,
) -> anyhow::Result<HashMap<String, String>> {
    let mut taken = HashMap::new();
    for s in student::Entity::find().all(db).await? {
        let owner = if kind == ImportKind::Students {
            s.slug
        } else {
            format!("student {}", s.slug)
        };
        taken.insert(s.email.to_lowercase(), owner);
    }
    for f in faculty::Entity::find().all(db).await? {
        let owner = if kind == ImportKind::Faculty {
            f.slug
        } else {
            format!("faculty {}", f.slug)
        };
        taken.insert(f.email.to_lowercase(), owner);
    }
    for u in user::Entity::find().all(db).await? {
        if u.student_id.is_none() && u.faculty_id.is_none() {
            taken.insert(
                u.email.clone(),
                format!("the {} account {}", u.role, u.email),
            );
        }
    }
    Ok(taken)
}

/// Imports `bytes` as `kind`; `entry` is the audit entry to complete and record.
pub async fn import(
    db: &DatabaseConnection,
    kind: ImportKind,
    bytes: &[u8],
    entry: Entry,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let rows = read_rows(kind, bytes)?;
    let areas = area_ids(db).await?;
    let mut p = Problems(Vec::new());
    let mut slugs = HashSet::new();
    let mut emails = HashSet::new();
    let taken = match kind {
        ImportKind::Students | ImportKind::Faculty => emails_in_use(db, kind).await?,
        _ => HashMap::new(),
    };
    let labs = slug_ids::<lab::Entity, _>(db, lab::Column::Slug, lab::Column::Id).await?;
    let people =
        slug_ids::<faculty::Entity, _>(db, faculty::Column::Slug, faculty::Column::Id).await?;
    for r in &rows {
        p.slug(r, &mut slugs);
        p.areas(r, &areas);
        match kind {
            ImportKind::Labs => {
                for c in ["name", "school", "department"] {
                    p.required(r, c, 200);
                }
                p.required(r, "description", 5_000);
            }
            ImportKind::Faculty => {
                for c in ["name", "title", "school", "department"] {
                    p.required(r, c, 200);
                }
                p.email(r, &mut emails, &taken);
                let lab = r.get("lab");
                if !lab.is_empty() && !labs.contains_key(lab) {
                    p.add(
                        r.line,
                        "lab",
                        format!("no lab has slug '{lab}' (import labs first)"),
                    );
                }
                if r.get("bio").chars().count() > 5_000 {
                    p.add(r.line, "bio", "must be at most 5000 characters");
                }
                p.number(r, "capacity", 0..=30);
                if parse_bool(r.get("accepting_students")).is_none() {
                    p.add(r.line, "accepting_students", "must be true or false");
                }
            }
            ImportKind::Projects => {
                p.required(r, "title", 200);
                p.required(r, "summary", 1_000);
                let advisor = r.get("advisor");
                if !people.contains_key(advisor) {
                    p.add(
                        r.line,
                        "advisor",
                        format!("no faculty member has slug '{advisor}'"),
                    );
                }
                let co = r.get("co_mentor");
                if !co.is_empty() && (!people.contains_key(co) || co == advisor) {
                    p.add(
                        r.line,
                        "co_mentor",
                        format!("'{co}' is not another faculty member's slug"),
                    );
                }
                let lab = r.get("lab");
                if !lab.is_empty() && !labs.contains_key(lab) {
                    p.add(r.line, "lab", format!("no lab has slug '{lab}'"));
                }
                for b in r.list("preferred_backgrounds") {
                    if Background::parse(&b).is_none() {
                        p.add(
                            r.line,
                            "preferred_backgrounds",
                            format!("'{b}' must be engineering, computer_science or clinical"),
                        );
                    }
                }
                p.number(r, "capacity", 1..=20);
                match ProjectStatus::parse(r.get("status")) {
                    Some(ProjectStatus::Filled) | None => p.add(
                        r.line,
                        "status",
                        format!("'{}' must be draft, open or closed", r.get("status")),
                    ),
                    Some(_) => {}
                }
            }
            ImportKind::Students => {
                p.required(r, "name", 200);
                p.email(r, &mut emails, &taken);
                if Background::parse(r.get("background")).is_none() {
                    p.add(
                        r.line,
                        "background",
                        format!(
                            "'{}' must be engineering, computer_science or clinical",
                            r.get("background")
                        ),
                    );
                }
                if r.get("interests").len() > shared::MAX_INTERESTS_BYTES {
                    p.add(r.line, "interests", "is longer than 16 KB");
                }
            }
        }
    }
    if !p.0.is_empty() {
        return Err(ImportError::Rejected(p.0));
    }
    let txn = db.begin().await?;
    let mut report = ImportReport {
        kind,
        rows: rows.len(),
        inserted: 0,
        updated: 0,
        unchanged: 0,
        accounts_created: 0,
        seconds: 0.0,
    };
    match kind {
        ImportKind::Students => import_students(&txn, &rows, &areas, &mut report).await?,
        ImportKind::Faculty => import_faculty(&txn, &rows, &areas, &labs, &mut report).await?,
        ImportKind::Labs => import_labs(&txn, &rows, &areas, &mut report).await?,
        ImportKind::Projects => {
            import_projects(&txn, &rows, &areas, &labs, &people, &mut report).await?
        }
    }
    report.unchanged = report.rows - report.inserted - report.updated;
    super::catalog::request_rebuild(&txn).await?;
    let mut e = entry;
    e.reason = Some(format!(
        "{} {}: {} inserted, {} updated, {} unchanged, {} accounts created",
        report.rows,
        kind.as_str(),
        report.inserted,
        report.updated,
        report.unchanged,
        report.accounts_created
    ));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Inserts `models` in batches.
async fn insert_batched<A>(db: &impl ConnectionTrait, models: Vec<A>) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    let mut it = models.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<A> = it.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn area_list(r: &Row, areas: &HashMap<String, Id>) -> Vec<Id> {
    let mut ids: Vec<Id> = r
        .list("areas")
        .iter()
        .filter_map(|a| areas.get(a).copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn new_account(
    email: &str,
    role: Role,
    student_id: Option<Id>,
    faculty_id: Option<Id>,
) -> user::ActiveModel {
    user::ActiveModel {
        email: Set(email.to_lowercase()),
        password_hash: Set(None),
        role: Set(role.as_str().to_owned()),
        student_id: Set(student_id),
        faculty_id: Set(faculty_id),
        disabled: Set(false),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        ..Default::default()
    }
}

async fn import_students(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, Id>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let existing: HashMap<String, student::Model> = student::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.slug.clone(), s))
        .collect();
    let now = Utc::now();
    let mut fresh = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let background = r.get("background").to_owned();
        let skills = to_json_list(&r.list("skills"));
        match existing.get(r.get("slug")) {
            None => fresh.push(student::ActiveModel {
                slug: Set(r.get("slug").to_owned()),
                name: Set(r.get("name").to_owned()),
                email: Set(r.get("email").to_lowercase()),
                background: Set(background),
                interests: Set(r.get("interests").to_owned()),
                skills: Set(skills),
                created_at: Set(now),
                ..Default::default()
            }),
            Some(old) => {
                let mut am: student::ActiveModel = old.clone().into();
                am.name = Set(r.get("name").to_owned());
                am.email = Set(r.get("email").to_lowercase());
                am.background = Set(background);
                am.interests = Set(r.get("interests").to_owned());
                am.skills = Set(skills);
                let after = am.update(txn).await?;
                let areas_now = r.list("areas");
                set_areas(
                    txn,
                    student_area::Column::StudentId,
                    old.id,
                    &areas_now,
                    areas,
                    |area_id| student_area::ActiveModel {
                        student_id: Set(old.id),
                        area_id: Set(area_id),
                    },
                )
                .await?;
                if &after != old {
                    report.updated += 1;
                }
            }
        }
        if (i + 1) % 10_000 == 0 {
            tracing::info!("import: checked {} of {} students", i + 1, rows.len());
        }
    }
    report.inserted = fresh.len();
    insert_batched(txn, fresh).await?;
    let ids =
        slug_ids::<student::Entity, _>(txn, student::Column::Slug, student::Column::Id).await?;
    let mut joins = Vec::new();
    let mut accounts = Vec::new();
    for r in rows
        .iter()
        .filter(|r| !existing.contains_key(r.get("slug")))
    {
        let id = *ids
            .get(r.get("slug"))
            .context("inserted student vanished")?;
        joins.extend(
            area_list(r, areas)
                .into_iter()
                .map(|area_id| student_area::ActiveModel {
                    student_id: Set(id),
                    area_id: Set(area_id),
                }),
        );
        accounts.push(new_account(r.get("email"), Role::Student, Some(id), None));
    }
    insert_batched(txn, joins).await?;
    report.accounts_created = accounts.len();
    insert_batched(txn, accounts).await?;
    Ok(())
}

async fn import_faculty(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, Id>,
    labs: &HashMap<String, Id>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let mut new_rows = Vec::new();
    for r in rows {
        let inserted_before = report.inserted;
        let id = upsert_by_slug!(txn, report, faculty, r.get("slug"), |am| {
            am.name = Set(r.get("name").to_owned());
            am.title = Set(r.get("title").to_owned());
            am.email = Set(r.get("email").to_lowercase());
            am.school = Set(r.get("school").to_owned());
            am.department = Set(r.get("department").to_owned());
            am.lab_id = Set(labs.get(r.get("lab")).copied());
            am.bio = Set(r.get("bio").to_owned());
            am.capacity = Set(r.get("capacity").parse::<i32>().context("capacity")?);
            am.accepting_students = Set(parse_bool(r.get("accepting_students")).unwrap_or(true));
        });
        if report.inserted > inserted_before {
            new_rows.push(new_account(r.get("email"), Role::Faculty, None, Some(id)));
        }
        set_areas(
            txn,
            faculty_area::Column::FacultyId,
            id,
            &r.list("areas"),
            areas,
            |area_id| faculty_area::ActiveModel {
                faculty_id: Set(id),
                area_id: Set(area_id),
            },
        )
        .await?;
    }
    report.accounts_created = new_rows.len();
    insert_batched(txn, new_rows).await?;
    Ok(())
}

async fn import_labs(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, Id>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    for r in rows {
        let id = upsert_by_slug!(txn, report, lab, r.get("slug"), |am| {
            am.name = Set(r.get("name").to_owned());
            am.school = Set(r.get("school").to_owned());
            am.department = Set(r.get("department").to_owned());
            am.description = Set(r.get("description").to_owned());
        });
        set_areas(
            txn,
            lab_area::Column::LabId,
            id,
            &r.list("areas"),
            areas,
            |area_id| lab_area::ActiveModel {
                lab_id: Set(id),
                area_id: Set(area_id),
            },
        )
        .await?;
    }
    Ok(())
}

async fn import_projects(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, Id>,
    labs: &HashMap<String, Id>,
    people: &HashMap<String, Id>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let existing: HashMap<String, project::Model> = project::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.slug.clone(), p))
        .collect();
    let names: HashMap<Id, String> = faculty::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let now = Utc::now();
    for r in rows {
        let advisor = *people.get(r.get("advisor")).context("advisor vanished")?;
        let co = people.get(r.get("co_mentor")).copied();
        let keywords = r.list("keywords");
        let skills = r.list("required_skills");
        let mut advisors: Vec<&str> = names
            .get(&advisor)
            .map(String::as_str)
            .into_iter()
            .collect();
        advisors.extend(co.and_then(|c| names.get(&c)).map(String::as_str));
        let text = search_text(
            r.get("title"),
            r.get("summary"),
            r.get("description"),
            &keywords,
            &skills,
            &advisors,
        );
        let fill = |am: &mut project::ActiveModel| -> anyhow::Result<()> {
            am.title = Set(r.get("title").to_owned());
            am.summary = Set(r.get("summary").to_owned());
            am.description = Set(r.get("description").to_owned());
            am.faculty_id = Set(advisor);
            am.co_mentor_id = Set(co);
            am.lab_id = Set(labs.get(r.get("lab")).copied());
            am.keywords = Set(to_json_list(&keywords));
            am.required_skills = Set(to_json_list(&skills));
            am.preferred_backgrounds = Set(to_json_list(&r.list("preferred_backgrounds")));
            am.capacity = Set(r.get("capacity").parse::<i32>().context("capacity")?);
            am.status = Set(r.get("status").to_owned());
            am.search_text = Set(text.clone());
            Ok(())
        };
        let id = match existing.get(r.get("slug")) {
            Some(old) => {
                let mut am: project::ActiveModel = old.clone().into();
                fill(&mut am)?;
                if am.is_changed() {
                    am.updated_at = Set(now);
                    am.update(txn).await?;
                    report.updated += 1;
                }
                old.id
            }
            None => {
                let mut am = project::ActiveModel {
                    slug: Set(r.get("slug").to_owned()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                fill(&mut am)?;
                report.inserted += 1;
                am.insert(txn).await?.id
            }
        };
        set_areas(
            txn,
            project_area::Column::ProjectId,
            id,
            &r.list("areas"),
            areas,
            |area_id| project_area::ActiveModel {
                project_id: Set(id),
                area_id: Set(area_id),
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_with_a_missing_column_is_refused_naming_it() {
        let csv = "slug,name,email,background,areas,interests\n";
        match read_rows(ImportKind::Students, csv.as_bytes()) {
            Err(ImportError::Rejected(p)) => {
                assert!(
                    p.iter().any(|p| p.column == "skills" && p.line == 1),
                    "{p:?}"
                )
            }
            _ => panic!("expected a rejection"),
        }
    }

    #[test]
    fn rows_are_read_by_column_name_with_their_line() {
        let csv = "name,slug,email,background,areas,interests,skills\n\
                   Ana Test,s-ana,ana@x.edu,clinical,imaging;signals,\"ECG, EEG\",Python\n";
        let rows = match read_rows(ImportKind::Students, csv.as_bytes()) {
            Ok(r) => r,
            Err(_) => panic!("expected rows"),
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].get("slug"), "s-ana");
        assert_eq!(rows[0].list("areas"), vec!["imaging", "signals"]);
        assert_eq!(rows[0].get("interests"), "ECG, EEG");
    }

    #[test]
    fn booleans_accept_the_usual_spellings() {
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
