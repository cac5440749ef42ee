//! Everything the binary prints: answers on stdout, warnings and errors on
//! stderr, all through `anstream`, which drops colour where it does not
//! belong.

use std::io::{IsTerminal, Write};
use std::path::Path;

use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_HELP_STYLE, DEFAULT_WARNING_STYLE};
use chrono::NaiveDate;

use super::args::{AsOfArgs, FormatArgs, OrderArgs, PlanArgs, SensitiveArgs, WriteArgs};
use super::exit::Exit;
use csp::diagnostic::{Diagnostic, Tally};
use csp::disclosure::Disclosure;
use csp::edit::{FileEdit, Outcome, Session};
use csp::load::Loaded;
use csp::model::Plan;
use csp::ops::listing::Chosen;
use csp::ops::reviewed::Reviewed;
use csp::render::{self, Format, Render};
use csp::view::{self, Listing};

/// Loads the plan for a reading command. An invalid plan still answers from
/// what loaded, after a one-line warning on stderr that counts its errors
/// as `csp validate` would (files that failed to load are left out of the
/// answer; problems between files, such as an unknown lead, are not).
///
/// With the plan comes the as-of day, resolved against its calendar.
pub(crate) fn load_for_reading(
    plan: &PlanArgs,
    as_of: &AsOfArgs,
) -> anyhow::Result<(HeldToExit<Loaded>, NaiveDate)> {
    let loaded = HeldToExit::new(plan.load()?);
    let as_of = as_of.resolve(&loaded.plan.manifest)?;
    let errors = csp::validate::validate(&loaded, as_of)
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .count();
    if errors > 0 {
        let command = plan.validate_command(&loaded);
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "{}: the plan has {errors} error{}, so this answer may be incomplete; `{command}` shows them",
            warning_label(),
            csp::plural::suffix(errors)
        )?;
    }
    Ok((loaded, as_of))
}

/// A value a command holds until the process ends, never freed: a loaded
/// plan of 100,000 actions is millions of allocations, and freeing them one
/// by one took some 50 ms after the answer was written. The process ends
/// next, and the system takes its memory back at once.
pub(crate) struct HeldToExit<T>(std::mem::ManuallyDrop<T>);

impl<T> HeldToExit<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(std::mem::ManuallyDrop::new(value))
    }
}

impl<T> std::ops::Deref for HeldToExit<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Who a listing is for: a table on a terminal is read by the officer at
/// the repository, so it shows every action, the sensitive ones marked; a
/// table piped or redirected, and every other format, may end up anywhere,
/// so they follow the rule.
pub(crate) fn listing_disclosure(sensitive: &SensitiveArgs, format: &FormatArgs) -> Disclosure {
    reader_disclosure(
        sensitive,
        format.format == Format::Table && format.output.is_none(),
    )
}

/// The same rule for any output: one `for_people` (a table, text) on a
/// terminal shows everything; anything else follows `--include-sensitive`.
pub(crate) fn reader_disclosure(sensitive: &SensitiveArgs, for_people: bool) -> Disclosure {
    let on_terminal = for_people && std::io::stdout().is_terminal();
    Disclosure::new(sensitive.include_sensitive || on_terminal)
}

/// The one line on stderr that says what the disclosure rule left out.
pub(crate) fn say_left_out(note: Option<String>) -> anyhow::Result<()> {
    if let Some(note) = note {
        let mut err = anstream::stderr().lock();
        writeln!(err, "{}: {note}", note_label())?;
    }
    Ok(())
}

/// Prints what a listing chose (`list`, `overdue`, `upcoming`), in the
/// order and with the grouping the user asked for, after the one line on
/// what was left out.
pub(crate) fn print_listing(
    plan: &Plan,
    as_of: NaiveDate,
    chosen: &Chosen<'_, '_>,
    order: &OrderArgs,
    format: &FormatArgs,
) -> anyhow::Result<()> {
    say_left_out(chosen.disclosed.note())?;
    let context = view::Context::new(plan, as_of);
    let by_lead = order
        .by_lead
        .then(|| (chosen.query.lead_keys(), chosen.query.involving()));
    let listing = Listing::new(
        &context,
        chosen.kind,
        &chosen.disclosed.actions,
        order.sort,
        by_lead,
    );
    print_view(&listing, format)
}

/// Prints a reading command's view in the format the user chose. Only
/// tables carry styles: they go through anstream, which keeps colour only
/// where it belongs, and are drawn without styles where anstream would
/// strip them. The data formats go straight to stdout, since anstream's
/// stripping scans every byte and was an eighth of `csp list --format
/// json`'s time. Buffered: a listing is many short lines, and stdout alone
/// would write each one separately.
/// With `-o FILE`, the answer goes to the file instead, unstyled, through
/// the one write path for produced files.
pub(crate) fn print_view(view: &dyn Render, format: &FormatArgs) -> anyhow::Result<()> {
    if let Some(path) = &format.output {
        let screen = render::Screen::fitted(false);
        return csp::edit::write::output_with(path, |out| {
            render::render(view, format.format, screen, out)
        });
    }
    let format = format.format;
    let styled = format == Format::Table
        && anstream::stdout().current_choice() != anstream::ColorChoice::Never;
    let screen = render::Screen::fitted(styled);
    if styled {
        let mut out = std::io::BufWriter::new(anstream::stdout().lock());
        render::render(view, format, screen, &mut out)?;
        out.flush()?;
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        render::render(view, format, screen, &mut out)?;
        out.flush()?;
    }
    Ok(())
}

/// Writes to stdout through anstream, which keeps colour only where it belongs.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes a command's document (HTML, Markdown, iCalendar) to `path`, or
/// prints it without one.
pub(crate) fn emit(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => csp::edit::write::output(path, text.as_bytes()),
        None => print(text),
    }
}

/// [`emit`] for a document written piece by piece by `write`.
pub(crate) fn emit_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(path) = path {
        return csp::edit::write::output_with(path, write);
    }
    // Documents carry no styles, so nothing for anstream to strip.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    for diagnostic in diagnostics {
        writeln!(err, "{}\n", render::diagnostics::text(diagnostic))?;
    }
    Ok(())
}

/// The error that stopped a command, on stderr: `error: message`, then
/// `help: …` when there is one, styled as the plan's diagnostics are.
pub(crate) fn print_error(error: &anyhow::Error) {
    let mut err = anstream::stderr().lock();
    let _ = match error.downcast_ref::<csp::error::Error>() {
        Some(error) => {
            let help = error
                .help
                .as_ref()
                .map(|help| format!("\n{}: {help}", help_label()))
                .unwrap_or_default();
            writeln!(err, "{}: {}{help}", error_label(), error.message)
        }
        None => writeln!(err, "{}: {error:#}", error_label()),
    };
}

/// The labels in the palette annotate-snippets gives plan diagnostics.
pub(crate) fn error_label() -> String {
    label(DEFAULT_ERROR_STYLE, "error")
}

pub(crate) fn warning_label() -> String {
    label(DEFAULT_WARNING_STYLE, "warning")
}

fn note_label() -> String {
    label(annotate_snippets::renderer::DEFAULT_NOTE_STYLE, "note")
}

pub(crate) fn help_label() -> String {
    label(DEFAULT_HELP_STYLE, "help")
}

fn label(style: anstyle::Style, word: &str) -> String {
    format!("{style}{word}{style:#}")
}

/// Opens an edit session on the plan in `root`: with the plan's write lock,
/// waiting for another writer as long as `--wait` says (and saying so, once,
/// on stderr), or, for a dry run, without it, as any reader.
pub(crate) fn begin_session(root: &Path, write: &WriteArgs) -> anyhow::Result<Session> {
    if write.dry_run {
        Session::begin_unlocked(root)
    } else {
        Session::begin(root, write.wait(), || say_waiting(write))
    }
}

/// The one line a writer prints while another holds the plan's lock.
pub(crate) fn say_waiting(write: &WriteArgs) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "waiting for another csp writing the plan to finish (up to {}s; --wait SECONDS to change)",
        write.wait
    );
}

/// Prints what a reviewed change came to and, unless `--dry-run`, writes
/// it: the problems it would bring, then either the refusal, `unchanged`,
/// or the diff (dry run, on stdout so that `git apply` takes it) and
/// `summary` (on stderr for a dry run, on stdout once written).
pub(crate) fn settle(
    session: &Session,
    outcome: Outcome,
    write: &WriteArgs,
    summary: &str,
    unchanged: &str,
) -> anyhow::Result<Exit> {
    settle_with(
        |edits| session.write(edits),
        outcome,
        write,
        summary,
        unchanged,
    )
}

/// [`settle`] for what a library operation reviewed, with its own words.
pub(crate) fn settle_reviewed(
    session: &Session,
    reviewed: Reviewed,
    write: &WriteArgs,
) -> anyhow::Result<Exit> {
    settle(
        session,
        reviewed.outcome,
        write,
        &reviewed.summary,
        &reviewed.unchanged,
    )
}

/// `settle`, writing the files with `write_files`.
pub(crate) fn settle_with(
    write_files: impl FnOnce(&[FileEdit]) -> anyhow::Result<()>,
    outcome: Outcome,
    write: &WriteArgs,
    summary: &str,
    unchanged: &str,
) -> anyhow::Result<Exit> {
    match outcome {
        Outcome::Refused { problems } => {
            print_diagnostics(&problems)?;
            let mut err = anstream::stderr().lock();
            writeln!(
                err,
                "{}: nothing was written: the change would bring {} into the plan",
                error_label(),
                Tally::of(&problems)
            )?;
            Ok(Exit::Failed)
        }
        Outcome::Unchanged => {
            let mut out = anstream::stdout().lock();
            writeln!(out, "{unchanged}")?;
            Ok(Exit::Ok)
        }
        Outcome::Write { edits, warnings } => {
            print_diagnostics(&warnings)?;
            if write.dry_run {
                let mut out = anstream::stdout().lock();
                for edit in &edits {
                    write!(out, "{}", render::diff::unified(edit))?;
                }
                let mut err = anstream::stderr().lock();
                writeln!(err, "dry run, nothing written: {summary}")?;
            } else {
                write_files(&edits)?;
                let mut out = anstream::stdout().lock();
                writeln!(out, "{summary}")?;
            }
            Ok(Exit::Ok)
        }
    }
}
