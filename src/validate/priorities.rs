//! Every `priority` must be a key of `[priorities]` in csp.toml.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    for (key, span) in action.priority.iter().zip(action.spans.priority()) {
        if plan.manifest.priority(*key).is_none() {
            diagnostics.push(
                unknown(plan, *key)
                    .in_file(plan.file_of(action))
                    .at(Range::from(*span)),
            );
        }
    }
}

/// The finding for a priority `key` csp.toml does not list, for an action
/// or a measure to place.
pub(super) fn unknown(plan: &Plan, key: u32) -> Diagnostic {
    let known: Vec<String> = plan
        .manifest
        .priorities
        .iter()
        .map(|priority| priority.key.to_string())
        .collect();
    let help = if known.is_empty() {
        "csp.toml lists no [priorities]; add them there first".to_string()
    } else {
        format!("the plan's priorities are {}", known.join(", "))
    };
    Diagnostic::error(Code::UnknownPriority, format!("unknown priority {key}"))
        .label("not a key of [priorities] in csp.toml")
        .help(help)
}
