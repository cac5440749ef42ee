//! `csp fmt`: one layout for every action file, keeping every comment
//! (the layout is described in `edit::format` and docs/editing.md).

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Context;

use crate::diagnostic::Code;
use crate::edit::{FileEdit, Source, format};
use crate::error::Error;
use crate::load::{Loaded, MANIFEST_FILE};

/// Which files to format.
#[derive(Clone, Debug, Default)]
pub struct FmtRequest {
    /// Actions (ids, or unique trailing parts of them); none for every
    /// action file.
    pub ids: Vec<String>,
}

/// What formatting would change.
#[derive(Debug)]
pub struct Formatting {
    /// How many action files were looked at.
    pub checked: usize,
    /// The files whose layout changes, in path order.
    pub edits: Vec<FileEdit>,
    /// Files left as they are, and why.
    pub skipped: Vec<Skipped>,
}

/// A file `csp fmt` would not touch.
#[derive(Debug)]
pub struct Skipped {
    pub file: PathBuf,
    pub why: &'static str,
}

const NOT_TOML: &str = "it is not readable TOML";

/// The edits that give the requested files of `loaded` the one layout.
pub fn format(loaded: &Loaded, request: &FmtRequest) -> anyhow::Result<Formatting> {
    let mut skipped: Vec<Skipped> = Vec::new();
    let files: BTreeSet<PathBuf> = if request.ids.is_empty() {
        for diagnostic in &loaded.diagnostics {
            let unreadable = matches!(
                diagnostic.code,
                Code::TomlSyntax
                    | Code::NotUtf8
                    | Code::EmptyFile
                    | Code::FileTooLarge
                    | Code::Unreadable
            );
            if let Some(file) = &diagnostic.file
                && unreadable
                && !file.ends_with(MANIFEST_FILE)
                && !skipped.iter().any(|skip| skip.file == *file)
            {
                skipped.push(Skipped {
                    file: file.clone(),
                    why: NOT_TOML,
                });
            }
        }
        // Files with errors are formatted too: layout does not depend on values.
        loaded
            .all_actions()
            .map(|action| loaded.plan.file_of(action))
            .collect()
    } else {
        let mut files = BTreeSet::new();
        for id in &request.ids {
            let action = loaded.resolve_any(id).map_err(Error::from)?;
            files.insert(loaded.plan.file_of(action));
        }
        files
    };

    let mut edits = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read `{}`", file.display()))?;
        let source = Source::new(text);
        let Ok(formatted) = format::canonical(source.text()) else {
            skipped.push(Skipped {
                file: file.clone(),
                why: NOT_TOML,
            });
            continue;
        };
        if !same_values(source.text(), &formatted) {
            // A bug in csp, never a reason to lose data: leave the file be.
            skipped.push(Skipped {
                file: file.clone(),
                why: "formatting would change its values (a bug in csp: please report it)",
            });
            continue;
        }
        let mut after = source.restore(&formatted);
        if !after.ends_with('\n') {
            after.push_str(source.line_ending());
        }
        let edit = FileEdit {
            path: file.clone(),
            before: Some(source.original().to_string()),
            after,
            removed: false,
        };
        if edit.is_change() {
            edits.push(edit);
        }
    }
    Ok(Formatting {
        checked: files.len(),
        edits,
        skipped,
    })
}

/// Whether two texts hold the same TOML data, whatever their layout.
fn same_values(before: &str, after: &str) -> bool {
    match (before.parse::<toml::Table>(), after.parse::<toml::Table>()) {
        (Ok(before), Ok(after)) => before == after,
        _ => false,
    }
}
