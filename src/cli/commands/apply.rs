//! `csp apply`: returned forms (`.xlsx`, `.ods`, `.csv`) into the plan,
//! every row checked and all of it written as one change, or none of it
//! (docs/spreadsheets.md).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, plural, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::apply::{self, Options, form};
use csp::calendar::DaySpec;

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
    let day = resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of);
    let forms: Vec<form::Form> = args.files.iter().map(|file| form::read(file)).collect();
    let options = Options {
        day,
        force: args.force,
    };
    let applied = apply::apply(&session, &forms, options)?;
    if !applied.problems.is_empty() {
        let mut err = anstream::stderr().lock();
        for problem in &applied.problems {
            writeln!(err, "{}: {problem}", crate::cli::output::error_label())?;
        }
        writeln!(
            err,
            "{}: nothing was written: {} in {}",
            crate::cli::output::error_label(),
            plural(applied.problems.len(), "problem"),
            if forms.len() == 1 {
                "the form".to_string()
            } else {
                "the forms".to_string()
            }
        )?;
        return Ok(Exit::Failed);
    }
    let lines: Vec<String> = applied
        .tallies
        .iter()
        .map(|(file, tally)| format!("{file}: {tally}"))
        .collect();
    let (outcome, _) = session.review_actions(applied.edits, as_of)?;
    let summary = lines.join("\n");
    let unchanged = format!(
        "{summary}\nnothing to change: the plan already has everything in {}",
        if forms.len() == 1 {
            "this form"
        } else {
            "these forms"
        }
    );
    settle(&session, outcome, &args.write, &summary, &unchanged)
}
