//! The person's own editor, for `csp new --edit`: $VISUAL, else $EDITOR,
//! run directly on a file (not through a shell). Written as a shell would
//! take it: `code --wait` is a program and its argument, and a path with
//! spaces is quoted (`"C:\Program Files\Notepad++\notepad++.exe"`). With
//! neither set, Windows has Notepad; elsewhere csp says how to set one. On
//! Windows a program named without its extension is looked up with
//! PATHEXT, so that `code` finds `code.cmd`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use csp::bail_usage;

/// The editor to run, as a program and its arguments.
pub(crate) fn from_environment() -> anyhow::Result<Vec<String>> {
    let setting = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().into_owned())
        .find(|value| !value.trim().is_empty());
    let Some(words) = choose(setting.as_deref(), cfg!(windows)) else {
        bail_usage!("--edit needs an editor, and neither VISUAL nor EDITOR is set"; help = "set one for this shell, e.g. `export EDITOR=nano` (bash, zsh) or `$env:EDITOR = \"code --wait\"` (PowerShell), or put it in your shell's profile");
    };
    Ok(words)
}

/// The editor's words from the setting, or Windows' Notepad without one;
/// `None` when there is none to run.
fn choose(setting: Option<&str>, windows: bool) -> Option<Vec<String>> {
    match setting.map(split) {
        Some(words) if !words.is_empty() => Some(words),
        _ if windows => Some(vec!["notepad".to_string()]),
        _ => None,
    }
}

/// `text` as words, the way a shell splits a command: on blanks, except
/// within double or single quotes, which are removed. A backslash is an
/// ordinary character, as it is in every Windows path.
fn split(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Opens `file` in `editor` and waits for the person to close it.
pub(crate) fn open(editor: &[String], file: &Path) -> anyhow::Result<()> {
    let Some((program, arguments)) = editor.split_first() else {
        return Ok(());
    };
    let resolved = if cfg!(windows) {
        find_on_path(
            program,
            std::env::var_os("PATH").as_deref(),
            std::env::var("PATHEXT").ok().as_deref(),
        )
    } else {
        None
    };
    let status = Command::new(resolved.as_deref().unwrap_or(Path::new(program)))
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

/// Where a bare `program` (no directory, no extension) is on `path`, with
/// the first of `pathext`'s extensions (`.COM;.EXE;.BAT;.CMD`) that
/// names a file, as Windows' own shell finds it: `code` is `code.cmd`.
/// `None` for any other program, left for `Command` to find.
fn find_on_path(
    program: &str,
    path: Option<&std::ffi::OsStr>,
    pathext: Option<&str>,
) -> Option<PathBuf> {
    let bare = Path::new(program);
    if bare.extension().is_some() || bare.components().count() != 1 {
        return None;
    }
    let extensions = pathext.unwrap_or(".COM;.EXE;.BAT;.CMD");
    std::env::split_paths(path?).find_map(|dir| {
        extensions
            .split(';')
            .filter(|extension| !extension.is_empty())
            .map(|extension| dir.join(format!("{program}{}", extension.to_ascii_lowercase())))
            .find(|candidate| candidate.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_with_arguments_or_spaces_in_its_path_is_split_as_a_shell_would() {
        assert_eq!(split("code --wait"), ["code", "--wait"]);
        assert_eq!(
            split(r#""C:\Program Files\Notepad++\notepad++.exe" -multiInst"#),
            [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"]
        );
        assert_eq!(split("  vim  "), ["vim"]);
        assert_eq!(split("'my editor' ''"), ["my editor", ""]);
    }

    #[test]
    fn without_an_editor_windows_has_notepad_and_elsewhere_none() {
        assert_eq!(choose(None, true).unwrap(), ["notepad"]);
        assert_eq!(choose(Some("  "), true).unwrap(), ["notepad"]);
        assert_eq!(choose(None, false), None);
        assert_eq!(choose(Some("nano"), false).unwrap(), ["nano"]);
        assert_eq!(
            choose(Some("code --wait"), true).unwrap(),
            ["code", "--wait"]
        );
    }

    #[test]
    fn a_bare_program_is_found_with_pathext_as_windows_finds_code_cmd() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::write(bin.join("code.cmd"), "").unwrap();
        let path = std::env::join_paths([dir.path().join("empty"), bin.clone()]).unwrap();
        assert_eq!(
            find_on_path("code", Some(&path), Some(".COM;.EXE;.BAT;.CMD")),
            Some(bin.join("code.cmd"))
        );
        assert_eq!(find_on_path("code.cmd", Some(&path), None), None);
        assert_eq!(find_on_path("vim", Some(&path), None), None);
        assert_eq!(find_on_path(r"bin/code", Some(&path), None), None);
    }
}
