//! `csp validate`: every problem in the plan, with where and how to fix it.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::output::{HeldToExit, error_label, help_label};
use crate::cli::{AsOfArgs, Exit, PlanArgs, emit_with};
use csp::ops::validate::{self, ValidateRequest, Validated};
use csp::plural;
use csp::render::diagnostics;

#[derive(Args, Debug)]
pub(crate) struct ValidateArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// How to print problems: text for people, json (one object per line) for scripts, github for GitHub Actions annotations
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the json or github lines to this file instead of standard output, as UTF-8
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Also check the files under PATH (a site about to be published: packs, feeds, exports)
    /// hold nothing OFFICIAL-SENSITIVE: no marking, and no sensitive action's id, title or
    /// description; exit 1 if one does
    #[arg(long, value_name = "PATH")]
    pub public: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Github,
}

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<Exit> {
    // Held to the end: freeing a large plan piece by piece takes longer
    // than the check's last steps (see `HeldToExit`).
    if args.format == Format::Text && args.output.is_some() {
        csp::bail_usage!("-o writes the json or github lines; the text is for the terminal"; help = "add --format json, e.g. csp validate --format json -o problems.json");
    }
    let loaded = HeldToExit::new(args.plan.load()?);
    let request = ValidateRequest {
        as_of: args.as_of.resolve(&loaded.plan.manifest)?,
        deny_warnings: args.deny_warnings,
        public: &args.public,
    };
    let checked = HeldToExit::new(validate::validate(&loaded, &request)?);
    print_leaks(&checked)?;
    let root = loaded.plan.root.display().to_string();
    match args.format {
        Format::Text => print_text(&checked, &root)?,
        Format::Json => print_lines(&checked, diagnostics::json, args.output.as_deref())?,
        Format::Github => print_lines(&checked, diagnostics::github, args.output.as_deref())?,
    }
    Ok(if checked.failed {
        Exit::Failed
    } else {
        Exit::Ok
    })
}

/// What `--public` found, on stderr whatever the format.
fn print_leaks(checked: &Validated) -> anyhow::Result<()> {
    if checked.leaks.is_empty() {
        return Ok(());
    }
    let mut err = anstream::stderr().lock();
    for leak in &checked.leaks {
        let (file, finding) = (&leak.file, &leak.finding);
        writeln!(
            err,
            "{}: `{file}` may not be published: {finding}",
            error_label()
        )?;
    }
    writeln!(
        err,
        "{}: build public files without --include-sensitive; csp leaves OFFICIAL-SENSITIVE actions out by default",
        help_label()
    )?;
    Ok(())
}

/// The problems for people, on stderr, and the closing line.
fn print_text(checked: &Validated, root: &str) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    for diagnostic in &checked.diagnostics {
        writeln!(err, "{}\n", diagnostics::text(diagnostic))?;
    }
    // "3 action files and 5 measures checked": measures only when the
    // plan has some.
    let actions = match checked.measure_files {
        0 => plural::count(checked.files, "action file"),
        measures => format!(
            "{} and {}",
            plural::count(checked.files, "action file"),
            plural::count(measures, "measure")
        ),
    };
    let tally = checked.tally;
    if checked.diagnostics.is_empty() && !checked.leaks.is_empty() {
        writeln!(
            err,
            "{root}: {actions} checked, no problems found; but what is to be published is not public"
        )?;
    } else if checked.diagnostics.is_empty() {
        let mut out = anstream::stdout().lock();
        writeln!(out, "{root}: {actions} checked, no problems found")?;
    } else if checked.failed {
        writeln!(
            err,
            "{root}: {actions} checked, {tally}; the plan is not valid"
        )?;
    } else {
        writeln!(err, "{root}: {actions} checked, {tally}")?;
    }
    Ok(())
}

/// The problems for scripts, one a line on stdout or in `output`.
fn print_lines(
    checked: &Validated,
    line: fn(&csp::diagnostic::Diagnostic) -> String,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    emit_with(output, |out| {
        for diagnostic in &checked.diagnostics {
            writeln!(out, "{}", line(diagnostic))?;
        }
        Ok(())
    })
}
