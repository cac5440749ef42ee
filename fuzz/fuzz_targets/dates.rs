//! The date and period parsers on arbitrary text, and period arithmetic on
//! extreme dates and repeat counts. Nothing may panic or loop.
#![no_main]

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use csp::dates::{self, Period};
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
        let _ = (due.date(), due.uk(), due.iso());
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
