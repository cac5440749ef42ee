//! Calendar arithmetic for the plan: due dates (a day, or a whole month,
//! quarter or financial year), recurrence periods, look-ahead windows and
//! the UK date style officers read.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};

/// The longest recurrence or window `csp` accepts. Longer periods are almost
/// certainly typing mistakes, and bounding them keeps date arithmetic far
/// away from chrono's limits.
pub const MAX_PERIOD_YEARS: u32 = 100;

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
fn uk_month(first_day: NaiveDate) -> String {
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

/// Why a due date, period or window did not parse. The message is written for
/// the person who typed the value; `help` says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub help: Option<String>,
}

impl DateError {
    fn new(message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            message: message.into(),
            help,
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DateError {}

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
fn human_month(text: &str) -> Option<YearMonth> {
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

    #[test]
    fn uk_style() {
        assert_eq!(Due::Day(d("2023-09-30")).uk(), "30 Sep 2023");
        assert_eq!(parse_due("2023-09").unwrap().uk(), "Sep 2023");
        assert_eq!(Due::Day(d("2024-01-05")).uk(), "5 Jan 2024");
    }
}
