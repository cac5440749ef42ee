//! A lead or partner named twice in one action (`lead = ["council",
//! "council"]`): harmless to csp, but a sign of a copy-paste slip, and it
//! would count the body twice in a listing by lead.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    for (field, keys, spans) in [
        ("lead", &action.lead, action.spans.lead()),
        ("partners", &action.partners, action.spans.partners()),
    ] {
        for (i, key) in keys.iter().enumerate() {
            if !keys[..i].contains(key) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    Code::ListedTwice,
                    format!("`{key}` is listed twice in `{field}`"),
                )
                .in_file(plan.file_of(action))
                .at_opt(spans.get(i).copied().map(Range::from))
                .label("listed already")
                .help(format!("remove the second \"{key}\"")),
            );
        }
    }
}
