//! How the files of a plan fit together: each rule in its own file, each
//! producing diagnostics. Problems within one file are found by `load`.

mod completion;
mod empty;
mod ids;
mod lead_and_partner;
mod leads;
mod limit;
mod listed_twice;
mod plausible_dates;
mod priorities;
mod sections;
mod updates;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Severity, attach_sources};
use crate::load::Loaded;

/// Every problem with the plan: the loader's and the rules', sorted by file
/// and position, each with its source text attached for snippets.
pub fn validate(loaded: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    let plan = &loaded.plan;
    let actions: Vec<_> = loaded.all_actions().collect();
    let mut diagnostics = loaded.diagnostics.clone();
    // The rules are independent; on a large plan, running them side by side
    // keeps every core busy. Results are appended in a fixed order.
    let (manifest_rules, (completion, ids)) = rayon::join(
        || {
            if !loaded.has_manifest {
                return Vec::new();
            }
            let (leads, (priorities, sections)) = rayon::join(
                || leads::check(plan, &actions),
                || {
                    rayon::join(
                        || priorities::check(plan, &actions),
                        || sections::check(plan, &actions),
                    )
                },
            );
            [leads, priorities, sections].concat()
        },
        || {
            rayon::join(
                || completion::check(&loaded.plan, &actions, today),
                || ids::check(&loaded.plan, &actions),
            )
        },
    );
    diagnostics.extend(manifest_rules);
    diagnostics.extend(completion);
    diagnostics.extend(ids);
    diagnostics.extend(listed_twice::check(plan, &actions));
    diagnostics.extend(lead_and_partner::check(plan, &actions));
    diagnostics.extend(updates::check(plan, &actions, today));
    diagnostics.extend(plausible_dates::check(plan, &actions));
    diagnostics.extend(empty::check(loaded));
    attach_sources(&mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (
            &a.file,
            a.span.as_ref().map(|s| s.start),
            severity_rank(a.severity),
        )
            .cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                severity_rank(b.severity),
            ))
    });
    limit::per_file(diagnostics)
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}
