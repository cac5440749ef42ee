//! One measure as every format shows it (`csp measures`, the pack, the
//! workbook, forms): made once from the rules in `crate::performance`, so
//! that a RAG or a year to date reads the same everywhere.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::ReportingPeriod;
use crate::model::{Measure, Plan, Rag};
use crate::performance::{self, Direction, TargetBasis};

/// A measure's standing on the as-of day, as outputs show it. The JSON
/// form is `csp measures --format json`'s contract: fields are added, never
/// renamed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureRow {
    pub id: String,
    pub title: String,
    /// Lead keys, as the file writes them.
    pub lead: Vec<String>,
    pub unit: Option<String>,
    pub better: &'static str,
    pub frequency: &'static str,
    pub aggregate: &'static str,
    pub priority: Vec<u32>,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    pub latest_note: Option<String>,
    /// The financial year `ytd` is of: the latest figure's.
    pub year: Option<String>,
    pub ytd: Option<f64>,
    /// How many periods' figures `ytd` combines.
    pub ytd_periods: u32,
    /// The target that applies (a period's, or the year's pro rata).
    pub target: Option<f64>,
    /// Where `target` comes from, in words: "Q3 2023/24", "2 of 4
    /// quarters of 2023/24", "2023/24".
    pub target_basis: Option<String>,
    /// The year's target as written.
    pub year_target: Option<f64>,
    pub rag: Option<Rag>,
    pub direction: Option<Direction>,
    pub direction_year: Option<Direction>,
    /// Figures due and not in, as periods are written: "Q3 2023/24".
    pub missing: Vec<String>,
    /// Set only on an OFFICIAL-SENSITIVE measure shown with
    /// `--include-sensitive`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marking: Option<&'static str>,
}

impl MeasureRow {
    pub fn new(plan: &Plan, measure: &Measure, as_of: NaiveDate) -> Self {
        let standing = performance::standing_in(plan, measure, as_of);
        let latest = standing.latest;
        let marking = plan.measure_marking(measure);
        Self {
            id: measure.id.to_string(),
            title: measure.title.clone(),
            lead: measure.lead.iter().map(ToString::to_string).collect(),
            unit: measure.unit.clone(),
            better: measure.better.name(),
            frequency: measure.frequency.name(),
            aggregate: measure.aggregate.name(),
            priority: measure.priority.clone(),
            latest_period: latest.map(|figure| figure.period.to_string()),
            latest_value: latest.map(|figure| figure.value),
            latest_note: latest.and_then(|figure| figure.note.clone()),
            year: standing.year.map(|year| year.to_string()),
            ytd: standing.ytd,
            ytd_periods: standing.ytd_periods,
            target: standing.target.map(|target| target.value),
            target_basis: standing.target.map(|target| match target.basis {
                TargetBasis::Period(period) => period.to_string(),
                TargetBasis::ProRata { covered, of } => format!(
                    "{covered} of {of} {}s of {}",
                    measure.frequency.name(),
                    standing
                        .year
                        .map(|year| year.to_string())
                        .unwrap_or_default()
                ),
                TargetBasis::Year => standing
                    .year
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
            }),
            year_target: standing.year_target,
            rag: standing.rag,
            direction: standing.direction,
            direction_year: standing.direction_year,
            missing: standing.missing.iter().map(ToString::to_string).collect(),
            marking: marking.is_sensitive().then(|| marking.label()),
        }
    }
}

/// One period of a measure's series, for a chart or a row of periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub period: ReportingPeriod,
    pub value: Option<f64>,
    pub note: Option<String>,
    /// The target this period's figure is measured against
    /// ([`performance::period_target`]).
    pub target: Option<f64>,
}

/// The last `count` periods of `measure` up to the latest ended by `as_of`,
/// oldest first, with their figures and targets.
pub fn series(measure: &Measure, as_of: NaiveDate, count: usize) -> Vec<SeriesPoint> {
    performance::recent_periods(measure, as_of, count)
        .into_iter()
        .map(|period| {
            let figure = measure.value_for(period);
            SeriesPoint {
                period,
                value: figure.map(|figure| figure.value),
                note: figure.and_then(|figure| figure.note.clone()),
                target: performance::period_target(measure, period),
            }
        })
        .collect()
}
