//! One module per route.

pub mod faculty;
pub mod faculty_list;
pub mod home;
pub mod lab;
pub mod labs;
pub mod match_page;
pub mod my_matches;
pub mod not_found;
pub mod project;
