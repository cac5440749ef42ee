//! `csp ics`: the plan's deadlines as an iCalendar feed.

use std::path::PathBuf;

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::say_left_out;
use crate::cli::{AsOfArgs, Exit, FilterArgs, PlanArgs, emit, load_for_reading};
use csp::ops::ics::{self, IcsRequest};

#[derive(Args, Debug)]
#[command(
    after_help = "Each event's UID is the action's id and the plan's name, so importing the feed again updates \
events rather than duplicating them; each meeting of csp.toml's [meetings] is an all-day event too, with the \
UID meeting-BODY-YYYYMMDD (--no-meetings leaves them out). DTSTAMP is midnight (UTC) of --as-of: the same plan on the same day gives the \
same file. Recurring actions carry an RRULE; done and dropped ones stay in the feed as cancelled."
)]
pub(crate) struct IcsArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// Write the feed to this file (e.g. plan.ics) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the meetings of csp.toml's [meetings]: only the actions' deadlines
    #[arg(long)]
    pub no_meetings: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub(crate) fn run(args: &IcsArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = IcsRequest {
        as_of,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: args.sensitive.disclosure(),
        meetings: !args.no_meetings,
    };
    let feed = ics::feed(plan, &request)?;
    say_left_out(feed.left_out)?;
    emit(args.output.as_deref(), &feed.text)?;
    Ok(Exit::Ok)
}
