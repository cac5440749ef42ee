//! `csp record`: write a measure's figure for a period, checked as `csp
//! validate` checks it, before anything is written (docs/measures.md).

use clap::Args;

use crate::cli::output::{begin_session, print_error, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs};
use csp::ops::record::{self, RecordRequest, Recorded};

#[derive(Args, Debug)]
#[command(after_help = "\
The period is written as the measure reports: a month as \"Apr 2024\" or
\"2024-04\", a quarter as \"Q1 2024/25\" (Q1 is Apr–Jun), a financial year as
\"2024/25\". It must have ended by the as-of day. The figure is read as people
type it: 1,234, 12.5, 12% (for a measure in %) or £1,200 (for one in £).

A period that already has a figure is refused unless --replace is given;
then the summary says what it was revised from. Recording the same figure
again changes nothing.

Examples:
  csp record asb-incidents \"Q3 2023/24\" 410
  csp record asb-incidents \"Q3 2023/24\" 410 --note \"provisional\"
  csp record asb-incidents \"Q2 2023/24\" 401 --replace
  csp record treatment-exits 2024-01 46% --dry-run")]
pub(crate) struct RecordArgs {
    /// The measure: its id (the file's name under measures/), or measures/ID
    #[arg(value_name = "MEASURE")]
    pub measure: String,
    /// The period the figure is for, e.g. \"Q3 2023/24\", \"Apr 2024\" or \"2023/24\"
    #[arg(value_name = "PERIOD")]
    pub period: String,
    /// The figure, e.g. 1,234, 12.5, 12% or £1,200
    #[arg(value_name = "VALUE", allow_negative_numbers = true)]
    pub value: String,
    /// A note kept beside the figure, e.g. \"provisional\"
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Revise the figure already recorded for the period
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &RecordArgs) -> anyhow::Result<Exit> {
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let request = RecordRequest {
        measure: args.measure.clone(),
        period: args.period.clone(),
        value: args.value.clone(),
        note: args.note.clone(),
        replace: args.replace,
        as_of: args.as_of.resolve(&session.loaded().plan.manifest)?,
    };
    match record::record(&session, &request)? {
        Recorded::Reviewed(reviewed) => settle_reviewed(&session, reviewed, &args.write),
        Recorded::Refused(error) => {
            print_error(&error.into());
            Ok(Exit::Failed)
        }
    }
}
