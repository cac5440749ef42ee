//! Diagnostics as text for people (rustc style), JSON lines for scripts and
//! GitHub Actions annotations for CI.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// One diagnostic as rustc would show it: header, `--> file:line:col`, the
/// source line with a caret under the value, and `help:`. Styled; write it
/// through `anstream` so colour is dropped where it does not belong.
pub fn text(diagnostic: &Diagnostic) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let file = diagnostic
        .file
        .as_ref()
        .map(|file| file.display().to_string());
    let mut group = match (&file, &diagnostic.source, &diagnostic.span) {
        (Some(file), Some(source), Some(span)) => {
            let annotation = AnnotationKind::Primary.span(clamp(source, span.clone()));
            let annotation = match &diagnostic.label {
                Some(label) => annotation.label(label.as_str()),
                None => annotation,
            };
            title.element(
                Snippet::source(source.as_ref())
                    .path(file.as_str())
                    .fold(true)
                    .annotation(annotation),
            )
        }
        (Some(file), _, _) => title.element(Origin::path(file.as_str())),
        (None, _, _) => Group::with_title(title),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    Renderer::styled().render(&[group])
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(source: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let fix = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = fix(span.start);
    start..fix(span.end).max(start)
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// One JSON object, on one line.
pub fn json(diagnostic: &Diagnostic) -> String {
    let position = diagnostic.line_column();
    let object = JsonDiagnostic {
        code: diagnostic.code.as_str(),
        severity: diagnostic.severity,
        file: diagnostic.file.as_deref().map(crate::portable::slashed),
        line: position.map(|(line, _)| line),
        column: position.map(|(_, column)| column),
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&object).unwrap_or_default()
}

/// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(diagnostic: &Diagnostic) -> String {
    let mut properties = Vec::new();
    if let Some(file) = &diagnostic.file {
        properties.push(format!(
            "file={}",
            escape_property(&crate::portable::slashed(file))
        ));
    }
    if let Some((line, column)) = diagnostic.line_column() {
        properties.push(format!("line={line}"));
        properties.push(format!("col={column}"));
    }
    properties.push(format!(
        "title={}",
        escape_property(diagnostic.code.as_str())
    ));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} {}::{}",
        diagnostic.severity.name(),
        properties.join(","),
        escape_data(&message)
    )
}

/// GitHub's escaping for the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping for `key=value` properties, which also reserve `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
