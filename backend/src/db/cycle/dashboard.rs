//! The program director's dashboard: seats against first choices per area, each advisor's load,
//! list states and pairing counts.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::{
    AdvisorLoad, AreaDemand, Cycle, CycleId, Dashboard, FacultyId, PairingState, ProjectStatus,
    StudentId,
};

use super::rank_lists::{DRAFT, certified_lists, lists};
use super::seats::seat_counts;
use crate::db::entities::{faculty, pairing, student};

/// Students by list state: certified (and unchanged), draft, none.
async fn list_states(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
) -> anyhow::Result<(u32, u32, u32)> {
    let students = student::Entity::find().all(db).await?.len();
    let certified = certified_lists(db, cycle_id).await?;
    let drafts = lists(db, cycle_id, DRAFT, None).await?;
    let with_list: HashSet<StudentId> = drafts.keys().chain(certified.keys()).copied().collect();
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

pub(in crate::db) async fn all_faculty_rows(
    db: &impl ConnectionTrait,
) -> anyhow::Result<Vec<faculty::Model>> {
    Ok(faculty::Entity::find()
        .order_by_asc(faculty::Column::Name)
        .all(db)
        .await?)
}

async fn all_pairing_rows(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
) -> anyhow::Result<Vec<pairing::Model>> {
    Ok(pairing::Entity::find()
        .filter(pairing::Column::CycleId.eq(cycle_id))
        .order_by_asc(pairing::Column::Id)
        .all(db)
        .await?)
}

/// Everything the dashboard shows for `cycle`.
pub async fn dashboard(db: &impl ConnectionTrait, cycle: Cycle) -> anyhow::Result<Dashboard> {
    let projects = crate::db::catalogue::read::all_projects(db).await?;
    let (project_seats, advisor_seats) = seat_counts(db, cycle.id).await?;
    let lists = certified_lists(db, cycle.id).await?;
    let by_id: std::collections::HashMap<_, _> = projects.iter().map(|p| (p.id, p)).collect();
    let areas = crate::db::catalogue::read::areas(db)
        .await?
        .into_iter()
        .map(|a| {
            let open_seats = projects
                .iter()
                .filter(|p| p.status == ProjectStatus::Open && p.areas.contains(&a.slug))
                .map(|p| {
                    p.capacity
                        .saturating_sub(project_seats.get(&p.id).copied().unwrap_or(0))
                })
                .sum();
            let first_choices = lists
                .values()
                .filter_map(|l| l.first())
                .filter(|p| by_id.get(p).is_some_and(|p| p.areas.contains(&a.slug)))
                .count() as u32;
            AreaDemand {
                area: a.slug,
                name: a.name,
                open_seats,
                first_choices,
            }
        })
        .collect();
    let pairings = all_pairing_rows(db, cycle.id).await?;
    let mut proposed: std::collections::HashMap<FacultyId, u32> = std::collections::HashMap::new();
    let mut by_state: std::collections::HashMap<PairingState, u32> =
        std::collections::HashMap::new();
    for p in &pairings {
        let s = p.state;
        *by_state.entry(s).or_default() += 1;
        if s == PairingState::Proposed {
            *proposed.entry(p.faculty_id).or_default() += 1;
        }
    }
    let advisors = all_faculty_rows(db)
        .await?
        .iter()
        .map(|f| {
            Ok(AdvisorLoad {
                faculty: crate::db::catalogue::read::faculty_ref(f),
                capacity: u32::try_from(f.capacity)?,
                approved: advisor_seats.get(&f.id).copied().unwrap_or(0),
                proposed: proposed.get(&f.id).copied().unwrap_or(0),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (certified, draft, none) = list_states(db, cycle.id).await?;
    let days = (cycle.ranking_deadline - Utc::now()).num_days();
    Ok(Dashboard {
        areas,
        advisors,
        lists_certified: certified,
        lists_draft: draft,
        lists_none: none,
        pairings: PairingState::ALL
            .into_iter()
            .map(|s| (s, by_state.get(&s).copied().unwrap_or(0)))
            .collect(),
        days_to_deadline: days,
        cycle,
    })
}
