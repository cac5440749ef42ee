//! `csp apply`: returned forms (`.xlsx`, `.ods`, `.csv`) into the plan,
//! every row checked and all of it written as one change, or none of it
//! (docs/spreadsheets.md).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, error_label, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::calendar::DaySpec;
use csp::ops::apply::{self, Applied, ApplyRequest};
use csp::plural;

#[derive(Args, Debug)]
pub(crate) struct ApplyArgs {
    /// The returned forms: .xlsx, .ods or .csv files with the form's columns
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The day of a note with no Note date [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    /// Apply rows whose action changed since the form was made
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &ApplyArgs) -> anyhow::Result<Exit> {
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let request = ApplyRequest {
        files: &args.files,
        day: resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of),
        force: args.force,
        as_of,
    };
    let one = args.files.len() == 1;
    let (outcome, tallies) = match apply::apply(&session, &request)? {
        Applied::Refused { problems, notes } => {
            let mut err = anstream::stderr().lock();
            for note in &notes {
                writeln!(err, "note: {note}")?;
            }
            for problem in &problems {
                writeln!(err, "{}: {problem}", error_label())?;
            }
            writeln!(
                err,
                "{}: nothing was written: {} in {}",
                error_label(),
                plural::count(problems.len(), "problem"),
                if one { "the form" } else { "the forms" }
            )?;
            return Ok(Exit::Failed);
        }
        Applied::Reviewed {
            outcome,
            tallies,
            notes,
        } => {
            let mut err = anstream::stderr().lock();
            for note in &notes {
                writeln!(err, "note: {note}")?;
            }
            (outcome, tallies)
        }
    };
    let lines: Vec<String> = tallies
        .iter()
        .map(|(file, tally)| format!("{file}: {tally}"))
        .collect();
    let summary = lines.join("\n");
    let unchanged = format!(
        "{summary}\nnothing to change: the plan already has everything in {}",
        if one { "this form" } else { "these forms" }
    );
    settle(&session, outcome, &args.write, &summary, &unchanged)
}
