//! Problems found in a plan, as data: what, where, and how to fix it.
//! Rendering them (text, JSON, GitHub annotations) is `render::diagnostics`.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Stable codes: scripts and CI filters match on them, so never rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    TomlSyntax,
    FileTooLarge,
    NotUtf8,
    EmptyFile,
    Unreadable,
    SymlinkSkipped,
    DirectoryNamedToml,
    /// `x.toml.txt`, `X.TOML`: meant as an action file, not read as one.
    MisnamedFile,
    ManifestMissing,
    UnknownField,
    WrongType,
    MissingField,
    InvalidValue,
    InvalidDate,
    InvalidEvery,
    InvalidStatus,
    InvalidRag,
    UnknownLead,
    UnknownPriority,
    DoneWithoutCompleted,
    CompletedInFuture,
    SectionNotListed,
    SectionMissing,
    IdCaseClash,
    NotPortable,
    NoActions,
    TooManyProblems,
    MeetingListedTwice,
    ListedTwice,
    LeadAndPartner,
    UpdateInFuture,
    ImplausibleDate,
    NoPlanStart,
    StartOutsideYear,
    InvalidPeriod,
    UnknownAction,
    FigureInFuture,
}

impl Code {
    pub const ALL: [Code; 37] = [
        Code::TomlSyntax,
        Code::FileTooLarge,
        Code::NotUtf8,
        Code::EmptyFile,
        Code::Unreadable,
        Code::SymlinkSkipped,
        Code::DirectoryNamedToml,
        Code::MisnamedFile,
        Code::ManifestMissing,
        Code::UnknownField,
        Code::WrongType,
        Code::MissingField,
        Code::InvalidValue,
        Code::InvalidDate,
        Code::InvalidEvery,
        Code::InvalidStatus,
        Code::InvalidRag,
        Code::UnknownLead,
        Code::UnknownPriority,
        Code::DoneWithoutCompleted,
        Code::CompletedInFuture,
        Code::SectionNotListed,
        Code::SectionMissing,
        Code::IdCaseClash,
        Code::NotPortable,
        Code::NoActions,
        Code::TooManyProblems,
        Code::MeetingListedTwice,
        Code::ListedTwice,
        Code::LeadAndPartner,
        Code::UpdateInFuture,
        Code::ImplausibleDate,
        Code::NoPlanStart,
        Code::StartOutsideYear,
        Code::InvalidPeriod,
        Code::UnknownAction,
        Code::FigureInFuture,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::TomlSyntax => "toml-syntax",
            Code::FileTooLarge => "file-too-large",
            Code::NotUtf8 => "not-utf8",
            Code::EmptyFile => "empty-file",
            Code::Unreadable => "unreadable",
            Code::SymlinkSkipped => "symlink-skipped",
            Code::DirectoryNamedToml => "directory-named-toml",
            Code::MisnamedFile => "misnamed-file",
            Code::ManifestMissing => "manifest-missing",
            Code::UnknownField => "unknown-field",
            Code::WrongType => "wrong-type",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::InvalidDate => "invalid-date",
            Code::InvalidEvery => "invalid-every",
            Code::InvalidStatus => "invalid-status",
            Code::InvalidRag => "invalid-rag",
            Code::UnknownLead => "unknown-lead",
            Code::UnknownPriority => "unknown-priority",
            Code::DoneWithoutCompleted => "done-without-completed",
            Code::CompletedInFuture => "completed-in-future",
            Code::SectionNotListed => "section-not-listed",
            Code::SectionMissing => "section-missing",
            Code::IdCaseClash => "id-case-clash",
            Code::NotPortable => "not-portable",
            Code::NoActions => "no-actions",
            Code::TooManyProblems => "too-many-problems",
            Code::MeetingListedTwice => "meeting-listed-twice",
            Code::ListedTwice => "listed-twice",
            Code::LeadAndPartner => "lead-and-partner",
            Code::UpdateInFuture => "update-in-future",
            Code::ImplausibleDate => "implausible-date",
            Code::NoPlanStart => "no-plan-start",
            Code::StartOutsideYear => "start-outside-year",
            Code::InvalidPeriod => "invalid-period",
            Code::UnknownAction => "unknown-action",
            Code::FigureInFuture => "figure-in-future",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The file as shown to the user; `None` for problems of the whole run.
    pub file: Option<PathBuf>,
    /// Byte range in `source` of the value at fault.
    pub span: Option<Range<usize>>,
    /// A short note under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
    /// The file's text, for the snippet; filled in by [`attach_sources`] when
    /// the diagnostic was made after the text was dropped.
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
            source: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    pub fn with_source(mut self, source: Arc<str>) -> Self {
        self.source = Some(source);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span's start; the
    /// file's first character when the problem is with the file as a whole.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.file.as_ref()?;
        let (Some(source), Some(span)) = (&self.source, &self.span) else {
            return Some((1, 1));
        };
        Some(line_column(source, span.start))
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Reads the text of files that diagnostics point into but carry no text of,
/// once per file, so that every diagnostic can show its snippet. A file that
/// can no longer be read just goes without one.
pub fn attach_sources(diagnostics: &mut [Diagnostic]) {
    let mut cache: HashMap<PathBuf, Option<Arc<str>>> = HashMap::new();
    for diagnostic in diagnostics.iter_mut() {
        if diagnostic.source.is_some() || diagnostic.span.is_none() {
            continue;
        }
        let Some(file) = &diagnostic.file else {
            continue;
        };
        let source = cache
            .entry(file.clone())
            .or_insert_with(|| read_text(file))
            .clone();
        diagnostic.source = source;
    }
}

fn read_text(path: &Path) -> Option<Arc<str>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

/// Errors and warnings, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Self {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

impl fmt::Display for Tally {
    /// "2 errors and 1 warning".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = crate::plural::count;
        match (self.errors, self.warnings) {
            (e, 0) => f.write_str(&plural(e, "error")),
            (0, w) => f.write_str(&plural(w, "warning")),
            (e, w) => write!(f, "{} and {}", plural(e, "error"), plural(w, "warning")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nlead = [\"É\", \"x\"]\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find("\"x\"").unwrap();
        assert_eq!(line_column(text, x), (2, 14));
        assert_eq!(line_column(text, 10_000), (3, 1));
    }

    #[test]
    fn tally_reads_as_english() {
        assert_eq!(
            Tally {
                errors: 1,
                warnings: 0
            }
            .to_string(),
            "1 error"
        );
        assert_eq!(
            Tally {
                errors: 2,
                warnings: 1
            }
            .to_string(),
            "2 errors and 1 warning"
        );
        assert_eq!(
            Tally {
                errors: 0,
                warnings: 3
            }
            .to_string(),
            "3 warnings"
        );
    }
}
