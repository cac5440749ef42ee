//! A library operation per command, as cargo keeps `ops` behind thin
//! `commands`. Each takes the plan and a fully resolved request (days
//! resolved, the window decided by [`crate::window`], filters built,
//! disclosure chosen) and returns a typed outcome: actions chosen for a
//! view to render, a view itself, or an edit [`crate::edit::Outcome`] to
//! settle. `src/cli/commands/<command>.rs` maps arguments to the request,
//! calls the operation here and prints what it returns; every rule a
//! command applies lives here or below, never in the binary.

pub mod apply;
pub mod changes;
pub mod chase;
pub mod done;
pub mod export;
pub mod fmt;
pub mod ics;
pub mod import;
pub mod init;
pub mod leads;
pub mod listing;
pub mod measures;
pub mod new;
pub mod record;
pub mod report;
pub mod reviewed;
pub mod rollover;
pub mod schema;
pub mod set;
pub mod show;
pub mod summary;
pub mod update;
pub mod validate;
pub mod year_end;
