//! `csp man`: the manual page (roff), from the clap definition.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::cli::{Exit, emit_with};

#[derive(Args, Debug)]
pub(crate) struct ManArgs {
    /// Write one page per command (csp.1, csp-validate.1, …) into this directory instead of printing csp(1)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write csp(1) to this file instead of standard output
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
}

/// `cli` is the whole command line's definition (`Cli::command()`).
pub(crate) fn run(args: &ManArgs, cli: clap::Command) -> anyhow::Result<Exit> {
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        clap_mangen::generate_to(cli, dir)
            .with_context(|| format!("cannot write man pages to `{}`", dir.display()))?;
        let mut out = anstream::stdout().lock();
        writeln!(out, "wrote man pages to {}", dir.display())?;
    } else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cli).render(&mut page)?;
        emit_with(args.output.as_deref(), |out| Ok(out.write_all(&page)?))?;
    }
    Ok(Exit::Ok)
}
