//! `csp schema`: a JSON Schema of action files or of csp.toml, for editors
//! (docs/editors.md shows how to wire it into Taplo / Even Better TOML).

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::Exit;
use csp::schema;

#[derive(Args, Debug)]
pub(crate) struct SchemaArgs {
    /// Which file the schema is for
    #[arg(value_enum, default_value_t = SchemaFile::Action)]
    pub file: SchemaFile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaFile {
    /// An action file, plan/<section>/<action>.toml
    Action,
    /// The manifest, plan/csp.toml
    Manifest,
}

pub(crate) fn run(args: &SchemaArgs) -> anyhow::Result<Exit> {
    let value = match args.file {
        SchemaFile::Action => schema::action(),
        SchemaFile::Manifest => schema::manifest(),
    };
    let mut out = anstream::stdout().lock();
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(Exit::Ok)
}
