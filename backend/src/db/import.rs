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
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use shared::{
    AreaId, Background, Email, FacultyId, ImportKind, ImportReport, LabId, MAX_BIO_CHARS,
    MAX_FACULTY_CAPACITY, MAX_LAB_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PROJECT_CAPACITY,
    MAX_PROJECT_DESCRIPTION_CHARS, MAX_PROJECT_SUMMARY_CHARS, MAX_PROJECT_TITLE_CHARS,
    MAX_SLUG_CHARS, MIN_PROJECT_CAPACITY, ProjectStatus, RowProblem,
};

use super::accounts::NewAccount;
use super::audit::{self, Entry};
use super::catalogue::read::to_json_list;
use super::catalogue::write::{ProjectFields, area_ids, follow_capacity, write_project_areas};
use super::entities::AreaJoin;
use super::entities::{faculty, faculty_area, lab, lab_area, project, student, student_area, user};
use super::seed::{set_areas, upsert_by_slug};

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

    /// A limit check from `shared` on one cell: its message becomes this row's problem.
    fn check(&mut self, r: &Row, col: &str, check: Result<(), String>) {
        if let Err(message) = check {
            self.add(r.line, col, message);
        }
    }

    /// The cell has at most `max_chars` characters.
    fn text(&mut self, r: &Row, col: &str, max_chars: usize) {
        self.check(r, col, shared::check_text(r.get(col), max_chars));
    }

    /// The cell is not empty and has at most `max_chars` characters.
    fn required(&mut self, r: &Row, col: &str, max_chars: usize) {
        if r.get(col).is_empty() {
            self.add(r.line, col, "is required");
        } else {
            self.text(r, col, max_chars);
        }
    }

    /// The cell is a `;`-separated list of keywords or skills within the limits.
    fn words(&mut self, r: &Row, col: &str) {
        self.check(r, col, shared::check_words(&r.list(col)));
    }

    fn slug(&mut self, r: &Row, seen: &mut HashSet<String>) {
        let s = r.get("slug");
        if s.is_empty() {
            self.add(r.line, "slug", "is required");
        } else if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || s.len() > MAX_SLUG_CHARS
        {
            self.add(
                r.line,
                "slug",
                format!(
                    "'{s}' must be lower-case letters, digits and '-' (at most {MAX_SLUG_CHARS})"
                ),
            );
        } else if !seen.insert(s.to_owned()) {
            self.add(r.line, "slug", format!("'{s}' appears twice in the file"));
        }
    }

    fn areas(&mut self, r: &Row, known: &HashMap<String, AreaId>) {
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

    fn email(&mut self, r: &Row, seen: &mut HashSet<Email>, taken: &HashMap<Email, String>) {
        let slug = r.get("slug");
        let e = match Email::parse(r.get("email")) {
            Ok(e) => e,
            Err(why) => {
                self.add(r.line, "email", why.to_string());
                return;
            }
        };
        if !seen.insert(e.clone()) {
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

async fn slug_ids<E, C, V>(
    db: &C,
    slug_col: E::Column,
    id_col: E::Column,
) -> anyhow::Result<HashMap<String, V>>
where
    E: EntityTrait,
    C: ConnectionTrait,
    V: sea_orm::TryGetable,
{
    use sea_orm::QuerySelect;
    Ok(E::find()
        .select_only()
        .column(slug_col)
        .column(id_col)
        .into_tuple::<(String, V)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// E-mails in use (people and accounts) → the slug (or account) that holds them.
async fn emails_in_use(
    db: &impl ConnectionTrait,
    kind: ImportKind,
) -> anyhow::Result<HashMap<Email, String>> {
    let mut taken = HashMap::new();
    for s in student::Entity::find().all(db).await? {
        let owner = if kind == ImportKind::Students {
            s.slug
        } else {
            format!("student {}", s.slug)
        };
        taken.insert(s.email, owner);
    }
    for f in faculty::Entity::find().all(db).await? {
        let owner = if kind == ImportKind::Faculty {
            f.slug
        } else {
            format!("faculty {}", f.slug)
        };
        taken.insert(f.email, owner);
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

/// What the database already holds that rows refer to.
struct Known<'a> {
    /// Research areas: `slug → id`.
    areas: &'a HashMap<String, AreaId>,
    /// E-mails in use → who holds them (see [`emails_in_use`]).
    taken: &'a HashMap<Email, String>,
    /// Labs: `slug → id`.
    labs: &'a HashMap<String, LabId>,
    /// Faculty: `slug → id`.
    people: &'a HashMap<String, FacultyId>,
}

/// Every problem of every row (at most [`MAX_PROBLEMS`]): types, references, uniqueness within
/// the file and against the database, and the field limits of `shared` that the HTTP handlers
/// apply too.
fn check_rows(kind: ImportKind, rows: &[Row], known: &Known) -> Vec<RowProblem> {
    let mut p = Problems(Vec::new());
    let mut slugs = HashSet::new();
    let mut emails = HashSet::new();
    for r in rows {
        p.slug(r, &mut slugs);
        p.areas(r, known.areas);
        match kind {
            ImportKind::Labs => {
                for c in ["name", "school", "department"] {
                    p.required(r, c, MAX_NAME_CHARS);
                }
                p.required(r, "description", MAX_LAB_DESCRIPTION_CHARS);
            }
            ImportKind::Faculty => {
                for c in ["name", "title", "school", "department"] {
                    p.required(r, c, MAX_NAME_CHARS);
                }
                p.email(r, &mut emails, known.taken);
                let lab = r.get("lab");
                if !lab.is_empty() && !known.labs.contains_key(lab) {
                    p.add(
                        r.line,
                        "lab",
                        format!("no lab has slug '{lab}' (import labs first)"),
                    );
                }
                p.text(r, "bio", MAX_BIO_CHARS);
                p.number(r, "capacity", 0..=MAX_FACULTY_CAPACITY);
                if parse_bool(r.get("accepting_students")).is_none() {
                    p.add(r.line, "accepting_students", "must be true or false");
                }
            }
            ImportKind::Projects => {
                p.required(r, "title", MAX_PROJECT_TITLE_CHARS);
                p.required(r, "summary", MAX_PROJECT_SUMMARY_CHARS);
                p.text(r, "description", MAX_PROJECT_DESCRIPTION_CHARS);
                p.words(r, "keywords");
                p.words(r, "required_skills");
                let advisor = r.get("advisor");
                if !known.people.contains_key(advisor) {
                    p.add(
                        r.line,
                        "advisor",
                        format!("no faculty member has slug '{advisor}'"),
                    );
                }
                let co = r.get("co_mentor");
                if !co.is_empty() && (!known.people.contains_key(co) || co == advisor) {
                    p.add(
                        r.line,
                        "co_mentor",
                        format!("'{co}' is not another faculty member's slug"),
                    );
                }
                let lab = r.get("lab");
                if !lab.is_empty() && !known.labs.contains_key(lab) {
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
                p.number(r, "capacity", MIN_PROJECT_CAPACITY..=MAX_PROJECT_CAPACITY);
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
                p.required(r, "name", MAX_NAME_CHARS);
                p.email(r, &mut emails, known.taken);
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
                p.check(r, "interests", shared::check_interests(r.get("interests")));
                p.words(r, "skills");
            }
        }
    }
    p.0
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
    let taken = match kind {
        ImportKind::Students | ImportKind::Faculty => emails_in_use(db, kind).await?,
        _ => HashMap::new(),
    };
    let labs = slug_ids::<lab::Entity, _, _>(db, lab::Column::Slug, lab::Column::Id).await?;
    let people =
        slug_ids::<faculty::Entity, _, _>(db, faculty::Column::Slug, faculty::Column::Id).await?;
    let known = Known {
        areas: &areas,
        taken: &taken,
        labs: &labs,
        people: &people,
    };
    let problems = check_rows(kind, &rows, &known);
    if !problems.is_empty() {
        return Err(ImportError::Rejected(problems));
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
    super::catalogue::version::request_rebuild(&txn).await?;
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

fn area_list(r: &Row, areas: &HashMap<String, AreaId>) -> Vec<AreaId> {
    let mut ids: Vec<AreaId> = r
        .list("areas")
        .iter()
        .filter_map(|a| areas.get(a).copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A checked row's e-mail (the check already refused a bad one).
fn email_of(r: &Row) -> anyhow::Result<Email> {
    Email::parse(r.get("email")).map_err(|e| anyhow::anyhow!("line {}: {e}", r.line))
}

async fn import_students(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, AreaId>,
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
        let background = Background::parse(r.get("background"))
            .with_context(|| format!("line {}: background", r.line))?;
        let skills = to_json_list(&r.list("skills"));
        match existing.get(r.get("slug")) {
            None => fresh.push(student::ActiveModel {
                slug: Set(r.get("slug").to_owned()),
                name: Set(r.get("name").to_owned()),
                email: Set(email_of(r)?),
                background: Set(background),
                interests: Set(r.get("interests").to_owned()),
                skills: Set(skills),
                created_at: Set(now),
                ..Default::default()
            }),
            Some(old) => {
                let mut am: student::ActiveModel = old.clone().into();
                am.name = Set(r.get("name").to_owned());
                am.email = Set(email_of(r)?);
                am.background = Set(background);
                am.interests = Set(r.get("interests").to_owned());
                am.skills = Set(skills);
                let after = am.update(txn).await?;
                let areas_now = r.list("areas");
                set_areas::<student_area::Entity>(txn, old.id, &areas_now, areas).await?;
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
        slug_ids::<student::Entity, _, _>(txn, student::Column::Slug, student::Column::Id).await?;
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
                .map(|area_id| student_area::Entity::row(id, area_id)),
        );
        accounts.push(NewAccount::for_student(email_of(r)?, id).into_active_model());
    }
    insert_batched(txn, joins).await?;
    report.accounts_created = accounts.len();
    insert_batched(txn, accounts).await?;
    Ok(())
}

async fn import_faculty(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, AreaId>,
    labs: &HashMap<String, LabId>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let mut new_rows = Vec::new();
    for r in rows {
        let inserted_before = report.inserted;
        let id = upsert_by_slug!(txn, report, faculty, r.get("slug"), |am| {
            am.name = Set(r.get("name").to_owned());
            am.title = Set(r.get("title").to_owned());
            am.email = Set(email_of(r)?);
            am.school = Set(r.get("school").to_owned());
            am.department = Set(r.get("department").to_owned());
            am.lab_id = Set(labs.get(r.get("lab")).copied());
            am.bio = Set(r.get("bio").to_owned());
            let capacity = r.get("capacity").parse::<u32>().context("capacity")?;
            if let (ActiveValue::Unchanged(id), ActiveValue::Unchanged(stored)) =
                (&am.id, &am.capacity)
                && i32::try_from(capacity).ok() != Some(*stored)
            {
                // The advisor's seat row follows, as for an edit (a 409 below what is approved).
                crate::db::cycle::set_advisor_capacity(txn, *id, capacity)
                    .await
                    .map_err(|e| match e {
                        crate::db::Error::Refused(m) => reject(r.line, "capacity", m),
                        other => ImportError::Internal(other.into()),
                    })?;
            }
            am.capacity = Set(i32::try_from(capacity).context("capacity")?);
            am.accepting_students = Set(parse_bool(r.get("accepting_students")).unwrap_or(true));
        });
        if report.inserted > inserted_before {
            new_rows.push(NewAccount::for_faculty(email_of(r)?, id).into_active_model());
        }
        set_areas::<faculty_area::Entity>(txn, id, &r.list("areas"), areas).await?;
    }
    report.accounts_created = new_rows.len();
    insert_batched(txn, new_rows).await?;
    Ok(())
}

async fn import_labs(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, AreaId>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    for r in rows {
        let id = upsert_by_slug!(txn, report, lab, r.get("slug"), |am| {
            am.name = Set(r.get("name").to_owned());
            am.school = Set(r.get("school").to_owned());
            am.department = Set(r.get("department").to_owned());
            am.description = Set(r.get("description").to_owned());
        });
        set_areas::<lab_area::Entity>(txn, id, &r.list("areas"), areas).await?;
    }
    Ok(())
}

async fn import_projects(
    txn: &impl ConnectionTrait,
    rows: &[Row],
    areas: &HashMap<String, AreaId>,
    labs: &HashMap<String, LabId>,
    people: &HashMap<String, FacultyId>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let existing: HashMap<String, project::Model> = project::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.slug.clone(), p))
        .collect();
    let names: HashMap<FacultyId, String> = faculty::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let now = Utc::now();
    for r in rows {
        let fields = project_fields(r, labs, people)?;
        let mut advisors: Vec<&str> = Vec::new();
        advisors.extend(names.get(&fields.faculty_id).map(String::as_str));
        advisors.extend(
            fields
                .co_mentor_id
                .and_then(|c| names.get(&c))
                .map(String::as_str),
        );
        let id = match existing.get(r.get("slug")) {
            Some(old) => {
                let mut fields = fields.clone();
                if i32::try_from(fields.capacity).ok() != Some(old.capacity) {
                    follow_capacity(txn, old.id, &mut fields)
                        .await
                        .map_err(|e| match e {
                            crate::db::Error::Refused(m) => reject(r.line, "capacity", m),
                            other => ImportError::Internal(other.into()),
                        })?;
                }
                let mut am: project::ActiveModel = old.clone().into();
                fields.fill(&mut am, &advisors)?;
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
                fields.fill(&mut am, &advisors)?;
                report.inserted += 1;
                am.insert(txn).await?.id
            }
        };
        write_project_areas(txn, id, &fields.areas, areas).await?;
    }
    Ok(())
}

/// A checked project row as the fields [`ProjectFields::fill`] writes.
fn project_fields(
    r: &Row,
    labs: &HashMap<String, LabId>,
    people: &HashMap<String, FacultyId>,
) -> anyhow::Result<ProjectFields> {
    let preferred_backgrounds = r
        .list("preferred_backgrounds")
        .iter()
        .map(|b| Background::parse(b).context("preferred_backgrounds"))
        .collect::<anyhow::Result<_>>()?;
    Ok(ProjectFields {
        title: r.get("title").to_owned(),
        summary: r.get("summary").to_owned(),
        description: r.get("description").to_owned(),
        faculty_id: *people.get(r.get("advisor")).context("advisor vanished")?,
        co_mentor_id: people.get(r.get("co_mentor")).copied(),
        lab_id: labs.get(r.get("lab")).copied(),
        areas: r.list("areas"),
        keywords: r.list("keywords"),
        required_skills: r.list("required_skills"),
        preferred_backgrounds,
        capacity: r.get("capacity").parse().context("capacity")?,
        status: ProjectStatus::parse(r.get("status")).context("status")?,
    })
}

#[cfg(test)]
mod tests;
