//! Catalogue queries: entity rows in, `shared` types out.
//!
//! Lists are filtered and paged in SQL; the related rows of a page (areas, advisors, labs) are then
//! fetched in one batched query each, so a page costs a constant number of round trips.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use sea_orm::sea_query::{Expr, Func, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use shared::{
    AreaId, Background, Faculty, FacultyDetail, FacultyId, FacultyRef, Lab, LabDetail, LabId,
    LabRef, Page, Project, ProjectId, ProjectStatus, ResearchArea, Student, StudentId,
};

use crate::db::entities::{
    AreaJoin, faculty, faculty_area, lab, lab_area, project, project_area, research_area, student,
    student_area, taxonomy_concept, taxonomy_stopword,
};
use crate::engine::taxonomy::{AreaSpec, ConceptSpec, TaxonomyFile};

/// A validated list request (see `routes::ListParams` for the HTTP side).
#[derive(Debug, Clone, Default)]
pub struct CatalogFilter {
    /// Lower-case alphanumeric words; every word must occur somewhere.
    pub words: Vec<String>,
    pub area_id: Option<AreaId>,
    pub lab_id: Option<LabId>,
    pub status: Option<ProjectStatus>,
    /// Which drafts a project list may show.
    pub drafts: Drafts,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

/// Draft projects are seen only by their faculty and directors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drafts {
    #[default]
    Hidden,
    /// Drafts this faculty member advises or co-mentors.
    Of(FacultyId),
    All,
}

/// Splits a search box into the words [`CatalogFilter::words`] wants: lower-case runs of letters and
/// digits (so no LIKE wildcard can be smuggled in), at most eight of them.
pub fn search_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(64).collect())
        .take(8)
        .collect()
}

/// A JSON array of strings stored in a text column. A value that does not parse is an error naming
/// the row, never an empty list.
fn json_list(text: &str, row: &str) -> anyhow::Result<Vec<String>> {
    serde_json::from_str(text)
        .with_context(|| format!("{row}: stored list is not a JSON array of strings: {text:?}"))
}

pub fn to_json_list<T: serde::Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

fn lower_like(col: impl sea_orm::IntoSimpleExpr, word: &str) -> SimpleExpr {
    Expr::expr(Func::lower(col.into_simple_expr())).like(format!("%{word}%"))
}

/// Every word must appear in at least one of `cols` (case-insensitive).
fn words_condition<C: ColumnTrait + Copy>(words: &[String], cols: &[C]) -> Condition {
    let mut all = Condition::all();
    for w in words {
        let mut any = Condition::any();
        for c in cols {
            any = any.add(lower_like(*c, w));
        }
        all = all.add(any);
    }
    all
}

/// `owner_id IN (SELECT owner FROM join WHERE area_id = ?)`: rows tagged with one area.
fn in_area<J: AreaJoin>(owner_id: impl ColumnTrait, area_id: AreaId) -> SimpleExpr {
    owner_id.in_subquery(
        Query::select()
            .column(J::OWNER)
            .from(J::default())
            .and_where(J::AREA.eq(area_id))
            .to_owned(),
    )
}

/// One page of `query`, narrowed to the filter's area (through the join table `J`) and ordered by
/// `name`, then id; returns the page's rows and the total.
async fn area_page<E, J>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    id: E::Column,
    name: E::Column,
    f: &CatalogFilter,
) -> anyhow::Result<(Vec<E::Model>, u64)>
where
    E: EntityTrait,
    E::Model: Sync,
    J: AreaJoin,
{
    let query = match f.area_id {
        Some(area) => query.filter(in_area::<J>(id, area)),
        None => query,
    };
    fetch_page(db, query.order_by_asc(name).order_by_asc(id), f).await
}

/// Runs a filtered, ordered select one page at a time; returns the page's rows and the total.
async fn fetch_page<E>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    f: &CatalogFilter,
) -> anyhow::Result<(Vec<E::Model>, u64)>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let pages = select.paginate(db, f.per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(f.page - 1).await?;
    Ok((rows, total))
}

fn page_of<T>(items: Vec<T>, total: u64, f: &CatalogFilter) -> Page<T> {
    Page {
        items,
        total,
        page: f.page,
        per_page: f.per_page,
    }
}

// ---------------------------------------------------------------------------------------------
// Areas

pub async fn areas(db: &impl ConnectionTrait) -> anyhow::Result<Vec<ResearchArea>> {
    let rows = research_area::Entity::find()
        .order_by_asc(research_area::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|a| {
            let row = format!("research area {}", a.id);
            Ok(ResearchArea {
                id: a.id,
                keywords: json_list(&a.keywords, &row)?,
                mesh_headings: json_list(&a.mesh_headings, &row)?,
                slug: a.slug,
                name: a.name,
                description: a.description,
            })
        })
        .collect()
}

/// The taxonomy as stored by `seed`, or `None` when no concept is stored yet.
pub async fn stored_taxonomy(db: &impl ConnectionTrait) -> anyhow::Result<Option<TaxonomyFile>> {
    let concepts = taxonomy_concept::Entity::find()
        .order_by_asc(taxonomy_concept::Column::Position)
        .order_by_asc(taxonomy_concept::Column::Id)
        .all(db)
        .await?;
    if concepts.is_empty() {
        return Ok(None);
    }
    let areas = research_area::Entity::find()
        .order_by_asc(research_area::Column::Id)
        .all(db)
        .await?;
    let spec = |c: &taxonomy_concept::Model| -> anyhow::Result<ConceptSpec> {
        Ok(ConceptSpec {
            term: c.term.clone(),
            aliases: json_list(&c.aliases, &format!("taxonomy concept {}", c.id))?,
            kind: c.kind.clone(),
        })
    };
    let stopwords = taxonomy_stopword::Entity::find()
        .order_by_asc(taxonomy_stopword::Column::Word)
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.word)
        .collect();
    Ok(Some(TaxonomyFile {
        version: 1,
        areas: areas
            .iter()
            .map(|a| {
                Ok(AreaSpec {
                    slug: a.slug.clone(),
                    name: a.name.clone(),
                    description: a.description.clone(),
                    mesh_headings: json_list(&a.mesh_headings, &format!("research area {}", a.id))?,
                    concepts: concepts
                        .iter()
                        .filter(|c| c.area_id == Some(a.id))
                        .map(spec)
                        .collect::<anyhow::Result<_>>()?,
                })
            })
            .collect::<anyhow::Result<_>>()?,
        general: concepts
            .iter()
            .filter(|c| c.area_id.is_none())
            .map(spec)
            .collect::<anyhow::Result<_>>()?,
        stopwords,
    }))
}

pub async fn area_id_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> anyhow::Result<Option<AreaId>> {
    Ok(research_area::Entity::find()
        .filter(research_area::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|a| a.id))
}

async fn area_slugs(db: &impl ConnectionTrait) -> anyhow::Result<HashMap<AreaId, String>> {
    Ok(research_area::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.slug))
        .collect())
}

/// `owner id → [area slug]` for the given owners, read from one `*_areas` join table.
async fn area_map<E, K>(
    db: &impl ConnectionTrait,
    owner: E::Column,
    area: E::Column,
    ids: &[K],
) -> anyhow::Result<HashMap<K, Vec<String>>>
where
    E: EntityTrait,
    K: sea_orm::TryGetable + Into<sea_orm::Value> + Copy + Eq + std::hash::Hash,
{
    let slugs = area_slugs(db).await?;
    let rows: Vec<(K, AreaId)> = E::find()
        .select_only()
        .column(owner)
        .column(area)
        .filter(owner.is_in(ids.iter().copied()))
        .order_by_asc(area)
        .into_tuple()
        .all(db)
        .await?;
    let mut map: HashMap<K, Vec<String>> = HashMap::new();
    for (owner_id, area_id) in rows {
        if let Some(slug) = slugs.get(&area_id) {
            map.entry(owner_id).or_default().push(slug.clone());
        }
    }
    Ok(map)
}

// ---------------------------------------------------------------------------------------------
// Labs

fn lab_ref(l: &lab::Model) -> LabRef {
    LabRef {
        id: l.id,
        slug: l.slug.clone(),
        name: l.name.clone(),
    }
}

async fn hydrate_labs(
    db: &impl ConnectionTrait,
    rows: Vec<lab::Model>,
) -> anyhow::Result<Vec<Lab>> {
    let ids: Vec<LabId> = rows.iter().map(|l| l.id).collect();
    let mut areas = area_map::<lab_area::Entity, _>(
        db,
        lab_area::Column::LabId,
        lab_area::Column::AreaId,
        &ids,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|l| Lab {
            areas: areas.remove(&l.id).unwrap_or_default(),
            id: l.id,
            slug: l.slug,
            name: l.name,
            school: l.school,
            department: l.department,
            description: l.description,
        })
        .collect())
}

pub async fn list_labs(db: &impl ConnectionTrait, f: &CatalogFilter) -> anyhow::Result<Page<Lab>> {
    let query = lab::Entity::find().filter(words_condition(
        &f.words,
        &[
            lab::Column::Name,
            lab::Column::Description,
            lab::Column::School,
            lab::Column::Department,
        ],
    ));
    let (rows, total) =
        area_page::<_, lab_area::Entity>(db, query, lab::Column::Id, lab::Column::Name, f).await?;
    Ok(page_of(hydrate_labs(db, rows).await?, total, f))
}

pub async fn lab_detail(db: &impl ConnectionTrait, id: LabId) -> anyhow::Result<Option<LabDetail>> {
    let Some(row) = lab::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let lab = hydrate_labs(db, vec![row])
        .await?
        .pop()
        .context("hydrated lab vanished")?;
    let members = faculty::Entity::find()
        .filter(faculty::Column::LabId.eq(id))
        .order_by_asc(faculty::Column::Name)
        .all(db)
        .await?;
    let project_rows = project::Entity::find()
        .filter(project::Column::LabId.eq(id))
        .order_by_asc(project::Column::Title)
        .all(db)
        .await?;
    Ok(Some(LabDetail {
        lab,
        faculty: hydrate_faculty(db, members).await?,
        projects: hydrate_projects(db, project_rows).await?,
    }))
}

// ---------------------------------------------------------------------------------------------
// Faculty

pub(in crate::db) fn faculty_ref(f: &faculty::Model) -> FacultyRef {
    FacultyRef {
        id: f.id,
        slug: f.slug.clone(),
        name: f.name.clone(),
        title: f.title.clone(),
        department: f.department.clone(),
    }
}

async fn hydrate_faculty(
    db: &impl ConnectionTrait,
    rows: Vec<faculty::Model>,
) -> anyhow::Result<Vec<Faculty>> {
    let ids: Vec<FacultyId> = rows.iter().map(|f| f.id).collect();
    let mut areas = area_map::<faculty_area::Entity, _>(
        db,
        faculty_area::Column::FacultyId,
        faculty_area::Column::AreaId,
        &ids,
    )
    .await?;
    let lab_ids: Vec<LabId> = rows.iter().filter_map(|f| f.lab_id).collect();
    let labs: HashMap<LabId, LabRef> = lab::Entity::find()
        .filter(lab::Column::Id.is_in(lab_ids))
        .all(db)
        .await?
        .iter()
        .map(|l| (l.id, lab_ref(l)))
        .collect();
    rows.into_iter()
        .map(|f| {
            Ok(Faculty {
                areas: areas.remove(&f.id).unwrap_or_default(),
                lab: f.lab_id.and_then(|l| labs.get(&l).cloned()),
                id: f.id,
                slug: f.slug,
                name: f.name,
                title: f.title,
                email: f.email,
                school: f.school,
                department: f.department,
                bio: f.bio,
                capacity: u32::try_from(f.capacity).with_context(|| {
                    format!("faculty {}: capacity {} is negative", f.id, f.capacity)
                })?,
                accepting_students: f.accepting_students,
            })
        })
        .collect()
}

pub async fn list_faculty(
    db: &impl ConnectionTrait,
    f: &CatalogFilter,
) -> anyhow::Result<Page<Faculty>> {
    let mut query = faculty::Entity::find().filter(words_condition(
        &f.words,
        &[
            faculty::Column::Name,
            faculty::Column::Title,
            faculty::Column::School,
            faculty::Column::Department,
            faculty::Column::Bio,
        ],
    ));
    if let Some(lab) = f.lab_id {
        query = query.filter(faculty::Column::LabId.eq(lab));
    }
    let (rows, total) = area_page::<_, faculty_area::Entity>(
        db,
        query,
        faculty::Column::Id,
        faculty::Column::Name,
        f,
    )
    .await?;
    Ok(page_of(hydrate_faculty(db, rows).await?, total, f))
}

pub async fn faculty_detail(
    db: &impl ConnectionTrait,
    id: FacultyId,
) -> anyhow::Result<Option<FacultyDetail>> {
    let Some(row) = faculty::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let person = hydrate_faculty(db, vec![row])
        .await?
        .pop()
        .context("hydrated faculty vanished")?;
    let project_rows = project::Entity::find()
        .filter(
            Condition::any()
                .add(project::Column::FacultyId.eq(id))
                .add(project::Column::CoMentorId.eq(id)),
        )
        .order_by_asc(project::Column::Title)
        .all(db)
        .await?;
    Ok(Some(FacultyDetail {
        faculty: person,
        projects: hydrate_projects(db, project_rows).await?,
    }))
}

/// Every faculty member, by id (for the matching endpoints).
pub async fn all_faculty(
    db: &impl ConnectionTrait,
) -> anyhow::Result<BTreeMap<FacultyId, Faculty>> {
    let rows = faculty::Entity::find()
        .order_by_asc(faculty::Column::Id)
        .all(db)
        .await?;
    Ok(hydrate_faculty(db, rows)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect())
}

/// Every lab, by id (for the matching endpoints).
pub async fn all_labs(db: &impl ConnectionTrait) -> anyhow::Result<BTreeMap<LabId, Lab>> {
    let rows = lab::Entity::find()
        .order_by_asc(lab::Column::Id)
        .all(db)
        .await?;
    Ok(hydrate_labs(db, rows)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Projects

fn parse_backgrounds(text: &str, row: &str) -> anyhow::Result<Vec<Background>> {
    json_list(text, row)?
        .iter()
        .map(|b| parse_background(b, row))
        .collect()
}

fn parse_background(b: &str, row: &str) -> anyhow::Result<Background> {
    Background::parse(b).with_context(|| format!("{row}: unknown background '{b}'"))
}

pub(in crate::db) async fn hydrate_projects(
    db: &impl ConnectionTrait,
    rows: Vec<project::Model>,
) -> anyhow::Result<Vec<Project>> {
    let ids: Vec<ProjectId> = rows.iter().map(|p| p.id).collect();
    let mut areas = area_map::<project_area::Entity, _>(
        db,
        project_area::Column::ProjectId,
        project_area::Column::AreaId,
        &ids,
    )
    .await?;
    let people_ids: Vec<FacultyId> = rows
        .iter()
        .flat_map(|p| std::iter::once(p.faculty_id).chain(p.co_mentor_id))
        .collect();
    let people: HashMap<FacultyId, FacultyRef> = faculty::Entity::find()
        .filter(faculty::Column::Id.is_in(people_ids))
        .all(db)
        .await?
        .iter()
        .map(|f| (f.id, faculty_ref(f)))
        .collect();
    let lab_ids: Vec<LabId> = rows.iter().filter_map(|p| p.lab_id).collect();
    let labs: HashMap<LabId, LabRef> = lab::Entity::find()
        .filter(lab::Column::Id.is_in(lab_ids))
        .all(db)
        .await?
        .iter()
        .map(|l| (l.id, lab_ref(l)))
        .collect();
    rows.into_iter()
        .map(|p| {
            let row = format!("project {}", p.id);
            let advisor = people
                .get(&p.faculty_id)
                .cloned()
                .with_context(|| format!("project {} has no advisor row", p.id))?;
            Ok(Project {
                areas: areas.remove(&p.id).unwrap_or_default(),
                faculty: advisor,
                co_mentor: p.co_mentor_id.and_then(|c| people.get(&c).cloned()),
                lab: p.lab_id.and_then(|l| labs.get(&l).cloned()),
                keywords: json_list(&p.keywords, &row)?,
                required_skills: json_list(&p.required_skills, &row)?,
                preferred_backgrounds: parse_backgrounds(&p.preferred_backgrounds, &row)?,
                capacity: u32::try_from(p.capacity)
                    .with_context(|| format!("{row}: capacity {} is negative", p.capacity))?,
                status: p.status,
                created_at: p.created_at,
                updated_at: p.updated_at,
                id: p.id,
                slug: p.slug,
                title: p.title,
                summary: p.summary,
                description: p.description,
            })
        })
        .collect()
}

pub async fn list_projects(
    db: &impl ConnectionTrait,
    f: &CatalogFilter,
) -> anyhow::Result<Page<Project>> {
    let mut query = project::Entity::find();
    for w in &f.words {
        query = query.filter(project::Column::SearchText.contains(w.as_str()));
    }
    if let Some(lab) = f.lab_id {
        query = query.filter(project::Column::LabId.eq(lab));
    }
    if let Some(status) = f.status {
        query = query.filter(project::Column::Status.eq(status));
    }
    let not_draft = project::Column::Status.ne(ProjectStatus::Draft);
    match f.drafts {
        Drafts::Hidden => query = query.filter(not_draft),
        Drafts::Of(fid) => {
            query = query.filter(
                Condition::any()
                    .add(not_draft)
                    .add(project::Column::FacultyId.eq(fid))
                    .add(project::Column::CoMentorId.eq(fid)),
            )
        }
        Drafts::All => {}
    }
    let (rows, total) = area_page::<_, project_area::Entity>(
        db,
        query,
        project::Column::Id,
        project::Column::Title,
        f,
    )
    .await?;
    Ok(page_of(hydrate_projects(db, rows).await?, total, f))
}

pub async fn project(db: &impl ConnectionTrait, id: ProjectId) -> anyhow::Result<Option<Project>> {
    let Some(row) = project::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(hydrate_projects(db, vec![row]).await?.pop())
}

/// Projects a faculty member advises or co-mentors, drafts included, newest first.
pub async fn projects_of_faculty(
    db: &impl ConnectionTrait,
    fid: FacultyId,
) -> anyhow::Result<Vec<Project>> {
    let rows = project::Entity::find()
        .filter(
            Condition::any()
                .add(project::Column::FacultyId.eq(fid))
                .add(project::Column::CoMentorId.eq(fid)),
        )
        .order_by_desc(project::Column::UpdatedAt)
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    hydrate_projects(db, rows).await
}

/// Every project, by id (to build the matching index).
pub async fn all_projects(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Project>> {
    let rows = project::Entity::find()
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    hydrate_projects(db, rows).await
}

// ---------------------------------------------------------------------------------------------
// Students

async fn hydrate_students(
    db: &impl ConnectionTrait,
    rows: Vec<student::Model>,
) -> anyhow::Result<Vec<Student>> {
    let ids: Vec<StudentId> = rows.iter().map(|s| s.id).collect();
    let mut areas = area_map::<student_area::Entity, _>(
        db,
        student_area::Column::StudentId,
        student_area::Column::AreaId,
        &ids,
    )
    .await?;
    rows.into_iter()
        .map(|s| {
            let row = format!("student {}", s.id);
            Ok(Student {
                areas: areas.remove(&s.id).unwrap_or_default(),
                background: s.background,
                skills: json_list(&s.skills, &row)?,
                id: s.id,
                slug: s.slug,
                name: s.name,
                email: s.email,
                interests: s.interests,
            })
        })
        .collect()
}

/// The student directory (directors only): `q` matches the name or e-mail, `area` a ticked area.
pub async fn list_students(
    db: &impl ConnectionTrait,
    f: &CatalogFilter,
) -> anyhow::Result<Page<Student>> {
    let query = student::Entity::find().filter(words_condition(
        &f.words,
        &[student::Column::Name, student::Column::Email],
    ));
    let (rows, total) = area_page::<_, student_area::Entity>(
        db,
        query,
        student::Column::Id,
        student::Column::Name,
        f,
    )
    .await?;
    Ok(page_of(hydrate_students(db, rows).await?, total, f))
}

pub async fn student(db: &impl ConnectionTrait, id: StudentId) -> anyhow::Result<Option<Student>> {
    let Some(row) = student::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(hydrate_students(db, vec![row]).await?.pop())
}

/// The students with these ids (in id order).
pub async fn students_by_ids(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = StudentId>,
) -> anyhow::Result<Vec<Student>> {
    let ids: Vec<StudentId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = student::Entity::find()
        .filter(student::Column::Id.is_in(ids))
        .order_by_asc(student::Column::Id)
        .all(db)
        .await?;
    hydrate_students(db, rows).await
}

pub async fn all_students(db: &impl ConnectionTrait) -> anyhow::Result<Vec<Student>> {
    let rows = student::Entity::find()
        .order_by_asc(student::Column::Id)
        .all(db)
        .await?;
    hydrate_students(db, rows).await
}

pub async fn count_projects(db: &impl ConnectionTrait) -> anyhow::Result<u64> {
    Ok(project::Entity::find().count(db).await?)
}

/// Ids of every row in `students` (cheap existence checks for the matching endpoints).
pub async fn student_exists(db: &impl ConnectionTrait, id: StudentId) -> anyhow::Result<bool> {
    Ok(student::Entity::find()
        .select_only()
        .column(student::Column::Id)
        .filter(student::Column::Id.eq(id))
        .into_tuple::<StudentId>()
        .one(db)
        .await?
        .is_some())
}

/// Names of the given students (those that exist), for lists that name students by id.
pub async fn student_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = StudentId>,
) -> anyhow::Result<HashMap<StudentId, String>> {
    let ids: Vec<StudentId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(student::Entity::find()
        .filter(student::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

/// Names and e-mails of the students with these ids (pairings: the e-mail is shown only to those
/// the need-to-know rule allows).
pub async fn student_contacts(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = StudentId>,
) -> anyhow::Result<HashMap<StudentId, (String, shared::Email)>> {
    let ids: Vec<StudentId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(student::Entity::find()
        .filter(student::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.name, s.email)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::search_words;

    #[test]
    fn search_words_drop_wildcards_and_fold_case() {
        assert_eq!(search_words("Brain %MRI_ seg"), vec!["brain", "mri", "seg"]);
        assert!(search_words("%%% ___").is_empty());
        assert_eq!(search_words("a b c d e f g h i j").len(), 8);
    }
}
