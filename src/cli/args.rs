//! Argument groups that several commands flatten in, and the value parsers
//! that turn words on the command line into the library's plain types. The
//! library knows nothing of clap: each group converts itself (`filter()`,
//! `format`, `sort`) the way typos' `to_config()` does.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use csp::calendar::DaySpec;
use csp::changes::Since;
use csp::dates::Period;
use csp::error::Error;
use csp::load::{self, Loaded};
use csp::model::{Manifest, Rag, Status};
use csp::query::Filter;
use csp::render::Format;
use csp::view::SortBy;
use csp::window::{LookAhead, WindowRequest};

/// Where the plan is: `--plan DIR`, else `$CSP_PLAN`, else found upwards.
#[derive(Args, Clone, Debug, Default)]
pub(crate) struct PlanArgs {
    /// The plan directory (holding csp.toml) [default: found from the current directory upwards]
    #[arg(long, value_name = "DIR", env = "CSP_PLAN")]
    pub plan: Option<PathBuf>,
}

impl PlanArgs {
    pub(crate) fn root(&self) -> anyhow::Result<PathBuf> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        load::find_root(self.plan.as_deref(), &cwd)
    }

    pub(crate) fn load(&self) -> anyhow::Result<Loaded> {
        load::load(&self.root()?)
    }

    /// The `csp validate` command line for the same plan, to quote in advice.
    pub(crate) fn validate_command(&self, loaded: &Loaded) -> String {
        match &self.plan {
            Some(_) => format!("csp validate --plan {}", loaded.plan.root.display()),
            None => "csp validate".into(),
        }
    }
}

/// `--include-sensitive`, for every command whose output can leave the
/// repository (`csp::disclosure`).
#[derive(Args, Clone, Debug, Default)]
pub(crate) struct SensitiveArgs {
    /// Include OFFICIAL-SENSITIVE actions, which are left out by default, and mark the output
    /// OFFICIAL-SENSITIVE
    #[arg(long)]
    pub include_sensitive: bool,
}

impl SensitiveArgs {
    pub(crate) fn disclosure(&self) -> csp::disclosure::Disclosure {
        csp::disclosure::Disclosure::new(self.include_sensitive)
    }
}

/// The day that "today" means for a command.
#[derive(Args, Clone, Debug, Default)]
pub(crate) struct AsOfArgs {
    /// Treat this day as today: YYYY-MM-DD, today, next-meeting, last-meeting, next:BODY or
    /// last:BODY (a body of [meetings]) [default: today]
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub(crate) as_of: Option<DaySpec>,
}

impl AsOfArgs {
    /// The as-of day: meetings are counted from today.
    pub(crate) fn resolve(&self, manifest: &Manifest) -> Result<NaiveDate, Error> {
        let today = today();
        match &self.as_of {
            Some(spec) => spec.resolve(today, today, manifest),
            None => Ok(today),
        }
    }
}

/// A day option other than `--as-of`: meetings are counted from the as-of day.
pub(crate) fn resolve_day(
    spec: Option<&DaySpec>,
    as_of: NaiveDate,
    manifest: &Manifest,
) -> Result<Option<NaiveDate>, Error> {
    spec.map(|spec| spec.resolve(as_of, today(), manifest))
        .transpose()
}

/// The window a command looks ahead over, by the one rule of
/// `csp::window`: `--until`, else `--within`, else the next meeting, else
/// the plan's look-ahead.
pub(crate) fn look_ahead<'m>(
    manifest: &'m Manifest,
    as_of: NaiveDate,
    until: Option<&DaySpec>,
    within: Option<Period>,
) -> Result<LookAhead<'m>, Error> {
    let request = WindowRequest {
        until: until.cloned(),
        within,
    };
    LookAhead::resolve(manifest, as_of, today(), &request)
}

/// `--since`: a meeting keyword (`last:board`, `last-meeting`, …) names a
/// meeting, counted from `as_of`; `today` the day; anything else is a git
/// revision or a day, as git reads them.
pub(crate) fn since(text: &str, as_of: NaiveDate, manifest: &Manifest) -> Result<Since, Error> {
    match DaySpec::parse(text) {
        Ok(spec @ (DaySpec::Next(_) | DaySpec::Last(_))) => {
            let (day, meeting) = spec.resolve_meeting(as_of, today(), manifest)?;
            Ok(match meeting {
                Some(meeting) => Since::Meeting {
                    key: meeting.series.key.clone(),
                    day,
                },
                None => Since::Revision(day.format("%Y-%m-%d").to_string()),
            })
        }
        Ok(DaySpec::Today) => Ok(Since::Revision(today().format("%Y-%m-%d").to_string())),
        _ => Ok(Since::Revision(text.to_string())),
    }
}

/// Today, in local time: deadlines are days where the officers are.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A clap value parser for a day: `YYYY-MM-DD` (with the same messages as
/// plan files), `today`, or a meeting named by the plan's calendar.
pub(crate) fn parse_day_arg(text: &str) -> Result<DaySpec, String> {
    DaySpec::parse(text)
}

/// How a reading command prints its answer.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Output")]
pub(crate) struct FormatArgs {
    /// How to print the answer; table also when piped (scripts should ask for json or csv)
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = format_parser())]
    pub format: Format,
    /// Write the answer to this file instead of standard output, as UTF-8 (PowerShell's `>` would
    /// write UTF-16)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

fn format_parser() -> Choice<Format> {
    Choice::new([
        (
            PossibleValue::new("table")
                .help("A table for people, fitted to the terminal, coloured on a colour terminal")
                .alias("text"),
            Format::Table,
        ),
        (
            PossibleValue::new("json").help("JSON with stable field names, for scripts"),
            Format::Json,
        ),
        (
            PossibleValue::new("csv")
                .help("CSV with a header row, for spreadsheets (formula-safe)"),
            Format::Csv,
        ),
        (
            PossibleValue::new("md")
                .help("A Markdown table, to paste into an agenda or issue")
                .alias("markdown"),
            Format::Md,
        ),
    ])
}

/// How a listing orders and groups its actions. Each command sets the
/// default order in its `#[command(mut_arg("sort", ...))]`.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Output")]
pub(crate) struct OrderArgs {
    /// How to order the actions
    #[arg(long, value_name = "ORDER", default_value = "plan", value_parser = sort_parser())]
    pub sort: SortBy,
    /// Group the actions under each lead, to chase them one by one (an action with two leads
    /// is under both; with --lead, only under the leads named)
    #[arg(long)]
    pub by_lead: bool,
}

fn sort_parser() -> Choice<SortBy> {
    Choice::new([
        (
            PossibleValue::new("plan").help("Sections as in csp.toml, then by id"),
            SortBy::Plan,
        ),
        (
            PossibleValue::new("due")
                .help("Soonest next due date first (so the most overdue first); undated last"),
            SortBy::Due,
        ),
        (
            PossibleValue::new("lead").help("By first lead's key, then by due date"),
            SortBy::Lead,
        ),
    ])
}

/// `--dry-run` and `--wait`, for every command that writes.
#[derive(Args, Clone, Debug, Default)]
pub(crate) struct WriteArgs {
    /// Print what would change, as a diff, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// While another csp is writing the plan, wait up to this long for it, then give up (exit 2)
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub wait: u64,
}

impl WriteArgs {
    /// How long to wait for another writer.
    pub(crate) fn wait(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.wait)
    }
}

/// The filters every listing command flattens in; `filter()` gives the
/// library's `Filter`.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Filters (different flags narrow; a repeated flag widens)")]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each bool is an independent command-line flag"
)]
pub(crate) struct FilterArgs {
    /// Led by this body: a key of [leads], or its name or alias, any case
    #[arg(long, value_name = "KEY")]
    pub lead: Vec<String>,
    /// With --lead: also match actions where the body is a partner
    #[arg(long)]
    pub involving: bool,
    /// In this section or below it: its path (statutory-duties/prevent-duty), the
    /// path's start (statutory-duties), its last part (prevent-duty) or its title
    #[arg(long, value_name = "PATH")]
    pub section: Vec<String>,
    /// Serving this CSP priority (a key of [priorities])
    #[arg(long, value_name = "N")]
    pub priority: Vec<u32>,
    /// With this status
    #[arg(long, value_name = "STATUS", value_parser = status_parser())]
    pub status: Vec<Status>,
    /// With this RAG rating
    #[arg(long, value_name = "RAG", value_parser = rag_parser())]
    pub rag: Vec<Rag>,
    /// Carrying this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Next due strictly before this day (a date, today, or a meeting such as next:board)
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub(crate) due_before: Option<DaySpec>,
    /// Next due strictly after this day (a date, today, or a meeting such as last:board)
    #[arg(long, value_name = "DAY", value_parser = parse_day_arg)]
    pub(crate) due_after: Option<DaySpec>,
    /// Only actions with no due date
    #[arg(long)]
    pub undated: bool,
    /// Only recurring actions (with `every`)
    #[arg(long)]
    pub recurring: bool,
    /// Only stale actions: open, in progress or blocked with no progress note since the last
    /// meeting (else within [plan] stale, default 3 months)
    #[arg(long)]
    pub(crate) stale: bool,
    /// Containing all these words in the title or description, any case
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
}

impl FilterArgs {
    /// The library's filter, with its days resolved against the plan's
    /// calendar from `as_of`.
    pub(crate) fn filter(&self, manifest: &Manifest, as_of: NaiveDate) -> Result<Filter, Error> {
        Ok(Filter {
            lead: self.lead.clone(),
            involving: self.involving,
            section: self.section.clone(),
            priority: self.priority.clone(),
            status: self.status.clone(),
            rag: self.rag.clone(),
            tag: self.tag.clone(),
            due_before: resolve_day(self.due_before.as_ref(), as_of, manifest)?,
            due_after: resolve_day(self.due_after.as_ref(), as_of, manifest)?,
            undated: self.undated,
            recurring: self.recurring,
            stale_since: self
                .stale
                .then(|| csp::schedule::stale_since(as_of, manifest)),
            text: self.text.clone(),
        })
    }
}

fn status_parser() -> Choice<Status> {
    Choice::new(Status::ALL.map(|status| (PossibleValue::new(status.name()), status)))
}

fn rag_parser() -> Choice<Rag> {
    Choice::new(Rag::ALL.map(|rag| (PossibleValue::new(rag.name()), rag)))
}

/// A value parser over a fixed set of words, each standing for one value of
/// a library type: what `clap::ValueEnum` does, for types that must not
/// depend on clap. Errors and help are `PossibleValuesParser`'s own.
#[derive(Clone)]
pub(crate) struct Choice<T> {
    values: Vec<(PossibleValue, T)>,
}

impl<T: Clone + Send + Sync + 'static> Choice<T> {
    pub(crate) fn new(values: impl IntoIterator<Item = (PossibleValue, T)>) -> Self {
        Self {
            values: values.into_iter().collect(),
        }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let words = PossibleValuesParser::new(self.values.iter().map(|(word, _)| word.clone()));
        let word = words.parse_ref(command, arg, value)?;
        let ignore_case = arg.is_some_and(clap::Arg::is_ignore_case_set);
        self.values
            .iter()
            .find(|(possible, _)| possible.matches(&word, ignore_case))
            .map(|(_, value)| value.clone())
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(command))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|(word, _)| word.clone())))
    }
}
