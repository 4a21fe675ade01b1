//! Writes by faculty, students and directors: projects, faculty records, student profiles. Each
//! runs in one transaction with its audit entry and, where the matcher is affected, a catalogue
//! version bump (see [`super::version`]).

use std::collections::HashMap;

use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use shared::{
    AreaId, Background, Faculty, FacultyId, LabId, Project, ProjectId, ProjectStatus, Student,
};

use super::read::{self, to_json_list};
use crate::db::audit::{self, Entry};
use crate::db::entities::{
    faculty, faculty_area, project, project_area, research_area, student, student_area,
};
use crate::db::seed::set_areas;

/// `slug → id` of every research area.
pub async fn area_ids(db: &impl ConnectionTrait) -> anyhow::Result<HashMap<String, AreaId>> {
    Ok(research_area::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.slug, a.id))
        .collect())
}

/// Everything a project row holds that a person edits.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFields {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub faculty_id: FacultyId,
    pub co_mentor_id: Option<FacultyId>,
    pub lab_id: Option<LabId>,
    pub areas: Vec<String>,
    pub keywords: Vec<String>,
    pub required_skills: Vec<String>,
    pub preferred_backgrounds: Vec<Background>,
    pub capacity: u32,
    pub status: ProjectStatus,
}

impl ProjectFields {
    pub fn of(p: &Project) -> ProjectFields {
        ProjectFields {
            title: p.title.clone(),
            summary: p.summary.clone(),
            description: p.description.clone(),
            faculty_id: p.faculty.id,
            co_mentor_id: p.co_mentor.as_ref().map(|c| c.id),
            lab_id: p.lab.as_ref().map(|l| l.id),
            areas: p.areas.clone(),
            keywords: p.keywords.clone(),
            required_skills: p.required_skills.clone(),
            preferred_backgrounds: p.preferred_backgrounds.clone(),
            capacity: p.capacity,
            status: p.status,
        }
    }

    /// The one writer of a project row, used by the HTTP handlers, the CSV import and the demo
    /// seed: sets every column these fields hold on `am`, and the `q=` search text computed from
    /// them and `advisor_names` (the advisor's, then the co-mentor's). The areas live in a join
    /// table: see [`write_project_areas`]. A column whose stored value is already right is left
    /// unchanged, so `am.is_changed()` tells whether a row read from the database needs an update.
    pub fn fill<S: AsRef<str>>(
        &self,
        am: &mut project::ActiveModel,
        advisor_names: &[S],
    ) -> anyhow::Result<()> {
        let backgrounds: Vec<&str> = self
            .preferred_backgrounds
            .iter()
            .map(|b| b.as_str())
            .collect();
        let search_text = search_text(
            &self.title,
            &self.summary,
            &self.description,
            &self.keywords,
            &self.required_skills,
            advisor_names,
        );
        am.title.set_if_not_equals(self.title.clone());
        am.summary.set_if_not_equals(self.summary.clone());
        am.description.set_if_not_equals(self.description.clone());
        am.faculty_id.set_if_not_equals(self.faculty_id);
        am.co_mentor_id.set_if_not_equals(self.co_mentor_id);
        am.lab_id.set_if_not_equals(self.lab_id);
        am.keywords.set_if_not_equals(to_json_list(&self.keywords));
        am.required_skills
            .set_if_not_equals(to_json_list(&self.required_skills));
        am.preferred_backgrounds
            .set_if_not_equals(to_json_list(&backgrounds));
        am.capacity
            .set_if_not_equals(i32::try_from(self.capacity).context("capacity too large")?);
        am.status.set_if_not_equals(self.status);
        am.search_text.set_if_not_equals(search_text);
        Ok(())
    }
}

/// Lower-cased text the `q=` search of `/api/projects` looks in: title, summary, description,
/// keywords, required skills and the advisors' names.
fn search_text<S: AsRef<str>>(
    title: &str,
    summary: &str,
    description: &str,
    keywords: &[String],
    skills: &[String],
    advisors: &[S],
) -> String {
    let mut parts: Vec<&str> = vec![title, summary, description];
    parts.extend(keywords.iter().map(String::as_str));
    parts.extend(skills.iter().map(String::as_str));
    parts.extend(advisors.iter().map(AsRef::as_ref));
    parts.join(" \n").to_lowercase()
}

/// The names of a project's advisor and co-mentor, in that order, for its search text.
async fn advisor_names(
    db: &impl ConnectionTrait,
    fields: &ProjectFields,
) -> anyhow::Result<Vec<String>> {
    let ids: Vec<FacultyId> = std::iter::once(fields.faculty_id)
        .chain(fields.co_mentor_id)
        .collect();
    let names: HashMap<FacultyId, String> = faculty::Entity::find()
        .filter(faculty::Column::Id.is_in(ids.iter().copied()))
        .select_only()
        .column(faculty::Column::Id)
        .column(faculty::Column::Name)
        .into_tuple::<(FacultyId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(ids.iter().filter_map(|id| names.get(id).cloned()).collect())
}

/// `slug` of a new project: the title in lower-case words joined by `-`, made unique.
async fn unique_slug(db: &impl ConnectionTrait, title: &str) -> anyhow::Result<String> {
    let base: String = title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() {
        "project".to_owned()
    } else {
        base
    };
    for n in 1..1000 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken = project::Entity::find()
            .filter(project::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(slug);
        }
    }
    anyhow::bail!("no free slug for '{title}'")
}

/// Creates a project with a slug made from its title. The slug's uniqueness is the database's
/// job: projects created at the same moment under one title race for the same free slug, the unique
/// index refuses all but one, and each refused one tries the next free slug (every round places at
/// least one, so `TRIES` bounds how many may race).
pub async fn create_project(
    db: &DatabaseConnection,
    fields: &ProjectFields,
    audit_entry: Entry,
) -> crate::db::Result<Project> {
    const TRIES: usize = 32;
    for _ in 0..TRIES {
        let slug = unique_slug(db, &fields.title).await?;
        match try_create_project(db, fields, slug, audit_entry.clone()).await {
            Err(crate::db::Error::Conflict { constraint }) if constraint.names("slug") => continue,
            other => return other,
        }
    }
    Err(crate::db::Error::Refused(
        "another project with this title is being created; try again".to_owned(),
    ))
}

/// One attempt; its first statement is the insert, so on SQLite the transaction takes the writer
/// lock before it reads anything (no stale snapshot), and on PostgreSQL a racing insert of the same
/// slug waits for the other to commit and is then refused by the unique index.
async fn try_create_project(
    db: &DatabaseConnection,
    fields: &ProjectFields,
    slug: String,
    audit_entry: Entry,
) -> crate::db::Result<Project> {
    let names = advisor_names(db, fields).await?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut am = project::ActiveModel {
        slug: Set(slug),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fields.fill(&mut am, &names)?;
    let id = am.insert(&txn).await?.id;
    write_project_areas(&txn, id, &fields.areas, &area_ids(&txn).await?).await?;
    let created = read::project(&txn, id)
        .await?
        .context("project vanished inside its transaction")?;
    super::version::touch_projects(&txn, &[id]).await?;
    let mut e = audit_entry;
    e.target_id = Some(id.get());
    e.after = Some(serde_json::to_value(&created).map_err(anyhow::Error::from)?);
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(read::project(db, id)
        .await?
        .context("created project vanished")?)
}

/// Sets a project's research areas to those named (`known`: every area's `slug → id`), leaving
/// them alone when they are already right. Used with [`ProjectFields::fill`] by every writer.
pub(crate) async fn write_project_areas(
    db: &impl ConnectionTrait,
    id: ProjectId,
    areas: &[String],
    known: &HashMap<String, AreaId>,
) -> anyhow::Result<()> {
    set_areas::<project_area::Entity>(db, id, areas, known).await
}

/// Keeps project `id`'s seats and its open/filled status in step with the capacity in `fields`.
/// The current cycle's seat row takes that capacity (a 409 if below what is approved; see
/// [`crate::db::cycle::set_project_capacity`]); then, if the capacity differs from the one stored,
/// an open or filled project becomes `filled` when its approved pairings reach the capacity and
/// `open` when they fall below it (a draft or a closed project keeps its status).
///
/// Every writer of an existing project (HTTP, import, seed) calls it *before* it writes the row,
/// and its first statement is the seat row's write: seat row first, then project row, the order in
/// which an approval takes them, so the two never wait for each other in a circle on PostgreSQL;
/// two edits of one project queue on the seat row, so the stored capacity read here is the one the
/// other committed.
pub(crate) async fn follow_capacity(
    txn: &impl ConnectionTrait,
    id: ProjectId,
    fields: &mut ProjectFields,
) -> crate::db::Result<()> {
    let approved = crate::db::cycle::set_project_capacity(txn, id, fields.capacity).await?;
    let stored = project::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(crate::db::Error::NotFound)?;
    let changed = i32::try_from(fields.capacity).ok() != Some(stored.capacity);
    if changed && matches!(fields.status, ProjectStatus::Open | ProjectStatus::Filled) {
        fields.status = if approved >= fields.capacity {
            ProjectStatus::Filled
        } else {
            ProjectStatus::Open
        };
    }
    Ok(())
}

/// Stores `after` over `before` (the project as read), recording both in the audit log.
pub async fn update_project(
    db: &DatabaseConnection,
    before: &Project,
    after: &ProjectFields,
    audit_entry: Entry,
) -> crate::db::Result<Project> {
    // Read before the transaction: on SQLite its first statement must be a write.
    let names = advisor_names(db, after).await?;
    let txn = db.begin().await?;
    let id = before.id;
    let mut after = after.clone();
    follow_capacity(&txn, id, &mut after).await?;
    let mut am = project::ActiveModel {
        id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    after.fill(&mut am, &names)?;
    am.update(&txn).await?;
    write_project_areas(&txn, id, &after.areas, &area_ids(&txn).await?).await?;
    let updated = read::project(&txn, id)
        .await?
        .context("project vanished inside its transaction")?;
    super::version::touch_projects(&txn, &[id]).await?;
    let (b, a) = changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(&updated)?,
    );
    audit::record(&txn, audit_entry.change(b, a)).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The fields that differ between two JSON objects, as `(before, after)` objects.
pub fn changed_fields(
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> (serde_json::Value, serde_json::Value) {
    let mut b = serde_json::Map::new();
    let mut a = serde_json::Map::new();
    if let (Some(bo), Some(ao)) = (before.as_object(), after.as_object()) {
        for (k, av) in ao {
            if k == "updated_at" {
                continue;
            }
            let bv = bo.get(k).cloned().unwrap_or(serde_json::Value::Null);
            if &bv != av {
                b.insert(k.clone(), bv);
                a.insert(k.clone(), av.clone());
            }
        }
    }
    (serde_json::Value::Object(b), serde_json::Value::Object(a))
}

/// Stores a faculty member's own record fields.
pub async fn update_faculty(
    db: &DatabaseConnection,
    before: &Faculty,
    after: &Faculty,
    audit_entry: Entry,
) -> crate::db::Result<Faculty> {
    let txn = db.begin().await?;
    faculty::ActiveModel {
        id: Set(before.id),
        accepting_students: Set(after.accepting_students),
        capacity: Set(i32::try_from(after.capacity).context("capacity too large")?),
        bio: Set(after.bio.clone()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // Always, not only when `after.capacity` differs from `before` (read outside this
    // transaction): the seat row must hold the capacity this write stores.
    crate::db::cycle::set_advisor_capacity(&txn, before.id, after.capacity).await?;
    let ids = area_ids(&txn).await?;
    let fid = before.id;
    set_areas::<faculty_area::Entity>(&txn, fid, &after.areas, &ids).await?;
    let (b, a) = changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, audit_entry.change(b, a)).await?;
    txn.commit().await?;
    Ok(read::faculty_detail(db, fid)
        .await?
        .map(|d| d.faculty)
        .context("faculty vanished")?)
}

/// Stores a student's own profile fields.
pub async fn update_profile(
    db: &DatabaseConnection,
    before: &Student,
    after: &Student,
    audit_entry: Entry,
) -> crate::db::Result<Student> {
    let txn = db.begin().await?;
    student::ActiveModel {
        id: Set(before.id),
        background: Set(after.background),
        interests: Set(after.interests.clone()),
        skills: Set(to_json_list(&after.skills)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let ids = area_ids(&txn).await?;
    let sid = before.id;
    set_areas::<student_area::Entity>(&txn, sid, &after.areas, &ids).await?;
    let (b, a) = changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, audit_entry.change(b, a)).await?;
    txn.commit().await?;
    Ok(read::student(db, sid).await?.context("student vanished")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ProjectFields {
        ProjectFields {
            title: "EEG Seizure Detection".into(),
            summary: "Detect seizures.".into(),
            description: "Open data.".into(),
            faculty_id: FacultyId(1),
            co_mentor_id: Some(FacultyId(2)),
            lab_id: None,
            areas: vec!["signals".into()],
            keywords: vec!["EEG".into()],
            required_skills: vec!["Python".into()],
            preferred_backgrounds: vec![Background::Clinical],
            capacity: 2,
            status: ProjectStatus::Open,
        }
    }

    #[test]
    fn fill_sets_every_column_and_the_search_text() {
        let mut am = <project::ActiveModel as Default>::default();
        fields()
            .fill(&mut am, &["Ana Advisor", "Co Mentor"])
            .unwrap();
        assert_eq!(
            am.search_text.clone().unwrap(),
            "eeg seizure detection \ndetect seizures. \nopen data. \neeg \npython \nana advisor \nco mentor"
        );
        assert_eq!(am.preferred_backgrounds.clone().unwrap(), r#"["clinical"]"#);
        assert_eq!(am.capacity.clone().unwrap(), 2);
        assert!(am.id.is_not_set() && am.slug.is_not_set());
    }

    #[test]
    fn filling_a_stored_row_with_its_own_fields_changes_nothing() {
        let mut fresh = <project::ActiveModel as Default>::default();
        fields().fill(&mut fresh, &["Ana Advisor"]).unwrap();
        let now = Utc::now();
        let stored = project::Model {
            id: ProjectId(7),
            slug: "eeg".into(),
            title: fresh.title.clone().unwrap(),
            summary: fresh.summary.clone().unwrap(),
            description: fresh.description.clone().unwrap(),
            faculty_id: FacultyId(1),
            co_mentor_id: Some(FacultyId(2)),
            lab_id: None,
            keywords: fresh.keywords.clone().unwrap(),
            required_skills: fresh.required_skills.clone().unwrap(),
            preferred_backgrounds: fresh.preferred_backgrounds.clone().unwrap(),
            capacity: 2,
            status: ProjectStatus::Open,
            search_text: fresh.search_text.clone().unwrap(),
            row_version: 1,
            created_at: now,
            updated_at: now,
        };
        let mut am: project::ActiveModel = stored.into();
        fields().fill(&mut am, &["Ana Advisor"]).unwrap();
        assert!(!am.is_changed());
        let mut changed = fields();
        changed.capacity = 3;
        changed.fill(&mut am, &["Ana Advisor"]).unwrap();
        assert!(am.is_changed() && am.capacity.is_set() && !am.title.is_set());
    }
}
