//! The one error type of the persistence layer. A database refusal is classified once, here, by
//! what refused it — a unique index, a CHECK or a foreign key, with the constraint's name — so the
//! layers above answer 409 for a limit or a duplicate and 422 for a bad reference, never by
//! matching error text of their own. Everything else is [`Error::Other`] (a logged 500).

use sea_orm::{DbErr, RuntimeErr};

/// What kind of rule the database enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// A unique index or primary key: the row already exists.
    Unique,
    /// A CHECK: a limit (capacity, seats) or a value out of its set.
    Check,
    /// A foreign key: the row names a record that does not exist (or is still referenced).
    ForeignKey,
}

/// A constraint the database refused a write with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// PostgreSQL's constraint name (`project_seats_check`, `uq_pairings_one_approved_per_student`,
    /// `projects_slug_key`); on SQLite what its message names (`projects.slug`, the index name, or
    /// the CHECK's expression for an unnamed CHECK).
    pub name: String,
}

impl Constraint {
    /// What the constraint protects, for a person (the 409's message where the caller had nothing
    /// more precise to say). Matches both databases' spellings of the same constraint.
    pub fn message(&self) -> &'static str {
        let n = self.name.as_str();
        match self.kind {
            ConstraintKind::Unique if n.contains("slug") => {
                "a record with this slug already exists"
            }
            ConstraintKind::Unique if n.contains("email") => {
                "this e-mail address is already in use"
            }
            ConstraintKind::Unique
                if n.contains("one_approved")
                    || (n.contains("pairings.student_id") && !n.contains("project_id")) =>
            {
                "this student already has an approved pairing in this cycle"
            }
            ConstraintKind::Unique
                if n.contains("one_live") || n.contains("pairings.project_id") =>
            {
                "this student already has a pairing for this project"
            }
            ConstraintKind::Unique if n.contains("rank_entries") => {
                "a project appears twice in the rank list"
            }
            ConstraintKind::Unique => "this already exists",
            ConstraintKind::Check if n.contains("seats") || n.contains("approved") => {
                "a capacity is reached: no seat is left"
            }
            ConstraintKind::Check => "a limit of the program refused this change",
            ConstraintKind::ForeignKey => "this refers to a record that does not exist",
        }
    }

    /// Whether the constraint is about `needle` (a table, column or index name): matches both
    /// databases' spellings, e.g. `projects.slug` (SQLite) and `projects_slug_key` (PostgreSQL)
    /// for `needle = "slug"`.
    pub fn names(&self, needle: &str) -> bool {
        self.name.contains(needle)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The write was refused for a reason already told in words (a limit reached, a state that
    /// moved on): answered 409 with this message. Nothing changed.
    #[error("{0}")]
    Refused(String),
    /// A unique index or a CHECK refused the write: the caller names the limit (409).
    #[error("refused by {:?} constraint {}", .constraint.kind, .constraint.name)]
    Conflict { constraint: Constraint },
    /// A foreign key refused the write: the caller names the missing record (422 or 404).
    #[error("foreign key {} refused the write", .constraint.name)]
    BadReference { constraint: Constraint },
    /// The row to change is not there.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Other(e.into())
    }
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        match constraint_of(&e) {
            Some(c) if c.kind == ConstraintKind::ForeignKey => {
                Error::BadReference { constraint: c }
            }
            Some(c) => Error::Conflict { constraint: c },
            None => Error::Other(e.into()),
        }
    }
}

/// The constraint behind a refused statement, on SQLite and PostgreSQL; `None` for any other
/// failure (a lost connection, a syntax error, a NOT NULL).
pub fn constraint_of(e: &DbErr) -> Option<Constraint> {
    let (DbErr::Exec(RuntimeErr::SqlxError(sqlx)) | DbErr::Query(RuntimeErr::SqlxError(sqlx))) = e
    else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(db) = &**sqlx else {
        return None;
    };
    use sea_orm::sqlx::error::ErrorKind;
    let kind = match db.kind() {
        ErrorKind::UniqueViolation => ConstraintKind::Unique,
        ErrorKind::CheckViolation => ConstraintKind::Check,
        ErrorKind::ForeignKeyViolation => ConstraintKind::ForeignKey,
        _ => return None,
    };
    let name = match db.constraint() {
        Some(n) => n.to_owned(),
        // SQLite: "UNIQUE constraint failed: projects.slug", "CHECK constraint failed: <name or
        // expression>", "FOREIGN KEY constraint failed".
        None => db
            .message()
            .split_once("constraint failed: ")
            .map(|(_, what)| what.trim().to_owned())
            .unwrap_or_default(),
    };
    Some(Constraint { kind, name })
}

/// Whether `e` is a refusal by a unique index or a CHECK (not a foreign key).
pub fn is_conflict(e: &DbErr) -> bool {
    constraint_of(e).is_some_and(|c| c.kind != ConstraintKind::ForeignKey)
}

/// `message` (409) when a unique index or CHECK refused `e`; otherwise `e` classified as usual (a
/// foreign key stays a bad reference, anything else stays internal).
pub fn refused(e: DbErr, message: String) -> Error {
    if is_conflict(&e) {
        Error::Refused(message)
    } else {
        Error::from(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constraint_is_named_for_people_on_both_databases() {
        let c = |kind, name: &str| Constraint {
            kind,
            name: name.to_owned(),
        };
        use ConstraintKind::*;
        // PostgreSQL names the constraint; SQLite names the columns (or the CHECK's expression).
        for (kind, name, says) in [
            (Unique, "projects_slug_key", "slug"),
            (Unique, "projects.slug", "slug"),
            (
                Unique,
                "uq_pairings_one_approved_per_student",
                "approved pairing",
            ),
            (
                Unique,
                "pairings.cycle_id, pairings.student_id",
                "approved pairing",
            ),
            (
                Unique,
                "uq_pairings_one_live_per_project",
                "pairing for this project",
            ),
            (
                Unique,
                "pairings.cycle_id, pairings.student_id, pairings.project_id",
                "pairing for this project",
            ),
            (Check, "project_seats_check", "capacity"),
            (Check, "approved >= 0 AND approved <= capacity", "capacity"),
            (ForeignKey, "", "does not exist"),
        ] {
            let m = c(kind, name).message();
            assert!(m.contains(says), "{name}: {m}");
        }
    }

    #[test]
    fn other_failures_are_not_constraints() {
        assert_eq!(constraint_of(&DbErr::Custom("boom".into())), None);
        assert!(matches!(
            Error::from(DbErr::RecordNotFound("x".into())),
            Error::Other(_)
        ));
    }
}
