//! A performance measure: an indicator the partnership is held to ("is it
//! working?"), with its targets and its figures period by period. One file
//! per measure under `measures/`; the rules that judge it (year to date,
//! RAG, direction of travel, missing figures) are `crate::performance`'s.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::dates::{FinancialYear, Frequency, Period, ReportingPeriod};

use super::marking::Marking;

/// The directory under the plan root that holds measures, one file each.
/// Reserved: no action section may be called this.
pub const MEASURES_DIR: &str = "measures";

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    pub const ALL: [Better; 2] = [Better::Higher, Better::Lower];

    pub fn name(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == text)
    }
}

/// How a year's periods combine into one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Counts: the year is the sum of its periods.
    Sum,
    /// Rates and percentages: the year is its latest period.
    Latest,
    /// The mean of the periods reported.
    Mean,
}

impl Aggregate {
    pub const ALL: [Aggregate; 3] = [Aggregate::Sum, Aggregate::Latest, Aggregate::Mean];

    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Latest => "latest",
            Aggregate::Mean => "mean",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == text)
    }
}

/// How far a figure may miss its target and still be amber.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    /// A share of the target that applies: `"5%"` is `Percent(5.0)`.
    Percent(f64),
    /// An amount in the measure's unit: `tolerance = 20`.
    Absolute(f64),
}

impl Tolerance {
    /// When neither the measure nor csp.toml sets one.
    pub const DEFAULT: Tolerance = Tolerance::Percent(5.0);

    /// `"5%"`, `"2.5%"`; a bare number is read by the caller as absolute.
    pub fn parse_percent(text: &str) -> Option<Self> {
        let number = text.trim().strip_suffix('%')?.trim();
        let value: f64 = number.parse().ok()?;
        (value.is_finite() && value >= 0.0).then_some(Tolerance::Percent(value))
    }

    /// The amount a figure may miss `target` by and still be amber.
    pub fn allowance(self, target: f64) -> f64 {
        match self {
            Tolerance::Percent(share) => target.abs() * share / 100.0,
            Tolerance::Absolute(amount) => amount,
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Percent(share) => write!(f, "{}%", format_number(*share)),
            Tolerance::Absolute(amount) => f.write_str(&format_number(*amount)),
        }
    }
}

/// One period's figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub period: ReportingPeriod,
    pub value: f64,
    pub note: Option<String>,
    /// Where the entry sits in the file.
    pub span: Range<usize>,
}

/// What a target is set for: a whole financial year, or one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetFor {
    Year(FinancialYear),
    Period(ReportingPeriod),
}

impl fmt::Display for TargetFor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetFor::Year(year) => write!(f, "{year}"),
            TargetFor::Period(period) => write!(f, "{period}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub applies_to: TargetFor,
    pub value: f64,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// Any period, of any frequency: a quarterly measure's baseline is often
    /// a whole year ("2022/23").
    pub period: ReportingPeriod,
    pub value: f64,
}

/// A measure as its file says, read and checked by `load`.
#[derive(Clone, Debug)]
pub struct Measure {
    /// The file's stem under `measures/`.
    pub id: Box<str>,
    pub title: String,
    pub description: Option<String>,
    /// Who supplies the figure: lead keys, as for actions.
    pub lead: Vec<Arc<str>>,
    /// Shown after values; `%` and `£` are placed as people write them.
    pub unit: Option<String>,
    pub better: Better,
    pub frequency: Frequency,
    pub aggregate: Aggregate,
    /// How long after a period ends its figure is due; none means on the
    /// period's last day.
    pub lag: Option<Period>,
    pub source: Option<String>,
    pub priority: Vec<u32>,
    /// Actions that work towards it, by id.
    pub actions: Vec<String>,
    pub baseline: Option<Baseline>,
    pub tolerance: Option<Tolerance>,
    /// In order: years before periods, each by time.
    pub targets: Vec<Target>,
    /// In period order, one per period.
    pub values: Vec<Figure>,
    pub marking: Option<Marking>,
    pub tags: Vec<String>,
    pub spans: MeasureSpans,
}

/// Where fields sit in a measure's file, for checks after loading.
#[derive(Clone, Debug, Default)]
pub struct MeasureSpans {
    pub lead: Vec<Range<usize>>,
    pub priority: Vec<Range<usize>>,
    pub actions: Vec<Range<usize>>,
}

impl Measure {
    /// The file's path relative to the plan root: `measures/<id>.toml`.
    pub fn relative_file(&self) -> String {
        format!("{MEASURES_DIR}/{}.toml", self.id)
    }

    pub fn value_for(&self, period: ReportingPeriod) -> Option<&Figure> {
        self.values
            .binary_search_by(|figure| figure.period.cmp(&period))
            .ok()
            .and_then(|at| self.values.get(at))
    }

    pub fn target_for(&self, applies_to: TargetFor) -> Option<f64> {
        self.targets
            .iter()
            .find(|target| target.applies_to == applies_to)
            .map(|target| target.value)
    }

    /// A value as people read it, with the unit: `1,710 incidents`,
    /// `12.5%`, `£1,200`.
    pub fn show(&self, value: f64) -> String {
        with_unit(value, self.unit.as_deref())
    }
}

/// `value` with `unit` placed as people write it.
pub fn with_unit(value: f64, unit: Option<&str>) -> String {
    let number = format_number(value);
    match unit.map(str::trim) {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some("£") => match number.strip_prefix('-') {
            Some(positive) => format!("-£{positive}"),
            None => format!("£{number}"),
        },
        Some(unit) if number == "1" => format!("{number} {}", singular(unit)),
        Some(unit) => format!("{number} {unit}"),
    }
}

/// A plural unit as one of it: "incidents" → "incident", "parishes" →
/// "parish", "victims" → "victim". Units are written plural, as an
/// indicator table's heading reads; a word this cannot make singular is
/// left as written.
fn singular(unit: &str) -> &str {
    let Some(last) = unit.rsplit(' ').next() else {
        return unit;
    };
    let cut = if ["shes", "ches", "xes", "sses", "zes"]
        .iter()
        .any(|ending| last.ends_with(ending))
    {
        2
    } else {
        usize::from(last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("ies"))
    };
    &unit[..unit.len() - cut]
}

/// Reads a figure as people type it: `1,234`, `12.5`, `12%`, `£1,200`,
/// `-3`. A `%` or `£` must agree with the measure's `unit` when one is
/// given, so a percentage is never recorded against a count. The error
/// says what was wrong, for the caller to place.
pub fn read_figure(text: &str, unit: Option<&str>) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("no figure was given".into());
    }
    let (negative, rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let (pounds, rest) = match rest.strip_prefix('£') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, rest),
    };
    let (percent, rest) = match rest.strip_suffix('%') {
        Some(rest) => (true, rest.trim_end()),
        None => (false, rest),
    };
    let unit = unit.map(str::trim).filter(|unit| !unit.is_empty());
    if percent && unit.is_some_and(|unit| unit != "%") {
        return Err(format!(
            "`{trimmed}` is a percentage, but this measure counts {}",
            unit.unwrap_or_default()
        ));
    }
    if pounds && unit.is_some_and(|unit| unit != "£") {
        return Err(format!(
            "`{trimmed}` is in pounds, but this measure counts {}",
            unit.unwrap_or_default()
        ));
    }
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let grouped_well = {
        let groups: Vec<&str> = whole.split(',').collect();
        groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
            && (groups.len() == 1
                || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)))
    };
    let fraction_well =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !grouped_well || !fraction_well || whole.len() > 24 {
        return Err(format!(
            "`{trimmed}` is not a figure: write a number such as 1,234, 12.5, 12% or £1,200"
        ));
    }
    let digits: String = whole.chars().filter(|c| *c != ',').collect();
    let number: f64 = match fraction {
        Some(fraction) => format!("{digits}.{fraction}").parse(),
        None => digits.parse(),
    }
    .map_err(|_| format!("`{trimmed}` is not a figure"))?;
    if !number.is_finite() || number.abs() > 9_007_199_254_740_992.0 {
        return Err(format!("`{trimmed}` is too large to be a figure"));
    }
    Ok(if negative { -number } else { number })
}

/// A figure as a TOML number: `1234`, `12.5`: whole numbers without a
/// decimal point, others in the shortest form that reads back the same.
pub fn plain_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A figure as people read it: thousands separated, at most two decimals,
/// no trailing zeros: `1,710`, `12.5`, `0.33`.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (at, digit) in whole.chars().enumerate() {
        if at > 0 && (whole.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

#[cfg(test)]
// Figures here are small whole numbers and halves: exact in binary.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_number(1710.0), "1,710");
        assert_eq!(format_number(1_234_567.0), "1,234,567");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(0.333_333), "0.33");
        assert_eq!(format_number(-1200.0), "-1,200");
        assert_eq!(format_number(999.999), "1,000");
        assert_eq!(with_unit(12.5, Some("%")), "12.5%");
        assert_eq!(with_unit(1200.0, Some("£")), "£1,200");
        assert_eq!(with_unit(-5.0, Some("£")), "-£5");
        assert_eq!(with_unit(431.0, Some("incidents")), "431 incidents");
        assert_eq!(with_unit(431.0, None), "431");
        assert_eq!(with_unit(1.0, Some("parishes")), "1 parish");
        assert_eq!(with_unit(1.0, Some("incidents")), "1 incident");
        assert_eq!(with_unit(1.0, Some("offences")), "1 offence");
        assert_eq!(with_unit(1.0, Some("people")), "1 people");
        assert_eq!(with_unit(1.0, Some("addresses")), "1 address");
        assert_eq!(with_unit(1.0, Some("repeat victims")), "1 repeat victim");
        assert_eq!(with_unit(2.0, Some("parishes")), "2 parishes");
    }

    #[test]
    fn figures_read_as_people_type_them() {
        assert_eq!(read_figure("1,234", None), Ok(1234.0));
        assert_eq!(read_figure(" 12.5 ", None), Ok(12.5));
        assert_eq!(read_figure("12%", Some("%")), Ok(12.0));
        assert_eq!(read_figure("£1,200", Some("£")), Ok(1200.0));
        assert_eq!(read_figure("-3", None), Ok(-3.0));
        for bad in [
            "", "1,23", "12,", "1e3", "inf", "NaN", "12.", "twelve", "1.2.3", "0x10",
        ] {
            assert!(read_figure(bad, None).is_err(), "{bad}");
        }
        assert!(
            read_figure("12%", Some("incidents"))
                .unwrap_err()
                .contains("percentage")
        );
        assert!(
            read_figure("£12", Some("%"))
                .unwrap_err()
                .contains("pounds")
        );
        assert_eq!(plain_number(1234.0), "1234");
        assert_eq!(plain_number(12.5), "12.5");
        assert_eq!(plain_number(-3.0), "-3");
    }

    #[test]
    fn tolerance_allowance() {
        assert_eq!(
            Tolerance::parse_percent("5%"),
            Some(Tolerance::Percent(5.0))
        );
        assert_eq!(Tolerance::parse_percent("-5%"), None);
        assert_eq!(Tolerance::parse_percent("5"), None);
        assert_eq!(Tolerance::Percent(5.0).allowance(400.0), 20.0);
        assert_eq!(Tolerance::Absolute(3.0).allowance(400.0), 3.0);
    }
}
