//! Every lead and partner must be a key of `[leads]` in csp.toml.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};
use crate::suggest;

pub(super) fn check(plan: &Plan, actions: &[&Action]) -> Vec<Diagnostic> {
    let manifest = &plan.manifest;
    let mut diagnostics = Vec::new();
    for action in actions {
        let named = action
            .lead
            .iter()
            .zip(action.spans.lead())
            .map(|(key, span)| ("lead", key, span))
            .chain(
                action
                    .partners
                    .iter()
                    .zip(action.spans.partners())
                    .map(|(key, span)| ("partner", key, span)),
            );
        for (role, key, span) in named {
            if manifest.lead(key).is_some() {
                continue;
            }
            let help = match (manifest.find_lead(key), manifest.suggest_lead(key)) {
                (Some(lead), _) => {
                    format!("`{key}` is {}: write its key, \"{}\"", lead.name, lead.key)
                }
                (None, Some(near)) => format!("did you mean \"{near}\"?"),
                (None, None) => format!(
                    "add it to csp.toml as\n[leads.{}]\nname = \"…\"",
                    suggested_key(key)
                ),
            };
            diagnostics.push(
                Diagnostic::error(Code::UnknownLead, format!("unknown {role} `{key}`"))
                    .in_file(plan.file_of(action))
                    .at(Range::from(*span))
                    .label("not a key of [leads] in csp.toml")
                    .help(help),
            );
        }
    }
    diagnostics
}

/// A key for a new lead, from the words someone wrote.
fn suggested_key(text: &str) -> String {
    let key = suggest::slug(text);
    if key.is_empty() {
        "new-lead".into()
    } else {
        key
    }
}
