//! `csp done`: record that an action was done. A one-off action becomes
//! done; a recurring one stays open and its `due` moves to the next
//! occurrence after the day it was done (docs/editing.md).

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::bail_usage;
use csp::calendar::DaySpec;
use csp::dates::uk_date;
use csp::schedule::next_due;

#[derive(Args, Debug)]
pub(crate) struct DoneArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// The day it was done [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    /// Also record a progress note, dated the same day
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &DoneArgs) -> anyhow::Result<Exit> {
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let on = resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of);
    let mut edit = session.open(&args.id)?;
    let action = &edit.action;
    let id = action.id.clone();
    if let Some(error) = csp::edit::done::refusal(action) {
        return Err(error.into());
    }
    if let Some(note) = &args.note
        && note.trim().is_empty()
    {
        bail_usage!("the note is empty"; help = "write what was done, e.g. --note \"Report agreed by the Board\"");
    }

    let document = &mut edit.document;
    let skipped = csp::edit::done::record(action, document, on)?.skipped;
    if let Some(note) = &args.note {
        document.append_update(on, note)?;
    }
    let noted = args.note.is_some();
    let (outcome, after) = session.review_action(edit, as_of)?;
    let mut summary = format!("{id}: done on {}", uk_date(on));
    if after.every.is_some() {
        let next = match after.due {
            Some(due) => Some(due.uk()),
            None => next_due(&after).map(uk_date),
        };
        if let Some(next) = next {
            summary.push_str(&format!("; next due {next}"));
        }
        match skipped {
            0 => {}
            1 => summary.push_str(" (1 missed occurrence skipped)"),
            n => summary.push_str(&format!(" ({n} missed occurrences skipped)")),
        }
    }
    if noted {
        summary.push_str("; note added");
    }
    settle(
        &session,
        outcome,
        &args.write,
        &summary,
        &format!("{id}: nothing to change"),
    )
}
