//! One module per subcommand: its arguments (clap derive) and its `run`,
//! which wires load → validate → query → render and writes the result.
//! Output goes through `anstream`, which drops colour where it does not belong.

pub mod changes;
pub mod completions;
pub mod done;
pub mod fmt;
pub mod ics;
pub mod init;
pub mod leads;
pub mod list;
pub mod man;
pub mod new;
pub mod overdue;
pub mod report;
pub mod schema;
pub mod set;
pub mod show;
pub mod summary;
pub mod upcoming;
pub mod update;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;

use crate::dates;
use crate::diagnostic::{Diagnostic, Tally};
use crate::edit::{self, ActionDocument, EditedAction, FileEdit, Review, Source};
use crate::load::{self, Loaded};
use crate::model::{Action, Plan};
use crate::query::Query;
use crate::render::{self, Format};
use crate::view::{self, ListKind, Listing, SortBy};

/// How a command ended, as the process exit code scripts and CI rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// All fine.
    Ok = 0,
    /// The plan has errors (or warnings with `--deny-warnings`), or the
    /// command's check failed (`overdue --exit-code`, `fmt --check`).
    Failed = 1,
    /// Usage error, no plan found, or an I/O failure.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Where the plan is: `--plan DIR`, else `$CSP_PLAN`, else found upwards.
#[derive(Args, Clone, Debug, Default)]
pub struct PlanArgs {
    /// The plan directory (holding csp.toml) [default: found from the current directory upwards]
    #[arg(long, value_name = "DIR", env = "CSP_PLAN")]
    pub plan: Option<PathBuf>,
}

impl PlanArgs {
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        load::find_root(self.plan.as_deref(), &cwd)
    }

    pub fn load(&self) -> anyhow::Result<Loaded> {
        load::load(&self.root()?)
    }
}

/// The day that "today" means for a command.
#[derive(Args, Clone, Debug, Default)]
pub struct AsOfArgs {
    /// Treat this day as today, e.g. the day of the board meeting [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
}

impl AsOfArgs {
    pub fn day(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(today)
    }
}

/// Today, in local time: deadlines are days where the officers are.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A clap value parser for `YYYY-MM-DD` with the same messages as plan files.
pub fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    dates::parse_date(text).map_err(|error| error.to_string())
}

/// The plan root as shown in messages: `plan`, or `.`.
pub fn show_root(root: &Path) -> String {
    root.display().to_string()
}

/// How a reading command prints its answer.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Output")]
pub struct FormatArgs {
    /// How to print the answer; table also when piped (scripts should ask for json or csv)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Table)]
    pub format: Format,
}

/// How a listing orders and groups its actions. Each command sets the
/// default order in its `#[command(mut_arg("sort", ...))]`.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Output")]
pub struct OrderArgs {
    /// How to order the actions
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = SortBy::Plan)]
    pub sort: SortBy,
    /// Group the actions under each lead, to chase them one by one (an action with two leads
    /// is under both; with --lead, only under the leads named)
    #[arg(long)]
    pub by_lead: bool,
}

/// Loads the plan for a reading command. An invalid plan still answers from
/// what loaded, after a one-line warning on stderr that counts its errors
/// as `csp validate` would (files that failed to load are left out of the
/// answer; problems between files, such as an unknown lead, are not).
pub fn load_for_reading(plan: &PlanArgs, as_of: NaiveDate) -> anyhow::Result<Loaded> {
    let loaded = plan.load()?;
    let errors = crate::validate::validate(&loaded, as_of)
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .count();
    if errors > 0 {
        let command = validate_command(plan, &loaded);
        let style = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "{style}warning{style:#}: the plan has {errors} error{}, so this answer may be incomplete; `{command}` shows them",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(loaded)
}

/// The `csp validate` command line for the same plan, to quote in advice.
pub fn validate_command(plan: &PlanArgs, loaded: &Loaded) -> String {
    match &plan.plan {
        Some(_) => format!("csp validate --plan {}", show_root(&loaded.plan.root)),
        None => "csp validate".into(),
    }
}

/// Prints a listing in the chosen form.
/// Prints the chosen actions as a listing of `kind`, in the order and with
/// the grouping the user asked for: what `list`, `overdue` and `upcoming`
/// share once each has chosen its actions.
pub fn print_actions(
    plan: &Plan,
    as_of: NaiveDate,
    kind: ListKind,
    actions: &[&Action],
    order: &OrderArgs,
    query: &Query<'_>,
    format: Format,
) -> anyhow::Result<()> {
    let context = view::Context::new(plan, as_of);
    let by_lead = order
        .by_lead
        .then(|| (query.lead_keys(), query.involving()));
    let listing = Listing::new(&context, kind, actions, order.sort, by_lead);
    print_listing(&listing, format)
}

pub fn print_listing(listing: &Listing, format: Format) -> anyhow::Result<()> {
    let text = match format {
        Format::Table => render::table::listing(listing, render::table::width()),
        Format::Json => {
            // Buffered: the pretty JSON is many short lines, and stdout
            // alone would write each one separately.
            let mut out = std::io::BufWriter::new(anstream::stdout().lock());
            render::json::write_listing(listing, &mut out)?;
            out.flush()?;
            return Ok(());
        }
        Format::Csv => render::csv::listing(listing)?,
        Format::Md => render::markdown::listing(listing),
    };
    print(&text)
}

/// Writes to stdout through anstream, which keeps colour only where it belongs.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
/// "1 action file", "3 action files".
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// `--dry-run`, for every command that writes.
#[derive(Args, Clone, Debug, Default)]
pub struct WriteArgs {
    /// Print what would change, as a diff, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Writes `edits`, or with `--dry-run` prints them as a diff; then says
/// what changed in one line (on stderr for a dry run, so that stdout is a
/// patch `git apply` takes).
pub fn commit(edits: &[FileEdit], write: &WriteArgs, summary: &str) -> anyhow::Result<Exit> {
    if write.dry_run {
        let mut out = anstream::stdout().lock();
        for edit in edits {
            write!(out, "{}", render::diff::unified(edit))?;
        }
        let mut err = anstream::stderr().lock();
        writeln!(err, "dry run, nothing written: {summary}")?;
    } else {
        edit::write::apply(edits)?;
        let mut out = anstream::stdout().lock();
        writeln!(out, "{summary}")?;
    }
    Ok(Exit::Ok)
}

/// Prints the problems an edit would bring into the plan. `Some(exit)`
/// when it must not be written: errors, as `csp validate` would report
/// them. Warnings are shown and the edit goes ahead.
pub fn report_review(review: &Review) -> anyhow::Result<Option<Exit>> {
    print_diagnostics(&review.gained)?;
    if review.is_refused() {
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "error: nothing was written: the change would bring {} into the plan",
            Tally::of(&review.gained)
        )?;
        return Ok(Some(Exit::Failed));
    }
    Ok(None)
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    for diagnostic in diagnostics {
        writeln!(err, "{}\n", render::diagnostics::text(diagnostic))?;
    }
    Ok(())
}

/// One action file opened for editing.
pub struct ActionEdit {
    pub loaded: Loaded,
    /// The action as it loaded, before the edit.
    pub action: Action,
    pub source: Source,
    pub document: ActionDocument,
}

impl ActionEdit {
    /// Loads the plan and opens the action `query` names.
    pub fn open(plan: &PlanArgs, query: &str) -> anyhow::Result<Self> {
        let loaded = plan.load()?;
        let action = resolve_for_edit(&loaded, query)?.clone();
        let file = loaded.plan.file_of(&action);
        let source = Source::new(
            std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read `{}`", file.display()))?,
        );
        let document = ActionDocument::parse(source.text())
            .with_context(|| format!("cannot read `{}` as TOML", file.display()))?;
        Ok(Self {
            loaded,
            action,
            source,
            document,
        })
    }

    /// Checks the edited document against the plan and writes it (or shows
    /// it, with `--dry-run`). `summary` says what changed, given the action
    /// as it will be.
    pub fn finish(
        self,
        write: &WriteArgs,
        today: NaiveDate,
        summary: impl FnOnce(&Action) -> String,
    ) -> anyhow::Result<Exit> {
        let text: Arc<str> = Arc::from(self.document.text());
        let file = self.loaded.plan.file_of(&self.action);
        let edited = EditedAction {
            id: self.action.id.clone(),
            file: file.clone(),
            text: Arc::clone(&text),
        };
        let review = edit::review(&self.loaded, &[edited], None, today);
        if let Some(exit) = report_review(&review)? {
            return Ok(exit);
        }
        let Some(Some(after)) = review.actions.first() else {
            bail!("`{}` would not be TOML after the change", file.display());
        };
        let edit = FileEdit {
            path: file,
            before: Some(self.source.original().to_string()),
            after: self.source.restore(&text),
        };
        if !edit.is_change() {
            let mut out = anstream::stdout().lock();
            writeln!(out, "{}: nothing to change", self.action.id)?;
            return Ok(Exit::Ok);
        }
        commit(&[edit], write, &summary(after))
    }
}

/// The action `query` names. A file with errors is not in the plan; for
/// one of those, say so rather than that there is no such action.
pub fn resolve_for_edit<'a>(loaded: &'a Loaded, query: &str) -> anyhow::Result<&'a Action> {
    match loaded.plan.resolve(query) {
        Ok(action) => Ok(action),
        Err(error) => {
            let broken = Plan {
                root: loaded.plan.root.clone(),
                manifest: loaded.plan.manifest.clone(),
                actions: loaded.rejected.clone(),
            };
            if let Ok(action) = broken.resolve(query) {
                bail!(
                    "`{}` has errors, so csp will not change it\nhelp: `csp validate` shows them; fix them in the file first",
                    broken.file_of(action).display()
                );
            }
            Err(error.into())
        }
    }
}

/// Writes a command's document (HTML, Markdown, iCalendar) to `path`, or
/// prints it without one.
pub fn emit(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
        }
        None => print(text),
    }
}
