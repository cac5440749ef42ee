//! An indicator table into measures (`csp import --measures`): the wide
//! layout councils publish, one row per indicator and one column per
//! period (`Indicator | Baseline | Target | Q1 | Q2 | Q3 | Q4`, months
//! across, or periods in full), read with every guess said and every value
//! it cannot read named by sheet and cell. The table's own year to date,
//! RAG and direction of travel are not imported (csp works them out) but
//! compared with csp's, and every disagreement reported.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::bodies::{self, Known};
use super::measure_map::{self, Field, MeasureMap, Settings};
use super::normalise;
use super::rows::Caveat;
use crate::dates::{FinancialYear, Frequency, MONTH_NAMES, Quarter, ReportingPeriod, YearMonth};
use crate::edit::document::quote;
use crate::error::Error;
use crate::model::measure::{format_number, plain_number, read_figure, with_unit};
use crate::model::{Aggregate, Better, Manifest, Measure, Rag};
use crate::performance::{self, Direction};
use crate::portable;
use crate::sheet::Sheet;
use crate::sheet::cells::{self, Cell, cell_name};

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH: usize = 30;
/// How long a file name made from an indicator's name may be.
const ID_CHARS: usize = 48;

/// A period column's header as written: in full, or a bare quarter or
/// month whose year comes from elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heading {
    Full(ReportingPeriod),
    /// `Q1`…`Q4`: 1 to 4.
    Quarter(u32),
    /// `Apr`…`Mar`: the calendar month, 1 to 12.
    Month(u32),
}

/// One indicator read from its row.
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// The row's indicator cell: `Indicators!A5`.
    pub position: String,
    pub id: String,
    pub title: String,
    pub lead: Vec<String>,
    pub unit: Option<String>,
    pub better: Option<Better>,
    pub frequency: Option<Frequency>,
    pub aggregate: Option<Aggregate>,
    pub source: Option<String>,
    pub priority: Vec<u32>,
    pub baseline: Option<(ReportingPeriod, f64)>,
    pub target: Option<(FinancialYear, f64)>,
    /// In period order.
    pub values: Vec<(ReportingPeriod, f64, Option<String>)>,
    /// What csp guessed for this row, said in the report.
    pub guesses: Vec<String>,
    /// The table's own year to date, RAG and direction, with their cells.
    pub sheet_ytd: Option<(String, f64, String)>,
    pub sheet_rag: Option<(String, String)>,
    pub sheet_direction: Option<(String, String)>,
}

/// What the table held.
#[derive(Clone, Debug, Default)]
pub struct ReadMeasures {
    pub sheet: Option<String>,
    /// From 1.
    pub header_row: usize,
    pub rows: usize,
    /// Each column read, as (position of its header, header, what it is).
    pub columns: Vec<(String, String, String)>,
    /// Where the year of bare period columns came from.
    pub year: Option<(FinancialYear, String)>,
    pub measures: Vec<Row>,
    pub skipped_empty: usize,
    pub headings: Vec<(String, String)>,
    pub caveats: Vec<Caveat>,
    /// Values it could not read: any one means nothing is written.
    pub errors: Vec<Caveat>,
    /// Leads the import adds to csp.toml: (key, name).
    pub new_leads: Vec<(String, String)>,
}

/// One measure file to write, or a measure the plan has that gains figures.
#[derive(Clone, Debug)]
pub struct MeasureFile {
    pub id: String,
    /// `measures/<id>.toml`.
    pub path: String,
    pub text: String,
    /// The file's text before, for a measure the plan has.
    pub before: Option<String>,
}

/// How to read the table.
#[derive(Debug)]
pub struct Request<'a> {
    pub sheets: &'a [Sheet],
    pub sheet: Option<&'a str>,
    pub shown: &'a str,
    pub map: &'a MeasureMap,
    /// `--year`.
    pub year: Option<FinancialYear>,
    /// The plan imported into: its leads are matched by key, name or alias.
    pub manifest: Option<&'a Manifest>,
    /// No figure may be for a period that has not ended by this day.
    pub as_of: NaiveDate,
}

/// The map an indicator table is read with when none is given: the header
/// row's columns by their words, or `None` when no row has an indicator
/// column and a period column.
pub fn guess_map(sheets: &[Sheet], wanted: Option<&str>) -> Option<MeasureMap> {
    let (index, row) = find_header(sheets, None, wanted)?;
    let sheet = &sheets[index];
    let mut map = MeasureMap::default();
    let mut claimed: HashSet<Field> = HashSet::new();
    for cell in sheet.rows.get(row)? {
        let header = cell.text();
        if heading_of(cell).is_some() {
            continue;
        }
        let Some(field) = measure_map::field_of(&header) else {
            continue;
        };
        if !claimed.insert(field) {
            continue;
        }
        let slot = match field {
            "title" => &mut map.columns.title,
            "id" => &mut map.columns.id,
            "lead" => &mut map.columns.lead,
            "baseline" => &mut map.columns.baseline,
            "target" => &mut map.columns.target,
            "unit" => &mut map.columns.unit,
            "better" => &mut map.columns.better,
            "frequency" => &mut map.columns.frequency,
            "aggregate" => &mut map.columns.aggregate,
            "priority" => &mut map.columns.priority,
            "source" => &mut map.columns.source,
            "note" => &mut map.columns.note,
            "ytd" => &mut map.columns.ytd,
            "rag" => &mut map.columns.rag,
            _ => &mut map.columns.direction,
        };
        *slot = Some(header.replace('\n', " "));
    }
    Some(map)
}

/// The sheet and row of the header: the first row (of the named sheet, or
/// of any) with the map's title header, or without a map one recognised
/// as an indicator column, and at least one period column.
fn find_header(
    sheets: &[Sheet],
    map: Option<&MeasureMap>,
    wanted: Option<&str>,
) -> Option<(usize, usize)> {
    for (index, sheet) in sheets.iter().enumerate() {
        if let Some(name) = wanted
            && sheet
                .name
                .as_deref()
                .is_none_or(|sheet| normalise(sheet) != normalise(name))
        {
            continue;
        }
        for (row, cells) in sheet.rows.iter().enumerate().take(HEADER_SEARCH) {
            let title = cells.iter().any(|cell| match map {
                Some(map) => map
                    .columns
                    .title
                    .as_deref()
                    .is_some_and(|title| normalise(&cell.text()) == normalise(title)),
                None => measure_map::field_of(&cell.text()) == Some("title"),
            });
            let periods = cells.iter().any(|cell| {
                heading_of(cell).is_some()
                    || map.is_some_and(|map| map.period(&cell.text()).is_some())
            });
            if title && periods {
                return Some((index, row));
            }
        }
    }
    None
}

/// A header cell read as a period column.
fn heading_of(cell: &Cell) -> Option<Heading> {
    if let Cell::Date(day) = cell {
        return ReportingPeriod::of_month(YearMonth::of(*day)).map(Heading::Full);
    }
    let Cell::Text(text) = cell else {
        return None;
    };
    let text = text.trim();
    if text.chars().count() > 40 {
        return None;
    }
    if let Ok(period) = ReportingPeriod::parse(text) {
        return Some(Heading::Full(period));
    }
    let lower = normalise(text);
    // "Q1", "Qtr 1", "Quarter 1", "Q1 (Apr-Jun)", "Q1 23/24", "Q1 2023-24".
    for prefix in ["quarter ", "qtr ", "qtr", "q "].iter().chain(&["q"]) {
        if let Some(rest) = lower.strip_prefix(prefix)
            && let Some(number) = rest.chars().next().and_then(|c| c.to_digit(10))
            && (1..=4).contains(&number)
        {
            let after = rest[1..].trim();
            if after.is_empty() || after.starts_with('(') {
                return Some(Heading::Quarter(number));
            }
            if let Some(year) = financial_year_in(after)
                && after.len() <= 9
                && let Some(quarter) = Quarter::new(year, number)
            {
                return Some(Heading::Full(ReportingPeriod::of_quarter(quarter)));
            }
            return None;
        }
    }
    // "Apr", "April", "Apr-23", "Apr 23", "April-2023".
    let (name, year) = match lower.split_once([' ', '-', '\'']) {
        Some((name, year)) => (name, Some(year.trim().trim_start_matches('\''))),
        None => (lower.as_str(), None),
    };
    let month = MONTH_NAMES.iter().position(|full| {
        *full == name
            || (name.len() == 3 && full.starts_with(name))
            || (name == "sept" && *full == "september")
    })?;
    let month = u32::try_from(month).ok()? + 1;
    match year {
        None => Some(Heading::Month(month)),
        Some(year) if year.len() == 2 && year.bytes().all(|b| b.is_ascii_digit()) => {
            let year: i32 = year.parse().ok()?;
            ReportingPeriod::of_month(YearMonth::new(2000 + year, month)?).map(Heading::Full)
        }
        Some(year) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            ReportingPeriod::of_month(YearMonth::new(year.parse().ok()?, month)?).map(Heading::Full)
        }
        Some(_) => None,
    }
}

/// The financial year a text names: `2023/24`, `2023-24`, `2023/2024`,
/// `23/24`, "Performance 2023-24". Only years that follow each other.
pub fn financial_year_in(text: &str) -> Option<FinancialYear> {
    let bytes = text.as_bytes();
    let digits_at = |at: usize| {
        bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_digit()) {
            at += 1;
            continue;
        }
        let first = digits_at(at);
        let sep = at + first;
        if (first == 4 || first == 2)
            && sep + 1 < bytes.len()
            && matches!(bytes[sep], b'/' | b'-')
            && bytes[sep + 1].is_ascii_digit()
        {
            let second = digits_at(sep + 1);
            let start: i32 = text[at..sep].parse().ok()?;
            let end: i32 = text[sep + 1..sep + 1 + second].parse().ok()?;
            let start = if first == 2 { 2000 + start } else { start };
            let follows = match second {
                2 => (start + 1) % 100 == end,
                4 => start + 1 == end,
                _ => false,
            };
            if follows {
                return FinancialYear::starting(start);
            }
        }
        at += first.max(1);
    }
    None
}

/// Text cells meaning "no figure": blank, a dash, n/a, to be confirmed.
fn no_figure(text: &str) -> bool {
    text.trim().is_empty()
        || cells::is_nothing_word(text)
        || matches!(
            normalise(text).as_str(),
            "tbc" | "tba" | "tbd" | "n/k" | "not available" | "awaiting data" | "no data" | "*"
        )
}

fn month_period(year: FinancialYear, month: u32) -> Option<ReportingPeriod> {
    let calendar = if month >= 4 {
        year.start_year()
    } else {
        year.start_year() + 1
    };
    ReportingPeriod::of_month(YearMonth::new(calendar, month)?)
}

/// A whole-number unit word means "no unit": `Number`, `Count`, `No.`.
fn unit_word(text: &str) -> Option<String> {
    let word = normalise(text);
    match word.as_str() {
        "" | "number" | "no" | "no." | "count" | "#" | "n" | "numeric" => None,
        "%" | "percent" | "percentage" | "per cent" | "rate (%)" => Some("%".into()),
        "£" | "gbp" | "pounds" | "£s" | "cost (£)" => Some("£".into()),
        _ => Some(text.trim().to_string()),
    }
}

fn frequency_word(text: &str) -> Option<Frequency> {
    match normalise(text).as_str() {
        "month" | "monthly" => Some(Frequency::Month),
        "quarter" | "quarterly" => Some(Frequency::Quarter),
        "year" | "yearly" | "annual" | "annually" => Some(Frequency::Year),
        _ => None,
    }
}

/// A cell's text as quoted in a message: one line, at most 60 characters.
fn shown(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else {
        line
    }
}

/// Reads the indicator table as `request` says.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the rows, in the order the report tells it"
)]
pub fn read(request: &Request<'_>) -> Result<ReadMeasures, Error> {
    let Request {
        sheets,
        sheet: wanted,
        shown: file,
        map,
        ..
    } = *request;
    if let Some(name) = wanted {
        super::rows::sheet_named(sheets, name, file)?;
    }
    let Some((index, header)) = find_header(sheets, Some(map), wanted) else {
        return Err(Error::usage(format!(
            "`{file}` has no row with an indicator column ({}) and a column of figures per period in its first {HEADER_SEARCH} rows",
            map.columns.title.as_deref().map_or_else(|| "\"Indicator\"".into(), |t| format!("\"{t}\""))
        ))
        .with_help("the header row needs the indicator's column and periods such as Q1, Apr or Q1 2023/24; a map's [columns] and [periods] name others (docs/import.md)"));
    };
    let sheet = &sheets[index];
    let header_cells = sheet
        .rows
        .get(header)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let at = |column: usize, row: usize| sheet.position(&cell_name(column, row));
    let mut read = ReadMeasures {
        sheet: sheet.name.clone(),
        header_row: header + 1,
        ..ReadMeasures::default()
    };
    // The columns: the map's fields, then every period column.
    let mut fields: Vec<(Field, usize)> = Vec::new();
    for (field, wanted_header) in map.columns.fields() {
        match header_cells
            .iter()
            .position(|cell| normalise(&cell.text()) == normalise(wanted_header))
        {
            Some(column) => fields.push((field, column)),
            None => {
                return Err(Error::usage(format!(
                    "`{file}`: {} has no column \"{wanted_header}\" for `{field}`",
                    sheet.position(&format!("{}:{}", header + 1, header + 1))
                ))
                .with_help(format!(
                    "its headers are {}",
                    header_cells
                        .iter()
                        .map(Cell::text)
                        .filter(|text| !text.is_empty())
                        .map(|text| format!("\"{}\"", shown(&text)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
    let column = |field: &str| fields.iter().find(|(f, _)| *f == field).map(|(_, c)| *c);
    let mut headings: Vec<(usize, Heading)> = Vec::new();
    for (c, cell) in header_cells.iter().enumerate() {
        if fields.iter().any(|(_, used)| *used == c) {
            continue;
        }
        if let Some(period) = map.period(&cell.text()) {
            headings.push((c, Heading::Full(period)));
        } else if let Some(heading) = heading_of(cell) {
            headings.push((c, heading));
        }
    }
    // The year of bare columns: --year, the map's, the periods written in
    // full, the other headers ("Target 2023/24"), the rows above.
    let undated = headings.iter().any(|(_, h)| !matches!(h, Heading::Full(_)));
    let full_years: Vec<FinancialYear> = headings
        .iter()
        .filter_map(|(_, h)| match h {
            Heading::Full(p) => Some(p.financial_year()),
            _ => None,
        })
        .collect();
    let mut year: Option<(FinancialYear, String)> = request
        .year
        .map(|year| (year, "--year".to_string()))
        .or_else(|| {
            map.year
                .as_deref()
                .and_then(financial_year_in)
                .map(|year| (year, "the map's year".to_string()))
        });
    if year.is_none() {
        let mut found: Vec<(FinancialYear, String)> = Vec::new();
        for (c, cell) in header_cells.iter().enumerate() {
            if headings.iter().any(|(used, _)| *used == c) {
                continue;
            }
            if let Some(y) = financial_year_in(&cell.text()) {
                found.push((y, format!("{} \"{}\"", at(c, header), shown(&cell.text()))));
            }
        }
        if found.is_empty() {
            for row in 0..header {
                for (c, cell) in sheet.rows[row].iter().enumerate() {
                    if let Some(y) = financial_year_in(&cell.text()) {
                        found.push((y, format!("{} \"{}\"", at(c, row), shown(&cell.text()))));
                    }
                }
            }
        }
        if found.is_empty()
            && let Some(name) = &sheet.name
            && let Some(y) = financial_year_in(name)
        {
            found.push((y, format!("the sheet's name \"{}\"", shown(name))));
        }
        let mut distinct: Vec<FinancialYear> = found.iter().map(|(y, _)| *y).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() == 1 {
            year = found.into_iter().next();
        } else if distinct.is_empty() && !full_years.is_empty() {
            let mut years = full_years.clone();
            years.sort();
            years.dedup();
            if let [only] = years.as_slice() {
                year = Some((*only, "the periods in the header row".into()));
            }
        } else if undated && distinct.len() > 1 {
            return Err(Error::usage(format!(
                "`{file}`: the periods in {} have no year, and the sheet names {} years ({})",
                sheet.position(&format!("{}:{}", header + 1, header + 1)),
                distinct.len(),
                distinct
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_help(format!(
                "say which with --year, e.g. --year {}",
                distinct[0]
            )));
        }
    }
    if undated && year.is_none() {
        return Err(Error::usage(format!(
            "`{file}`: the periods in {} ({}) have no year, and nothing in the sheet says which financial year they are",
            sheet.position(&format!("{}:{}", header + 1, header + 1)),
            headings
                .iter()
                .filter(|(_, h)| !matches!(h, Heading::Full(_)))
                .map(|(c, _)| format!("\"{}\"", shown(&header_cells[*c].text())))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_help("give the year with --year 2023/24, or write year = \"2023/24\" in the map, or put it in the table's title"));
    }
    read.year.clone_from(&year);
    let mut periods: Vec<(usize, ReportingPeriod)> = Vec::new();
    for (c, heading) in &headings {
        let period = match (*heading, year.as_ref()) {
            (Heading::Full(period), _) => Some(period),
            (Heading::Quarter(n), Some((y, _))) => {
                Quarter::new(*y, n).map(ReportingPeriod::of_quarter)
            }
            (Heading::Month(m), Some((y, _))) => month_period(*y, m),
            _ => None,
        };
        if let Some(period) = period {
            if let Some((other, _)) = periods.iter().find(|(_, p)| *p == period) {
                return Err(Error::usage(format!(
                    "`{file}`: {} and {} are both {period}",
                    at(*other, header),
                    at(*c, header)
                ))
                .with_help("map one of them to another field under [columns], or name their periods under [periods]"));
            }
            periods.push((*c, period));
        }
    }
    let frequency = periods.first().map(|(_, p)| p.frequency());
    if let Some(frequency) = frequency
        && let Some((c, odd)) = periods.iter().find(|(_, p)| p.frequency() != frequency)
    {
        return Err(Error::usage(format!(
            "`{file}`: {} is a {}, but {} is a {}: one table holds figures of one frequency",
            at(*c, header),
            odd.frequency().name(),
            at(periods[0].0, header),
            frequency.name()
        ))
        .with_help("import the months and the quarters from two tables, or map the odd column to ytd under [columns]"));
    }
    let mut columns: Vec<(usize, String)> = fields
        .iter()
        .map(|(field, c)| (*c, (*field).to_string()))
        .chain(periods.iter().map(|(c, period)| (*c, period.to_string())))
        .collect();
    columns.sort_by_key(|(c, _)| *c);
    read.columns = columns
        .into_iter()
        .map(|(c, what)| (at(c, header), shown(&header_cells[c].text()), what))
        .collect();
    let the_year = year
        .as_ref()
        .map(|(y, _)| *y)
        .or_else(|| periods.last().map(|(_, p)| p.financial_year()));

    // Leads: the map's names, the plan's, and those the table names alone.
    let mut known = Known::new(map.leads.keys().map(String::as_str).chain(
        request.manifest.into_iter().flat_map(|m| {
            m.leads.iter().flat_map(|lead| {
                std::iter::once(lead.name.as_str()).chain(lead.aliases.iter().map(String::as_str))
            })
        }),
    ));
    let title_column = column("title").unwrap_or(0);
    let last = sheet
        .rows
        .iter()
        .rposition(|cells| cells.iter().any(|cell| !cell.is_blank()))
        .unwrap_or(header);
    read.rows = last.saturating_sub(header);
    if let Some(c) = column("lead") {
        let texts: Vec<String> = (header + 1..=last)
            .map(|row| sheet.cell(row, c).text())
            .collect();
        known.add_cells(texts.iter().map(String::as_str));
    }
    let mut used_ids: HashSet<String> = HashSet::new();
    for row in header + 1..=last {
        let cells = sheet.rows.get(row).map(Vec::as_slice).unwrap_or_default();
        let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_blank()).collect();
        if filled.is_empty() {
            read.skipped_empty += 1;
            continue;
        }
        let title = sheet.cell(row, title_column).text().replace('\n', " ");
        if filled.len() == 1 {
            read.headings
                .push((at(filled[0], row), shown(&cells[filled[0]].text())));
            continue;
        }
        if title.is_empty() {
            read.caveats.push(Caveat {
                position: at(title_column, row),
                message: "the row has figures but no indicator name; not imported".into(),
            });
            continue;
        }
        let here = |field: &str| at(column(field).unwrap_or(title_column), row);
        let text = |field: &str| {
            column(field)
                .map(|c| sheet.cell(row, c).text())
                .filter(|t| !t.is_empty())
        };
        let mut error = |position: String, message: String| {
            read.errors.push(Caveat { position, message });
        };
        let settings = merged(&map.defaults, map.indicator(&title));
        let mut measure = Row {
            position: at(title_column, row),
            title: title.clone(),
            ..Row::default()
        };
        // The id: the map's, else made from the name by the name rule.
        let base =
            settings
                .id
                .clone()
                .unwrap_or_else(|| match portable::make_part(&title, ID_CHARS) {
                    slug if slug.is_empty() => "measure".into(),
                    slug => slug,
                });
        let mut id = base.clone();
        let mut n = 2;
        while !used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            measure
                .guesses
                .push(format!("file `{id}`, as `{base}` is an earlier row's"));
        }
        measure.id = id;
        // The unit: the map's, the unit column's, else what the figures say.
        let figure_cells: Vec<(usize, &Cell)> = periods
            .iter()
            .map(|(c, _)| (*c, sheet.cell(row, *c)))
            .chain(
                ["baseline", "target"]
                    .iter()
                    .filter_map(|f| column(f))
                    .map(|c| (c, sheet.cell(row, c))),
            )
            .filter(|(_, cell)| !matches!(cell, Cell::Text(t) if no_figure(t)) && !cell.is_blank())
            .collect();
        let marked = |mark: fn(&str) -> bool| {
            !figure_cells.is_empty()
                && figure_cells
                    .iter()
                    .all(|(_, cell)| matches!(cell, Cell::Text(t) if mark(t.trim())))
        };
        measure.unit = if let Some(unit) = &settings.unit {
            unit_word(unit)
        } else if let Some(unit) = text("unit") {
            unit_word(&unit)
        } else if marked(|t| t.ends_with('%')) {
            measure
                .guesses
                .push("unit \"%\" (every figure has %)".into());
            Some("%".into())
        } else if marked(|t| t.starts_with('£') || t.starts_with("-£")) {
            measure
                .guesses
                .push("unit \"£\" (every figure has £)".into());
            Some("£".into())
        } else {
            None
        };
        let unit = measure.unit.clone();
        let figure = |c: usize| -> Result<Option<f64>, String> {
            match sheet.cell(row, c) {
                Cell::Empty => Ok(None),
                Cell::Number(n) if n.is_finite() => Ok(Some(*n)),
                Cell::Text(t) if no_figure(t) => Ok(None),
                Cell::Text(t) => read_figure(t, unit.as_deref()).map(Some),
                Cell::Date(day) => Err(format!(
                    "{} is a date, not a figure",
                    day.format("%Y-%m-%d")
                )),
                other => Err(format!("`{}` is not a figure", shown(&other.text()))),
            }
        };
        // A cell formatted as a percentage holds a fraction: Excel keeps
        // 12.5% as 0.125. Figures of a % measure that are all plain numbers
        // no greater than 1 are refused rather than read as 0.125%.
        let fractions: Vec<usize> = periods
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| matches!(sheet.cell(row, *c), Cell::Number(n) if n.is_finite()))
            .collect();
        if unit.as_deref() == Some("%")
            && fractions
                .iter()
                .any(|c| matches!(sheet.cell(row, *c), Cell::Number(n) if *n != 0.0))
            && fractions
                .iter()
                .all(|c| matches!(sheet.cell(row, *c), Cell::Number(n) if n.abs() <= 1.0))
            && let Some(first) = fractions.first()
        {
            error(
                at(*first, row),
                format!(
                    "every figure of \"{}\" is a number no greater than 1, but its unit is %: a cell formatted as a percentage holds a fraction (12.5% is kept as 0.125), so csp will not guess which is meant; type the figures as 12.5 or 12.5%",
                    shown(&title)
                ),
            );
        }
        for (c, period) in &periods {
            match figure(*c) {
                Ok(Some(_)) if !performance::has_ended(*period, request.as_of) => error(
                    at(*c, row),
                    format!(
                        "a figure for {period}, which has not ended by {} (the as-of day); a figure comes once its period is over",
                        crate::dates::uk_date(request.as_of)
                    ),
                ),
                Ok(Some(value)) => measure.values.push((*period, value, None)),
                Ok(None) => {}
                Err(problem) => error(
                    at(*c, row),
                    format!("{problem} (the {period} figure of \"{}\")", shown(&title)),
                ),
            }
        }
        measure.values.sort_by_key(|(period, _, _)| *period);
        // Frequency: the table's; a frequency column must agree.
        measure.frequency = frequency;
        if let Some(said) = text("frequency") {
            match frequency_word(&said) {
                Some(f) if Some(f) == frequency || frequency.is_none() => {
                    measure.frequency = Some(f);
                }
                Some(f) => error(
                    here("frequency"),
                    format!(
                        "\"{}\" says {}, but the table's figures are per {}; import it from a table of its own",
                        shown(&said),
                        f.name(),
                        frequency.map_or("period", Frequency::name)
                    ),
                ),
                None => error(
                    here("frequency"),
                    format!(
                        "\"{}\" is not a frequency csp knows: write monthly, quarterly or annual",
                        shown(&said)
                    ),
                ),
            }
        }
        // The baseline and the target.
        if let Some(c) = column("baseline") {
            match figure(c) {
                Ok(Some(value)) => {
                    let said =
                        financial_year_in(&header_cells[c].text()).map(ReportingPeriod::of_year);
                    let period = settings
                        .baseline_period
                        .as_deref()
                        .and_then(|p| ReportingPeriod::parse(p).ok())
                        .or(said)
                        .or_else(|| {
                            let period = the_year
                                .and_then(FinancialYear::previous)
                                .map(ReportingPeriod::of_year)?;
                            measure.guesses.push(format!(
                                "baseline for {period}, the year before the table's"
                            ));
                            Some(period)
                        });
                    match period {
                        Some(period) => measure.baseline = Some((period, value)),
                        None => error(at(c, row), "the baseline's period is not known: write baseline_period = \"2022/23\" under [defaults] in the map".into()),
                    }
                }
                Ok(None) => {}
                Err(problem) => error(
                    at(c, row),
                    format!("{problem} (the baseline of \"{}\")", shown(&title)),
                ),
            }
        }
        if let Some(c) = column("target") {
            let raw = sheet.cell(row, c).text();
            let words = matches!(
                normalise(&raw).as_str(),
                "monitor" | "monitor only" | "no target" | "none set" | "baseline year"
            );
            match if words { Ok(None) } else { figure(c) } {
                Ok(Some(value)) => {
                    let target_year = financial_year_in(&header_cells[c].text()).or(the_year);
                    match target_year {
                        Some(y) => measure.target = Some((y, value)),
                        None => error(
                            at(c, row),
                            "the target's year is not known: give --year".into(),
                        ),
                    }
                }
                Ok(None) => {}
                Err(problem) => error(
                    at(c, row),
                    format!(
                        "{problem} (the target of \"{}\"; \"monitor only\" or a blank sets none)",
                        shown(&title)
                    ),
                ),
            }
        }
        // Which way is better: the map's, the column's, else the target
        // against the baseline.
        measure.better = if let Some(better) = settings.better.as_deref().and_then(Better::parse) {
            Some(better)
        } else if let Some(said) = text("better") {
            let better = map.better(&said);
            if better.is_none() {
                error(
                    here("better"),
                    format!(
                        "\"{}\" does not say which way is better: write \"Higher is better\" or \"Lower is better\", or map the word under [values.better]",
                        shown(&said)
                    ),
                );
            }
            better
        } else {
            match (measure.baseline, measure.target) {
                (Some((_, base)), Some((_, target))) if (base - target).abs() > f64::EPSILON => {
                    let better = if target < base {
                        Better::Lower
                    } else {
                        Better::Higher
                    };
                    measure.guesses.push(format!(
                        "better \"{}\" (the target is {} than the baseline)",
                        better.name(),
                        better.name()
                    ));
                    Some(better)
                }
                _ => {
                    error(
                        here("better"),
                        format!(
                            "nothing says whether higher or lower is better for \"{}\": add a Polarity column, or write better = \"higher\" or \"lower\" under [indicators.\"{}\"] in the map",
                            shown(&title),
                            shown(&title)
                        ),
                    );
                    None
                }
            }
        };
        measure.aggregate =
            if let Some(aggregate) = settings.aggregate.as_deref().and_then(Aggregate::parse) {
                Some(aggregate)
            } else if let Some(said) = text("aggregate") {
                let aggregate = measure_map::aggregate_word(&said);
                if aggregate.is_none() {
                    error(
                        here("aggregate"),
                        format!(
                            "\"{}\" is not a way csp combines figures: write sum, latest or mean",
                            shown(&said)
                        ),
                    );
                }
                aggregate
            } else if measure.unit.as_deref() == Some("%") {
                measure
                    .guesses
                    .push("aggregate \"latest\" (a percentage)".into());
                Some(Aggregate::Latest)
            } else {
                measure.guesses.push("aggregate \"sum\" (a count)".into());
                Some(Aggregate::Sum)
            };
        // The lead: the map's, else the column's bodies.
        let names: Vec<String> = match (&settings.lead, column("lead")) {
            (Some(lead), _) => vec![lead.clone()],
            (None, Some(c)) => bodies::split(&sheet.cell(row, c).text(), &known),
            (None, None) => Vec::new(),
        };
        if names.is_empty() {
            error(
                here("lead"),
                format!(
                    "\"{}\" has no lead: name the body that supplies its figures in a Lead column, or write lead = \"…\" under [defaults] or [indicators.\"{}\"] in the map",
                    shown(&title),
                    shown(&title)
                ),
            );
        }
        for name in names {
            let key = lead_key(&name, map, request.manifest, &mut read.new_leads);
            if !measure.lead.contains(&key) {
                measure.lead.push(key);
            }
        }
        measure.source = text("source").map(|t| t.replace('\n', " "));
        if let Some(said) = text("priority") {
            match super::rows::priorities(&said) {
                Some(numbers) => measure.priority = numbers,
                None => read.caveats.push(Caveat {
                    position: here("priority"),
                    message: format!("\"{}\" is not a priority number; left out", shown(&said)),
                }),
            }
        }
        if let Some(note) = text("note") {
            let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
            match measure.values.last_mut() {
                Some((period, _, slot)) => {
                    measure.guesses.push(format!(
                        "the commentary is the note of {period}, the latest figure"
                    ));
                    *slot = Some(note);
                }
                None => read.caveats.push(Caveat {
                    position: here("note"),
                    message: "commentary with no figure to note it on; not imported".into(),
                }),
            }
        }
        if let Some(c) = column("ytd")
            && let Some(said) = text("ytd")
            && !no_figure(&said)
        {
            match figure(c) {
                Ok(Some(value)) => measure.sheet_ytd = Some((at(c, row), value, said)),
                _ => read.caveats.push(Caveat {
                    position: at(c, row),
                    message: format!(
                        "the year to date \"{}\" is not a figure; not compared",
                        shown(&said)
                    ),
                }),
            }
        }
        measure.sheet_rag = text("rag").map(|said| (here("rag"), said));
        measure.sheet_direction = text("direction").map(|said| (here("direction"), said));
        read.measures.push(measure);
    }
    Ok(read)
}

/// `[defaults]` under one indicator's settings.
fn merged(defaults: &Settings, own: Option<Settings>) -> Settings {
    let own = own.unwrap_or_default();
    Settings {
        id: own.id,
        lead: own.lead.or_else(|| defaults.lead.clone()),
        unit: own.unit.or_else(|| defaults.unit.clone()),
        better: own.better.or_else(|| defaults.better.clone()),
        aggregate: own.aggregate.or_else(|| defaults.aggregate.clone()),
        baseline_period: own
            .baseline_period
            .or_else(|| defaults.baseline_period.clone()),
    }
}

/// The lead key a body's name is: the map's, the plan's lead of that key,
/// name or alias, one added already, else a new lead made by the name rule.
fn lead_key(
    name: &str,
    map: &MeasureMap,
    manifest: Option<&Manifest>,
    new_leads: &mut Vec<(String, String)>,
) -> String {
    let wanted = normalise(name);
    if let Some(key) = map.lead(name) {
        if manifest.is_none_or(|m| m.lead(key).is_none())
            && !new_leads.iter().any(|(k, _)| k == key)
        {
            new_leads.push((key.to_string(), name.to_string()));
        }
        return key.to_string();
    }
    if let Some(lead) = manifest.and_then(|m| m.find_lead(name)) {
        return lead.key.clone();
    }
    if let Some((key, _)) = new_leads
        .iter()
        .find(|(key, known)| normalise(known) == wanted || normalise(key) == wanted)
    {
        return key.clone();
    }
    let base = match portable::make_part(name, portable::MAX_PART_CHARS) {
        slug if slug.is_empty() => "lead".to_string(),
        slug => slug,
    };
    let mut key = base.clone();
    let mut n = 2;
    while new_leads.iter().any(|(k, _)| *k == key)
        || manifest.is_some_and(|m| m.lead(&key).is_some())
    {
        key = format!("{base}-{n}");
        n += 1;
    }
    new_leads.push((key.clone(), name.to_string()));
    key
}

/// A measure's file in the layout csp writes: fields in the format's
/// order, `[target]`, then `[values]` one line per period.
pub fn file_text(row: &Row) -> String {
    let mut text = format!("title = {}\n", quote(&row.title));
    let list = |items: &[String]| {
        items
            .iter()
            .map(|item| quote(item))
            .collect::<Vec<_>>()
            .join(", ")
    };
    text.push_str(&format!("lead = [{}]\n", list(&row.lead)));
    if let Some(unit) = &row.unit {
        text.push_str(&format!("unit = {}\n", quote(unit)));
    }
    if let Some(better) = row.better {
        text.push_str(&format!("better = \"{}\"\n", better.name()));
    }
    if let Some(frequency) = row.frequency {
        text.push_str(&format!("frequency = \"{}\"\n", frequency.name()));
    }
    if let Some(aggregate) = row.aggregate {
        text.push_str(&format!("aggregate = \"{}\"\n", aggregate.name()));
    }
    if let Some(source) = &row.source {
        text.push_str(&format!("source = {}\n", quote(source)));
    }
    if !row.priority.is_empty() {
        let numbers: Vec<String> = row.priority.iter().map(u32::to_string).collect();
        text.push_str(&format!("priority = [{}]\n", numbers.join(", ")));
    }
    if let Some((period, value)) = row.baseline {
        text.push_str(&format!(
            "baseline = {{ period = \"{period}\", value = {} }}\n",
            plain_number(value)
        ));
    }
    if let Some((year, value)) = row.target {
        text.push_str(&format!(
            "\n[target]\n\"{year}\" = {}\n",
            plain_number(value)
        ));
    }
    if !row.values.is_empty() {
        text.push_str("\n[values]\n");
        for (period, value, note) in &row.values {
            text.push_str(&figure_line(*period, *value, note.as_deref()));
        }
    }
    text
}

fn figure_line(period: ReportingPeriod, value: f64, note: Option<&str>) -> String {
    match note {
        Some(note) => format!(
            "\"{period}\" = {{ value = {}, note = {} }}\n",
            plain_number(value),
            quote(note)
        ),
        None => format!("\"{period}\" = {}\n", plain_number(value)),
    }
}

/// The plan's file of a measure the table has too, gaining the figures for
/// periods it lacks; `differs` gets each period whose figure differs
/// (set too when `replace`). `None` when nothing is added.
pub fn merge_into(
    before: &str,
    had: &Measure,
    row: &Row,
    replace: bool,
    differs: &mut Vec<String>,
) -> anyhow::Result<Option<String>> {
    let mut document: toml_edit::DocumentMut = before.parse()?;
    let mut changed = false;
    if !document.contains_table("values") {
        document.insert("values", toml_edit::Item::Table(toml_edit::Table::new()));
    }
    let Some(values) = document
        .get_mut("values")
        .and_then(toml_edit::Item::as_table_mut)
    else {
        anyhow::bail!("`values` in `{}` is not a table", had.relative_file());
    };
    for (period, value, note) in &row.values {
        if let Some(figure) = had.value_for(*period) {
            if (figure.value - value).abs() > f64::EPSILON {
                differs.push(format!(
                    "{period}: {} in the plan, {} in the table",
                    with_unit(figure.value, had.unit.as_deref()),
                    with_unit(*value, had.unit.as_deref())
                ));
                if !replace {
                    continue;
                }
            } else {
                continue;
            }
        }
        let line = figure_line(*period, *value, note.as_deref());
        let parsed: toml_edit::DocumentMut = line.parse()?;
        if let Some((key, item)) = parsed.iter().next() {
            values.insert(key, item.clone());
            changed = true;
        }
    }
    values.sort_values_by(|a, _, b, _| {
        let order = |key: &toml_edit::Key| ReportingPeriod::parse(key.get()).ok();
        order(a).cmp(&order(b))
    });
    Ok(changed.then(|| document.to_string()))
}

/// csp's year to date, RAG and direction beside the table's, for the rows
/// that have them: each disagreement, and how many agreed.
pub fn compare(
    read: &ReadMeasures,
    measures: &[(usize, Measure)],
    tolerance: crate::model::Tolerance,
) -> (Vec<Caveat>, usize) {
    let mut found = Vec::new();
    let mut agreed = 0;
    for (index, measure) in measures {
        let Some(row) = read.measures.get(*index) else {
            continue;
        };
        // Judged the day after the table's latest period: the table's year
        // to date is of that period's year.
        let Some(day) = measure
            .values
            .last()
            .and_then(|figure| figure.period.last_day().succ_opt())
        else {
            continue;
        };
        let standing = performance::standing(
            measure,
            day,
            measure.tolerance.unwrap_or(tolerance),
            measure.lag,
        );
        if let Some((position, value, said)) = &row.sheet_ytd {
            let decimals = said
                .split_once('.')
                .map_or(0, |(_, d)| d.chars().filter(char::is_ascii_digit).count());
            let slack = 0.5 * 10f64.powi(-i32::try_from(decimals).unwrap_or(0)) + 1e-9;
            match standing.ytd {
                Some(ytd) if (ytd - value).abs() <= slack => agreed += 1,
                Some(ytd) => found.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "the table's year to date is {}; csp's is {} ({} of {} {}, {}): not imported either way, csp works it out",
                        with_unit(*value, measure.unit.as_deref()),
                        with_unit(ytd, measure.unit.as_deref()),
                        measure.aggregate.name(),
                        crate::plural::count(standing.ytd_periods as usize, "figure"),
                        standing.year.map_or_else(String::new, |y| y.to_string()),
                        ytd_words(measure.aggregate)
                    ),
                }),
                None => found.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "the table gives a year to date of {}, but csp finds no figure for the year to work one out",
                        with_unit(*value, measure.unit.as_deref())
                    ),
                }),
            }
        }
        if let Some((position, said)) = &row.sheet_rag {
            let theirs = cells::read_rag(&Cell::Text(said.clone())).ok().flatten();
            match (theirs, standing.rag) {
                (Some(theirs), Some(ours)) if theirs == ours => agreed += 1,
                (Some(theirs), ours) => found.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "the table's RAG is {}; csp's is {}{}",
                        theirs.name(),
                        ours.map_or("none (no target or no figure)", Rag::name),
                        standing.target.map_or_else(String::new, |target| format!(
                            " ({} against {})",
                            standing.judged.map_or_else(
                                || "no figure".into(),
                                |v| with_unit(v, measure.unit.as_deref())
                            ),
                            with_unit(target.value, measure.unit.as_deref())
                        ))
                    ),
                }),
                (None, _) => found.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "\"{}\" is not a RAG rating csp reads; not compared",
                        shown(said)
                    ),
                }),
            }
        }
        if let Some((position, said)) = &row.sheet_direction {
            let theirs = direction_word(said, measure.better);
            match (theirs, standing.direction) {
                (Some(theirs), Some(ours)) if theirs == ours => agreed += 1,
                (Some(theirs), ours) => found.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "the table's direction of travel is {}; csp's, the latest figure against the one before, is {}",
                        theirs.words(),
                        ours.map_or("none (no figure before the latest)", Direction::words)
                    ),
                }),
                (None, _) => found.push(Caveat {
                    position: position.clone(),
                    message: format!("\"{}\" is not a direction of travel csp reads; not compared", shown(said)),
                }),
            }
        }
    }
    (found, agreed)
}

fn ytd_words(aggregate: Aggregate) -> &'static str {
    match aggregate {
        Aggregate::Sum => "summed",
        Aggregate::Latest => "the latest",
        Aggregate::Mean => "their mean",
    }
}

/// A direction of travel as tables write it: words, or an arrow for the
/// figure's movement, judged by which way is better.
fn direction_word(text: &str, better: Better) -> Option<Direction> {
    let word = normalise(text);
    let up = match word.as_str() {
        "improving" | "improved" | "better" | "improvement" => return Some(Direction::Improving),
        "worsening" | "worse" | "deteriorating" | "deteriorated" | "declining" => {
            return Some(Direction::Worsening);
        }
        "no change" | "same" | "stable" | "unchanged" | "static" | "→" | "↔" | "►" | "=" => {
            return Some(Direction::NoChange);
        }
        "↑" | "up" | "▲" | "⬆" | "increase" | "increasing" => true,
        "↓" | "down" | "▼" | "⬇" | "decrease" | "decreasing" => false,
        _ => return None,
    };
    Some(if up == (better == Better::Higher) {
        Direction::Improving
    } else {
        Direction::Worsening
    })
}

/// A figure as the report shows it.
pub fn show_figure(value: f64, unit: Option<&str>) -> String {
    if unit.is_none() {
        format_number(value)
    } else {
        with_unit(value, unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_as_tables_write_them() {
        for text in ["2023/24", "Performance 2023-24", "2023/2024", "Q1 23/24"] {
            assert_eq!(
                financial_year_in(text).map(|y| y.to_string()).as_deref(),
                Some("2023/24"),
                "{text}"
            );
        }
        assert_eq!(financial_year_in("2023/25"), None);
        assert_eq!(financial_year_in("12345/46"), None);
        assert_eq!(financial_year_in("no year"), None);
    }

    #[test]
    fn period_headers() {
        let text = |t: &str| heading_of(&Cell::Text(t.into()));
        assert_eq!(text("Q3"), Some(Heading::Quarter(3)));
        assert_eq!(text("Qtr 2"), Some(Heading::Quarter(2)));
        assert_eq!(text("Q1 (Apr-Jun)"), Some(Heading::Quarter(1)));
        assert_eq!(text("Sept"), Some(Heading::Month(9)));
        assert_eq!(
            text("Apr-23"),
            Some(Heading::Full(ReportingPeriod::parse("Apr 2023").unwrap()))
        );
        assert_eq!(
            text("Q2 2023/24"),
            Some(Heading::Full(ReportingPeriod::parse("Q2 2023/24").unwrap()))
        );
        assert_eq!(text("Q5"), None);
        assert_eq!(text("Quarterly"), None);
        assert_eq!(text("Target"), None);
        assert_eq!(text("Marchers"), None);
    }
}
