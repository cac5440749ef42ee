//! Cell values as people type them into a spreadsheet: dates as date
//! cells, Excel serial numbers or text in the forms people write in the
//! UK; statuses and ratings in any case.

use chrono::{Datelike, NaiveDate};

use crate::dates::{Due, MONTH_NAMES, Period, parse_date, parse_due};
use crate::model::{Rag, Status};
use crate::suggest;

/// One cell, as a spreadsheet holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (or date and time: the day is kept).
    Date(NaiveDate),
    Bool(bool),
    /// A formula error such as `#REF!`.
    Error(String),
}

/// Why a cell's value cannot be read: what to tell the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bad {
    pub message: String,
    pub help: Option<String>,
}

impl Bad {
    pub fn new(message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            message: message.into(),
            help,
        }
    }
}

impl Cell {
    /// Nothing in it, or only spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as the spreadsheet would show it (dates as
    /// YYYY-MM-DD), trimmed; line breaks as `\n`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.replace("\r\n", "\n").trim().to_string(),
            Cell::Number(number) => number_text(*number),
            Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
            Cell::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(error) => error.clone(),
        }
    }
}

fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string()
    }
}

/// `A` for column 0, `Z`, `AA`, …
pub fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// `G7` for column 6 of row 6 (both from 0).
pub fn cell_name(column: usize, row: usize) -> String {
    format!("{}{}", column_name(column), row + 1)
}

/// The day an Excel serial number stands for (1900 date system): day 1 is
/// 1 Jan 1900, and Excel counts a 29 Feb 1900 that never was, so days from
/// 61 on are counted from 30 Dec 1899. Only whole numbers in a range that
/// could be a plan's dates (1950 to 2200) are taken.
pub fn excel_serial(number: f64) -> Option<NaiveDate> {
    if number.fract() != 0.0 || !(18_264.0..=110_000.0).contains(&number) {
        return None;
    }
    let days = number as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::TimeDelta::days(days))
}

/// Which comes first in a day written with numbers only (`03/04/2024`): the
/// day, as in the UK, or the month, as a spreadsheet program set to English
/// (US) saves a CSV file. `csp apply` decides it once per file
/// (`apply::form`); everything else reads the day first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// The two numbers and the year of a day written with numbers only:
/// `14/03/2024`, `14.3.24`, `14-03-2024`; `None` for anything else.
pub fn numeric_day(text: &str) -> Option<(u32, u32, &str)> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [first, second, year] = parts.as_slice() else {
        return None;
    };
    if ![first, second, year]
        .iter()
        .all(|part| !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
        || first.len() > 2
        || second.len() > 2
    {
        return None;
    }
    Some((first.parse().ok()?, second.parse().ok()?, year))
}

/// A day typed as text: `14/03/2024` (day first, as in the UK), `14 Mar
/// 2024`, `14 March 2024`, `2024-03-14` (a time after it is ignored).
pub fn parse_day(text: &str) -> Result<NaiveDate, Bad> {
    parse_day_in(text, DateOrder::DayFirst)
}

/// [`parse_day`], with a day written in numbers read in `order`.
pub fn parse_day_in(text: &str, order: DateOrder) -> Result<NaiveDate, Bad> {
    let text = text.trim();
    let example = "write the day first, e.g. 14/03/2024, 14 Mar 2024 or 2024-03-14";
    // 2024-03-14, or 2024-03-14T00:00:00 / "2024-03-14 00:00:00".
    if text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-') && text.is_char_boundary(10) {
        let (day, rest) = text.split_at(10);
        if rest.is_empty() || rest.starts_with(['T', ' ']) {
            return parse_date(day).map_err(|error| Bad::new(error.message, error.help));
        }
    }
    if let Some((first, second, year)) = numeric_day(text) {
        let y = full_year(year).ok_or_else(|| {
            Bad::new(
                format!("`{text}` has no year I can read"),
                Some(example.into()),
            )
        })?;
        let (d, m) = match order {
            DateOrder::DayFirst => (first, second),
            DateOrder::MonthFirst => (second, first),
        };
        if m > 12 && d <= 12 {
            return Err(match order {
                DateOrder::DayFirst => Bad::new(
                    format!("`{text}` is not a date: there is no month {m}"),
                    Some(format!(
                        "this file writes the day first, as in the UK: {d:02}/{m:02}/{y} is read as day {d:02} of month {m:02}; for {} write {m:02}/{d:02}/{y}",
                        NaiveDate::from_ymd_opt(y, d, m)
                            .map_or_else(String::new, crate::dates::uk_date)
                    )),
                ),
                DateOrder::MonthFirst => Bad::new(
                    format!("`{text}` is not a date: there is no month {m}"),
                    Some("this file writes the month first (its other dates show it): write this one month first too, or as 14 Mar 2024".into()),
                ),
            });
        }
        return day_of(y, m, d, text);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    if let [day, month, year] = words.as_slice()
        && let Ok(d) = day
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
        && let Some(y) = full_year(year)
    {
        let name = month.to_lowercase();
        let Some(m) = MONTH_NAMES
            .iter()
            .position(|full| name.len() >= 3 && full.starts_with(name.trim_end_matches('.')))
        else {
            let near = suggest::closest_name(&name, MONTH_NAMES);
            return Err(Bad::new(
                format!("`{text}`: `{month}` is not a month"),
                Some(match near {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => example.to_string(),
                }),
            ));
        };
        return day_of(y, m as u32 + 1, d, text);
    }
    Err(Bad::new(
        format!("`{text}` is not a date"),
        Some(example.to_string()),
    ))
}

fn full_year(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    match text.len() {
        4 => Some(year),
        2 => Some(2000 + year),
        _ => None,
    }
}

fn day_of(year: i32, month: u32, day: u32, text: &str) -> Result<NaiveDate, Bad> {
    if !(1..=12).contains(&month) {
        return Err(Bad::new(
            format!("`{text}` is not a date: there is no month {month}"),
            Some("write the day first, e.g. 14/03/2024".into()),
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let last = NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            .and_then(|next| next.pred_opt())
            .map_or(31, |last| last.day());
        Bad::new(
            format!(
                "`{text}` is not a date: {} {year} has {last} days",
                NaiveDate::from_ymd_opt(year, month, 1)
                    .map_or_else(String::new, |first| first.format("%B").to_string())
            ),
            Some(format!("write a day from 1 to {last}")),
        )
    })
}

/// A day from a cell: a date cell, an Excel serial number, or text.
pub fn read_day(cell: &Cell) -> Result<Option<NaiveDate>, Bad> {
    read_day_in(cell, DateOrder::DayFirst)
}

/// [`read_day`], with a day written in numbers read in `order`.
pub fn read_day_in(cell: &Cell, order: DateOrder) -> Result<Option<NaiveDate>, Bad> {
    match cell {
        _ if cell.is_blank() => Ok(None),
        Cell::Date(day) => Ok(Some(*day)),
        Cell::Number(number) => excel_serial(*number).map(Some).ok_or_else(|| {
            Bad::new(
                format!("`{}` is not a date", cell.text()),
                Some("write a date, e.g. 14/03/2024".into()),
            )
        }),
        Cell::Text(text) => {
            let text = text.trim();
            if text.bytes().all(|b| b.is_ascii_digit())
                && let Some(day) = text.parse::<f64>().ok().and_then(excel_serial)
            {
                return Ok(Some(day));
            }
            parse_day_in(text, order).map(Some)
        }
        _ => Err(Bad::new(
            format!("`{}` is not a date", cell.text()),
            Some("write a date, e.g. 14/03/2024".into()),
        )),
    }
}

/// A due date from a cell: a day (as [`read_day`] reads one), or a month,
/// quarter or financial year as plan files write them (`2024-03`, `Q3
/// 2023/24`, `2023/24`).
pub fn read_due(cell: &Cell) -> Result<Option<Due>, Bad> {
    read_due_in(cell, DateOrder::DayFirst)
}

/// [`read_due`], with a day written in numbers read in `order`; and as
/// partners write a month: `April 2024`, `Apr-24`, `end of June 2024`.
pub fn read_due_in(cell: &Cell, order: DateOrder) -> Result<Option<Due>, Bad> {
    if let Cell::Text(text) = cell
        && !cell.is_blank()
    {
        let text = text.trim();
        // A serial number typed or saved as text.
        if text.bytes().all(|b| b.is_ascii_digit())
            && let Some(day) = text.parse::<f64>().ok().and_then(excel_serial)
        {
            return Ok(Some(Due::Day(day)));
        }
        let lower = text.to_lowercase();
        let month = lower
            .strip_prefix("end of ")
            .or_else(|| lower.strip_prefix("the end of "))
            .unwrap_or(&lower);
        if let Some(due) = month_year(month) {
            return Ok(Some(due));
        }
        if month != lower
            && let Ok(due) = parse_due(month.trim())
        {
            return Ok(Some(due));
        }
        return match parse_due(text) {
            Ok(due) => Ok(Some(due)),
            Err(due_error) => match parse_day_in(text, order) {
                Ok(day) => Ok(Some(Due::Day(day))),
                // "14/03/2024"-like text gets the day's message; the rest
                // the due date's, which knows months and financial years.
                Err(day_error) if text.contains('/') && !text.contains(' ') && text.len() > 7 => {
                    Err(day_error)
                }
                Err(_) => Err(Bad::new(due_error.message, due_error.help)),
            },
        };
    }
    read_day_in(cell, order).map(|day| day.map(Due::Day))
}

/// What a tracker's timescale cell says about when an action is due.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timescale {
    pub due: Option<Due>,
    /// `year`, `quarter` or `month`: "March 2024 and yearly", "Quarterly".
    pub every: Option<&'static str>,
    /// A due counted from the plan's start: "within six months of
    /// commencement of the action plan" is 6 months.
    pub from_start: Option<Period>,
    /// The words of a longer text that gave the due ("by June 2002" in
    /// "Programmes in schools by June 2002"); `None` when the whole cell
    /// is the date.
    pub words: Option<String>,
    /// Why the cell left the action undated, when it has text that is not
    /// a deadline word ("Ongoing", "TBC") and could not be read.
    pub unread: Option<Bad>,
}

/// Words that carry no deadline: the action is undated, the text kept.
const UNDATED: [&str; 12] = [
    "ongoing",
    "on going",
    "as required",
    "as and when required",
    "as needed",
    "tbc",
    "tbd",
    "n/a",
    "na",
    "all year round",
    "all year",
    "continuous",
];

fn recurrence_word(word: &str) -> Option<&'static str> {
    match word {
        "yearly" | "annually" | "annual" | "every year" | "each year" => Some("year"),
        "quarterly" | "every quarter" | "each quarter" => Some("quarter"),
        "monthly" | "every month" | "each month" => Some("month"),
        _ => None,
    }
}

/// `September 2023`, `Sep 2023`, `Sep-23`, `Sept 23`: a month and year.
fn month_year(text: &str) -> Option<Due> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '/')
        .filter(|word| !word.is_empty())
        .collect();
    let [month, year] = words.as_slice() else {
        return None;
    };
    let name = month.to_lowercase();
    let name = name.trim_end_matches('.');
    let m = MONTH_NAMES
        .iter()
        .position(|full| name.len() >= 3 && full.starts_with(name))?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = full_year(year)?;
    crate::dates::YearMonth::new(y, m as u32 + 1).map(Due::Month)
}

/// A due as trackers write it, from a date cell, a serial number or text:
/// every form [`read_due`] reads, and `30.09.2023`, `30 Sep 2023`,
/// `September 2023`, `Sep-23`, `Sept 23`; `March 2024 and yearly` (a due
/// and a recurrence), `Quarterly` (a recurrence alone); deadline-free words
/// (`Ongoing`, `TBC`, `N/A`…) leave it undated. Anything else is undated
/// with the reason in `unread`, never guessed.
pub fn read_timescale(cell: &Cell) -> Timescale {
    let mut found = Timescale::default();
    if cell.is_blank() {
        return found;
    }
    let Cell::Text(text) = cell else {
        match read_due(cell) {
            Ok(due) => found.due = due,
            Err(bad) => found.unread = Some(bad),
        }
        return found;
    };
    let text = text.trim();
    let lower = text
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let lower = lower.trim_end_matches('.');
    if UNDATED.contains(&lower) {
        return found;
    }
    if let Some(every) = recurrence_word(lower) {
        found.every = Some(every);
        return found;
    }
    // "March 2024 and yearly", "March 2024, then annually". The parts are
    // cut from the lower-cased text: offsets into it need not fall on
    // character boundaries of the original.
    for joint in [" and ", ", then ", " then ", ", "] {
        if let Some((first, second)) = lower.rsplit_once(joint)
            && let Some(every) = recurrence_word(second.trim())
        {
            let inner = read_timescale(&Cell::Text(first.to_string()));
            if inner.due.is_some() {
                return Timescale {
                    every: Some(every),
                    ..inner
                };
            }
        }
    }
    // "Yearly March 2024", "Annually, by March 2024": the word first.
    if let Some((word, rest)) = lower.split_once(' ')
        && let Some(every) = recurrence_word(word.trim_end_matches(','))
    {
        let rest = rest.trim_start_matches("by ").trim();
        let inner = read_timescale(&Cell::Text(rest.to_string()));
        if inner.due.is_some() {
            return Timescale {
                every: Some(every),
                ..inner
            };
        }
    }
    if let Some(due) = month_year(text) {
        found.due = Some(due);
        return found;
    }
    // A serial number typed or pasted as text.
    if text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(Some(day)) = read_day(cell)
    {
        found.due = Some(Due::Day(day));
        return found;
    }
    match read_due(cell) {
        Ok(due) => found.due = due,
        Err(bad) => {
            if let Some(prose) = read_prose(text) {
                return prose;
            }
            let has_year = text
                .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits.len() == 4);
            let has_month = words_of(text)
                .iter()
                .any(|(word, _)| month_named(word).is_some());
            found.unread = Some(if has_year && !has_month && !text.contains(['/', '.']) {
                Bad::new(
                    format!("\"{text}\" has no day or month"),
                    Some("left undated, kept as timescale".into()),
                )
            } else {
                Bad::new(
                    format!("\"{text}\" is not a date csp reads"),
                    Some(
                        bad.help
                            .unwrap_or_else(|| "left undated, kept as timescale".into()),
                    ),
                )
            });
        }
    }
    found
}

/// The words of a text with their byte ranges: split at spaces and
/// dashes (a dash is a word of its own, so "April 2010 - March 2011" and
/// "April 2010–March 2011" are both a range), lower-cased, with brackets
/// and trailing punctuation taken off.
fn words_of(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut words = Vec::new();
    let mut start = None;
    let push = |from: usize, to: usize, words: &mut Vec<(String, std::ops::Range<usize>)>| {
        let raw = &text[from..to];
        let trimmed = raw.trim_start_matches(['(', '[', '"', '\'', '‘', '“']);
        let lead = raw.len() - trimmed.len();
        let trimmed =
            trimmed.trim_end_matches([')', ']', ',', '.', ';', ':', '"', '\'', '’', '”', '!', '?']);
        if !trimmed.is_empty() {
            words.push((
                trimmed.to_lowercase(),
                from + lead..from + lead + trimmed.len(),
            ));
        }
    };
    for (at, c) in text.char_indices() {
        let dash = matches!(c, '-' | '–' | '—');
        if c.is_whitespace() || dash {
            if let Some(from) = start.take() {
                push(from, at, &mut words);
            }
            if dash {
                words.push(("-".to_string(), at..at + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(from) = start {
        push(from, text.len(), &mut words);
    }
    words
}

/// The month a word names: "june", "jun", "sept"; from 1.
fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let index = MONTH_NAMES.iter().position(|full| {
        full.starts_with(word) && (word.len() >= 3 && (word.len() == full.len() || word.len() <= 4))
    })?;
    Some(index as u32 + 1)
}

fn four_digit_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|year| (1990..=2100).contains(year))
}

/// A date named in prose: its due, and the words (by index) it spans.
struct Mention {
    due: Due,
    first: usize,
    last: usize,
}

/// Every date a text names: "6th July 2017", "31/03/2011", "June 2002",
/// "2010/11". A day and month without a year, or a year alone, is not one.
fn mentions(words: &[(String, std::ops::Range<usize>)]) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].0.as_str();
        // 31/03/2011, 31.03.2011
        if word.contains(['/', '.']) && word.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
            if let Ok(day) = parse_day(word) {
                found.push(Mention {
                    due: Due::Day(day),
                    first: i,
                    last: i,
                });
                i += 1;
                continue;
            }
            if let Ok(due @ Due::FinancialYear(_)) = parse_due(word) {
                found.push(Mention {
                    due,
                    first: i,
                    last: i,
                });
                i += 1;
                continue;
            }
        }
        // 6th July 2017, 31 March 2011
        let number = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !number.is_empty()
            && number.len() <= 2
            && number.bytes().all(|b| b.is_ascii_digit())
            && let (Some(month), Some(year)) = (
                words.get(i + 1).and_then(|(w, _)| month_named(w)),
                words.get(i + 2).and_then(|(w, _)| four_digit_year(w)),
            )
            && let Some(day) = number
                .parse()
                .ok()
                .and_then(|d| NaiveDate::from_ymd_opt(year, month, d))
        {
            found.push(Mention {
                due: Due::Day(day),
                first: i,
                last: i + 2,
            });
            i += 3;
            continue;
        }
        // June 2002, and "end of June 2002"
        if let Some(month) = month_named(word)
            && let Some(year) = words.get(i + 1).and_then(|(w, _)| four_digit_year(w))
            && let Some(month) = crate::dates::YearMonth::new(year, month)
        {
            found.push(Mention {
                due: Due::Month(month),
                first: i,
                last: i + 1,
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    found
}

/// Words before a date that make it a deadline: "by", "by the end of",
/// "before", "deadline", "target", "due", "no later than".
fn deadline_before(words: &[(String, std::ops::Range<usize>)], first: usize) -> Option<usize> {
    let at = |back: usize| first.checked_sub(back).map(|i| words[i].0.as_str());
    let marked = |back: usize| {
        matches!(
            at(back),
            Some("by" | "before" | "deadline" | "target" | "due" | "until" | "final")
        )
    };
    if at(1) == Some("of") && at(2) == Some("end") {
        return match (at(3), at(4)) {
            (Some("the"), Some("by")) => Some(first - 4),
            (Some("by"), _) => Some(first - 3),
            _ => Some(first - 2),
        };
    }
    if matches!(at(1), Some("than")) && at(2) == Some("later") && at(3) == Some("no") {
        return Some(first - 3);
    }
    marked(1).then(|| first - 1)
}

/// "six", "6", "twelve": a count of months or weeks.
fn count_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        "eighteen" => Some(18),
        "twenty-four" => Some(24),
        _ => word
            .parse()
            .ok()
            .or_else(|| WORDS.iter().position(|w| *w == word).map(|i| i as u32 + 1)),
    }
}

/// "within six months of commencement of the action plan", "12 months
/// from the start of the plan": a due counted from the plan's start, and
/// the words that say so.
fn from_start(text: &str, words: &[(String, std::ops::Range<usize>)]) -> Option<(Period, String)> {
    for i in 0..words.len() {
        let (Some(count), Some(unit)) = (
            count_word(&words[i].0),
            words.get(i + 1).map(|(w, _)| w.as_str()),
        ) else {
            continue;
        };
        let Ok(period) = Period::parse_every(&format!("{count} {unit}")) else {
            continue;
        };
        let joint = words.get(i + 2).map(|(w, _)| w.as_str());
        if !matches!(joint, Some("of" | "from" | "after")) {
            continue;
        }
        let rest: Vec<&str> = words[i + 3..]
            .iter()
            .take(6)
            .map(|(w, _)| w.as_str())
            .collect();
        let start_words = ["commencement", "start", "beginning", "launch"];
        let Some(end) = rest.iter().position(|w| start_words.contains(w)) else {
            continue;
        };
        // "of the start of the plan": the plan's start, not a referral's.
        let after: Vec<&str> = words[i + 3 + end + 1..]
            .iter()
            .take(4)
            .map(|(w, _)| w.as_str())
            .collect();
        let of_a_plan = after.is_empty()
            || after.first() != Some(&"of")
            || after
                .iter()
                .any(|w| matches!(*w, "plan" | "strategy" | "programme"));
        if !of_a_plan {
            continue;
        }
        let from = if i > 0 && words[i - 1].0 == "within" {
            i - 1
        } else {
            i
        };
        let mut last = i + 3 + end;
        if after.first() == Some(&"of")
            && let Some(plan) = after
                .iter()
                .position(|w| matches!(*w, "plan" | "strategy" | "programme"))
        {
            last += 1 + plan;
        }
        return Some((
            period,
            text[words[from].1.start..words[last].1.end].to_string(),
        ));
    }
    None
}

/// A recurrence stated beside a due: "(then annually)", "and quarterly".
/// The recurrence and the index of its last word.
fn recurrence_in(words: &[(String, std::ops::Range<usize>)]) -> Option<(&'static str, usize)> {
    words.iter().enumerate().find_map(|(i, (word, _))| {
        recurrence_word(word).map(|every| (every, i)).or_else(|| {
            let next = words.get(i + 1)?.0.as_str();
            matches!(word.as_str(), "every" | "each")
                .then(|| recurrence_word(&format!("every {next}")))
                .flatten()
                .map(|every| (every, i + 1))
        })
    })
}

/// The one day a text names ("launched on 6th July 2017", "12/03/2024:
/// agreed"), for dating a progress note written without a date column;
/// `None` when it names no day, or several.
pub fn day_in_text(text: &str) -> Option<NaiveDate> {
    let words = words_of(text);
    let mut days = mentions(&words).into_iter().filter_map(|m| match m.due {
        Due::Day(day) => Some(day),
        _ => None,
    });
    let day = days.next()?;
    days.all(|other| other == day).then_some(day)
}

/// A deadline a longer text states unambiguously: the one date it names
/// ("Strategy in place by June 2002", "July 2017 launch"), the end of a
/// range ("April 2010 - March 2011"), the one date marked as a deadline
/// among several ("launched 6 July 2017, review by March 2018"), or a due
/// counted from the plan's start. Two or more dates with no clear deadline
/// are reported, never guessed. `None` when the text names no date.
fn read_prose(text: &str) -> Option<Timescale> {
    let words = words_of(text);
    let span = |first: usize, last: usize| {
        let said = &text[words[first].1.start..words[last].1.end];
        // "March 2011 (then annually)": the bracket opened is closed.
        if said.contains('(') && text[words[last].1.end..].starts_with(')') {
            format!("{said})")
        } else {
            said.to_string()
        }
    };
    if let Some((period, said)) = from_start(text, &words) {
        return Some(Timescale {
            from_start: Some(period),
            words: Some(said),
            ..Timescale::default()
        });
    }
    let mut found = mentions(&words);
    if found.is_empty() {
        return None;
    }
    // "April 2010 - March 2011", "April 2010 to March 2011": the end.
    let mut index = 0;
    while index + 1 < found.len() {
        let (one, next) = (&found[index], &found[index + 1]);
        let joined = next.first == one.last + 2
            && matches!(
                words[one.last + 1].0.as_str(),
                "-" | "to" | "until" | "till"
            );
        let starts = one
            .first
            .checked_sub(1)
            .is_some_and(|i| words[i].0 == "from");
        if joined {
            let first = if starts { one.first - 1 } else { one.first };
            found[index + 1].first = first;
            found.remove(index);
        } else {
            index += 1;
        }
    }
    let every = recurrence_in(&words);
    let chosen = if found.iter().all(|m| m.due == found[0].due) {
        Some(&found[0])
    } else {
        let marked: Vec<&Mention> = found
            .iter()
            .filter(|m| deadline_before(&words, m.first).is_some())
            .collect();
        match marked.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    };
    let Some(chosen) = chosen else {
        let mut named: Vec<String> = found.iter().map(|m| span(m.first, m.last)).collect();
        named.dedup();
        return Some(Timescale {
            unread: Some(Bad::new(
                format!(
                    "\"{text}\" names {} dates ({}) and none is clearly the deadline",
                    named.len(),
                    named
                        .iter()
                        .map(|said| format!("\"{said}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some("left undated, kept as timescale".into()),
            )),
            ..Timescale::default()
        });
    };
    let first = deadline_before(&words, chosen.first).unwrap_or(chosen.first);
    let last = every.map_or(chosen.last, |(_, at)| at.max(chosen.last));
    Some(Timescale {
        due: Some(chosen.due),
        every: every.map(|(every, _)| every),
        words: Some(span(first, last)),
        ..Timescale::default()
    })
}

/// A status as people type it: any case, spaces for hyphens
/// ("In progress").
pub fn read_status(cell: &Cell) -> Result<Option<Status>, Bad> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.text();
    let word = words(&text);
    if let Some(status) = Status::parse(&word).or_else(|| status_word(&word)) {
        return Ok(Some(status));
    }
    let names = Status::ALL.map(Status::name);
    Err(Bad::new(
        format!("\"{text}\" is not a status"),
        Some(match suggest::closest_name(&word, names) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("write one of {}", names.join(", ")),
        }),
    ))
}

/// The words partners write for a status, beyond csp's own names.
fn status_word(word: &str) -> Option<Status> {
    match word {
        "complete" | "completed" | "closed" | "finished" => Some(Status::Done),
        "on-track" | "ongoing" | "on-going" | "underway" | "started" | "in-hand" => {
            Some(Status::InProgress)
        }
        "not-started" | "not-yet-started" | "to-do" | "todo" => Some(Status::Open),
        "cancelled" | "canceled" | "withdrawn" => Some(Status::Dropped),
        "on-hold" | "stuck" => Some(Status::Blocked),
        _ => None,
    }
}

/// Words that mean "nothing here" in a cell a partner fills in: read as
/// empty.
pub fn is_nothing_word(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "n/a" | "na" | "n.a." | "-" | "--" | "–" | "—" | "none" | "nil"
    )
}

/// A RAG rating as people type it: any case, or just R, A or G.
pub fn read_rag(cell: &Cell) -> Result<Option<Rag>, Bad> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.text();
    let word = words(&text);
    let letter = match word.as_str() {
        "r" => Some(Rag::Red),
        "a" => Some(Rag::Amber),
        "g" => Some(Rag::Green),
        _ => Rag::parse(&word),
    };
    if let Some(rag) = letter {
        return Ok(Some(rag));
    }
    let names = Rag::ALL.map(Rag::name);
    Err(Bad::new(
        format!("\"{text}\" is not a RAG rating"),
        Some(match suggest::closest_name(&word, names) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("write one of {}", names.join(", ")),
        }),
    ))
}

/// Lowercase, words joined by `-`.
fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_as_people_type_them() {
        for text in [
            "14/03/2024",
            "14/3/2024",
            "14 Mar 2024",
            "14 March 2024",
            "14-Mar-2024",
            "2024-03-14",
            "2024-03-14 00:00:00",
            "14/03/24",
        ] {
            assert_eq!(parse_day(text), Ok(day(2024, 3, 14)), "{text}");
        }
        let error = parse_day("03/14/2024").unwrap_err();
        assert!(error.message.contains("no month 14"), "{error:?}");
        assert!(error.help.unwrap().contains("day first"));
        assert!(
            parse_day("31/02/2024")
                .unwrap_err()
                .message
                .contains("29 days")
        );
        assert!(parse_day("soon").is_err());
    }

    #[test]
    fn serials_and_cells() {
        assert_eq!(excel_serial(45365.0), Some(day(2024, 3, 14)));
        assert_eq!(read_day(&Cell::Number(45365.0)), Ok(Some(day(2024, 3, 14))));
        assert_eq!(
            read_day(&Cell::Text("45365".into())),
            Ok(Some(day(2024, 3, 14)))
        );
        assert_eq!(read_day(&Cell::Empty), Ok(None));
        assert!(read_day(&Cell::Number(3.5)).is_err());
        assert_eq!(
            read_due(&Cell::Text("Q3 2023/24".into()))
                .unwrap()
                .map(Due::iso),
            Some("Q3 2023/24".into())
        );
        assert_eq!(
            read_due(&Cell::Text("14/03/2024".into())),
            Ok(Some(Due::Day(day(2024, 3, 14))))
        );
        assert!(
            read_due(&Cell::Text("03/14/2024".into()))
                .unwrap_err()
                .help
                .unwrap()
                .contains("day first")
        );
    }

    #[test]
    fn a_day_cut_inside_a_character_is_refused_not_a_panic() {
        // Found by the dates fuzz target: byte 10 falls inside U+0333.
        assert!(parse_day("22--[44\u{333}  ").is_err());
    }

    #[test]
    fn timescales_as_trackers_write_them() {
        let due = |text: &str| {
            let found = read_timescale(&Cell::Text(text.into()));
            (found.due.map(Due::iso), found.every, found.unread.is_some())
        };
        for (text, iso) in [
            ("30/09/2023", "2023-09-30"),
            ("30.09.2023", "2023-09-30"),
            ("30 Sep 2023", "2023-09-30"),
            ("September 2023", "2023-09"),
            ("Sep 2023", "2023-09"),
            ("Sep-23", "2023-09"),
            ("Sept 23", "2023-09"),
            ("2023-09", "2023-09"),
            ("2023/24", "2023/24"),
            ("Q3 2023/24", "Q3 2023/24"),
            ("45199", "2023-09-30"),
        ] {
            assert_eq!(due(text), (Some(iso.into()), None, false), "{text}");
        }
        assert_eq!(
            due("March 2024 and yearly"),
            (Some("2024-03".into()), Some("year"), false)
        );
        assert_eq!(
            due("Yearly March 2024"),
            (Some("2024-03".into()), Some("year"), false)
        );
        assert_eq!(
            due("Annually, by March 2024"),
            (Some("2024-03".into()), Some("year"), false)
        );
        // Lower-casing and folded spaces change byte offsets: no panic.
        assert_eq!(due("İİ  March 2024 and yearly").0, Some("2024-03".into()));
        assert_eq!(due("Quarterly"), (None, Some("quarter"), false));
        assert_eq!(due("Annually"), (None, Some("year"), false));
        for text in ["Ongoing", "As required", "TBC", "N/A", "All year round"] {
            assert_eq!(due(text), (None, None, false), "{text}");
        }
        let spring = read_timescale(&Cell::Text("Spring 2024".into()));
        assert_eq!(
            spring.unread.map(|bad| bad.message),
            Some("\"Spring 2024\" has no day or month".into())
        );
        assert_eq!(
            read_timescale(&Cell::Number(45199.0)).due.map(Due::iso),
            Some("2023-09-30".into())
        );
    }

    #[test]
    fn deadlines_in_prose() {
        let read = |text: &str| {
            let found = read_timescale(&Cell::Text(text.into()));
            (
                found.due.map(Due::iso),
                found.every,
                found.words,
                found.unread.map(|bad| bad.message),
            )
        };
        for (text, iso, words) in [
            ("By June 2002", "2002-06", "By June 2002"),
            (
                "Programmes in schools by September 2002",
                "2002-09",
                "by September 2002",
            ),
            ("Strategy in place by June 2002", "2002-06", "by June 2002"),
            (
                "Four campaigns by September 2003",
                "2003-09",
                "by September 2003",
            ),
            ("by end of June 2002", "2002-06", "by end of June 2002"),
            ("July 2017 launch", "2017-07", "July 2017"),
            ("By 31/03/2011", "2011-03-31", "By 31/03/2011"),
            (
                "April 2010 - March 2011",
                "2011-03",
                "April 2010 - March 2011",
            ),
            ("April 2010–March 2011", "2011-03", "April 2010–March 2011"),
            (
                "Launched 6th July 2017, review by March 2018",
                "2018-03",
                "by March 2018",
            ),
        ] {
            assert_eq!(
                read(text),
                (Some(iso.into()), None, Some(words.into()), None),
                "{text}"
            );
        }
        assert_eq!(
            read("March 2011 (then annually)"),
            (
                Some("2011-03".into()),
                Some("year"),
                Some("March 2011 (then annually)".into()),
                None
            )
        );
        assert_eq!(
            read("Draft September 2019 and final December 2019").0,
            Some("2019-12".into())
        );
        let (due, _, _, unread) = read("Draft in June 2002, agreed in September 2002");
        assert_eq!(due, None);
        assert_eq!(
            unread.as_deref(),
            Some(
                "\"Draft in June 2002, agreed in September 2002\" names 2 dates (\"June 2002\", \"September 2002\") and none is clearly the deadline"
            )
        );
        let relative = read_timescale(&Cell::Text(
            "Within six months of commencement of Action Plan".into(),
        ));
        assert_eq!(
            relative.from_start.map(Period::every_text),
            Some("6 months".into())
        );
        assert_eq!(
            relative.words.as_deref(),
            Some("Within six months of commencement of Action Plan")
        );
        assert_eq!(
            read_timescale(&Cell::Text("within 3 months of referral".into())).from_start,
            None
        );
        // A month is there: never "has no day or month".
        let (_, _, _, unread) = read("Summer of 2011");
        assert_eq!(
            unread.as_deref(),
            Some("\"Summer of 2011\" has no day or month")
        );
    }

    #[test]
    fn statuses_and_ratings() {
        assert_eq!(
            read_status(&Cell::Text("In progress".into())),
            Ok(Some(Status::InProgress))
        );
        assert_eq!(
            read_rag(&Cell::Text(" Amber ".into())),
            Ok(Some(Rag::Amber))
        );
        assert_eq!(read_rag(&Cell::Text("G".into())), Ok(Some(Rag::Green)));
        let bad = read_rag(&Cell::Text("Amberish".into())).unwrap_err();
        assert_eq!(bad.message, "\"Amberish\" is not a RAG rating");
        assert_eq!(bad.help.as_deref(), Some("did you mean \"amber\"?"));
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(26), "AA");
        assert_eq!(cell_name(6, 6), "G7");
    }

    #[test]
    fn words_partners_type() {
        let status = |text: &str| read_status(&Cell::Text(text.into())).unwrap();
        for (typed, meant) in [
            ("Complete", Status::Done),
            ("Completed", Status::Done),
            ("Closed", Status::Done),
            ("On track", Status::InProgress),
            ("Ongoing", Status::InProgress),
            ("Not started", Status::Open),
        ] {
            assert_eq!(status(typed), Some(meant), "{typed}");
        }
        let due = |text: &str| {
            read_due_in(&Cell::Text(text.into()), DateOrder::DayFirst)
                .unwrap()
                .map(Due::iso)
        };
        for (typed, meant) in [
            ("April 2024", "2024-04"),
            ("Apr 2024", "2024-04"),
            ("Apr-24", "2024-04"),
            ("30 June 2024", "2024-06-30"),
            ("end of June 2024", "2024-06"),
            ("End of June 2024", "2024-06"),
            ("Q1 2024/25", "Q1 2024/25"),
            ("2024/25", "2024/25"),
            ("14-03-2024", "2024-03-14"),
            ("45366", "2024-03-15"),
        ] {
            assert_eq!(due(typed).as_deref(), Some(meant), "{typed}");
        }
        // Day-first or month-first, as the file's order says.
        let day = |text: &str, order| parse_day_in(text, order).unwrap();
        assert_eq!(
            day("03/04/2024", DateOrder::DayFirst),
            self::day(2024, 4, 3)
        );
        assert_eq!(
            day("03/04/2024", DateOrder::MonthFirst),
            self::day(2024, 3, 4)
        );
        assert_eq!(
            parse_day_in("14/03/2024", DateOrder::MonthFirst)
                .unwrap_err()
                .message,
            "`14/03/2024` is not a date: there is no month 14"
        );
        for nothing in ["N/A", "n/a", "-", "none", " None "] {
            assert!(is_nothing_word(nothing), "{nothing}");
        }
        assert!(!is_nothing_word("Nothing to add yet"));
    }
}
