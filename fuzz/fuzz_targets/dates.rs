//! The date and period parsers on arbitrary text (dues with financial
//! years, the day words of the command line, the spellings trackers and
//! returned forms use), and period and due arithmetic on extreme dates and
//! repeat counts. Nothing may panic or loop.
#![no_main]

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use csp::calendar::DaySpec;
use csp::dates::{self, Period};
use csp::model::Manifest;
use csp::sheet::cells::{self, Cell};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    /// Days from 1 Jan of year 1, anywhere in chrono's range.
    day: i32,
    times: u32,
    extreme: u8,
}

fuzz_target!(|input: Input<'_>| {
    let start = match input.extreme % 4 {
        0 => NaiveDate::MIN,
        1 => NaiveDate::MAX,
        2 => NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX),
        _ => NaiveDate::from_num_days_from_ce_opt(input.day).unwrap_or(NaiveDate::MIN),
    };
    if let Ok(due) = dates::parse_due(input.text) {
        let _ = (due.date(), due.uk(), due.iso(), due.precision().name());
        for months in [0, 1, 3, 12, input.times] {
            let _ = due.shifted_months(months);
        }
        for period in [Period::parse_every("quarter"), Period::parse_every("year")]
            .into_iter()
            .flatten()
        {
            let _ = csp::schedule::advance_due(due, period, start);
        }
    }
    if let Ok(spec) = DaySpec::parse(input.text) {
        let _ = spec.resolve(start, start, &Manifest::default());
    }
    let cell = Cell::Text(input.text.to_string());
    let _ = cells::read_timescale(&cell);
    let _ = cells::parse_day(input.text);
    let _ = cells::read_day(&cell);
    // A measure's periods and figures: the written forms, and the figures
    // partners type into a returned form.
    if let Ok(period) = dates::ReportingPeriod::parse(input.text) {
        let _ = (period.to_string(), period.first_day(), period.last_day());
        let _ = (period.previous(), period.year_before());
    }
    for unit in [None, Some("%"), Some("£"), Some("incidents")] {
        if let Ok(value) = csp::model::measure::read_figure(input.text, unit) {
            let _ = (csp::model::measure::with_unit(value, unit), csp::model::measure::plain_number(value));
        }
    }
    if let Ok(date) = dates::parse_date(input.text) {
        let _ = dates::uk_date(date);
    }
    for period in [
        Period::parse_every(input.text),
        Period::parse_window(input.text),
    ]
    .into_iter()
    .flatten()
    {
        let _ = (period.every_text(), period.window_text(), period.months());
        for times in [0, 1, 2, input.times, u32::MAX] {
            let _ = period.add_to(start, times);
        }
    }
});
