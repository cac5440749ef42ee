//! A done action says when it was done, and not in the future.

use std::ops::Range;

use chrono::NaiveDate;

use crate::dates::uk_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan, Status};

pub(super) fn check(
    plan: &Plan,
    action: &Action,
    today: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if action.status == Status::Done && action.completed.is_none() {
        diagnostics.push(
            Diagnostic::error(
                Code::DoneWithoutCompleted,
                "the action is done but does not say when",
            )
            .in_file(plan.file_of(action))
            .at_opt(action.spans.status.map(Range::from))
            .label("status is done")
            .help(format!(
                "add the day it was completed, e.g. completed = {}",
                today.format("%Y-%m-%d")
            )),
        );
    }
    if let Some(completed) = action.completed
        && completed > today
    {
        diagnostics.push(
            Diagnostic::warning(
                Code::CompletedInFuture,
                format!(
                    "`completed` is {}, after today ({})",
                    uk_date(completed),
                    uk_date(today)
                ),
            )
            .in_file(plan.file_of(action))
            .at_opt(action.spans.completed.map(Range::from))
            .help("record the day the action was actually done"),
        );
    }
}
