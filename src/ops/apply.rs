//! `csp apply`: returned forms into the plan, every row checked and all of
//! it written as one change, or none of it (docs/spreadsheets.md).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::apply::{self, Options, form};
pub use crate::apply::{Problem, Tally};
use crate::dates::Due;
use crate::edit::{Outcome, Session};
use crate::schedule::next_due;

/// Forms to apply, resolved.
#[derive(Debug)]
pub struct ApplyRequest<'a> {
    /// The returned forms: `.xlsx`, `.ods` or `.csv`.
    pub files: &'a [PathBuf],
    /// The day of a note with no Note date, and of a done with none.
    pub day: NaiveDate,
    /// Apply rows whose action changed since the form was made.
    pub force: bool,
    /// The day the changed plan is checked as of.
    pub as_of: NaiveDate,
}

/// What the forms come to.
pub enum Applied {
    /// A form has problems, so nothing is written.
    Refused {
        problems: Vec<Problem>,
        /// What was read past (said even when refused).
        notes: Vec<Problem>,
    },
    /// Every row read: the change, reviewed, and what each form brings.
    Reviewed {
        outcome: Outcome,
        /// Per form, in the order given: its file and what it brings.
        tallies: Vec<(String, Tally)>,
        /// What the forms had that was read past, said once each.
        notes: Vec<Problem>,
    },
}

/// Reads the forms `request` names and turns them into one reviewed
/// change of the plan `session` holds.
pub fn apply(session: &Session, request: &ApplyRequest<'_>) -> anyhow::Result<Applied> {
    let loaded = session.loaded();
    let due_of = |id: &str| {
        let action = loaded.resolve(id).ok()?;
        match action.due {
            Some(Due::Day(day)) => Some(day),
            Some(_) => None,
            None => next_due(action),
        }
    };
    let forms: Vec<form::Form> = request
        .files
        .iter()
        .map(|file| form::read(file, &due_of))
        .collect();
    let options = Options {
        day: request.day,
        today: request.as_of,
        force: request.force,
    };
    let mut applied = apply::apply(session, &forms, options)?;
    if !applied.problems.is_empty() {
        return Ok(Applied::Refused {
            problems: std::mem::take(&mut applied.problems),
            notes: std::mem::take(&mut applied.notes),
        });
    }
    let edits = applied.edits.len() + applied.measures.len();
    let (mut outcome, _) = session.review_edits(
        std::mem::take(&mut applied.edits),
        std::mem::take(&mut applied.measures),
        request.as_of,
    )?;
    // The ledger of applied rows changes with the plan, in the same write.
    if let Outcome::Write {
        edits: files,
        warnings: _,
    } = &mut outcome
    {
        debug_assert_eq!(files.len(), edits);
        if let Some(ledger) = applied.record(files) {
            files.push(ledger);
        }
    }
    Ok(Applied::Reviewed {
        outcome,
        tallies: applied.tallies,
        notes: applied.notes,
    })
}
