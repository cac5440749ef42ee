//! The periods a performance measure reports in: a calendar month, a
//! quarter of a UK financial year (Q1 = Apr–Jun) or a whole financial year,
//! as indicator tables write them: `Apr 2024` (or `2024-04`), `Q1 2024/25`,
//! `2024/25`.

use std::fmt;

use chrono::NaiveDate;

use super::DateError;
use super::due::{Due, FinancialYear, MONTH_NAMES, Quarter, YearMonth, human_month, parse_due};
use super::uk::uk_month;

/// How often a measure reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Frequency {
    Month,
    Quarter,
    Year,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Month, Frequency::Quarter, Frequency::Year];

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Month => "month",
            Frequency::Quarter => "quarter",
            Frequency::Year => "year",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == text)
    }

    /// How many of its periods make a financial year: 12, 4 or 1.
    pub fn periods_per_year(self) -> u32 {
        match self {
            Frequency::Month => 12,
            Frequency::Quarter => 4,
            Frequency::Year => 1,
        }
    }

    /// How a period of this frequency is written, for help lines.
    pub fn example(self) -> &'static str {
        match self {
            Frequency::Month => "\"Apr 2024\" (or \"2024-04\")",
            Frequency::Quarter => "\"Q1 2024/25\" (Q1 is Apr–Jun)",
            Frequency::Year => "\"2024/25\"",
        }
    }
}

/// One reporting period. Periods of one frequency order by time; periods of
/// different frequencies are never compared by the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportingPeriod {
    year: FinancialYear,
    frequency: Frequency,
    /// Which of the year's periods, from 0: April is month 0, Q1 is 0.
    index: u32,
}

impl ReportingPeriod {
    /// Reads `Apr 2024`, `April 2024`, `2024-04`, `Q1 2024/25` or `2024/25`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        if let Some(month) = named_month(trimmed) {
            return Self::of_month(month).ok_or_else(|| not_a_period(trimmed));
        }
        // A misspelt or two-digit month is read only to say what to write:
        // a figure filed against the wrong month is worse than none.
        if let Some(month) = human_month(trimmed).and_then(Self::of_month) {
            return Err(DateError::new(
                format!("`{trimmed}` is not a reporting period"),
                Some(format!("did you mean \"{month}\"?")),
            ));
        }
        let due = parse_due(trimmed).map_err(|error| {
            // Keep a hint that names the form to write ("write \"2023/24\"",
            // "Q1 is Apr–Jun…"); a due's general help talks of days.
            let specific = error
                .help
                .filter(|help| help.starts_with("write \"") || help.starts_with("Q1 is"));
            DateError::new(
                format!("`{trimmed}` is not a reporting period"),
                Some(specific.unwrap_or_else(|| PERIOD_HELP.into())),
            )
        })?;
        Self::of_due(due).ok_or_else(|| not_a_period(trimmed))
    }

    fn of_due(due: Due) -> Option<Self> {
        match due {
            Due::Day(_) => None,
            Due::Month(month) => Self::of_month(month),
            Due::Quarter(quarter) => Some(Self::of_quarter(quarter)),
            Due::FinancialYear(year) => Some(Self::of_year(year)),
        }
    }

    pub fn of_month(month: YearMonth) -> Option<Self> {
        let year = FinancialYear::of(month)?;
        Some(Self {
            year,
            frequency: Frequency::Month,
            index: (month.month() + 8) % 12,
        })
    }

    pub fn of_quarter(quarter: Quarter) -> Self {
        Self {
            year: quarter.year(),
            frequency: Frequency::Quarter,
            index: quarter.number() - 1,
        }
    }

    pub fn of_year(year: FinancialYear) -> Self {
        Self {
            year,
            frequency: Frequency::Year,
            index: 0,
        }
    }

    /// The period of `frequency` that holds `day`.
    pub fn containing(day: NaiveDate, frequency: Frequency) -> Option<Self> {
        let month = YearMonth::of(day);
        Some(match frequency {
            Frequency::Month => Self::of_month(month)?,
            Frequency::Quarter => Self::of_quarter(Quarter::of(month)?),
            Frequency::Year => Self::of_year(FinancialYear::of(month)?),
        })
    }

    /// The `index`-th period of `frequency` in `year`, from 0.
    pub fn nth_of(year: FinancialYear, frequency: Frequency, index: u32) -> Option<Self> {
        (index < frequency.periods_per_year()).then_some(Self {
            year,
            frequency,
            index,
        })
    }

    /// Every period of `frequency` in `year`, in order.
    pub fn all_of(year: FinancialYear, frequency: Frequency) -> impl Iterator<Item = Self> {
        (0..frequency.periods_per_year())
            .filter_map(move |index| Self::nth_of(year, frequency, index))
    }

    pub fn frequency(self) -> Frequency {
        self.frequency
    }

    pub fn financial_year(self) -> FinancialYear {
        self.year
    }

    /// Which of its year's periods it is, from 0.
    pub fn index(self) -> u32 {
        self.index
    }

    fn months(self) -> u32 {
        12 / self.frequency.periods_per_year()
    }

    pub fn first_month(self) -> YearMonth {
        self.year
            .first_month()
            .checked_add_months(self.index * self.months())
            .unwrap_or(self.year.first_month())
    }

    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }

    pub fn last_day(self) -> NaiveDate {
        self.first_month()
            .checked_add_months(self.months() - 1)
            .map_or(NaiveDate::MAX, YearMonth::last_day)
    }

    /// The period before, of the same frequency.
    pub fn previous(self) -> Option<Self> {
        if self.index > 0 {
            return Some(Self {
                index: self.index - 1,
                ..self
            });
        }
        let year = self.year.previous()?;
        Self::nth_of(year, self.frequency, self.frequency.periods_per_year() - 1)
    }

    /// The same period a year earlier.
    pub fn year_before(self) -> Option<Self> {
        Some(Self {
            year: self.year.previous()?,
            ..self
        })
    }
}

impl fmt::Display for ReportingPeriod {
    /// `Apr 2024`, `Q1 2024/25`, `2024/25`: the form `csp` writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.frequency {
            Frequency::Month => f.write_str(&uk_month(self.first_day())),
            Frequency::Quarter => write!(f, "Q{} {}", self.index + 1, self.year),
            Frequency::Year => write!(f, "{}", self.year),
        }
    }
}

/// `Apr 2024`, `April 2024`, `Sept 2024`: a month's full name or its first
/// three letters, in any case, and a four-digit year.
fn named_month(text: &str) -> Option<YearMonth> {
    let (name, year) = text.split_once(char::is_whitespace)?;
    let year = year.trim();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let name = name.to_lowercase();
    let month = MONTH_NAMES.iter().position(|full| {
        *full == name
            || (name.len() == 3 && full.starts_with(&name))
            || (name == "sept" && *full == "september")
    })?;
    YearMonth::new(year.parse().ok()?, u32::try_from(month).ok()? + 1)
}

impl serde::Serialize for ReportingPeriod {
    /// As written: `"Q1 2024/25"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

const PERIOD_HELP: &str = "write a month as \"Apr 2024\" or \"2024-04\", a quarter as \"Q1 2024/25\", or a financial year as \"2024/25\"";

fn not_a_period(text: &str) -> DateError {
    DateError::new(
        format!("`{text}` is not a reporting period"),
        Some(PERIOD_HELP.into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> ReportingPeriod {
        ReportingPeriod::parse(text).unwrap()
    }

    #[test]
    fn reads_every_written_form_and_writes_one() {
        assert_eq!(period("Apr 2024").to_string(), "Apr 2024");
        assert_eq!(period("april 2024").to_string(), "Apr 2024");
        assert_eq!(period("Jul 2023").to_string(), "Jul 2023");
        assert_eq!(period("June 2023").to_string(), "Jun 2023");
        assert_eq!(period("Sept 2023").to_string(), "Sep 2023");
        assert_eq!(period("2024-04").to_string(), "Apr 2024");
        assert_eq!(period(" Q1 2024/25 ").to_string(), "Q1 2024/25");
        assert_eq!(period("2024/25").to_string(), "2024/25");
        assert_eq!(period("Mar 2025").financial_year().to_string(), "2024/25");
    }

    #[test]
    fn refuses_days_and_nonsense_with_the_forms_to_write() {
        let misspelt = ReportingPeriod::parse("Jnue 2023").unwrap_err();
        assert_eq!(misspelt.help.as_deref(), Some("did you mean \"Jun 2023\"?"));
        assert!(ReportingPeriod::parse("Jun 23").is_err());
        for text in [
            "2024-04-01",
            "spring",
            "Q5 2024/25",
            "2024/26",
            "",
            "Ju 2023",
        ] {
            let error = ReportingPeriod::parse(text).unwrap_err();
            assert!(error.message.contains("not a reporting period"), "{text}");
            assert!(error.help.is_some(), "{text}");
        }
    }

    #[test]
    fn bounds_and_neighbours() {
        let q4 = period("Q4 2023/24");
        assert_eq!(q4.first_day(), NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(q4.last_day(), NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        assert_eq!(period("Q1 2024/25").previous(), Some(q4));
        assert_eq!(q4.year_before(), Some(period("Q4 2022/23")));
        assert_eq!(period("Apr 2024").previous(), Some(period("Mar 2024")));
        assert_eq!(
            period("Feb 2024").last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            period("2023/24").last_day(),
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
        );
        assert_eq!(period("2023/24").previous(), Some(period("2022/23")));
        let day = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        assert_eq!(
            ReportingPeriod::containing(day, Frequency::Quarter),
            Some(q4)
        );
        assert_eq!(
            ReportingPeriod::containing(day, Frequency::Month),
            Some(period("Jan 2024"))
        );
        assert_eq!(
            ReportingPeriod::all_of(q4.financial_year(), Frequency::Quarter)
                .map(|p| p.to_string())
                .collect::<Vec<_>>(),
            ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24", "Q4 2023/24"]
        );
    }
}
