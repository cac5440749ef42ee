//! `csp chase`: one digest per lead body of what to update before a
//! meeting, as text, Markdown or draft e-mails.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::{print, say_left_out, warning_label};
use crate::cli::{AsOfArgs, Exit, FilterArgs, PlanArgs, load_for_reading, parse_day_arg};
use csp::bail_usage;
use csp::calendar::DaySpec;
use csp::ops::{
    self,
    chase::{ChaseFormat, ChaseRequest},
};
use csp::plural;
use csp::render::chase as digest;

#[derive(Args, Debug)]
#[command(after_help = "\
For each lead body with anything to chase: its actions that are overdue, due
by --until, or with no progress note since the last meeting (else within
[plan] stale, default 3 months), each once, in those three groups. Bodies with
nothing to chase are counted in the closing line. Leads' `email` and
`contact` in csp.toml address the drafts; csp never sends mail.

Examples:
  csp chase --as-of 2024-02-22                 what to ask each body before the next meeting
  csp chase --until next:board --lead police   one body, before the next Board
  csp chase --format eml -o drafts/            one draft per body, to open in a mail client
  csp chase --format xlsx -o forms/            one return form per body, for `csp apply`
  csp chase --format xlsx --all -o forms/      forms with every open action of each body")]
pub(crate) struct ChaseArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    /// Chase what falls due by this day, included: a date or a meeting such as next:board
    /// [default: the next meeting of any body, else the plan's look-ahead]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub until: Option<DaySpec>,
    /// text to read, md to paste into an e-mail, eml for one draft per body, xlsx for one return
    /// form per body (eml and xlsx need -o)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write one file per body into this directory (DIR/<lead>.txt, .md, .eml or .xlsx) instead
    /// of standard output
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// With --format xlsx: every open, in-progress or blocked action of each body (and those it
    /// partners, with --involving), not only what the digest chases
    #[arg(long, requires = "format")]
    pub all: bool,
    /// With --format eml: attach each body's return form (DIR/<lead>.xlsx's content) to its draft
    #[arg(long)]
    pub attach_forms: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Md,
    Eml,
    Xlsx,
}

impl From<Format> for ChaseFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Text => ChaseFormat::Text,
            Format::Md => ChaseFormat::Md,
            Format::Eml => ChaseFormat::Eml,
            Format::Xlsx => ChaseFormat::Xlsx,
        }
    }
}

pub(crate) fn run(args: &ChaseArgs) -> anyhow::Result<Exit> {
    if args.format == Format::Eml && args.output.is_none() {
        bail_usage!("--format eml writes one draft per body, so it needs a directory"; help = "add -o DIR, e.g. csp chase --format eml -o drafts");
    }
    if args.format == Format::Xlsx && args.output.is_none() {
        bail_usage!("--format xlsx writes one form per body, so it needs a directory"; help = "add -o DIR, e.g. csp chase --format xlsx -o forms");
    }
    if args.attach_forms && args.format != Format::Eml {
        bail_usage!("--attach-forms is for draft e-mails"; help = "add --format eml -o DIR");
    }
    if args.all && args.format != Format::Xlsx {
        bail_usage!("--all is for return forms"; help = "add --format xlsx -o DIR, or leave out --all");
    }
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = ChaseRequest {
        window: look_ahead(&plan.manifest, as_of, args.until.as_ref(), None)?,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: args.sensitive.disclosure(),
    };
    let chased = ops::chase::chase(plan, &request)?;
    say_left_out(chased.left_out.clone())?;
    let chase = &chased.chase;
    let Some(dir) = &args.output else {
        print(&digest::all(chase, args.format == Format::Md))?;
        writeln!(anstream::stderr().lock(), "{}", digest::closing(chase))?;
        return Ok(Exit::Ok);
    };
    let files = if args.all {
        ops::chase::all_forms(plan, &chased, dir)?
    } else {
        ops::chase::digest_files(plan, &chased, args.format.into(), dir, args.attach_forms)?
    };
    let written = ops::chase::write_files(dir, &files)?;
    let closing = if args.all {
        let others = chased.leads.len() - files.len();
        format!(
            "{} written; {} with no open action",
            plural::count(files.len(), "form"),
            plural::count_as(others, "body", "bodies")
        )
    } else {
        digest::closing(chase)
    };
    let wrote: Vec<(&std::path::Path, usize, usize)> = files
        .iter()
        .map(|file| (file.path.as_path(), file.actions, file.figures))
        .collect();
    print(&digest::written(
        &wrote,
        &written.removed,
        &written.others,
        &closing,
    ))?;
    let unaddressed: Vec<&str> = files
        .iter()
        .filter(|file| file.unaddressed)
        .map(|file| file.lead.as_str())
        .collect();
    if let Some(warning) = digest::unaddressed(&unaddressed) {
        writeln!(anstream::stderr().lock(), "{}: {warning}", warning_label())?;
    }
    Ok(Exit::Ok)
}
