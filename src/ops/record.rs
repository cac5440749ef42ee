//! `csp record`: one figure for one period of a measure, written under its
//! file's `[values]` through the edit session, with every check `apply`
//! makes of a figure: the period is the measure's kind and has ended, the
//! number reads as people type it, and a figure already there is revised
//! only when asked.

use chrono::NaiveDate;

use super::reviewed::Reviewed;
use crate::dates::{ReportingPeriod, uk_date};
use crate::edit::Session;
use crate::edit::figure::set_figure;
use crate::error::Error;
use crate::model::Measure;
use crate::model::measure::{plain_number, read_figure, with_unit};
use crate::performance::{self, has_ended};

/// One figure to record, resolved.
#[derive(Clone, Debug)]
pub struct RecordRequest {
    /// The measure: its id, or `measures/<id>`.
    pub measure: String,
    /// The period as typed: `Q3 2023/24`, `Apr 2024`, `2024-04`, `2023/24`.
    pub period: String,
    /// The figure as typed: `1,234`, `12.5`, `12%`, `£1,200`.
    pub value: String,
    pub note: Option<String>,
    /// Revise a figure already written.
    pub replace: bool,
    pub as_of: NaiveDate,
}

/// What recording comes to.
#[derive(Debug)]
pub enum Recorded {
    /// The change, reviewed against the plan, for the caller to settle.
    Reviewed(Reviewed),
    /// Refused as the rules say (a period not yet ended, a figure already
    /// there without `--replace`): the command's answer is "no".
    Refused(Error),
}

/// Reviews recording `request`'s figure against the plan the session holds.
/// A bad argument (an unknown measure, a period of another kind, a number
/// that does not read) is an error.
pub fn record(session: &Session, request: &RecordRequest) -> anyhow::Result<Recorded> {
    let loaded = session.loaded();
    let measure = loaded.resolve_measure(&request.measure)?;
    let period = period_of(measure, &request.period)?;
    let value = read_figure(&request.value, measure.unit.as_deref()).map_err(|message| {
        Error::usage(message).with_help(match measure.unit.as_deref() {
            Some(unit @ ("%" | "£")) => format!("write the figure in {unit}, e.g. 12.5"),
            Some(unit) => format!("write the number of {unit} alone, e.g. 1,234 or 12.5"),
            None => "write a number such as 1,234 or 12.5".into(),
        })
    })?;
    if !has_ended(period, request.as_of) {
        let from = period.last_day().succ_opt().unwrap_or(period.last_day());
        return Ok(Recorded::Refused(
            Error::usage(format!(
                "{period} has not ended by {}, so it has no figure yet",
                uk_date(request.as_of)
            ))
            .with_help(format!(
                "record {period}'s figure from {} on (--as-of DAY records as of another day)",
                uk_date(from)
            )),
        ));
    }
    let id = &measure.id;
    let existing = measure.value_for(period);
    // The same figure is one the file would write the same way.
    let same_value =
        existing.is_some_and(|figure| plain_number(figure.value) == plain_number(value));
    let note = match (&request.note, existing) {
        (Some(note), _) => Some(note.trim().to_string()).filter(|note| !note.is_empty()),
        // The same figure again keeps its note; a new one drops the old
        // figure's ("provisional" described the old figure).
        (None, Some(figure)) if same_value => figure.note.clone(),
        (None, _) => None,
    };
    if let Some(figure) = existing {
        if same_value && figure.note == note {
            return Ok(Recorded::Reviewed(unchanged(measure, period, value)));
        }
        if !request.replace {
            let written = shown_figure(measure, figure.value, figure.note.as_deref());
            return Ok(Recorded::Refused(
                Error::usage(format!("`{id}` already has {written} for {period}")).with_help(
                    format!(
                        "to revise it, add --replace: csp record {id} \"{period}\" {} --replace",
                        request.value.trim()
                    ),
                ),
            ));
        }
    }
    let mut edit = session.open_measure(&measure.id)?;
    edit.text = set_figure(&edit.text, period, value, note.as_deref())?;
    let (outcome, after) = session.review_measure(edit, request.as_of)?;
    let what = match existing {
        Some(figure) if !same_value => {
            let dropped = match (&figure.note, &note) {
                (Some(old), None) => format!(" (note \"{old}\" removed)"),
                _ => String::new(),
            };
            format!(
                "{period} revised from {}{dropped}",
                from_to(measure, figure.value, value)
            )
        }
        Some(_) => format!(
            "{period} note now {}",
            note.as_deref()
                .map_or_else(|| "none".to_string(), |note| format!("\"{note}\""))
        ),
        None => format!(
            "{period} recorded: {}",
            shown_figure(measure, value, note.as_deref())
        ),
    };
    Ok(Recorded::Reviewed(Reviewed {
        outcome,
        summary: format!(
            "{id}: {what}{}",
            standing_after(session, &after, request.as_of)
        ),
        unchanged: unchanged(measure, period, value).unchanged,
    }))
}

/// The period typed, checked against the measure's frequency.
fn period_of(measure: &Measure, typed: &str) -> Result<ReportingPeriod, Error> {
    let period = ReportingPeriod::parse(typed).map_err(|error| {
        let help = error.help.unwrap_or_else(|| {
            format!(
                "write the {} as {}",
                measure.frequency.name(),
                measure.frequency.example()
            )
        });
        Error::usage(error.message).with_help(help)
    })?;
    if period.frequency() == measure.frequency {
        return Ok(period);
    }
    let falls_in = ReportingPeriod::containing(period.first_day(), measure.frequency)
        .filter(|_| period.frequency() < measure.frequency)
        .map(|coarser| format!("; {period} falls in {coarser}"))
        .unwrap_or_default();
    Err(Error::usage(format!(
        "`{}` is a {}, but `{}` is reported each {}",
        typed.trim(),
        period.frequency().name(),
        measure.id,
        measure.frequency.name()
    ))
    .with_help(format!(
        "write the {} as {}{falls_in}",
        measure.frequency.name(),
        measure.frequency.example()
    )))
}

fn unchanged(measure: &Measure, period: ReportingPeriod, value: f64) -> Reviewed {
    let message = format!(
        "{}: {period} is already {}; nothing changed",
        measure.id,
        measure.show(value)
    );
    Reviewed {
        outcome: crate::edit::Outcome::Unchanged,
        summary: message.clone(),
        unchanged: message,
    }
}

/// `398 incidents` or `398 incidents (note: provisional)`.
fn shown_figure(measure: &Measure, value: f64, note: Option<&str>) -> String {
    match note {
        Some(note) => format!("{} (note: {note})", measure.show(value)),
        None => measure.show(value),
    }
}

/// `398 to 401 incidents`; `24.8% to 25.1%`; `£5 to £7`.
fn from_to(measure: &Measure, old: f64, new: f64) -> String {
    match measure.unit.as_deref() {
        Some("%" | "£") => format!("{} to {}", measure.show(old), measure.show(new)),
        unit => format!("{} to {}", with_unit(old, None), with_unit(new, unit)),
    }
}

/// What the year now stands at: "; 2023/24 to date: 1,239 incidents, amber".
fn standing_after(session: &Session, measure: &Measure, as_of: NaiveDate) -> String {
    let standing = performance::standing_in(&session.loaded().plan, measure, as_of);
    match (standing.year, standing.ytd) {
        (Some(year), Some(ytd)) => {
            let rag = standing
                .rag
                .map(|rag| format!(", {rag}"))
                .unwrap_or_default();
            format!("; {year} to date: {}{rag}", measure.show(ytd))
        }
        _ => String::new(),
    }
}
