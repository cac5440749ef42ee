//! How each measure fits the plan: its leads, priorities and actions must
//! exist, and no figure may be for a period that has not ended yet.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::dates::uk_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, Measure, Plan, shown_path};
use crate::performance::has_ended;
use crate::suggest;

pub(super) fn check(
    plan: &Plan,
    actions: &[&Action],
    has_manifest: bool,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    if plan.measures.is_empty() {
        return Vec::new();
    }
    let ids: HashSet<&str> = actions.iter().map(|action| action.id.as_str()).collect();
    let mut found = Vec::new();
    for measure in &plan.measures {
        let file = shown_path(&plan.root, Path::new(&measure.relative_file()));
        if has_manifest {
            leads(plan, measure, &file, &mut found);
            priorities(plan, measure, &file, &mut found);
        }
        linked_actions(measure, &ids, &file, &mut found);
        portable_name(measure, &file, &mut found);
        future_figures(measure, today, &file, &mut found);
    }
    found
}

fn leads(plan: &Plan, measure: &Measure, file: &Path, found: &mut Vec<Diagnostic>) {
    for (key, span) in measure.lead.iter().zip(&measure.spans.lead) {
        if plan.manifest.lead(key).is_none() {
            found.push(
                super::leads::unknown(&plan.manifest, "lead", key)
                    .in_file(file)
                    .at(span.clone()),
            );
        }
    }
}

fn priorities(plan: &Plan, measure: &Measure, file: &Path, found: &mut Vec<Diagnostic>) {
    for (key, span) in measure.priority.iter().zip(&measure.spans.priority) {
        if plan.manifest.priority(*key).is_none() {
            found.push(
                super::priorities::unknown(plan, *key)
                    .in_file(file)
                    .at(span.clone()),
            );
        }
    }
}

fn linked_actions(
    measure: &Measure,
    ids: &HashSet<&str>,
    file: &Path,
    found: &mut Vec<Diagnostic>,
) {
    for (id, span) in measure.actions.iter().zip(&measure.spans.actions) {
        if ids.contains(id.as_str()) {
            continue;
        }
        let help = match suggest::closest_name(id, ids.iter().copied()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => "name an action by its id, its path under the plan without `.toml`, e.g. \"prevention/asb-hotspots\"".into(),
        };
        found.push(
            Diagnostic::error(Code::UnknownAction, format!("no action `{id}`"))
                .in_file(file)
                .at(span.clone())
                .label("not an action of this plan")
                .help(help),
        );
    }
}

/// A measure's file name, held to the rule action files are
/// (`validate::portable_names`): a Windows clone must be able to check it
/// out. A warning: the plan works here, and the fix is a rename.
fn portable_name(measure: &Measure, file: &Path, found: &mut Vec<Diagnostic>) {
    let name = format!("{}.toml", measure.id);
    if let Some(problem) = crate::portable::windows_problem(&name) {
        found.push(
            Diagnostic::warning(Code::NotPortable, format!("the file name `{name}` {problem}"))
                .in_file(file)
                .help("rename the file (`git mv`) to lowercase letters, digits and '-', so the plan can be checked out on Windows"),
        );
    }
}

fn future_figures(measure: &Measure, today: NaiveDate, file: &Path, found: &mut Vec<Diagnostic>) {
    for figure in measure
        .values
        .iter()
        .filter(|f| !has_ended(f.period, today))
    {
        found.push(
            Diagnostic::warning(
                Code::FigureInFuture,
                format!(
                    "a figure for {}, which has not ended by {}",
                    figure.period,
                    uk_date(today)
                ),
            )
            .in_file(file)
            .at(figure.span.clone())
            .label("left out of the year to date, RAG and direction until it ends")
            .help(format!(
                "record a period's figure after its last day ({})",
                uk_date(figure.period.last_day())
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Code;
    use crate::load::parse_measure;
    use crate::model::Manifest;

    // A device name cannot be committed to this repository (Windows clones
    // of it would fail), so the file is made here.
    #[test]
    fn a_measure_file_windows_cannot_check_out_warns() {
        let text: Arc<str> = Arc::from(
            "title = \"t\"\nlead = [\"police\"]\nbetter = \"lower\"\nfrequency = \"year\"\naggregate = \"sum\"\n",
        );
        let measure = parse_measure(&text, Path::new("measures/con.toml"), "con")
            .measure
            .unwrap();
        let plan = Plan {
            root: PathBuf::from("plan"),
            manifest: Manifest::default(),
            actions: Vec::new(),
            measures: vec![measure],
        };
        let date = NaiveDate::from_ymd_opt(2024, 2, 20).unwrap();
        let found = check(&plan, &[], false, date);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::NotPortable);
        assert!(found[0].message.contains("`con.toml` is a device name"));
    }
}
