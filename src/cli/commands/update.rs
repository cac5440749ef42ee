//! `csp update`: add a dated progress note to an action.

use chrono::NaiveDate;
use clap::Args;

use crate::cli::output::{begin_session, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_date_arg};
use csp::bail_usage;
use csp::dates::uk_date;

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// The note, e.g. "Draft shared with the Delivery Group"
    pub text: String,
    /// The day of the note [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub fn run(args: &UpdateArgs) -> anyhow::Result<Exit> {
    if args.text.trim().is_empty() {
        bail_usage!("the note is empty"; help = "write what happened, e.g. csp update ID \"Draft shared with the Delivery Group\"");
    }
    let on = args.on.unwrap_or_else(|| args.as_of.day());
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let mut edit = session.open(&args.id)?;
    edit.document.append_update(on, args.text.trim())?;
    let id = edit.action.id.clone();
    let (outcome, after) = session.review_action(edit, args.as_of.day())?;
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
