//! Rows of a tracker into actions: the header row found by the map's
//! headers, blank rows skipped, a row with one filled cell read as the
//! heading of the section below it, and every value read with a caveat
//! named by sheet and cell.

use chrono::NaiveDate;

use super::bodies::{self, Known};
use super::map::Map;
use super::normalise;
use crate::dates::{Due, Period};
use crate::error::Error;
use crate::model::{Rag, Status};
use crate::portable::PlanPath;
use crate::sheet::Sheet;
use crate::sheet::cells::{self, Cell, cell_name};
use crate::suggest;

/// A value read with a caveat, or a row not imported: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caveat {
    /// `Actions!D14`, or `D14` in a CSV file.
    pub position: String,
    pub message: String,
}

/// One row read as an action, with the sheet's texts as written.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// `Actions!A5`: the row's first cell.
    pub position: String,
    /// The id cell made portable (see [`crate::portable`]).
    pub id: Option<PlanPath>,
    /// The section cell (or the heading row above), as written.
    pub section: Option<String>,
    /// The headings stacked above the section, outermost first: rows of
    /// one cell each, one after another ("Objective 1", "Strategic goal"),
    /// kept as sections nested in each other.
    pub parents: Vec<String>,
    /// The row's numbering ("1", "2.3", "1a"), kept in its id; the title is
    /// the words after it.
    pub reference: Option<String>,
    pub title: String,
    pub description: String,
    /// Names as written, split into one per body.
    pub leads: Vec<(String, String)>,
    pub partners: Vec<(String, String)>,
    pub contacts: Vec<String>,
    pub priority: Vec<u32>,
    pub tags: Vec<String>,
    pub timescale: Option<String>,
    pub due: Option<Due>,
    /// A due counted from the plan's start ("within six months of
    /// commencement"), written `start+6m` when the plan has a start.
    pub due_from_start: Option<Period>,
    /// The words of the due cell that gave the due, when they are not the
    /// whole cell ("by June 2002"), with the cell's position.
    pub due_words: Option<(String, String)>,
    pub every: Option<String>,
    pub status: Option<Status>,
    pub rag: Option<Rag>,
    pub completed: Option<NaiveDate>,
    /// Progress notes: the update column's, and "Update – …" paragraphs
    /// of the action's text.
    pub updates: Vec<(NaiveDate, String)>,
}

/// What a sheet held.
#[derive(Clone, Debug, Default)]
pub struct Read {
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
    /// From 1, as the spreadsheet numbers rows.
    pub header_row: usize,
    /// Rows below the header, up to the last with anything in it.
    pub rows: usize,
    pub actions: Vec<Imported>,
    pub skipped_empty: usize,
    /// Rows read as section headings: (position, title).
    pub headings: Vec<(String, String)>,
    /// Rows with text but nothing to make an action of.
    pub skipped: Vec<Caveat>,
    pub caveats: Vec<Caveat>,
    /// Dues read from words in a longer text: which words gave each.
    pub dues: Vec<Caveat>,
    /// Columns with values that the map does not use, in sheet order.
    pub unused: Vec<Unused>,
}

/// A column the map does not use, and how many values below the header
/// row it holds: what the import leaves behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unused {
    /// `Plan!D4`: the column's header cell.
    pub position: String,
    /// The header as written; empty when the column has none.
    pub header: String,
    pub values: usize,
}

/// The sheet's index, the header row's, and each mapped field's column.
type Header = (usize, usize, Vec<(&'static str, usize)>);

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH: usize = 30;

/// Which sheet to read and which row is its header: the named sheet, else
/// the first whose header row holds the map's headers.
fn find_header(
    sheets: &[Sheet],
    map: &Map,
    wanted: Option<&str>,
    shown: &str,
) -> Result<Header, Error> {
    let fields = map.columns.fields();
    let candidates: Vec<usize> = match wanted {
        Some(name) => {
            let index = sheet_named(sheets, name, shown)?;
            vec![index]
        }
        None => (0..sheets.len()).collect(),
    };
    let mut best: Option<(usize, usize, usize)> = None;
    for &index in &candidates {
        let sheet = &sheets[index];
        for row in 0..sheet.rows.len().min(HEADER_SEARCH) {
            let found = fields
                .iter()
                .filter(|(_, header)| column_of(sheet, row, header).is_some())
                .count();
            if found > 0 && best.is_none_or(|(_, _, most)| found > most) {
                best = Some((index, row, found));
            }
        }
        if best.is_some_and(|(_, _, most)| most == distinct_headers(map)) {
            break;
        }
    }
    let Some((index, row, _)) = best else {
        return Err(Error::usage(format!("`{shown}` has no row with the map's headers in its first {HEADER_SEARCH} rows"))
            .with_help("check [columns] in the map against the sheet's header row, or make a map with --guess-map"));
    };
    let sheet = &sheets[index];
    let mut columns = Vec::new();
    let mut missing = Vec::new();
    for (field, header) in fields {
        match column_of(sheet, row, header) {
            Some(column) => columns.push((field, column)),
            None => missing.push((field, header)),
        }
    }
    if !missing.is_empty() {
        let headers: Vec<String> = sheet
            .rows
            .get(row)
            .map(|cells| {
                cells
                    .iter()
                    .map(Cell::text)
                    .filter(|text| !text.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let list = missing
            .iter()
            .map(|(field, header)| {
                let near =
                    suggest::closest_name(&normalise(header), headers.iter().map(String::as_str));
                match near {
                    Some(near) => format!("{field} = \"{header}\" (did you mean \"{near}\"?)"),
                    None => format!("{field} = \"{header}\""),
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::usage(format!(
            "`{shown}`: {} has no column for {list}",
            sheet.position(&format!("{}:{}", row + 1, row + 1))
        ))
        .with_help(format!(
            "its headers are {}",
            headers
                .iter()
                .map(|header| format!("\"{header}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok((index, row, columns))
}

/// The sheet named `name` (case and spacing ignored), or a usage error
/// listing the sheets there are.
pub fn sheet_named(sheets: &[Sheet], name: &str, shown: &str) -> Result<usize, Error> {
    if let Some(index) = sheets.iter().position(|sheet| {
        sheet
            .name
            .as_deref()
            .is_some_and(|sheet| normalise(sheet) == normalise(name))
    }) {
        return Ok(index);
    }
    let names: Vec<String> = sheets
        .iter()
        .filter_map(|sheet| sheet.name.as_deref())
        .map(|name| format!("\"{name}\""))
        .collect();
    Err(
        Error::usage(format!("`{shown}` has no sheet \"{name}\"")).with_help(if names.is_empty() {
            "a CSV file has no sheets: leave out --sheet".to_string()
        } else {
            format!("its sheets are {}", names.join(", "))
        }),
    )
}

fn distinct_headers(map: &Map) -> usize {
    let mut headers: Vec<String> = map
        .columns
        .fields()
        .iter()
        .map(|(_, header)| normalise(header))
        .collect();
    headers.sort();
    headers.dedup();
    headers.len()
}

fn column_of(sheet: &Sheet, row: usize, header: &str) -> Option<usize> {
    let wanted = normalise(header);
    sheet
        .rows
        .get(row)?
        .iter()
        .position(|cell| normalise(&cell.text()) == wanted)
}

/// Reads the tracker's rows as the map says. `known` are names of bodies
/// that are one body even with "and" or "," in them (the map's and the
/// plan's); `notes_on` (the day --on gives) dates an update with no date
/// column nor a day in its text; `today` dates a row marked
/// done with no completion date.
pub fn read(
    sheets: &[Sheet],
    map: &Map,
    wanted: Option<&str>,
    shown: &str,
    known: &[String],
    today: NaiveDate,
    notes_on: Option<NaiveDate>,
) -> Result<Read, Error> {
    let (index, header, columns) = find_header(sheets, map, wanted, shown)?;
    let sheet = &sheets[index];
    let column = |field: &str| {
        columns
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, column)| *column)
    };
    if column("lead").is_none() {
        return Err(no_lead_column(sheet, header, &columns, shown));
    }
    let mut known = Known::new(
        known
            .iter()
            .map(String::as_str)
            .chain(map.leads.keys().map(String::as_str)),
    );
    let body_cells: Vec<String> = ["lead", "partners"]
        .into_iter()
        .filter_map(column)
        .flat_map(|c| {
            sheet
                .rows
                .iter()
                .skip(header + 1)
                .map(move |cells| cells.get(c).map(Cell::text).unwrap_or_default())
        })
        .collect();
    known.add_cells(body_cells.iter().map(String::as_str));
    let mut read = Read {
        sheet: sheet.name.clone(),
        header_row: header + 1,
        ..Read::default()
    };
    let last = sheet
        .rows
        .iter()
        .rposition(|cells| cells.iter().any(|cell| !cell.is_blank()))
        .unwrap_or(header);
    read.rows = last.saturating_sub(header);
    // The numbering of the rows with more than one cell filled: a row with
    // only its first cell filled and numbered like them is an action.
    let text_column = column("title").or(column("description"));
    let shapes: Vec<(usize, bool)> = (header + 1..=last)
        .filter_map(|row| {
            let cells = sheet.rows.get(row)?;
            let filled = cells.iter().filter(|cell| !cell.is_blank()).count();
            let text = sheet.cell(row, text_column?).text();
            (filled > 1)
                .then(|| split_ref(&text).map(|(r, _)| ref_shape(&r)))
                .flatten()
        })
        .collect();
    let mut section: Option<String> = None;
    // Headings stacked one after another, outermost first; an action row
    // ends a stack, and the next heading starts a new one.
    let mut stack: Vec<String> = Vec::new();
    let mut stacking = false;
    for row in header + 1..=last {
        let cells = sheet.rows.get(row).map(Vec::as_slice).unwrap_or_default();
        let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_blank()).collect();
        let at = |c: usize| sheet.position(&cell_name(c, row));
        let first = filled.first().copied().unwrap_or(0);
        if filled.is_empty() {
            read.skipped_empty += 1;
            continue;
        }
        let numbered_alone = filled.len() == 1
            && split_ref(&cells[first].text())
                .is_some_and(|(r, _)| shapes.contains(&ref_shape(&r)));
        if filled.len() == 1 && column("id").is_none_or(|id| id != first) && !numbered_alone {
            let title = cells[first].text().replace('\n', " ");
            read.headings.push((at(first), title.clone()));
            if !stacking {
                stack.clear();
            }
            stack.push(title.clone());
            stacking = true;
            section = Some(title);
            continue;
        }
        stacking = false;
        let cell = |field: &str| column(field).map_or(&Cell::Empty, |c| sheet.cell(row, c));
        let text = |field: &str| Some(cell(field).text()).filter(|text| !text.is_empty());
        let here = |field: &str| at(column(field).unwrap_or(first));
        if numbered_alone {
            read.caveats.push(Caveat {
                position: at(first),
                message: "only this cell is filled, but it is numbered like the actions around it: imported as an action, not a section heading".into(),
            });
        }
        let mut caveat = |field: &str, message: String| {
            read.caveats.push(Caveat {
                position: here(field),
                message,
            });
        };
        let mut parents: Vec<String> = stack[..stack.len().saturating_sub(1)].to_vec();
        if let Some(named) = text("section") {
            section = Some(named.replace('\n', " "));
            parents.clone_from(&stack);
        }
        // Several description columns are joined, each under its header's
        // name (the title's own column first, as it is).
        let described: Vec<String> = columns
            .iter()
            .filter(|(field, _)| *field == "description")
            .filter_map(|&(_, c)| {
                let said = sheet.cell(row, c).text();
                if said.is_empty() {
                    None
                } else if columns
                    .iter()
                    .filter(|(field, _)| *field == "description")
                    .count()
                    == 1
                    || Some(c) == column("title")
                {
                    Some(said)
                } else {
                    Some(format!("{}: {said}", sheet.cell(header, c).text()))
                }
            })
            .collect();
        let description = Some(described.join("\n\n")).filter(|text| !text.is_empty());
        let only_title = column("title").is_some()
            && columns
                .iter()
                .filter(|(field, _)| *field == "description")
                .all(|&(_, c)| Some(c) == column("title"));
        // A numbered row with only its first cell filled: its text is the
        // action's, wherever the map puts titles.
        let description = if numbered_alone && description.is_none() && text("title").is_none() {
            Some(cells[first].text())
        } else {
            description
        };
        let (title, description) = match (text("title"), description) {
            (Some(title), Some(description)) if !only_title => {
                let shared = columns
                    .iter()
                    .any(|&(field, c)| field == "description" && Some(c) == column("title"));
                (
                    if shared { derive_title(&title) } else { title },
                    description,
                )
            }
            (Some(text), _) | (None, Some(text)) => (derive_title(&text), text),
            (None, None) => {
                read.skipped.push(Caveat {
                    position: at(first),
                    message: "has no title or description; not imported".into(),
                });
                continue;
            }
        };
        // An id cell names the action's file: it passes the name rule or
        // the row is not imported, before anything is built from it.
        let id = match text("id").map(|written| (PlanPath::from_text(&written), written)) {
            None => None,
            Some((Ok(made), written)) => {
                if made.changed {
                    caveat(
                        "id",
                        format!(
                            "the id \"{}\" is not a portable file name (lowercase letters, digits and '-'); imported as `{}`",
                            shown_text(&written),
                            made.path
                        ),
                    );
                }
                Some(made.path)
            }
            Some((Err(problem), written)) => {
                read.skipped.push(Caveat {
                    position: here("id"),
                    message: format!(
                        "the id \"{}\" {problem}; not imported (an id is a path inside the plan, e.g. `section/action-name`)",
                        shown_text(&written)
                    ),
                });
                continue;
            }
        };
        // "Update – launched on 6th July 2017 …" inside the action's text
        // is a progress note: dated by the day it names, else reported and
        // left in the description.
        let mut notes = Vec::new();
        let mut kept = Vec::new();
        for line in description.split('\n') {
            let Some(note) = note_in(line) else {
                kept.push(line);
                continue;
            };
            if let Some(day) = cells::day_in_text(note) {
                notes.push((day, note.to_string()));
            } else {
                caveat(
                    "description",
                    format!(
                        "the progress note \"{}\" in the action's text has no date; left in the description",
                        shown_text(note)
                    ),
                );
                kept.push(line);
            }
        }
        let description = if notes.is_empty() {
            description
        } else {
            kept.join("\n").trim().to_string()
        };
        let description = if description.is_empty() {
            title.clone()
        } else {
            description
        };
        // "1. Provide citizenship education, …": the number is a reference,
        // the title the words after it.
        let (reference, title) = match split_ref(&title) {
            Some((reference, rest)) => (Some(reference), derive_title(rest)),
            None => (None, title),
        };
        let reference = text("ref")
            .map(|written| written.replace('\n', " "))
            .or(reference);
        let mut action = Imported {
            reference,
            position: at(first),
            id,
            section: section.clone(),
            parents,
            title,
            description,
            updates: notes,
            ..Imported::default()
        };
        action.leads = split_names(cell("lead"), &known, &here("lead"));
        action.partners = split_names(cell("partners"), &known, &here("partners"));
        action.contacts = split_list(&cell("contacts").text());
        action.tags = split_list(&cell("tags").text());
        if let Some(priority) = text("priority") {
            match map.priority(&priority).or_else(|| priorities(&priority)) {
                Some(numbers) => action.priority = numbers,
                None => caveat(
                    "priority",
                    format!(
                        "\"{priority}\" is not a priority number; left out (map it under [values.priority])"
                    ),
                ),
            }
        }
        action.timescale = text("timescale");
        if column("due").is_some() {
            let due_cell = cell("due");
            let found = cells::read_timescale(due_cell);
            action.due = found.due;
            action.due_from_start = found.from_start;
            action.due_words = found.words.map(|words| (here("due"), words));
            action.every = found.every.map(str::to_string);
            if let (Some(due), Some((position, words))) = (action.due, &action.due_words) {
                read.dues.push(Caveat {
                    position: position.clone(),
                    message: format!(
                        "due {}{} from \"{words}\"",
                        due.uk(),
                        action
                            .every
                            .as_ref()
                            .map_or_else(String::new, |every| format!(", every {every},"))
                    ),
                });
            }
            // The timescale is always kept as written, where a due was
            // read from prose or counted from the start.
            if action.timescale.is_none() && (action.due_words.is_some() || found.unread.is_some())
            {
                action.timescale = text("due");
            }
            if let Some(bad) = found.unread {
                caveat(
                    "due",
                    format!("{}; left undated, kept as timescale", bad.message),
                );
            }
        }
        if let Some(every) = text("every") {
            match Period::parse_every(&every) {
                Ok(_) => action.every = Some(every),
                Err(error) => caveat(
                    "every",
                    format!(
                        "\"{every}\" is not a recurrence csp reads ({}); left out",
                        error.message
                    ),
                ),
            }
        }
        if let Some(status) = text("status") {
            match map
                .status(&status)
                .or_else(|| cells::read_status(cell("status")).ok().flatten())
            {
                Some(status) => action.status = Some(status),
                None => caveat(
                    "status",
                    format!(
                        "\"{status}\" is not a status csp knows; left open (map it under [values.status])"
                    ),
                ),
            }
        }
        if let Some(rag) = text("rag") {
            match map
                .rag(&rag)
                .or_else(|| cells::read_rag(cell("rag")).ok().flatten())
            {
                Some(rag) => action.rag = Some(rag),
                None => caveat(
                    "rag",
                    format!(
                        "\"{rag}\" is not a RAG rating csp knows; left unrated (map it under [values.rag])"
                    ),
                ),
            }
        }
        match cells::read_day(cell("completed")) {
            Ok(day) => action.completed = day,
            Err(bad) => caveat("completed", format!("{}; left out", bad.message)),
        }
        if let Some(note) = text("update") {
            // A note is dated by its date column, else by the one day its
            // text names, else by --on; with none of them it is reported,
            // never dated today in silence.
            let day = match cells::read_day(cell("update_date")) {
                Ok(Some(day)) => Some(day),
                Ok(None) => cells::day_in_text(&note).or(notes_on),
                Err(bad) => {
                    let day = cells::day_in_text(&note).or(notes_on);
                    caveat(
                        "update_date",
                        format!(
                            "{}; {}",
                            bad.message,
                            day.map_or_else(
                                || "the update is not imported".to_string(),
                                |day| format!("the update is dated {}", day.format("%Y-%m-%d"))
                            )
                        ),
                    );
                    day
                }
            };
            match day {
                Some(day) => action.updates.push((day, note)),
                None => caveat(
                    "update",
                    format!(
                        "the note \"{}\" has no date; not imported (map update_date to its date column, or give --on DAY to date such notes)",
                        shown_text(&note)
                    ),
                ),
            }
        }
        action.updates.sort_by_key(|(day, _)| *day);
        if action.completed.is_some() && action.status.is_none() {
            action.status = Some(Status::Done);
        }
        // Trackers mark a row "Complete" and rarely say when: the import
        // records it as done on the day of the import, and says so, rather
        // than refusing a plan that would lack the completion date.
        if action.status == Some(Status::Done) && action.completed.is_none() {
            action.completed = Some(today);
            caveat(
                "status",
                format!(
                    "marked done with no date; recorded as done on {}",
                    today.format("%Y-%m-%d")
                ),
            );
        }
        read.actions.push(action);
    }
    read.unused = unused(sheet, header, last, &columns);
    Ok(read)
}

/// The one message for a map with no lead column, naming the sheet's
/// columns that might be it: those the map does not use, the likeliest
/// ("Responsible", "Agency", "Officer") first.
fn no_lead_column(sheet: &Sheet, header: usize, columns: &[(&str, usize)], shown: &str) -> Error {
    let likely = [
        "lead",
        "responsib",
        "agenc",
        "officer",
        "owner",
        "partner",
        "who",
        "organisation",
    ];
    let mut candidates: Vec<(bool, String)> = sheet
        .rows
        .get(header)
        .map(|cells| {
            cells
                .iter()
                .enumerate()
                .filter(|(c, cell)| !cell.is_blank() && !columns.iter().any(|(_, used)| used == c))
                .map(|(_, cell)| {
                    let text = cell.text().replace('\n', " ");
                    let lower = text.to_lowercase();
                    (!likely.iter().any(|word| lower.contains(word)), text)
                })
                .collect()
        })
        .unwrap_or_default();
    candidates.sort_by_key(|(unlikely, _)| *unlikely);
    let names: Vec<String> = candidates
        .iter()
        .map(|(_, text)| format!("\"{text}\""))
        .collect();
    Error::usage(format!(
        "`{shown}`: the map maps no column to `lead`, and every action needs a lead"
    ))
    .with_help(if names.is_empty() {
        "add a column naming each action's lead body, and map it with lead = \"…\" under [columns]"
            .to_string()
    } else {
        format!(
            "the columns that might be it: {}; map one with lead = \"…\" under [columns]",
            names.join(", ")
        )
    })
}

/// Every column with values below the header row that no field reads.
fn unused(sheet: &Sheet, header: usize, last: usize, columns: &[(&str, usize)]) -> Vec<Unused> {
    let width = sheet
        .rows
        .iter()
        .take(last + 1)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..width)
        .filter(|c| !columns.iter().any(|(_, used)| used == c))
        .filter_map(|c| {
            let values = (header + 1..=last)
                .filter(|&row| !sheet.cell(row, c).is_blank())
                .count();
            (values > 0).then(|| Unused {
                position: sheet.position(&cell_name(c, header)),
                header: sheet.cell(header, c).text().replace('\n', " "),
                values,
            })
        })
        .collect()
}

/// A row's numbering and the words after it: "1. Provide …", "1a Provide
/// …", "2.3 Agree …", "7) Develop …". `None` for a text that does not
/// start with one ("2024 review", "24/7 CCTV").
pub fn split_ref(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let mut end = digits;
    let bytes = text.as_bytes();
    // "2.3", "2.3.1": more numbers after dots.
    while end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        end += bytes[end..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    // "1a"
    if end < bytes.len()
        && bytes[end].is_ascii_lowercase()
        && bytes.get(end + 1).is_some_and(|b| !b.is_ascii_alphabetic())
    {
        end += 1;
    }
    let reference = &text[..end];
    let rest = &text[end..];
    let rest = rest.strip_prefix(['.', ')', ':']).unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    (!rest.is_empty()).then(|| (reference.to_string(), rest))
}

/// The shape of a numbering, for "numbered like the actions around it":
/// how many numbers, and whether a letter follows.
fn ref_shape(reference: &str) -> (usize, bool) {
    (
        reference.split('.').count(),
        reference.ends_with(|c: char| c.is_ascii_lowercase()),
    )
}

/// The note of a line such as "Update – the strategy was launched …" or
/// "Progress: …": the words after the marker.
fn note_in(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let lower = trimmed.to_lowercase();
    for marker in ["latest update", "progress update", "update", "progress"] {
        if lower.starts_with(marker) && trimmed.is_char_boundary(marker.len()) {
            let rest = trimmed[marker.len()..].trim_start();
            if let Some(note) = rest.strip_prefix(['–', '-', ':', '—']) {
                let note = note.trim();
                return (!note.is_empty()).then_some(note);
            }
        }
    }
    None
}

/// A title from an action's only text: itself when short, else its first
/// sentence, else its first words.
pub fn derive_title(text: &str) -> String {
    const MOST: usize = 90;
    let line = text.lines().next().unwrap_or_default().trim();
    // "1. Provide …": the numbering is not the first sentence.
    if let Some((reference, rest)) = split_ref(line) {
        return format!("{reference}. {}", derive_title(rest));
    }
    if line.chars().count() <= MOST {
        return line.trim_end_matches('.').to_string();
    }
    if let Some((sentence, _)) = line.split_once(". ")
        && sentence.chars().count() <= MOST
    {
        return sentence.to_string();
    }
    let mut title = String::new();
    for word in line.split_whitespace() {
        if title.chars().count() + word.chars().count() + 1 > MOST - 1 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    title.push('…');
    title
}

/// `"Priority 1"`, `"1"`, `"1 and 2"`, `"P2"`, `"1; 2"`.
pub(crate) fn priorities(text: &str) -> Option<Vec<u32>> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|digits| !digits.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let words: String = text
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    let words = words
        .replace("priority", "")
        .replace("and", "")
        .replace('p', "");
    (!numbers.is_empty() && words.is_empty()).then_some(numbers)
}

fn split_list(text: &str) -> Vec<String> {
    let separator = if text.contains(';') { ';' } else { ',' };
    text.split(separator)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Bodies named in a cell, by the one rule of [`bodies::split`], each
/// with the position of its cell.
fn split_names(cell: &Cell, known: &Known, position: &str) -> Vec<(String, String)> {
    bodies::split(&cell.text(), known)
        .into_iter()
        .map(|name| (name, position.to_string()))
        .collect()
}

/// A cell's text as quoted in a message: one line, at most 80 characters,
/// so a hostile megabyte-long id does not flood the report.
fn shown_text(text: &str) -> String {
    const MOST: usize = 80;
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MOST + 1)
        .collect();
    if line.chars().count() > MOST {
        format!("{}…", line.chars().take(MOST).collect::<String>())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_as_trackers_write_them() {
        assert_eq!(priorities("Priority 1"), Some(vec![1]));
        assert_eq!(priorities("1 and 2"), Some(vec![1, 2]));
        assert_eq!(priorities("P2"), Some(vec![2]));
        assert_eq!(priorities("High"), None);
    }

    #[test]
    fn titles_from_long_text() {
        assert_eq!(
            derive_title("Refresh Prevent training."),
            "Refresh Prevent training"
        );
        let long = "Deliver the annual programme of awareness raising. Then do a great many other things that make this sentence far too long for any title at all.";
        assert_eq!(
            derive_title(long),
            "Deliver the annual programme of awareness raising"
        );
    }
}
