//! Ids must differ by more than letter case: on Windows and macOS such
//! files overwrite each other, and people cannot tell them apart.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, actions: &[&Action]) -> Vec<Diagnostic> {
    // Ids are paths, so no two are equal: two can only clash when one has
    // a letter that folding changes, and most plans have none at all.
    if actions
        .iter()
        .all(|action| matches!(folded(action.id.as_str()), Cow::Borrowed(_)))
    {
        return Vec::new();
    }
    let mut seen: HashMap<Cow<'_, str>, &Action> = HashMap::with_capacity(actions.len());
    let mut diagnostics = Vec::new();
    let mut actions = actions.to_vec();
    actions.sort_by(|a, b| a.id.cmp(&b.id));
    for action in actions {
        let folded = folded(action.id.as_str());
        match seen.get(&folded) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    Code::IdCaseClash,
                    format!(
                        "`{}` differs from `{}` only by letter case",
                        action.id, first.id
                    ),
                )
                .in_file(plan.file_of(action))
                .help(format!(
                    "rename one of the files; `{}` is the other",
                    plan.file_of(first).display()
                )),
            ),
            None => {
                seen.insert(folded, action);
            }
        }
    }
    diagnostics
}

/// `id` in lower case, borrowed when it already is: ids are nearly always
/// lower case, and a large plan should not copy every one of them.
fn folded(id: &str) -> Cow<'_, str> {
    let unchanged = if id.is_ascii() {
        !id.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        id.chars().all(|c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        })
    };
    if unchanged {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(id.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::folded;

    #[test]
    fn folding_borrows_only_what_lower_case_leaves_alone() {
        assert!(matches!(
            folded("a/b-1"),
            std::borrow::Cow::Borrowed("a/b-1")
        ));
        assert_eq!(folded("S/B"), "s/b");
        assert_eq!(folded("ǅ/ΣΑΣ"), "ǆ/σας");
    }
}
