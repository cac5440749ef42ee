//! `csp list`: every action, or those the filters choose, in plan order.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::listing_disclosure;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, FormatArgs, OrderArgs, PlanArgs, load_for_reading, print_listing,
};
use csp::ops::listing::{self, ListingRequest, Which};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  csp list                                   every action, in plan order
  csp list --lead police --involving         what the police lead or help with
  csp list --section prevent-duty --status open
  csp list --undated                         actions with no deadline yet
  csp list --text \"domestic abuse\" --format csv -o domestic-abuse.csv
  csp list --format json | jq -r '.[] | select(.days_overdue > 60) | .id'

The ID column shows the shortest part of each id that names the action alone;
`csp show ID` takes it. Dates are UK style; a month due reads \"Sep 2023\" and
falls due on the month's last day. Overdue dates are red and dates due soon
(by the next meeting, else within [plan] upcoming of csp.toml, else 30 days)
yellow on a colour terminal.")]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub order: OrderArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub(crate) fn run(args: &ListArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = ListingRequest {
        as_of,
        which: Which::All,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let chosen = listing::choose(plan, &request)?;
    print_listing(plan, as_of, &chosen, &args.order, &args.format)?;
    Ok(Exit::Ok)
}
