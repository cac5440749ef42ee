//! Ids must differ by more than letter case: on Windows and macOS such
//! files overwrite each other, and people cannot tell them apart.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Action;

pub fn check(actions: &[&Action]) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Action> = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut actions = actions.to_vec();
    actions.sort_by(|a, b| a.id.cmp(&b.id));
    for action in actions {
        let folded = action.id.as_str().to_lowercase();
        match seen.get(&folded) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    Code::IdCaseClash,
                    format!(
                        "`{}` differs from `{}` only by letter case",
                        action.id, first.id
                    ),
                )
                .in_file(&action.file)
                .help(format!(
                    "rename one of the files; `{}` is the other",
                    first.file.display()
                )),
            ),
            None => {
                seen.insert(folded, action);
            }
        }
    }
    diagnostics
}
