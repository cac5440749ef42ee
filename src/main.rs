//! The `csp` command: argument parsing and dispatch. Everything else is in
//! the library; errors become exit codes here.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use csp::commands::{self, Exit};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        // `csp list | head` closing the pipe early is not a failure.
        Err(error) if is_broken_pipe(&error) => Exit::Ok.into(),
        Err(error) => {
            let mut stderr = anstream::stderr().lock();
            let _ = writeln!(stderr, "error: {error:#}");
            Exit::Usage.into()
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
