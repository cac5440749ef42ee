//! `csp summary`: the plan at a glance.

use clap::Args;

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::{listing_disclosure, say_left_out};
use crate::cli::{AsOfArgs, Exit, FilterArgs, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::ops::summary::{self, SummaryRequest};

#[derive(Args, Debug)]
#[command(after_help = "\
Counts actions by status, RAG rating and section (a section counts its
subsections' actions too), each with how many are open (open, in progress or
blocked), overdue, and due soon (by the next meeting in csp.toml, else within
[plan] upcoming, else 30 days); and how many are undated or recurring.
Filters narrow what is counted.

Examples:
  csp summary
  csp summary --as-of 2024-03-14 --format md
  csp summary --lead police --involving
  csp summary --format json | jq .overdue")]
pub(crate) struct SummaryArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub(crate) fn run(args: &SummaryArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = SummaryRequest {
        window: look_ahead(&plan.manifest, as_of, None, None)?,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let summarised = summary::summary(plan, &request)?;
    say_left_out(summarised.left_out)?;
    print_view(&summarised.summary, &args.format)?;
    Ok(Exit::Ok)
}
