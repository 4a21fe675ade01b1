//! Reusable pieces of the pages, named for the domain.

pub mod accepting_badge;
pub mod access;
pub mod add_to_ranking;
pub mod applicants;
pub mod area_chips;
pub mod capacity_editor;
pub mod charts;
pub mod data_table;
pub mod detail;
pub mod directory;
pub mod form;
pub mod match_results;
pub mod pager;
pub mod pairing;
pub mod project_card;
pub mod reorder;
pub mod score;
pub mod search_form;
pub mod status;
pub mod tabs;
