//! `csp schema`: a JSON Schema of action files, measure files or csp.toml, for editors
//! (docs/editors.md shows how to wire it into Taplo / Even Better TOML).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::{Exit, emit};
use csp::ops::schema::{self, SchemaFile as File};

#[derive(Args, Debug)]
pub(crate) struct SchemaArgs {
    /// Which file the schema is for
    #[arg(value_enum, default_value_t = SchemaFile::Action)]
    pub file: SchemaFile,
    /// Write it to this file instead of standard output, as UTF-8 (PowerShell's `>` would write
    /// UTF-16)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaFile {
    /// An action file, plan/<section>/<action>.toml
    Action,
    /// The manifest, plan/csp.toml
    Manifest,
    /// A performance measure, plan/measures/<id>.toml
    Measure,
}

pub(crate) fn run(args: &SchemaArgs) -> anyhow::Result<Exit> {
    let file = match args.file {
        SchemaFile::Action => File::Action,
        SchemaFile::Manifest => File::Manifest,
        SchemaFile::Measure => File::Measure,
    };
    emit(
        args.output.as_deref(),
        &format!("{}\n", schema::schema(file)?),
    )?;
    Ok(Exit::Ok)
}
