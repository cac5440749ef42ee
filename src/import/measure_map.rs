//! The map of an indicator table (`csp import --measures`): which column
//! holds the indicator, its lead, baseline, target and figures, the year
//! bare `Q1`…`Q4` and month columns are of, the table's words for "which
//! way is better", and settings per indicator that overrule the guesses.
//! Without a map, [`field_of`] reads the header row's words.

use serde::Deserialize;
use toml::map::Map as Table;

use super::normalise;
use crate::error::Error;
use crate::model::{Aggregate, Better};

/// A measures map, as `--map` reads it with `--measures`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureMap {
    /// The plan's name, for a new plan.
    #[serde(default)]
    pub plan: super::map::PlanPart,
    /// The financial year of bare `Q1`…`Q4` and month columns: `"2023/24"`.
    pub year: Option<String>,
    #[serde(default)]
    pub columns: MeasureColumns,
    /// A column's header → the period its figures are for, for headers
    /// csp does not read as periods (`"Qtr 1 (Apr-Jun)" = "Q1 2023/24"`).
    #[serde(default)]
    pub periods: Table<String, toml::Value>,
    #[serde(default)]
    pub values: MeasureValues,
    /// The table's names for bodies → lead keys.
    #[serde(default)]
    pub leads: Table<String, toml::Value>,
    /// Settings for every indicator, where the table says nothing.
    #[serde(default)]
    pub defaults: Settings,
    /// Settings for one indicator, by its name as the table writes it:
    /// they overrule the table and the guesses.
    #[serde(default)]
    pub indicators: Table<String, toml::Value>,
}

/// Field → header text (case and spacing ignored).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureColumns {
    pub title: Option<String>,
    pub id: Option<String>,
    pub lead: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub unit: Option<String>,
    pub better: Option<String>,
    pub frequency: Option<String>,
    pub aggregate: Option<String>,
    pub priority: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Read to compare with what csp works out, never imported.
    pub ytd: Option<String>,
    pub rag: Option<String>,
    pub direction: Option<String>,
}

/// What a measure may be told by the map, for all (`[defaults]`) or one
/// (`[indicators."…"]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The measure's file stem (one indicator only).
    pub id: Option<String>,
    /// A lead key, or a name the plan or `[leads]` knows.
    pub lead: Option<String>,
    pub unit: Option<String>,
    pub better: Option<String>,
    pub aggregate: Option<String>,
    /// The period the baseline column is for: `"2022/23"`.
    pub baseline_period: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureValues {
    /// The table's words for which way is better → `higher` or `lower`.
    #[serde(default)]
    pub better: Table<String, toml::Value>,
}

/// A field of an indicator table other than a period.
pub type Field = &'static str;

/// The fields in the order a column is claimed, each with the header
/// words that name it (whole, after [`normalise`]).
const WORDS: &[(Field, &[&str])] = &[
    (
        "title",
        &[
            "indicator",
            "indicators",
            "measure",
            "measures",
            "performance indicator",
            "performance measure",
            "kpi",
            "pi",
            "indicator name",
            "measure name",
            "metric",
            "description",
        ],
    ),
    ("id", &["id", "measure id", "indicator id"]),
    (
        "lead",
        &[
            "lead",
            "leads",
            "lead agency",
            "lead partner",
            "lead officer",
            "owner",
            "data owner",
            "responsible",
            "responsible officer",
            "supplier",
        ],
    ),
    (
        "unit",
        &["unit", "units", "unit of measure", "measure type"],
    ),
    (
        "better",
        &[
            "polarity",
            "better",
            "good is",
            "good performance is",
            "aim",
            "direction of improvement",
            "better if",
            "what good looks like",
        ],
    ),
    (
        "frequency",
        &["frequency", "reporting frequency", "reported"],
    ),
    (
        "aggregate",
        &["aggregate", "aggregation", "year end figure"],
    ),
    ("priority", &["priority", "priorities", "csp priority"]),
    ("source", &["source", "data source"]),
    (
        "note",
        &[
            "commentary",
            "comments",
            "comment",
            "note",
            "notes",
            "narrative",
            "update",
            "latest commentary",
        ],
    ),
    ("ytd", &["ytd", "year to date", "ytd actual", "ytd total"]),
    (
        "rag",
        &["rag", "rag rating", "rag status", "status", "rating"],
    ),
    (
        "direction",
        &["dot", "direction of travel", "direction", "trend", "travel"],
    ),
];

/// The field a header names: one of the headers csp knows, or a header
/// with "baseline", "target" or "ytd" in it ("Baseline 2022/23",
/// "Annual target", "YTD 2023/24").
pub fn field_of(header: &str) -> Option<Field> {
    let word = normalise(header);
    if word.is_empty() {
        return None;
    }
    if let Some((field, _)) = WORDS
        .iter()
        .find(|(_, words)| words.contains(&word.as_str()))
    {
        return Some(field);
    }
    let words: Vec<&str> = word
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |wanted: &str| words.contains(&wanted);
    if has("baseline") {
        Some("baseline")
    } else if has("ytd") || word.contains("year to date") {
        Some("ytd")
    } else if has("target") || has("targets") {
        Some("target")
    } else if has("rag") {
        Some("rag")
    } else if has("polarity") {
        Some("better")
    } else if has("commentary") || has("comments") {
        Some("note")
    } else {
        None
    }
}

/// Every field the map names a header for.
impl MeasureColumns {
    pub fn fields(&self) -> Vec<(Field, &str)> {
        [
            ("title", &self.title),
            ("id", &self.id),
            ("lead", &self.lead),
            ("baseline", &self.baseline),
            ("target", &self.target),
            ("unit", &self.unit),
            ("better", &self.better),
            ("frequency", &self.frequency),
            ("aggregate", &self.aggregate),
            ("priority", &self.priority),
            ("source", &self.source),
            ("note", &self.note),
            ("ytd", &self.ytd),
            ("rag", &self.rag),
            ("direction", &self.direction),
        ]
        .into_iter()
        .filter_map(|(field, header)| header.as_deref().map(|header| (field, header)))
        .collect()
    }
}

fn lookup<'a>(table: &'a Table<String, toml::Value>, word: &str) -> Option<&'a toml::Value> {
    let word = normalise(word);
    table
        .iter()
        .find(|(key, _)| normalise(key) == word)
        .map(|(_, value)| value)
}

impl MeasureMap {
    pub fn parse(text: &str, shown: &str) -> Result<Self, Error> {
        let bad = |message: String| {
            Error::usage(format!("`{shown}` {message}"))
                .with_help("docs/import.md describes the map of an indicator table")
        };
        let map: MeasureMap = toml::from_str(text).map_err(|error| {
            bad(format!(
                "is not a measures map csp can read: {}",
                error.message()
            ))
        })?;
        for (word, value) in &map.values.better {
            if value.as_str().and_then(Better::parse).is_none() {
                return Err(Error::usage(format!(
                    "`{shown}`: [values.better] \"{word}\" = {value} is not a way csp knows"
                ))
                .with_help("write \"higher\" or \"lower\""));
            }
        }
        for (name, value) in &map.periods {
            let ok = value
                .as_str()
                .is_some_and(|text| crate::dates::ReportingPeriod::parse(text).is_ok());
            if !ok {
                return Err(Error::usage(format!(
                    "`{shown}`: [periods] \"{name}\" = {value} is not a reporting period"
                ))
                .with_help(
                    "write a month as \"Apr 2024\", a quarter as \"Q1 2024/25\", a year as \"2024/25\"",
                ));
            }
        }
        for (name, key) in &map.leads {
            if key.as_str().is_none() {
                return Err(Error::usage(format!(
                    "`{shown}`: [leads] \"{name}\" = {key} is not a lead key"
                ))
                .with_help(format!(
                    "write the key in quotes, e.g. \"{name}\" = \"police\""
                )));
            }
        }
        map.defaults.check(shown, "[defaults]")?;
        for (name, value) in &map.indicators {
            let settings = map.indicator(name).ok_or_else(|| {
                Error::usage(format!(
                    "`{shown}`: [indicators] \"{name}\" = {value} is not a table of settings"
                ))
                .with_help("write e.g. [indicators.\"ASB incidents\"] with unit, better, aggregate, lead, id or baseline_period under it")
            })?;
            settings.check(shown, &format!("[indicators.\"{name}\"]"))?;
        }
        if map.columns.title.is_none() {
            return Err(bad(
                "maps no column to `title`, so no measure has a name".into()
            ));
        }
        Ok(map)
    }

    /// The settings for the indicator named `name` in the table.
    pub fn indicator(&self, name: &str) -> Option<Settings> {
        let value = lookup(&self.indicators, name)?;
        value.clone().try_into().ok()
    }

    /// The way `word` means, by `[values.better]`, else by csp's words.
    pub fn better(&self, word: &str) -> Option<Better> {
        lookup(&self.values.better, word)
            .and_then(toml::Value::as_str)
            .and_then(Better::parse)
            .or_else(|| better_word(word))
    }

    /// The period a header stands for by `[periods]`.
    pub fn period(&self, header: &str) -> Option<crate::dates::ReportingPeriod> {
        lookup(&self.periods, header)
            .and_then(toml::Value::as_str)
            .and_then(|text| crate::dates::ReportingPeriod::parse(text).ok())
    }

    /// The key the map gives a body's name.
    pub fn lead(&self, name: &str) -> Option<&str> {
        lookup(&self.leads, name).and_then(toml::Value::as_str)
    }
}

impl Settings {
    fn check(&self, shown: &str, table: &str) -> Result<(), Error> {
        if let Some(better) = &self.better
            && Better::parse(better).is_none()
        {
            return Err(Error::usage(format!(
                "`{shown}`: {table} better = \"{better}\" is not a way csp knows"
            ))
            .with_help("write better = \"higher\" or better = \"lower\""));
        }
        if let Some(aggregate) = &self.aggregate
            && Aggregate::parse(aggregate).is_none()
        {
            return Err(Error::usage(format!(
                "`{shown}`: {table} aggregate = \"{aggregate}\" is not a way csp combines figures"
            ))
            .with_help("write \"sum\" (counts), \"latest\" (rates, %) or \"mean\""));
        }
        if let Some(id) = &self.id
            && let Err(problem) = crate::portable::check_part(id)
        {
            return Err(Error::usage(format!(
                "`{shown}`: {table} id = \"{id}\" cannot name a measure's file: it {}",
                problem.describe()
            ))
            .with_help(format!(
                "e.g. id = \"{}\"",
                crate::portable::make_part(id, crate::portable::MAX_PART_CHARS)
            )));
        }
        if let Some(period) = &self.baseline_period
            && crate::dates::ReportingPeriod::parse(period).is_err()
        {
            return Err(Error::usage(format!(
                "`{shown}`: {table} baseline_period = \"{period}\" is not a reporting period"
            ))
            .with_help("write e.g. baseline_period = \"2022/23\""));
        }
        Ok(())
    }
}

/// Which way is better, as indicator tables say it: "Lower is better",
/// "Higher", "Low", "↓", "Reduce", "Increase".
pub fn better_word(word: &str) -> Option<Better> {
    let word = normalise(word);
    let word = word.trim_end_matches(['.', '!']);
    let lower = [
        "lower",
        "low",
        "lower is better",
        "low is good",
        "low is better",
        "smaller is better",
        "less is better",
        "down",
        "↓",
        "⬇",
        "▼",
        "reduce",
        "reduction",
        "decrease",
        "minimise",
        "minimize",
    ];
    let higher = [
        "higher",
        "high",
        "higher is better",
        "high is good",
        "high is better",
        "bigger is better",
        "more is better",
        "up",
        "↑",
        "⬆",
        "▲",
        "increase",
        "maximise",
        "maximize",
    ];
    if lower.contains(&word) {
        Some(Better::Lower)
    } else if higher.contains(&word) {
        Some(Better::Higher)
    } else {
        None
    }
}

/// How a year's figures combine, as a column may say it.
pub fn aggregate_word(word: &str) -> Option<Aggregate> {
    match normalise(word).as_str() {
        "sum" | "total" | "cumulative" | "count" => Some(Aggregate::Sum),
        "latest" | "snapshot" | "point in time" | "rate" | "last" => Some(Aggregate::Latest),
        "mean" | "average" => Some(Aggregate::Mean),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarity_words() {
        assert_eq!(better_word("Lower is better"), Some(Better::Lower));
        assert_eq!(better_word(" ↑ "), Some(Better::Higher));
        assert_eq!(better_word("High"), Some(Better::Higher));
        assert_eq!(better_word("sideways"), None);
    }

    #[test]
    fn headers() {
        assert_eq!(field_of("Indicator"), Some("title"));
        assert_eq!(field_of("Baseline 2022/23"), Some("baseline"));
        assert_eq!(field_of("Target 2023/24"), Some("target"));
        assert_eq!(field_of("DoT"), Some("direction"));
        assert_eq!(field_of("Q1"), None);
    }
}
