//! `csp changes`: what changed in the plan between two points of its git
//! history, action by action and field by field.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::args::{since, today};
use crate::cli::{Exit, PlanArgs};
use csp::changes;
use csp::render::changes as render;

#[derive(Args, Debug)]
pub(crate) struct ChangesArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The earlier point: a git revision (commit, tag, branch, HEAD~3), a day YYYY-MM-DD meaning
    /// the last commit before that day, or a meeting (last:board, last-meeting) meaning the plan
    /// at the end of that day, or the tag BODY-YYYY-MM-DD where there is one
    #[arg(long, value_name = "REV|DAY")]
    pub since: String,
    /// The later point, written the same way [default: the plan as it is on disk now]
    #[arg(long, value_name = "REV|DATE")]
    pub until: Option<String>,
    /// text for a terminal, md to paste into an agenda, json for scripts
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Md,
    Json,
}

pub(crate) fn run(args: &ChangesArgs) -> anyhow::Result<Exit> {
    let loaded = args.plan.load()?;
    let since = since(&args.since, today(), &loaded.plan.manifest)?;
    let set = changes::from_history(&loaded, &since, args.until.as_deref())?;
    let mut out = anstream::stdout().lock();
    match args.format {
        Format::Text => write!(out, "{}", render::text(&set)?)?,
        Format::Md => write!(out, "{}", render::markdown(&set, 2)?)?,
        Format::Json => writeln!(out, "{}", render::json(&set)?)?,
    }
    Ok(Exit::Ok)
}
