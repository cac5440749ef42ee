//! `csp validate`: every problem in the plan, with where and how to fix it.

use std::io::Write;

use clap::{Args, ValueEnum};

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::output::{HeldToExit, error_label, help_label, plural};
use crate::cli::{AsOfArgs, Exit, PlanArgs};
use csp::diagnostic::Tally;
use csp::disclosure;
use csp::model::Plan;
use csp::render::diagnostics;
use csp::sheet::Kind;
use csp::sheet::cells::Cell;
use csp::validate::validate;

#[derive(Args, Debug)]
pub(crate) struct ValidateArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// How to print problems: text for people, json (one object per line) for scripts, github for GitHub Actions annotations
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Also check the files under PATH (a site about to be published: packs, feeds, exports)
    /// hold nothing OFFICIAL-SENSITIVE: no marking, and no sensitive action's id, title or
    /// description; exit 1 if one does
    #[arg(long, value_name = "PATH")]
    pub public: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Github,
}

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    // Held to the end: freeing a large plan piece by piece takes longer
    // than the check's last steps (see `HeldToExit`).
    let loaded = HeldToExit::new(args.plan.load()?);
    let found = HeldToExit::new(validate(
        &loaded,
        args.as_of.resolve(&loaded.plan.manifest)?,
    ));
    let tally = Tally::of(&found);
    let leaked = check_public(&loaded.plan, &args.public)?;
    let failed = leaked || tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    let root = loaded.plan.root.display().to_string();
    match args.format {
        Format::Text => {
            let mut err = anstream::stderr().lock();
            for diagnostic in found.iter() {
                writeln!(err, "{}\n", diagnostics::text(diagnostic))?;
            }
            let actions = plural(loaded.files, "action file");
            if found.is_empty() && leaked {
                writeln!(
                    err,
                    "{root}: {actions} checked, no problems found; but what is to be published is not public"
                )?;
            } else if found.is_empty() {
                let mut out = anstream::stdout().lock();
                writeln!(out, "{root}: {actions} checked, no problems found")?;
            } else if failed {
                writeln!(
                    err,
                    "{root}: {actions} checked, {tally}; the plan is not valid"
                )?;
            } else {
                writeln!(err, "{root}: {actions} checked, {tally}")?;
            }
        }
        Format::Json => {
            let mut out = anstream::stdout().lock();
            for diagnostic in found.iter() {
                writeln!(out, "{}", diagnostics::json(diagnostic))?;
            }
        }
        Format::Github => {
            let mut out = anstream::stdout().lock();
            for diagnostic in found.iter() {
                writeln!(out, "{}", diagnostics::github(diagnostic))?;
            }
        }
    }
    Ok(if failed { Exit::Failed } else { Exit::Ok })
}

/// `--public`: every file under the paths, searched for what would give a
/// sensitive action away; each finding said on stderr. Whether any was found.
fn check_public(plan: &Plan, paths: &[PathBuf]) -> anyhow::Result<bool> {
    let mut files = Vec::new();
    for path in paths {
        collect_files(path, &mut files)?;
    }
    let mut leaked = false;
    let mut err = anstream::stderr().lock();
    for file in &files {
        let shown = file.display().to_string();
        let text = if Kind::of(file).is_some_and(|kind| kind != Kind::Csv) {
            // A workbook is compressed: search its cells.
            let sheets = csp::sheet::read(file, &shown)?;
            let mut text = String::new();
            for sheet in &sheets {
                for row in &sheet.rows {
                    for cell in row {
                        if let Cell::Text(cell) = cell {
                            text.push_str(cell);
                            text.push('\n');
                        }
                    }
                }
            }
            text
        } else {
            let bytes = std::fs::read(file).with_context(|| format!("cannot read `{shown}`"))?;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for leak in disclosure::leaks(plan, &text) {
            leaked = true;
            writeln!(
                err,
                "{}: `{shown}` may not be published: {leak}",
                error_label()
            )?;
        }
    }
    if leaked {
        writeln!(
            err,
            "{}: build public files without --include-sensitive; csp leaves OFFICIAL-SENSITIVE actions out by default",
            help_label()
        )?;
    }
    Ok(leaked)
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
