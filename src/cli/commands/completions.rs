//! `csp completions SHELL`: the shell's completion script, from the same
//! clap definition that parses the arguments, so it never falls behind.

use std::io::Write;

use clap::Args;
use clap_complete::Shell;

use crate::cli::Exit;

#[derive(Args, Debug)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in: bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `cli` is the whole command line's definition (`Cli::command()`), which
/// lives with the parser in main.rs.
pub(crate) fn run(args: &CompletionsArgs, mut cli: clap::Command) -> anyhow::Result<Exit> {
    let name = cli.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, name, &mut script);
    let mut out = anstream::stdout().lock();
    out.write_all(&script)?;
    Ok(Exit::Ok)
}
