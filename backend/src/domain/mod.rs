//! The program's rules, each written once, between the HTTP layer and the database: routes call
//! these, these call `db` (storage) and `engine` (pure computation). Nothing here knows HTTP.
//!
//! - [`advisor_order`]: an advisor's order of applicants (the page and the allocation).
//! - [`allocation_input`]: the allocation engine's input built from the cycle, and its result for
//!   people.
//! - [`applicants`]: applicants of projects with scores and reasons, and an advisor's ranking.

pub mod advisor_order;
pub mod allocation_input;
pub mod applicants;
