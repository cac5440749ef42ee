//! `csp import`: a partnership's existing tracker (a spreadsheet with one
//! row per action) into a plan. A map (`map.rs`) says which column holds
//! which field and what the sheet's words mean; `guess.rs` drafts one from
//! the header row. `rows.rs` reads the rows into actions, with every value
//! it could not read named by sheet and cell; `plan.rs` builds the files,
//! in `csp fmt` layout, for a new plan or one already there. An indicator
//! table (`--measures`) is read by `measures.rs`, with its own map
//! (`measure_map.rs`), into one measure file per row.

pub mod bodies;
pub mod differ;
pub mod guess;
pub mod map;
pub mod measure_map;
pub mod measures;
pub mod plan;
pub mod rows;

pub use guess::guess;
pub use map::Map;
pub use plan::{Built, build};
pub use rows::{Caveat, Imported, Read, Unused, read, sheet_named};

/// Header text as compared: lowercase, words separated by one space.
pub fn normalise(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
