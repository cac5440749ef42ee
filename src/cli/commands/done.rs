//! `csp done`: record that an action was done. A one-off action becomes
//! done; a recurring one stays open and its `due` moves to the next
//! occurrence after the day it was done (docs/editing.md).

use anyhow::Context;
use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::bail_usage;
use csp::calendar::DaySpec;
use csp::dates::uk_date;
use csp::edit::document::{date_value, due_value, string_value};
use csp::model::Status;
use csp::schedule::{advance_due, next_due};

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
    match action.status {
        Status::Done => bail_usage!("`{id}` is already done{}", action
                .completed
                .map(|day| format!(" (on {})", uk_date(day)))
                .unwrap_or_default(); help = "to record another completion, reopen it first: csp set {id} status=open"),
        Status::Dropped => {
            bail_usage!("`{id}` was dropped"; help = "reopen it first if it is back in the plan: csp set {id} status=open")
        }
        _ => {}
    }
    if let Some(note) = &args.note
        && note.trim().is_empty()
    {
        bail_usage!("the note is empty"; help = "write what was done, e.g. --note \"Report agreed by the Board\"");
    }

    let document = &mut edit.document;
    // A file that wrote a date in quotes keeps it in quotes: only the
    // value's line should differ.
    let quoted = |field: &str| document.value(field).is_some_and(toml_edit::Value::is_str);
    let quoted_due = quoted("due");
    let completed = if quoted("completed") {
        string_value(&on.format("%Y-%m-%d").to_string())?
    } else {
        date_value(on)?
    };
    let mut skipped = 0;
    match (action.every, action.due) {
        (None, _) => {
            document.set("status", string_value(Status::Done.name())?);
            document.set("completed", completed);
        }
        (Some(every), Some(due)) => {
            let advance = advance_due(due, every, on)
                .with_context(|| format!("`{id}` would next be due after the year 9999"))?;
            skipped = advance.skipped;
            document.set("due", due_value(advance.due, quoted_due)?);
            document.set("completed", completed);
        }
        // Undated and recurring: the next due date follows from `completed`.
        (Some(_), None) => document.set("completed", completed),
    }
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
