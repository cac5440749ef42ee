//! `csp list`: every action, or those the filters choose, in plan order.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::disclose_listing;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, FormatArgs, OrderArgs, PlanArgs, load_for_reading, print_actions,
};
use csp::view::ListKind;

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  csp list                                   every action, in plan order
  csp list --lead police --involving         what the police lead or help with
  csp list --section prevent-duty --status open
  csp list --undated                         actions with no deadline yet
  csp list --text \"domestic abuse\" --format csv > domestic-abuse.csv
  csp list --format json | jq -r '.[] | select(.days_overdue > 60) | .id'

The ID column shows the shortest part of each id that names the action alone;
`csp show ID` takes it. Dates are UK style; a month due reads \"Sep 2023\" and
falls due on the month's last day. Overdue dates are red and dates due soon
(within [plan] upcoming of csp.toml, else 30 days) yellow on a colour terminal.")]
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
    let filter = args.filter.filter(&loaded.plan.manifest, as_of)?;
    let query = filter.check(plan)?;
    let format = args.format.format;
    let disclosed = disclose_listing(plan, query.select(plan), &args.sensitive, format)?;
    let actions = disclosed.actions;
    print_actions(
        plan,
        as_of,
        ListKind::All,
        &actions,
        &args.order,
        &query,
        args.format.format,
    )?;
    Ok(Exit::Ok)
}
