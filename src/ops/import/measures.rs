//! `csp import --measures`: an indicator table into measure files, in a
//! new plan or one that is there, checked as `csp validate` would check
//! the result before anything is written, and the table's own year to
//! date, RAG and direction compared with csp's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;

use super::{NewPlan, Target};
use crate::dates::FinancialYear;
use crate::diagnostic::Diagnostic;
use crate::edit::manifest::ManifestDocument;
use crate::edit::{EditedMeasure, review_change};
use crate::edit::{FileEdit, Source};
use crate::error::Error;
use crate::import::Caveat;
use crate::import::measure_map::MeasureMap;
use crate::import::measures::{self, MeasureFile, ReadMeasures};
use crate::load::{Loaded, MANIFEST_FILE};
use crate::model::{MEASURES_DIR, Measure, Plan, Tolerance, shown_path};
use crate::sheet::Sheet;

/// What an import of measures reads.
#[derive(Debug)]
pub struct MeasuresRequest<'a> {
    /// The table as shown in messages.
    pub shown: &'a str,
    pub sheets: &'a [Sheet],
    pub sheet: Option<&'a str>,
    pub map: &'a MeasureMap,
    /// `--year`: the financial year of bare `Q1`…`Q4` and month columns.
    pub year: Option<FinancialYear>,
    /// The day the result is validated as of; no figure may be for a
    /// period that has not ended by it.
    pub as_of: NaiveDate,
    /// With `--into`: set the table's figures where the plan's differ.
    pub update: bool,
}

/// What an import of measures would do.
#[derive(Debug)]
pub struct MeasuresImported {
    pub root: PathBuf,
    pub read: ReadMeasures,
    /// New measure files, and the plan's measures gaining figures.
    pub files: Vec<MeasureFile>,
    /// Measures the plan has already: what was added, and what differs.
    pub existing: Vec<Caveat>,
    /// csp's year to date, RAG and direction against the table's.
    pub disagreements: Vec<Caveat>,
    pub agreed: usize,
    /// The errors the result would have: any one means nothing is written.
    pub errors: Vec<Diagnostic>,
    pub edits: Vec<FileEdit>,
}

/// The map a table of measures is read with: the file at `path`, else the
/// guess from the header row (with `true`, for the report to say so).
pub fn map(
    path: Option<&Path>,
    sheets: &[Sheet],
    sheet: Option<&str>,
    shown: &str,
) -> anyhow::Result<(MeasureMap, bool)> {
    if let Some(path) = path {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let text = crate::encoding::text(&bytes).map_err(|problem| {
            Error::usage(format!("`{}` {problem}", path.display()))
                .with_help(crate::encoding::SAVE_AS_UTF8)
        })?;
        return Ok((
            MeasureMap::parse(&text, &path.display().to_string())?,
            false,
        ));
    }
    match measures::guess_map(sheets, sheet) {
        Some(map) => Ok((map, true)),
        None => Err(Error::usage(format!(
            "`{shown}` has no row csp recognises as the header of an indicator table: an \"Indicator\" column and periods across (Q1, Apr, Q1 2023/24)"
        ))
        .with_help("name the columns in a map with --map: docs/import.md describes it")
        .into()),
    }
}

/// The import `request` describes, into `target`: read, built, checked
/// and laid out as edits. Nothing is written.
pub fn prepare(
    request: &MeasuresRequest<'_>,
    target: &Target<'_>,
) -> anyhow::Result<MeasuresImported> {
    let loaded = match target {
        Target::Into(session) => {
            let loaded = session.loaded();
            if !loaded.has_manifest {
                return Err(Error::usage(
                    "the plan's csp.toml could not be read, so csp cannot add to it",
                )
                .with_help("`csp validate` shows what is wrong with it")
                .into());
            }
            Some(loaded)
        }
        Target::New(_) => None,
    };
    let root = match target {
        Target::Into(session) => session.loaded().plan.root.clone(),
        Target::New(plan) => plan.root.clone(),
    };
    let read = measures::read(&measures::Request {
        sheets: request.sheets,
        sheet: request.sheet,
        shown: request.shown,
        map: request.map,
        year: request.year,
        manifest: loaded.map(|loaded| &loaded.plan.manifest),
        as_of: request.as_of,
    })?;
    let mut imported = MeasuresImported {
        root: root.clone(),
        read,
        files: Vec::new(),
        existing: Vec::new(),
        disagreements: Vec::new(),
        agreed: 0,
        errors: Vec::new(),
        edits: Vec::new(),
    };
    if !imported.read.errors.is_empty() {
        return Ok(imported);
    }
    let had: Vec<Measure> = loaded.map(|l| l.plan.measures.clone()).unwrap_or_default();
    for row in &imported.read.measures {
        let path = format!("{MEASURES_DIR}/{}.toml", row.id);
        let Some(old) = had.iter().find(|m| *m.id == *row.id) else {
            imported.files.push(MeasureFile {
                id: row.id.clone(),
                path,
                text: measures::file_text(row),
                before: None,
            });
            continue;
        };
        let file = root.join(&path);
        let before = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read `{}`", file.display()))?;
        let mut differs = Vec::new();
        let merged = measures::merge_into(&before, old, row, request.update, &mut differs)
            .with_context(|| format!("cannot add figures to `{}`", file.display()))?;
        let added = row
            .values
            .iter()
            .filter(|(period, _, _)| old.value_for(*period).is_none())
            .count();
        let mut message = format!(
            "`{}` is in the plan: {} added",
            row.id,
            crate::plural::count(added, "new figure")
        );
        if !differs.is_empty() {
            message.push_str(&format!(
                "; {} differ ({}){}",
                differs.len(),
                differs.join("; "),
                if request.update {
                    ": set to the table's"
                } else {
                    ": not applied (`--update` sets the table's, or `csp record --replace` one)"
                }
            ));
        }
        imported.existing.push(Caveat {
            position: row.position.clone(),
            message,
        });
        if let Some(text) = merged {
            imported.files.push(MeasureFile {
                id: row.id.clone(),
                path,
                text,
                before: Some(before),
            });
        }
    }
    let manifest = manifest_text(target, &imported.read)?;
    let (errors, parsed) = check(&root, loaded, &manifest, &imported.files, request.as_of);
    imported.errors = errors;
    let tolerance = loaded
        .and_then(|l| l.plan.manifest.measure_defaults.tolerance)
        .unwrap_or(Tolerance::DEFAULT);
    let rows: Vec<(usize, Measure)> = imported
        .read
        .measures
        .iter()
        .enumerate()
        .filter_map(|(index, row)| {
            parsed
                .iter()
                .chain(&had)
                .find(|m| *m.id == *row.id)
                .map(|m| (index, m.clone()))
        })
        .collect();
    (imported.disagreements, imported.agreed) = measures::compare(&imported.read, &rows, tolerance);
    imported.edits = edits(
        &root,
        &manifest,
        &imported.files,
        matches!(target, Target::New(_)),
    );
    Ok(imported)
}

/// csp.toml after the import: the plan's with the new leads, or a new
/// plan's.
fn manifest_text(target: &Target<'_>, read: &ReadMeasures) -> anyhow::Result<String> {
    let (text, source) = match target {
        Target::Into(session) => {
            let path = session.loaded().plan.root.join(MANIFEST_FILE);
            let source = Source::new(
                std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read `{}`", path.display()))?,
            );
            (source.text().to_string(), Some(source))
        }
        Target::New(NewPlan { name, .. }) => (
            format!(
                "# The manifest of a Community Safety Partnership's plan, made by\n# `csp import --measures`; docs/plan-format.md describes every field.\n\n[plan]\nname = {}\n",
                crate::edit::document::quote(name)
            ),
            None,
        ),
    };
    if read.new_leads.is_empty() {
        return Ok(source.map_or(text.clone(), |source| source.restore(&text)));
    }
    let mut document = ManifestDocument::parse(&text)?;
    for (key, name) in &read.new_leads {
        document.add_lead(key, name, &[])?;
    }
    let after = document.text();
    let after = crate::edit::format::canonical(&after).unwrap_or(after);
    Ok(source.map_or(after.clone(), |source| source.restore(&after)))
}

/// The problems the import would bring, as every edit is judged: the
/// edit session's review (`edit::check::review_change`) of the plan with
/// these measure files and this csp.toml, each file read as the loader
/// reads it and the whole plan checked as `csp validate` checks it. Only
/// errors the files gain stop the import. With them, the measures as they
/// would load.
fn check(
    root: &Path,
    loaded: Option<&Loaded>,
    manifest: &str,
    files: &[MeasureFile],
    as_of: NaiveDate,
) -> (Vec<Diagnostic>, Vec<Measure>) {
    let empty;
    let loaded = if let Some(loaded) = loaded {
        loaded
    } else {
        empty = Loaded {
            plan: Plan {
                root: root.to_path_buf(),
                manifest: crate::model::Manifest::default(),
                actions: Vec::new(),
                measures: Vec::new(),
            },
            has_manifest: false,
            files: 0,
            measure_files: 0,
            rejected: Vec::new(),
            diagnostics: Vec::new(),
        };
        &empty
    };
    let edited: Vec<EditedMeasure> = files
        .iter()
        .map(|file| EditedMeasure {
            id: file.id.as_str().into(),
            file: shown_path(root, Path::new(&file.path)),
            text: Arc::from(file.text.as_str()),
        })
        .collect();
    let review = review_change(loaded, &[], &[], &edited, Some(&Arc::from(manifest)), as_of);
    let errors = review
        .gained
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    (errors, review.measures.into_iter().flatten().collect())
}

fn edits(root: &Path, manifest: &str, files: &[MeasureFile], new_plan: bool) -> Vec<FileEdit> {
    let mut edits = Vec::new();
    let manifest_path = shown_path(root, Path::new(MANIFEST_FILE));
    let before = std::fs::read_to_string(&manifest_path).ok();
    if before.as_deref() != Some(manifest) {
        edits.push(FileEdit {
            path: manifest_path,
            before: if new_plan { None } else { before },
            after: manifest.to_string(),
            removed: false,
        });
    }
    for file in files {
        edits.push(FileEdit {
            path: shown_path(root, Path::new(&file.path)),
            before: file.before.clone(),
            after: file.text.clone(),
            removed: false,
        });
    }
    if new_plan {
        edits.push(FileEdit {
            path: shown_path(root, Path::new(".gitignore")),
            before: None,
            after: super::GITIGNORE.into(),
            removed: false,
        });
    }
    edits
}

/// Writes the import through the edit session.
pub fn write(imported: &MeasuresImported, target: &Target<'_>) -> anyhow::Result<()> {
    super::write_edits(&imported.edits, target)
}
