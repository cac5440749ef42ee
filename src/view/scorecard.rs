//! The measures of an output the board reads (the pack's Measures section,
//! the workbook's Measures sheet): each measure's row from
//! [`MeasureRow`], its recent periods and what each holds, grouped by
//! priority, and the counts an at-a-glance box shows. Made once from the
//! disclosed measures, so that the counts are the rows'.

use chrono::NaiveDate;

use super::measure::{MeasureRow, SeriesPoint, series};
use crate::dates::{FinancialYear, Frequency, ReportingPeriod};
use crate::model::{Measure, Plan, Rag};
use crate::performance;

/// How many recent periods the pack shows of each measure.
pub const PACK_PERIODS: usize = 4;

/// What one period of a measure holds on the as-of day.
#[derive(Clone, Debug, PartialEq)]
pub enum PeriodFigure<'m> {
    /// A figure, with its note.
    Value(f64, Option<&'m str>),
    /// Due before the as-of day and not written (`performance::missing`).
    NotReceived,
    /// Ended, but its figure is not due until this day.
    NotYetDue(NaiveDate),
    /// Nothing is expected: before the measure's series starts, or too long
    /// ago to be chased.
    Blank,
}

/// One measure as the board sees it.
#[derive(Debug)]
pub struct Scored<'p> {
    pub measure: &'p Measure,
    pub row: MeasureRow,
    /// The lead bodies by name, joined.
    pub lead_names: String,
    /// The last [`PACK_PERIODS`] periods ended by the as-of day, with targets.
    pub series: Vec<SeriesPoint>,
    missing: Vec<ReportingPeriod>,
    lag: Option<crate::dates::Period>,
    as_of: NaiveDate,
}

impl<'p> Scored<'p> {
    /// What `period` holds: a figure only if the period has ended by the
    /// as-of day, as every rule counts it.
    pub fn figure(&self, period: ReportingPeriod) -> PeriodFigure<'p> {
        let measure: &'p Measure = self.measure;
        if let Some(figure) = measure
            .value_for(period)
            .filter(|_| performance::has_ended(period, self.as_of))
        {
            return PeriodFigure::Value(figure.value, figure.note.as_deref());
        }
        if self.missing.contains(&period) {
            return PeriodFigure::NotReceived;
        }
        let due = performance::figure_due(period, self.lag);
        if performance::has_ended(period, self.as_of) && due >= self.as_of {
            return PeriodFigure::NotYetDue(due);
        }
        PeriodFigure::Blank
    }

    /// A value for a narrow cell or a chart: the number, with `%` and `£`
    /// placed as people write them; any other unit is said once, by
    /// [`Scored::unit_word`].
    pub fn short(&self, value: f64) -> String {
        match self.unit_word() {
            Some(_) => crate::model::measure::format_number(value),
            None => self.measure.show(value),
        }
    }

    /// The unit a narrow cell leaves out: "incidents"; none for `%`, `£`
    /// or no unit.
    pub fn unit_word(&self) -> Option<&'p str> {
        let measure: &'p Measure = self.measure;
        measure
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|unit| !unit.is_empty() && *unit != "%" && *unit != "£")
    }

    /// "incidents; lower is better": how to read the measure's figures.
    pub fn reading(&self) -> String {
        let better = format!("{} is better", self.measure.better.name());
        match self.unit_word() {
            Some(unit) => format!("{unit}; {better}"),
            None => better,
        }
    }

    /// "1,710 incidents (2022/23)", or none.
    pub fn baseline_text(&self) -> Option<String> {
        self.measure.baseline.as_ref().map(|baseline| {
            format!(
                "{} ({})",
                self.measure.show(baseline.value),
                baseline.period
            )
        })
    }

    /// "829 incidents (2023/24)": the year to date, with its year.
    pub fn ytd_text(&self) -> Option<String> {
        let ytd = self.row.ytd?;
        Some(match &self.row.year {
            Some(year) => format!("{} ({year})", self.measure.show(ytd)),
            None => self.measure.show(ytd),
        })
    }

    /// "800 incidents (2 of 4 quarters of 2023/24)": the target that
    /// applies, and where it comes from.
    pub fn target_text(&self) -> Option<String> {
        let target = self.row.target?;
        Some(match &self.row.target_basis {
            Some(basis) if !basis.is_empty() => format!("{} ({basis})", self.measure.show(target)),
            _ => self.measure.show(target),
        })
    }

    /// "▲ improving": against the period before.
    pub fn direction_text(&self) -> Option<String> {
        self.row
            .direction
            .map(|direction| format!("{} {}", direction.arrow(), direction.words()))
    }

    /// A period's cell: "431 incidents", "398 incidents (provisional)",
    /// "not received", "due 29 Feb 2024", or none.
    pub fn figure_text(&self, period: ReportingPeriod) -> Option<String> {
        match self.figure(period) {
            PeriodFigure::Value(value, None) => Some(self.measure.show(value)),
            PeriodFigure::Value(value, Some(note)) => {
                Some(format!("{} ({note})", self.measure.show(value)))
            }
            PeriodFigure::NotReceived => Some("not received".into()),
            PeriodFigure::NotYetDue(day) => Some(format!("due {}", crate::dates::uk_date(day))),
            PeriodFigure::Blank => None,
        }
    }

    /// "Q3 2023/24 not received", one per missing figure.
    pub fn missing_text(&self) -> Vec<String> {
        self.row
            .missing
            .iter()
            .map(|period| format!("{period} not received"))
            .collect()
    }
}

/// The measures of one frequency within a priority: one table, whose
/// columns are the same recent periods for every row.
#[derive(Debug)]
pub struct FrequencyTable {
    pub frequency: Frequency,
    pub periods: Vec<ReportingPeriod>,
    /// Indices into [`Scorecard::measures`], in plan order.
    pub rows: Vec<usize>,
}

/// The measures under one priority (or none).
#[derive(Debug)]
pub struct ScorecardGroup {
    /// None for "Other measures".
    pub priority: Option<u32>,
    /// "Priority 1: Reduce anti-social behaviour", or "Other measures".
    pub title: String,
    /// One table per frequency present, months first.
    pub tables: Vec<FrequencyTable>,
}

/// What the at-a-glance box says of the measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScorecardCounts {
    pub measures: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub not_rated: usize,
    /// Figures due and not received, across every measure.
    pub missing: usize,
}

impl ScorecardCounts {
    /// "4 measures: 1 red, 1 amber, 1 green, 1 not rated; 1 figure missing."
    pub fn sentence(&self) -> String {
        format!(
            "{}: {} red, {} amber, {} green, {} not rated; {} missing.",
            crate::plural::count(self.measures, "measure"),
            self.red,
            self.amber,
            self.green,
            self.not_rated,
            crate::plural::count(self.missing, "figure"),
        )
    }
}

/// The disclosed measures on the as-of day.
#[derive(Debug)]
pub struct Scorecard<'p> {
    pub as_of: NaiveDate,
    /// In the order given (plan order).
    pub measures: Vec<Scored<'p>>,
    pub groups: Vec<ScorecardGroup>,
    pub counts: ScorecardCounts,
}

impl<'p> Scorecard<'p> {
    /// `measures` (already through the disclosure rule) judged on `as_of`;
    /// none when there are none, so that an output without measures shows
    /// no trace of them.
    pub fn new(plan: &'p Plan, measures: &[&'p Measure], as_of: NaiveDate) -> Option<Self> {
        if measures.is_empty() {
            return None;
        }
        let scored: Vec<Scored<'p>> = measures
            .iter()
            .map(|measure| {
                let lag = plan.lag_of(measure);
                Scored {
                    measure,
                    row: MeasureRow::new(plan, measure, as_of),
                    lead_names: measure
                        .lead
                        .iter()
                        .map(|key| plan.manifest.lead(key).map_or(&**key, |l| l.name.as_str()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    series: series(measure, as_of, PACK_PERIODS),
                    missing: performance::missing(measure, as_of, lag),
                    lag,
                    as_of,
                }
            })
            .collect();
        let mut counts = ScorecardCounts {
            measures: scored.len(),
            ..ScorecardCounts::default()
        };
        for one in &scored {
            match one.row.rag {
                Some(Rag::Red) => counts.red += 1,
                Some(Rag::Amber) => counts.amber += 1,
                Some(Rag::Green) => counts.green += 1,
                None => counts.not_rated += 1,
            }
            counts.missing += one.row.missing.len();
        }
        // A measure under several priorities is listed under its first;
        // priorities in the manifest's order, then any it does not list.
        let first = |one: &Scored<'_>| one.measure.priority.first().copied();
        let mut keys: Vec<Option<u32>> = Vec::new();
        for priority in &plan.manifest.priorities {
            if scored.iter().any(|one| first(one) == Some(priority.key)) {
                keys.push(Some(priority.key));
            }
        }
        let mut others: Vec<u32> = scored
            .iter()
            .filter_map(first)
            .filter(|key| !keys.contains(&Some(*key)))
            .collect();
        others.sort_unstable();
        others.dedup();
        keys.extend(others.into_iter().map(Some));
        if scored.iter().any(|one| first(one).is_none()) {
            keys.push(None);
        }
        let groups = keys
            .into_iter()
            .map(|key| {
                let title = match key {
                    None => "Other measures".to_string(),
                    Some(key) => match plan.manifest.priorities.iter().find(|p| p.key == key) {
                        Some(priority) => format!("Priority {key}: {}", priority.text),
                        None => format!("Priority {key}"),
                    },
                };
                let mut tables: Vec<FrequencyTable> = Vec::new();
                for frequency in Frequency::ALL {
                    let rows: Vec<usize> = (0..scored.len())
                        .filter(|&at| {
                            first(&scored[at]) == key && scored[at].measure.frequency == frequency
                        })
                        .collect();
                    if let Some(&at) = rows.first() {
                        tables.push(FrequencyTable {
                            frequency,
                            periods: scored[at].series.iter().map(|point| point.period).collect(),
                            rows,
                        });
                    }
                }
                ScorecardGroup {
                    priority: key,
                    title,
                    tables,
                }
            })
            .collect();
        Some(Self {
            as_of,
            measures: scored,
            groups,
            counts,
        })
    }

    /// Every figure that counts on the as-of day (its period has ended),
    /// measure by measure in order, each in period order: the long form.
    pub fn figures(&self) -> impl Iterator<Item = (&'p Measure, &'p crate::model::Figure)> + '_ {
        let as_of = self.as_of;
        self.measures.iter().flat_map(move |one| {
            let measure: &'p Measure = one.measure;
            measure
                .values
                .iter()
                .filter(move |figure| performance::has_ended(figure.period, as_of))
                .map(move |figure| (measure, figure))
        })
    }

    /// The periods the workbook shows as columns: those of the as-of day's
    /// financial year and the year before, of every frequency the measures
    /// report in, in time order: by the day each ends, a month before the
    /// quarter and the year it closes ("Jun 2023", "Q1 2023/24").
    pub fn year_columns(&self) -> Vec<ReportingPeriod> {
        let Some(this_year) = FinancialYear::containing(self.as_of) else {
            return Vec::new();
        };
        let years: Vec<FinancialYear> = this_year
            .previous()
            .into_iter()
            .chain([this_year])
            .collect();
        let mut periods: Vec<ReportingPeriod> = Frequency::ALL
            .into_iter()
            .filter(|frequency| {
                self.measures
                    .iter()
                    .any(|one| one.measure.frequency == *frequency)
            })
            .flat_map(|frequency| {
                years
                    .iter()
                    .flat_map(move |year| ReportingPeriod::all_of(*year, frequency))
            })
            .collect();
        periods.sort_by_key(|period| (period.last_day(), period.frequency()));
        periods
    }
}

/// A period's label split for a narrow column or a chart's axis: "Q3" over
/// "2023/24", "Oct" over "2023"; a year stays whole.
pub fn period_lines(period: ReportingPeriod) -> (String, String) {
    let text = period.to_string();
    match text.split_once(' ') {
        Some((first, second)) => (first.to_string(), second.to_string()),
        None => (text, String::new()),
    }
}

/// A frequency table's heading: "Quarterly measures".
pub fn frequency_heading(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Month => "Monthly measures",
        Frequency::Quarter => "Quarterly measures",
        Frequency::Year => "Yearly measures",
    }
}
