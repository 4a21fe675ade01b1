//! Synthetic program at scale, derived deterministically from the demo program: project `i` is demo
//! project `i mod n` with its keywords mixed with those of two others and a cohort suffix, so the
//! vocabulary and postings grow like a real catalogue rather than repeating 75 identical documents.

use std::path::Path;

use backend::db::seed::{DemoProgram, read_taxonomy};
use backend::engine::taxonomy::Taxonomy;
use shared::{Background, Project};

pub struct Scale {
    pub taxonomy: Taxonomy,
    pub projects: Vec<Project>,
    pub students: Vec<(String, Vec<String>, Vec<String>, Background)>,
}

/// A tiny deterministic generator (no `rand` dependency needed for this).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

pub fn load(projects: usize, students: usize) -> Scale {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let taxonomy = read_taxonomy(&data)
        .and_then(|f| Ok(Taxonomy::from_file(&f)?))
        .unwrap_or_else(|e| panic!("taxonomy: {e:#}"));
    let demo = DemoProgram::read(&data.join("demo")).unwrap_or_else(|e| panic!("demo: {e:#}"));
    let base = demo.to_projects();
    let mut rng = Lcg(42);
    let mut out = Vec::with_capacity(projects);
    for i in 0..projects {
        let mut p = base[i % base.len()].clone();
        let a = &base[rng.next() % base.len()];
        let b = &base[rng.next() % base.len()];
        p.id = shared::ProjectId(i as i32 + 1);
        p.slug = format!("{}-{i}", p.slug);
        p.title = format!("{} (cohort {})", p.title, i / base.len());
        p.keywords
            .push(a.keywords[rng.next() % a.keywords.len()].clone());
        p.keywords
            .push(b.keywords[rng.next() % b.keywords.len()].clone());
        p.description = format!("{} {}", p.description, a.summary);
        p.status = shared::ProjectStatus::Open;
        out.push(p);
    }
    let mut studs = Vec::with_capacity(students);
    for i in 0..students {
        let s = &demo.students[i % demo.students.len()];
        let other = &demo.students[rng.next() % demo.students.len()];
        let extra = other
            .interests
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        studs.push((
            format!("{} {extra}", s.interests),
            s.areas.clone(),
            s.skills.clone(),
            s.background,
        ));
    }
    Scale {
        taxonomy,
        projects: out,
        students: studs,
    }
}
