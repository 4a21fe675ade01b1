//! Writes by faculty, students and directors: projects, faculty records, student profiles. Each
//! runs in one transaction with its audit entry and, where the matcher is affected, a catalogue
//! version bump (see [`super::catalog`]).

use std::collections::HashMap;

use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use shared::{Background, Faculty, Id, Project, ProjectStatus, Student};

use super::audit::{self, Entry};
use super::entities::{
    faculty, faculty_area, project, project_area, research_area, student, student_area,
};
use super::queries::{self, to_json_list};
use super::seed::{search_text, set_areas};

fn conflict(e: super::cycle::PairingError) -> anyhow::Error {
    match e {
        super::cycle::PairingError::Conflict(m) => super::Conflict(m).into(),
        super::cycle::PairingError::Internal(e) => e,
    }
}

/// `slug → id` of every research area.
pub async fn area_ids(db: &impl ConnectionTrait) -> anyhow::Result<HashMap<String, Id>> {
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
    pub faculty_id: Id,
    pub co_mentor_id: Option<Id>,
    pub lab_id: Option<Id>,
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

    fn fill(&self, am: &mut project::ActiveModel) -> anyhow::Result<()> {
        let backgrounds: Vec<&str> = self
            .preferred_backgrounds
            .iter()
            .map(|b| b.as_str())
            .collect();
        am.title = Set(self.title.clone());
        am.summary = Set(self.summary.clone());
        am.description = Set(self.description.clone());
        am.faculty_id = Set(self.faculty_id);
        am.co_mentor_id = Set(self.co_mentor_id);
        am.lab_id = Set(self.lab_id);
        am.keywords = Set(to_json_list(&self.keywords));
        am.required_skills = Set(to_json_list(&self.required_skills));
        am.preferred_backgrounds = Set(to_json_list(&backgrounds));
        am.capacity = Set(i32::try_from(self.capacity).context("capacity too large")?);
        am.status = Set(self.status.as_str().to_owned());
        Ok(())
    }
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

/// Recomputes the `q=` search text of a project from its stored fields and advisors' names.
async fn refresh_search_text(db: &impl ConnectionTrait, id: Id) -> anyhow::Result<Project> {
    let p = queries::project(db, id)
        .await?
        .context("project vanished inside its transaction")?;
    let mut names = vec![p.faculty.name.as_str()];
    names.extend(p.co_mentor.as_ref().map(|c| c.name.as_str()));
    project::ActiveModel {
        id: Set(id),
        search_text: Set(search_text(
            &p.title,
            &p.summary,
            &p.description,
            &p.keywords,
            &p.required_skills,
            &names,
        )),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(p)
}

pub async fn create_project(
    db: &DatabaseConnection,
    fields: &ProjectFields,
    audit_entry: Entry,
) -> anyhow::Result<Project> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut am = project::ActiveModel {
        slug: Set(unique_slug(&txn, &fields.title).await?),
        search_text: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fields.fill(&mut am)?;
    let id = am.insert(&txn).await?.id;
    write_project_areas(&txn, id, &fields.areas).await?;
    let created = refresh_search_text(&txn, id).await?;
    super::catalog::touch_projects(&txn, &[id]).await?;
    let mut e = audit_entry;
    e.target_id = Some(id);
    e.after = Some(serde_json::to_value(&created)?);
    audit::record(&txn, e).await?;
    txn.commit().await?;
    queries::project(db, id)
        .await?
        .context("created project vanished")
}

async fn write_project_areas(
    db: &impl ConnectionTrait,
    id: Id,
    areas: &[String],
) -> anyhow::Result<()> {
    let ids = area_ids(db).await?;
    set_areas(
        db,
        project_area::Column::ProjectId,
        id,
        areas,
        &ids,
        |area_id| project_area::ActiveModel {
            project_id: Set(id),
            area_id: Set(area_id),
        },
    )
    .await
}

/// Stores `after` over `before` (the project as read), recording both in the audit log.
pub async fn update_project(
    db: &DatabaseConnection,
    before: &Project,
    after: &ProjectFields,
    audit_entry: Entry,
) -> anyhow::Result<Project> {
    let txn = db.begin().await?;
    let id = before.id;
    let mut am = project::ActiveModel {
        id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    after.fill(&mut am)?;
    am.update(&txn).await?;
    if after.capacity != before.capacity {
        super::cycle::set_project_capacity(&txn, id, after.capacity)
            .await
            .map_err(conflict)?;
    }
    write_project_areas(&txn, id, &after.areas).await?;
    let updated = refresh_search_text(&txn, id).await?;
    super::catalog::touch_projects(&txn, &[id]).await?;
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
) -> anyhow::Result<Faculty> {
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
    if after.capacity != before.capacity {
        super::cycle::set_advisor_capacity(&txn, before.id, after.capacity)
            .await
            .map_err(conflict)?;
    }
    let ids = area_ids(&txn).await?;
    let fid = before.id;
    set_areas(
        &txn,
        faculty_area::Column::FacultyId,
        fid,
        &after.areas,
        &ids,
        |area_id| faculty_area::ActiveModel {
            faculty_id: Set(fid),
            area_id: Set(area_id),
        },
    )
    .await?;
    let (b, a) = changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, audit_entry.change(b, a)).await?;
    txn.commit().await?;
    queries::faculty_detail(db, fid)
        .await?
        .map(|d| d.faculty)
        .context("faculty vanished")
}

/// Stores a student's own profile fields.
pub async fn update_profile(
    db: &DatabaseConnection,
    before: &Student,
    after: &Student,
    audit_entry: Entry,
) -> anyhow::Result<Student> {
    let txn = db.begin().await?;
    student::ActiveModel {
        id: Set(before.id),
        background: Set(after.background.as_str().to_owned()),
        interests: Set(after.interests.clone()),
        skills: Set(to_json_list(&after.skills)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let ids = area_ids(&txn).await?;
    let sid = before.id;
    set_areas(
        &txn,
        student_area::Column::StudentId,
        sid,
        &after.areas,
        &ids,
        |area_id| student_area::ActiveModel {
            student_id: Set(sid),
            area_id: Set(area_id),
        },
    )
    .await?;
    let (b, a) = changed_fields(
        &serde_json::to_value(before)?,
        &serde_json::to_value(after)?,
    );
    audit::record(&txn, audit_entry.change(b, a)).await?;
    txn.commit().await?;
    queries::student(db, sid).await?.context("student vanished")
}
