//! Cell values as people type them into a spreadsheet: dates as date
//! cells, Excel serial numbers or text in the forms people write in the
//! UK; statuses and ratings in any case.

use chrono::{Datelike, NaiveDate};

use crate::dates::{Due, MONTH_NAMES, parse_date, parse_due};
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
            .or_else(|| lower.strip_prefix("by end of "))
            .or_else(|| lower.strip_prefix("by the end of "))
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
            let has_year = text
                .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits.len() == 4);
            found.unread = Some(if has_year && !text.contains(['/', '.']) {
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
        assert_eq!(due("İİ  March 2024 and yearly").0, None);
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
