//! `csp summary`: the plan at a glance.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::disclose_listing;
use crate::cli::{AsOfArgs, Exit, FilterArgs, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::view::{Context, Summary};

#[derive(Args, Debug)]
#[command(after_help = "\
Counts actions by status, RAG rating and section (a section counts its
subsections' actions too), each with how many are open (open, in progress or
blocked), overdue, and due soon (within [plan] upcoming of csp.toml, else 30
days); and how many are undated or recurring. Filters narrow what is counted.

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
    let selected = args
        .filter
        .filter(&loaded.plan.manifest, as_of)?
        .check(plan)?
        .select(plan);
    let format = args.format.format;
    let actions = disclose_listing(plan, selected, &args.sensitive, format)?.actions;
    let context = Context::new(plan, as_of);
    let summary = Summary::new(&context, &actions);
    print_view(&summary, args.format.format)?;
    Ok(Exit::Ok)
}
