//! Applicants: students whose certified rank list names a project, with their position, the match
//! score and its best reasons, and the advisor's own rank for them; and an advisor's ranking of all
//! their applicants.

use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;
use shared::{Applicant, ApplicantRanking, CycleId, FacultyId, Project, ProjectId, StudentId};

use super::advisor_order::advisor_order;
use crate::db::catalogue::read;
use crate::db::cycle as db_cycle;
use crate::engine::scoring::Matcher;

/// Applicants of `projects`: students whose certified list names one, with their position, the
/// match score and its best reasons, and the advisor's own rank for them.
pub async fn applicants_of(
    db: &impl ConnectionTrait,
    matcher: &Matcher,
    cycle_id: CycleId,
    projects: &[Project],
) -> anyhow::Result<Vec<Applicant>> {
    let ids: Vec<ProjectId> = projects.iter().map(|p| p.id).collect();
    let apps = db_cycle::applications(db, cycle_id, &ids).await?;
    let students: HashMap<StudentId, shared::Student> =
        read::students_by_ids(db, apps.iter().map(|(s, _, _)| *s).collect::<HashSet<_>>())
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    let mut orders: HashMap<FacultyId, HashMap<StudentId, u32>> = HashMap::new();
    for p in projects {
        if let std::collections::hash_map::Entry::Vacant(slot) = orders.entry(p.faculty.id) {
            let order = db_cycle::applicant_order(db, cycle_id, p.faculty.id).await?;
            slot.insert(
                order
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (s, i as u32 + 1))
                    .collect(),
            );
        }
    }
    let by_id: HashMap<ProjectId, &Project> = projects.iter().map(|p| (p.id, p)).collect();
    let mut out = Vec::new();
    for (sid, pid, position) in apps {
        let (Some(s), Some(p)) = (students.get(&sid), by_id.get(&pid)) else {
            continue;
        };
        let profile = matcher.student_profile(s);
        let score = matcher.index.explain(&matcher.taxonomy, &profile, pid);
        out.push(Applicant {
            student_id: sid,
            name: s.name.clone(),
            background: s.background,
            project_id: pid,
            position,
            score: score.as_ref().map_or(0.0, |s| s.total),
            reasons: score
                .map(|s| s.parts.into_iter().take(3).collect())
                .unwrap_or_default(),
            faculty_rank: orders.get(&p.faculty.id).and_then(|o| o.get(&sid).copied()),
        });
    }
    Ok(out)
}

/// The faculty member's applicants across the projects they advise, in their order (see
/// [`advisor_order`]).
pub async fn applicant_ranking_of(
    db: &impl ConnectionTrait,
    matcher: &Matcher,
    cycle_id: CycleId,
    faculty_id: FacultyId,
) -> anyhow::Result<ApplicantRanking> {
    let projects: Vec<Project> = read::projects_of_faculty(db, faculty_id)
        .await?
        .into_iter()
        .filter(|p| p.faculty.id == faculty_id)
        .collect();
    let applicants = applicants_of(db, matcher, cycle_id, &projects).await?;
    let by_hand = db_cycle::applicant_order(db, cycle_id, faculty_id).await?;
    let students = advisor_order(&by_hand, applicants.iter().map(|a| (a.student_id, a.score)));
    let applied: HashSet<StudentId> = students.iter().copied().collect();
    let ranked_by_hand = by_hand.iter().filter(|s| applied.contains(s)).count() as u32;
    Ok(ApplicantRanking {
        students,
        ranked_by_hand,
        applicants,
    })
}

/// One project's applicants in its advisor's order (see [`advisor_order`]).
pub async fn of_project(
    db: &impl ConnectionTrait,
    matcher: &Matcher,
    cycle_id: CycleId,
    project: &Project,
) -> anyhow::Result<Vec<Applicant>> {
    let mut list = applicants_of(db, matcher, cycle_id, std::slice::from_ref(project)).await?;
    let mut by_hand: Vec<(u32, StudentId)> = list
        .iter()
        .filter_map(|a| a.faculty_rank.map(|r| (r, a.student_id)))
        .collect();
    by_hand.sort();
    let by_hand: Vec<StudentId> = by_hand.into_iter().map(|(_, s)| s).collect();
    let order = advisor_order(&by_hand, list.iter().map(|a| (a.student_id, a.score)));
    let place: HashMap<StudentId, usize> =
        order.into_iter().enumerate().map(|(i, s)| (s, i)).collect();
    list.sort_by_key(|a| place.get(&a.student_id).copied().unwrap_or(usize::MAX));
    Ok(list)
}
