//! The catalogue — labs, faculty, projects, students and the taxonomy's areas — by what each part
//! does: [`read`] (filtered, paged, hydrated with one batched query per relation), [`write`] (the
//! one project writer, faculty-record and profile edits, each with its audit entry) and
//! [`version`] (the counters every server process polls to keep its matcher in step).

pub mod read;
pub mod version;
pub mod write;
