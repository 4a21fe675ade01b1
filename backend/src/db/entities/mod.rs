//! sea-orm entities, one per table created by the `migrations` crate. Relations are resolved in
//! [`super::catalogue::read`] with batched look-ups rather than ORM joins, so a page of N projects costs a
//! fixed number of queries.

pub mod advisor_seat;
pub mod allocation_run;
pub mod applicant_ranking;
pub mod audit_log;
pub mod catalog_state;
pub mod cycle;
pub mod disclosure;
pub mod disclosure_student;
pub mod faculty;
pub mod faculty_area;
pub mod lab;
pub mod lab_area;
pub mod login_failure;
pub mod login_lock;
pub mod notification;
pub mod pairing;
pub mod pairing_event;
pub mod password_reset;
pub mod project;
pub mod project_area;
pub mod project_seat;
pub mod rank_entry;
pub mod rank_list;
pub mod research_area;
pub mod session;
pub mod student;
pub mod student_area;
pub mod taxonomy_concept;
pub mod taxonomy_stopword;
pub mod user;

use sea_orm::{EntityTrait, Set};
use shared::{AreaId, FacultyId, LabId, ProjectId, StudentId};

/// One of the four `*_areas` join tables (labs, faculty, projects, students): its owner column and
/// a row of it.
pub trait AreaJoin: EntityTrait {
    type Owner: Into<sea_orm::Value> + Copy;
    /// The owning table's id column (`labs.id`, …).
    const OWNER: Self::Column;
    const AREA: Self::Column;
    fn row(owner: Self::Owner, area: AreaId) -> Self::ActiveModel;
}

macro_rules! area_join {
    ($($join:ident: $owner:ty, $owner_col:ident, $owner_field:ident;)+) => {$(
        impl AreaJoin for $join::Entity {
            type Owner = $owner;
            const OWNER: $join::Column = $join::Column::$owner_col;
            const AREA: $join::Column = $join::Column::AreaId;
            fn row(owner: $owner, area: AreaId) -> $join::ActiveModel {
                $join::ActiveModel {
                    $owner_field: Set(owner),
                    area_id: Set(area),
                }
            }
        }
    )+};
}

area_join! {
    lab_area: LabId, LabId, lab_id;
    faculty_area: FacultyId, FacultyId, faculty_id;
    project_area: ProjectId, ProjectId, project_id;
    student_area: StudentId, StudentId, student_id;
}
