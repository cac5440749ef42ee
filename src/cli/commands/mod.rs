//! One module per subcommand: its arguments (clap derive) and its `run`,
//! which converts them to library types, calls the library and prints.

pub(crate) mod apply;
pub(crate) mod changes;
pub(crate) mod chase;
pub(crate) mod completions;
pub(crate) mod done;
pub(crate) mod export;
pub(crate) mod fmt;
pub(crate) mod ics;
pub(crate) mod import;
pub(crate) mod import_measures;
pub(crate) mod init;
pub(crate) mod leads;
pub(crate) mod list;
pub(crate) mod man;
pub(crate) mod measures;
pub(crate) mod new;
pub(crate) mod overdue;
pub(crate) mod record;
pub(crate) mod report;
pub(crate) mod rollover;
pub(crate) mod schema;
pub(crate) mod set;
pub(crate) mod show;
pub(crate) mod summary;
pub(crate) mod upcoming;
pub(crate) mod update;
pub(crate) mod validate;
pub(crate) mod year_end;
