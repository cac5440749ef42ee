//! The command line, in the binary only: clap definitions, the conversion
//! of arguments into the library's plain types, printing, and exit codes.

pub mod args;
pub mod commands;
pub mod exit;
pub mod output;

pub use args::{AsOfArgs, FilterArgs, FormatArgs, OrderArgs, PlanArgs, WriteArgs, parse_date_arg};
pub use exit::Exit;
pub use output::{emit, load_for_reading, print_actions, print_view};
