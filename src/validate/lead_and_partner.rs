//! A body both leads an action and is a partner in it: a lead is involved
//! already, and listing it twice counts it twice in `--involving` answers.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, action: &Action, diagnostics: &mut Vec<Diagnostic>) {
    let partner_spans = action.spans.partners();
    for (i, key) in action.partners.iter().enumerate() {
        // Once per body, however often it is repeated (listed_twice says that).
        if !action.lead.contains(key) || action.partners[..i].contains(key) {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                Code::LeadAndPartner,
                format!("`{key}` is both a lead and a partner of this action"),
            )
            .in_file(plan.file_of(action))
            .at_opt(partner_spans.get(i).copied().map(Range::from))
            .label("a lead already")
            .help(format!(
                "remove \"{key}\" from `partners`: as a lead it is involved already"
            )),
        );
    }
}
