//! `csp show ID`: one action in full, or one performance measure.

use clap::Args;

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::listing_disclosure;
use crate::cli::{AsOfArgs, Exit, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::bail_usage;
use csp::ops::show::{self, ShowRequest, Shown};

#[derive(Args, Debug)]
#[command(after_help = "\
Shows every field, the next due date and how far off it is, the leads' and
partners' full names, the progress updates (oldest first) and the action's file.

For a performance measure (its id, or measures/ID): its fields, its figures for
this financial year and the last against their targets, a small chart, and
where it stands: year to date, the target that applies, RAG, direction of
travel and missing figures (docs/measures.md).

Examples:
  csp show raise-prevent-profile
  csp show statutory-duties/prevent-duty/raise-prevent-profile
  csp show plan/statutory-duties/prevent-duty/raise-prevent-profile.toml
  csp show raise-prevent-profile --format md      to paste into the minutes
  csp show measures/asb-incidents --as-of next:board")]
pub(crate) struct ShowArgs {
    /// The action: its id, any unique trailing part of it (as in the ID column of `csp list`),
    /// or its file's path; or a measure: its id, or measures/ID
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub(crate) fn run(args: &ShowArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let request = ShowRequest {
        id: &args.id,
        window: look_ahead(&loaded.plan.manifest, as_of, None, None)?,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    match show::show(&loaded, &request)? {
        Shown::Detail(detail) => print_view(&*detail, &args.format)?,
        Shown::Measure(detail) => print_view(&*detail, &args.format)?,
        Shown::MeasureWithheld(id) => bail_usage!(
            "the measure `{id}` is OFFICIAL-SENSITIVE, so csp shows it only on a terminal or with --include-sensitive";
            help = "add --include-sensitive if what you are writing is marked and handled as OFFICIAL-SENSITIVE"
        ),
        Shown::HasErrors(id) => bail_usage!(
            "the action `{id}` has errors, so csp cannot show it";
            help = "`{}` shows what to fix", args.plan.validate_command(&loaded)
        ),
        Shown::Withheld(id) => bail_usage!(
            "`{id}` is OFFICIAL-SENSITIVE, so csp shows it only on a terminal or with --include-sensitive";
            help = "add --include-sensitive if what you are writing is marked and handled as OFFICIAL-SENSITIVE"
        ),
    }
    Ok(Exit::Ok)
}
