//! Values typed over the form's read-only columns (a partner who
//! unprotected the sheet and wrote `done` in Status, or moved the Due). They
//! are never applied, and never passed over in silence: each is an error
//! naming the column to use instead.
//!
//! Only a row whose action file is as it was when the form was made is
//! checked: then what the read-only cells say must be what the plan says,
//! and a difference was typed by the partner. (When the file changed since,
//! a difference is the plan's news, which `csp apply` reports as a
//! conflict if the row changes anything.)

use crate::dates::{Due, uk_date};
use crate::form_contract::Column;
use crate::model::Action;
use crate::schedule::{last_update, next_due};
use crate::sheet::cells::{self, Cell, DateOrder};

/// A read-only cell that does not say what the plan says: its place, the
/// message, and what to do.
pub(crate) struct Edited {
    pub(crate) at: String,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// Each read-only cell of a row that differs from `action` as the form
/// showed it.
pub(crate) fn edits(
    cells: &[(Column, Cell, String)],
    action: &Action,
    order: DateOrder,
) -> Vec<Edited> {
    let mut found = Vec::new();
    for (column, cell, at) in cells {
        // A cell left empty says nothing (a form typed by hand, or a
        // cleared cell): only a value can be a value ignored.
        if cell.is_blank() {
            continue;
        }
        let typed = cell.text();
        let edited = |message: String, help: &str| Edited {
            at: at.clone(),
            message,
            help: help.to_string(),
        };
        match column {
            Column::Title if squash(&typed) != squash(&action.title) => found.push(edited(
                "Title is read-only here: the form cannot change an action's title".into(),
                "put the title back as it was; to change it, ask the CSP officer, or say so in Progress note",
            )),
            Column::Status
                if cells::read_status(cell).ok().flatten() != Some(action.status) =>
            {
                let what = if typed.is_empty() { "the new status".to_string() } else { format!("`{typed}`") };
                let done = cells::read_status(cell).ok().flatten() == Some(crate::model::Status::Done);
                found.push(edited(
                    if done || typed.is_empty() {
                        format!("Status is read-only here: put {what} in New status or a day in Done on")
                    } else {
                        format!("Status is read-only here: put {what} in New status")
                    },
                    "and put the Status cell back as it was",
                ));
            }
            Column::Rag if cells::read_rag(cell).ok().flatten() != action.rag => {
                let what = if typed.is_empty() { "the new rating".to_string() } else { format!("`{typed}`") };
                found.push(edited(
                    format!("RAG is read-only here: put {what} in New RAG"),
                    "and put the RAG cell back as it was",
                ));
            }
            Column::Due => {
                let shown = match action.due {
                    Some(Due::Day(day)) => Some(Due::Day(day)),
                    Some(due) => Some(due),
                    None => next_due(action).map(Due::Day),
                };
                let read = cells::read_due_in(cell, order).ok().flatten();
                if read != shown {
                    let what = if typed.is_empty() { "the new due".to_string() } else { format!("`{typed}`") };
                    found.push(edited(
                        format!("Due is read-only here: put {what} in New due"),
                        "and put the Due cell back as it was",
                    ));
                }
            }
            Column::LatestNote => {
                let shown = action
                    .updates
                    .iter()
                    .rfind(|update| Some(update.date) == last_update(action))
                    .map(|update| format!("{}: {}", uk_date(update.date), update.text.trim_end()));
                if squash(&typed) != squash(shown.as_deref().unwrap_or_default()) {
                    found.push(edited(
                        "Latest note is read-only here: put news in Progress note".into(),
                        "and put the Latest note cell back as it was",
                    ));
                }
            }
            _ => {}
        }
    }
    found
}

/// Text with its runs of white space as one space, trimmed: a spreadsheet
/// may rewrap a long cell, and some programs leave a line break or tab as
/// the workbook's escape (`_x000D_`) when they copy a cell out.
fn squash(text: &str) -> String {
    text.replace("_x000D_", "\r")
        .replace("_x000A_", "\n")
        .replace("_x0009_", "\t")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
