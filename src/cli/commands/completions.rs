//! `csp completions SHELL`: the shell's completion script, from the same
//! clap definition that parses the arguments, so it never falls behind.

use std::path::PathBuf;

use clap::Args;
use clap_complete::Shell;

use crate::cli::{Exit, emit_with};

#[derive(Args, Debug)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in: bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
    /// Write it to this file instead of standard output, as UTF-8 (PowerShell's `>` would write
    /// UTF-16)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `cli` is the whole command line's definition (`Cli::command()`), which
/// lives with the parser in main.rs.
pub(crate) fn run(args: &CompletionsArgs, mut cli: clap::Command) -> anyhow::Result<Exit> {
    let name = cli.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, name, &mut script);
    emit_with(args.output.as_deref(), |out| Ok(out.write_all(&script)?))?;
    Ok(Exit::Ok)
}
