//! At most [`MAX_PER_FILE`] problems are shown for one file. A generated or
//! corrupted file can hold hundreds of thousands (`priority = [0, 0, …]`),
//! and showing each with a snippet of the same megabyte-long line would
//! take minutes to print and help nobody.

use std::path::PathBuf;

use crate::diagnostic::{Code, Diagnostic, Severity, Tally};

pub(super) const MAX_PER_FILE: usize = 100;

/// Keeps the first problems of each file (`diagnostics` is sorted by file)
/// and replaces the rest with one that counts them.
pub(super) fn per_file(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept = Vec::with_capacity(diagnostics.len().min(4096));
    let mut hidden: Vec<Diagnostic> = Vec::new();
    let mut shown_in_file = 0;
    let mut current: Option<PathBuf> = None;
    for diagnostic in diagnostics {
        if diagnostic.file != current {
            kept.extend(summary(current.as_ref(), &hidden));
            hidden.clear();
            shown_in_file = 0;
            current.clone_from(&diagnostic.file);
        }
        if diagnostic.file.is_some() && shown_in_file >= MAX_PER_FILE {
            hidden.push(diagnostic);
        } else {
            shown_in_file += 1;
            kept.push(diagnostic);
        }
    }
    kept.extend(summary(current.as_ref(), &hidden));
    kept
}

fn summary(file: Option<&PathBuf>, hidden: &[Diagnostic]) -> Option<Diagnostic> {
    let file = file?;
    if hidden.is_empty() {
        return None;
    }
    let tally = Tally::of(hidden);
    let severity = if tally.errors > 0 {
        Severity::Error
    } else {
        Severity::Warning
    };
    Some(
        Diagnostic::new(
            Code::TooManyProblems,
            severity,
            format!(
                "{} in `{}` not shown ({tally}): csp shows the first {MAX_PER_FILE} problems of each file",
                crate::plural::count(hidden.len(), "more problem"),
                file.display()
            ),
        )
        .in_file(file)
        .help("fix the problems shown and run csp validate again"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_file(file: &str, count: usize, severity: Severity) -> Vec<Diagnostic> {
        (0..count)
            .map(|_| Diagnostic::new(Code::InvalidValue, severity, "x").in_file(file))
            .collect()
    }

    #[test]
    fn keeps_the_first_of_each_file_and_counts_the_rest() {
        let mut all = in_file("a.toml", MAX_PER_FILE + 2, Severity::Error);
        all.extend(in_file("b.toml", 3, Severity::Warning));
        all.extend(in_file("c.toml", MAX_PER_FILE + 1, Severity::Warning));
        let kept = per_file(all);
        assert_eq!(kept.len(), MAX_PER_FILE + 1 + 3 + MAX_PER_FILE + 1);
        let summaries: Vec<_> = kept
            .iter()
            .filter(|d| d.code == Code::TooManyProblems)
            .map(|d| (d.severity, d.message.as_str()))
            .collect();
        assert_eq!(
            summaries,
            [
                (
                    Severity::Error,
                    "2 more problems in `a.toml` not shown (2 errors): csp shows the first 100 problems of each file"
                ),
                (
                    Severity::Warning,
                    "1 more problem in `c.toml` not shown (1 warning): csp shows the first 100 problems of each file"
                ),
            ]
        );
    }
}
