//! `csp validate`: every problem in the plan, and with `--public` every
//! file about to be published checked for what would give a sensitive
//! action away; then whether the plan passes.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Tally};
use crate::disclosure;
use crate::load::Loaded;
use crate::model::Plan;
use crate::sheet::Kind;
use crate::sheet::cells::Cell;

/// A check, resolved.
#[derive(Debug)]
pub struct ValidateRequest<'a> {
    /// The day dates are judged against ("in the future", "overdue").
    pub as_of: NaiveDate,
    /// Warnings fail the check too.
    pub deny_warnings: bool,
    /// Files, or directories of them, about to be published.
    pub public: &'a [PathBuf],
}

/// What the check found.
#[derive(Debug)]
pub struct Validated {
    pub diagnostics: Vec<Diagnostic>,
    pub tally: Tally,
    /// What the files to be published give away, file by file.
    pub leaks: Vec<Leak>,
    /// How many action files were checked.
    pub files: usize,
    /// How many measure files were checked.
    pub measure_files: usize,
    /// Whether the check fails: errors, warnings when denied, or anything
    /// to be published that may not be.
    pub failed: bool,
}

/// One finding of `--public`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    /// The file, as given.
    pub file: String,
    /// What in it gives a sensitive action away, as a sentence.
    pub finding: String,
}

/// Checks the plan `loaded` holds as `request` asks.
pub fn validate(loaded: &Loaded, request: &ValidateRequest<'_>) -> anyhow::Result<Validated> {
    let diagnostics = crate::validate::validate(loaded, request.as_of);
    let tally = Tally::of(&diagnostics);
    let leaks = check_public(&loaded.plan, request.public)?;
    let failed =
        !leaks.is_empty() || tally.errors > 0 || (request.deny_warnings && tally.warnings > 0);
    Ok(Validated {
        diagnostics,
        tally,
        leaks,
        files: loaded.files,
        measure_files: loaded.measure_files,
        failed,
    })
}

/// `--public`: every file under `paths`, searched for what would give a
/// sensitive action away.
fn check_public(plan: &Plan, paths: &[PathBuf]) -> anyhow::Result<Vec<Leak>> {
    let mut files = Vec::new();
    for path in paths {
        collect_files(path, &mut files)?;
    }
    let mut leaks = Vec::new();
    for file in &files {
        let shown = file.display().to_string();
        let text = published_text(file, &shown)?;
        for finding in disclosure::leaks(plan, &text) {
            leaks.push(Leak {
                file: shown.clone(),
                finding,
            });
        }
    }
    Ok(leaks)
}

/// The text a file publishes: a workbook's cells (it is compressed), else
/// the file itself.
fn published_text(file: &Path, shown: &str) -> anyhow::Result<String> {
    if Kind::of(file).is_some_and(|kind| kind != Kind::Csv) {
        let mut text = String::new();
        for sheet in &crate::sheet::read(file, shown)? {
            for row in &sheet.rows {
                for cell in row {
                    if let Cell::Text(cell) = cell {
                        text.push_str(cell);
                        text.push('\n');
                    }
                }
            }
        }
        Ok(text)
    } else {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read `{shown}`"))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The files at `path`: itself, or every file beneath it, in name order.
fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if metadata.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read the directory `{}`", path.display()))?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot read the directory `{}`", path.display()))?;
        entries.sort();
        for entry in entries {
            collect_files(&entry, files)?;
        }
    } else {
        files.push(path.to_path_buf());
    }
    Ok(())
}
