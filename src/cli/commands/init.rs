//! `csp init`: start a plan for another partnership, with a commented
//! manifest and one example action that validate cleanly.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};
use clap::Args;

use crate::cli::output::{print_diagnostics, say_waiting, settle_with};
use crate::cli::{AsOfArgs, Exit, WriteArgs};
use csp::bail_usage;
use csp::edit::document::quote;
use csp::edit::lock::LOCK_FILE;
use csp::edit::{FileEdit, Outcome, PlanLock, write};
use csp::load::{self, MANIFEST_FILE, parse_action, parse_manifest};
use csp::model::ActionId;
use csp::model::shown_path;
use csp::validate::validate;

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// Where to start the plan: a new or empty directory [default: the current directory]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The plan's name, e.g. "South Cambridgeshire CSP action plan"
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

const DEFAULT_NAME: &str = "Community Safety Partnership action plan";
const EXAMPLE: &str = "statutory-duties/strategic-assessment.toml";

const MANIFEST: &str = r#"# The manifest of a Community Safety Partnership's action plan, read by csp.
# Each action is a file of its own in a section directory next to this one;
# docs/plan-format.md describes every field.

[plan]
name = NAME
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

pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    csp::ops::init::check_empty(&dir)?;
    let name = args.name.as_deref().unwrap_or(DEFAULT_NAME).trim();
    if name.is_empty() || name.contains('\n') {
        bail_usage!("the plan's name must be one line of text"; help = "e.g. --name \"South Cambridgeshire CSP action plan\"");
    }
    let manifest = MANIFEST.replace("NAME", &quote(name));
    let as_of = args.as_of.resolve(&csp::model::Manifest::default())?;
    let action = ACTION.replace("DUE", &next_march(as_of));
    check_templates(&dir, &manifest, &action)?;

    // Into a directory that is there already, one `csp init` at a time (and
    // the check above made again under the lock); a new one has nothing to
    // lock yet, and two racing to create the same csp.toml cannot both
    // succeed (a new file never replaces one). Taken only once the checks
    // pass, so that a refused init leaves no lock file behind.
    let _lock = if dir.is_dir() && !args.write.dry_run {
        let lock = PlanLock::acquire(&dir, args.write.wait(), || {
            say_waiting(&args.write);
        })?;
        csp::ops::init::check_empty(&dir)?;
        Some(lock)
    } else {
        None
    };

    let manifest_path = shown_path(&dir, Path::new(MANIFEST_FILE));
    let action_path = shown_path(&dir, Path::new(EXAMPLE));
    let mut edits = vec![
        FileEdit {
            path: manifest_path.clone(),
            before: None,
            after: manifest,
        },
        FileEdit {
            path: action_path.clone(),
            before: None,
            after: action,
        },
    ];
    edits.extend(gitignore(&dir)?);
    let summary = format!(
        "started a plan in {}: {} and an example action, {}",
        dir.display(),
        manifest_path.display(),
        action_path.display()
    );
    let outcome = Outcome::of(Vec::new(), edits);
    let exit = settle_with(write::apply, outcome, &args.write, &summary, &summary)?;
    if args.write.dry_run {
        return Ok(exit);
    }

    let loaded = load::load(&dir)?;
    let found = validate(&loaded, as_of);
    print_diagnostics(&found)?;
    if found.iter().any(csp::diagnostic::Diagnostic::is_error) {
        return Ok(Exit::Failed);
    }
    let mut out = anstream::stdout().lock();
    writeln!(
        out,
        "{}: 1 action file checked, no problems found\nnext: fill in {} for your partnership, then add actions with `csp new SECTION/SLUG --title \"…\" --lead KEY`",
        dir.display(),
        manifest_path.display()
    )?;
    Ok(Exit::Ok)
}

/// The `.gitignore` that keeps the lock file out of git: a new one, or a
/// line added to the one there (`git init` may have come first).
fn gitignore(dir: &Path) -> anyhow::Result<Option<FileEdit>> {
    let path = shown_path(dir, Path::new(".gitignore"));
    let before = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Ok(Some(FileEdit {
                path,
                before: None,
                after: GITIGNORE.into(),
            }));
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read `{}`", path.display()));
        }
    };
    if before.lines().any(|line| line.trim() == LOCK_FILE) {
        return Ok(None);
    }
    let mut after = before.clone();
    if !after.is_empty() && !after.ends_with('\n') {
        after.push('\n');
    }
    after.push_str(GITIGNORE);
    Ok(Some(FileEdit {
        path,
        before: Some(before),
        after,
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

/// The files are fixed text but for the name; parse them before writing
/// anything, so that a name TOML cannot hold fails cleanly.
fn check_templates(dir: &Path, manifest: &str, action: &str) -> anyhow::Result<()> {
    let (_, manifest_problems) = parse_manifest(&Arc::from(manifest), &dir.join(MANIFEST_FILE));
    let action_file = parse_action(
        &Arc::from(action),
        &dir.join(EXAMPLE),
        ActionId::from_relative_path(Path::new(EXAMPLE)),
    );
    let problems: Vec<_> = manifest_problems
        .into_iter()
        .chain(action_file.diagnostics)
        .filter(csp::diagnostic::Diagnostic::is_error)
        .collect();
    if !problems.is_empty() {
        print_diagnostics(&problems)?;
        bail!("the new plan would not be valid; nothing was written");
    }
    Ok(())
}
