//! `csp overdue`: what is late as of a day, most overdue first.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::disclose_listing;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, FormatArgs, OrderArgs, PlanArgs, load_for_reading, print_actions,
};
use csp::schedule::is_overdue;
use csp::view::ListKind;

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
    let filter = args.filter.filter(&loaded.plan.manifest, as_of)?;
    let query = filter.check(plan)?;
    let actions: Vec<_> = query
        .select(plan)
        .into_iter()
        .filter(|action| is_overdue(action, as_of))
        .collect();
    // --exit-code answers for the whole plan: the officer's cron job must
    // hear of a late sensitive action even where the listing leaves it out.
    let late = !actions.is_empty();
    let format = args.format.format;
    let actions = disclose_listing(plan, actions, &args.sensitive, format)?.actions;
    print_actions(
        plan,
        as_of,
        ListKind::Overdue,
        &actions,
        &args.order,
        &query,
        args.format.format,
    )?;
    Ok(if args.exit_code && late {
        Exit::Failed
    } else {
        Exit::Ok
    })
}
