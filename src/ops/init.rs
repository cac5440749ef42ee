//! `csp init`: start a plan for another partnership, with a commented
//! manifest and one example action that validate cleanly, written through
//! the edit session like any other change (its lock, its review, its
//! `--dry-run` diff).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};

use super::reviewed::Reviewed;
use crate::bail_usage;
use crate::edit::lock::LOCK_FILE;
use crate::edit::{EditedAction, FileEdit, ManifestDocument, Outcome, Session};
use crate::load::MANIFEST_FILE;
use crate::model::{ActionId, shown_path};

/// A new plan, resolved.
#[derive(Clone, Debug)]
pub struct InitRequest {
    /// A new or empty directory.
    pub dir: PathBuf,
    /// The plan's name; a placeholder when not given.
    pub name: Option<String>,
    /// Start with the partnership's statutory duties as recurring actions
    /// (docs/statutory-cycle.md) instead of the one example action.
    pub statutory: bool,
    pub as_of: NaiveDate,
}

/// The new plan's change.
#[derive(Debug)]
pub struct Started {
    pub reviewed: Reviewed,
    /// The new csp.toml, as shown to the user: the file to fill in next.
    pub manifest: PathBuf,
}

/// The manifest's name when none is given.
const DEFAULT_NAME: &str = "Community Safety Partnership action plan";
const EXAMPLE: &str = "statutory-duties/strategic-assessment.toml";

const MANIFEST: &str = r#"# The manifest of a Community Safety Partnership's action plan, read by csp.
# Each action is a file of its own in a section directory next to this one;
# docs/plan-format.md describes every field.

[plan]
name = "Community Safety Partnership action plan"
# How far ahead `csp upcoming` looks unless told: 30d, 2w, 3m, 1q or 1y.
# upcoming = "1m"
# Without meetings below, how long with no progress note makes an action
# stale (with meetings, it is stale with no note since the last one).
# stale = "3m"

# The partnership's priorities. Actions cite them by number: priority = [1].
[priorities]
1 = "Replace with the partnership's first priority."
2 = "Replace with the partnership's second priority."

# Section directories, in the plan's order: "directory" = "Title".
# Add one with: csp new SECTION/SLUG --new-section "Title" --title … --lead …
[sections]
"statutory-duties" = "Statutory duties"

# The bodies that lead actions or are partners in them. Actions name them by
# key (lead = ["police"]); `aliases` are other names people use for them.
[leads.district-council]
name = "District Council"

[leads.county-council]
name = "County Council"
aliases = ["The County Council"]

[leads.police]
name = "Police"
aliases = ["Constabulary"]
# Where `csp chase` addresses this body's digest, and who answers for it:
# email = ["csp.lead@police.example"]
# contact = "A. Officer"

# The bodies that meet, and when. Commands take `next:board`, `last:board`,
# `next-meeting` or `last-meeting` wherever they take a day, e.g.
# `csp report --as-of next:board --until next:board --since last:board`.
# [meetings.board]
# title = "CSP Board"
# dates = [2025-03-13, 2025-06-12, 2025-09-11, 2025-12-11]
"#;

/// The lock file `csp` holds while it writes is no part of the plan.
const GITIGNORE: &str = "# The lock csp takes while it writes the plan.\n.csp.lock\n";

/// Plan files are LF in every checkout: see [`gitattributes`].
const TOML_LF: &str = "*.toml text eol=lf";
const GITATTRIBUTES: &str =
    "# Plan files keep LF line endings in every checkout, Windows ones too.\n*.toml text eol=lf\n";

/// What Windows and macOS put in a folder by themselves (Explorer's folder
/// settings, thumbnails, Finder's): a folder holding only these is empty.
const SYSTEM_FILES: [&str; 3] = ["desktop.ini", "thumbs.db", ".ds_store"];

const ACTION: &str = r#"# An example action, to show the fields: change it, or delete it once the
# plan has actions of its own.
title = "Commission the annual strategic assessment"
description = "Commission the annual strategic assessment of crime and disorder in the district, to be agreed at the spring meeting of the CSP board."
lead = ["district-council"]
partners = ["police", "county-council"]
priority = [1]
timescale = "Yearly, by March"
# Due by the end of March; `csp done` then moves it to the next March.
due = "DUE"
every = "year"
"#;

/// The statutory duties every partnership has, as `csp init --statutory`
/// writes them into `statutory-duties/`: recurring and undated, with their
/// legal basis in the description. The same files are the snippet
/// docs/statutory-cycle.md gives for an existing plan.
pub const STATUTORY: [(&str, &str); 6] = [
    (
        "strategic-assessment",
        include_str!("../../docs/statutory/strategic-assessment.toml"),
    ),
    (
        "partnership-plan",
        include_str!("../../docs/statutory/partnership-plan.toml"),
    ),
    (
        "plan-to-pcc",
        include_str!("../../docs/statutory/plan-to-pcc.toml"),
    ),
    (
        "public-meeting",
        include_str!("../../docs/statutory/public-meeting.toml"),
    ),
    (
        "scrutiny-review",
        include_str!("../../docs/statutory/scrutiny-review.toml"),
    ),
    (
        "serious-violence-strategy",
        include_str!("../../docs/statutory/serious-violence-strategy.toml"),
    ),
];

/// What can be refused before anything is made or locked: the name, and
/// a directory that is not new or empty.
pub fn check(request: &InitRequest) -> anyhow::Result<()> {
    name(request)?;
    check_empty(&request.dir)
}

/// Reviews the new plan's files against the (empty) plan the session
/// holds, its directory checked again under the lock.
pub fn start(session: &Session, request: &InitRequest) -> anyhow::Result<Started> {
    let dir = &request.dir;
    check_empty(dir)?;
    let mut manifest = ManifestDocument::parse(MANIFEST)?;
    manifest.set_plan_name(name(request)?)?;
    let manifest_text: Arc<str> = Arc::from(manifest.text());
    let manifest_path = shown_path(dir, Path::new(MANIFEST_FILE));
    let actions: Vec<(String, Arc<str>)> = if request.statutory {
        STATUTORY
            .iter()
            .map(|(slug, text)| (format!("statutory-duties/{slug}.toml"), Arc::from(*text)))
            .collect()
    } else {
        vec![(
            EXAMPLE.to_string(),
            Arc::from(ACTION.replace("DUE", &next_march(request.as_of))),
        )]
    };
    let new_actions: Vec<EditedAction> = actions
        .iter()
        .map(|(relative, text)| EditedAction {
            id: ActionId::from_relative_path(Path::new(relative)),
            file: shown_path(dir, Path::new(relative)),
            text: Arc::clone(text),
        })
        .collect();
    let review = session.review(&new_actions, Some(&manifest_text), request.as_of);
    let mut edits = vec![FileEdit {
        path: manifest_path.clone(),
        before: None,
        after: manifest_text.to_string(),
        removed: false,
    }];
    edits.extend(new_actions.iter().map(|action| FileEdit {
        path: action.file.clone(),
        before: None,
        after: action.text.to_string(),
        removed: false,
    }));
    let action_path = shown_path(dir, Path::new(EXAMPLE));
    edits.extend(gitignore(dir)?);
    edits.extend(gitattributes(dir)?);
    let summary = if request.statutory {
        format!(
            "started a plan in {}: {} and the partnership's {} statutory duties, recurring, in {}",
            dir.display(),
            manifest_path.display(),
            STATUTORY.len(),
            shown_path(dir, Path::new("statutory-duties")).display()
        )
    } else {
        format!(
            "started a plan in {}: {} and an example action, {}",
            dir.display(),
            manifest_path.display(),
            action_path.display()
        )
    };
    Ok(Started {
        reviewed: Reviewed {
            outcome: Outcome::of(review.gained, edits),
            unchanged: summary.clone(),
            summary,
        },
        manifest: manifest_path,
    })
}

/// The plan's name, one line of text.
fn name(request: &InitRequest) -> anyhow::Result<&str> {
    let name = request.name.as_deref().unwrap_or(DEFAULT_NAME).trim();
    if name.is_empty() || name.contains('\n') {
        bail_usage!("the plan's name must be one line of text"; help = "e.g. --name \"South Cambridgeshire CSP action plan\"");
    }
    Ok(name)
}

/// A plan starts in a new or empty directory (`csp init`, and `csp
/// import` making a new plan). Hidden entries (`.git`, say) are fine: csp
/// skips them, and `git init` often comes first; so are the files Windows
/// Explorer leaves in a folder (`desktop.ini`, `Thumbs.db`).
pub fn check_empty(dir: &Path) -> anyhow::Result<()> {
    let shown = dir.display();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.exists() && !dir.is_dir() => {
            bail_usage!("`{shown}` is a file, not a directory"; help = "give a new or empty directory, e.g. csp init my-plan")
        }
        Err(error) => return Err(error).with_context(|| format!("cannot read `{shown}`")),
    };
    if dir.join(MANIFEST_FILE).exists() || dir.join("plan").join(MANIFEST_FILE).exists() {
        bail_usage!("`{shown}` already holds a plan"; help = "check it with `csp validate`, or give a new directory, e.g. csp init my-plan");
    }
    let mut visible: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            !name.starts_with('.') && !SYSTEM_FILES.contains(&name.to_lowercase().as_str())
        })
        .collect();
    if !visible.is_empty() {
        visible.sort();
        bail_usage!("`{shown}` is not empty: it holds `{}`{}", visible[0], match visible.len() - 1 {
                0 => String::new(),
                1 => " and 1 other entry".to_string(),
                n => format!(" and {n} other entries"),
            }; help = "start the plan in a new or empty directory, e.g. csp init my-plan");
    }
    Ok(())
}

/// The `.gitignore` that keeps the lock file out of git: a new one, or a
/// line added to the one there (`git init` may have come first).
fn gitignore(dir: &Path) -> anyhow::Result<Option<FileEdit>> {
    dotfile(dir, ".gitignore", LOCK_FILE, GITIGNORE)
}

/// The `.gitattributes` that keeps plan files LF in git and in every
/// checkout, whatever a Windows colleague's `core.autocrlf` says: the same
/// bytes everywhere, so diffs and fingerprints agree.
fn gitattributes(dir: &Path) -> anyhow::Result<Option<FileEdit>> {
    dotfile(dir, ".gitattributes", TOML_LF, GITATTRIBUTES)
}

/// `name` in `dir` holding the line `line`: a new file of `block`, or
/// `block` added to the file there, or nothing when the line is there.
/// A file with CRLF line endings gets CRLF ones in what is added.
fn dotfile(dir: &Path, name: &str, line: &str, block: &str) -> anyhow::Result<Option<FileEdit>> {
    let path = shown_path(dir, Path::new(name));
    let before = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Ok(Some(FileEdit {
                path,
                before: None,
                after: block.into(),
                removed: false,
            }));
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read `{}`", path.display()));
        }
    };
    if before.lines().any(|have| have.trim() == line) {
        return Ok(None);
    }
    let newline = if before.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut after = before.clone();
    if !after.is_empty() && !after.ends_with('\n') {
        after.push_str(newline);
    }
    after.push_str(&block.replace('\n', newline));
    Ok(Some(FileEdit {
        path,
        before: Some(before),
        after,
        removed: false,
    }))
}

/// The example's due month: the next March after `today`, so that a new
/// plan has nothing overdue.
fn next_march(today: NaiveDate) -> String {
    let year = if today.month() < 3 {
        today.year()
    } else {
        today.year() + 1
    };
    format!("{year:04}-03")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_holding_only_what_windows_or_macos_left_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["desktop.ini", "Thumbs.db", ".DS_Store", ".git"] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        check_empty(dir.path()).unwrap();
        fs::write(dir.path().join("notes.txt"), "").unwrap();
        let error = check_empty(dir.path()).unwrap_err().to_string();
        assert!(error.contains("holds `notes.txt`"), "{error}");
    }

    #[test]
    fn gitattributes_is_made_or_added_to_in_the_file_s_own_line_endings() {
        let dir = tempfile::tempdir().unwrap();
        let new = gitattributes(dir.path()).unwrap().unwrap();
        assert_eq!(new.before, None);
        assert_eq!(new.after, GITATTRIBUTES);
        fs::write(dir.path().join(".gitattributes"), "*.xlsx binary\r\n").unwrap();
        let added = gitattributes(dir.path()).unwrap().unwrap();
        assert_eq!(
            added.after,
            "*.xlsx binary\r\n# Plan files keep LF line endings in every checkout, Windows ones too.\r\n*.toml text eol=lf\r\n"
        );
        fs::write(dir.path().join(".gitattributes"), "*.toml text eol=lf\n").unwrap();
        assert_eq!(gitattributes(dir.path()).unwrap(), None);
    }
}
