//! `csp`: a Community Safety Partnership's action plan, kept as TOML files in
//! git. Data flows one way: `load` → `validate` → `query` → `view` →
//! `render`; `edit::Session` writes changes back, checked and atomic,
//! without losing what people wrote. The rules every command shares live
//! once: `schedule` (overdue, upcoming, stale), `performance` (a
//! measure's RAG, direction and missing figures), `calendar` (next and last
//! meeting), `dates` (due forms, financial years), `disclosure` (what may
//! leave the repository). Spreadsheets come in through `sheet` (one
//! reader), as returned forms (`apply`) or a whole tracker (`import`), both
//! written through the edit session; a return form's layout, which
//! `render::xlsx` writes and `apply` reads back, is `form_contract`'s alone.
//! The library neither parses arguments nor prints: the binary
//! (`src/main.rs`, `src/cli/`) maps each command's arguments to a request
//! for its operation in `ops`, and prints the outcome.
//!
//! This library is `csp`'s own, public for its binary, benches and fuzz
//! targets only: its API is unstable, with no semantic-versioning promise,
//! and may change in any release. Modules nothing outside uses (`apply`,
//! `form_contract`, `schema`, `git`) are private.
//!
//! The modules are layers, each using only those below it, from the
//! bottom up; within a module's directory, too, no two files use each
//! other. `tests/integration/layers.rs` fails on any circle of imports.
//!
//! 1. `error`, `diagnostic`, `dates`, `suggest`, `fingerprint`, `portable`
//!    (the name rule), `encoding` (UTF-16 as Windows writes it), `plural`,
//!    `git`, `field` (an action's fields) and
//!    `form_contract` (a return form's layout): the ground, which knows no
//!    plan.
//! 2. `model`: the typed plan, with the `Marking` value type and every
//!    `impl Plan` (an action's marking, which action an id names).
//! 3. `calendar`, then `schedule`, then `window`: the date rules ("next
//!    meeting", "overdue", "stale", "due before when?"); `performance`:
//!    the measure rules (year to date, RAG, direction, missing figures);
//!    `sheet`: the one spreadsheet reader.
//! 4. `load`, then `validate`, `schema` and `query`.
//! 5. `changes`: the plan between two points of its history.
//! 6. `disclosure`: what may go out, applied to a selection or to changes.
//! 7. `view`, then `render`; `edit`, the write path, beside them (`render`
//!    draws its diffs).
//! 8. `apply` and `import`: spreadsheets back in, through `edit`.
//! 9. `ops`: one operation per command, from a resolved request to a typed
//!    outcome; the binary maps arguments to requests and prints outcomes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod apply;
pub mod calendar;
pub mod changes;
pub mod dates;
pub mod diagnostic;
pub mod disclosure;
pub mod edit;
pub mod encoding;
pub mod error;
pub mod field;
pub mod fingerprint;
mod form_contract;
mod git;
pub mod import;
pub mod load;
pub mod model;
pub mod ops;
pub mod performance;
pub mod plural;
pub mod portable;
pub mod query;
pub mod render;
pub mod schedule;
mod schema;
pub mod sheet;
pub mod suggest;
pub mod validate;
pub mod view;
pub mod window;
