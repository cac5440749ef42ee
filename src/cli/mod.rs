//! The command line, in the binary only: clap definitions, the conversion
//! of arguments into the library's plain types, printing, and exit codes.

pub(crate) mod allocator;
pub(crate) mod args;
pub(crate) mod commands;
pub(crate) mod editor;
pub(crate) mod exit;
pub(crate) mod output;

pub(crate) use args::{
    AsOfArgs, FilterArgs, FormatArgs, OrderArgs, PlanArgs, WriteArgs, parse_day_arg,
};
pub(crate) use exit::Exit;
pub(crate) use output::{emit, emit_with, load_for_reading, print_listing, print_view};
