//! One module per subcommand: its arguments (clap derive) and its `run`,
//! which converts them to library types, calls the library and prints.

pub mod changes;
pub mod completions;
pub mod done;
pub mod fmt;
pub mod ics;
pub mod init;
pub mod leads;
pub mod list;
pub mod man;
pub mod new;
pub mod overdue;
pub mod report;
pub mod schema;
pub mod set;
pub mod show;
pub mod summary;
pub mod upcoming;
pub mod update;
pub mod validate;
