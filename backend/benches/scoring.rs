//! `cargo bench -p backend --bench scoring`: ranking one student against 5,000 projects, after the
//! index is built (target: median ≤ 2 ms), plus the cost of building the index.

use std::hint::black_box;

use backend::engine::scoring::{Interests, MatchIndex};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn bench(c: &mut Criterion) {
    let scale = common::load(5_000, 40);
    let index = MatchIndex::build(&scale.taxonomy, scale.projects.clone());
    let tax = &scale.taxonomy;
    let (text, areas, skills, background) = &scale.students[0];
    let interests = Interests {
        text,
        areas,
        skills,
        background: Some(*background),
    };

    c.bench_function("profile + rank top 10 of 5,000 projects", |b| {
        b.iter(|| {
            let profile = index.profile(tax, black_box(interests));
            black_box(index.rank(&profile, 10))
        })
    });
    let profile = index.profile(tax, interests);
    c.bench_function("rank top 10 of 5,000 projects (profile reused)", |b| {
        b.iter(|| black_box(index.rank(black_box(&profile), 10)))
    });
    c.bench_function("profile + rank + explain top 10 of 5,000", |b| {
        b.iter(|| {
            let profile = index.profile(tax, black_box(interests));
            let ranked = index.rank(&profile, 10);
            for r in &ranked {
                black_box(index.explain(tax, &profile, r.project_id));
            }
        })
    });
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build index over 5,000 projects", |b| {
        b.iter(|| black_box(MatchIndex::build(tax, scale.projects.clone())))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
