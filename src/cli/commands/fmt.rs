//! `csp fmt`: one layout for every action file, keeping every comment
//! (the layout is described in `edit::format` and docs/editing.md).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::cli::output::{begin_session, plural};
use crate::cli::{Exit, PlanArgs, WriteArgs};
use csp::diagnostic::Code;
use csp::edit::{FileEdit, Source, format};
use csp::load::MANIFEST_FILE;
use csp::render;

#[derive(Args, Debug)]
pub(crate) struct FmtArgs {
    /// Only these actions (ids, or unique trailing parts of them) [default: every action file]
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Write nothing: list the files whose layout would change, and fail (exit 1) if there are any
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

pub(crate) fn run(args: &FmtArgs) -> anyhow::Result<Exit> {
    // `--check` writes nothing, so it reads as a dry run does: unlocked.
    let locking = WriteArgs {
        dry_run: args.write.dry_run || args.check,
        ..args.write.clone()
    };
    let session = begin_session(&args.plan.root()?, &locking)?;
    let loaded = session.loaded();
    let root = loaded.plan.root.display().to_string();
    let mut skipped: Vec<(PathBuf, &str)> = Vec::new();
    let files: BTreeSet<PathBuf> = if args.ids.is_empty() {
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
                && !skipped.iter().any(|(path, _)| path == file)
            {
                skipped.push((file.clone(), "it is not readable TOML"));
            }
        }
        // Files with errors are formatted too: layout does not depend on values.
        loaded
            .all_actions()
            .map(|action| loaded.plan.file_of(action))
            .collect()
    } else {
        let mut files = BTreeSet::new();
        for id in &args.ids {
            let action = loaded.resolve_any(id).map_err(csp::error::Error::from)?;
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
            skipped.push((file.clone(), "it is not readable TOML"));
            continue;
        };
        if !same_values(source.text(), &formatted) {
            // A bug in csp, never a reason to lose data: leave the file be.
            skipped.push((
                file.clone(),
                "formatting would change its values (a bug in csp: please report it)",
            ));
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
        };
        if edit.is_change() {
            edits.push(edit);
        }
    }

    let mut out = anstream::stdout().lock();
    let mut err = anstream::stderr().lock();
    if args.write.dry_run {
        for edit in &edits {
            write!(out, "{}", render::diff::unified(edit))?;
        }
    }
    let checked = plural(files.len(), "action file");
    if args.check {
        for edit in &edits {
            writeln!(out, "{}", edit.path.display())?;
        }
    } else if !args.write.dry_run {
        session.write(&edits)?;
        for edit in &edits {
            writeln!(out, "formatted {}", edit.path.display())?;
        }
    }
    for (file, why) in &skipped {
        writeln!(err, "warning: skipped `{}`: {why}", file.display())?;
    }
    let failed = !skipped.is_empty() || (args.check && !edits.is_empty());
    let summary = match (edits.len(), args.check || args.write.dry_run) {
        (0, _) => format!("{root}: {checked} checked, all formatted"),
        (n, true) => format!(
            "{root}: {} of {checked} would be reformatted{}",
            n,
            if args.check {
                "; run `csp fmt` to fix"
            } else {
                ""
            }
        ),
        (n, false) => format!("{root}: {n} of {checked} reformatted"),
    };
    if failed || args.write.dry_run {
        writeln!(err, "{summary}")?;
    } else {
        writeln!(out, "{summary}")?;
    }
    Ok(if failed { Exit::Failed } else { Exit::Ok })
}

/// Whether two texts hold the same TOML data, whatever their layout.
fn same_values(before: &str, after: &str) -> bool {
    match (before.parse::<toml::Table>(), after.parse::<toml::Table>()) {
        (Ok(before), Ok(after)) => before == after,
        _ => false,
    }
}
