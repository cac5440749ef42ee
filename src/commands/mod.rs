//! One module per subcommand: its arguments (clap derive) and its `run`,
//! which wires load → validate → query → render and writes the result.
//! Output goes through `anstream`, which drops colour where it does not belong.

pub mod leads;
pub mod list;
pub mod overdue;
pub mod show;
pub mod summary;
pub mod upcoming;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

use crate::dates;
use crate::load::{self, Loaded};
use crate::render::{self, Format};
use crate::view::{Listing, SortBy};

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

/// How a reading command prints its answer.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Output")]
pub struct FormatArgs {
    /// How to print the answer; table also when piped (scripts should ask for json or csv)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table)]
    pub format: Format,
}

/// How a listing orders and groups its actions. Each command sets the
/// default order in its `#[command(mut_arg("sort", ...))]`.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Output")]
pub struct OrderArgs {
    /// How to order the actions
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = SortBy::Plan)]
    pub sort: SortBy,
    /// Group the actions under each lead, to chase them one by one (an action with two leads
    /// is under both; with --lead, only under the leads named)
    #[arg(long)]
    pub by_lead: bool,
}

/// Loads the plan for a reading command. An invalid plan still answers from
/// what loaded, after a one-line warning on stderr that counts its errors
/// as `csp validate` would (files that failed to load are left out of the
/// answer; problems between files, such as an unknown lead, are not).
pub fn load_for_reading(plan: &PlanArgs, as_of: NaiveDate) -> anyhow::Result<Loaded> {
    let loaded = plan.load()?;
    let errors = crate::validate::validate(&loaded, as_of)
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .count();
    if errors > 0 {
        let command = validate_command(plan, &loaded);
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "{style}warning{style:#}: the plan has {errors} error{}, so this answer may be incomplete; `{command}` shows them",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(loaded)
}

/// The `csp validate` command line for the same plan, to quote in advice.
pub fn validate_command(plan: &PlanArgs, loaded: &Loaded) -> String {
    match &plan.plan {
        Some(_) => format!("csp validate --plan {}", show_root(&loaded.plan.root)),
        None => "csp validate".into(),
    }
}

/// Prints a listing in the chosen form.
pub fn print_listing(listing: &Listing, format: Format) -> anyhow::Result<()> {
    let text = match format {
        Format::Table => render::table::listing(listing, render::table::width()),
        Format::Json => render::json::listing(listing)?,
        Format::Csv => render::csv::listing(listing)?,
        Format::Md => render::markdown::listing(listing),
    };
    print(&text)
}

/// Writes to stdout through anstream, which keeps colour only where it belongs.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
