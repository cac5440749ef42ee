//! A progress note says what happened, so it is not dated after today, as
//! for `completed`.

use chrono::NaiveDate;

use crate::dates::uk_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(
    plan: &Plan,
    action: &Action,
    today: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for update in action.updates.iter().filter(|update| update.date > today) {
        diagnostics.push(
            Diagnostic::warning(
                Code::UpdateInFuture,
                format!(
                    "the progress note of {} is dated after today ({}): \"{}\"",
                    uk_date(update.date),
                    uk_date(today),
                    shorten(&update.text)
                ),
            )
            .in_file(plan.file_of(action))
            .help("date the note the day it happened"),
        );
    }
}

/// The note's first line, cut to a length that fits a message.
pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= MAX && !text.trim().contains('\n') {
        line.to_string()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{}…", cut.trim_end())
    }
}
