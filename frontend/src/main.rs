//! ThesisMatch single-page app: explore thesis projects, labs and faculty, and find explained
//! matches for a student's interests.

mod api;
mod app;
mod components;
mod context;
mod hooks;
mod pages;
mod route;
mod util;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
