//! Typed reading of a parsed TOML table, one field at a time, so that every
//! problem in a file is reported (not just the first, as serde would) and
//! each points at the exact key or value.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::dates::{self, DateError};
use crate::diagnostic::{Code, Diagnostic};
use crate::suggest;

/// A value with where it was written.
pub(super) type Located<T> = (T, Range<usize>);

/// Collects the diagnostics of one file.
pub(super) struct FileReport<'a> {
    pub file: &'a Path,
    pub source: &'a Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FileReport<'a> {
    pub(super) fn new(file: &'a Path, source: &'a Arc<str>) -> Self {
        Self {
            file,
            source,
            diagnostics: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(
            diagnostic
                .in_file(self.file)
                .with_source(Arc::clone(self.source)),
        );
    }

    pub(super) fn error(&mut self, code: Code, span: Range<usize>, message: impl Into<String>) {
        self.push(Diagnostic::error(code, message).at(span));
    }
}

/// The fields of one table, read by name. `context` names the table in
/// messages ("action", "[leads.ECDC]").
pub(super) struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    context: String,
    /// What the table's entries are called: fields of an action, tables of csp.toml.
    entry: &'static str,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub(super) fn new(
        table: &'t DeTable<'i>,
        span: Range<usize>,
        context: impl Into<String>,
    ) -> Self {
        Self {
            table,
            span,
            context: context.into(),
            entry: "field",
        }
    }

    /// For tables whose entries are themselves tables, like csp.toml's.
    pub(super) fn of_tables(mut self) -> Self {
        self.entry = "table";
        self
    }

    /// Reports each key not in `known`, with the nearest known one.
    pub(super) fn deny_unknown(&self, known: &[&str], report: &mut FileReport<'_>) {
        for key in self.table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let help = match suggest::closest_name(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the {}s of {} are: {}",
                    self.entry,
                    self.context,
                    known.join(", ")
                ),
            };
            report.push(
                Diagnostic::error(
                    Code::UnknownField,
                    format!("unknown {} `{name}` in {}", self.entry, self.context),
                )
                .at(key.span())
                .label(format!("not a {} csp knows", self.entry))
                .help(help),
            );
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        // A scan, not the map's hashed lookup: a table in a plan file has a
        // dozen keys, and comparing a few short strings costs less than
        // hashing the key, twenty times per file. Keys are unique in TOML.
        if self.table.len() <= 32 {
            return self
                .table
                .iter()
                .find(|(name, _)| name.get_ref().as_ref() == key)
                .map(|(_, value)| value);
        }
        self.table.get(key)
    }

    fn missing(&self, key: &str, report: &mut FileReport<'_>, help: &str) {
        let span = self.span.start..self.span.start;
        report.push(
            Diagnostic::error(
                Code::MissingField,
                format!("{} has no `{key}`", self.context),
            )
            .at(span)
            .help(help.to_string()),
        );
    }

    fn wrong_type(
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
        report: &mut FileReport<'_>,
    ) {
        report.push(
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "`{key}` must be {expected}, not {}",
                    type_name(value.get_ref())
                ),
            )
            .at(value.span())
            .label(format!("expected {expected}")),
        );
    }

    /// A required string; `help` says what to write when it is missing.
    pub(super) fn required_string(
        &self,
        key: &str,
        help: &str,
        report: &mut FileReport<'_>,
    ) -> Option<Located<String>> {
        if self.get(key).is_none() {
            self.missing(key, report, help);
            return None;
        }
        self.string(key, report)
    }

    pub(super) fn string(&self, key: &str, report: &mut FileReport<'_>) -> Option<Located<String>> {
        let value = self.get(key)?;
        if let DeValue::String(text) = value.get_ref() {
            Some((one_text(text), value.span()))
        } else {
            Self::wrong_type(key, value, "a string", report);
            None
        }
    }

    /// A list of strings; a single string is read as a list of one, since
    /// `lead = "ECDC"` is what people write for one lead.
    pub(super) fn string_list(
        &self,
        key: &str,
        report: &mut FileReport<'_>,
    ) -> Vec<Located<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let expected = "a list of strings, e.g. [\"A\", \"B\"]";
        match value.get_ref() {
            DeValue::String(text) => vec![(one_text(text), value.span())],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| {
                    if let DeValue::String(text) = item.get_ref() {
                        Some((one_text(text), item.span()))
                    } else {
                        Self::wrong_type(key, item, expected, report);
                        None
                    }
                })
                .collect(),
            _ => {
                Self::wrong_type(key, value, expected, report);
                Vec::new()
            }
        }
    }

    /// A list of positive whole numbers; a single number is a list of one.
    pub(super) fn number_list(&self, key: &str, report: &mut FileReport<'_>) -> Vec<Located<u32>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let expected = "a list of whole numbers, e.g. [1, 2]";
        let mut read = |item: &Spanned<DeValue<'_>>| {
            if let DeValue::Integer(number) = item.get_ref() {
                if let Some(n) = positive(number.as_str(), number.radix()) {
                    Some((n, item.span()))
                } else {
                    report.error(
                        Code::InvalidValue,
                        item.span(),
                        format!("`{key}` takes numbers from 1 up, not {}", number.as_str()),
                    );
                    None
                }
            } else {
                Self::wrong_type(key, item, expected, report);
                None
            }
        };
        match value.get_ref() {
            DeValue::Integer(_) => read(value).into_iter().collect(),
            DeValue::Array(items) => items.iter().filter_map(read).collect(),
            _ => {
                Self::wrong_type(key, value, expected, report);
                Vec::new()
            }
        }
    }

    /// A calendar date: a TOML date (`2024-03-20`), or the same in quotes.
    pub(super) fn date(
        &self,
        key: &str,
        report: &mut FileReport<'_>,
    ) -> Option<Located<NaiveDate>> {
        let value = self.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::Datetime(datetime) => toml_date(datetime),
            DeValue::String(text) => dates::parse_date(text),
            _ => {
                Self::wrong_type(key, value, "a date such as 2024-03-31", report);
                return None;
            }
        };
        match parsed {
            Ok(date) => Some((date, value.span())),
            Err(error) => {
                report_date_error(key, value.span(), error, report);
                None
            }
        }
    }

    /// A list of calendar dates (TOML dates, or the same in quotes); a
    /// single date is a list of one. Each bad item is reported on its own.
    pub(super) fn date_list(
        &self,
        key: &str,
        report: &mut FileReport<'_>,
    ) -> Vec<Located<NaiveDate>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let read = |item: &Spanned<DeValue<'_>>, report: &mut FileReport<'_>| {
            let parsed = match item.get_ref() {
                DeValue::Datetime(datetime) => toml_date(datetime),
                DeValue::String(text) => dates::parse_date(text),
                _ => {
                    Self::wrong_type(
                        key,
                        item,
                        "a list of dates, e.g. [2024-03-14, 2024-06-13]",
                        report,
                    );
                    return None;
                }
            };
            match parsed {
                Ok(date) => Some((date, item.span())),
                Err(error) => {
                    report_date_error(key, item.span(), error, report);
                    None
                }
            }
        };
        match value.get_ref() {
            DeValue::Array(items) => items.iter().filter_map(|item| read(item, report)).collect(),
            _ => read(value, report).into_iter().collect(),
        }
    }

    /// A table nested under `key`.
    pub(super) fn table(
        &self,
        key: &str,
        report: &mut FileReport<'_>,
    ) -> Option<Located<&'t DeTable<'i>>> {
        let value = self.get(key)?;
        if let DeValue::Table(table) = value.get_ref() {
            Some((table, value.span()))
        } else {
            Self::wrong_type(key, value, "a table", report);
            None
        }
    }
}

pub(super) fn report_date_error(
    key: &str,
    span: Range<usize>,
    error: DateError,
    report: &mut FileReport<'_>,
) {
    report.push(
        Diagnostic::error(
            Code::InvalidDate,
            format!("invalid `{key}`: {}", error.message),
        )
        .at(span)
        .help_opt(error.help),
    );
}

/// A TOML date value, which must be a plain date: deadlines have no time of day.
pub(super) fn toml_date(datetime: &toml::value::Datetime) -> Result<NaiveDate, DateError> {
    let help = Some("write a plain date such as 2024-03-31, without a time".to_string());
    match (datetime.date, datetime.time, datetime.offset) {
        (Some(date), None, None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .ok_or_else(|| DateError {
            message: format!("`{datetime}` is not a date"),
            help: help.clone(),
        }),
        _ => Err(DateError {
            message: format!("`{datetime}` has a time of day"),
            help,
        }),
    }
}

/// A string value as csp keeps it: each `\r\n` read as `\n`, so that a
/// multi-line description checked out by Git for Windows (`core.autocrlf`)
/// is the same text as on Linux, in `csp show`, every export and every
/// comparison. The file itself keeps its own line endings.
pub(super) fn one_text(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

pub(super) fn positive(text: &str, radix: u32) -> Option<u32> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    let digits = match radix {
        16 => digits.strip_prefix("0x")?,
        8 => digits.strip_prefix("0o")?,
        2 => digits.strip_prefix("0b")?,
        _ => digits,
    };
    u32::from_str_radix(digits, radix).ok().filter(|n| *n > 0)
}

pub(super) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
