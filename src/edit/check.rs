//! Whether a plan would still pass `csp validate` after an edit: the very
//! same checks, run on the plan as it would be, before anything is written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::load::{self, Loaded, MANIFEST_FILE, parse_action, parse_manifest, parse_measure};
use crate::model::shown_path;
use crate::model::{Action, ActionId};
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
    pub id: String,
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
    review_with_measures(loaded, actions, &[], manifest, today)
}

/// [`review`] with measure files (`measures`) replaced by their edited
/// text too.
pub fn review_with_measures(
    loaded: &Loaded,
    actions: &[EditedAction],
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
    for edited in measures {
        let file = parse_measure(&edited.text, &edited.file, &edited.id);
        let clean = file.is_clean();
        diagnostics.extend(file.diagnostics);
        let at = plan
            .measures
            .iter()
            .position(|measure| *measure.id == *edited.id);
        match (file.measure.filter(|_| clean), at) {
            (Some(measure), Some(at)) => plan.measures[at] = measure,
            (Some(measure), None) => plan.measures.push(measure),
            (None, Some(at)) => {
                plan.measures.remove(at);
            }
            (None, None) => {}
        }
    }
    let edited = Loaded {
        plan,
        has_manifest,
        files,
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
    }
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.severity == b.severity && a.message == b.message
}
