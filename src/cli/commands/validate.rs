//! `csp validate`: every problem in the plan, with where and how to fix it.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::output::plural;
use crate::cli::{AsOfArgs, Exit, PlanArgs};
use csp::diagnostic::Tally;
use csp::render::diagnostics;
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Github,
}

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    let loaded = args.plan.load()?;
    let found = validate(&loaded, args.as_of.resolve(&loaded.plan.manifest)?);
    let tally = Tally::of(&found);
    let failed = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    let root = loaded.plan.root.display().to_string();
    match args.format {
        Format::Text => {
            let mut err = anstream::stderr().lock();
            for diagnostic in &found {
                writeln!(err, "{}\n", diagnostics::text(diagnostic))?;
            }
            let actions = plural(loaded.files, "action file");
            if found.is_empty() {
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
            for diagnostic in &found {
                writeln!(out, "{}", diagnostics::json(diagnostic))?;
            }
        }
        Format::Github => {
            let mut out = anstream::stdout().lock();
            for diagnostic in &found {
                writeln!(out, "{}", diagnostics::github(diagnostic))?;
            }
        }
    }
    // Freeing a large plan piece by piece takes longer than the check's
    // last steps; the process ends next and returns the memory at once.
    std::mem::forget(loaded);
    std::mem::forget(found);
    Ok(if failed { Exit::Failed } else { Exit::Ok })
}
