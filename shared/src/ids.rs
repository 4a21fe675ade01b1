//! Typed identities: one newtype per kind of record, so the compiler refuses a project id where a
//! student id is meant. On the wire each is a plain integer (`/api/projects/42`, `"project_id": 42`);
//! with the `sea-orm` feature (the server's) each is also a database value, so entities, filters and
//! API bodies use the same type.
//!
//! ```compile_fail,E0308
//! // A project id is not a student id: "expected `StudentId`, found `ProjectId`".
//! fn rank(_student: shared::StudentId) {}
//! rank(shared::ProjectId(7));
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::DeriveValueType))]
        pub struct $name(pub i32);

        impl $name {
            /// The database integer, for places that speak plain numbers (CSV, logs, JSON keys).
            pub const fn get(self) -> i32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i32 {
            fn from(id: $name) -> i32 {
                id.0
            }
        }

        /// Parses the decimal form used in URLs (the SPA's routes).
        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )+};
}

id_type! {
    /// A research area (`imaging`, `signals`, `llms`).
    AreaId;
    /// A lab.
    LabId;
    /// A faculty member's record (not their account: see [`UserId`]).
    FacultyId;
    /// A thesis project.
    ProjectId;
    /// A student's record (not their account: see [`UserId`]).
    StudentId;
    /// A sign-in account of any role.
    UserId;
    /// A thesis cycle.
    CycleId;
    /// A student ↔ project pairing.
    PairingId;
    /// A director's allocation run.
    RunId;
    /// A message in someone's inbox.
    NoticeId;
}
