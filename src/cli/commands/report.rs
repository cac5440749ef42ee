//! `csp report`: the board's meeting pack, as Markdown or one HTML file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::{SensitiveArgs, look_ahead, since};
use crate::cli::output::say_left_out;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, PlanArgs, emit_with, load_for_reading, parse_day_arg,
};
use csp::calendar::DaySpec;
use csp::ops::{self, report::ReportRequest};
use csp::render::pack::{html, markdown};

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// The last day that counts as "due before the next meeting": a date or a meeting such as
    /// next:board [default: the next meeting of any body, else --as-of plus the
    /// plan's `upcoming`, else 30 days]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub until: Option<DaySpec>,
    /// md: Markdown to paste into an agenda; html: one self-contained page that prints on A4, with charts
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the pack to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Add "Changed since the last meeting": the plan's changes since this git revision, the last
    /// commit before this day (YYYY-MM-DD), or this meeting (last:board: the tag board-YYYY-MM-DD,
    /// else the plan at the end of that day)
    #[arg(long, value_name = "REV|DAY")]
    pub since: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Md,
    Html,
}

pub(crate) fn run(args: &ReportArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let manifest = &loaded.plan.manifest;
    let request = ReportRequest {
        window: look_ahead(manifest, as_of, args.until.as_ref(), None)?,
        since: args
            .since
            .as_deref()
            .map(|text| since(text, as_of, manifest))
            .transpose()?,
        filter: args.filter.filter(manifest, as_of)?,
        disclosure: args.sensitive.disclosure(),
    };
    let report = ops::report::pack(&loaded, &request)?;
    say_left_out(report.left_out)?;
    let pack = &report.pack;
    match args.format {
        // Both are written as they are drawn.
        Format::Md => emit_with(args.output.as_deref(), |out| {
            Ok(markdown::write_to(pack, out)?)
        })?,
        Format::Html => emit_with(args.output.as_deref(), |out| html::write_to(pack, out))?,
    }
    Ok(Exit::Ok)
}
