//! `csp init`: start a plan for another partnership, with a commented
//! manifest and one example action that validate cleanly (`csp::ops::init`).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::output::{say_waiting, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, WriteArgs};
use csp::edit::{Outcome, Session};
use csp::model::Manifest;
use csp::ops::init::{self, InitRequest, Started};

/// Where `csp import` finds the same rule for a new plan's directory.

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// Where to start the plan: a new or empty directory [default: the current directory]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The plan's name, e.g. "South Cambridgeshire CSP action plan"
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Start with the partnership's statutory duties as recurring actions, each with its legal
    /// basis, undated for the partnership to date (docs/statutory-cycle.md), instead of the
    /// example action
    #[arg(long)]
    pub statutory: bool,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let request = InitRequest {
        dir: args.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
        name: args.name.clone(),
        statutory: args.statutory,
        // A new plan has no calendar yet.
        as_of: args.as_of.resolve(&Manifest::default())?,
    };
    // Refused before the directory is made or locked, so that a refused
    // init leaves nothing behind.
    init::check(&request)?;
    let dir = &request.dir;
    let session = if args.write.dry_run {
        Session::begin_new_unlocked(dir)
    } else {
        Session::begin_new(dir, args.write.wait(), || say_waiting(&args.write))?
    };
    let Started { reviewed, manifest } = init::start(&session, &request)?;
    let warnings = match &reviewed.outcome {
        Outcome::Write { warnings, .. } => warnings.len(),
        Outcome::Refused { .. } | Outcome::Unchanged => 0,
    };
    let exit = settle_reviewed(&session, reviewed, &args.write)?;
    if args.write.dry_run || exit != Exit::Ok {
        return Ok(exit);
    }
    let found = match warnings {
        0 => "no problems found".to_string(),
        n => format!("{} above", csp::plural::count(n, "warning")),
    };
    let mut out = anstream::stdout().lock();
    writeln!(
        out,
        "{}: {} checked, {found}\nnext: fill in {} for your partnership, then add actions with `csp new SECTION/SLUG --title \"…\" --lead KEY`",
        dir.display(),
        csp::plural::count(
            if args.statutory {
                csp::ops::init::STATUTORY.len()
            } else {
                1
            },
            "action file"
        ),
        manifest.display()
    )?;
    Ok(Exit::Ok)
}
