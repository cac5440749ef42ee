//! `csp set`: change fields of an action, each value checked exactly as
//! `csp validate` checks it, before anything is written.

use chrono::NaiveDate;

use super::reviewed::Reviewed;
use crate::dates::{Due, Period};
use crate::edit::Session;
use crate::edit::document::typed_value;
use crate::field::Field;
use crate::model::Action;
use crate::render::printable;

/// One field's change.
#[derive(Clone, Debug)]
pub struct Change {
    /// A field `csp set` changes ([`Field::is_settable`]).
    pub field: Field,
    /// Its new value as written; `None` removes the field.
    pub value: Option<String>,
}

/// The changes to one action, resolved.
#[derive(Clone, Debug)]
pub struct SetRequest {
    /// The action: its id, or a unique trailing part of it.
    pub id: String,
    /// Each field once.
    pub changes: Vec<Change>,
    pub as_of: NaiveDate,
}

/// Reviews the changes against the plan the session holds.
pub fn set(session: &Session, request: &SetRequest) -> anyhow::Result<Reviewed> {
    let mut edit = session.open(&request.id)?;
    for &Change { field, ref value } in &request.changes {
        match value {
            Some(text) => edit.document.set(field, typed_value(field, text)?),
            None => {
                edit.document.remove(field);
            }
        }
    }
    let before = edit.action.clone();
    let (outcome, after) = session.review_action(edit, request.as_of)?;
    let described: Vec<String> = request
        .changes
        .iter()
        .map(|&Change { field, .. }| {
            let (old, new) = (describe(field, &before), describe(field, &after));
            if old == new {
                format!("{field} stays {new}")
            } else {
                format!("{field} {old} → {new}")
            }
        })
        .collect();
    Ok(Reviewed {
        outcome,
        summary: format!("{}: {}", before.id, described.join("; ")),
        unchanged: format!("{}: nothing to change", before.id),
    })
}

/// A field's value as the summary shows it.
fn describe(field: Field, action: &Action) -> String {
    let none = || "none".to_string();
    match field {
        Field::Status => action.status.to_string(),
        Field::Rag => action.rag.map_or_else(none, |rag| rag.to_string()),
        Field::Due => action.due.map_or_else(none, Due::uk),
        Field::Every => action.every.map_or_else(none, Period::every_text),
        Field::Lead => action.lead.join(", "),
        Field::Priority if action.priority.is_empty() => none(),
        Field::Priority => action
            .priority
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Field::Title => format!("\"{}\"", printable(&action.title)),
        Field::Timescale => action
            .timescale
            .as_ref()
            .map_or_else(none, |text| format!("\"{}\"", printable(text))),
        Field::Marking => action.marking.map_or_else(
            || "none (inherited)".to_string(),
            |marking| marking.to_string(),
        ),
        _ => String::new(),
    }
}
