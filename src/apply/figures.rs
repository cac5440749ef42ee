//! A form's Figures rows into the plan: each filled-in row is the figure
//! `csp record` would write, with every check `record` makes (a period of
//! the measure's frequency that has ended by the apply's day, a value read
//! as people type it, in the measure's unit) and every protection action
//! rows have (the ledger, read-only cells, two forms that disagree, a
//! figure recorded since the form was made). Each measure changed is one
//! [`MeasureEdit`], its file edited by `edit::figure::set_figure`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::form::{FigureRow, Form, Problem};
use super::ledger::{Entry, Ledger};
use crate::dates::{ReportingPeriod, uk_date};
use crate::edit::figure::set_figure;
use crate::edit::{MeasureEdit, Session};
use crate::fingerprint;
use crate::form_contract::{FigureColumn, measure_key};
use crate::model::Measure;
use crate::model::measure::read_figure;
use crate::performance::{has_ended, missing, period_target};
use crate::sheet::cells::Cell;

/// How to apply figures: the apply's today (`--as-of`), the day the ledger
/// records, and `--force`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FigureOptions {
    pub(crate) today: NaiveDate,
    pub(crate) day: NaiveDate,
    pub(crate) force: bool,
}

/// What one form's figures came to.
#[derive(Debug, Default)]
pub(crate) struct FormFigures {
    /// Figures written (new or changed).
    pub(crate) recorded: usize,
    /// Rows with nothing to record (empty, or the plan has the figure).
    pub(crate) without_changes: usize,
    /// Rows the ledger says were applied already, and the last day one was.
    pub(crate) already: usize,
    pub(crate) already_on: Option<NaiveDate>,
    pub(crate) problems: Vec<Problem>,
}

/// A measure being changed, with its figures as they stand after the rows
/// applied so far.
struct Open {
    edit: MeasureEdit,
    now: HashMap<ReportingPeriod, (f64, Option<String>)>,
}

/// Every form's figures, applied in turn.
#[derive(Default)]
pub(crate) struct Figures {
    open: Vec<Open>,
    index: HashMap<String, usize>,
    /// Who set each figure first: (measure, period) → (file, cell, value).
    claims: HashMap<(String, ReportingPeriod), (String, String, f64)>,
    /// Ledger lines, each with the index of its measure in `edits`.
    pub(crate) entries: Vec<(usize, Entry)>,
}

impl Figures {
    /// The measure files edited, in the order first met.
    pub(crate) fn edits(self) -> (Vec<MeasureEdit>, Vec<(usize, Entry)>) {
        (
            self.open.into_iter().map(|open| open.edit).collect(),
            self.entries,
        )
    }

    /// Applies `form`'s Figures rows.
    pub(crate) fn apply_form(
        &mut self,
        session: &Session,
        form: &Form,
        ledger: &Ledger,
        options: FigureOptions,
    ) -> anyhow::Result<FormFigures> {
        let mut out = FormFigures::default();
        for row in &form.figures {
            self.apply_row(session, form, row, ledger, options, &mut out)?;
        }
        Ok(out)
    }

    fn apply_row(
        &mut self,
        session: &Session,
        form: &Form,
        row: &FigureRow,
        ledger: &Ledger,
        options: FigureOptions,
        out: &mut FormFigures,
    ) -> anyhow::Result<()> {
        let problem = |at: &str, message: String, help: Option<String>| Problem {
            file: form.file.clone(),
            at: Some(at.to_string()),
            message,
            help,
        };
        let Some(id) = &row.measure else {
            return Ok(());
        };
        let plan = &session.loaded().plan;
        let Some(measure) = plan.measure(&id.value) else {
            if row.filled {
                out.problems.push(problem(
                    &id.at,
                    format!("there is no measure `{}` in the plan", id.value),
                    Some(
                        "keep the Measure column as the form had it (csp measures lists them)"
                            .into(),
                    ),
                ));
            }
            return Ok(());
        };
        let key = measure_key(&measure.id);
        let made = row.fingerprint.clone().or_else(|| {
            form.meta
                .as_ref()
                .and_then(|meta| meta.fingerprints.get(&key).cloned())
        });
        let file =
            crate::model::shown_path(&plan.root, std::path::Path::new(&measure.relative_file()));
        let unchanged = made.as_ref().is_some_and(|made| {
            std::fs::read(&file).is_ok_and(|bytes| fingerprint::matches(made, &bytes))
        });
        let as_made = form.meta.as_ref().and_then(|meta| meta.as_of);
        // Typed over a read-only cell: an error, never passed over.
        if unchanged {
            for (at, message, help) in read_only_edits(session, row, measure, as_made) {
                out.problems.push(problem(&at, message, Some(help)));
            }
        }
        if !row.filled {
            out.without_changes += 1;
            return Ok(());
        }
        let Some((_, period_cell, period_at)) = row.shown(FigureColumn::Period) else {
            return Ok(());
        };
        let period = match ReportingPeriod::parse(&period_cell.text()) {
            Ok(period) if period.frequency() == measure.frequency => period,
            Ok(_) | Err(_) => {
                out.problems.push(problem(
                    period_at,
                    format!(
                        "`{}` is not a {} of `{}`",
                        period_cell.text(),
                        measure.frequency.name(),
                        measure.id
                    ),
                    Some(format!(
                        "keep the Period column as the form had it (a {} is written like {})",
                        measure.frequency.name(),
                        measure.frequency.example()
                    )),
                ));
                return Ok(());
            }
        };
        let Some(value_cell) = &row.value else {
            if let Some(note) = &row.note {
                out.problems.push(problem(
                    &note.at,
                    format!("a note for the {period} figure, but no figure"),
                    Some("type the figure in the Value column, or clear the note".into()),
                ));
            }
            return Ok(());
        };
        let value = match read_value(&value_cell.value, measure.unit.as_deref()) {
            Ok(value) => value,
            Err(message) => {
                out.problems.push(problem(
                    &value_cell.at,
                    message,
                    Some("type the figure as a number, such as 1234, 1,234 or 12.5".into()),
                ));
                return Ok(());
            }
        };
        if !has_ended(period, options.today) {
            out.problems.push(problem(
                &value_cell.at,
                format!(
                    "the {period} figure of `{}` cannot be recorded before the period ends ({})",
                    measure.id,
                    uk_date(period.last_day())
                ),
                Some("a figure is for a period that has ended: check the Period, or apply the form after it ends".into()),
            ));
            return Ok(());
        }
        // The ledger: this row applied already.
        let form_id = row
            .form
            .clone()
            .or_else(|| form.meta.as_ref().map(|meta| meta.id.clone()));
        let digest = row.digest();
        let earlier: Vec<&Entry> = form_id
            .as_deref()
            .map(|id| ledger.of(id, &key).collect())
            .unwrap_or_default();
        if let Some(applied) = earlier.iter().find(|entry| entry.row == digest) {
            out.already += 1;
            out.already_on = out.already_on.max(Some(applied.day));
            return Ok(());
        }
        // Two rows, of this form or another, giving one figure two values.
        let claim = (measure.id.to_string(), period);
        match self.claims.get(&claim) {
            Some((other_file, other_at, other)) if !same(*other, value) => {
                out.problems.push(problem(
                    &value_cell.at,
                    format!(
                        "gives the {period} figure of `{}` as {}, but {other_file}: {other_at} gives it as {}",
                        measure.id,
                        measure.show(value),
                        measure.show(*other)
                    ),
                    Some("agree which is right, clear the other cell, and apply again".into()),
                ));
                return Ok(());
            }
            Some(_) => {}
            None => {
                self.claims
                    .insert(claim, (form.file.clone(), value_cell.at.clone(), value));
            }
        }
        let slot = if let Some(&slot) = self.index.get(measure.id.as_ref()) {
            slot
        } else {
            let edit = session.open_measure(&measure.id)?;
            let now = edit
                .measure
                .values
                .iter()
                .map(|figure| (figure.period, (figure.value, figure.note.clone())))
                .collect();
            self.index.insert(measure.id.to_string(), self.open.len());
            self.open.push(Open { edit, now });
            self.open.len() - 1
        };
        let target = &mut self.open[slot];
        let note = row.note.as_ref().map(|note| note.value.trim().to_string());
        match target.now.get(&period) {
            // The plan has it already (a form applied before the ledger
            // was kept, or the figure sent twice).
            Some((old, old_note)) if same(*old, value) && (note.is_none() || note == *old_note) => {
                out.without_changes += 1;
                return Ok(());
            }
            // A figure written since the form was made (the form asked
            // for it because there was none): not replaced unless asked.
            Some((old, _)) if !same(*old, value) && !options.force => {
                let expected = earlier.last().map(|entry| entry.after.clone()).or(made);
                let still = expected.is_some_and(|expected| {
                    fingerprint::matches(&expected, target.edit.original().as_bytes())
                });
                if !still {
                    let since = as_made
                        .map(|day| format!(" (as of {})", uk_date(day)))
                        .unwrap_or_default();
                    out.problems.push(problem(
                        &value_cell.at,
                        format!(
                            "`{}` has a {period} figure of {} now, written since the form was made{since}; the form gives {}",
                            measure.id,
                            measure.show(*old),
                            measure.show(value)
                        ),
                        Some(format!(
                            "check which is right (csp show {}), then clear the cell, or apply the form with --force to replace the figure",
                            measure.id
                        )),
                    ));
                    return Ok(());
                }
            }
            _ => {}
        }
        // A note left empty keeps the note the figure has.
        let kept = note.clone().or_else(|| {
            target
                .now
                .get(&period)
                .and_then(|(_, old_note)| old_note.clone())
        });
        target.edit.text = set_figure(&target.edit.text, period, value, kept.as_deref())?;
        target.now.insert(period, (value, kept));
        out.recorded += 1;
        if let Some(form_id) = form_id {
            self.entries.push((
                slot,
                Entry {
                    day: options.day,
                    form: form_id,
                    action: key,
                    row: digest,
                    before: fingerprint::fingerprint(target.edit.original().as_bytes()),
                    after: String::new(),
                    file: form.file.clone(),
                },
            ));
        }
        Ok(())
    }
}

/// Two figures the same, as decimals typed twice are.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A Value cell's figure: a number as the program stored it, or text read
/// as `record` reads it ("1,234", "12%", "£1,200").
fn read_value(cell: &Cell, unit: Option<&str>) -> Result<f64, String> {
    match cell {
        // The form writes a % measure's Value as a text cell; a number
        // there was made by the program, and one formatted as a
        // percentage keeps 12% as 0.12. A fraction is not guessed at.
        Cell::Number(number) if unit == Some("%") && *number != 0.0 && number.abs() <= 1.0 => {
            Err(format!(
                "{number} for a percentage: a cell formatted as a percentage keeps 12% as 0.12, so csp will not guess which is meant; type the figure as 12 or 12%"
            ))
        }
        Cell::Number(number) if number.is_finite() => Ok(*number),
        Cell::Text(text) => read_figure(text, unit),
        Cell::Date(day) => Err(format!(
            "{} is a date, not a figure (the cell is formatted as a date)",
            uk_date(*day)
        )),
        other => Err(format!("`{}` is not a figure", other.text())),
    }
}

/// Each read-only cell of `row` that does not say what `measure` said when
/// the form was made (its file is as it was then): its place, the message
/// and what to do.
fn read_only_edits(
    session: &Session,
    row: &FigureRow,
    measure: &Measure,
    as_made: Option<NaiveDate>,
) -> Vec<(String, String, String)> {
    let plan = &session.loaded().plan;
    let mut found = Vec::new();
    let squash = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let period = row
        .shown(FigureColumn::Period)
        .and_then(|(_, cell, _)| ReportingPeriod::parse(&cell.text()).ok());
    for (column, cell, at) in &row.read_only {
        if cell.is_blank() && *column != FigureColumn::Period {
            continue;
        }
        let typed = cell.text();
        let put_back = |what: &str| format!("put the {what} cell back as it was");
        match column {
            FigureColumn::Title if squash(&typed) != squash(&measure.title) => found.push((
                at.clone(),
                "Title is read-only here: the form cannot change a measure's title".into(),
                "put the title back as it was; to change it, ask the CSP officer, or say so in Note".into(),
            )),
            FigureColumn::Unit if typed != measure.unit.clone().unwrap_or_default().trim() => {
                found.push((
                    at.clone(),
                    "Unit is read-only here: type the figure in the measure's unit in Value".into(),
                    put_back("Unit"),
                ));
            }
            FigureColumn::Target => {
                let shown = match cell {
                    Cell::Number(number) => Some(*number),
                    _ => read_figure(&typed, measure.unit.as_deref()).ok(),
                };
                let target = period.and_then(|period| period_target(measure, period));
                let agrees = match (shown, target) {
                    (Some(shown), Some(target)) => (shown - target).abs() < 0.005,
                    _ => false,
                };
                if !agrees {
                    found.push((
                        at.clone(),
                        "Target is read-only here: the form cannot change a target".into(),
                        "put the Target cell back as it was; the figure goes in Value".into(),
                    ));
                }
            }
            FigureColumn::Period => {
                let asked = as_made.map(|day| missing(measure, day, plan.lag_of(measure)));
                let fits = match (period, &asked) {
                    (Some(period), Some(asked)) => asked.contains(&period),
                    (Some(period), None) => period.frequency() == measure.frequency,
                    (None, _) => false,
                };
                if !fits {
                    found.push((
                        at.clone(),
                        format!(
                            "Period is read-only here: this form did not ask for `{}`'s figure for `{typed}`",
                            measure.id
                        ),
                        "put the Period cell back as it was; send a figure for another period to the CSP officer".into(),
                    ));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_is_named_in_the_hidden_table_by_its_place_in_the_plan() {
        assert_eq!(
            measure_key("asb"),
            format!("{}/asb", crate::model::MEASURES_DIR)
        );
    }

    #[test]
    fn a_value_cell_is_read_as_stored_or_as_typed() {
        assert_eq!(
            read_value(&Cell::Number(1234.0), Some("incidents")),
            Ok(1234.0)
        );
        assert_eq!(read_value(&Cell::Text("1,234".into()), None), Ok(1234.0));
        assert_eq!(read_value(&Cell::Text("12.5%".into()), Some("%")), Ok(12.5));
        assert!(read_value(&Cell::Bool(true), None).is_err());
        assert!(read_value(&Cell::Number(f64::NAN), None).is_err());
        assert!(
            read_value(&Cell::Number(0.12), Some("%"))
                .unwrap_err()
                .contains("type the figure as 12 or 12%")
        );
        assert_eq!(read_value(&Cell::Number(12.0), Some("%")), Ok(12.0));
        assert_eq!(read_value(&Cell::Number(0.0), Some("%")), Ok(0.0));
        assert_eq!(read_value(&Cell::Number(0.5), Some("incidents")), Ok(0.5));
        let day = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert!(
            read_value(&Cell::Date(day), None)
                .unwrap_err()
                .contains("is a date")
        );
    }
}
