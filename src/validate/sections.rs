//! Section directories and the manifest's `[sections]` agree.

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::MANIFEST_FILE;
use crate::model::shown_path;
use crate::model::{Action, Plan};

pub(super) fn check(plan: &Plan, actions: &[&Action]) -> Vec<Diagnostic> {
    let manifest_file = shown_path(&plan.root, std::path::Path::new(MANIFEST_FILE));
    let mut used = BTreeSet::new();
    // Actions come in plan order, section by section: a section already
    // met by the action before needs no lookup (a large plan has some
    // twenty actions to a section).
    let mut previous = None;
    for action in actions {
        let mut section = action.section();
        if previous.replace(section) == Some(section) {
            continue;
        }
        while !section.is_empty() && used.insert(section) {
            section = section.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    let listed = plan.manifest.section_paths();
    let mut diagnostics = Vec::new();
    for section in &used {
        if !listed.contains(section) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::SectionNotListed,
                    format!("section directory `{section}` is not in [sections]"),
                )
                .in_file(&manifest_file)
                .help(format!(
                    "add it to [sections] in csp.toml with its title, e.g. \"{section}\" = \"…\""
                )),
            );
        }
    }
    for section in &plan.manifest.sections {
        // A section holding action files was just walked: no need to ask
        // the file system again (a plan can list thousands of sections).
        if !used.contains(section.path.as_str()) && !plan.root.join(&section.path).is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::SectionMissing,
                    format!("section `{}` has no directory in the plan", section.path),
                )
                .in_file(&manifest_file)
                .at_opt(plan.manifest.spans.sections.get(&section.path).cloned())
                .help(format!(
                    "create the directory `{}` or remove the entry",
                    section.path
                )),
            );
        }
    }
    diagnostics
}
