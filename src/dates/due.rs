//! When an action is due: a day, or a whole month, quarter or UK financial
//! year (due by its last day), and how each is read from what people write.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::DateError;
use super::uk::{uk_date, uk_month};

/// The months' names, January first, in lower case.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A calendar month, the form in which most action plans set deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        // Validated through chrono so that every YearMonth has a first and last day.
        NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Self { year, month })
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated in YearMonth::new")
    }

    pub fn last_day(self) -> NaiveDate {
        self.checked_add_months(1)
            .and_then(|next| next.first_day().pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn checked_add_months(self, months: u32) -> Option<Self> {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
        Self::new(year, month)
    }
}

impl fmt::Display for YearMonth {
    /// ISO form, `2024-03`, as written in plan files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A UK financial year, 1 April to 31 March, named by the year it starts
/// in: `FinancialYear(2023)` is "2023/24".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear(i32);

/// A quarter of a financial year: Q1 April to June, Q2 July to September,
/// Q3 October to December, Q4 January to March.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: FinancialYear,
    number: u32,
}

/// The financial years `csp` reads; beyond them lies a typing mistake.
const FINANCIAL_YEARS: std::ops::RangeInclusive<i32> = 1000..=9998;

impl FinancialYear {
    pub fn starting(year: i32) -> Option<Self> {
        FINANCIAL_YEARS.contains(&year).then_some(Self(year))
    }

    /// The financial year `month` falls in.
    pub fn of(month: YearMonth) -> Option<Self> {
        Self::starting(if month.month() >= 4 {
            month.year()
        } else {
            month.year() - 1
        })
    }

    pub fn first_month(self) -> YearMonth {
        YearMonth {
            year: self.0,
            month: 4,
        }
    }

    pub fn last_month(self) -> YearMonth {
        YearMonth {
            year: self.0 + 1,
            month: 3,
        }
    }

    /// The calendar year it starts in: 2023 for "2023/24".
    pub fn start_year(self) -> i32 {
        self.0
    }

    /// 1 April.
    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }

    /// 31 March of the next calendar year.
    pub fn last_day(self) -> NaiveDate {
        self.last_month().last_day()
    }

    /// The financial year `day` falls in.
    pub fn containing(day: NaiveDate) -> Option<Self> {
        Self::of(YearMonth::of(day))
    }

    pub fn previous(self) -> Option<Self> {
        Self::starting(self.0 - 1)
    }

    /// Whether `day` lies from its 1 April to its 31 March.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    /// The year after; `None` past the years csp reads.
    pub fn next(self) -> Option<Self> {
        Self::starting(self.0 + 1)
    }

    /// The year as file and tag names write it, with no `/`: "2023-24".
    pub fn slug(self) -> String {
        self.to_string().replace('/', "-")
    }

    /// Reads a plan year as csp.toml and the command line write it,
    /// `2023/24`, strictly: a quarter, a month or `FY23` is an error that
    /// says what to write.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        let help = || {
            Some(
                "write a UK financial year (1 April to 31 March) as \"YYYY/YY\", e.g. \"2023/24\""
                    .to_string(),
            )
        };
        match parse_financial(trimmed) {
            Some(Ok(Due::FinancialYear(year))) => Ok(year),
            Some(Ok(_)) => Err(DateError::new(
                format!("`{trimmed}` is a quarter, not a financial year"),
                help(),
            )),
            Some(Err(error)) => Err(error),
            None => {
                // "2023-24", as a tag or file name writes it.
                let slashed = trimmed.replacen('-', "/", 1);
                let help = match parse_financial(&slashed) {
                    Some(Ok(Due::FinancialYear(year))) => Some(format!("write \"{year}\"")),
                    _ => help(),
                };
                Err(DateError::new(
                    format!("`{trimmed}` is not a financial year"),
                    help,
                ))
            }
        }
    }
}

impl fmt::Display for FinancialYear {
    /// "2023/24".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

impl Quarter {
    pub fn new(year: FinancialYear, number: u32) -> Option<Self> {
        (1..=4).contains(&number).then_some(Self { year, number })
    }

    pub fn year(self) -> FinancialYear {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u32 {
        self.number
    }

    /// The quarter `month` falls in.
    pub fn of(month: YearMonth) -> Option<Self> {
        let year = FinancialYear::of(month)?;
        let from_april = (month.month() + 8) % 12;
        Self::new(year, from_april / 3 + 1)
    }

    pub fn first_month(self) -> YearMonth {
        self.year
            .first_month()
            .checked_add_months(3 * (self.number - 1))
            .unwrap_or(self.year.first_month())
    }

    pub fn last_month(self) -> YearMonth {
        self.first_month()
            .checked_add_months(2)
            .unwrap_or(self.year.last_month())
    }
}

impl fmt::Display for Quarter {
    /// "Q3 2023/24".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{} {}", self.number, self.year)
    }
}

/// When an action is due: a day, or a whole month, quarter or financial
/// year (due by its last day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Due {
    Day(NaiveDate),
    Month(YearMonth),
    Quarter(Quarter),
    FinancialYear(FinancialYear),
}

/// How precisely a due was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Quarter,
    FinancialYear,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::FinancialYear => "financial-year",
        }
    }

    /// The unit a slip is counted in: "month", "quarter", "year".
    pub fn unit(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::FinancialYear => "year",
        }
    }
}

impl Due {
    /// The deadline as a day: a month, quarter or year means its last day.
    pub fn date(self) -> NaiveDate {
        match self {
            Due::Day(date) => date,
            _ => self
                .last_month()
                .map_or(NaiveDate::MAX, YearMonth::last_day),
        }
    }

    pub fn is_month(self) -> bool {
        matches!(self, Due::Month(_))
    }

    /// Whether it names one day rather than a span of months.
    pub fn is_day(self) -> bool {
        matches!(self, Due::Day(_))
    }

    pub fn precision(self) -> Precision {
        match self {
            Due::Day(_) => Precision::Day,
            Due::Month(_) => Precision::Month,
            Due::Quarter(_) => Precision::Quarter,
            Due::FinancialYear(_) => Precision::FinancialYear,
        }
    }

    /// The months a span form covers: 1, 3 or 12; `None` for a day.
    pub fn span_months(self) -> Option<u32> {
        match self {
            Due::Day(_) => None,
            Due::Month(_) => Some(1),
            Due::Quarter(_) => Some(3),
            Due::FinancialYear(_) => Some(12),
        }
    }

    /// The last month of a span form; `None` for a day.
    pub fn last_month(self) -> Option<YearMonth> {
        match self {
            Due::Day(_) => None,
            Due::Month(month) => Some(month),
            Due::Quarter(quarter) => Some(quarter.last_month()),
            Due::FinancialYear(year) => Some(year.last_month()),
        }
    }

    /// The same form `months` later: a quarter moved by a whole number of
    /// quarters is still a quarter. `None` for a day, for a move that is not
    /// whole spans, or past the years csp reads.
    pub fn shifted_months(self, months: u32) -> Option<Due> {
        if !months.is_multiple_of(self.span_months()?) {
            return None;
        }
        let first = match self {
            Due::Day(_) => return None,
            Due::Month(month) => month,
            Due::Quarter(quarter) => quarter.first_month(),
            Due::FinancialYear(year) => year.first_month(),
        }
        .checked_add_months(months)?;
        match self {
            Due::Day(_) => None,
            Due::Month(_) => Some(Due::Month(first)),
            Due::Quarter(_) => Quarter::of(first).map(Due::Quarter),
            Due::FinancialYear(_) => FinancialYear::of(first).map(Due::FinancialYear),
        }
    }

    /// How officers read it: "30 Sep 2023", "Sep 2023" for a month, and a
    /// quarter or financial year as written, "Q3 2023/24", "2023/24".
    pub fn uk(self) -> String {
        match self {
            Due::Day(date) => uk_date(date),
            Due::Month(month) => uk_month(month.first_day()),
            Due::Quarter(quarter) => quarter.to_string(),
            Due::FinancialYear(year) => year.to_string(),
        }
    }

    /// The form written in plan files: `2023-09-30`, `2023-09`,
    /// `Q3 2023/24` or `2023/24`.
    pub fn iso(self) -> String {
        match self {
            Due::Day(date) => date.format("%Y-%m-%d").to_string(),
            Due::Month(month) => month.to_string(),
            Due::Quarter(quarter) => quarter.to_string(),
            Due::FinancialYear(year) => year.to_string(),
        }
    }
}

/// A due counted from the plan's start, as plan files write it:
/// `start+6m`, `start+1y`, `start+12w` (a window's units). `None` when
/// `text` does not start with `start`, so other forms keep their messages.
pub fn parse_from_start(text: &str) -> Option<Result<super::Period, DateError>> {
    let rest = text.trim().strip_prefix("start")?.trim_start();
    let Some(length) = rest.strip_prefix('+') else {
        return Some(Err(DateError::new(
            format!("`{}` is not a due csp can read", text.trim()),
            Some(
                "write a due counted from the plan's start as \"start+6m\" (d, w, m, q or y)"
                    .into(),
            ),
        )));
    };
    Some(super::Period::parse_window(length).map_err(|_| {
        DateError::new(
            format!("`{}` is not a due csp can read", text.trim()),
            Some(
                "write a due counted from the plan's start as \"start+6m\" (d, w, m, q or y)"
                    .into(),
            ),
        )
    }))
}

/// How a due counted from the plan's start is written: `start+6m`.
pub fn from_start_text(period: super::Period) -> String {
    format!("start+{}", period.window_text())
}

/// Parses `YYYY-MM-DD` strictly, explaining impossible days.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split('-').collect();
    if let [year, month, day] = parts.as_slice()
        && year.len() == 4
        && month.len() == 2
        && day.len() == 2
        // `str::parse` takes a sign, but "+1" is not a month.
        && [year, month, day]
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
        && let (Ok(y), Ok(m), Ok(d)) = (
            year.parse::<i32>(),
            month.parse::<u32>(),
            day.parse::<u32>(),
        )
    {
        let month = month_of(y, m, trimmed)?;
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
            DateError::new(
                format!(
                    "`{trimmed}` is not a date: {} has {} days",
                    month.first_day().format("%B %Y"),
                    month.last_day().day()
                ),
                Some(format!(
                    "write a day from 01 to {:02}",
                    month.last_day().day()
                )),
            )
        });
    }
    Err(DateError::new(
        format!("`{trimmed}` is not a date"),
        Some("write the date as YYYY-MM-DD, e.g. 2024-03-31".into()),
    ))
}

fn month_of(year: i32, month: u32, text: &str) -> Result<YearMonth, DateError> {
    YearMonth::new(year, month).ok_or_else(|| {
        DateError::new(
            format!("`{text}` has month {month}; months run from 01 to 12"),
            Some("write the month as two digits from 01 to 12".into()),
        )
    })
}

/// Parses a due date written as text: `2024-03` (a month) or `2024-03-31`.
/// Common human forms ("March 2024", "Febuary 2024") are recognised only to
/// say exactly what to write instead.
pub fn parse_due(text: &str) -> Result<Due, DateError> {
    let trimmed = text.trim();
    if let Some(due) = parse_financial(trimmed) {
        return due;
    }
    let parts: Vec<&str> = trimmed.split('-').collect();
    match parts.as_slice() {
        [year, month]
            if year.len() == 4
                && month.len() == 2
                && year.bytes().all(|b| b.is_ascii_digit())
                && month.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let y: i32 = year.parse().map_err(|_| not_a_due(trimmed))?;
            let m: u32 = month.parse().map_err(|_| not_a_due(trimmed))?;
            if m > 12
                && i64::from(m) == (i64::from(y) + 1).rem_euclid(100)
                && let Some(financial) = FinancialYear::starting(y)
            {
                return Err(DateError::new(
                    format!("`{trimmed}` is not a date `csp` can read"),
                    Some(format!("write \"{financial}\" for the financial year")),
                ));
            }
            month_of(y, m, trimmed).map(Due::Month)
        }
        [_, _, _] => parse_date(trimmed).map(Due::Day),
        _ => Err(match human_month(trimmed) {
            Some(month) => DateError::new(
                format!("`{trimmed}` is not a date `csp` can read"),
                Some(format!("write \"{month}\" for the whole month")),
            ),
            None => not_a_due(trimmed),
        }),
    }
}

fn not_a_due(text: &str) -> DateError {
    DateError::new(
        format!("`{text}` is not a date `csp` can read"),
        Some("write a month as \"YYYY-MM\" (e.g. \"2024-03\") or a day as YYYY-MM-DD".into()),
    )
}

/// Reads a financial year (`2023/24`) or one of its quarters
/// (`Q3 2023/24`); `None` when `text` is not trying to be either, so that
/// other forms get their own messages. `FY23` and `2023/2024` are
/// recognised only to say what to write.
fn parse_financial(text: &str) -> Option<Result<Due, DateError>> {
    let upper = text.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("FY") {
        return Some(Err(DateError::new(
            format!("`{text}` is not a date `csp` can read"),
            Some(format!(
                "write a financial year as \"YYYY/YY\", e.g. \"2023/24\" for 1 Apr 2023 to 31 Mar 2024{}",
                if rest.trim().is_empty() {
                    ""
                } else {
                    " (\"FY\" forms are read differently by different bodies)"
                }
            )),
        )));
    }
    let (quarter, year_text) = match upper.strip_prefix('Q') {
        Some(rest) => {
            let (number, year) = rest.split_once(char::is_whitespace)?;
            (Some(number), year.trim())
        }
        None => (None, upper.as_str()),
    };
    let (start, end) = year_text.split_once('/')?;
    if !(start.len() == 4 && start.bytes().all(|b| b.is_ascii_digit()))
        || end.is_empty()
        || !end.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(Err(not_a_financial_year(text)));
    }
    let start_year: i32 = start.parse().ok()?;
    let Some(year) = FinancialYear::starting(start_year) else {
        return Some(Err(not_a_financial_year(text)));
    };
    let follows = end.parse::<i64>().ok()
        == Some(match end.len() {
            2 => (i64::from(start_year) + 1).rem_euclid(100),
            4 => i64::from(start_year) + 1,
            _ => -1,
        });
    if !follows {
        return Some(Err(DateError::new(
            format!("`{text}` is not a financial year: the years must follow each other"),
            Some(format!(
                "write \"{year}\" for 1 Apr {start_year} to 31 Mar {}",
                start_year + 1
            )),
        )));
    }
    if end.len() == 4 {
        return Some(Err(DateError::new(
            format!("`{text}` is not a date `csp` can read"),
            Some(format!(
                "write \"{}{year}\"",
                quarter.map(|q| format!("Q{q} ")).unwrap_or_default()
            )),
        )));
    }
    Some(match quarter {
        None => Ok(Due::FinancialYear(year)),
        Some(number) => match number
            .parse::<u32>()
            .ok()
            .and_then(|n| Quarter::new(year, n))
        {
            Some(quarter) => Ok(Due::Quarter(quarter)),
            None => Err(DateError::new(
                format!("`{text}` has quarter {number}; a financial year has quarters Q1 to Q4"),
                Some(format!(
                    "Q1 is Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar: e.g. \"Q3 {year}\""
                )),
            )),
        },
    })
}

fn not_a_financial_year(text: &str) -> DateError {
    DateError::new(
        format!("`{text}` is not a date `csp` can read"),
        Some("write a financial year as \"YYYY/YY\" (e.g. \"2023/24\"), or a quarter of one as \"Q3 2023/24\"".into()),
    )
}

/// Recognises "March 2024", "Mar 2024", "Febuary 2024", "September 23".
pub(super) fn human_month(text: &str) -> Option<YearMonth> {
    let mut words = text.split_whitespace();
    let name = words.next()?.trim_end_matches(',').to_lowercase();
    let year_text = words.next()?;
    if words.next().is_some() || name.len() < 3 {
        return None;
    }
    let month = MONTH_NAMES
        .iter()
        .position(|full| full.starts_with(&name) || strsim::levenshtein(full, &name) <= 2)?;
    let year: i32 = year_text.parse().ok()?;
    let year = match year_text.len() {
        2 => 2000 + year,
        4 => year,
        _ => return None,
    };
    YearMonth::new(year, u32::try_from(month).ok()? + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).expect("test date")
    }

    #[test]
    fn financial_years_and_quarters_are_due_on_their_last_day() {
        assert_eq!(parse_due("2023/24").map(Due::date), Ok(d("2024-03-31")));
        assert_eq!(parse_due("Q1 2023/24").map(Due::date), Ok(d("2023-06-30")));
        assert_eq!(parse_due("Q2 2023/24").map(Due::date), Ok(d("2023-09-30")));
        assert_eq!(parse_due("Q3 2023/24").map(Due::date), Ok(d("2023-12-31")));
        assert_eq!(parse_due("q4  2023/24").map(Due::date), Ok(d("2024-03-31")));
        assert_eq!(parse_due("1999/00").map(Due::date), Ok(d("2000-03-31")));
        assert_eq!(
            parse_due("Q3 2023/24").map(Due::uk),
            Ok("Q3 2023/24".into())
        );
        assert_eq!(parse_due("2023/24").map(Due::iso), Ok("2023/24".into()));
        assert_eq!(
            parse_due("Q3 2023/24").map(|due| due.precision().name()),
            Ok("quarter")
        );
    }

    #[test]
    fn financial_year_mistakes_say_what_to_write() {
        let help = |text: &str| parse_due(text).unwrap_err().help.unwrap_or_default();
        let message = |text: &str| parse_due(text).unwrap_err().message;
        assert_eq!(
            message("2023/25"),
            "`2023/25` is not a financial year: the years must follow each other"
        );
        assert_eq!(
            help("2023/25"),
            "write \"2023/24\" for 1 Apr 2023 to 31 Mar 2024"
        );
        assert_eq!(
            message("Q5 2023/24"),
            "`Q5 2023/24` has quarter 5; a financial year has quarters Q1 to Q4"
        );
        assert_eq!(help("2023-24"), "write \"2023/24\" for the financial year");
        assert!(
            help("FY23").starts_with("write a financial year as \"YYYY/YY\""),
            "{}",
            help("FY23")
        );
        assert_eq!(help("2023/2024"), "write \"2023/24\"");
        assert_eq!(help("Q2 2023/2024"), "write \"Q2 2023/24\"");
        assert!(parse_due("23/24").is_err());
        assert!(parse_due("9999/00").is_err());
    }

    #[test]
    fn plan_years_are_read_strictly() {
        let year = FinancialYear::parse(" 2023/24 ").unwrap();
        assert_eq!(year.to_string(), "2023/24");
        assert_eq!(year.first_day(), d("2023-04-01"));
        assert_eq!(year.last_day(), d("2024-03-31"));
        assert_eq!(year.slug(), "2023-24");
        assert_eq!(
            year.next().map(|y| y.to_string()).as_deref(),
            Some("2024/25")
        );
        assert!(year.contains(d("2024-03-31")) && !year.contains(d("2024-04-01")));
        assert_eq!(FinancialYear::containing(d("2024-03-31")), Some(year));
        let error = |text: &str| FinancialYear::parse(text).unwrap_err();
        assert_eq!(
            error("Q1 2023/24").message,
            "`Q1 2023/24` is a quarter, not a financial year"
        );
        assert_eq!(error("2023-24").help.as_deref(), Some("write \"2023/24\""));
        assert_eq!(error("2023").message, "`2023` is not a financial year");
        assert!(
            error("2023/25")
                .message
                .contains("the years must follow each other")
        );
        assert!(error("2023/2024").help.unwrap().contains("2023/24"));
    }

    #[test]
    fn month_due_means_its_last_day() {
        assert_eq!(parse_due("2024-02").map(Due::date), Ok(d("2024-02-29")));
        assert_eq!(parse_due("2023-02").map(Due::date), Ok(d("2023-02-28")));
        assert_eq!(parse_due("2023-12").map(Due::date), Ok(d("2023-12-31")));
        assert_eq!(parse_due("9999-12").map(Due::date), Ok(d("9999-12-31")));
    }

    #[test]
    fn impossible_days_and_months_are_explained() {
        let error = parse_due("2024-02-30").unwrap_err();
        assert_eq!(
            error.message,
            "`2024-02-30` is not a date: February 2024 has 29 days"
        );
        let error = parse_due("2024-13").unwrap_err();
        assert_eq!(
            error.message,
            "`2024-13` has month 13; months run from 01 to 12"
        );
    }

    #[test]
    fn signs_are_not_digits() {
        for text in ["+123-01-01", "2024-+1-01", "2024-01-+1", "-999-01-01"] {
            let error = parse_date(text).unwrap_err();
            assert_eq!(error.message, format!("`{text}` is not a date"));
        }
    }

    #[test]
    fn human_months_get_the_form_to_write() {
        let error = parse_due("Febuary 2024").unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some("write \"2024-02\" for the whole month")
        );
        let error = parse_due("September 23").unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some("write \"2023-09\" for the whole month")
        );
        assert!(parse_due("soon").unwrap_err().help.is_some());
    }

    #[test]
    fn uk_style() {
        assert_eq!(Due::Day(d("2023-09-30")).uk(), "30 Sep 2023");
        assert_eq!(parse_due("2023-09").unwrap().uk(), "Sep 2023");
        assert_eq!(Due::Day(d("2024-01-05")).uk(), "5 Jan 2024");
    }
}
