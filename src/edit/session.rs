//! The one way a command changes the plan: open a session on the plan,
//! open the action (or build the files) to change, review the change
//! against the whole plan with `csp validate`'s rules, and get back an
//! [`Outcome`]: refused, unchanged, or the exact files to write. Only then,
//! and only if the caller wants it (not `--dry-run`), [`Session::write`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;

use super::check::{EditedAction, EditedMeasure, Review, review, review_change};
use super::document::ActionDocument;
use super::lock::PlanLock;
use super::text::Source;
use super::write::{self, FileEdit};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded, ResolveError};
use crate::model::{Action, Manifest, Measure, Plan, shown_path};

/// The plan, loaded for a change, with the plan's write lock held from
/// before the load until the session is dropped (after the last rename).
pub struct Session {
    loaded: Loaded,
    // Declared last: dropped after everything else.
    lock: Option<PlanLock>,
}

/// What a reviewed change comes to.
#[derive(Debug)]
pub enum Outcome {
    /// The change would bring errors into the plan: nothing may be written.
    Refused { problems: Vec<Diagnostic> },
    /// The files already say what the change says.
    Unchanged,
    /// The files to write, with the warnings the change brings (shown, but
    /// no reason to refuse it).
    Write {
        edits: Vec<FileEdit>,
        warnings: Vec<Diagnostic>,
    },
}

/// One action file opened for editing.
pub struct ActionEdit {
    /// The action as it loaded, before the edit.
    pub action: Action,
    pub document: ActionDocument,
    file: PathBuf,
    source: Source,
}

impl ActionEdit {
    /// The action file exactly as read from disk, before the edit.
    pub fn original(&self) -> &str {
        self.source.original()
    }

    /// The edited text, for a review of several kinds of change at once
    /// ([`Session::review_change`]).
    pub fn edited(&self) -> EditedAction {
        EditedAction {
            id: self.action.id.clone(),
            file: self.file.clone(),
            text: Arc::from(self.document.text()),
        }
    }

    /// The file as the edit leaves it, in the file's own line endings.
    pub fn file_edit(&self) -> FileEdit {
        FileEdit {
            path: self.file.clone(),
            before: Some(self.source.original().to_string()),
            after: self.source.restore(&self.document.text()),
            removed: false,
        }
    }

    /// The removal of the file, if it still holds what was read.
    pub fn removal(&self) -> FileEdit {
        FileEdit::removal(self.file.clone(), self.source.original().to_string())
    }
}

/// One measure file opened for editing: its text is replaced whole by
/// the caller (see [`super::figure::set_figure`]).
pub struct MeasureEdit {
    /// The measure as it loaded, before the edit.
    pub measure: Measure,
    /// The file's LF text as edited so far.
    pub text: String,
    file: PathBuf,
    source: Source,
}

impl MeasureEdit {
    /// The measure file exactly as read from disk, before the edit.
    pub fn original(&self) -> &str {
        self.source.original()
    }
}

impl Session {
    /// Takes the plan's write lock, then loads the plan at `root` for a
    /// change. If another writer holds the lock, `on_wait` is called once
    /// and the lock tried again for up to `wait`, then the session fails
    /// with an environment error, having read and written nothing.
    pub fn begin(root: &Path, wait: Duration, on_wait: impl FnOnce()) -> anyhow::Result<Self> {
        let lock = PlanLock::acquire(root, wait, on_wait)?;
        Ok(Self {
            loaded: load::load(root)?,
            lock: Some(lock),
        })
    }

    /// Loads the plan at `root` to look at a change without making it (a
    /// dry run): no lock, as for any reader, and [`Session::write`] refuses.
    pub fn begin_unlocked(root: &Path) -> anyhow::Result<Self> {
        Ok(Self {
            loaded: load::load(root)?,
            lock: None,
        })
    }

    /// Opens a session on a plan about to be started in `root` (`csp
    /// init`): the directory is made if missing, so that it can hold the
    /// lock, and locked as for any writer. The plan held is an empty one,
    /// against which the new plan's files are reviewed.
    pub fn begin_new(root: &Path, wait: Duration, on_wait: impl FnOnce()) -> anyhow::Result<Self> {
        std::fs::create_dir_all(root).map_err(|error| {
            Error::environment(format!(
                "cannot make the plan directory `{}`: {error}",
                root.display()
            ))
        })?;
        let lock = PlanLock::acquire(root, wait, on_wait)?;
        Ok(Self {
            loaded: empty_plan(root),
            lock: Some(lock),
        })
    }

    /// [`Session::begin_new`] for a dry run: nothing made, nothing locked.
    pub fn begin_new_unlocked(root: &Path) -> Self {
        Self {
            loaded: empty_plan(root),
            lock: None,
        }
    }

    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Opens the action `query` names. A file with errors is refused: csp
    /// changes only what it has read whole.
    pub fn open(&self, query: &str) -> anyhow::Result<ActionEdit> {
        let action = self
            .loaded
            .resolve(query)
            .map_err(|error: ResolveError| Error::from(error))?
            .clone();
        let file = self.loaded.plan.file_of(&action);
        let source = Source::new(
            std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read `{}`", file.display()))?,
        );
        let document = ActionDocument::parse(source.text())
            .with_context(|| format!("cannot read `{}` as TOML", file.display()))?;
        Ok(ActionEdit {
            action,
            document,
            file,
            source,
        })
    }

    /// Opens the measure of id `id` (its file's stem under `measures/`).
    pub fn open_measure(&self, id: &str) -> anyhow::Result<MeasureEdit> {
        let plan = &self.loaded.plan;
        let Some(measure) = plan.measure(id) else {
            return Err(Error::usage(format!("there is no measure `{id}`"))
                .with_help("csp measures lists them")
                .into());
        };
        let file = shown_path(&plan.root, Path::new(&measure.relative_file()));
        let source = Source::new(
            std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read `{}`", file.display()))?,
        );
        Ok(MeasureEdit {
            measure: measure.clone(),
            text: source.text().to_string(),
            file,
            source,
        })
    }

    /// Reviews an edited measure file against the plan, re-reading it as
    /// the loader does. With the outcome comes the measure as it will load
    /// after the change (as it loaded before, when the change is refused).
    pub fn review_measure(
        &self,
        edit: MeasureEdit,
        today: NaiveDate,
    ) -> anyhow::Result<(Outcome, Measure)> {
        let text: Arc<str> = Arc::from(edit.text.as_str());
        let edited = EditedMeasure {
            id: edit.measure.id.clone(),
            file: edit.file.clone(),
            text: Arc::clone(&text),
        };
        let mut review = review_change(&self.loaded, &[], &[], &[edited], None, today);
        if review.is_refused() {
            return Ok((
                Outcome::Refused {
                    problems: review.gained,
                },
                edit.measure,
            ));
        }
        let Some(after) = review.measures.pop().flatten() else {
            return Err(Error::usage(format!(
                "`{}` would not load as a measure after the change (a bug in csp: please report it)",
                edit.file.display()
            ))
            .into());
        };
        let file_edit = FileEdit {
            after: edit.source.restore(&text),
            before: Some(edit.source.original().to_string()),
            path: edit.file,
            removed: false,
        };
        Ok((Outcome::of(review.gained, vec![file_edit]), after))
    }

    /// Reviews an edited action against the plan. With the outcome comes
    /// the action as it will load after the change (for the summary).
    pub fn review_action(
        &self,
        edit: ActionEdit,
        today: NaiveDate,
    ) -> anyhow::Result<(Outcome, Action)> {
        let before = edit.action.clone();
        let (outcome, mut after) = self.review_actions(vec![edit], today)?;
        Ok((outcome, after.pop().unwrap_or(before)))
    }

    /// Reviews edited actions against the plan as one change: the plan as
    /// it would be with all of them. With the outcome come the actions as
    /// they will load after the change, in the order given (as they loaded
    /// before, when the change is refused).
    pub fn review_actions(
        &self,
        edits: Vec<ActionEdit>,
        today: NaiveDate,
    ) -> anyhow::Result<(Outcome, Vec<Action>)> {
        self.review_edits(edits, Vec::new(), today)
    }

    /// [`Session::review_actions`] with edited measure files in the same
    /// change: the outcome's files are the actions', in order, then the
    /// measures', in order.
    pub fn review_edits(
        &self,
        edits: Vec<ActionEdit>,
        measures: Vec<MeasureEdit>,
        today: NaiveDate,
    ) -> anyhow::Result<(Outcome, Vec<Action>)> {
        let texts: Vec<Arc<str>> = edits
            .iter()
            .map(|edit| Arc::from(edit.document.text()))
            .collect();
        let edited: Vec<EditedAction> = edits
            .iter()
            .zip(&texts)
            .map(|(edit, text)| EditedAction {
                id: edit.action.id.clone(),
                file: edit.file.clone(),
                text: Arc::clone(text),
            })
            .collect();
        let measure_texts: Vec<EditedMeasure> = measures
            .iter()
            .map(|edit| EditedMeasure {
                id: edit.measure.id.clone(),
                file: edit.file.clone(),
                text: Arc::from(edit.text.as_str()),
            })
            .collect();
        let review = review_change(&self.loaded, &edited, &[], &measure_texts, None, today);
        if review.is_refused() {
            return Ok((
                Outcome::Refused {
                    problems: review.gained,
                },
                edits.into_iter().map(|edit| edit.action).collect(),
            ));
        }
        let mut afters = Vec::with_capacity(edits.len());
        let mut file_edits = Vec::with_capacity(edits.len());
        for ((edit, text), after) in edits.into_iter().zip(&texts).zip(review.actions) {
            let Some(after) = after else {
                return Err(Error::usage(format!(
                    "`{}` would not be TOML after the change",
                    edit.file.display()
                ))
                .into());
            };
            afters.push(after);
            file_edits.push(FileEdit {
                after: edit.source.restore(text),
                removed: false,
                before: Some(edit.source.original().to_string()),
                path: edit.file,
            });
        }
        for edit in measures {
            file_edits.push(FileEdit {
                after: edit.source.restore(&edit.text),
                before: Some(edit.source.original().to_string()),
                path: edit.file,
                removed: false,
            });
        }
        Ok((Outcome::of(review.gained, file_edits), afters))
    }

    /// Reviews new or changed files (`actions`, and the manifest's new
    /// text) against the plan: the raw review, for callers that must judge
    /// what it found themselves.
    pub fn review(
        &self,
        actions: &[EditedAction],
        manifest: Option<&Arc<str>>,
        today: NaiveDate,
    ) -> Review {
        review(&self.loaded, actions, manifest, today)
    }

    /// [`Session::review`] of a whole change: action files edited or
    /// removed, and measure files edited.
    pub fn review_change(
        &self,
        actions: &[EditedAction],
        removed: &[crate::model::ActionId],
        measures: &[EditedMeasure],
        manifest: Option<&Arc<str>>,
        today: NaiveDate,
    ) -> Review {
        review_change(&self.loaded, actions, removed, measures, manifest, today)
    }

    /// Writes `edits`, all or none: a failure part-way puts back the files
    /// already written, and a file that changed on disk since it was read
    /// is not written over (see [`write::apply`]).
    pub fn write(&self, edits: &[FileEdit]) -> anyhow::Result<()> {
        if self.lock.is_none() {
            return Err(Error::usage("csp read this plan without its write lock, so it will not write it (a bug in csp: please report it)").into());
        }
        write::apply_under(&self.loaded.plan.root, edits)
    }
}

/// A plan with nothing in it yet, in `root`.
fn empty_plan(root: &Path) -> Loaded {
    Loaded {
        plan: Plan {
            root: root.to_path_buf(),
            manifest: Manifest::default(),
            actions: Vec::new(),
            measures: Vec::new(),
        },
        has_manifest: false,
        files: 0,
        measure_files: 0,
        rejected: Vec::new(),
        diagnostics: Vec::new(),
    }
}

impl Outcome {
    /// The outcome of a change that makes `edits`, given the problems its
    /// review found in them.
    pub fn of(problems: Vec<Diagnostic>, edits: Vec<FileEdit>) -> Self {
        if problems.iter().any(Diagnostic::is_error) {
            Outcome::Refused { problems }
        } else if edits.iter().any(FileEdit::is_change) {
            Outcome::Write {
                edits,
                warnings: problems,
            }
        } else {
            Outcome::Unchanged
        }
    }
}
