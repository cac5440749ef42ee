//! The loader and validator in-process, on synthetic plans of 1,000 and
//! 10,000 actions (`examples/gen_plan)`: `cargo bench --bench loader`.
//! Whole-process timings at every size, beside the read-only floor and
//! Taskwarrior, are `benches/whole_process.sh`; figures in docs/performance.md.

#[allow(dead_code)]
#[path = "../examples/gen_plan/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn load_and_validate(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut group = c.benchmark_group("load_and_validate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for n in [1_000, 10_000] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("plan");
        synthetic::generate(n, &root, 7).expect("the synthetic plan is written");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &root, |b, root| {
            b.iter(|| {
                let loaded = csp::load::load(root).expect("the plan loads");
                let found = csp::validate::validate(&loaded, today);
                assert!(found.is_empty(), "the synthetic plan validates clean");
                black_box((loaded, found))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load_and_validate);
criterion_main!(benches);
