//! Every `priority` must be a key of `[priorities]` in csp.toml.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    for (key, span) in action.priority.iter().zip(action.spans.priority()) {
        if plan.manifest.priority(*key).is_some() {
            continue;
        }
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
        diagnostics.push(
            Diagnostic::error(Code::UnknownPriority, format!("unknown priority {key}"))
                .in_file(plan.file_of(action))
                .at(Range::from(*span))
                .label("not a key of [priorities] in csp.toml")
                .help(help),
        );
    }
}
