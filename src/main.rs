//! The `csp` command: argument parsing and dispatch. Everything else is in
//! the library; errors become exit codes here.
// clap shows the doc comments of its derives as --help text, where Markdown
// backticks would print as they are.
#![allow(clippy::doc_markdown)]

use std::io;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
mod cli;

use cli::{Exit, commands};

/// Keep a Community Safety Partnership's action plan in plain text: check it,
/// ask what is late or due, edit it, and produce the board's meeting pack.
#[derive(Parser, Debug)]
#[command(name = "csp", version, propagate_version = true, max_term_width = 100)]
struct Cli {
    /// When to use colour: auto uses it on a terminal, unless NO_COLOR is set
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check every file of the plan and report each problem with where and how to fix it
    Validate(commands::validate::ValidateArgs),
    /// List actions in plan order, optionally filtered
    List(commands::list::ListArgs),
    /// List what is late, most overdue first
    Overdue(commands::overdue::OverdueArgs),
    /// List what falls due soon (or before a given day), soonest first
    Upcoming(commands::upcoming::UpcomingArgs),
    /// Show one action in full: every field, next due date, leads, updates, file
    Show(commands::show::ShowArgs),
    /// Count each lead's actions: led, open, overdue, due soon, stale
    Leads(commands::leads::LeadsArgs),
    /// The plan at a glance: counts by status, RAG and section
    Summary(commands::summary::SummaryArgs),
    /// Performance measures: latest figure, year to date against target, RAG, direction, missing figures
    Measures(commands::measures::MeasuresArgs),
    /// Start a new plan: a commented csp.toml and one example action
    Init(commands::init::InitArgs),
    /// Write a new action file, checked like the rest of the plan
    New(commands::new::NewArgs),
    /// Record that an action was done; a recurring one moves to its next due date
    Done(commands::done::DoneArgs),
    // Made from the fields `csp set` takes, so the help cannot leave one out.
    #[command(about = commands::set::about())]
    Set(commands::set::SetArgs),
    /// Add a dated progress note to an action
    Update(commands::update::UpdateArgs),
    /// Record a measure's figure for a period (a revision needs --replace)
    Record(commands::record::RecordArgs),
    /// Apply returned forms (.xlsx, .ods, .csv): notes, statuses, RAG, due dates and completions, checked as one change
    Apply(commands::apply::ApplyArgs),
    /// Start a plan from an existing tracker spreadsheet (.xlsx, .ods, .csv), or add its rows to a plan
    Import(commands::import::ImportArgs),
    /// Lay out action files in the one canonical way, keeping every comment
    Fmt(commands::fmt::FmtArgs),
    /// The board's meeting pack: what is late and who leads it, what is due, what was done, section by section
    Report(commands::report::ReportArgs),
    /// The year-end report: per priority and section, what was done, carried over and dropped, how often recurring duties were met, each lead's returns
    YearEnd(commands::year_end::YearEndArgs),
    /// Close the plan year and start the next: write the year-end report, retire what was done or dropped, carry the rest
    Rollover(commands::rollover::RolloverArgs),
    /// One digest per lead body of what to update before a meeting: text, Markdown or draft e-mails
    Chase(commands::chase::ChaseArgs),
    /// The plan as a spreadsheet (xlsx or CSV), or a return form for one body to fill in
    Export(commands::export::ExportArgs),
    /// The plan's deadlines as an iCalendar feed: one all-day event per dated action
    Ics(commands::ics::IcsArgs),
    /// What changed in the plan between two git revisions or days, action by action
    Changes(commands::changes::ChangesArgs),
    /// Print a JSON Schema of action files or csp.toml, for editors
    Schema(commands::schema::SchemaArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish
    Completions(commands::completions::CompletionsArgs),
    /// Print the manual page (roff), or write one per command with --out-dir
    Man(commands::man::ManArgs),
}

fn main() -> ExitCode {
    cli::allocator::tune();
    let cli = Cli::parse();
    let choice = match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args),
        Command::List(args) => commands::list::run(args),
        Command::Overdue(args) => commands::overdue::run(args),
        Command::Upcoming(args) => commands::upcoming::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::Leads(args) => commands::leads::run(args),
        Command::Summary(args) => commands::summary::run(args),
        Command::Measures(args) => commands::measures::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::New(args) => commands::new::run(args),
        Command::Done(args) => commands::done::run(args),
        Command::Set(args) => commands::set::run(args),
        Command::Update(args) => commands::update::run(args),
        Command::Record(args) => commands::record::run(args),
        Command::Apply(args) => commands::apply::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::YearEnd(args) => commands::year_end::run(args),
        Command::Rollover(args) => commands::rollover::run(args),
        Command::Chase(args) => commands::chase::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Ics(args) => commands::ics::run(args),
        Command::Changes(args) => commands::changes::run(args),
        Command::Schema(args) => commands::schema::run(args),
        Command::Completions(args) => commands::completions::run(args, Cli::command()),
        Command::Man(args) => commands::man::run(args, Cli::command()),
    };
    match result {
        Ok(exit) => exit.into(),
        // `csp list | head` closing the pipe early is not a failure.
        Err(error) if is_broken_pipe(&error) => Exit::Ok.into(),
        Err(error) => {
            cli::output::print_error(&error);
            Exit::of(&error).into()
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
