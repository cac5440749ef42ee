//! One measure file under `measures/`: its fields, read and checked one by
//! one like an action's, so that every problem is reported where it is.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{Fields, FileReport, Located, type_name};
use super::source;
use crate::dates::{Frequency, Period, ReportingPeriod};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Aggregate, Baseline, Better, Figure, Marking, Measure, MeasureSpans, Target, TargetFor,
    Tolerance,
};

/// The fields a measure file may hold, in the order `csp` writes them.
pub const MEASURE_FIELDS: &[&str] = &[
    "title",
    "description",
    "lead",
    "unit",
    "better",
    "frequency",
    "aggregate",
    "lag",
    "source",
    "priority",
    "actions",
    "baseline",
    "tolerance",
    "marking",
    "tags",
    "target",
    "values",
];

/// The fields of a figure written as a table: `{ value = 398, note = "…" }`.
pub const FIGURE_FIELDS: &[&str] = &["value", "note"];
const BASELINE_FIELDS: &[&str] = &["period", "value"];

/// What one measure file gave.
#[derive(Debug)]
pub struct MeasureFile {
    pub measure: Option<Measure>,
    pub diagnostics: Vec<Diagnostic>,
}

impl MeasureFile {
    pub fn is_clean(&self) -> bool {
        self.measure.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads the measure file at `path`, shown to the user as `shown`.
pub(super) fn load_measure(path: &Path, shown: &Path, id: &str) -> MeasureFile {
    match source::read(path, shown) {
        Ok(text) => parse_measure(&text, shown, id),
        Err(diagnostic) => MeasureFile {
            measure: None,
            diagnostics: vec![*diagnostic],
        },
    }
}

/// Parses a measure from its text. Public for checking an edited file
/// before it is written, and for fuzzing.
pub fn parse_measure(text: &Arc<str>, shown: &Path, id: &str) -> MeasureFile {
    let table = match source::parse_toml(text, shown, text) {
        Ok(table) => table,
        Err(diagnostics) => {
            return MeasureFile {
                measure: None,
                diagnostics,
            };
        }
    };
    let mut report = FileReport::new(shown, text);
    let fields = Fields::new(table.get_ref(), table.span(), "a measure");
    fields.deny_unknown(MEASURE_FIELDS, &mut report);
    let whole = table.span().start..table.span().start;

    let title = fields.required_string(
        "title",
        "name the indicator, e.g. title = \"Anti-social behaviour incidents reported to the police\"",
        &mut report,
    );
    let description = fields.string("description", &mut report).map(|(t, _)| t);
    let lead = fields.string_list("lead", &mut report);
    if fields.get("lead").is_none() {
        report.push(
            Diagnostic::error(Code::MissingField, "a measure has no `lead`")
                .at(whole.clone())
                .help("name the body that supplies the figure by its key in csp.toml's [leads], e.g. lead = [\"police\"]"),
        );
    }
    let unit = fields.string("unit", &mut report).map(|(t, _)| t);
    let better = required_choice(
        &fields,
        "better",
        Better::parse,
        &Better::ALL.map(Better::name),
        "say which way is better, e.g. better = \"lower\" for incidents, \"higher\" for detections",
        whole.clone(),
        &mut report,
    );
    let frequency = required_choice(
        &fields,
        "frequency",
        Frequency::parse,
        &Frequency::ALL.map(Frequency::name),
        "say how often a figure comes, e.g. frequency = \"quarter\"",
        whole.clone(),
        &mut report,
    );
    let aggregate = required_choice(
        &fields,
        "aggregate",
        Aggregate::parse,
        &Aggregate::ALL.map(Aggregate::name),
        "say how a year's figures combine: \"sum\" for counts, \"latest\" for rates and percentages, \"mean\" for an average",
        whole.clone(),
        &mut report,
    );
    let lag = fields.string("lag", &mut report).and_then(|(text, span)| {
        match Period::parse_window(&text) {
            Ok(period) => Some(period),
            Err(error) => {
                report.push(
                    Diagnostic::error(Code::InvalidValue, format!("invalid `lag`: {}", error.message))
                        .at(span)
                        .help("write how long after a period ends its figure is due, e.g. lag = \"6w\" (d, w, m, q or y)"),
                );
                None
            }
        }
    });
    let source_text = fields.string("source", &mut report).map(|(t, _)| t);
    let priority = fields.number_list("priority", &mut report);
    let actions = fields.string_list("actions", &mut report);
    let baseline = read_baseline(&fields, &mut report);
    let tolerance = read_tolerance(&fields, &mut report);
    let marking = fields
        .string("marking", &mut report)
        .and_then(|(text, span)| {
            super::action::choice(
                &text,
                span,
                "marking",
                Marking::parse,
                &Marking::ALL.map(Marking::name),
                Code::InvalidValue,
                &mut report,
            )
            .map(|(marking, _)| marking)
        });
    let tags = fields.string_list("tags", &mut report);
    let targets = frequency
        .map(|frequency| read_targets(&fields, frequency, &mut report))
        .unwrap_or_default();
    let values = frequency
        .map(|frequency| read_values(&fields, frequency, &mut report))
        .unwrap_or_default();

    let measure = match (title, better, frequency, aggregate) {
        (Some((title, _)), Some(better), Some(frequency), Some(aggregate)) => Some(Measure {
            id: id.into(),
            title,
            description,
            lead: lead.iter().map(|(key, _)| Arc::from(key.trim())).collect(),
            unit: unit.filter(|unit| !unit.trim().is_empty()),
            better,
            frequency,
            aggregate,
            lag,
            source: source_text,
            priority: priority.iter().map(|(n, _)| *n).collect(),
            actions: actions
                .iter()
                .map(|(id, _)| id.trim().to_string())
                .collect(),
            baseline,
            tolerance,
            targets,
            values,
            marking,
            tags: tags.into_iter().map(|(tag, _)| tag).collect(),
            spans: MeasureSpans {
                lead: lead.into_iter().map(|(_, span)| span).collect(),
                priority: priority.into_iter().map(|(_, span)| span).collect(),
                actions: actions.into_iter().map(|(_, span)| span).collect(),
            },
        }),
        _ => None,
    };
    MeasureFile {
        measure,
        diagnostics: report.diagnostics,
    }
}

fn required_choice<T>(
    fields: &Fields<'_, '_>,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    allowed: &[&str],
    help: &str,
    whole: Range<usize>,
    report: &mut FileReport<'_>,
) -> Option<T> {
    if fields.get(key).is_none() {
        report.push(
            Diagnostic::error(Code::MissingField, format!("a measure has no `{key}`"))
                .at(whole)
                .help(help),
        );
        return None;
    }
    let (text, span) = fields.string(key, report)?;
    if let Some(value) = parse(text.trim()) {
        return Some(value);
    }
    let lowered = text.trim().to_lowercase();
    let help = match parse(&lowered)
        .map(|_| lowered.as_str())
        .or_else(|| crate::suggest::closest_name(&lowered, allowed.iter().copied()))
    {
        Some(near) => format!("did you mean \"{near}\"? (one of: {})", allowed.join(", ")),
        None => format!("write one of: {}", allowed.join(", ")),
    };
    report.push(
        Diagnostic::error(Code::InvalidValue, format!("`{key}` cannot be `{text}`"))
            .at(span)
            .help(help),
    );
    None
}

/// A TOML number as a figure: an integer or a decimal, finite.
fn number(value: &Spanned<DeValue<'_>>) -> Option<f64> {
    match value.get_ref() {
        DeValue::Integer(integer) => {
            let digits: String = integer.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits.strip_prefix('+').unwrap_or(&digits);
            let (negative, digits) = match digits.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, digits),
            };
            let digits = digits
                .strip_prefix("0x")
                .or_else(|| digits.strip_prefix("0o"))
                .or_else(|| digits.strip_prefix("0b"))
                .unwrap_or(digits);
            let magnitude = i64::from_str_radix(digits, integer.radix()).ok()?;
            // Figures beyond 2^53 would lose digits as decimals; no
            // partnership counts that high.
            (magnitude.unsigned_abs() <= 1 << 53).then_some(if negative {
                -(magnitude as f64)
            } else {
                magnitude as f64
            })
        }
        DeValue::Float(float) => {
            let text: String = float.as_str().chars().filter(|c| *c != '_').collect();
            text.parse::<f64>().ok().filter(|v| v.is_finite())
        }
        _ => None,
    }
}

fn not_a_number(key: &str, value: &Spanned<DeValue<'_>>, report: &mut FileReport<'_>) {
    let found = type_name(value.get_ref());
    let help = match value.get_ref() {
        DeValue::String(text) => match crate::model::measure::read_figure(text, None) {
            Ok(number) => format!(
                "write the number without quotes, e.g. {key} = {}",
                crate::model::measure::plain_number(number)
            ),
            Err(_) => "write a number, e.g. 431 or 12.5".to_string(),
        },
        _ => "write a number, e.g. 431 or 12.5".to_string(),
    };
    report.push(
        Diagnostic::error(
            Code::WrongType,
            format!("`{key}` should be a number, not {found}"),
        )
        .at(value.span())
        .help(help),
    );
}

fn read_period(
    key: &str,
    text: &str,
    span: Range<usize>,
    report: &mut FileReport<'_>,
) -> Option<ReportingPeriod> {
    match ReportingPeriod::parse(text) {
        Ok(period) => Some(period),
        Err(error) => {
            report.push(
                Diagnostic::error(
                    Code::InvalidPeriod,
                    format!("invalid period in `{key}`: {}", error.message),
                )
                .at(span)
                .help_opt(error.help),
            );
            None
        }
    }
}

fn read_baseline(fields: &Fields<'_, '_>, report: &mut FileReport<'_>) -> Option<Baseline> {
    let (table, span) = fields.table("baseline", report)?;
    let baseline = Fields::new(table, span.clone(), "`baseline`");
    baseline.deny_unknown(BASELINE_FIELDS, report);
    let period = baseline
        .required_string(
            "period",
            "say which period the baseline is, e.g. baseline = { period = \"2022/23\", value = 1710 }",
            report,
        )
        .and_then(|(text, span)| read_period("baseline", &text, span, report));
    let value = match baseline.get("value") {
        None => {
            report.push(
                Diagnostic::error(Code::MissingField, "`baseline` has no `value`")
                    .at(span)
                    .help("write the baseline figure, e.g. baseline = { period = \"2022/23\", value = 1710 }"),
            );
            None
        }
        Some(value) => number(value).or_else(|| {
            not_a_number("value", value, report);
            None
        }),
    };
    Some(Baseline {
        period: period?,
        value: value?,
    })
}

fn read_tolerance(fields: &Fields<'_, '_>, report: &mut FileReport<'_>) -> Option<Tolerance> {
    let value = fields.get("tolerance")?;
    read_tolerance_value(value, report)
}

/// `"5%"` (a share of the target) or a bare number (an amount). Shared with
/// csp.toml's `[measures] tolerance`.
pub(super) fn read_tolerance_value(
    value: &Spanned<DeValue<'_>>,
    report: &mut FileReport<'_>,
) -> Option<Tolerance> {
    let help = "write a share of the target as tolerance = \"5%\", or an amount in the measure's unit as tolerance = 20";
    let tolerance = match value.get_ref() {
        DeValue::String(text) => Tolerance::parse_percent(text),
        _ => number(value)
            .filter(|amount| *amount >= 0.0)
            .map(Tolerance::Absolute),
    };
    if tolerance.is_none() {
        report.push(
            Diagnostic::error(
                Code::InvalidValue,
                "`tolerance` is not a share or an amount",
            )
            .at(value.span())
            .help(help),
        );
    }
    tolerance
}

fn read_targets(
    fields: &Fields<'_, '_>,
    frequency: Frequency,
    report: &mut FileReport<'_>,
) -> Vec<Target> {
    let Some((table, _)) = fields.table("target", report) else {
        return Vec::new();
    };
    let mut targets: Vec<Target> = Vec::new();
    for (key, value) in table {
        let Some(period) = read_period("target", key.get_ref(), key.span(), report) else {
            continue;
        };
        let applies_to = if period.frequency() == Frequency::Year {
            TargetFor::Year(period.financial_year())
        } else if period.frequency() == frequency {
            TargetFor::Period(period)
        } else {
            report.push(
                Diagnostic::error(
                    Code::InvalidPeriod,
                    format!(
                        "target for `{}`, a {}, in a measure reported each {}",
                        key.get_ref(),
                        period.frequency().name(),
                        frequency.name()
                    ),
                )
                .at(key.span())
                .help(format!(
                    "set a target for a financial year (\"2024/25\") or for one of its periods, written as {}",
                    frequency.example()
                )),
            );
            continue;
        };
        let Some(number) = number(value) else {
            not_a_number("target", value, report);
            continue;
        };
        if let Some(earlier) = targets.iter().find(|t| t.applies_to == applies_to) {
            report.push(
                Diagnostic::error(Code::InvalidPeriod, format!("two targets for {applies_to}"))
                    .at(key.span())
                    .help(format!(
                        "keep one: the other is at byte {} of the file, written another way",
                        earlier.span.start
                    )),
            );
            continue;
        }
        targets.push(Target {
            applies_to,
            value: number,
            span: key.span(),
        });
    }
    targets.sort_by_key(|target| target.applies_to);
    targets
}

fn read_values(
    fields: &Fields<'_, '_>,
    frequency: Frequency,
    report: &mut FileReport<'_>,
) -> Vec<Figure> {
    let Some((table, _)) = fields.table("values", report) else {
        return Vec::new();
    };
    let mut figures: Vec<Figure> = Vec::new();
    for (key, value) in table {
        let Some(period) = read_period("values", key.get_ref(), key.span(), report) else {
            continue;
        };
        if period.frequency() != frequency {
            report.push(
                Diagnostic::error(
                    Code::InvalidPeriod,
                    format!(
                        "`{}` is a {}, but this measure is reported each {}",
                        key.get_ref(),
                        period.frequency().name(),
                        frequency.name()
                    ),
                )
                .at(key.span())
                .help(format!(
                    "write each figure against its {}, e.g. {}; or change `frequency`",
                    frequency.name(),
                    frequency.example()
                )),
            );
            continue;
        }
        let Some((number, note)) = read_figure_entry(value, report) else {
            continue;
        };
        if figures.iter().any(|f| f.period == period) {
            report.push(
                Diagnostic::error(
                    Code::InvalidPeriod,
                    format!("two figures for {period}"),
                )
                .at(key.span())
                .help("keep one figure per period: the same period is written twice in different forms"),
            );
            continue;
        }
        figures.push(Figure {
            period,
            value: number,
            note,
            span: key.span(),
        });
    }
    figures.sort_by_key(|figure| figure.period);
    figures
}

/// `431` or `{ value = 398, note = "provisional" }`.
fn read_figure_entry(
    value: &Spanned<DeValue<'_>>,
    report: &mut FileReport<'_>,
) -> Option<(f64, Option<String>)> {
    if let DeValue::Table(table) = value.get_ref() {
        let entry = Fields::new(table, value.span(), "a figure");
        entry.deny_unknown(FIGURE_FIELDS, report);
        let note: Option<Located<String>> = entry.string("note", report);
        let number = match entry.get("value") {
            None => {
                report.push(
                    Diagnostic::error(Code::MissingField, "a figure has no `value`")
                        .at(value.span())
                        .help("write it as { value = 398, note = \"provisional\" }"),
                );
                None
            }
            Some(inner) => number(inner).or_else(|| {
                not_a_number("value", inner, report);
                None
            }),
        }?;
        return Some((number, note.map(|(text, _)| text)));
    }
    if let Some(number) = number(value) {
        Some((number, None))
    } else {
        not_a_number("values", value, report);
        None
    }
}

/// `[measures]` in csp.toml: `tolerance` and `lag` for every measure that
/// sets none.
pub(super) fn read_defaults(
    table: &DeTable<'_>,
    span: Range<usize>,
    report: &mut FileReport<'_>,
) -> crate::model::MeasureDefaults {
    let fields = Fields::new(table, span, "[measures]");
    fields.deny_unknown(MEASURE_DEFAULT_FIELDS, report);
    let tolerance = fields
        .get("tolerance")
        .and_then(|value| read_tolerance_value(value, report));
    let lag = fields.string("lag", report).and_then(|(text, span)| {
        Period::parse_window(&text)
            .map_err(|error| {
                report.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("invalid `lag`: {}", error.message),
                    )
                    .at(span)
                    .help(
                        "write how long after a period ends its figure is due, e.g. lag = \"6w\"",
                    ),
                );
            })
            .ok()
    });
    crate::model::MeasureDefaults { tolerance, lag }
}

pub const MEASURE_DEFAULT_FIELDS: &[&str] = &["tolerance", "lag"];

#[cfg(test)]
// Figures here are small whole numbers and halves: exact in binary.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    fn parse(text: &str) -> MeasureFile {
        parse_measure(&Arc::from(text), Path::new("measures/m.toml"), "m")
    }

    const GOOD: &str = r#"
title = "ASB incidents"
lead = ["police"]
unit = "incidents"
better = "lower"
frequency = "quarter"
aggregate = "sum"
lag = "6w"
priority = [2]
actions = ["prevention/asb"]
baseline = { period = "2022/23", value = 1710 }
tolerance = "5%"

[target]
"2023/24" = 1600
"Q3 2023/24" = 400

[values]
"Q2 2023/24" = { value = 398, note = "provisional" }
"Q1 2023/24" = 431
"#;

    #[test]
    fn reads_a_full_measure() {
        let file = parse(GOOD);
        assert!(file.is_clean(), "{:?}", file.diagnostics);
        let measure = file.measure.unwrap();
        assert_eq!(measure.values.len(), 2);
        assert_eq!(measure.values[0].period.to_string(), "Q1 2023/24");
        assert_eq!(measure.values[1].note.as_deref(), Some("provisional"));
        assert_eq!(measure.targets.len(), 2);
        assert_eq!(measure.baseline.unwrap().value, 1710.0);
        assert_eq!(measure.tolerance, Some(Tolerance::Percent(5.0)));
    }

    #[test]
    fn periods_must_match_the_frequency_and_appear_once() {
        let file = parse(&GOOD.replace(
            "\"Q1 2023/24\" = 431",
            "\"Apr 2023\" = 431\n\"q2 2023/24\" = 1",
        ));
        let messages: Vec<_> = file.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m
                    .contains("`Apr 2023` is a month, but this measure is reported each quarter")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("two figures for Q2 2023/24")),
            "{messages:?}"
        );
    }

    #[test]
    fn unknown_fields_and_quoted_numbers_are_explained() {
        let file = parse(
            &GOOD
                .replace("unit = ", "units = ")
                .replace("= 431", "= \"1,234\""),
        );
        let text: Vec<_> = file
            .diagnostics
            .iter()
            .map(|d| format!("{} / {}", d.message, d.help.clone().unwrap_or_default()))
            .collect();
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `units`") && t.contains("did you mean `unit`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("should be a number, not a string")
                    && t.contains("values = 1234")),
            "{text:?}"
        );
    }
}
