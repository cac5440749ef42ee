//! `csp apply`: returned forms into the plan. Each filled-in row becomes
//! the edits `csp update`, `csp set` and `csp done` would make, on the
//! action files opened through the one edit session; the caller reviews
//! them all as one change (`Session::review_actions`) and writes them
//! atomically, or refuses the lot.
//!
//! What is already in the plan is not done again: a note of the same day
//! and text, a status or rating it already has, a completion already
//! recorded on that day. So applying a form twice changes nothing.

mod figures;
pub(crate) mod form;
pub(crate) mod ledger;
mod read_only;

pub(crate) use crate::sheet::cells;

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use crate::dates::{Due, uk_date};
use crate::edit::document::{due_value, string_value};
use crate::edit::{ActionEdit, FileEdit, MeasureEdit, Session, done};
use crate::error::Error;
use crate::field::Field;
use crate::fingerprint;
use crate::model::{Action, Status, Update};
use crate::plural;
use figures::{FigureOptions, Figures};
pub use form::Problem;
pub(crate) use form::{Form, Row};
use ledger::{Entry, Ledger};

/// How to apply forms.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// The day of a note with no **Note date**, and of a done with none
    /// (from `--on`, else today).
    pub(crate) day: NaiveDate,
    /// The apply's today (`--as-of`): a note or done day after it is an
    /// error.
    pub(crate) today: NaiveDate,
    /// Apply rows whose action changed since the form was made.
    pub(crate) force: bool,
}

/// What one form brings, for its summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub(crate) notes: usize,
    pub(crate) status_changes: usize,
    pub(crate) rag_changes: usize,
    pub(crate) due_changes: usize,
    pub(crate) done: usize,
    /// Figures recorded from the Figures sheet, and whether the form had
    /// one (then the count is said, even when 0).
    pub(crate) figures: usize,
    pub(crate) has_figures: bool,
    pub(crate) rows_without_changes: usize,
    /// Rows the ledger says were applied already, and the last day one was.
    pub(crate) already: usize,
    pub(crate) already_on: Option<NaiveDate>,
}

impl Tally {
    pub(crate) fn changes(&self) -> usize {
        self.notes
            + self.status_changes
            + self.rag_changes
            + self.due_changes
            + self.done
            + self.figures
    }
}

/// `4 notes, 2 status changes, 1 done, 3 rows without changes`; RAG and due
/// changes only when there are some.
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = vec![
            plural::count(self.notes, "note"),
            plural::count(self.status_changes, "status change"),
        ];
        if self.rag_changes > 0 {
            parts.push(plural::count(self.rag_changes, "RAG change"));
        }
        if self.due_changes > 0 {
            parts.push(plural::count(self.due_changes, "due date change"));
        }
        parts.push(format!("{} done", self.done));
        if self.has_figures {
            parts.push(plural::count(self.figures, "figure"));
        }
        parts.push(plural::count_as(
            self.rows_without_changes,
            "row without changes",
            "rows without changes",
        ));
        if let Some(day) = self.already_on {
            parts.push(format!(
                "{} already applied on {}",
                plural::count(self.already, "row"),
                uk_date(day)
            ));
        }
        f.write_str(&parts.join(", "))
    }
}

/// The edits all the forms come to, or the problems that refuse them.
pub(crate) struct Applied {
    /// One per action changed, in the order first met.
    pub(crate) edits: Vec<ActionEdit>,
    /// One per measure changed (by Figures rows), in the order first met.
    pub(crate) measures: Vec<MeasureEdit>,
    /// Per form, in the order given: its file and what it brings.
    pub(crate) tallies: Vec<(String, Tally)>,
    pub(crate) problems: Vec<Problem>,
    /// What the forms had that was read past, said once each.
    pub(crate) notes: Vec<Problem>,
    /// The plan's ledger of applied rows, and the lines this apply adds to
    /// it, each with the index of the file it changed among `edits` then
    /// `measures` (the `after` fingerprint is known once the change is
    /// reviewed: see [`Applied::record`]).
    pub(crate) ledger: Ledger,
    pub(crate) entries: Vec<(usize, Entry)>,
}

impl Applied {
    /// The ledger's new text as a file edit, given the reviewed `edits` (one
    /// per action changed, in the order of [`Applied::edits`]); `None` when
    /// nothing is to be recorded. `edits` are the actions' then the
    /// measures', as `Session::review_edits` gives them.
    pub(crate) fn record(&self, edits: &[FileEdit]) -> Option<FileEdit> {
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .filter_map(|(slot, entry)| {
                let edit = edits.get(*slot).filter(|edit| edit.is_change())?;
                Some(Entry {
                    after: fingerprint::fingerprint(edit.after.as_bytes()),
                    ..entry.clone()
                })
            })
            .collect();
        (!entries.is_empty()).then(|| FileEdit {
            path: self.ledger.path.clone(),
            before: self.ledger.text.clone(),
            after: self.ledger.with(&entries),
            removed: false,
        })
    }
}

/// An action being changed: its edit, and its fields as they stand after
/// the rows applied so far (so that a second row or form sees the first).
struct Open {
    edit: ActionEdit,
    now: Action,
}

/// Turns `forms` into edits of the plan `session` holds.
pub(crate) fn apply(
    session: &Session,
    forms: &[Form],
    options: Options,
) -> anyhow::Result<Applied> {
    let mut open: Vec<Open> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut tallies = Vec::new();
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    let mut claims = HashMap::new();
    let mut figures = Figures::default();
    let ledger = Ledger::read(&session.loaded().plan.root);
    let plan_name = &session.loaded().plan.manifest.name;
    for form in forms {
        problems.extend(form.problems.iter().cloned());
        notes.extend(form.notes.iter().cloned());
        let mut tally = Tally::default();
        let problem = |at: &str, message: String, help: Option<String>| Problem {
            file: form.file.clone(),
            at: Some(at.to_string()),
            message,
            help,
        };
        if let Some(meta) = &form.meta
            && meta.plan.trim() != plan_name.trim()
        {
            problems.push(problem(
                "csp!B1",
                format!(
                    "this form is for the plan \"{}\", not \"{plan_name}\"",
                    meta.plan
                ),
                Some("apply it to the plan it was made from (--plan DIR)".into()),
            ));
            tallies.push((form.file.clone(), tally));
            continue;
        }
        for row in &form.rows {
            let Some(id) = &row.id else { continue };
            // Typed over a read-only column: an error, never passed over.
            if let Ok(action) = session.loaded().resolve(&id.value) {
                let made = row.fingerprint.clone().or_else(|| {
                    form.meta
                        .as_ref()
                        .and_then(|meta| meta.fingerprints.get(action.id.as_str()).cloned())
                });
                let unchanged = made.is_some_and(|made| {
                    std::fs::read(session.loaded().plan.file_of(action))
                        .is_ok_and(|bytes| fingerprint::matches(&made, &bytes))
                });
                if unchanged {
                    for edited in read_only::edits(&row.read_only, action, form.order) {
                        problems.push(problem(&edited.at, edited.message, Some(edited.help)));
                    }
                }
            }
            if !row.filled {
                tally.rows_without_changes += 1;
                continue;
            }
            let action = match session.loaded().resolve(&id.value) {
                Ok(action) => action,
                Err(error) => {
                    let error = Error::from(error);
                    problems.push(problem(&id.at, one_line(&error.message), error.help));
                    continue;
                }
            };
            let slot = if let Some(&slot) = index.get(action.id.as_str()) {
                slot
            } else {
                let edit = session.open(action.id.as_str())?;
                index.insert(action.id.to_string(), open.len());
                open.push(Open {
                    now: edit.action.clone(),
                    edit,
                });
                open.len() - 1
            };
            // The ledger: this row applied already, or the form's own
            // earlier writes to the action.
            let form_id = row
                .form
                .clone()
                .or_else(|| form.meta.as_ref().map(|meta| meta.id.clone()));
            let digest = row.digest();
            let earlier: Vec<&Entry> = form_id
                .as_deref()
                .map(|id| ledger.of(id, action.id.as_str()).collect())
                .unwrap_or_default();
            if let Some(applied) = earlier.iter().find(|entry| entry.row == digest) {
                tally.already += 1;
                tally.already_on = tally.already_on.max(Some(applied.day));
                continue;
            }
            let last = earlier.last();
            let row_options = Options {
                // An undated note keeps the day it was first applied.
                day: last.map_or(options.day, |entry| entry.day),
                ..options
            };
            // Two rows setting one field of one action to different values.
            let conflicts = claim(&mut claims, &form.file, action.id.as_str(), row);
            if !conflicts.is_empty() {
                problems.extend(conflicts);
                continue;
            }
            let target = &mut open[slot];
            let before = tally.changes();
            let before_problems = problems.len();
            apply_row(
                target,
                row,
                row_options,
                &mut tally,
                &mut |at, message, help| {
                    problems.push(problem(at, message, help));
                },
            )?;
            if problems.len() == before_problems
                && tally.changes() > before
                && let Some(form_id) = &form_id
            {
                entries.push((
                    slot,
                    Entry {
                        day: options.day,
                        form: form_id.clone(),
                        action: target.edit.action.id.to_string(),
                        row: digest,
                        before: fingerprint::fingerprint(target.edit.original().as_bytes()),
                        after: String::new(),
                        file: form.file.clone(),
                    },
                ));
            }
            if problems.len() == before_problems && tally.changes() > before && !options.force {
                let expected = last
                    .map(|entry| entry.after.clone())
                    .or_else(|| row.fingerprint.clone())
                    .or_else(|| {
                        form.meta.as_ref().and_then(|meta| {
                            meta.fingerprints
                                .get(target.edit.action.id.as_str())
                                .cloned()
                        })
                    });
                match expected {
                    Some(expected)
                        if !fingerprint::matches(
                            &expected,
                            target.edit.original().as_bytes(),
                        ) =>
                    {
                        let as_of = form
                            .meta
                            .as_ref()
                            .and_then(|meta| meta.as_of)
                            .map(|day| format!(" (as of {})", uk_date(day)))
                            .unwrap_or_default();
                        problems.push(problem(
                            &id.at,
                            format!(
                                "`{}` changed since the form was made{as_of}: {}",
                                target.edit.action.id,
                                what_changed(row, &target.edit.action)
                            ),
                            Some("check the row against the plan (csp show ID), then make a new form, or apply this one with --force".into()),
                        ));
                    }
                    None if form.meta.is_some() => problems.push(problem(
                        &id.at,
                        format!(
                            "the form has no fingerprint for `{}`, so csp cannot tell whether it changed since",
                            target.edit.action.id
                        ),
                        Some("apply it with --force if the row is right".into()),
                    )),
                    _ => {}
                }
            }
            if tally.changes() == before {
                tally.rows_without_changes += 1;
            }
        }
        if !form.figures.is_empty() {
            let figure_options = FigureOptions {
                today: options.today,
                day: options.day,
                force: options.force,
            };
            let done = figures.apply_form(session, form, &ledger, figure_options)?;
            tally.has_figures = true;
            tally.figures += done.recorded;
            tally.rows_without_changes += done.without_changes;
            tally.already += done.already;
            tally.already_on = tally.already_on.max(done.already_on);
            problems.extend(done.problems);
        }
        tallies.push((form.file.clone(), tally));
    }
    let (measures, figure_entries) = figures.edits();
    let actions = open.len();
    entries.extend(
        figure_entries
            .into_iter()
            .map(|(slot, entry)| (actions + slot, entry)),
    );
    Ok(Applied {
        edits: open.into_iter().map(|open| open.edit).collect(),
        measures,
        tallies,
        problems,
        notes,
        ledger,
        entries,
    })
}

/// A field a row sets, for [`claim`].
type Claims = HashMap<(String, &'static str), (String, String, String)>;

/// Records what `row` sets of `action` (its status, RAG, due and done day),
/// and returns a problem for each field an earlier row (of this form or
/// another) set to something else. Notes never conflict.
fn claim(claims: &mut Claims, file: &str, action: &str, row: &Row) -> Vec<Problem> {
    let mut sets: Vec<(&'static str, String, &str)> = Vec::new();
    if let Some(status) = &row.status {
        sets.push(("status", status.value.to_string(), &status.at));
    }
    if let Some(rag) = &row.rag {
        sets.push(("RAG", rag.value.to_string(), &rag.at));
    }
    if let Some(due) = &row.due {
        sets.push(("due date", due.value.uk(), &due.at));
    }
    if let Some(done) = &row.done_on {
        sets.push(("done day", uk_date(done.value), &done.at));
    }
    let mut problems = Vec::new();
    for (field, value, at) in sets {
        let key = (action.to_string(), field);
        match claims.get(&key) {
            Some((other_file, other_at, other)) if *other != value => problems.push(Problem {
                file: file.to_string(),
                at: Some(at.to_string()),
                message: format!(
                    "sets the {field} of `{action}` to {value}, but {other_file}: {other_at} sets it to {other}"
                ),
                help: Some(
                    "agree which is right, clear the other cell, and apply again".into(),
                ),
            }),
            Some(_) => {}
            None => {
                claims.insert(key, (file.to_string(), at.to_string(), value));
            }
        }
    }
    problems
}

/// The first line of a message (an ambiguous id lists its candidates on
/// the lines after), with the candidates folded in.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().map(str::trim);
    let first = lines.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = lines.filter(|line| !line.is_empty()).collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} {}", rest.join(", "))
    }
}

type Report<'a> = dyn FnMut(&str, String, Option<String>) + 'a;

fn apply_row(
    target: &mut Open,
    row: &Row,
    options: Options,
    tally: &mut Tally,
    report: &mut Report<'_>,
) -> anyhow::Result<()> {
    for day in [&row.note_date, &row.done_on].into_iter().flatten() {
        if day.value > options.today {
            report(
                &day.at,
                format!(
                    "{} is after today ({})",
                    uk_date(day.value),
                    uk_date(options.today)
                ),
                Some("a note date or a done day is a day that has come: check the year".into()),
            );
            return Ok(());
        }
    }
    // A note with no date of its own: the done day, when the row has one,
    // else the apply day.
    let row_day = row
        .note_date
        .as_ref()
        .or(row.done_on.as_ref())
        .map_or(options.day, |day| day.value);
    if let Some(note) = &row.note {
        let day = row_day;
        let known = target
            .now
            .updates
            .iter()
            .any(|update| update.date == day && update.text.trim() == note.value.trim());
        if !known {
            target.edit.document.append_update(day, note.value.trim())?;
            let mut updates = target.now.updates.to_vec();
            updates.push(Update {
                date: day,
                text: note.value.trim().to_string(),
            });
            target.now.updates = updates.into_boxed_slice();
            tally.notes += 1;
        }
    } else if let Some(date) = &row.note_date
        && row.done_on.is_none()
    {
        report(
            &date.at,
            format!(
                "a note date ({}) with no progress note",
                uk_date(date.value)
            ),
            Some("write the note in the Progress note column, or clear the date".into()),
        );
    }

    // "Done on", or a new status of done: `csp done`.
    let done_day = match (&row.done_on, &row.status) {
        (Some(done_on), Some(status)) if !matches!(status.value, Status::Done) => {
            report(
                &status.at,
                format!(
                    "the row says done on {} (at {}) but its new status is {}",
                    uk_date(done_on.value),
                    done_on.at,
                    status.value
                ),
                Some("clear one of the two".into()),
            );
            return Ok(());
        }
        (Some(done_on), _) => Some((done_on.value, done_on.at.as_str())),
        (None, Some(status)) if status.value == Status::Done => Some((row_day, status.at.as_str())),
        _ => None,
    };
    if let Some((day, at)) = done_day {
        if target.now.completed == Some(day) {
            // Recorded already (a form applied twice).
        } else if let Some(error) = done::refusal(&target.now) {
            report(at, one_line(&error.message), error.help);
        } else {
            let recorded = done::record(&target.now, &mut target.edit.document, day)?;
            target.now.completed = Some(day);
            match recorded.due {
                Some(due) => target.now.due = Some(due),
                None => target.now.status = Status::Done,
            }
            tally.done += 1;
        }
    }

    if let Some(status) = &row.status
        && status.value != Status::Done
        && status.value != target.now.status
    {
        target
            .edit
            .document
            .set(Field::Status, string_value(status.value.name())?);
        target.now.status = status.value;
        tally.status_changes += 1;
    }
    if let Some(rag) = &row.rag
        && Some(rag.value) != target.now.rag
    {
        target
            .edit
            .document
            .set(Field::Rag, string_value(rag.value.name())?);
        target.now.rag = Some(rag.value);
        tally.rag_changes += 1;
    }
    if let Some(due) = &row.due
        && Some(due.value) != target.now.due
    {
        set_due(&mut target.edit, due.value)?;
        target.now.due = Some(due.value);
        tally.due_changes += 1;
    }
    Ok(())
}

/// Sets `due` as `csp set due=…` would, keeping a day in quotes in a file
/// that quoted it.
fn set_due(edit: &mut ActionEdit, due: Due) -> anyhow::Result<()> {
    let quoted = edit.document.is_quoted(Field::Due);
    edit.document.set(Field::Due, due_value(due, quoted)?);
    Ok(())
}

/// What the plan says now that the form did not, from its read-only
/// columns.
fn what_changed(row: &Row, now: &Action) -> String {
    let mut changes = Vec::new();
    let shown = |column: &str| row.shown.get(column).map(String::as_str);
    if let Some(status) = shown("Status")
        && cells::read_status(&cells::Cell::Text(status.into()))
            .ok()
            .flatten()
            != Some(now.status)
        && !status.is_empty()
    {
        changes.push(format!("its status is now {}, not {status}", now.status));
    }
    if let Some(rag) = shown("RAG") {
        let then = cells::read_rag(&cells::Cell::Text(rag.into()))
            .ok()
            .flatten();
        if then != now.rag {
            changes.push(format!(
                "its RAG is now {}, not {}",
                now.rag.map_or("none".into(), |rag| rag.to_string()),
                if rag.is_empty() { "none" } else { rag }
            ));
        }
    }
    if let Some(due) = shown("Due")
        && !due.is_empty()
        && let Ok(Some(then)) = cells::read_due(&cells::Cell::Text(due.into()))
        && Some(then) != now.due
    {
        changes.push(format!(
            "it is now due {}, not {}",
            now.due.map_or("never".into(), Due::uk),
            then.uk()
        ));
    }
    if let Some(latest) = shown("Latest note")
        && let Some(note) = now.latest_update()
        && !latest.contains(note.text.trim())
    {
        changes.push(format!("a note of {} was added", uk_date(note.date)));
    }
    if let Some(title) = shown("Title")
        && !title.is_empty()
        && title != now.title.trim()
    {
        changes.push(format!("its title is now \"{}\"", now.title));
    }
    if changes.is_empty() {
        "its file was edited".into()
    } else {
        changes.join("; ")
    }
}
