//! `csp upcoming`: what falls due in a window from a day, soonest first.

use clap::Args;

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::listing_disclosure;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, FormatArgs, OrderArgs, PlanArgs, load_for_reading, parse_day_arg,
    print_listing,
};
use csp::calendar::DaySpec;
use csp::dates::Period;
use csp::ops::listing::{self, ListingRequest, Which};

#[derive(Args, Debug)]
#[command(mut_arg("sort", |arg| arg.default_value("due")))]
#[command(after_help = "\
The window runs from the day (--as-of, default today) to --until, or to the
day --within later; both ends are included. Without either, it runs to the
next meeting in csp.toml's [meetings], else for `upcoming` under [plan],
else 30 days. Only open, in-progress and blocked actions are listed; what is
already late is in `csp overdue`.

Examples:
  csp upcoming                               due in the plan's look-ahead
  csp upcoming --within 2w                   due in the next two weeks
  csp upcoming --until 2024-03-14            due before the next board meeting
  csp upcoming --within 1q --by-lead --format md")]
pub(crate) struct UpcomingArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// How far ahead to look: a number and a unit, d(ays), w(eeks), m(onths), q(uarters) or
    /// y(ears): 30d, 2w, 3m, 1q, 1y [default: to the next meeting, else [plan] upcoming in
    /// csp.toml, else 30d]
    #[arg(long, value_name = "WINDOW", value_parser = parse_window_arg, conflicts_with = "until")]
    pub within: Option<Period>,
    /// Look ahead to this day, included: a date, or a meeting such as next:board
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub until: Option<DaySpec>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub order: OrderArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

fn parse_window_arg(text: &str) -> Result<Period, String> {
    Period::parse_window(text).map_err(|error| error.to_string())
}

pub(crate) fn run(args: &UpcomingArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let window = look_ahead(&plan.manifest, as_of, args.until.as_ref(), args.within)?;
    let request = ListingRequest {
        as_of,
        which: Which::Upcoming(window),
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let chosen = listing::choose(plan, &request)?;
    print_listing(plan, as_of, &chosen, &args.order, &args.format)?;
    Ok(Exit::Ok)
}
