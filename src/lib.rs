//! `csp`: a Community Safety Partnership's action plan, kept as TOML files in
//! git. Data flows one way: `load` → `validate` → `query` → `view` →
//! `render`; `edit::Session` writes changes back, checked and atomic,
//! without losing what people wrote. The rules every command shares live
//! once: `schedule` (overdue, upcoming, stale), `calendar` (next and last
//! meeting), `dates` (due forms, financial years), `marking` (what may leave
//! the repository). Spreadsheets come in through `sheet` (one reader), as
//! returned forms (`apply`) or a whole tracker (`import`), both written
//! through the edit session. The library neither parses arguments nor
//! prints: the binary (`src/main.rs`, `src/cli/`) does.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod apply;
pub mod calendar;
pub mod changes;
pub mod dates;
pub mod diagnostic;
pub mod disclosure;
pub mod edit;
pub mod error;
pub mod fingerprint;
mod git;
pub mod import;
pub mod load;
pub mod model;
pub mod portable;
pub mod query;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod sheet;
pub mod suggest;
pub mod validate;
pub mod view;
