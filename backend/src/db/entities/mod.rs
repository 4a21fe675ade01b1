//! sea-orm entities, one per table created by the `migrations` crate. Relations are resolved in
//! [`super::catalogue::read`] with batched look-ups rather than ORM joins, so a page of N projects costs a
//! fixed number of queries.

pub mod advisor_seat;
pub mod allocation_run;
pub mod applicant_ranking;
pub mod audit_log;
pub mod catalog_state;
pub mod cycle;
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
