//! A person's data export (`GET /api/me/export`): everything stored about them, table by table.
//! The integration test `the_export_covers_every_table_that_holds_a_person` reads the schema and
//! fails when a table that names a student or an account is neither read here nor on its
//! commented list of exclusions.

use anyhow::Context;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::{
    AdvisorRankingOfMe, CycleId, FacultyId, FailedSignIn, MyData, ResetRecord, RunOutcome,
    SessionRecord, StudentId, UserId,
};

use super::catalogue::read;
use super::entities::{
    allocation_run, applicant_ranking, cycle, faculty, login_failure, password_reset, rank_list,
    session,
};
use super::{accounts, audit, cycle as db_cycle, disclosures};

/// Who is exporting: the account and the record it is linked to.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub user: UserId,
    pub student: Option<StudentId>,
    pub faculty: Option<FacultyId>,
}

pub async fn my_data(db: &impl ConnectionTrait, who: Subject) -> anyhow::Result<Option<MyData>> {
    let Some(account) = accounts::user_summary(db, who.user).await? else {
        return Ok(None);
    };
    let mut data = MyData {
        profile: None,
        faculty: None,
        rank_lists: Vec::new(),
        pairings: Vec::new(),
        notifications: db_cycle::inbox(db, who.user).await?.items,
        advisor_rankings: Vec::new(),
        allocations: Vec::new(),
        disclosures: Vec::new(),
        reads_made: disclosures::made_by(db, who.user).await?,
        sessions: session::Entity::find()
            .filter(session::Column::UserId.eq(who.user))
            .order_by_asc(session::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|s| SessionRecord {
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
            })
            .collect(),
        password_resets: password_reset::Entity::find()
            .filter(password_reset::Column::UserId.eq(who.user))
            .order_by_asc(password_reset::Column::ExpiresAt)
            .all(db)
            .await?
            .into_iter()
            .map(|r| ResetRecord {
                expires_at: r.expires_at,
                used_at: r.used_at,
            })
            .collect(),
        failed_sign_ins: login_failure::Entity::find()
            .filter(login_failure::Column::Email.eq(account.email.as_str()))
            .order_by_asc(login_failure::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|f| FailedSignIn {
                at: f.at,
                client_addr: f.client_addr,
            })
            .collect(),
        audit: audit::about(db, who.user, who.student).await?,
        account,
    };
    if let Some(fid) = who.faculty {
        data.faculty = read::faculty_detail(db, fid).await?.map(|d| d.faculty);
    }
    if let Some(sid) = who.student {
        student_part(db, sid, &mut data).await?;
    }
    Ok(Some(data))
}

async fn student_part(
    db: &impl ConnectionTrait,
    sid: StudentId,
    data: &mut MyData,
) -> anyhow::Result<()> {
    data.profile = read::student(db, sid).await?;
    let cycles: Vec<shared::Cycle> = cycle::Entity::find()
        .order_by_asc(cycle::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(shared::Cycle::try_from)
        .collect::<anyhow::Result<_>>()?;
    let listed: Vec<CycleId> = rank_list::Entity::find()
        .filter(rank_list::Column::StudentId.eq(sid))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.cycle_id)
        .collect();
    for c in &cycles {
        if listed.contains(&c.id) {
            data.rank_lists.push(db_cycle::rank_list(db, c, sid).await?);
        }
        let mine = db_cycle::PairingFilter {
            only_student: Some(sid),
            ..Default::default()
        };
        data.pairings
            .extend(db_cycle::pairings(db, c.id, &mine).await?);
    }
    let rankings = applicant_ranking::Entity::find()
        .filter(applicant_ranking::Column::StudentId.eq(sid))
        .order_by_asc(applicant_ranking::Column::CycleId)
        .all(db)
        .await?;
    for r in rankings {
        let person = faculty::Entity::find_by_id(r.faculty_id)
            .one(db)
            .await?
            .with_context(|| format!("applicant ranking names missing faculty {}", r.faculty_id))?;
        data.advisor_rankings.push(AdvisorRankingOfMe {
            cycle_id: r.cycle_id,
            faculty: read::faculty_ref(&person),
            position: u32::try_from(r.position)?,
        });
    }
    let runs = allocation_run::Entity::find()
        .order_by_asc(allocation_run::Column::Id)
        .all(db)
        .await?;
    for m in runs {
        let run = shared::AllocationRun::try_from(m)?;
        if let Some(a) = run.assignments.into_iter().find(|a| a.student_id == sid) {
            data.allocations.push(RunOutcome {
                run_id: run.id,
                cycle_id: run.cycle_id,
                created_at: run.created_at,
                published_at: run.published_at,
                assignment: a,
            });
        }
    }
    data.disclosures = disclosures::all_of_student(db, sid).await?;
    Ok(())
}
