//! One module per subcommand: its arguments (clap derive) and its `run`,
//! which wires load → validate → query → render and writes the result.
//! Output goes through `anstream`, which drops colour where it does not belong.

pub mod validate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

use crate::dates;
use crate::load::{self, Loaded};

/// How a command ended, as the process exit code scripts and CI rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// All fine.
    Ok = 0,
    /// The plan has errors (or warnings with `--deny-warnings`), or the
    /// command's check failed (`overdue --exit-code`, `fmt --check`).
    Failed = 1,
    /// Usage error, no plan found, or an I/O failure.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Where the plan is: `--plan DIR`, else `$CSP_PLAN`, else found upwards.
#[derive(Args, Clone, Debug, Default)]
pub struct PlanArgs {
    /// The plan directory (holding csp.toml) [default: found from the current directory upwards]
    #[arg(long, value_name = "DIR", env = "CSP_PLAN", global = true)]
    pub plan: Option<PathBuf>,
}

impl PlanArgs {
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        load::find_root(self.plan.as_deref(), &cwd)
    }

    pub fn load(&self) -> anyhow::Result<Loaded> {
        load::load(&self.root()?)
    }
}

/// The day that "today" means for a command.
#[derive(Args, Clone, Debug, Default)]
pub struct AsOfArgs {
    /// Treat this day as today, e.g. the day of the board meeting [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
}

impl AsOfArgs {
    pub fn day(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(today)
    }
}

/// Today, in local time: deadlines are days where the officers are.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A clap value parser for `YYYY-MM-DD` with the same messages as plan files.
pub fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    dates::parse_date(text).map_err(|error| error.to_string())
}

/// The plan root as shown in messages: `plan`, or `.`.
pub fn show_root(root: &Path) -> String {
    root.display().to_string()
}
