//! `csp measures`: every performance measure with where it stands: latest
//! figure, year to date against the target that applies, RAG, direction of
//! travel and missing figures (docs/measures.md).

use clap::Args;
use clap::builder::PossibleValue;

use crate::cli::args::{Choice, SensitiveArgs};
use crate::cli::output::{listing_disclosure, say_left_out};
use crate::cli::{AsOfArgs, Exit, FormatArgs, PlanArgs, load_for_reading, print_view};
use csp::model::Rag;
use csp::ops::measures::{self, MeasuresRequest};

#[derive(Args, Debug)]
#[command(after_help = "\
The rules (year to date, the target that applies, RAG, direction, missing) are
in docs/measures.md. A figure is missing once its period's last day plus the
measure's lag has passed. Figures are recorded with `csp record`.

Examples:
  csp measures                                every measure, as of today
  csp measures --rag red --rag amber          those off target
  csp measures --missing --lead police        figures the police owe
  csp measures --as-of next:board --format md  to paste into the board's papers
  csp measures --format json | jq -r '.[] | select(.rag == \"red\") | .id'")]
pub(crate) struct MeasuresArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    #[command(flatten)]
    pub filter: MeasureFilterArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Filters (different flags narrow; a repeated flag widens)")]
pub(crate) struct MeasureFilterArgs {
    /// Supplied by this body: a key of [leads], or its name or alias, any case
    #[arg(long, value_name = "KEY")]
    pub lead: Vec<String>,
    /// Serving this CSP priority (a key of [priorities])
    #[arg(long, value_name = "N")]
    pub priority: Vec<u32>,
    /// With this RAG rating as of the day; none: no target or no figure yet
    #[arg(long, value_name = "RAG", value_parser = rag_parser())]
    pub rag: Vec<Option<Rag>>,
    /// Only measures with a figure due and not in
    #[arg(long)]
    pub missing: bool,
}

fn rag_parser() -> Choice<Option<Rag>> {
    Choice::new(
        Rag::ALL
            .map(|rag| (PossibleValue::new(rag.name()), Some(rag)))
            .into_iter()
            .chain([(
                PossibleValue::new("none").help("No target, or no figure yet"),
                None,
            )]),
    )
}

pub(crate) fn run(args: &MeasuresArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let request = MeasuresRequest {
        as_of,
        lead: args.filter.lead.clone(),
        priority: args.filter.priority.clone(),
        rag: args.filter.rag.clone(),
        missing: args.filter.missing,
        disclosure: listing_disclosure(&args.sensitive, &args.format),
    };
    let outcome = measures::measures(&loaded.plan, &request)?;
    say_left_out(outcome.left_out)?;
    print_view(&outcome.listing, &args.format)?;
    Ok(Exit::Ok)
}
