//! A due, completed or note date before 2000 or after 2100 (`0000-01-01`,
//! `9999-12-31`) is valid TOML but almost certainly a typo: a warning, and
//! the action still loads.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::updates::shorten;
use crate::dates::{Due, uk_date};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2100;

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    let plausible = |date: NaiveDate| (FIRST_YEAR..=LAST_YEAR).contains(&date.year());
    // Every date of every action is checked, so what a message needs
    // (the note's text, shortened) is made only for a date that fails.
    let due = action.due.map(Due::date);
    let updates_plausible = action.updates.iter().all(|update| plausible(update.date));
    if due.is_none_or(plausible) && action.completed.is_none_or(plausible) && updates_plausible {
        return;
    }
    let mut dates: Vec<(String, NaiveDate, Option<Range<usize>>)> = Vec::new();
    if let Some(due) = due {
        dates.push(("`due` is".into(), due, None));
    }
    if let Some(completed) = action.completed {
        dates.push((
            "`completed` is".into(),
            completed,
            action.spans.completed.map(Range::from),
        ));
    }
    for update in &action.updates {
        dates.push((
            format!("the progress note \"{}\" is dated", shorten(&update.text)),
            update.date,
            None,
        ));
    }
    for (what, date, span) in dates {
        if plausible(date) {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                Code::ImplausibleDate,
                format!("{what} {}: probably a typo", uk_date(date)),
            )
            .in_file(plan.file_of(action))
            .at_opt(span)
            .label(format!("before {FIRST_YEAR} or after {LAST_YEAR}"))
            .help("check the year"),
        );
    }
}
