//! `csp changes`: what changed in the plan between two points of its git
//! history, action by action and field by field.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::{SensitiveArgs, since};
use crate::cli::output::reader_disclosure;
use crate::cli::{AsOfArgs, Exit, PlanArgs, emit};
use csp::model::SENSITIVE;
use csp::ops::changes::{self, ChangesRequest};
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
    /// Write it to this file instead of standard output, as UTF-8 (PowerShell's `>` would write
    /// UTF-16)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    // `--since last:board` is counted from the as-of day.
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Md,
    Json,
}

pub(crate) fn run(args: &ChangesArgs) -> anyhow::Result<Exit> {
    let loaded = args.plan.load()?;
    // As for listings: text on a terminal is read at the repository and
    // shows everything; anything piped or saved follows the rule.
    let request = ChangesRequest {
        since: since(
            &args.since,
            args.as_of.resolve(&loaded.plan.manifest)?,
            &loaded.plan.manifest,
        )?,
        until: args.until.clone(),
        disclosure: reader_disclosure(
            &args.sensitive,
            args.format == Format::Text && args.output.is_none(),
        ),
    };
    let found = changes::changes(&loaded, &request)?;
    if let Some(left_out) = found.left_out {
        writeln!(anstream::stderr().lock(), "note: {left_out}")?;
    }
    let set = &found.set;
    let text = match args.format {
        Format::Text => render::text(set)?,
        Format::Md => render::markdown(set, 2)?,
        Format::Json => format!("{}\n", render::json(set)?),
    };
    let text = match (found.marking.is_sensitive(), args.format) {
        (true, Format::Md) => format!("**{SENSITIVE}**\n\n{text}\n**{SENSITIVE}**\n"),
        (true, Format::Text) => format!("{SENSITIVE}\n\n{text}\n{SENSITIVE}\n"),
        _ => text,
    };
    emit(args.output.as_deref(), &text)?;
    Ok(Exit::Ok)
}
