//! `csp year-end`: the year-end report on a plan year (`csp::ops::year_end`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::SensitiveArgs;
use crate::cli::output::say_left_out;
use crate::cli::{AsOfArgs, Exit, PlanArgs, emit, load_for_reading};
use csp::dates::FinancialYear;
use csp::ops::year_end::{self, YearEndRequest};
use csp::render::year_end::{html, markdown};

#[derive(Args, Debug)]
pub(crate) struct YearEndArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The financial year to report on, e.g. 2023/24 [default: the plan's [plan] year]. A year
    /// that has ended is read from git as the plan stood at its end: the tag year-2023-24, else
    /// the last commit before 1 April
    #[arg(long, value_name = "YEAR", value_parser = parse_year)]
    pub year: Option<FinancialYear>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// md: Markdown to keep in the repository or paste into a paper; html: one page that prints on A4
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the report to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Md,
    Html,
}

/// A financial year as `--year` takes it, with the fix when it is not one.
pub(crate) fn parse_year(text: &str) -> Result<FinancialYear, String> {
    FinancialYear::parse(text).map_err(|error| match error.help {
        Some(help) => format!("{}\n  help: {help}", error.message),
        None => error.message,
    })
}

pub(crate) fn run(args: &YearEndArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let request = YearEndRequest {
        year: args.year,
        as_of,
        disclosure: args.sensitive.disclosure(),
    };
    let outcome = year_end::year_end(&loaded, &request)?;
    say_left_out(outcome.left_out)?;
    let text = match args.format {
        Format::Md => markdown(&outcome.report),
        Format::Html => html(&outcome.report),
    };
    emit(args.output.as_deref(), &text)?;
    Ok(Exit::Ok)
}
