//! `cargo bench -p backend --bench full_run`: every one of 10,000 students ranked against 5,000
//! projects (profile, rank, explain the top 10), single-threaded. Prints wall time, per-student
//! time and the process's peak resident memory (VmHWM).

use std::time::Instant;

use backend::engine::scoring::{Interests, MatchIndex};

mod common;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let (n_students, n_projects) = (10_000, 5_000);
    let scale = common::load(n_projects, n_students);
    let started = Instant::now();
    let index = MatchIndex::build(&scale.taxonomy, scale.projects);
    let built = started.elapsed();
    let run = Instant::now();
    let mut checksum = 0.0_f64;
    for (i, (text, areas, skills, background)) in scale.students.iter().enumerate() {
        let profile = index.profile(
            &scale.taxonomy,
            Interests {
                text,
                areas,
                skills,
                background: Some(*background),
            },
        );
        for r in index.rank(&profile, 10) {
            if let Some(s) = index.explain(&scale.taxonomy, &profile, r.project_id) {
                checksum += f64::from(s.total);
            }
        }
        if (i + 1) % 2_500 == 0 {
            eprintln!("  {} / {n_students} students", i + 1);
        }
    }
    let elapsed = run.elapsed();
    println!("full run: {n_students} students x {n_projects} projects");
    println!("  index build: {:.2} s", built.as_secs_f64());
    println!(
        "  ranking:     {:.2} s total, {:.3} ms per student (profile + rank + explain top 10)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n_students as f64
    );
    match peak_memory_mb() {
        Some(mb) => println!("  peak memory: {mb:.0} MB (VmHWM)"),
        None => println!("  peak memory: unavailable (no /proc/self/status)"),
    }
    println!("  checksum:    {checksum:.1}");
}
