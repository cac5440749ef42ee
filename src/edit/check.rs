//! Whether a plan would still pass `csp validate` after an edit: the very
//! same checks, run on the plan as it would be, before anything is written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::load::{self, Loaded, MANIFEST_FILE, parse_action, parse_manifest, parse_measure};
use crate::model::shown_path;
use crate::model::{Action, ActionId, Measure};
use crate::validate::validate;

/// An action file's text after an edit (or a new file's).
#[derive(Clone, Debug)]
pub struct EditedAction {
    pub id: ActionId,
    /// The file as shown to the user, as the loader names it.
    pub file: PathBuf,
    /// LF text, as `toml_edit` produced it.
    pub text: Arc<str>,
}

/// A measure file's text after an edit.
#[derive(Clone, Debug)]
pub struct EditedMeasure {
    /// The file's stem under `measures/`.
    pub id: Box<str>,
    /// The file as shown to the user, as the loader names it.
    pub file: PathBuf,
    /// LF text, as `toml_edit` produced it.
    pub text: Arc<str>,
}

/// What the checks say about an edit.
#[derive(Debug)]
pub struct Review {
    /// Problems in the edited files that were not there before (matched by
    /// code and message, so that a file's old problems do not block an
    /// unrelated edit, nor one that fixes them).
    pub gained: Vec<Diagnostic>,
    /// Each edited action as it would load, in the order given; `None` for
    /// text that is not TOML at all.
    pub actions: Vec<Option<Action>>,
    /// Each edited measure as it would load, in the order given; `None`
    /// for text that does not load as a measure.
    pub measures: Vec<Option<Measure>>,
}

impl Review {
    /// Whether the edit must not be written.
    pub fn is_refused(&self) -> bool {
        self.gained.iter().any(Diagnostic::is_error)
    }
}

/// Runs `csp validate`'s checks on `loaded` with `actions` (and the
/// manifest, when given) replaced by their edited text.
pub fn review(
    loaded: &Loaded,
    actions: &[EditedAction],
    manifest: Option<&Arc<str>>,
    today: NaiveDate,
) -> Review {
    review_change(loaded, actions, &[], &[], manifest, today)
}

/// [`review`] of a whole change: action files edited (`actions`) or
/// removed (`removed`: a rollover retiring what was done or dropped), and
/// measure files edited (`measures`), each re-read by the loader's own
/// parser, so that a write never leaves a file `csp validate` would reject.
pub fn review_change(
    loaded: &Loaded,
    actions: &[EditedAction],
    removed: &[ActionId],
    measures: &[EditedMeasure],
    manifest: Option<&Arc<str>>,
    today: NaiveDate,
) -> Review {
    let manifest_file = shown_path(&loaded.plan.root, Path::new(MANIFEST_FILE));
    let mut touched: Vec<(&Path, &Arc<str>)> = actions
        .iter()
        .map(|action| (action.file.as_path(), &action.text))
        .collect();
    touched.extend(
        measures
            .iter()
            .map(|measure| (measure.file.as_path(), &measure.text)),
    );
    if let Some(text) = manifest {
        touched.push((&manifest_file, text));
    }
    let in_touched_file = |diagnostic: &Diagnostic| {
        diagnostic
            .file
            .as_deref()
            .is_some_and(|file| touched.iter().any(|(path, _)| *path == file))
    };
    let mut before: Vec<Diagnostic> = validate(loaded, today)
        .into_iter()
        .filter(|diagnostic| in_touched_file(diagnostic))
        .collect();

    let mut plan = loaded.plan.clone();
    let mut rejected = loaded.rejected.clone();
    let mut diagnostics: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|diagnostic| !in_touched_file(diagnostic))
        .cloned()
        .collect();
    let mut has_manifest = loaded.has_manifest;
    if let Some(text) = manifest {
        let (parsed, found) = parse_manifest(text, &manifest_file);
        has_manifest = parsed.is_some();
        plan.manifest = parsed.unwrap_or_default();
        diagnostics.extend(found);
    }
    let mut files = loaded.files;
    if !removed.is_empty() {
        let gone = |action: &Action| removed.contains(&action.id);
        files -= plan
            .actions
            .iter()
            .chain(&rejected)
            .filter(|a| gone(a))
            .count();
        plan.actions.retain(|action| !gone(action));
        rejected.retain(|action| !gone(action));
    }
    let mut parsed = Vec::with_capacity(actions.len());
    for edited in actions {
        let known = plan
            .actions
            .iter()
            .chain(&rejected)
            .any(|a| a.id == edited.id);
        if !known {
            files += 1;
        }
        plan.actions.retain(|action| action.id != edited.id);
        rejected.retain(|action| action.id != edited.id);
        let file = parse_action(&edited.text, &edited.file, edited.id.clone());
        let clean = file.is_clean();
        diagnostics.extend(file.diagnostics);
        parsed.push(file.action.clone());
        match file.action {
            Some(action) if clean => plan.actions.push(action),
            Some(action) => rejected.push(action),
            None => {}
        }
    }
    load::sort_in_plan_order(&mut plan.actions, &plan.manifest);
    // As the loader does: dues counted from the start, from the start the
    // (possibly edited) manifest gives.
    load::resolve_from_start(&mut plan.actions, plan.manifest.start);
    let mut parsed_measures = Vec::with_capacity(measures.len());
    for edited in measures {
        plan.measures.retain(|measure| measure.id != edited.id);
        let file = parse_measure(&edited.text, &edited.file, &edited.id);
        let clean = file.is_clean();
        diagnostics.extend(file.diagnostics);
        parsed_measures.push(file.measure.clone().filter(|_| clean));
        if let Some(measure) = file.measure.filter(|_| clean) {
            plan.measures.push(measure);
        }
    }
    plan.measures.sort_by(|a, b| a.id.cmp(&b.id));
    let edited = Loaded {
        plan,
        has_manifest,
        files,
        measure_files: loaded.measure_files,
        rejected,
        diagnostics,
    };

    let mut gained = Vec::new();
    for mut diagnostic in validate(&edited, today) {
        let Some((_, text)) = touched
            .iter()
            .find(|(path, _)| diagnostic.file.as_deref() == Some(*path))
        else {
            continue;
        };
        // Snippets must show the edited text, not the file still on disk.
        diagnostic.source = Some(Arc::clone(text));
        let old = before.iter().position(|old| same_problem(old, &diagnostic));
        match old {
            Some(index) => {
                before.swap_remove(index);
            }
            None => gained.push(diagnostic),
        }
    }
    Review {
        gained,
        actions: parsed,
        measures: parsed_measures,
    }
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.severity == b.severity && a.message == b.message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(loaded: &Loaded, text: &str) -> EditedMeasure {
        EditedMeasure {
            id: "asb-incidents".into(),
            file: shown_path(&loaded.plan.root, Path::new("measures/asb-incidents.toml")),
            text: Arc::from(text),
        }
    }

    #[test]
    fn an_edited_measure_is_read_again_and_refused_if_it_would_not_load() {
        let loaded = load::load(Path::new("tests/fixtures/measures/plan")).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 2, 20).unwrap();
        let file =
            std::fs::read_to_string("tests/fixtures/measures/plan/measures/asb-incidents.toml")
                .unwrap();
        let good = format!("{file}\"Q3 2023/24\" = 410\n");
        let review = review_change(&loaded, &[], &[], &[edited(&loaded, &good)], None, today);
        assert!(!review.is_refused(), "{:?}", review.gained);
        let measure = review.measures[0].as_ref().unwrap();
        assert_eq!(measure.values.len(), 3);

        // Two figures for one period, written two ways: the loader's error.
        let twice = format!("{file}\"q2 2023/24\" = 1\n");
        let review = review_change(&loaded, &[], &[], &[edited(&loaded, &twice)], None, today);
        assert!(review.is_refused());
        assert!(review.measures[0].is_none());
        assert!(
            review
                .gained
                .iter()
                .any(|d| d.message.contains("two figures for Q2 2023/24")),
            "{:?}",
            review.gained
        );
    }
}
