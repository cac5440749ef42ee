//! Every integration test of `csp`, in one test binary. Each file under
//! `tests/` used to be a binary of its own, linked against the library and
//! its dependencies separately: ten link steps where one will do (the layout
//! casey/just uses). Each former file is a module here, named as before, so
//! `cargo test --test integration edit::` runs what `--test edit` did.
//!
//! Every test starts `csp` through [`support::csp`], which clears the
//! environment variables that change what it does.

#![allow(clippy::unwrap_used)] // a test may panic on a broken fixture

mod support;

mod apply;
mod bundled_plan;
mod changes;
mod chase;
mod cli;
mod completions;
mod concurrency;
mod edit;
mod export;
mod external;
mod figures;
mod hostile_names;
mod import;
mod import_measures;
mod layers;
mod marking;
mod measure_outputs;
mod pipes;
mod query;
mod report;
mod robust;
mod schema;
mod validate;
mod windows;
mod years;
