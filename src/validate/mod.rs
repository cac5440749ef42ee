//! How the files of a plan fit together: each rule in its own file, each
//! producing diagnostics. Problems within one file are found by `load`.

mod completion;
mod empty;
mod from_start;
mod ids;
mod lead_and_partner;
mod leads;
mod limit;
mod listed_twice;
mod measures;
mod plausible_dates;
mod portable_names;
mod priorities;
mod sections;
mod updates;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity, attach_sources};
use crate::load::Loaded;
use crate::model::Action;

/// Every problem with the plan: the loader's and the rules', sorted by file
/// and position, each with its source text attached for snippets.
pub fn validate(loaded: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    let plan = &loaded.plan;
    let actions: Vec<_> = loaded.all_actions().collect();
    let mut diagnostics = loaded.diagnostics.clone();
    // The rules of one action run in one pass over the plan, on every core:
    // a large plan's actions do not fit in the CPU's caches, and a pass per
    // rule fetched each action from memory again. The rules across actions
    // run beside that pass. The sort below puts every finding in its place.
    let (each_action, (sections, ids)) = rayon::join(
        || each_action(loaded, &actions, today),
        || {
            rayon::join(
                || {
                    if loaded.has_manifest {
                        sections::check(plan, &actions)
                    } else {
                        Vec::new()
                    }
                },
                || ids::check(plan, &actions),
            )
        },
    );
    diagnostics.extend(each_action);
    diagnostics.extend(sections);
    diagnostics.extend(ids);
    diagnostics.extend(portable_names::check(plan, &actions));
    diagnostics.extend(measures::check(plan, &actions, loaded.has_manifest, today));
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

/// The rules that look at one action at a time, over every action, in
/// chunks on every core; findings come back in plan order.
fn each_action(loaded: &Loaded, actions: &[&Action], today: NaiveDate) -> Vec<Diagnostic> {
    const CHUNK: usize = 512;
    let plan = &loaded.plan;
    let lead_keys = leads::keys(plan);
    actions
        .par_chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let mut found = Vec::new();
            for action in chunk {
                if loaded.has_manifest {
                    leads::check(plan, &lead_keys, action, &mut found);
                    priorities::check(plan, action, &mut found);
                }
                completion::check(plan, action, today, &mut found);
                listed_twice::check(plan, action, &mut found);
                lead_and_partner::check(plan, action, &mut found);
                updates::check(plan, action, today, &mut found);
                plausible_dates::check(plan, action, &mut found);
                if loaded.has_manifest {
                    from_start::check(plan, action, &mut found);
                }
            }
            found
        })
        .collect()
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}
