//! `csp update`: add a dated progress note to an action.

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::bail_usage;
use csp::calendar::DaySpec;
use csp::dates::uk_date;

#[derive(Args, Debug)]
pub(crate) struct UpdateArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// The note, e.g. "Draft shared with the Delivery Group"
    pub text: String,
    /// The day of the note [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &UpdateArgs) -> anyhow::Result<Exit> {
    if args.text.trim().is_empty() {
        bail_usage!("the note is empty"; help = "write what happened, e.g. csp update ID \"Draft shared with the Delivery Group\"");
    }
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let on = resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of);
    let mut edit = session.open(&args.id)?;
    edit.document.append_update(on, args.text.trim())?;
    let id = edit.action.id.clone();
    let (outcome, after) = session.review_action(edit, as_of)?;
    let summary = format!(
        "{id}: note of {} added ({} in all)",
        uk_date(on),
        match after.updates.len() {
            1 => "1 note".to_string(),
            n => format!("{n} notes"),
        }
    );
    settle(
        &session,
        outcome,
        &args.write,
        &summary,
        &format!("{id}: nothing to change"),
    )
}
