//! `csp rollover`: close the plan year and start the next, as one checked
//! change (`csp::ops::rollover`). It prints the git commands to tag the
//! old year and commit, and runs none of them.

use std::io::Write;

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::commands::year_end::parse_year;
use crate::cli::output::{begin_session, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::calendar::DaySpec;
use csp::dates::FinancialYear;
use csp::ops::rollover::{self, RolloverRequest};

#[derive(Args, Debug)]
pub(crate) struct RolloverArgs {
    /// The year to roll into: the one after the plan's [plan] year, e.g. 2024/25
    #[arg(long, value_name = "YEAR", value_parser = parse_year)]
    pub to: FinancialYear,
    /// The rollover day: the date of each carried action's note "Carried over from …" [default:
    /// the as-of day]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &RolloverArgs) -> anyhow::Result<Exit> {
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let request = RolloverRequest {
        to: args.to,
        on: resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of),
        as_of,
        dry_run: args.write.dry_run,
    };
    let rolled = rollover::rollover(&session, &request)?;
    let exit = settle_reviewed(&session, rolled.reviewed, &args.write)?;
    if exit != Exit::Ok {
        return Ok(exit);
    }
    let mut out = anstream::stdout().lock();
    if !rolled.retired.is_empty() {
        writeln!(out, "retired (listed in {}):", rolled.report_file.display())?;
        for id in &rolled.retired {
            writeln!(out, "  {id}")?;
        }
    }
    if !rolled.untargeted.is_empty() {
        writeln!(
            out,
            "measures with no target for {} yet (set one under [target] in each file):",
            args.to
        )?;
        for (id, title) in &rolled.untargeted {
            writeln!(out, "  {id}: {title}")?;
        }
    }
    let when = if args.write.dry_run {
        "after the rollover"
    } else {
        "next"
    };
    writeln!(
        out,
        "{when}, tag the old year (before committing: the tag names the plan the report was read from) and commit:"
    )?;
    for command in &rolled.commands {
        writeln!(out, "  {command}")?;
    }
    Ok(Exit::Ok)
}
