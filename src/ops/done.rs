//! `csp done`: record that an action was done, with a progress note if
//! given. The rule itself (a one-off becomes done, a recurring one moves
//! to its next occurrence) is `edit::done`'s, shared with `csp apply`.

use chrono::NaiveDate;

use super::reviewed::Reviewed;
use crate::bail_usage;
use crate::dates::uk_date;
use crate::edit::{Session, done};
use crate::schedule::next_due;

/// A completion, resolved.
#[derive(Clone, Debug)]
pub struct DoneRequest {
    /// The action: its id, or a unique trailing part of it.
    pub id: String,
    /// The day it was done.
    pub on: NaiveDate,
    /// A progress note to record too, dated `on`.
    pub note: Option<String>,
    pub as_of: NaiveDate,
}

/// Reviews the completion against the plan the session holds.
pub fn done(session: &Session, request: &DoneRequest) -> anyhow::Result<Reviewed> {
    let mut edit = session.open(&request.id)?;
    let action = &edit.action;
    let id = action.id.clone();
    if let Some(error) = done::refusal(action) {
        return Err(error.into());
    }
    if let Some(note) = &request.note
        && note.trim().is_empty()
    {
        bail_usage!("the note is empty"; help = "write what was done, e.g. --note \"Report agreed by the Board\"");
    }
    let on = request.on;
    let document = &mut edit.document;
    let skipped = done::record(action, document, on)?.skipped;
    if let Some(note) = &request.note {
        document.append_update(on, note)?;
    }
    let (outcome, after) = session.review_action(edit, request.as_of)?;
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
    if request.note.is_some() {
        summary.push_str("; note added");
    }
    Ok(Reviewed {
        outcome,
        summary,
        unchanged: format!("{id}: nothing to change"),
    })
}
