//! A plan file's bytes around an edit. `toml_edit` works on LF text without
//! a byte-order mark; this puts the file's own conventions back afterwards,
//! so that a CRLF file stays CRLF and only the lines an edit concerns differ.

use similar::{Algorithm, DiffOp, capture_diff_slices};

const BOM: char = '\u{feff}';

/// A file's text as read, and the same text as `toml_edit` should see it.
#[derive(Clone, Debug, Default)]
pub struct Source {
    original: String,
    normalized: String,
}

impl Source {
    /// `original` is the file exactly as read; empty for a file not yet written.
    pub fn new(original: String) -> Self {
        let body = original.strip_prefix(BOM).unwrap_or(&original);
        let normalized = body.replace("\r\n", "\n");
        Self {
            original,
            normalized,
        }
    }

    /// The file exactly as read.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The text with LF line endings and no byte-order mark, to edit.
    pub fn text(&self) -> &str {
        &self.normalized
    }

    /// The line ending new lines get: CRLF when most of the file's lines
    /// end so, else LF.
    pub fn line_ending(&self) -> &'static str {
        let body = self.original.strip_prefix(BOM).unwrap_or(&self.original);
        usual_ending(&lines(body))
    }

    /// What to write for `edited` (an edit of [`Source::text`]): lines the
    /// edit left alone keep their original bytes and line endings; new lines
    /// take the file's usual ending; a byte-order mark and a missing final
    /// newline are kept as they were.
    pub fn restore(&self, edited: &str) -> String {
        let body = self.original.strip_prefix(BOM).unwrap_or(&self.original);
        let old = lines(body);
        let new = lines(edited);
        let usual = usual_ending(&old);
        let old_text: Vec<&str> = old.iter().map(|line| line.text).collect();
        let new_text: Vec<&str> = new.iter().map(|line| line.text).collect();

        let mut out = String::with_capacity(edited.len() + new.len());
        if self.original.starts_with(BOM) {
            out.push(BOM);
        }
        let mut push = |text: &str, ending: &str| {
            out.push_str(text);
            // Only the file's last line can lack an ending; if a line now
            // follows it, it needs one.
            out.push_str(if ending.is_empty() { usual } else { ending });
        };
        for op in capture_diff_slices(Algorithm::Myers, &old_text, &new_text) {
            match op {
                DiffOp::Equal { old_index, len, .. } => {
                    for line in &old[old_index..old_index + len] {
                        push(line.text, line.ending);
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                }
                | DiffOp::Replace {
                    new_index, new_len, ..
                } => {
                    for line in &new[new_index..new_index + new_len] {
                        push(line.text, usual);
                    }
                }
                DiffOp::Delete { .. } => {}
            }
        }
        let missing_final_newline = old.last().is_some_and(|line| line.ending.is_empty());
        if missing_final_newline {
            let trimmed = out.trim_end_matches(['\r', '\n']).len();
            out.truncate(trimmed);
        }
        out
    }
}

struct Line<'a> {
    text: &'a str,
    ending: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    text.split_inclusive('\n')
        .map(|line| {
            let text = line
                .strip_suffix("\r\n")
                .or_else(|| line.strip_suffix('\n'))
                .unwrap_or(line);
            Line {
                text,
                ending: &line[text.len()..],
            }
        })
        .collect()
}

/// CRLF when most lines end so, else LF: a new line should look like its
/// neighbours.
fn usual_ending(lines: &[Line<'_>]) -> &'static str {
    let crlf = lines.iter().filter(|line| line.ending == "\r\n").count();
    let lf = lines.iter().filter(|line| line.ending == "\n").count();
    if crlf > lf { "\r\n" } else { "\n" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_text_round_trips_byte_for_byte() {
        for text in [
            "a = 1\n",
            "a = 1",
            "a = 1\r\nb = 2\r\n",
            "\u{feff}a = 1\r\nb = 2\n",
            "",
        ] {
            let source = Source::new(text.to_string());
            assert_eq!(source.restore(source.text()), text, "{text:?}");
        }
    }

    #[test]
    fn crlf_files_stay_crlf_and_mixed_lines_keep_their_own_endings() {
        let source = Source::new("a = 1\r\nb = 2\nc = 3\r\n".into());
        assert_eq!(source.text(), "a = 1\nb = 2\nc = 3\n");
        assert_eq!(
            source.restore("a = 1\nb = 2\nc = 4\nd = 5\n"),
            "a = 1\r\nb = 2\nc = 4\r\nd = 5\r\n"
        );
    }

    #[test]
    fn a_missing_final_newline_stays_missing() {
        let source = Source::new("a = 1\nb = 2".into());
        assert_eq!(
            source.restore("a = 1\nb = 2\nc = 3\n"),
            "a = 1\nb = 2\nc = 3"
        );
        assert_eq!(source.restore("a = 0\nb = 2\n"), "a = 0\nb = 2");
    }

    #[test]
    fn the_byte_order_mark_is_kept_but_not_edited() {
        let source = Source::new("\u{feff}a = 1\n".into());
        assert_eq!(source.text(), "a = 1\n");
        assert_eq!(source.restore("a = 2\n"), "\u{feff}a = 2\n");
    }

    #[test]
    fn new_files_are_written_as_given() {
        let source = Source::default();
        assert_eq!(source.restore("a = 1\n"), "a = 1\n");
    }
}
