//! `--guess-map`: a draft map from a tracker's header row and values, for
//! the user to correct.

use super::normalise;
use crate::sheet::Sheet;
use crate::sheet::cells::{self, Cell};

/// Header words that say which field a column holds, most telling first.
/// An objective, aim or outcome column is not the title: the action
/// column is, and objectives are the sections actions sit in.
const FIELDS: [(&str, &[&str]); 18] = [
    ("id", &["id", "action id"]),
    (
        "ref",
        &[
            "ref",
            "reference",
            "no",
            "no.",
            "ref.",
            "ref no",
            "action no",
            "action no.",
            "number",
            "#",
        ],
    ),
    (
        "title",
        &[
            "action",
            "actions",
            "title",
            "action title",
            "key actions",
            "action to be taken",
            "actions to be taken",
            "task",
        ],
    ),
    (
        "description",
        &[
            "description",
            "detail",
            "details",
            "action detail",
            "what we will do",
            "activity",
        ],
    ),
    (
        "lead",
        &[
            "lead",
            "lead agency",
            "lead partner",
            "lead organisation",
            "lead officer",
            "owner",
            "responsible",
            "responsible agency",
            "who",
        ],
    ),
    (
        "partners",
        &[
            "partners",
            "partner agencies",
            "supporting partners",
            "support",
            "partners involved",
        ],
    ),
    ("contacts", &["contacts", "contact", "officer"]),
    ("priority", &["priority", "priorities", "csp priority"]),
    ("tags", &["tags"]),
    (
        "timescale",
        &[
            "timescale",
            "timescales",
            "timeframe",
            "deadline",
            "target date",
            "completion date",
            "target completion date",
            "due date",
            "by when",
            "when",
            "date",
        ],
    ),
    ("due", &["due", "due as written"]),
    ("every", &["every", "frequency", "recurrence"]),
    ("status", &["status", "progress status"]),
    ("rag", &["rag", "rag rating", "rag status", "rating"]),
    (
        "completed",
        &[
            "completed",
            "date completed",
            "completed on",
            "date of completion",
        ],
    ),
    (
        "section",
        &[
            "section",
            "theme",
            "objective",
            "objectives",
            "strategic objective",
            "aim",
            "aims",
            "area",
            "strand",
            "workstream",
            "heading",
            "strategic priority",
            "priority area",
        ],
    ),
    (
        "update",
        &[
            "latest update",
            "update",
            "progress",
            "progress update",
            "latest note",
            "comments",
            "notes",
        ],
    ),
    (
        "update_date",
        &["latest note date", "update date", "date of update"],
    ),
];

/// The field a header probably names when it is none of [`FIELDS`]'
/// words: "Lead Agency / Officer", "Output target and date(s)",
/// "Progress comments". `description` for a column of text to keep under
/// its header ("Outcome", "Funding", "Measure of success").
fn field_by_words(header: &str) -> Option<&'static str> {
    let words: Vec<String> = header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    let has = |wanted: &[&str]| words.iter().any(|word| wanted.contains(&word.as_str()));
    if has(&["lead", "leads", "responsible", "owner"])
        && (has(&[
            "agency",
            "agencies",
            "officer",
            "officers",
            "partner",
            "partners",
            "organisation",
            "organisations",
            "organization",
            "body",
        ]) || words.len() <= 2)
    {
        return Some("lead");
    }
    if has(&[
        "theme",
        "themes",
        "objective",
        "objectives",
        "strand",
        "workstream",
    ]) {
        return Some("section");
    }
    if has(&[
        "date",
        "dates",
        "deadline",
        "timescale",
        "timescales",
        "when",
    ]) && !has(&["update", "note", "completed"])
    {
        return Some("timescale");
    }
    if has(&[
        "update",
        "updates",
        "progress",
        "comment",
        "comments",
        "notes",
        "commentary",
    ]) {
        return Some("update");
    }
    if has(&[
        "outcome",
        "outcomes",
        "output",
        "outputs",
        "funding",
        "resources",
        "resource",
        "cost",
        "costs",
        "measure",
        "measures",
        "success",
        "impact",
        "budget",
        "target",
        "targets",
        "milestone",
        "milestones",
        "evidence",
    ]) {
        return Some("description");
    }
    None
}

const STATUS_WORDS: [(&str, &str); 14] = [
    ("complete", "done"),
    ("completed", "done"),
    ("achieved", "done"),
    ("closed", "done"),
    ("on track", "in-progress"),
    ("ongoing", "in-progress"),
    ("in progress", "in-progress"),
    ("started", "in-progress"),
    ("not started", "open"),
    ("not yet started", "open"),
    ("delayed", "blocked"),
    ("on hold", "blocked"),
    ("cancelled", "dropped"),
    ("withdrawn", "dropped"),
];

/// A column recognised: its field, index and header text.
type Found = (&'static str, usize, String);

/// The draft map's text: the sheet read, the header row, the columns
/// recognised (and those not), the distinct statuses, RAG words and
/// leads found below it.
pub fn guess(sheets: &[Sheet], wanted: Option<&str>, shown: &str) -> Option<String> {
    let mut best: Option<(&Sheet, usize, Vec<Found>)> = None;
    for sheet in sheets.iter().filter(|sheet| {
        wanted.is_none_or(|name| {
            sheet
                .name
                .as_deref()
                .is_some_and(|sheet| normalise(sheet) == normalise(name))
        })
    }) {
        for row in 0..sheet.rows.len().min(30) {
            let found = recognise(&sheet.rows[row]);
            if best
                .as_ref()
                .is_none_or(|(_, _, most)| found.len() > most.len())
            {
                best = Some((sheet, row, found));
            }
        }
    }
    let (sheet, row, found) = best.filter(|(_, _, found)| !found.is_empty())?;
    let mut text = format!(
        "# A draft import map for {shown}, guessed by `csp import --guess-map` from\n# {} (the header row): check every line, then\n#   csp import {shown} --map THIS-FILE --dry-run\n# docs/import.md describes the map.\n\n[columns]\n",
        sheet.position(&format!("{}:{}", row + 1, row + 1))
    );
    let quote = crate::edit::document::quote;
    let described: Vec<&str> = found
        .iter()
        .filter(|(field, _, _)| *field == "description")
        .map(|(_, _, header)| header.as_str())
        .collect();
    let title = found.iter().find(|(field, _, _)| *field == "title");
    for (field, _, header) in &found {
        if *field != "description" {
            text.push_str(&format!("{field} = {}\n", quote(header)));
        }
    }
    // Text columns beside the action's own (an outcome, the funding) are
    // joined into the description, each under its header.
    let real = |header: &str| FIELDS[3].1.contains(&normalise(header).as_str());
    let own = described
        .iter()
        .copied()
        .find(|header| real(header))
        .or(title.map(|(_, _, header)| header.as_str()));
    let extras: Vec<&str> = described
        .iter()
        .copied()
        .filter(|header| !real(header))
        .collect();
    match (own, extras.as_slice()) {
        (Some(own), []) if described.contains(&own) => {
            text.push_str(&format!("description = {}\n", quote(own)));
        }
        (Some(own), extras) if !extras.is_empty() => {
            let list: Vec<String> = std::iter::once(own)
                .chain(extras.iter().copied())
                .map(quote)
                .collect();
            text.push_str(&format!(
                "description = [{}]   # joined, each under its header\n",
                list.join(", ")
            ));
        }
        _ => {}
    }
    if title.is_none()
        && let Some(first) = described.first()
    {
        text.push_str(&format!(
            "title = {}   # the only text column: titles are made from it\n",
            quote(first)
        ));
    }
    if !found.iter().any(|(field, _, _)| *field == "lead") {
        text.push_str("# lead = \"\"   # no lead column recognised: every action needs a lead; write its header\n");
    }
    let unrecognised: Vec<String> = sheet.rows[row]
        .iter()
        .enumerate()
        .filter(|(column, cell)| !cell.is_blank() && !found.iter().any(|(_, c, _)| c == column))
        .map(|(_, cell)| cell.text())
        .collect();
    for header in unrecognised {
        text.push_str(&format!(
            "# not recognised: {}\n",
            crate::edit::document::quote(&header)
        ));
    }
    let values = |field: &str| -> Vec<String> {
        let Some(&(_, column, _)) = found.iter().find(|(name, _, _)| *name == field) else {
            return Vec::new();
        };
        let mut seen: Vec<String> = Vec::new();
        for cells in sheet.rows.iter().skip(row + 1) {
            let value = cells.get(column).map(Cell::text).unwrap_or_default();
            if !value.is_empty()
                && !seen
                    .iter()
                    .any(|known| normalise(known) == normalise(&value))
            {
                seen.push(value);
            }
        }
        seen
    };
    let statuses = values("status");
    if !statuses.is_empty() {
        text.push_str("\n# The sheet's words for statuses: open, in-progress, blocked, done or dropped.\n[values.status]\n");
        for word in statuses {
            let known = cells::read_status(&Cell::Text(word.clone()))
                .ok()
                .flatten()
                .map(crate::model::Status::name)
                .or_else(|| {
                    STATUS_WORDS
                        .iter()
                        .find(|(said, _)| *said == normalise(&word))
                        .map(|(_, status)| *status)
                });
            let quoted = crate::edit::document::quote(&word);
            match known {
                Some(status) => text.push_str(&format!("{quoted} = \"{status}\"\n")),
                None => text.push_str(&format!(
                    "# {quoted} = \"\"   # not recognised: write a status\n"
                )),
            }
        }
    }
    let ratings = values("rag");
    if !ratings.is_empty() {
        text.push_str("\n# The sheet's RAG words: red, amber or green.\n[values.rag]\n");
        for word in ratings {
            let quoted = crate::edit::document::quote(&word);
            match cells::read_rag(&Cell::Text(word.clone())).ok().flatten() {
                Some(rag) => text.push_str(&format!("{quoted} = \"{}\"\n", rag.name())),
                None => text.push_str(&format!(
                    "# {quoted} = \"\"   # not recognised: write red, amber or green\n"
                )),
            }
        }
    }
    // Without [priorities] a plan cannot give its actions priority numbers:
    // the numbers found, each with words for the user to write.
    let mut numbers: Vec<u32> = values("priority")
        .iter()
        .filter_map(|value| super::rows::priorities(value))
        .flatten()
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if !numbers.is_empty() {
        text.push_str("\n# The partnership's priorities, copied into csp.toml: write each one's words.\n[priorities]\n");
        for number in numbers {
            text.push_str(&format!("{number} = \"Priority {number}\"\n"));
        }
    }
    // The import's one rule for the bodies a cell names.
    let cells: Vec<String> = ["lead", "partners"].into_iter().flat_map(values).collect();
    let mut known = super::bodies::Known::default();
    known.add_cells(cells.iter().map(String::as_str));
    let mut names: Vec<String> = Vec::new();
    for cell in &cells {
        {
            for name in super::bodies::split(cell, &known) {
                let name = name.as_str();
                if !names
                    .iter()
                    .any(|known| normalise(known) == normalise(name))
                {
                    names.push(name.to_string());
                }
            }
        }
    }
    if !names.is_empty() {
        text.push_str("\n# The sheet's names for bodies → lead keys (give two spellings of one body the same key).\n[leads]\n");
        for (n, name) in names.iter().enumerate() {
            // The import's rule for a key made from a name, so the map
            // it reads back passes its own check.
            let key = match crate::portable::make_part(name, crate::portable::MAX_PART_CHARS) {
                key if key.is_empty() => format!("lead-{}", n + 1),
                key => key,
            };
            text.push_str(&format!(
                "{} = \"{key}\"\n",
                crate::edit::document::quote(name),
            ));
        }
    }
    Some(text)
}

fn recognise(cells: &[Cell]) -> Vec<Found> {
    // Each column's field and how telling its header is (lower is more):
    // a field goes to its most telling column.
    let mut ranked: Vec<(&'static str, usize, usize, String)> = Vec::new();
    for (column, cell) in cells.iter().enumerate() {
        let header = cell.text();
        let word = normalise(&header);
        if word.is_empty() {
            continue;
        }
        let exact = FIELDS.iter().find_map(|(field, words)| {
            words
                .iter()
                .position(|known| *known == word)
                .map(|rank| (*field, rank))
        });
        if let Some((field, rank)) =
            exact.or_else(|| field_by_words(&header).map(|field| (field, 100)))
        {
            ranked.push((field, rank, column, header));
        }
    }
    let mut found: Vec<Found> = Vec::new();
    for (field, rank, column, header) in &ranked {
        let best = ranked
            .iter()
            .filter(|(other, ..)| other == field)
            .min_by_key(|(_, rank, column, _)| (*rank, *column))
            .is_some_and(|(_, best, at, _)| best == rank && at == column);
        // Extra text columns all go to the description, under their
        // headers, and so does a column only guessed at ("Output target and
        // date(s)") beside a better one for its field ("Completion date").
        if best {
            found.push((field, *column, header.clone()));
        } else if *rank == 100 {
            found.push(("description", *column, header.clone()));
        }
    }
    found.sort_by_key(|(_, column, _)| *column);
    // A timescale column is also read for the due, unless there is one.
    if !found.iter().any(|(field, _, _)| *field == "due")
        && let Some((_, column, header)) = found
            .iter()
            .find(|(field, _, _)| *field == "timescale")
            .cloned()
    {
        found.push(("due", column, header));
    }
    found
}
