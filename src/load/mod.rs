//! Finding a plan, walking its tree and parsing every file into the model.
//!
//! Loading checks what a file *is* (TOML, known fields, right types, readable
//! dates); `validate` checks how files fit together (leads, sections, ids).
//!
//! An action file is read by the fast reader (`fast`) when it is in the
//! plain shape, else by the full reader (`action`), whose rules and `Draft`
//! the fast one shares; which of the two reads a file is decided here,
//! above both, so that neither reader calls the other.

mod action;
mod fast;
mod fields;
mod manifest;
mod measure;
mod resolve;
mod source;

use crate::bail_usage;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use rayon::prelude::*;

pub use action::{ActionFile, UPDATE_FIELDS, parse_action_via_toml};
pub use manifest::{
    LEAD_FIELDS, MANIFEST_FILE, MANIFEST_TABLES, MEETING_FIELDS, PLAN_FIELDS, parse_manifest,
};
pub use measure::{
    FIGURE_FIELDS, MEASURE_DEFAULT_FIELDS, MEASURE_FIELDS, MeasureFile, parse_measure,
};
// What `Loaded::resolve` returns; the type is the model's.
pub use crate::model::ResolveError;
pub use resolve::MeasureQuery;
pub use source::MAX_FILE_BYTES;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Action, ActionId, MEASURES_DIR, Manifest, Measure, Plan, shown_path};

/// A plan as far as it loaded, with every problem met on the way.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    /// Whether `csp.toml` was read; checks against it are skipped when not.
    pub has_manifest: bool,
    /// Action files found, including those that failed to load.
    pub files: usize,
    /// Measure files found under `measures/`, including those that failed
    /// to load.
    pub measure_files: usize,
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
            bail_usage!("`{}` is not a plan directory", path.display(); help = "pass the directory that holds csp.toml, e.g. --plan plan");
        }
        bail_usage!("no plan directory at `{}`", path.display(); help = "pass the directory that holds csp.toml, e.g. --plan plan");
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
    bail_usage!("no plan found: neither `{MANIFEST_FILE}` nor `plan/{MANIFEST_FILE}` is in `{}` or any directory above it", cwd.display(); help = "pass --plan DIR, set CSP_PLAN, or start a plan with `csp init`")
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
    // The manifest is read while the tree is walked: both are I/O-bound.
    let (
        (manifest, manifest_diagnostics),
        ((files, walk_diagnostics), (measures, measure_diagnostics, measure_files)),
    ) = rayon::join(
        || manifest::load_manifest(&root.join(MANIFEST_FILE), &manifest_shown),
        || rayon::join(|| action_files(root), || load_measures(root)),
    );
    diagnostics.extend(manifest_diagnostics);
    let has_manifest = manifest.is_some();
    let manifest = manifest.unwrap_or_default();
    diagnostics.extend(walk_diagnostics);
    diagnostics.extend(measure_diagnostics);

    // Parsing is independent per file; doing it in parallel lets it overlap
    // with reading. `collect` keeps the walk's order, so output is stable.
    // `into_par_iter` frees each path once its file is parsed, so the list
    // of paths is not held beside all the parsed actions at the peak.
    let file_count = files.len();
    let results: Vec<_> = files
        .into_par_iter()
        .map(|relative| {
            // The path as shown opens the same file: it is `root/relative`,
            // or just `relative` when the root is the current directory.
            let shown = shown_path(root, &relative);
            load_action(&shown, &shown, ActionId::from_relative_path(&relative))
        })
        .collect();
    let mut rejected = Vec::new();
    // `into_iter().filter_map().collect()` reuses the results' buffer for
    // the actions, so a large plan is not held twice at the peak.
    let mut actions: Vec<Action> = results
        .into_iter()
        .filter_map(|file| {
            let clean = file.is_clean();
            diagnostics.extend(file.diagnostics);
            match file.action {
                Some(action) if clean => Some(action),
                Some(action) => {
                    rejected.push(action);
                    None
                }
                None => None,
            }
        })
        .collect();
    // The buffer was sized for the results, which are a little larger.
    actions.shrink_to_fit();
    sort_in_plan_order(&mut actions, &manifest);
    resolve_from_start(&mut actions, manifest.start);
    Ok(Loaded {
        plan: Plan {
            root: root.to_path_buf(),
            manifest,
            actions,
            measures,
        },
        has_manifest,
        files: file_count,
        measure_files,
        rejected,
        diagnostics,
    })
}

/// Reads the action file at `path` (shown to the user as `shown`).
fn load_action(path: &Path, shown: &Path, id: ActionId) -> ActionFile {
    // As `parse_action`, on the text where it was read: a file in the plain
    // shape is read from the read buffer with no copy of it made; only one
    // the fast reader passes over is copied, into the text the full
    // reader's diagnostics share.
    let read = source::read_with(path, shown, move |text| match fast::read(text) {
        Some(draft) => ActionFile {
            action: Some(draft.into_action(id, shown)),
            diagnostics: Vec::new(),
        },
        None => parse_action_via_toml(&Arc::from(text), shown, id),
    });
    read.unwrap_or_else(|diagnostic| ActionFile::failed(vec![*diagnostic]))
}

/// Parses an action from its text. Public for fuzzing and for checking an
/// edited file before it is written.
///
/// Most files are in the plain shape `csp fmt` writes and hold no mistake:
/// the fast reader takes those straight into an action. Anything else, it
/// leaves to the full reader, which builds the TOML tree and reports every
/// problem; the two agree on every file the fast one accepts.
pub fn parse_action(text: &Arc<str>, shown: &Path, id: ActionId) -> ActionFile {
    if let Some(draft) = fast::read(text) {
        return ActionFile {
            action: Some(draft.into_action(id, shown)),
            diagnostics: Vec::new(),
        };
    }
    parse_action_via_toml(text, shown, id)
}

/// Dues written as counted from the plan's start (`start+6m`) as days:
/// that long after `[plan] start`; undated without one (`csp validate`
/// says so: `validate::from_start`).
pub fn resolve_from_start(actions: &mut [Action], start: Option<chrono::NaiveDate>) {
    for action in actions {
        if let Some(period) = action.due_from_start {
            action.due = start
                .and_then(|start| period.add_to(start, 1))
                .map(crate::dates::Due::Day);
        }
    }
}

/// Sections in the manifest's order, then unlisted sections, each by id.
pub fn sort_in_plan_order(actions: &mut [Action], manifest: &Manifest) {
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(manifest.sections.len());
    for (index, section) in manifest.sections.iter().enumerate() {
        position.entry(section.path.as_str()).or_insert(index);
    }
    // Sort (section, index) pairs and then move each action once, as
    // `sort_by_cached_key` does, but comparing ids in place instead of
    // cloning every one of them into the key.
    let mut order: Vec<(usize, usize)> = actions
        .iter()
        .enumerate()
        .map(|(index, action)| {
            let section = position.get(action.section()).copied();
            (section.unwrap_or(usize::MAX), index)
        })
        .collect();
    drop(position);
    order.sort_unstable_by(|(a_section, a), (b_section, b)| {
        a_section
            .cmp(b_section)
            .then_with(|| actions[*a].id.cmp(&actions[*b].id))
            .then(a.cmp(b))
    });
    for i in 0..order.len() {
        let mut index = order[i].1;
        while index < i {
            index = order[index].1;
        }
        order[i].1 = index;
        actions.swap(i, index);
    }
}

/// One thing the walk met, in the order a sorted depth-first walk meets it.
enum Found {
    /// An action file, relative to the root.
    File(PathBuf),
    /// Something passed over, with why.
    Skipped(Diagnostic),
}

/// The action files under `root` (relative paths, sorted), and warnings for
/// what was passed over.
/// The measures under `measures/`, one file each, by id; a file with
/// errors is left out (its problems are diagnostics), as for actions.
fn load_measures(root: &Path) -> (Vec<Measure>, Vec<Diagnostic>, usize) {
    let dir = Path::new(MEASURES_DIR);
    if !root.join(dir).is_dir() {
        return (Vec::new(), Vec::new(), 0);
    }
    let mut measures = Vec::new();
    let mut diagnostics = Vec::new();
    let mut files = 0;
    for found in walk_dir(root, dir) {
        let relative = match found {
            Found::File(relative) => {
                files += 1;
                relative
            }
            Found::Skipped(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let shown = shown_path(root, &relative);
        let id = relative
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        if relative.parent() != Some(dir) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{}` is in a folder inside `{MEASURES_DIR}/`", shown.display()),
                )
                .in_file(&shown)
                .help(format!(
                    "keep one file per measure directly in `{MEASURES_DIR}/`: move it to `{MEASURES_DIR}/{id}.toml`"
                )),
            );
            continue;
        }
        let file = measure::load_measure(&shown, &shown, &id);
        let clean = file.is_clean();
        diagnostics.extend(file.diagnostics);
        if let Some(measure) = file.measure.filter(|_| clean) {
            measures.push(measure);
        }
    }
    (measures, diagnostics, files)
}

fn action_files(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for found in walk_dir(root, Path::new("")) {
        match found {
            Found::File(relative) => files.push(relative),
            Found::Skipped(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (files, diagnostics)
}

/// What the walk does with one directory entry.
enum Step {
    Found(Found),
    Descend(PathBuf),
}

/// Walks `relative` (a directory under `root`) depth-first with each
/// directory's entries sorted by name, listing sub-directories in parallel:
/// a large plan has thousands of directories, and listing them one at a
/// time would leave the other cores idle before parsing can start.
fn walk_dir(root: &Path, relative: &Path) -> Vec<Found> {
    let dir = if relative.as_os_str().is_empty() {
        root.to_path_buf()
    } else {
        root.join(relative)
    };
    let mut entries = Vec::new();
    let mut found = Vec::new();
    match std::fs::read_dir(&dir) {
        Ok(listing) => {
            for entry in listing {
                match entry {
                    Ok(entry) => entries.push(entry),
                    Err(error) => found.push(unreadable(root, &error)),
                }
            }
        }
        Err(error) => return vec![unreadable(&dir, &error)],
    }
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let mut steps = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let child = relative.join(&name);
        // `measures/` holds measures, not actions: read by `load_measures`.
        if child == Path::new(MEASURES_DIR) {
            continue;
        }
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                steps.push(Step::Found(unreadable(&root.join(&child), &error)));
                continue;
            }
        };
        let is_toml = Path::new(&name)
            .extension()
            .is_some_and(|ext| ext == "toml");
        let shown = shown_path(root, &child);
        if file_type.is_symlink() {
            steps.push(Step::Found(Found::Skipped(
                Diagnostic::warning(
                    Code::SymlinkSkipped,
                    format!(
                        "`{}` is a symbolic link; csp does not follow links",
                        shown.display()
                    ),
                )
                .in_file(shown)
                .help("copy or move the file into the plan directory instead"),
            )));
        } else if file_type.is_dir() {
            if is_toml {
                steps.push(Step::Found(Found::Skipped(
                    Diagnostic::warning(
                        Code::DirectoryNamedToml,
                        format!("`{}` is a directory, not an action file", shown.display()),
                    )
                    .in_file(shown)
                    .help("rename the directory: names ending in .toml are for action files"),
                )));
            }
            steps.push(Step::Descend(child));
        } else if file_type.is_file() && is_toml && child != Path::new(MANIFEST_FILE) {
            steps.push(Step::Found(Found::File(child)));
        } else if file_type.is_file()
            && let Some(help) = misnamed(&name.to_string_lossy())
        {
            steps.push(Step::Found(Found::Skipped(
                Diagnostic::warning(
                    Code::MisnamedFile,
                    format!(
                        "`{}` is not read: only files ending in `.toml` are actions",
                        shown.display()
                    ),
                )
                .in_file(shown)
                .help(help),
            )));
        }
    }
    let subdirectories: Vec<&PathBuf> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Descend(child) => Some(child),
            Step::Found(_) => None,
        })
        .collect();
    let mut below: std::vec::IntoIter<Vec<Found>> = subdirectories
        .par_iter()
        .map(|child| walk_dir(root, child))
        .collect::<Vec<_>>()
        .into_iter();
    for step in steps {
        match step {
            Step::Found(item) => found.push(item),
            Step::Descend(_) => found.extend(below.next().unwrap_or_default()),
        }
    }
    found
}

/// How to fix a file name meant as an action's that csp does not read as
/// one: `x.toml.txt` (Notepad adds `.txt`, and Explorer hides it) or
/// `X.TOML` (Windows does not mind the case; csp, like git, does).
fn misnamed(name: &str) -> Option<String> {
    let path = Path::new(name);
    let extension = |path: &Path, wanted: &str| {
        path.extension()
            .is_some_and(|found| found.eq_ignore_ascii_case(wanted))
    };
    if extension(path, "txt")
        && path
            .file_stem()
            .is_some_and(|stem| extension(Path::new(stem), "toml"))
    {
        return Some(format!(
            "rename it to `{}`; Windows Explorer hides the `.txt` unless View > File name extensions is on",
            &name[..name.len() - ".txt".len()]
        ));
    }
    if extension(path, "toml") && path.extension().is_some_and(|found| found != "toml") {
        return Some(format!(
            "rename it to `{}.toml`, in lowercase",
            &name[..name.len() - ".toml".len()]
        ));
    }
    None
}

fn unreadable(path: &Path, error: &std::io::Error) -> Found {
    Found::Skipped(
        Diagnostic::error(
            Code::Unreadable,
            format!("cannot read `{}`: {error}", path.display()),
        )
        .in_file(path)
        .help("check the directory's permissions"),
    )
}
