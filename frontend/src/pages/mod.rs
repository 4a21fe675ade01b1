//! One module per route.

pub mod account;
pub mod api_docs;
pub mod audit;
pub mod faculty;
pub mod faculty_list;
pub mod home;
pub mod import;
pub mod lab;
pub mod labs;
pub mod login;
pub mod match_page;
pub mod my_matches;
pub mod my_projects;
pub mod my_record;
pub mod not_found;
pub mod people;
pub mod profile;
pub mod project;
pub mod project_editor;
pub mod reset;
pub mod taxonomy;
