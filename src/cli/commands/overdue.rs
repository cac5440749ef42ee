//! `csp overdue`: what is late as of a day, most overdue first.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::listing_disclosure;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, FormatArgs, OrderArgs, PlanArgs, load_for_reading, print_listing,
};
use csp::ops::listing::{self, ListingRequest, Which};

#[derive(Args, Debug)]
#[command(mut_arg("sort", |arg| arg.default_value("due")))]
#[command(after_help = "\
An action is overdue when it is open, in progress or blocked and its next due
date is before the day: due on the day itself is not late yet. A month due
(\"Sep 2023\") is late from the 1st of the next month. Done and dropped actions
are never overdue. A recurring action with no `due` is next due one period
after `completed`.

Examples:
  csp overdue                                what is late today
  csp overdue --as-of 2024-03-14             as it will stand at the board meeting
  csp overdue --by-lead --format md          grouped by lead, to paste into the agenda
  csp overdue --lead ECDC                    only what the district council leads
  csp overdue --exit-code --format json      for cron or CI: exits 1 if anything is late")]
pub(crate) struct OverdueArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// Exit with status 1 when anything is overdue (for cron jobs and CI)
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub order: OrderArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub(crate) fn run(args: &OverdueArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = ListingRequest {
        as_of,
        which: Which::Overdue,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let chosen = listing::choose(plan, &request)?;
    print_listing(plan, as_of, &chosen, &args.order, &args.format)?;
    // --exit-code answers for the whole plan: the officer's cron job must
    // hear of a late sensitive action even where the listing leaves it out.
    Ok(if args.exit_code && chosen.any_matched {
        Exit::Failed
    } else {
        Exit::Ok
    })
}
