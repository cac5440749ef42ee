//! A due counted from the plan's start (`due = "start+6m"`) needs the
//! start: without `[plan] start` the action has no deadline at all, and
//! `csp overdue` would never name it.

use crate::dates::from_start_text;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(period) = action.due_from_start
        && plan.manifest.start.is_none()
    {
        diagnostics.push(
            Diagnostic::error(
                Code::NoPlanStart,
                format!(
                    "`due = \"{}\"` is counted from the plan's start, and csp.toml gives none",
                    from_start_text(period)
                ),
            )
            .in_file(plan.file_of(action))
            .help("add the day the plan began under [plan] in csp.toml, e.g. start = 2024-04-01"),
        );
    }
}
