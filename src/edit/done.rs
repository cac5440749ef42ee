//! Recording that an action was done: what `csp done` and `csp apply` (a
//! form's **Done on**) both do. A one-off action becomes done; a recurring
//! one stays open and its `due` moves to the next occurrence after the day
//! it was done (docs/editing.md).

use chrono::NaiveDate;

use super::document::{ActionDocument, date_value, due_value, string_value};
use crate::dates::{Due, uk_date};
use crate::error::Error;
use crate::field::Field;
use crate::model::{Action, Status};
use crate::schedule::advance_due;

/// What recording a completion did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Occurrences of a recurring action that were missed and skipped over.
    pub skipped: u32,
    /// A recurring action's next due date, when it moved.
    pub due: Option<Due>,
}

/// Why an action cannot be marked done: it is done already, or dropped.
/// `None` when it can.
pub fn refusal(action: &Action) -> Option<Error> {
    let id = &action.id;
    match action.status {
        Status::Done => Some(
            Error::usage(format!(
                "`{id}` is already done{}",
                action
                    .completed
                    .map(|day| format!(" (on {})", uk_date(day)))
                    .unwrap_or_default()
            ))
            .with_help(format!(
                "to record another completion, reopen it first: csp set {id} status=open"
            )),
        ),
        Status::Dropped => Some(
            Error::usage(format!("`{id}` was dropped")).with_help(format!(
                "reopen it first if it is back in the plan: csp set {id} status=open"
            )),
        ),
        _ => None,
    }
}

/// Records in `document` that `action` (as it loaded) was done `on`.
pub fn record(
    action: &Action,
    document: &mut ActionDocument,
    on: NaiveDate,
) -> anyhow::Result<Recorded> {
    if let Some(error) = refusal(action) {
        return Err(error.into());
    }
    // A file that wrote a date in quotes keeps it in quotes: only the
    // value's line should differ.
    let quoted = |field: Field| document.value(field).is_some_and(toml_edit::Value::is_str);
    let quoted_due = quoted(Field::Due);
    let completed = if quoted(Field::Completed) {
        string_value(&on.format("%Y-%m-%d").to_string())?
    } else {
        date_value(on)?
    };
    let mut recorded = Recorded::default();
    match (action.every, action.due) {
        (None, _) => {
            document.set(Field::Status, string_value(Status::Done.name())?);
            document.set(Field::Completed, completed);
        }
        (Some(every), Some(due)) => {
            let advance = advance_due(due, every, on).ok_or_else(|| {
                Error::usage(format!(
                    "`{}` would next be due after the year 9999",
                    action.id
                ))
            })?;
            recorded.skipped = advance.skipped;
            recorded.due = Some(advance.due);
            document.set(Field::Due, due_value(advance.due, quoted_due)?);
            document.set(Field::Completed, completed);
        }
        // Undated and recurring: the next due date follows from `completed`.
        (Some(_), None) => document.set(Field::Completed, completed),
    }
    Ok(recorded)
}
