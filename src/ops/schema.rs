//! `csp schema`: a JSON Schema of one of the plan's files, for editors
//! (docs/editors.md).

use serde_json::Value;

/// Which file a schema is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFile {
    /// An action file, `plan/<section>/<action>.toml`.
    Action,
    /// The manifest, `plan/csp.toml`.
    Manifest,
    /// A performance measure, `plan/measures/<id>.toml`.
    Measure,
}

/// The schema of `file`, as editors read it.
pub fn schema(file: SchemaFile) -> anyhow::Result<String> {
    let value: Value = match file {
        SchemaFile::Action => crate::schema::action(),
        SchemaFile::Manifest => crate::schema::manifest(),
        SchemaFile::Measure => crate::schema::measure(),
    };
    Ok(serde_json::to_string_pretty(&value)?)
}
