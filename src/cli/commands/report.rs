//! `csp report`: the board's meeting pack, as Markdown or one HTML file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::SensitiveArgs;
use crate::cli::args::{resolve_day, since};
use crate::cli::output::disclose;
use crate::cli::{
    AsOfArgs, Exit, FilterArgs, PlanArgs, emit_with, load_for_reading, parse_day_arg,
};
use csp::bail_usage;
use csp::calendar::{Bodies, DaySpec};
use csp::changes;
use csp::model::Marking;
use csp::render::pack::{html, markdown};
use csp::schedule::due_soon_until;
use csp::view::pack::{Pack, Window};

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// The last day that counts as "due before the next meeting": a date or a meeting such as
    /// next:board [default: the next meeting after --as-of, else --as-of plus the plan's `upcoming`,
    /// else 30 days]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub until: Option<DaySpec>,
    /// md: Markdown to paste into an agenda; html: one self-contained page that prints on A4, with charts
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the pack to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Add "Changed since the last meeting": the plan's changes since this git revision, the last
    /// commit before this day (YYYY-MM-DD), or this meeting (last:board: the tag board-YYYY-MM-DD,
    /// else the plan at the end of that day)
    #[arg(long, value_name = "REV|DAY")]
    pub since: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Md,
    Html,
}

pub(crate) fn run(args: &ReportArgs) -> anyhow::Result<Exit> {
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let filter = args.filter.filter(&loaded.plan.manifest, as_of)?;
    let query = filter.check(plan)?;
    let disclosure = args.sensitive.disclosure();
    let selected = disclose(plan, query.select(plan), &args.sensitive)?.actions;

    let until = match resolve_day(args.until.as_ref(), as_of, &plan.manifest)? {
        Some(until) if until < as_of => {
            bail_usage!("--until {until} is before --as-of {as_of}"; help = "give the day of the next meeting, after the day of this one")
        }
        Some(until) => until,
        // On a meeting's day the pack looks ahead to that body's next
        // meeting; on another day, to the next meeting of any body.
        None => {
            let manifest = &plan.manifest;
            let bodies = manifest
                .meetings_on(as_of)
                .next()
                .map_or(Bodies::Any, |meeting| Bodies::Only(&meeting.series.key));
            manifest
                .next_meeting(as_of, bodies)
                .map_or_else(|| due_soon_until(as_of, manifest), |meeting| meeting.day)
        }
    };
    let mut changes = match &args.since {
        Some(text) => Some(changes::from_history(
            &loaded,
            &since(text, as_of, &plan.manifest)?,
            None,
        )?),
        None => None,
    };
    let sensitive_changes = match changes.as_mut() {
        Some(changes) => disclosure.apply_to_changes(plan, changes).1,
        None => 0,
    };
    // "Recently completed" looks back over the last meeting cycle: to the
    // commit of the last meeting when given, else as far back as the pack
    // looks ahead.
    let completed_since = match &changes {
        Some(changes) => changes.from.date,
        None => as_of - (until - as_of),
    };
    let window = Window {
        as_of,
        until,
        completed_since,
    };
    let mut pack = Pack::build(plan, &selected, window, changes, disclosure);
    if sensitive_changes > 0 {
        pack.marking = Marking::OfficialSensitive;
    }
    match args.format {
        // Both are written as they are drawn.
        Format::Md => emit_with(args.output.as_deref(), |out| {
            Ok(markdown::write_to(&pack, out)?)
        })?,
        Format::Html => emit_with(args.output.as_deref(), |out| html::write_to(&pack, out))?,
    }
    Ok(Exit::Ok)
}
