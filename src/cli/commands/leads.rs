//! `csp leads`: each lead and the work it carries.

use clap::Args;

use crate::cli::args::SensitiveArgs;
use crate::cli::output::disclose_listing;
use crate::cli::{AsOfArgs, Exit, FilterArgs, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::view::{Context, Leads};

#[derive(Args, Debug)]
#[command(after_help = "\
Columns: Led = actions the lead leads (alone or jointly); Open = of those, open,
in progress or blocked; Overdue; Due soon = due within [plan] upcoming of
csp.toml (else 30 days); Partner = actions where it is a partner. Leads come
in the order of [leads] in csp.toml. The other filters narrow the actions
counted; --lead narrows the leads shown.

Examples:
  csp leads
  csp leads --lead police --lead ECDC
  csp leads --section statutory-duties       counts within one section
  csp leads --format csv > leads.csv")]
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
    let filter = args.filter.filter(&loaded.plan.manifest, as_of)?;
    let query = filter.check(plan)?;
    // --lead picks the rows; counting by it too would drop what a lead does
    // as a partner, so the actions are chosen by the other filters alone.
    let selected = filter.without_leads().check(plan)?.select(plan);
    let format = args.format.format;
    let actions = disclose_listing(plan, selected, &args.sensitive, format)?.actions;
    let context = Context::new(plan, as_of);
    let leads = Leads::new(&context, &actions, query.lead_keys());
    print_view(&leads, args.format.format)?;
    Ok(Exit::Ok)
}
