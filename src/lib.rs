//! `csp`: a Community Safety Partnership's action plan, kept as TOML files in
//! git. Data flows one way: `load` → `validate` → `query` → `view` → `render`;
//! `edit` writes changes back without losing what people wrote.

pub mod calendar;
pub mod changes;
pub mod dates;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod git;
pub mod load;
pub mod model;
pub mod query;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod suggest;
pub mod validate;
pub mod view;
