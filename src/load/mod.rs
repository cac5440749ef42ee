//! Finding a plan, walking its tree and parsing every file into the model.
//!
//! Loading checks what a file *is* (TOML, known fields, right types, readable
//! dates); `validate` checks how files fit together (leads, sections, ids).

mod action;
mod fields;
mod manifest;
mod source;

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

pub use action::{ACTION_FIELDS, ActionFile, UPDATE_FIELDS, parse_action};
pub use manifest::{MANIFEST_FILE, parse_manifest};
pub use source::MAX_FILE_BYTES;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, ActionId, Manifest, Plan};

/// A plan as far as it loaded, with every problem met on the way.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    /// Whether `csp.toml` was read; checks against it are skipped when not.
    pub has_manifest: bool,
    /// Action files found, including those that failed to load.
    pub files: usize,
    /// Actions whose files have errors, as far as they could be read: left
    /// out of `plan` so no query trusts them, but still checked by `validate`.
    pub rejected: Vec<Action>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Every action read, clean or not, for checks across files.
    pub fn all_actions(&self) -> impl Iterator<Item = &Action> {
        self.plan.actions.iter().chain(&self.rejected)
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// The plan directory: `explicit` (from `--plan` or `$CSP_PLAN`) when given,
/// else the nearest directory upwards from `cwd` holding `csp.toml` or
/// `plan/csp.toml`. The result is relative to `cwd` where possible, so that
/// paths in messages are short.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        if path.is_dir() {
            return Ok(path.to_path_buf());
        }
        if path.is_file() && path.file_name().is_some_and(|name| name == MANIFEST_FILE) {
            return Ok(match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            });
        }
        if path.exists() {
            bail!(
                "`{}` is not a plan directory\nhelp: pass the directory that holds csp.toml, e.g. --plan plan",
                path.display()
            );
        }
        bail!(
            "no plan directory at `{}`\nhelp: pass the directory that holds csp.toml, e.g. --plan plan",
            path.display()
        );
    }
    for (levels_up, dir) in cwd.ancestors().enumerate() {
        for candidate in [PathBuf::new(), PathBuf::from("plan")] {
            if dir.join(&candidate).join(MANIFEST_FILE).is_file() {
                let mut relative: PathBuf =
                    std::iter::repeat_n(Component::ParentDir, levels_up).collect();
                if !candidate.as_os_str().is_empty() {
                    relative.push(&candidate);
                }
                if relative.as_os_str().is_empty() {
                    relative.push(".");
                }
                return Ok(relative);
            }
        }
    }
    bail!(
        "no plan found: neither `{MANIFEST_FILE}` nor `plan/{MANIFEST_FILE}` is in `{}` or any directory above it\nhelp: pass --plan DIR, set CSP_PLAN, or start a plan with `csp init`",
        cwd.display()
    )
}

/// Shows `root/relative` the way a person would type it: no `./` prefix.
pub fn shown_path(root: &Path, relative: &Path) -> PathBuf {
    if root == Path::new(".") {
        relative.to_path_buf()
    } else {
        root.join(relative)
    }
}

/// Loads the plan at `root`. Errors only when `root` cannot be read as a
/// directory at all; everything wrong inside it is a diagnostic.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    let metadata = std::fs::metadata(root)
        .with_context(|| format!("cannot read the plan directory `{}`", root.display()))?;
    if !metadata.is_dir() {
        bail!("`{}` is not a directory", root.display());
    }
    let mut diagnostics = Vec::new();
    let manifest_shown = shown_path(root, Path::new(MANIFEST_FILE));
    let (manifest, manifest_diagnostics) =
        manifest::load_manifest(&root.join(MANIFEST_FILE), &manifest_shown);
    diagnostics.extend(manifest_diagnostics);
    let has_manifest = manifest.is_some();
    let manifest = manifest.unwrap_or_default();

    let (files, walk_diagnostics) = action_files(root);
    diagnostics.extend(walk_diagnostics);

    // Parsing is independent per file; doing it in parallel lets it overlap
    // with reading. `collect` keeps the walk's order, so output is stable.
    let results: Vec<_> = files
        .par_iter()
        .map(|relative| {
            let shown = shown_path(root, relative);
            action::load_action(
                &root.join(relative),
                &shown,
                ActionId::from_relative_path(relative),
            )
        })
        .collect();
    let mut actions = Vec::with_capacity(results.len());
    let mut rejected = Vec::new();
    for file in results {
        let clean = file.is_clean();
        diagnostics.extend(file.diagnostics);
        match file.action {
            Some(action) if clean => actions.push(action),
            Some(action) => rejected.push(action),
            None => {}
        }
    }
    sort_in_plan_order(&mut actions, &manifest);
    Ok(Loaded {
        plan: Plan {
            root: root.to_path_buf(),
            manifest,
            actions,
        },
        has_manifest,
        files: files.len(),
        rejected,
        diagnostics,
    })
}

/// Sections in the manifest's order, then unlisted sections, each by id.
pub fn sort_in_plan_order(actions: &mut [Action], manifest: &Manifest) {
    actions.sort_by_cached_key(|action| {
        let section = manifest
            .section_index(action.section())
            .unwrap_or(usize::MAX);
        (section, action.id.clone())
    });
}

/// The action files under `root` (relative paths, sorted), and warnings for
/// what was passed over.
fn action_files(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                diagnostics.push(
                    Diagnostic::error(
                        Code::Unreadable,
                        format!("cannot read `{}`: {}", path.display(), io_reason(&error)),
                    )
                    .in_file(path)
                    .help("check the directory's permissions"),
                );
                continue;
            }
        };
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let is_toml = entry.path().extension().is_some_and(|ext| ext == "toml");
        let file_type = entry.file_type();
        let shown = shown_path(root, relative);
        if file_type.is_symlink() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::SymlinkSkipped,
                    format!(
                        "`{}` is a symbolic link; csp does not follow links",
                        shown.display()
                    ),
                )
                .in_file(shown)
                .help("copy or move the file into the plan directory instead"),
            );
        } else if file_type.is_dir() && is_toml && entry.depth() > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    Code::DirectoryNamedToml,
                    format!("`{}` is a directory, not an action file", shown.display()),
                )
                .in_file(shown)
                .help("rename the directory: names ending in .toml are for action files"),
            );
        } else if file_type.is_file() && is_toml && relative != Path::new(MANIFEST_FILE) {
            files.push(relative.to_path_buf());
        }
    }
    (files, diagnostics)
}

fn io_reason(error: &walkdir::Error) -> String {
    if error.loop_ancestor().is_some() {
        return "a symbolic link loop".into();
    }
    error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string)
}
