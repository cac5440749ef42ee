//! `csp done`: record that an action was done. A one-off action becomes
//! done; a recurring one stays open and its `due` moves to the next
//! occurrence after the day it was done (docs/editing.md; `csp::ops::done`).

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::calendar::DaySpec;
use csp::ops::{self, done::DoneRequest};

#[derive(Args, Debug)]
pub(crate) struct DoneArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// The day it was done [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    /// Also record a progress note, dated the same day
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &DoneArgs) -> anyhow::Result<Exit> {
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let request = DoneRequest {
        id: args.id.clone(),
        on: resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of),
        note: args.note.clone(),
        as_of,
    };
    let reviewed = ops::done::done(&session, &request)?;
    settle_reviewed(&session, reviewed, &args.write)
}
