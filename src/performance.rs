//! Whether a measure is on track: its year to date, the target that
//! applies, its RAG, its direction of travel and its missing figures.
//! These are the only definitions, beside `schedule`'s "overdue" and
//! "stale": every command that shows a measure asks here.
//!
//! - **Which figures count.** A figure for a period that has not ended by
//!   the as-of day (its last day is not before it) is left out of every
//!   rule: `validate` warns of it, `record` and `apply` refuse it.
//! - **Year to date** is the financial year of the latest figure that
//!   counts, combined by the measure's `aggregate`. A board meeting in May
//!   thus reads last year's outturn until the first quarter's figure
//!   comes, rather than a blank; the year is always named beside it.
//! - **The target that applies**: a target set for the latest figure's
//!   period wins, judged against that figure alone; else the year's
//!   target, pro rata to the periods with figures for `sum` (two quarters
//!   in: half the year's), as written for `latest` and `mean`.
//! - **RAG**: green when the figure meets the target (at or below it for
//!   `better = "lower"`, at or above for `"higher"`); amber when it misses
//!   by no more than the tolerance; red beyond; none without a target or a
//!   figure.
//! - **Direction of travel**: the latest figure against the period before
//!   and against the same period a year before; none when that figure is
//!   absent.
//! - **Missing**: a period's figure is due on the period's last day plus
//!   the measure's `lag`, and missing when that day is before the as-of day
//!   and no figure is written. Only the periods of the as-of day's
//!   financial year and the year before count, and only from where the
//!   measure's series starts: after its baseline; else from its first
//!   figure; else from the first year it has a target for.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::{FinancialYear, Period, ReportingPeriod};
use crate::model::{Aggregate, Better, Figure, Measure, Plan, Rag, TargetFor, Tolerance};

/// Which way a measure moved, judged by which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Improving,
    Worsening,
    NoChange,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::NoChange => "no-change",
        }
    }

    /// As a table or chart shows it.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Improving => "▲",
            Direction::Worsening => "▼",
            Direction::NoChange => "►",
        }
    }

    /// As a sentence says it.
    pub fn words(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::NoChange => "no change",
        }
    }
}

/// Where the target that applies comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TargetBasis {
    /// A target set for the latest figure's period, judged against it.
    Period(ReportingPeriod),
    /// The year's target, in proportion to the periods reported:
    /// `covered` of the year's `of`.
    ProRata { covered: u32, of: u32 },
    /// The year's target as written.
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AppliedTarget {
    pub value: f64,
    pub basis: TargetBasis,
}

/// A measure judged on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing<'m> {
    /// The latest figure that counts.
    pub latest: Option<&'m Figure>,
    /// The financial year the year to date is of: the latest figure's.
    pub year: Option<FinancialYear>,
    pub ytd: Option<f64>,
    /// How many periods' figures the year to date combines.
    pub ytd_periods: u32,
    /// The year's target as written, for `year`.
    pub year_target: Option<f64>,
    pub target: Option<AppliedTarget>,
    /// The figure compared with `target`: the latest figure against a
    /// period's target, else the year to date.
    pub judged: Option<f64>,
    pub rag: Option<Rag>,
    pub direction: Option<Direction>,
    pub direction_year: Option<Direction>,
    /// Figures due before the as-of day and not written, oldest first.
    pub missing: Vec<ReportingPeriod>,
}

/// Whether `period` has ended by `as_of`: only then may it have a figure.
pub fn has_ended(period: ReportingPeriod, as_of: NaiveDate) -> bool {
    period.last_day() < as_of
}

/// The day `period`'s figure is due: its last day plus `lag`.
pub fn figure_due(period: ReportingPeriod, lag: Option<Period>) -> NaiveDate {
    let end = period.last_day();
    lag.and_then(|lag| lag.add_to(end, 1)).unwrap_or(end)
}

/// `measure` in `plan` on `as_of`, with the plan's defaults for what the
/// measure does not set.
pub fn standing_in<'m>(plan: &Plan, measure: &'m Measure, as_of: NaiveDate) -> Standing<'m> {
    standing(
        measure,
        as_of,
        plan.tolerance_of(measure),
        plan.lag_of(measure),
    )
}

pub fn standing(
    measure: &Measure,
    as_of: NaiveDate,
    tolerance: Tolerance,
    lag: Option<Period>,
) -> Standing<'_> {
    let counted: Vec<&Figure> = measure
        .values
        .iter()
        .filter(|figure| has_ended(figure.period, as_of))
        .collect();
    let latest = counted.last().copied();
    let year = latest.map(|figure| figure.period.financial_year());
    let in_year: Vec<f64> = counted
        .iter()
        .filter(|figure| Some(figure.period.financial_year()) == year)
        .map(|figure| figure.value)
        .collect();
    let ytd_periods = u32::try_from(in_year.len()).unwrap_or(u32::MAX);
    let ytd = latest.and_then(|latest| combine(measure.aggregate, &in_year, latest.value));
    let year_target = year.and_then(|year| measure.target_for(TargetFor::Year(year)));

    let (target, judged) = match latest {
        None => (None, None),
        Some(latest) => match measure.target_for(TargetFor::Period(latest.period)) {
            Some(value) => (
                Some(AppliedTarget {
                    value,
                    basis: TargetBasis::Period(latest.period),
                }),
                Some(latest.value),
            ),
            None => (
                year_target.map(|value| applied_year_target(measure, value, ytd_periods)),
                ytd,
            ),
        },
    };
    let rag = match (target, judged) {
        (Some(target), Some(judged)) => Some(rag(measure.better, judged, target.value, tolerance)),
        _ => None,
    };
    let against = |other: Option<ReportingPeriod>| {
        let latest = latest?;
        let other = measure.value_for(other?)?;
        Some(direction(measure.better, latest.value, other.value))
    };
    let direction = against(latest.and_then(|figure| figure.period.previous()));
    let direction_year = against(latest.and_then(|figure| figure.period.year_before()));
    Standing {
        latest,
        year,
        ytd,
        ytd_periods,
        year_target,
        target,
        judged,
        rag,
        direction,
        direction_year,
        missing: missing(measure, as_of, lag),
    }
}

/// A measure's result for one financial year, as a year-end report gives
/// it: the year's figures that count by `as_of`, combined by `aggregate`,
/// judged by the same RAG rule against the year's target (pro rata for
/// `sum` while periods are missing), and compared with the year before
/// over the same periods, so that three quarters are never set against
/// four.
#[derive(Clone, Debug, PartialEq)]
pub struct Outturn {
    pub year: FinancialYear,
    pub value: Option<f64>,
    /// Periods with a figure, of the year's `of`.
    pub periods: u32,
    pub of: u32,
    pub year_target: Option<f64>,
    pub target: Option<AppliedTarget>,
    pub rag: Option<Rag>,
    /// Against the year before, over the periods both years have figures for.
    pub direction_year: Option<Direction>,
    /// The year's figures due before `as_of` and not written.
    pub missing: Vec<ReportingPeriod>,
}

pub fn outturn(
    measure: &Measure,
    year: FinancialYear,
    as_of: NaiveDate,
    tolerance: Tolerance,
    lag: Option<Period>,
) -> Outturn {
    let figures: Vec<&Figure> = measure
        .values
        .iter()
        .filter(|figure| figure.period.financial_year() == year && has_ended(figure.period, as_of))
        .collect();
    let values: Vec<f64> = figures.iter().map(|figure| figure.value).collect();
    let periods = u32::try_from(values.len()).unwrap_or(u32::MAX);
    let value = figures
        .last()
        .and_then(|latest| combine(measure.aggregate, &values, latest.value));
    let year_target = measure.target_for(TargetFor::Year(year));
    let target = year_target
        .filter(|_| periods > 0)
        .map(|value| applied_year_target(measure, value, periods));
    let rag = match (value, target) {
        (Some(value), Some(target)) => Some(rag(measure.better, value, target.value, tolerance)),
        _ => None,
    };
    let paired: Vec<(f64, f64)> = figures
        .iter()
        .filter_map(|figure| {
            let before = measure.value_for(figure.period.year_before()?)?;
            Some((figure.value, before.value))
        })
        .collect();
    let direction_year = paired.last().and_then(|(now_latest, before_latest)| {
        let now: Vec<f64> = paired.iter().map(|(now, _)| *now).collect();
        let before: Vec<f64> = paired.iter().map(|(_, before)| *before).collect();
        Some(direction(
            measure.better,
            combine(measure.aggregate, &now, *now_latest)?,
            combine(measure.aggregate, &before, *before_latest)?,
        ))
    });
    let starts = series_start(measure);
    let missing = ReportingPeriod::all_of(year, measure.frequency)
        .filter(|period| starts.is_some_and(|starts| period.first_day() >= starts))
        .filter(|period| figure_due(*period, lag) < as_of)
        .filter(|period| measure.value_for(*period).is_none())
        .collect();
    Outturn {
        year,
        value,
        periods,
        of: measure.frequency.periods_per_year(),
        year_target,
        target,
        rag,
        direction_year,
        missing,
    }
}

/// The target one period's figure is measured against, for a series drawn
/// period by period (a chart, a row of quarters): the period's own target,
/// else the year's shared evenly for `sum` (a quarter of it each quarter),
/// else the year's as written.
pub fn period_target(measure: &Measure, period: ReportingPeriod) -> Option<f64> {
    if let Some(value) = measure.target_for(TargetFor::Period(period)) {
        return Some(value);
    }
    let year = measure.target_for(TargetFor::Year(period.financial_year()))?;
    Some(match measure.aggregate {
        Aggregate::Sum => year / f64::from(measure.frequency.periods_per_year()),
        Aggregate::Latest | Aggregate::Mean => year,
    })
}

/// The periods a series shows, oldest first: the `count` periods up to the
/// latest that has ended by `as_of`, whether or not they have figures.
pub fn recent_periods(measure: &Measure, as_of: NaiveDate, count: usize) -> Vec<ReportingPeriod> {
    let mut periods = Vec::with_capacity(count);
    let mut period = as_of
        .pred_opt()
        .and_then(|day| ReportingPeriod::containing(day, measure.frequency));
    // The period holding the day before `as_of` has ended only if that day
    // is its last.
    if let Some(current) = period
        && !has_ended(current, as_of)
    {
        period = current.previous();
    }
    while let Some(current) = period {
        if periods.len() == count {
            break;
        }
        periods.push(current);
        period = current.previous();
    }
    periods.reverse();
    periods
}

/// A year's figures combined: `values` are the periods reported, in order.
fn combine(aggregate: Aggregate, values: &[f64], latest: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(match aggregate {
        Aggregate::Sum => values.iter().sum(),
        Aggregate::Latest => latest,
        Aggregate::Mean => values.iter().sum::<f64>() / values.len() as f64,
    })
}

fn applied_year_target(measure: &Measure, year_target: f64, covered: u32) -> AppliedTarget {
    let of = measure.frequency.periods_per_year();
    match measure.aggregate {
        Aggregate::Sum if covered < of => AppliedTarget {
            value: year_target * f64::from(covered) / f64::from(of),
            basis: TargetBasis::ProRata { covered, of },
        },
        _ => AppliedTarget {
            value: year_target,
            basis: TargetBasis::Year,
        },
    }
}

/// The one RAG rule for measures.
pub fn rag(better: Better, value: f64, target: f64, tolerance: Tolerance) -> Rag {
    let shortfall = match better {
        Better::Lower => value - target,
        Better::Higher => target - value,
    };
    // Figures are decimals: "at exactly the tolerance" must not turn red
    // because 5% of a target is not exact in binary.
    let slack = 1e-9 * target.abs().max(1.0);
    if shortfall <= slack {
        Rag::Green
    } else if shortfall <= tolerance.allowance(target) + slack {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// The one direction-of-travel rule: `now` against `before`.
pub fn direction(better: Better, now: f64, before: f64) -> Direction {
    let slack = 1e-9 * before.abs().max(1.0);
    if (now - before).abs() <= slack {
        Direction::NoChange
    } else if (now < before) == (better == Better::Lower) {
        Direction::Improving
    } else {
        Direction::Worsening
    }
}

/// The periods whose figures are due before `as_of` and not written.
pub fn missing(measure: &Measure, as_of: NaiveDate, lag: Option<Period>) -> Vec<ReportingPeriod> {
    let Some(this_year) = FinancialYear::containing(as_of) else {
        return Vec::new();
    };
    let Some(starts) = series_start(measure) else {
        return Vec::new();
    };
    let years = [this_year.previous(), Some(this_year)];
    years
        .into_iter()
        .flatten()
        .flat_map(|year| ReportingPeriod::all_of(year, measure.frequency))
        .filter(|period| period.first_day() >= starts)
        .filter(|period| figure_due(*period, lag) < as_of)
        .filter(|period| measure.value_for(*period).is_none())
        .collect()
}

/// The first day a figure is expected for: the day after the baseline
/// period; else the first figure's period; else the first year with a
/// target. `None` when the measure says none of these yet.
fn series_start(measure: &Measure) -> Option<NaiveDate> {
    if let Some(baseline) = &measure.baseline {
        return baseline.period.last_day().succ_opt();
    }
    if let Some(first) = measure.values.first() {
        return Some(first.period.first_day());
    }
    measure
        .targets
        .first()
        .map(|target| match target.applies_to {
            TargetFor::Year(year) => year.first_day(),
            TargetFor::Period(period) => period.first_day(),
        })
}

#[cfg(test)]
// Figures here are small whole numbers and halves: exact in binary.
#[allow(clippy::float_cmp)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::load::parse_measure;

    fn measure(text: &str) -> Measure {
        let file = parse_measure(&Arc::from(text), Path::new("measures/m.toml"), "m");
        assert!(file.is_clean(), "{:?}", file.diagnostics);
        file.measure.unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn quarterly(better: &str, aggregate: &str, extra: &str) -> Measure {
        measure(&format!(
            "title = \"t\"\nlead = [\"police\"]\nbetter = \"{better}\"\nfrequency = \"quarter\"\naggregate = \"{aggregate}\"\n{extra}"
        ))
    }

    #[test]
    fn sum_year_to_date_is_judged_against_the_pro_rata_target() {
        let m = quarterly(
            "lower",
            "sum",
            "[target]\n\"2023/24\" = 1600\n[values]\n\"Q1 2023/24\" = 431\n\"Q2 2023/24\" = 398\n",
        );
        let s = standing(&m, day("2023-11-01"), Tolerance::DEFAULT, None);
        assert_eq!(s.ytd, Some(829.0));
        assert_eq!(s.ytd_periods, 2);
        assert_eq!(s.target.unwrap().value, 800.0);
        assert_eq!(
            s.target.unwrap().basis,
            TargetBasis::ProRata { covered: 2, of: 4 }
        );
        // 829 misses 800 by 29, within 5% of 800 (40): amber.
        assert_eq!(s.rag, Some(Rag::Amber));
        assert_eq!(s.direction, Some(Direction::Improving));
        assert_eq!(s.direction_year, None);
    }

    #[test]
    fn amber_at_exactly_the_tolerance_and_red_just_beyond() {
        let tolerance = Tolerance::Percent(5.0);
        assert_eq!(rag(Better::Lower, 400.0, 400.0, tolerance), Rag::Green);
        assert_eq!(rag(Better::Lower, 420.0, 400.0, tolerance), Rag::Amber);
        assert_eq!(rag(Better::Lower, 420.01, 400.0, tolerance), Rag::Red);
        assert_eq!(rag(Better::Higher, 380.0, 400.0, tolerance), Rag::Amber);
        assert_eq!(rag(Better::Higher, 379.99, 400.0, tolerance), Rag::Red);
        assert_eq!(rag(Better::Higher, 401.0, 400.0, tolerance), Rag::Green);
        // 5% of 0.7 is not exact in binary; 0.735 is still amber.
        assert_eq!(rag(Better::Lower, 0.735, 0.7, tolerance), Rag::Amber);
        assert_eq!(
            rag(Better::Lower, 403.0, 400.0, Tolerance::Absolute(3.0)),
            Rag::Amber
        );
        assert_eq!(
            rag(Better::Lower, 403.5, 400.0, Tolerance::Absolute(3.0)),
            Rag::Red
        );
    }

    #[test]
    fn a_period_target_wins_and_judges_that_period_alone() {
        let m = quarterly(
            "lower",
            "sum",
            "[target]\n\"2023/24\" = 1600\n\"Q2 2023/24\" = 380\n[values]\n\"Q1 2023/24\" = 431\n\"Q2 2023/24\" = 398\n",
        );
        let s = standing(&m, day("2023-11-01"), Tolerance::DEFAULT, None);
        assert_eq!(
            s.target.unwrap().basis,
            TargetBasis::Period(m.values[1].period)
        );
        assert_eq!(s.judged, Some(398.0));
        assert_eq!(s.rag, Some(Rag::Amber));
    }

    #[test]
    fn latest_and_mean_use_the_year_target_as_written() {
        let extra =
            "[target]\n\"2023/24\" = 50\n[values]\n\"Q1 2023/24\" = 40\n\"Q2 2023/24\" = 60\n";
        let by_latest = quarterly("higher", "latest", extra);
        let latest = standing(&by_latest, day("2023-11-01"), Tolerance::DEFAULT, None);
        assert_eq!(
            (latest.ytd, latest.target.unwrap().value, latest.rag),
            (Some(60.0), 50.0, Some(Rag::Green))
        );
        let by_mean = quarterly("higher", "mean", extra);
        let mean = standing(&by_mean, day("2023-11-01"), Tolerance::DEFAULT, None);
        assert_eq!(
            (mean.ytd, mean.target.unwrap().basis, mean.rag),
            (Some(50.0), TargetBasis::Year, Some(Rag::Green))
        );
    }

    #[test]
    fn direction_needs_the_other_figure() {
        let m = quarterly(
            "higher",
            "sum",
            "[values]\n\"Q1 2022/23\" = 10\n\"Q3 2022/23\" = 10\n\"Q1 2023/24\" = 12\n",
        );
        let s = standing(&m, day("2023-08-01"), Tolerance::DEFAULT, None);
        // Q4 2022/23 is absent: no direction against the period before.
        assert_eq!(s.direction, None);
        assert_eq!(s.direction_year, Some(Direction::Improving));
        assert_eq!(s.rag, None);
        assert_eq!(direction(Better::Lower, 5.0, 5.0), Direction::NoChange);
        assert_eq!(direction(Better::Lower, 4.0, 5.0), Direction::Improving);
    }

    #[test]
    fn figures_for_unfinished_periods_do_not_count() {
        let m = quarterly(
            "lower",
            "sum",
            "[values]\n\"Q1 2023/24\" = 431\n\"Q2 2023/24\" = 398\n",
        );
        // Q2 ends on 30 Sep: on that day it has not ended.
        let s = standing(&m, day("2023-09-30"), Tolerance::DEFAULT, None);
        assert_eq!(s.latest.unwrap().value, 431.0);
        assert!(has_ended(m.values[1].period, day("2023-10-01")));
    }

    #[test]
    fn missing_from_period_end_plus_lag() {
        let m = quarterly(
            "lower",
            "sum",
            "lag = \"6w\"\nbaseline = { period = \"2022/23\", value = 1710 }\n[values]\n\"Q1 2023/24\" = 431\n",
        );
        let lag = m.lag;
        // Q2 ends 30 Sep; + 6 weeks = 11 Nov. Due that day, missing after.
        assert!(missing(&m, day("2023-11-11"), lag).is_empty());
        assert_eq!(
            missing(&m, day("2023-11-12"), lag)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["Q2 2023/24"]
        );
        // Only this financial year and the last count, after the baseline.
        let later = missing(&m, day("2025-06-01"), lag);
        assert_eq!(
            later.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Q4 2024/25"]
        );
    }

    #[test]
    fn a_series_ends_at_the_latest_ended_period() {
        let m = quarterly(
            "lower",
            "sum",
            "[target]\n\"2023/24\" = 1600\n\"Q3 2023/24\" = 350\n",
        );
        let shown = |as_of| {
            recent_periods(&m, day(as_of), 4)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            shown("2024-01-01"),
            ["Q4 2022/23", "Q1 2023/24", "Q2 2023/24", "Q3 2023/24"]
        );
        assert_eq!(
            shown("2023-12-31"),
            ["Q3 2022/23", "Q4 2022/23", "Q1 2023/24", "Q2 2023/24"]
        );
        let q = |text| ReportingPeriod::parse(text).unwrap();
        assert_eq!(period_target(&m, q("Q2 2023/24")), Some(400.0));
        assert_eq!(period_target(&m, q("Q3 2023/24")), Some(350.0));
        assert_eq!(period_target(&m, q("Q1 2024/25")), None);
    }

    #[test]
    fn a_year_outturn_compares_like_with_like() {
        let m = quarterly(
            "lower",
            "sum",
            "[target]\n\"2023/24\" = 1600\n[values]\n\"Q1 2022/23\" = 500\n\"Q2 2022/23\" = 450\n\"Q3 2022/23\" = 400\n\"Q4 2022/23\" = 420\n\"Q1 2023/24\" = 431\n\"Q2 2023/24\" = 398\n\"Q3 2023/24\" = 380\n",
        );
        let year = FinancialYear::starting(2023).unwrap();
        let out = outturn(&m, year, day("2024-05-20"), Tolerance::DEFAULT, None);
        assert_eq!((out.value, out.periods, out.of), (Some(1209.0), 3, 4));
        // Three quarters against three-quarters of 1600.
        assert_eq!(out.target.unwrap().value, 1200.0);
        assert_eq!(out.rag, Some(Rag::Amber));
        // 1209 against last year's first three quarters (1350), not all four.
        assert_eq!(out.direction_year, Some(Direction::Improving));
        assert_eq!(
            out.missing
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["Q4 2023/24"]
        );
        let none = outturn(
            &m,
            FinancialYear::starting(2024).unwrap(),
            day("2024-05-20"),
            Tolerance::DEFAULT,
            None,
        );
        assert_eq!((none.value, none.rag, none.target), (None, None, None));
    }

    #[test]
    fn a_measure_with_nothing_to_start_from_misses_nothing() {
        let m = quarterly("lower", "sum", "");
        assert!(missing(&m, day("2024-06-01"), None).is_empty());
    }
}
