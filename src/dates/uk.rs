//! Dates as UK officers read them: "30 Sep 2023", "Sep 2023".

use chrono::{Datelike, NaiveDate};

/// "30 Sep 2023".
pub fn uk_date(date: NaiveDate) -> String {
    // Written out rather than through chrono's `format`, which parses its
    // pattern on every call: a pack or table of a large plan shows a date
    // on every row. Beyond four-digit years chrono's rules (a sign) apply.
    if (0..=9999).contains(&date.year()) {
        format!(
            "{} {} {:04}",
            date.day(),
            month_abbreviation(date),
            date.year()
        )
    } else {
        date.format("%-d %b %Y").to_string()
    }
}

/// "Sep 2023", for a due written as a month.
pub(super) fn uk_month(first_day: NaiveDate) -> String {
    if (0..=9999).contains(&first_day.year()) {
        format!("{} {:04}", month_abbreviation(first_day), first_day.year())
    } else {
        first_day.format("%b %Y").to_string()
    }
}

/// "Sep": the first three letters of the month's name, capitalised, as
/// chrono's `%b` writes them.
fn month_abbreviation(date: NaiveDate) -> &'static str {
    const ABBREVIATIONS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    ABBREVIATIONS[date.month0() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dates_are_what_chronos_pattern_writes() {
        let days = [
            (2023, 9, 30),
            (2024, 1, 1),
            (2024, 2, 29),
            (2024, 12, 31),
            (1, 5, 6),
            (999, 7, 8),
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 4),
            (262_000, 6, 15),
        ];
        for (year, month, day) in days {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                panic!("{year}-{month}-{day} is a day");
            };
            assert_eq!(uk_date(date), date.format("%-d %b %Y").to_string());
            // What the CSV export writes for a date, relied on there.
            assert_eq!(date.to_string(), date.format("%Y-%m-%d").to_string());
            let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(date);
            assert_eq!(uk_month(first), first.format("%b %Y").to_string());
        }
        for month in 1..=12 {
            let first = NaiveDate::from_ymd_opt(2024, month, 1).unwrap_or_default();
            assert_eq!(uk_date(first), first.format("%-d %b %Y").to_string());
        }
    }
}
