//! Figures for the program director's dashboard: list states, faculty, every pairing row.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::{FacultyRef, Id};

use super::rank_lists::{DRAFT, certified_lists, lists};
use crate::db::entities::{faculty, pairing, student};

/// Students by list state: certified (and unchanged), draft, none.
pub async fn list_states(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<(u32, u32, u32)> {
    let students = student::Entity::find().all(db).await?.len();
    let certified = certified_lists(db, cycle_id).await?;
    let drafts = lists(db, cycle_id, DRAFT, None).await?;
    let with_list: HashSet<Id> = drafts.keys().chain(certified.keys()).copied().collect();
    let done = with_list
        .iter()
        .filter(|s| {
            certified
                .get(s)
                .is_some_and(|c| drafts.get(s).is_none_or(|d| d == c))
        })
        .count();
    let draft = with_list.len() - done;
    let none = students.saturating_sub(with_list.len());
    Ok((
        u32::try_from(done)?,
        u32::try_from(draft)?,
        u32::try_from(none)?,
    ))
}

pub fn faculty_ref(f: &faculty::Model) -> FacultyRef {
    FacultyRef {
        id: f.id,
        slug: f.slug.clone(),
        name: f.name.clone(),
        title: f.title.clone(),
        department: f.department.clone(),
    }
}

pub async fn all_faculty_rows(db: &impl ConnectionTrait) -> anyhow::Result<Vec<faculty::Model>> {
    Ok(faculty::Entity::find()
        .order_by_asc(faculty::Column::Name)
        .all(db)
        .await?)
}

pub async fn all_pairing_rows(
    db: &impl ConnectionTrait,
    cycle_id: Id,
) -> anyhow::Result<Vec<pairing::Model>> {
    Ok(pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(cycle_id))
        .order_by_asc(pairing::Column::Id)
        .all(db)
        .await?)
}
