//! `csp leads`: each lead and the work it carries.

use clap::Args;

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::{listing_disclosure, say_left_out};
use crate::cli::{AsOfArgs, Exit, FilterArgs, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::ops::leads::{self, LeadsRequest};

#[derive(Args, Debug)]
#[command(after_help = "\
Columns: Led = actions the lead leads (alone or jointly); Open = of those, open,
in progress or blocked; Overdue; Due soon = due by the next meeting in
csp.toml (else within [plan] upcoming, else 30 days); Partner = actions where
it is a partner. Leads come
in the order of [leads] in csp.toml. The other filters narrow the actions
counted; --lead narrows the leads shown.

Examples:
  csp leads
  csp leads --lead police --lead ECDC
  csp leads --section statutory-duties       counts within one section
  csp leads --format csv -o leads.csv")]
pub(crate) struct LeadsArgs {
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

pub(crate) fn run(args: &LeadsArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = LeadsRequest {
        window: look_ahead(&plan.manifest, as_of, None, None)?,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let counts = leads::leads(plan, &request)?;
    say_left_out(counts.left_out)?;
    print_view(&counts.leads, &args.format)?;
    Ok(Exit::Ok)
}
