//! `csp update`: add a dated progress note to an action.

use chrono::NaiveDate;

use super::reviewed::Reviewed;
use crate::bail_usage;
use crate::dates::uk_date;
use crate::edit::Session;

/// A note, resolved.
#[derive(Clone, Debug)]
pub struct UpdateRequest {
    /// The action: its id, or a unique trailing part of it.
    pub id: String,
    pub text: String,
    /// The note's day.
    pub on: NaiveDate,
    pub as_of: NaiveDate,
}

/// Refuses an empty note, before anything else is read.
pub fn check_note(text: &str) -> anyhow::Result<()> {
    if text.trim().is_empty() {
        bail_usage!("the note is empty"; help = "write what happened, e.g. csp update ID \"Draft shared with the Delivery Group\"");
    }
    Ok(())
}

/// Reviews the note against the plan the session holds.
pub fn update(session: &Session, request: &UpdateRequest) -> anyhow::Result<Reviewed> {
    check_note(&request.text)?;
    let mut edit = session.open(&request.id)?;
    edit.document
        .append_update(request.on, request.text.trim())?;
    let id = edit.action.id.clone();
    let (outcome, after) = session.review_action(edit, request.as_of)?;
    let notes = match after.updates.len() {
        1 => "1 note".to_string(),
        n => format!("{n} notes"),
    };
    Ok(Reviewed {
        outcome,
        summary: format!(
            "{id}: note of {} added ({notes} in all)",
            uk_date(request.on)
        ),
        unchanged: format!("{id}: nothing to change"),
    })
}
