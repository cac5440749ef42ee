//! `csp fmt`: one layout for every action file, keeping every comment
//! (`csp::ops::fmt`; the layout is described in `edit::format`).

use std::io::Write;

use clap::Args;

use crate::cli::output::begin_session;
use crate::cli::{Exit, PlanArgs, WriteArgs};
use csp::ops::{
    self,
    fmt::{FmtRequest, Formatting, Skipped},
};
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
    let request = FmtRequest {
        ids: args.ids.clone(),
    };
    let Formatting {
        checked,
        edits,
        skipped,
    } = ops::fmt::format(loaded, &request)?;

    let mut out = anstream::stdout().lock();
    let mut err = anstream::stderr().lock();
    if args.write.dry_run {
        for edit in &edits {
            write!(out, "{}", render::diff::unified(edit))?;
        }
    }
    let checked = csp::plural::count(checked, "action file");
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
    for Skipped { file, why } in &skipped {
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
