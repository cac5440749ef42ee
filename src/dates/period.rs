//! A length of time: a recurrence (`every = "6 months"`) or a look-ahead
//! window (`--within 2w`), and the date arithmetic they do.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::DateError;

/// The longest recurrence or window `csp` accepts. Longer periods are almost
/// certainly typing mistakes, and bounding them keeps date arithmetic far
/// away from chrono's limits.
pub const MAX_PERIOD_YEARS: u32 = 100;

/// A unit of recurrence or look-ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
        }
    }

    fn letter(self) -> char {
        match self {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
            Unit::Quarter => 'q',
            Unit::Year => 'y',
        }
    }

    /// The most of this unit that still fits in [`MAX_PERIOD_YEARS`].
    fn max_count(self) -> u32 {
        match self {
            Unit::Day => MAX_PERIOD_YEARS * 366,
            Unit::Week => MAX_PERIOD_YEARS * 53,
            Unit::Month => MAX_PERIOD_YEARS * 12,
            Unit::Quarter => MAX_PERIOD_YEARS * 4,
            Unit::Year => MAX_PERIOD_YEARS,
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        let singular = word.strip_suffix('s').unwrap_or(word);
        Some(match singular {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            _ => return None,
        })
    }

    fn from_letter(letter: &str) -> Option<Self> {
        Some(match letter {
            "d" => Unit::Day,
            "w" => Unit::Week,
            "m" => Unit::Month,
            "q" => Unit::Quarter,
            "y" => Unit::Year,
            _ => return None,
        })
    }

    fn from_adverb(word: &str) -> Option<Self> {
        Some(match word {
            "daily" => Unit::Day,
            "weekly" => Unit::Week,
            "monthly" => Unit::Month,
            "quarterly" => Unit::Quarter,
            "yearly" | "annually" | "annual" => Unit::Year,
            _ => return None,
        })
    }
}

/// A length of time: a recurrence (`every = "6 months"`) or a look-ahead
/// window (`--within 2w`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    count: u32,
    unit: Unit,
}

impl Period {
    /// Thirty days: the look-ahead of `csp upcoming` and of "due soon" when
    /// the manifest sets no `[plan] upcoming`.
    pub const THREE_MONTHS: Period = Period {
        count: 3,
        unit: Unit::Month,
    };

    pub const THIRTY_DAYS: Period = Period {
        count: 30,
        unit: Unit::Day,
    };

    pub fn new(count: u32, unit: Unit) -> Result<Self, DateError> {
        if count == 0 {
            return Err(DateError::new(
                format!("a period of 0 {}s never moves", unit.name()),
                Some("write a count of at least 1, e.g. \"1 month\"".into()),
            ));
        }
        if count > unit.max_count() {
            return Err(DateError::new(
                format!(
                    "{count} {}s is longer than {MAX_PERIOD_YEARS} years",
                    unit.name()
                ),
                Some(format!(
                    "write a period of at most {MAX_PERIOD_YEARS} years"
                )),
            ));
        }
        Ok(Self { count, unit })
    }

    pub fn count(self) -> u32 {
        self.count
    }

    pub fn unit(self) -> Unit {
        self.unit
    }

    /// Parses a recurrence as plan files write it: `"quarter"`, `"6 months"`.
    pub fn parse_every(text: &str) -> Result<Self, DateError> {
        let lowered = text.trim().to_lowercase();
        let words: Vec<&str> = lowered.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [unit] => Unit::from_word(unit).map(|unit| (1_u64, unit)),
            [count, unit] => match (count.parse::<u64>(), Unit::from_word(unit)) {
                (Ok(count), Some(unit)) => Some((count, unit)),
                _ => None,
            },
            _ => None,
        };
        if let Some((count, unit)) = parsed {
            Self::new(u32::try_from(count).unwrap_or(u32::MAX), unit)
        } else {
            let help = match words.as_slice() {
                [word] => Unit::from_adverb(word).map(|unit| format!("write \"{}\"", unit.name())),
                _ => None,
            };
            Err(DateError::new(
                format!("`{}` is not a recurrence", text.trim()),
                help.or_else(|| {
                    Some(
                        "write \"N unit\" or \"unit\" with unit day, week, month, quarter or year, e.g. \"quarter\" or \"6 months\"".into(),
                    )
                }),
            ))
        }
    }

    /// Parses a look-ahead window: `30d`, `2w`, `3m`, `1q`, `1y` (or `2 weeks`).
    pub fn parse_window(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim().to_lowercase();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let (count, rest) = trimmed.split_at(digits);
        let unit = Unit::from_letter(rest.trim()).or_else(|| Unit::from_word(rest.trim()));
        match (count.parse::<u64>(), unit) {
            (Ok(count), Some(unit)) => Self::new(u32::try_from(count).unwrap_or(u32::MAX), unit),
            _ => Err(DateError::new(
                format!("`{}` is not a window", text.trim()),
                Some("write a number and a unit: 30d, 2w, 3m, 1q or 1y".into()),
            )),
        }
    }

    /// `date` moved forward by `times` whole periods, counted from `date`
    /// itself so that month ends do not drift (31 Jan + 2 months = 31 Mar,
    /// not 29 Mar). Months clamp to the month's end. `None` past year 9999
    /// or chrono's range.
    pub fn add_to(self, date: NaiveDate, times: u32) -> Option<NaiveDate> {
        let steps = self.count.checked_mul(times)?;
        let moved = match self.unit {
            Unit::Day => date.checked_add_days(Days::new(u64::from(steps))),
            Unit::Week => date.checked_add_days(Days::new(u64::from(steps) * 7)),
            Unit::Month => date.checked_add_months(Months::new(steps)),
            Unit::Quarter => date.checked_add_months(Months::new(steps.checked_mul(3)?)),
            Unit::Year => date.checked_add_months(Months::new(steps.checked_mul(12)?)),
        }?;
        (moved.year() <= 9999).then_some(moved)
    }

    /// `date` one period earlier; `None` before the calendar's start.
    pub fn subtract_from(self, date: NaiveDate) -> Option<NaiveDate> {
        let steps = self.count;
        match self.unit {
            Unit::Day => date.checked_sub_days(Days::new(u64::from(steps))),
            Unit::Week => date.checked_sub_days(Days::new(u64::from(steps) * 7)),
            Unit::Month => date.checked_sub_months(Months::new(steps)),
            Unit::Quarter => date.checked_sub_months(Months::new(steps.checked_mul(3)?)),
            Unit::Year => date.checked_sub_months(Months::new(steps.checked_mul(12)?)),
        }
    }

    /// `date` moved back by `times` whole periods, counted from `date`
    /// itself as [`Period::add_to`] counts forward (31 Mar less 1 quarter
    /// is 31 Dec, less 3 quarters 30 Jun). `None` before chrono's range.
    pub fn subtract_times(self, date: NaiveDate, times: u32) -> Option<NaiveDate> {
        let steps = self.count.checked_mul(times)?;
        match self.unit {
            Unit::Day => date.checked_sub_days(Days::new(u64::from(steps))),
            Unit::Week => date.checked_sub_days(Days::new(u64::from(steps) * 7)),
            Unit::Month => date.checked_sub_months(Months::new(steps)),
            Unit::Quarter => date.checked_sub_months(Months::new(steps.checked_mul(3)?)),
            Unit::Year => date.checked_sub_months(Months::new(steps.checked_mul(12)?)),
        }
    }

    /// The most days one period can last: a bound for counting periods
    /// between two days without walking them one by one.
    pub fn max_days(self) -> i64 {
        let per = match self.unit {
            Unit::Day => 1,
            Unit::Week => 7,
            Unit::Month => 31,
            Unit::Quarter => 92,
            Unit::Year => 366,
        };
        per * i64::from(self.count)
    }

    /// The period in whole months, for periods that are whole months.
    pub fn months(self) -> Option<u32> {
        match self.unit {
            Unit::Month => Some(self.count),
            Unit::Quarter => Some(self.count * 3),
            Unit::Year => Some(self.count * 12),
            Unit::Day | Unit::Week => None,
        }
    }

    /// The canonical text written to plan files: "quarter", "6 months".
    pub fn every_text(self) -> String {
        if self.count == 1 {
            self.unit.name().to_string()
        } else {
            format!("{} {}s", self.count, self.unit.name())
        }
    }

    /// The short window form: "30d".
    pub fn window_text(self) -> String {
        format!("{}{}", self.count, self.unit.letter())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.every_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).expect("test date")
    }

    #[test]
    fn adding_months_clamps_to_month_end_without_drift() {
        let month = Period::parse_every("month").unwrap();
        assert_eq!(month.add_to(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(month.add_to(d("2023-01-31"), 1), Some(d("2023-02-28")));
        assert_eq!(month.add_to(d("2024-01-31"), 2), Some(d("2024-03-31")));
        let year = Period::parse_every("year").unwrap();
        assert_eq!(year.add_to(d("2024-02-29"), 1), Some(d("2025-02-28")));
        let quarter = Period::parse_every("2 quarters").unwrap();
        assert_eq!(quarter.add_to(d("2024-08-31"), 1), Some(d("2025-02-28")));
    }

    #[test]
    fn arithmetic_past_year_9999_is_none_not_a_panic() {
        let years = Period::parse_every("100 years").unwrap();
        assert_eq!(years.add_to(d("9999-12-31"), 1), None);
        assert_eq!(years.add_to(d("2024-01-01"), u32::MAX), None);
        let days = Period::parse_every("36600 days").unwrap();
        assert_eq!(days.add_to(d("9950-01-01"), 3), None);
    }

    #[test]
    fn recurrences_parse_in_every_written_form() {
        for (text, expected) in [
            ("quarter", "quarter"),
            ("Quarters", "quarter"),
            ("6 months", "6 months"),
            ("1 year", "year"),
            ("2 years", "2 years"),
            (" 3  weeks ", "3 weeks"),
        ] {
            assert_eq!(
                Period::parse_every(text).map(Period::every_text),
                Ok(expected.into())
            );
        }
    }

    #[test]
    fn bad_recurrences_are_errors_with_help() {
        let zero = Period::parse_every("0 months").unwrap_err();
        assert_eq!(zero.message, "a period of 0 months never moves");
        let huge = Period::parse_every("1000000 years").unwrap_err();
        assert_eq!(huge.message, "1000000 years is longer than 100 years");
        let overflow = Period::parse_every("99999999999999999999 days").unwrap_err();
        assert!(overflow.message.contains("is not a recurrence"));
        let adverb = Period::parse_every("quarterly").unwrap_err();
        assert_eq!(adverb.help.as_deref(), Some("write \"quarter\""));
        assert!(Period::parse_every("-1 months").is_err());
        assert!(Period::parse_every("").is_err());
    }

    #[test]
    fn windows_parse_short_and_long_forms() {
        assert_eq!(
            Period::parse_window("30d").map(Period::window_text),
            Ok("30d".into())
        );
        assert_eq!(
            Period::parse_window("2 weeks").map(Period::window_text),
            Ok("2w".into())
        );
        assert_eq!(
            Period::parse_window("1Q").map(Period::window_text),
            Ok("1q".into())
        );
        assert!(Period::parse_window("d").is_err());
        assert!(Period::parse_window("0d").is_err());
        assert!(Period::parse_window("30x").is_err());
    }
}
