//! Every lead and partner must be a key of `[leads]` in csp.toml.

use std::collections::HashSet;
use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Manifest, Plan};
use crate::suggest;

/// The keys of `[leads]`, made once for the whole plan: every lead and
/// partner of every action is looked up, and a set does it without
/// comparing the key with each lead's in turn.
pub(super) fn keys(plan: &Plan) -> HashSet<&str> {
    plan.manifest
        .leads
        .iter()
        .map(|lead| lead.key.as_str())
        .collect()
}

pub(super) fn check(
    plan: &Plan,
    keys: &HashSet<&str>,
    action: &Action,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let manifest = &plan.manifest;
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
        if !keys.contains(&**key) {
            diagnostics.push(
                unknown(manifest, role, key)
                    .in_file(plan.file_of(action))
                    .at(Range::from(*span)),
            );
        }
    }
}

/// The finding for a lead or partner `key` that `[leads]` does not hold,
/// with the key to write when the name is known, for an action or a
/// measure to place.
pub(super) fn unknown(manifest: &Manifest, role: &str, key: &str) -> Diagnostic {
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
    Diagnostic::error(Code::UnknownLead, format!("unknown {role} `{key}`"))
        .label("not a key of [leads] in csp.toml")
        .help(help)
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
