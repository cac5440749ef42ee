//! `csp chase`: one digest per lead body of what to update before a
//! meeting, as text, Markdown or draft e-mails.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::cli::args::SensitiveArgs;
use crate::cli::args::today;
use crate::cli::output::{disclose, plural, print, warning_label};
use crate::cli::{AsOfArgs, Exit, FilterArgs, PlanArgs, load_for_reading, parse_day_arg};
use csp::bail_usage;
use csp::calendar::DaySpec;
use csp::error::Error;
use csp::model::Lead;
use csp::portable;
use csp::render::{chase as digest, eml, xlsx};
use csp::schedule::stale_since;
use csp::view::chase::{Chase, ChaseWindow};
use csp::view::form::Form;
use csp::window::{LookAhead, WindowRequest};

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

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Md => "md",
            Format::Eml => "eml",
            Format::Xlsx => "xlsx",
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
    if args.all && args.format != Format::Xlsx {
        bail_usage!("--all is for return forms"; help = "add --format xlsx -o DIR, or leave out --all");
    }
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let manifest = &plan.manifest;
    let filter = args.filter.filter(manifest, as_of)?;
    let query = filter.check(plan)?;
    // --lead picks the bodies to chase; the actions are chosen by the
    // other filters, so that --involving can add what a body partners.
    let selected = filter.without_leads().check(plan)?.select(plan);
    let actions = disclose(plan, selected, &args.sensitive)?.actions;
    let leads: Vec<&Lead> = if query.lead_keys().is_empty() {
        manifest.leads.iter().collect()
    } else {
        manifest
            .leads
            .iter()
            .filter(|lead| query.lead_keys().contains(&lead.key))
            .collect()
    };
    let look_ahead = LookAhead::resolve(
        manifest,
        as_of,
        today(),
        &WindowRequest {
            until: args.until.clone(),
            within: None,
        },
    )?;
    let window = ChaseWindow {
        as_of,
        until: look_ahead.until,
        meeting: look_ahead.meeting,
        stale_since: stale_since(as_of, manifest),
    };
    let chase = Chase::new(plan, &actions, &leads, query.involving(), window);
    if let (Format::Xlsx, Some(dir)) = (args.format, &args.output) {
        return write_forms(args, plan, &chase, &actions, &leads, dir);
    }

    match &args.output {
        None => {
            let texts: Vec<String> = chase
                .digests
                .iter()
                .map(|one| match args.format {
                    Format::Md => digest::markdown(&chase, one),
                    Format::Text | Format::Eml | Format::Xlsx => digest::text(&chase, one),
                })
                .collect();
            let separator = match args.format {
                Format::Md => "\n",
                Format::Text | Format::Eml | Format::Xlsx => "\n────────\n\n",
            };
            print(&texts.join(separator))?;
            let mut err = anstream::stderr().lock();
            writeln!(err, "{}", digest::closing(&chase))?;
        }
        Some(dir) => {
            let stems = file_stems(chase.digests.iter().map(|one| one.lead.key.as_str()))?;
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the directory `{}`", dir.display()))?;
            let mut out = anstream::stdout().lock();
            let domain = manifest.domain();
            let mut unaddressed: Vec<&str> = Vec::new();
            for (one, stem) in chase.digests.iter().zip(&stems) {
                let bytes = match args.format {
                    Format::Text => digest::text(&chase, one).into_bytes(),
                    Format::Md => digest::markdown(&chase, one).into_bytes(),
                    Format::Eml => eml::draft(&chase, one, &domain)?,
                    Format::Xlsx => xlsx::form(&Form::of_digest(plan, as_of, one)?)?,
                };
                let path = dir.join(format!("{stem}.{}", args.format.extension()));
                csp::edit::write::output(&path, &bytes)?;
                if args.format == Format::Eml && one.lead.emails.is_empty() {
                    unaddressed.push(one.lead.key.as_str());
                }
                writeln!(
                    out,
                    "wrote {} ({})",
                    path.display(),
                    plural(one.count(), "action")
                )?;
            }
            writeln!(out, "{}", digest::closing(&chase))?;
            warn_unaddressed(&unaddressed)?;
        }
    }
    Ok(Exit::Ok)
}

/// The file name of each lead's draft or form, checked before anything
/// is written: see [`portable::output_stems`].
fn file_stems<'a>(keys: impl IntoIterator<Item = &'a str>) -> anyhow::Result<Vec<String>> {
    portable::output_stems(keys).map_err(|(one, other)| {
        Error::usage(format!(
            "leads `{one}` and `{other}` would be written to one file on Windows and macOS, which do not tell letter case apart; nothing was written"
        ))
        .with_help("rename one of the keys in csp.toml's [leads] (`csp validate` warns of such pairs)")
        .into()
    })
}

/// One warning for every draft that went without a `To:` line.
fn warn_unaddressed(keys: &[&str]) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    match keys {
        [] => {}
        [key] => writeln!(
            err,
            "{}: `{key}` has no email in csp.toml, so its draft has no To: line; add email = [\"…\"] to [leads.{key}]",
            warning_label()
        )?,
        _ => writeln!(
            err,
            "{}: {} leads have no email in csp.toml, so their drafts have no To: line: {}; add email = [\"…\"] to each one's [leads.KEY]",
            warning_label(),
            keys.len(),
            keys.join(", ")
        )?,
    }
    Ok(())
}

/// `--format xlsx`: one return form per body, `DIR/<lead>.xlsx`; with
/// `--all`, of every active action the body leads (or partners, with
/// `--involving`), else of what its digest chases.
fn write_forms(
    args: &ChaseArgs,
    plan: &csp::model::Plan,
    chase: &Chase<'_>,
    actions: &[&csp::model::Action],
    leads: &[&Lead],
    dir: &Path,
) -> anyhow::Result<Exit> {
    let as_of = chase.window.as_of;
    let forms: Vec<Form> = if args.all {
        let involving = args.filter.involving;
        leads
            .iter()
            .map(|lead| {
                let named =
                    |keys: &[std::sync::Arc<str>]| keys.iter().any(|key| **key == *lead.key);
                let chosen: Vec<&csp::model::Action> = actions
                    .iter()
                    .copied()
                    .filter(|action| named(&action.lead) || (involving && named(&action.partners)))
                    .collect();
                Form::of_actions(plan, as_of, Some(lead.key.clone()), &chosen)
            })
            .filter(|form| form.as_ref().map_or(true, |form| !form.rows.is_empty()))
            .collect::<Result<_, _>>()?
    } else {
        chase
            .digests
            .iter()
            .map(|one| Form::of_digest(plan, as_of, one))
            .collect::<Result<_, _>>()?
    };
    let stems = file_stems(
        forms
            .iter()
            .map(|form| form.lead.as_deref().unwrap_or_default()),
    )?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory `{}`", dir.display()))?;
    let mut out = anstream::stdout().lock();
    for (form, stem) in forms.iter().zip(&stems) {
        let path = dir.join(format!("{stem}.xlsx"));
        csp::edit::write::output(&path, &xlsx::form(form)?)?;
        writeln!(
            out,
            "wrote {} ({})",
            path.display(),
            plural(form.rows.len(), "action")
        )?;
    }
    let others = leads.len() - forms.len();
    if args.all {
        writeln!(
            out,
            "{} written; {others} {} with no open action",
            plural(forms.len(), "form"),
            if others == 1 { "body" } else { "bodies" }
        )?;
    } else {
        writeln!(out, "{}", digest::closing(chase))?;
    }
    Ok(Exit::Ok)
}
