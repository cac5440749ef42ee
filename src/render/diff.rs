//! Edits as unified diffs, as `git diff` shows them: what `--dry-run` prints.
//! Paths carry git's `a/` and `b/` prefixes, so the output applies with
//! `git apply` from the directory csp ran in.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use similar::{ChangeTag, TextDiff};

use crate::edit::FileEdit;

const HEADER: Style = Style::new().bold();
const HUNK: Style = AnsiColor::Cyan.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const ADDED: Style = AnsiColor::Green.on_default();

/// The diff of one edit; empty when it changes nothing. Styled: write it
/// through `anstream`, which drops colour where it does not belong.
pub fn unified(edit: &FileEdit) -> String {
    let before = edit.before.as_deref().unwrap_or("");
    let diff = TextDiff::from_lines(before, edit.after.as_str());
    let path = edit.path.to_string_lossy().replace('\\', "/");
    let path = path.trim_start_matches('/');
    let old = if edit.before.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let new = if edit.removed {
        "/dev/null".to_string()
    } else {
        format!("b/{path}")
    };
    let mut out = String::new();
    let mut hunks = diff.unified_diff().iter_hunks().peekable();
    if hunks.peek().is_none() {
        return out;
    }
    let _ = writeln!(out, "{HEADER}--- {old}\n+++ {new}{HEADER:#}");
    for hunk in hunks {
        let _ = writeln!(out, "{HUNK}{}{HUNK:#}", hunk.header());
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', REMOVED),
                ChangeTag::Insert => ('+', ADDED),
                ChangeTag::Equal => (' ', Style::new()),
            };
            let line = change.value();
            let text = line.strip_suffix('\n').unwrap_or(line);
            let _ = writeln!(out, "{style}{sign}{text}{style:#}");
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(edit: &FileEdit) -> String {
        anstream::adapter::strip_str(&unified(edit)).to_string()
    }

    #[test]
    fn diffs_read_like_git_diff() {
        let edit = FileEdit {
            path: "plan/a/b.toml".into(),
            before: Some("title = \"T\"\ndue = \"2024-01\"\n".into()),
            after: "title = \"T\"\ndue = \"2024-02\"\n".into(),
            removed: false,
        };
        assert_eq!(
            plain(&edit),
            "--- a/plan/a/b.toml\n+++ b/plan/a/b.toml\n@@ -1,2 +1,2 @@\n title = \"T\"\n-due = \"2024-01\"\n+due = \"2024-02\"\n"
        );
    }

    #[test]
    fn new_files_come_from_dev_null_and_no_change_is_no_diff() {
        let edit = FileEdit {
            path: "x.toml".into(),
            before: None,
            after: "a = 1".into(),
            removed: false,
        };
        assert_eq!(
            plain(&edit),
            "--- /dev/null\n+++ b/x.toml\n@@ -0,0 +1 @@\n+a = 1\n\\ No newline at end of file\n"
        );
        let same = FileEdit {
            before: Some("a = 1\n".into()),
            after: "a = 1\n".into(),
            removed: false,
            ..edit
        };
        assert_eq!(unified(&same), "");
    }
}
