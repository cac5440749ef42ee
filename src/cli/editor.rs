//! The person's own editor, for `csp new --edit`: $VISUAL, else $EDITOR,
//! run directly on a file (not through a shell).

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use csp::bail_usage;

/// The editor to run, as a program and its arguments.
pub(crate) fn from_environment() -> anyhow::Result<Vec<String>> {
    let words: Vec<String> = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().into_owned())
        .find(|value| !value.trim().is_empty())
        .map(|value| value.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if words.is_empty() {
        bail_usage!("--edit needs an editor, and neither VISUAL nor EDITOR is set"; help = "e.g. EDITOR=nano csp new … --edit");
    }
    Ok(words)
}

/// Opens `file` in `editor` and waits for the person to close it.
pub(crate) fn open(editor: &[String], file: &Path) -> anyhow::Result<()> {
    let Some((program, arguments)) = editor.split_first() else {
        return Ok(());
    };
    let status = Command::new(program)
        .args(arguments)
        .arg(file)
        .status()
        .with_context(|| {
            format!(
                "cannot start the editor `{program}`; `{}` is written",
                file.display()
            )
        })?;
    if !status.success() {
        bail_usage!("the editor `{program}` failed ({status}); `{}` is kept as it is", file.display(); help = "check it with `csp validate`");
    }
    Ok(())
}
