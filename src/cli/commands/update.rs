//! `csp update`: add a dated progress note to an action (`csp::ops::update`).

use clap::Args;

use crate::cli::args::resolve_day;
use crate::cli::output::{begin_session, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, parse_day_arg};
use csp::calendar::DaySpec;
use csp::ops::{
    self,
    update::{UpdateRequest, check_note},
};

#[derive(Args, Debug)]
pub(crate) struct UpdateArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// The note, e.g. "Draft shared with the Delivery Group"
    pub text: String,
    /// The day of the note [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub on: Option<DaySpec>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &UpdateArgs) -> anyhow::Result<Exit> {
    check_note(&args.text)?;
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let manifest = &session.loaded().plan.manifest;
    let as_of = args.as_of.resolve(manifest)?;
    let request = UpdateRequest {
        id: args.id.clone(),
        text: args.text.clone(),
        on: resolve_day(args.on.as_ref(), as_of, manifest)?.unwrap_or(as_of),
        as_of,
    };
    let reviewed = ops::update::update(&session, &request)?;
    settle_reviewed(&session, reviewed, &args.write)
}
