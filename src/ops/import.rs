//! `csp import`: a tracker's sheets into a new plan, or into one that is
//! there (`--into`), checked as `csp validate` would check the result
//! before anything is written. Every name the sheet gives passes the
//! name rule of [`crate::portable`] on the way (see `import::rows`), and
//! every write lands under the plan's root ([`write::apply_under`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::edit::document::ActionDocument;
use crate::edit::{EditedAction, FileEdit, Session, Source, write};
use crate::error::Error;
use crate::field::Field;
use crate::import::{self, Built, Caveat, Map, Read};
use crate::load::{self, MANIFEST_FILE};
use crate::model::shown_path;
use crate::sheet::Sheet;

pub mod measures;

/// What every import reads: the tracker and how to read it.
#[derive(Debug)]
pub struct ImportRequest<'a> {
    /// The tracker as shown in messages.
    pub shown: &'a str,
    pub sheets: &'a [Sheet],
    /// The sheet asked for by name, if any.
    pub sheet: Option<&'a str>,
    pub map: &'a Map,
    /// The day of rows done with no date.
    pub on: NaiveDate,
    /// The day of notes with no date of their own (`--on`): without it
    /// such notes are reported, not dated today in silence.
    pub notes_on: Option<NaiveDate>,
    /// The day the result is validated as of.
    pub as_of: NaiveDate,
    /// With `--into`: apply the differences of rows the plan has already
    /// (`--update`), rather than report them.
    pub update: bool,
}

/// Where the actions go.
pub enum Target<'s> {
    /// Into the plan the session holds.
    Into(&'s Session),
    /// A new plan.
    New(&'s NewPlan),
}

/// A new plan's directory and name.
#[derive(Clone, Debug)]
pub struct NewPlan {
    pub root: PathBuf,
    pub name: String,
}

impl NewPlan {
    /// The plan made from the tracker `file`: in `to`, else a directory
    /// named after the file as a portable slug; named by the map's `[plan]
    /// name`, else after the file. The directory must be new or empty.
    pub fn for_tracker(file: &Path, to: Option<&Path>, map: &Map) -> anyhow::Result<Self> {
        Self::for_file(file, to, map.plan.name.as_deref(), "action plan")
    }

    /// The plan made from a table of measures, as [`NewPlan::for_tracker`].
    pub fn for_table(file: &Path, to: Option<&Path>, name: Option<&str>) -> anyhow::Result<Self> {
        Self::for_file(file, to, name, "plan")
    }

    fn for_file(
        file: &Path,
        to: Option<&Path>,
        name: Option<&str>,
        kind: &str,
    ) -> anyhow::Result<Self> {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let root = to.map_or_else(
            || match crate::portable::make_part(&stem, crate::portable::MAX_PART_CHARS) {
                slug if slug.is_empty() => PathBuf::from("plan"),
                slug => PathBuf::from(slug),
            },
            Path::to_path_buf,
        );
        crate::ops::init::check_empty(&root)?;
        let name = name.map_or_else(|| format!("{stem} {kind}"), str::to_string);
        Ok(Self { root, name })
    }
}

/// What an import would do.
#[derive(Debug)]
pub struct Imported {
    /// The plan's directory.
    pub root: PathBuf,
    pub read: Read,
    pub built: Built,
    /// The errors the result would have: any one means nothing is written.
    pub errors: Vec<Diagnostic>,
    /// The files to write: csp.toml, the actions, and for a new plan its
    /// `.gitignore`.
    pub edits: Vec<FileEdit>,
}

/// The map an import reads with: the file at `path`, else the guess from
/// the header row (with `true`, for the report to say so).
pub fn map(
    path: Option<&Path>,
    sheets: &[Sheet],
    sheet: Option<&str>,
    shown: &str,
) -> anyhow::Result<(Map, bool)> {
    if let Some(path) = path {
        // A map saved by Windows PowerShell's `>` is UTF-16: read as text.
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let text = crate::encoding::text(&bytes).map_err(|problem| {
            Error::usage(format!("`{}` {problem}", path.display()))
                .with_help(crate::encoding::SAVE_AS_UTF8)
        })?;
        return Ok((Map::parse(&text, &path.display().to_string())?, false));
    }
    let Some(text) = import::guess(sheets, sheet, shown) else {
        return Err(Error::usage(format!(
            "`{shown}` has no row csp recognises as a header row, and no --map was given"
        ))
        .with_help("write a map: docs/import.md describes it")
        .into());
    };
    Ok((Map::parse(&text, "the guessed map")?, true))
}

/// The import `request` describes, into `target`: read, built, checked,
/// and laid out as edits. Nothing is written.
pub fn prepare(request: &ImportRequest<'_>, target: &Target<'_>) -> anyhow::Result<Imported> {
    let known: Vec<String> = match target {
        Target::Into(session) => session
            .loaded()
            .plan
            .manifest
            .leads
            .iter()
            .flat_map(|lead| std::iter::once(lead.name.clone()).chain(lead.aliases.iter().cloned()))
            .collect(),
        Target::New(_) => Vec::new(),
    };
    let read = import::read(
        request.sheets,
        request.map,
        request.sheet,
        request.shown,
        &known,
        request.on,
        request.notes_on,
    )?;
    let (root, built, problems) = match target {
        Target::Into(session) => into_plan(session, request, &read)?,
        Target::New(plan) => {
            let built = import::build(&read, request.map, None, &plan.name)?;
            let problems = check_new(&plan.root, &built, request.as_of)?;
            (plan.root.clone(), built, problems)
        }
    };
    let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    let edits = edits(&root, &built, matches!(target, Target::New(_)));
    Ok(Imported {
        root,
        read,
        built,
        errors,
        edits,
    })
}

/// The actions built into the session's plan, and what its review finds.
fn into_plan(
    session: &Session,
    request: &ImportRequest<'_>,
    read: &Read,
) -> anyhow::Result<(PathBuf, Built, Vec<Diagnostic>)> {
    let loaded = session.loaded();
    if !loaded.has_manifest {
        return Err(
            Error::usage("the plan's csp.toml could not be read, so csp cannot add to it")
                .with_help("`csp validate` shows what is wrong with it")
                .into(),
        );
    }
    let root = loaded.plan.root.clone();
    let manifest_path = root.join(MANIFEST_FILE);
    // Edited as LF text without a byte-order mark, written back in the
    // file's own (a CRLF checkout on Windows, a BOM Notepad added).
    let source = Source::new(
        std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("cannot read `{}`", manifest_path.display()))?,
    );
    let ids: HashSet<String> = loaded
        .all_actions()
        .map(|action| action.id.to_string())
        .collect();
    let mut built = import::build(
        read,
        request.map,
        Some((source.text(), &loaded.plan.manifest, &ids)),
        &loaded.plan.manifest.name,
    )?;
    let updated = compare_existing(session, request, &mut built)?;
    let edited: Vec<EditedAction> = built
        .files
        .iter()
        .chain(&updated)
        .map(|file| EditedAction {
            id: file.id.clone(),
            file: shown_path(&root, &file.path),
            text: Arc::from(file.text.as_str()),
        })
        .collect();
    built.updated = updated;
    let manifest_text: Arc<str> = Arc::from(built.manifest.as_str());
    let review = session.review(&edited, Some(&manifest_text), request.as_of);
    built.manifest = source.restore(&built.manifest);
    Ok((root, built, review.gained))
}

/// The fields a map reads, so that a field the sheet does not hold is
/// never taken for a difference.
fn mapped_fields(map: &Map) -> Vec<Field> {
    let columns: Vec<&str> = map
        .columns
        .fields()
        .iter()
        .map(|(field, _)| *field)
        .collect();
    let has = |field: &str| columns.contains(&field);
    let mut fields = Vec::new();
    for (field, read) in [
        (Field::Title, has("title") || has("description")),
        (Field::Description, has("title") || has("description")),
        (Field::Lead, has("lead")),
        (Field::Partners, has("partners")),
        (Field::Contacts, has("contacts")),
        (Field::Priority, has("priority")),
        (Field::Timescale, has("timescale") || has("due")),
        (Field::Due, has("due")),
        (Field::Every, has("every") || has("due")),
        (Field::Status, has("status") || has("completed")),
        (Field::Rag, has("rag")),
        (Field::Completed, has("completed")),
        (Field::Tags, has("tags")),
    ] {
        if read {
            fields.push(field);
        }
    }
    fields
}

/// Rows the plan has already: each compared with the plan's action, field
/// by field. Unchanged ones and, without `--update`, changed ones are
/// reported and not applied; with it, the changed fields are set in the
/// plan's file (its comments and other fields kept), returned as files.
fn compare_existing(
    session: &Session,
    request: &ImportRequest<'_>,
    built: &mut Built,
) -> anyhow::Result<Vec<import::plan::File>> {
    let loaded = session.loaded();
    let fields = mapped_fields(request.map);
    let mut updated = Vec::new();
    for (position, file) in std::mem::take(&mut built.existing) {
        let id_text = file.id.to_string();
        let Some(had) = loaded.all_actions().find(|action| action.id == file.id) else {
            continue;
        };
        let parsed =
            load::parse_action(&Arc::from(file.text.as_str()), &file.path, file.id.clone());
        let Some(mut row) = parsed.action else {
            continue;
        };
        load::resolve_from_start(std::slice::from_mut(&mut row), loaded.plan.manifest.start);
        // A row now done records when (the day of the import, with its
        // caveat): the plan's action needs that day as well as the status.
        let mut fields = fields.clone();
        if row.status == crate::model::Status::Done
            && had.completed.is_none()
            && !fields.contains(&Field::Completed)
        {
            fields.push(Field::Completed);
        }
        let differences = import::differ::differences(had, &row, &fields);
        let said = differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        let message = if differences.is_empty() {
            format!("`{id_text}` is already in the plan, unchanged; not imported")
        } else if request.update {
            let path = loaded.plan.file_of(had);
            let before = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let mut document = ActionDocument::parse(&before)
                .with_context(|| format!("cannot edit `{}`", path.display()))?;
            let wanted = ActionDocument::parse(&file.text)
                .with_context(|| format!("cannot read the row's action for `{id_text}`"))?;
            for difference in &differences {
                match wanted.value(difference.field) {
                    Some(value) => document.set(difference.field, value.clone()),
                    None => {
                        document.remove(difference.field);
                    }
                }
            }
            updated.push(import::plan::File {
                id: file.id.clone(),
                path: file.path.clone(),
                text: document.text(),
            });
            format!("`{id_text}` is in the plan and differs ({said}): updated")
        } else {
            format!(
                "`{id_text}` is in the plan and differs ({said}); not applied: `--update` applies the sheet's values, or `csp apply` a return form"
            )
        };
        built.clashes.push(Caveat { position, message });
    }
    Ok(updated)
}

/// A new plan's problems: its files written to a scratch directory and
/// loaded as the plan would be, the paths then shown as `root`'s.
fn check_new(root: &Path, built: &Built, as_of: NaiveDate) -> anyhow::Result<Vec<Diagnostic>> {
    let scratch =
        tempfile::tempdir().context("cannot make a scratch directory to check the import")?;
    // Every path is checked before the first write: nothing from the sheet
    // may name a file outside the scratch directory, even in a dry run.
    let paths: Vec<PathBuf> = built
        .files
        .iter()
        .map(|file| scratch.path().join(&file.path))
        .collect();
    for path in &paths {
        write::check_under(scratch.path(), path)?;
    }
    std::fs::write(scratch.path().join(MANIFEST_FILE), &built.manifest)?;
    for (path, file) in paths.iter().zip(&built.files) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.text)?;
    }
    let loaded = load::load(scratch.path())?;
    let mut problems: Vec<Diagnostic> = loaded.diagnostics.clone();
    problems.extend(crate::validate::validate(&loaded, as_of));
    for problem in &mut problems {
        if let Some(file) = &problem.file
            && let Ok(relative) = file.strip_prefix(scratch.path())
        {
            problem.file = Some(shown_path(root, relative));
        }
    }
    Ok(problems)
}

/// The ignore line a new plan starts with: the lock csp takes while it
/// writes is not part of the plan.
const GITIGNORE: &str = "# The lock csp takes while it writes the plan.\n.csp.lock\n";

fn edits(root: &Path, built: &Built, new_plan: bool) -> Vec<FileEdit> {
    let mut edits: Vec<FileEdit> = Vec::new();
    let manifest_path = shown_path(root, Path::new(MANIFEST_FILE));
    let before = std::fs::read_to_string(&manifest_path).ok();
    if before.as_deref() != Some(built.manifest.as_str()) {
        edits.push(FileEdit {
            path: manifest_path,
            before,
            after: built.manifest.clone(),
            removed: false,
        });
    }
    for file in &built.files {
        edits.push(FileEdit {
            path: shown_path(root, &file.path),
            before: None,
            after: file.text.clone(),
            removed: false,
        });
    }
    for file in &built.updated {
        let path = shown_path(root, &file.path);
        edits.push(FileEdit {
            before: std::fs::read_to_string(&path).ok(),
            path,
            after: file.text.clone(),
            removed: false,
        });
    }
    if new_plan {
        edits.push(FileEdit {
            path: shown_path(root, Path::new(".gitignore")),
            before: None,
            after: GITIGNORE.into(),
            removed: false,
        });
    }
    edits
}

/// Writes an import through the edit session: into its plan, or, for a
/// new plan, through a session on its directory, made and locked as any
/// writer locks a plan, so that no other csp writes it half-made.
pub fn write(imported: &Imported, target: &Target<'_>) -> anyhow::Result<()> {
    write_edits(&imported.edits, target)
}

fn write_edits(edits: &[FileEdit], target: &Target<'_>) -> anyhow::Result<()> {
    match target {
        Target::Into(session) => session.write(edits),
        Target::New(NewPlan { root, .. }) => {
            Session::begin_new(root, std::time::Duration::ZERO, || {})?.write(edits)
        }
    }
}
