//! Reusable pieces of the pages, named for the domain.

pub mod access;
pub mod area_chips;
pub mod directory;
pub mod form;
pub mod match_results;
pub mod pager;
pub mod project_card;
pub mod score;
pub mod search_form;
pub mod status;
pub mod tabs;
