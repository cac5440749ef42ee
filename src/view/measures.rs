//! The screens of the measure commands: `csp measures` (one row per
//! measure) and `csp show MEASURE` (one measure in full: its fields, its
//! series period by period, and where it stands). Both are made from
//! [`MeasureRow`] and [`series`], so every format reads the same figures.

use chrono::NaiveDate;
use serde::Serialize;

use super::measure::{MeasureRow, SeriesPoint, series};
use crate::dates::{FinancialYear, ReportingPeriod, uk_date};
use crate::model::measure::with_unit;
use crate::model::{Marking, Measure, Plan, Tolerance};
use crate::performance::{self, has_ended};

/// What `csp measures` chose, beyond its rows: to say why a listing is empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeasureSelection {
    /// Whether a filter narrowed the measures.
    pub filtered: bool,
    /// How many measures the plan has.
    pub in_plan: usize,
}

/// `csp measures`: one row per measure chosen, in id order.
#[derive(Clone, Debug)]
pub struct MeasureListing {
    pub as_of: NaiveDate,
    pub rows: Vec<MeasureRow>,
    /// OFFICIAL-SENSITIVE when a sensitive measure is shown.
    pub marking: Marking,
    pub selection: MeasureSelection,
}

impl MeasureListing {
    /// The one line above a table: how many, as of when, and the marking.
    pub fn caption(&self) -> String {
        let count = crate::plural::count(self.rows.len(), "measure");
        let marking = if self.marking.is_sensitive() {
            format!(" [{}]", self.marking.label())
        } else {
            String::new()
        };
        format!("{count} as of {}{marking}", uk_date(self.as_of))
    }

    /// What an empty listing says, in one line.
    pub fn empty_message(&self) -> String {
        if self.selection.in_plan == 0 {
            format!(
                "the plan has no measures yet: add one file per measure under `{}/` (docs/measures.md)",
                crate::model::MEASURES_DIR
            )
        } else if self.selection.filtered {
            format!("no measure matches as of {}", uk_date(self.as_of))
        } else {
            format!("no measure to show as of {}", uk_date(self.as_of))
        }
    }
}

/// An action a measure names as working towards it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkedAction {
    pub id: String,
    /// `None` when no clean action of the plan has that id.
    pub title: Option<String>,
}

/// A measure's baseline, as shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaselineShown {
    pub period: String,
    pub value: f64,
}

/// A figure written for a period that had not ended by the as-of day:
/// shown, but counted by no rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotCounted {
    pub period: ReportingPeriod,
    pub value: f64,
}

/// A missing figure, with the day it was due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingFigure {
    pub period: ReportingPeriod,
    pub due: NaiveDate,
}

/// `csp show MEASURE`: one measure in full. Its JSON is the row's fields
/// and these beside them.
#[derive(Clone, Debug, Serialize)]
pub struct MeasureDetail {
    #[serde(flatten)]
    pub row: MeasureRow,
    pub as_of: NaiveDate,
    pub description: Option<String>,
    /// The leads' names, as csp.toml gives them (the key where it has none).
    pub lead_names: Vec<String>,
    /// How long after a period ends its figure is due: "6 weeks".
    pub lag: Option<String>,
    pub source: Option<String>,
    pub baseline: Option<BaselineShown>,
    /// The tolerance it is judged with, in words: "5% of the target",
    /// "2 percentage points", "20 incidents".
    pub tolerance: String,
    /// The priorities it serves, with their text: "1: Reduce ASB".
    pub priorities: Vec<String>,
    pub actions: Vec<LinkedAction>,
    /// Linked OFFICIAL-SENSITIVE actions the disclosure rule left out.
    pub actions_withheld: usize,
    /// The periods of the as-of day's financial year and the year before,
    /// up to the latest ended, oldest first, from the first with a figure
    /// or a target.
    pub series: Vec<SeriesPoint>,
    pub missing_due: Vec<MissingFigure>,
    pub not_counted: Vec<NotCounted>,
    /// The period before the latest and the same period a year before:
    /// what `direction` and `direction_year` compare with.
    #[serde(skip)]
    pub compared: [Option<ReportingPeriod>; 2],
}

impl MeasureDetail {
    /// `measure` as of `as_of`; linked sensitive actions are named only
    /// with `include_sensitive`.
    pub fn new(plan: &Plan, measure: &Measure, as_of: NaiveDate, include_sensitive: bool) -> Self {
        let row = MeasureRow::new(plan, measure, as_of);
        let lag = plan.lag_of(measure);
        let periods_shown = 2 * measure.frequency.periods_per_year() as usize;
        let first_year = FinancialYear::containing(as_of).and_then(FinancialYear::previous);
        let mut points = series(measure, as_of, periods_shown);
        points.retain(|point| Some(point.period.financial_year()) >= first_year);
        // From the first period with a figure or a target: the periods
        // before a series starts say nothing.
        let start = points
            .iter()
            .position(|point| point.value.is_some() || point.target.is_some())
            .unwrap_or(points.len());
        points.drain(..start);
        let mut actions_withheld = 0;
        let actions = measure
            .actions
            .iter()
            .filter_map(|id| {
                let action = plan.actions.iter().find(|action| action.id.as_str() == id);
                if action.is_some_and(|action| plan.is_sensitive(action)) && !include_sensitive {
                    actions_withheld += 1;
                    return None;
                }
                Some(LinkedAction {
                    id: id.clone(),
                    title: action.map(|action| action.title.to_string()),
                })
            })
            .collect();
        let latest = performance::standing_in(plan, measure, as_of)
            .latest
            .map(|figure| figure.period);
        Self {
            as_of,
            description: measure.description.clone(),
            lead_names: measure
                .lead
                .iter()
                .map(|key| {
                    plan.manifest
                        .lead(key)
                        .map_or_else(|| key.to_string(), |lead| lead.name.clone())
                })
                .collect(),
            lag: lag.map(|lag| {
                let unit = lag.unit().name();
                match lag.count() {
                    1 => format!("1 {unit}"),
                    n => format!("{n} {unit}s"),
                }
            }),
            source: measure.source.clone(),
            baseline: measure.baseline.as_ref().map(|baseline| BaselineShown {
                period: baseline.period.to_string(),
                value: baseline.value,
            }),
            tolerance: tolerance_words(plan.tolerance_of(measure), measure.unit.as_deref()),
            priorities: measure
                .priority
                .iter()
                .map(|key| match plan.manifest.priority(*key) {
                    Some(priority) => format!("{key}: {}", priority.text),
                    None => key.to_string(),
                })
                .collect(),
            actions,
            actions_withheld,
            series: points,
            missing_due: performance::missing(measure, as_of, lag)
                .into_iter()
                .map(|period| MissingFigure {
                    period,
                    due: performance::figure_due(period, lag),
                })
                .collect(),
            not_counted: measure
                .values
                .iter()
                .filter(|figure| !has_ended(figure.period, as_of))
                .map(|figure| NotCounted {
                    period: figure.period,
                    value: figure.value,
                })
                .collect(),
            compared: [
                latest.and_then(ReportingPeriod::previous),
                latest.and_then(ReportingPeriod::year_before),
            ],
            row,
        }
    }
}

/// A tolerance as a sentence reads it: a share of the target, or an
/// amount in the measure's unit (points, for a percentage).
fn tolerance_words(tolerance: Tolerance, unit: Option<&str>) -> String {
    match (tolerance, unit) {
        (Tolerance::Percent(_), _) => format!("{tolerance} of the target"),
        (Tolerance::Absolute(amount), Some("%")) => {
            let number = crate::model::measure::format_number(amount);
            let points = if number == "1" { "point" } else { "points" };
            format!("{number} percentage {points}")
        }
        (Tolerance::Absolute(amount), unit) => with_unit(amount, unit),
    }
}
