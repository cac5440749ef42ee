//! A returned form read into typed rows: the `Update` sheet's columns found
//! by their headers (so a moved column is still read), each filled-in cell
//! read as people type it; the `Figures` sheet's rows, when there is one
//! (their values are read by `apply::figures`, which knows each measure's
//! unit); and the hidden `csp` sheet's plan, day and fingerprints. Every problem found is kept, with its sheet and cell, so
//! that one refusal lists them all.
//!
//! The layout is `form_contract`'s, which `csp export --form` and `csp
//! chase --format xlsx` write (docs/spreadsheets.md).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;

use crate::dates::Due;
use crate::error::Error;
pub(crate) use crate::form_contract::Column;
use crate::form_contract::{
    EDITABLE_COLUMNS, FIGURE_EDITABLE_COLUMNS, FIGURE_READ_ONLY_COLUMNS, FigureColumn,
    Fingerprints, FormSheet, KNOWN_VERSIONS, MetaCell, READ_ONLY_COLUMNS,
};
use crate::model::{Rag, Status};
use crate::sheet::cells::{self, Bad, Cell, DateOrder, cell_name};
use crate::sheet::{self, Sheet};
use crate::suggest;

const UPDATE_SHEET: &str = FormSheet::Update.name();
const FIGURES_SHEET: &str = FormSheet::Figures.name();
const META_SHEET: &str = FormSheet::Meta.name();

/// Columns a form must have: the id and everything a partner fills in.
/// The read-only columns only help to say what changed since.
fn required(column: Column) -> bool {
    column == Column::Id || EDITABLE_COLUMNS.contains(&column)
}

/// Headers match whatever their case and spacing.
fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A problem in a form, named by file, sheet and cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: String,
    /// `Update!F7`; `None` for the file as a whole.
    pub at: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub(crate) fn of_file(file: &str, error: &Error) -> Self {
        Self {
            file: file.to_string(),
            at: None,
            message: error.message.clone(),
            help: error.help.clone(),
        }
    }
}

/// `police.xlsx: Update!F7: "Amberish" is not a RAG rating (did you mean "amber"?)`
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(at) = &self.at {
            write!(f, "{at}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// A value read from a cell, with where it was.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    /// `Update!G7`.
    pub(crate) at: String,
}

/// One row of the `Update` sheet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Row {
    pub(crate) id: Option<Located<String>>,
    /// What the form showed when it was made (read-only columns), as text.
    pub(crate) shown: HashMap<&'static str, String>,
    /// The read-only cells themselves, with where they are.
    pub(crate) read_only: Vec<(Column, Cell, String)>,
    pub(crate) note: Option<Located<String>>,
    pub(crate) note_date: Option<Located<NaiveDate>>,
    pub(crate) status: Option<Located<Status>>,
    pub(crate) rag: Option<Located<Rag>>,
    pub(crate) due: Option<Located<Due>>,
    pub(crate) done_on: Option<Located<NaiveDate>>,
    pub(crate) fingerprint: Option<String>,
    /// The form's id and plan from the row's hidden cells.
    pub(crate) form: Option<String>,
    pub(crate) plan: Option<String>,
    /// The sheet row, from 1.
    pub(crate) line: usize,
    /// Whether any editable cell had something in it (even a bad value).
    pub(crate) filled: bool,
}

impl Row {
    /// A digest of what the row asks for (its editable cells as read), by
    /// which the ledger knows the same row applied again.
    pub(crate) fn digest(&self) -> String {
        let text = format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.note.as_ref().map(|note| note.value.trim()),
            self.note_date.as_ref().map(|day| day.value),
            self.status.as_ref().map(|status| status.value),
            self.rag.as_ref().map(|rag| rag.value),
            self.due.as_ref().map(|due| due.value),
            self.done_on.as_ref().map(|day| day.value),
        );
        crate::fingerprint::fingerprint(text.as_bytes())
    }
}

/// One row of the `Figures` sheet: a figure for a period of a measure.
/// The value is kept as the cell held it: reading it needs the measure's
/// unit, which `apply` knows.
#[derive(Clone, Debug, Default)]
pub(crate) struct FigureRow {
    /// The measure's id (the Measure column).
    pub(crate) measure: Option<Located<String>>,
    /// The read-only cells, with where they are.
    pub(crate) read_only: Vec<(FigureColumn, Cell, String)>,
    /// The Value cell, when it has something.
    pub(crate) value: Option<Located<Cell>>,
    pub(crate) note: Option<Located<String>>,
    pub(crate) fingerprint: Option<String>,
    pub(crate) form: Option<String>,
    pub(crate) plan: Option<String>,
    /// Whether Value or Note had something in it.
    pub(crate) filled: bool,
}

impl FigureRow {
    /// The read-only cell of `column`, when the sheet has the column.
    pub(crate) fn shown(&self, column: FigureColumn) -> Option<&(FigureColumn, Cell, String)> {
        self.read_only.iter().find(|(found, _, _)| *found == column)
    }

    /// A digest of what the row asks for (its period, value and note as
    /// read), by which the ledger knows the same row applied again.
    pub(crate) fn digest(&self) -> String {
        let period = self
            .shown(FigureColumn::Period)
            .map(|(_, cell, _)| cell.text());
        let text = format!(
            "figure|{:?}|{:?}|{:?}",
            period,
            self.value.as_ref().map(|value| value.value.text()),
            self.note.as_ref().map(|note| note.value.trim()),
        );
        crate::fingerprint::fingerprint(text.as_bytes())
    }
}

/// Where the form came from: the hidden `csp` sheet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Meta {
    pub(crate) plan: String,
    pub(crate) as_of: Option<NaiveDate>,
    /// The form's id (`form_contract::form_id`).
    pub(crate) id: String,
    /// Full action id → fingerprint of its file when the form was made.
    pub(crate) fingerprints: HashMap<String, String>,
}

/// A returned form, read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Form {
    /// The file as the user named it.
    pub(crate) file: String,
    pub(crate) meta: Option<Meta>,
    pub(crate) rows: Vec<Row>,
    /// The Figures sheet's rows, when the form has one.
    pub(crate) figures: Vec<FigureRow>,
    pub(crate) problems: Vec<Problem>,
    /// What was read past, said once each (not a reason to refuse).
    pub(crate) notes: Vec<Problem>,
    /// Cells read as empty for what they say ("N/A"), to be said once.
    pub(crate) nothing: Vec<String>,
    /// How the file writes a day in numbers, decided once from its own
    /// evidence ([`date_order`]).
    pub(crate) order: DateOrder,
}

/// The day the plan shows as an action's Due on a form (`view::form`):
/// what the Due column of a row of `id` said when the form was made, when
/// that is a day. The evidence of a file's date order.
pub(crate) type DueOf<'a> = &'a dyn Fn(&str) -> Option<NaiveDate>;

/// Reads the form at `path`. A file that cannot be read as a spreadsheet at
/// all is one problem for the whole file; otherwise every bad cell is one.
pub(crate) fn read(path: &Path, due_of: DueOf<'_>) -> Form {
    let file = path.display().to_string();
    match sheet::read(path, &file) {
        Ok(sheets) => from_sheets(file, &sheets, due_of),
        Err(error) => Form {
            problems: vec![Problem::of_file(&file, &error)],
            file,
            ..Form::default()
        },
    }
}

/// A form from sheets already read: the `Update` sheet (or a CSV file's
/// one sheet) and the `csp` sheet when there is one.
pub(crate) fn from_sheets(file: String, sheets: &[Sheet], due_of: DueOf<'_>) -> Form {
    let mut form = Form {
        file,
        ..Form::default()
    };
    let is_csv = sheets.len() == 1 && sheets[0].name.is_none();
    let named = |sheet: &&Sheet| {
        sheet
            .name
            .as_deref()
            .is_some_and(|name| header_key(name) == header_key(UPDATE_SHEET))
    };
    let figures = if is_csv {
        sheets
            .first()
            .filter(|sheet| has_figure_columns(sheet) && !has_form_columns(sheet))
    } else {
        sheets.iter().find(|sheet| {
            sheet
                .name
                .as_deref()
                .is_some_and(|name| header_key(name) == header_key(FIGURES_SHEET))
        })
    };
    let update = if is_csv {
        sheets.first().filter(|sheet| has_form_columns(sheet))
    } else {
        sheets.iter().find(named).or_else(|| {
            // A renamed Update sheet: the first with the form's columns.
            let found = sheets.iter().find(|sheet| {
                sheet.name.as_deref() != Some(META_SHEET) && has_form_columns(sheet)
            })?;
            // A form of figures alone has no Update sheet to look for.
            if figures.is_some() {
                return None;
            }
            form.notes.push(Problem {
                file: form.file.clone(),
                at: None,
                message: format!(
                    "has no sheet named `{UPDATE_SHEET}`: the sheet `{}` is read as the Update sheet (it has the form's columns)",
                    found.name.as_deref().unwrap_or_default()
                ),
                help: None,
            });
            Some(found)
        })
    };
    if update.is_none() && figures.is_none() {
        let export = sheets.iter().any(|sheet| {
            let headers = header_keys(sheet);
            ["id", "section", "lead", "status"]
                .iter()
                .all(|key| headers.contains(&(*key).to_string()))
        });
        let message = if export {
            "is the plan as exported (`csp export`), not a return form, so it has nothing to apply"
                .to_string()
        } else {
            format!(
                "is not a csp return form: {} the form's columns (ID, then {})",
                if is_csv {
                    "its first row does not name"
                } else {
                    "none of its sheets has"
                },
                EDITABLE_COLUMNS
                    .iter()
                    .map(|column| column.header())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        form.problem(
            None,
            message,
            Some("make a form for the partner with `csp export --form` or `csp chase --format xlsx`, and apply that when it comes back".into()),
        );
        return form;
    }
    let meta_sheet = sheets
        .iter()
        .find(|sheet| sheet.name.as_deref() == Some(META_SHEET));
    if let Some(meta) = meta_sheet {
        form.meta = read_meta(&mut form, meta);
    }
    if let Some(update) = update {
        read_update(&mut form, update, due_of);
    }
    if let Some(figures) = figures {
        read_figures(&mut form, figures);
    }
    if !form.nothing.is_empty() {
        let cells = std::mem::take(&mut form.nothing);
        form.notes.push(Problem {
            file: form.file.clone(),
            at: None,
            message: format!(
                "read as empty, as saying nothing: {}",
                if cells.len() > 5 {
                    format!("{} and {} more", cells[..5].join(", "), cells.len() - 5)
                } else {
                    cells.join(", ")
                }
            ),
            help: None,
        });
    }
    if meta_sheet.is_none() && form.problems.is_empty() {
        identity_from_rows(&mut form, is_csv);
    }
    form
}

/// The form's identity from the Update sheet's hidden columns, when there
/// is no hidden sheet (a CSV file, or a workbook that lost it).
fn identity_from_rows(form: &mut Form, is_csv: bool) {
    let first =
        |value: fn(&Row) -> Option<&String>| form.rows.iter().find_map(|row| value(row).cloned());
    let first_figure = |value: fn(&FigureRow) -> Option<&String>| {
        form.figures.iter().find_map(|row| value(row).cloned())
    };
    let plan = first(|row| row.plan.as_ref()).or_else(|| first_figure(|row| row.plan.as_ref()));
    let id = first(|row| row.form.as_ref()).or_else(|| first_figure(|row| row.form.as_ref()));
    let missing = form
        .rows
        .iter()
        .any(|row| row.filled && (row.fingerprint.is_none() || row.form.is_none()))
        || form
            .figures
            .iter()
            .any(|row| row.filled && (row.fingerprint.is_none() || row.form.is_none()));
    match (plan, id) {
        (Some(plan), Some(id)) if !missing => {
            let mut fingerprints: HashMap<String, String> = form
                .rows
                .iter()
                .filter_map(|row| Some((row.id.as_ref()?.value.clone(), row.fingerprint.clone()?)))
                .collect();
            fingerprints.extend(form.figures.iter().filter_map(|row| {
                Some((
                    crate::form_contract::measure_key(&row.measure.as_ref()?.value),
                    row.fingerprint.clone()?,
                ))
            }));
            form.meta = Some(Meta {
                plan,
                as_of: None,
                id,
                fingerprints,
            });
        }
        _ if is_csv => form.problem(
            None,
            "is a CSV file without the form's hidden Fingerprint, Form and Plan columns, so csp cannot tell which plan it is for, whether it changed since, or whether it was applied already".into(),
            Some("apply the .xlsx form csp made (csp chase --format xlsx, csp export --form) as it came back, or save its Update sheet as CSV keeping every column".into()),
        ),
        _ => form.problem(
            None,
            format!("has no `{META_SHEET}` sheet, so csp cannot tell which plan it is for"),
            Some("apply the workbook csp made, as it came back (the sheet is hidden: keep it)".into()),
        ),
    }
}

/// The header row's cells as [`header_key`]s.
fn header_keys(sheet: &Sheet) -> Vec<String> {
    sheet
        .rows
        .first()
        .map(|row| row.iter().map(|cell| header_key(&cell.text())).collect())
        .unwrap_or_default()
}

/// Whether a sheet's first row names the Measure and Value columns: a
/// form's Figures sheet (saved alone as CSV, say).
fn has_figure_columns(sheet: &Sheet) -> bool {
    let headers = header_keys(sheet);
    [FigureColumn::Measure, FigureColumn::Value]
        .iter()
        .all(|column| headers.contains(&header_key(column.header())))
}

/// Whether a sheet's first row names the ID column and a column a partner
/// fills in: a form's Update sheet, whatever it is called.
fn has_form_columns(sheet: &Sheet) -> bool {
    let headers = header_keys(sheet);
    let has = |column: Column| headers.contains(&header_key(column.header()));
    has(Column::Id) && EDITABLE_COLUMNS.iter().any(|&column| has(column))
}

impl Form {
    fn problem(&mut self, at: Option<String>, message: String, help: Option<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            at,
            message,
            help,
        });
    }

    fn bad(&mut self, at: &str, bad: Bad) {
        self.problem(Some(at.to_string()), bad.message, bad.help);
    }
}

/// Where a position of the contract is in a [`Sheet`].
fn index(row: u32, col: u16) -> (usize, usize) {
    (row as usize, usize::from(col))
}

/// The value beside a named cell of the hidden sheet, and its name (`B4`).
fn meta_value(sheet: &Sheet, cell: MetaCell) -> (&Cell, String) {
    let (row, col) = index(cell.row(), MetaCell::VALUE_COL);
    (sheet.cell(row, col), sheet.position(&cell_name(col, row)))
}

fn read_meta(form: &mut Form, sheet: &Sheet) -> Option<Meta> {
    // The lead is not used by anything apply decides, so its label is not
    // held to the contract.
    let expect = [MetaCell::Plan, MetaCell::AsOf, MetaCell::Version]
        .map(|cell| (cell.row(), MetaCell::LABEL_COL, cell.label()))
        .into_iter()
        .chain([(
            Fingerprints::HEADER_ROW,
            Fingerprints::ID_COL,
            Fingerprints::ID_HEADER,
        )]);
    for (row, col, label) in expect {
        let (row, col) = index(row, col);
        let found = sheet.cell(row, col).text();
        if header_key(&found) != header_key(label) {
            form.problem(
                Some(sheet.position(&cell_name(col, row))),
                format!("says \"{found}\" where a csp form says \"{label}\""),
                Some("the hidden csp sheet was changed: apply the form as csp made it".into()),
            );
            return None;
        }
    }
    let (version, version_at) = meta_value(sheet, MetaCell::Version);
    let version = version.text();
    if !KNOWN_VERSIONS.contains(&version.as_str()) {
        form.problem(
            Some(version_at),
            format!(
                "is a form of kind \"{version}\", which this csp does not know (it reads {})",
                KNOWN_VERSIONS
                    .map(|known| format!("\"{known}\""))
                    .join(" and ")
            ),
            Some("make the form again with this version of csp".into()),
        );
        return None;
    }
    let (as_of_cell, as_of_at) = meta_value(sheet, MetaCell::AsOf);
    let as_of_text = as_of_cell.text();
    let as_of = match cells::read_day(as_of_cell) {
        Ok(day) => day,
        Err(bad) => {
            form.bad(&as_of_at, bad);
            None
        }
    };
    let (first_row, id_col) = index(Fingerprints::FIRST_ROW, Fingerprints::ID_COL);
    let fingerprint_col = usize::from(Fingerprints::FINGERPRINT_COL);
    let mut by_id = HashMap::new();
    let mut listed = Vec::new();
    for row in first_row..sheet.rows.len() {
        let id = sheet.cell(row, id_col).text();
        if !id.is_empty() {
            let print = sheet.cell(row, fingerprint_col).text();
            listed.push((id.clone(), print.clone()));
            by_id.insert(id, print);
        }
    }
    let plan = meta_value(sheet, MetaCell::Plan).0.text();
    let (id_label, _) = index(MetaCell::FormId.row(), MetaCell::LABEL_COL);
    let written = (header_key(
        &sheet
            .cell(id_label, usize::from(MetaCell::LABEL_COL))
            .text(),
    ) == header_key(MetaCell::FormId.label()))
    .then(|| meta_value(sheet, MetaCell::FormId).0.text())
    .filter(|id| !id.is_empty());
    // A form made before the id was written: the same id, worked out.
    let id = written.unwrap_or_else(|| {
        crate::form_contract::form_id(
            &version,
            &plan,
            &as_of_text,
            &meta_value(sheet, MetaCell::Lead).0.text(),
            listed
                .iter()
                .map(|(id, print)| (id.as_str(), print.as_str())),
        )
    });
    Some(Meta {
        plan,
        as_of,
        id,
        fingerprints: by_id,
    })
}

fn read_update(form: &mut Form, sheet: &Sheet, due_of: DueOf<'_>) {
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut extra = Vec::new();
    let headers = sheet.rows.first().map_or(&[][..], Vec::as_slice);
    for (index, cell) in headers.iter().enumerate() {
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        let at = sheet.position(&cell_name(index, 0));
        let key = header_key(&text);
        match Column::ALL
            .into_iter()
            .find(|column| header_key(column.header()) == key)
        {
            Some(column) if columns.contains_key(&column) => form.problem(
                Some(at),
                format!("a second \"{}\" column", column.header()),
                Some("keep one column of each".into()),
            ),
            Some(column) => {
                columns.insert(column, index);
            }
            None => {
                let near = suggest::closest_name(&text, Column::ALL.map(Column::header));
                extra.push(match near {
                    Some(near) => format!("\"{text}\" ({at}; did you mean \"{near}\"?)"),
                    None => format!("\"{text}\" ({at})"),
                });
            }
        }
    }
    if !extra.is_empty() {
        form.notes.push(Problem {
            file: form.file.clone(),
            at: None,
            message: format!(
                "read past {} a csp form does not have, and nothing in {} was applied: {}",
                if extra.len() == 1 {
                    "a column"
                } else {
                    "columns"
                },
                if extra.len() == 1 { "it" } else { "them" },
                extra.join(", ")
            ),
            help: None,
        });
    }
    let missing: Vec<&str> = Column::ALL
        .into_iter()
        .filter(|column| required(*column) && !columns.contains_key(column))
        .map(Column::header)
        .collect();
    if !missing.is_empty() {
        missing_headers(form, sheet, "the header row", &missing);
    }
    if !form.problems.is_empty() && (missing.contains(&"ID") || headers.is_empty()) {
        return;
    }
    match date_order(sheet, &columns, due_of) {
        Ok(order) => form.order = order,
        Err((at, message, help)) => {
            form.problem(at, message, Some(help));
            return;
        }
    }
    for row in 1..sheet.rows.len() {
        if let Some(parsed) = read_row(form, sheet, &columns, row) {
            form.rows.push(parsed);
        }
    }
}

fn read_row(
    form: &mut Form,
    sheet: &Sheet,
    columns: &HashMap<Column, usize>,
    row: usize,
) -> Option<Row> {
    static EMPTY: Cell = Cell::Empty;
    let mut nothing = Vec::new();
    let cell = |column: Column| {
        columns.get(&column).map(|&index| {
            let value = sheet.cell(row, index);
            let at = sheet.position(&cell_name(index, row));
            // "N/A", "-", "none" in a cell a partner fills in: nothing.
            if EDITABLE_COLUMNS.contains(&column)
                && let Cell::Text(text) = value
                && cells::is_nothing_word(text)
            {
                return (&EMPTY, at);
            }
            (value, at)
        })
    };
    for &column in EDITABLE_COLUMNS {
        if let Some(&index) = columns.get(&column)
            && let Cell::Text(text) = sheet.cell(row, index)
            && cells::is_nothing_word(text)
        {
            nothing.push(format!(
                "{} `{}`",
                sheet.position(&cell_name(index, row)),
                text.trim()
            ));
        }
    }
    form.nothing.extend(nothing);
    // A formula with no value saved is something typed, not nothing.
    let mut uncomputed = false;
    for &column in EDITABLE_COLUMNS {
        if let Some(&index) = columns.get(&column)
            && let Some((_, _, formula)) = sheet
                .uncomputed
                .iter()
                .find(|(r, c, _)| *r == row && *c == index)
        {
            uncomputed = true;
            form.problem(
                Some(sheet.position(&cell_name(index, row))),
                format!("holds a formula (`={formula}`) with no value saved, so csp cannot tell what it says"),
                Some("type the value itself, or open the form in a spreadsheet program and save it again so that the formula is worked out".into()),
            );
        }
    }
    let filled = uncomputed
        || EDITABLE_COLUMNS
            .iter()
            .any(|&column| cell(column).is_some_and(|(value, _)| !value.is_blank()));
    let id = cell(Column::Id).and_then(|(value, at)| {
        let text = value.text();
        (!text.is_empty()).then_some(Located { value: text, at })
    });
    if id.is_none() && !filled {
        return None;
    }
    let mut parsed = Row {
        id,
        filled,
        ..Row::default()
    };
    for column in READ_ONLY_COLUMNS {
        if let Some((value, at)) = cell(column) {
            parsed.shown.insert(column.header(), value.text());
            parsed.read_only.push((column, value.clone(), at.clone()));
        }
    }
    let hidden = |column: Column| {
        cell(column)
            .map(|(value, _)| value.text())
            .filter(|text| !text.is_empty())
    };
    parsed.fingerprint = hidden(Column::Fingerprint);
    parsed.form = hidden(Column::Form);
    parsed.plan = hidden(Column::Plan);
    parsed.line = row + 1;
    if !filled {
        return Some(parsed);
    }
    if parsed.id.is_none() {
        form.problem(
            cell(Column::Id).map(|(_, at)| at),
            format!("row {} is filled in but has no ID", row + 1),
            Some("each row needs the id of its action, as the form had it".into()),
        );
        return None;
    }
    let order = form.order;
    parsed.note = take(form, cell(Column::ProgressNote), |value| {
        Ok(Some(match value {
            // A date typed into a note is kept as a day, not as the
            // spreadsheet's serial number or `2024-04-15`.
            Cell::Date(day) => day.format("%d/%m/%Y").to_string(),
            _ => value.text(),
        })
        .filter(|text| !text.is_empty()))
    });
    parsed.note_date = take(form, cell(Column::NoteDate), |value| {
        cells::read_day_in(value, order)
    });
    parsed.status = take(form, cell(Column::NewStatus), cells::read_status);
    parsed.rag = take(form, cell(Column::NewRag), cells::read_rag);
    parsed.due = take(form, cell(Column::NewDue), |value| {
        cells::read_due_in(value, order)
    });
    parsed.done_on = take(form, cell(Column::DoneOn), |value| {
        cells::read_day_in(value, order)
    });
    Some(parsed)
}

/// The value `read` makes of a cell, or its problem recorded in `form`.
fn take<T>(
    form: &mut Form,
    found: Option<(&Cell, String)>,
    read: impl Fn(&Cell) -> Result<Option<T>, Bad>,
) -> Option<Located<T>> {
    let (value, at) = found?;
    match read(value) {
        Ok(value) => value.map(|value| Located { value, at }),
        Err(bad) => {
            form.bad(&at, bad);
            None
        }
    }
}

/// Decides once how the file writes a day in numbers (`03/04/2024`), from
/// its own evidence: a first number above 12 is a day (day first), a second
/// one above 12 is a day (month first), and a read-only Due that matches
/// the plan's day only one way round says which. Evidence both ways, or a
/// day that reads two ways with no evidence at all, is a problem: the
/// cell, the message and a help.
fn date_order(
    sheet: &Sheet,
    columns: &HashMap<Column, usize>,
    due_of: DueOf<'_>,
) -> Result<DateOrder, (Option<String>, String, String)> {
    let mut day_first: Option<(String, String)> = None;
    let mut month_first: Option<(String, String)> = None;
    let mut ambiguous: Option<(String, String)> = None;
    let id_col = columns.get(&Column::Id).copied();
    for column in [
        Column::Due,
        Column::NoteDate,
        Column::NewDue,
        Column::DoneOn,
    ] {
        let Some(&index) = columns.get(&column) else {
            continue;
        };
        for row in 1..sheet.rows.len() {
            let Cell::Text(text) = sheet.cell(row, index) else {
                continue;
            };
            let Some((first, second, _)) = cells::numeric_day(text) else {
                continue;
            };
            let found = || {
                (
                    sheet.position(&cell_name(index, row)),
                    text.trim().to_string(),
                )
            };
            if first > 12 && second <= 12 {
                day_first.get_or_insert_with(found);
            } else if second > 12 && first <= 12 {
                month_first.get_or_insert_with(found);
            } else if first != second && first <= 12 && second <= 12 {
                let plan_day = (column == Column::Due)
                    .then(|| id_col.map(|id| sheet.cell(row, id).text()))
                    .flatten()
                    .and_then(|id| due_of(&id));
                let as_read = |order| cells::parse_day_in(text, order).ok();
                match plan_day {
                    Some(day) if as_read(DateOrder::DayFirst) == Some(day) => {
                        day_first.get_or_insert_with(found);
                    }
                    Some(day) if as_read(DateOrder::MonthFirst) == Some(day) => {
                        month_first.get_or_insert_with(found);
                    }
                    // The read-only Due is not read for itself.
                    _ if column == Column::Due => {}
                    _ => {
                        ambiguous.get_or_insert_with(found);
                    }
                }
            }
        }
    }
    match (day_first, month_first) {
        (Some((day_at, day_text)), Some((month_at, month_text))) => Err((
            Some(month_at.clone()),
            format!(
                "the file writes some days day first ({day_at}: `{day_text}`) and some month first ({month_at}: `{month_text}`), so csp cannot tell how to read its dates"
            ),
            "write every date the same way round, or as 14 Mar 2024".into(),
        )),
        (Some(_), None) => Ok(DateOrder::DayFirst),
        (None, Some(_)) => Ok(DateOrder::MonthFirst),
        (None, None) => match ambiguous {
            Some((at, text)) => {
                let two = |order| {
                    cells::parse_day_in(&text, order)
                        .map_or_else(|_| String::from("?"), crate::dates::uk_date)
                };
                Err((
                    Some(at),
                    format!(
                        "`{text}` could be {} or {}, and nothing in the file says whether it writes the day or the month first",
                        two(DateOrder::DayFirst),
                        two(DateOrder::MonthFirst)
                    ),
                    "write the date with the month's name (e.g. 14 Mar 2024), or as 2024-03-14"
                        .into(),
                ))
            }
            None => Ok(DateOrder::DayFirst),
        },
    }
}

/// Reads the Figures sheet: its columns found by their headers, each row's
/// measure, read-only cells, Value (as the cell holds it) and Note.
fn read_figures(form: &mut Form, sheet: &Sheet) {
    let mut columns: HashMap<FigureColumn, usize> = HashMap::new();
    let headers = sheet.rows.first().map_or(&[][..], Vec::as_slice);
    for (index, cell) in headers.iter().enumerate() {
        let key = header_key(&cell.text());
        if key.is_empty() {
            continue;
        }
        let at = sheet.position(&cell_name(index, 0));
        match FigureColumn::ALL
            .into_iter()
            .find(|column| header_key(column.header()) == key)
        {
            Some(column) if columns.contains_key(&column) => form.problem(
                Some(at),
                format!("a second \"{}\" column", column.header()),
                Some("keep one column of each".into()),
            ),
            Some(column) => {
                columns.insert(column, index);
            }
            None => form.notes.push(Problem {
                file: form.file.clone(),
                at: Some(at),
                message: format!(
                    "read past the column \"{}\", which a Figures sheet does not have: nothing in it was applied",
                    cell.text()
                ),
                help: None,
            }),
        }
    }
    let missing: Vec<&str> = [
        FigureColumn::Measure,
        FigureColumn::Period,
        FigureColumn::Value,
    ]
    .into_iter()
    .filter(|column| !columns.contains_key(column))
    .map(FigureColumn::header)
    .collect();
    if !missing.is_empty() {
        missing_headers(form, sheet, "the Figures sheet's header row", &missing);
        return;
    }
    for row in 1..sheet.rows.len() {
        if let Some(parsed) = read_figure_row(form, sheet, &columns, row) {
            form.figures.push(parsed);
        }
    }
}

/// One problem naming every column `header_row` lacks: "the header row
/// has no "ID", "Status" columns".
fn missing_headers(form: &mut Form, sheet: &Sheet, header_row: &str, missing: &[&str]) {
    form.problem(
        Some(sheet.position("1:1")),
        format!(
            "{header_row} has no {} column{}",
            missing
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", "),
            crate::plural::suffix(missing.len())
        ),
        Some("row 1 names the columns: keep the headers as the form had them".into()),
    );
}

fn read_figure_row(
    form: &mut Form,
    sheet: &Sheet,
    columns: &HashMap<FigureColumn, usize>,
    row: usize,
) -> Option<FigureRow> {
    let cell = |column: FigureColumn| {
        columns.get(&column).map(|&index| {
            (
                sheet.cell(row, index),
                sheet.position(&cell_name(index, row)),
            )
        })
    };
    let mut uncomputed = false;
    for column in FIGURE_EDITABLE_COLUMNS {
        let Some(&index) = columns.get(&column) else {
            continue;
        };
        if let Some((_, _, formula)) = sheet
            .uncomputed
            .iter()
            .find(|(r, c, _)| *r == row && *c == index)
        {
            uncomputed = true;
            form.problem(
                Some(sheet.position(&cell_name(index, row))),
                format!("holds a formula (`={formula}`) with no value saved, so csp cannot tell what it says"),
                Some("type the value itself, or open the form in a spreadsheet program and save it again so that the formula is worked out".into()),
            );
        }
    }
    // "N/A", "-", "none": nothing, said once.
    let mut editable = |column: FigureColumn| -> Option<(Cell, String)> {
        let (value, at) = cell(column)?;
        if let Cell::Text(text) = value
            && cells::is_nothing_word(text)
        {
            form.nothing.push(format!("{at} `{}`", text.trim()));
            return None;
        }
        (!value.is_blank()).then(|| (value.clone(), at))
    };
    let value = editable(FigureColumn::Value);
    let note = editable(FigureColumn::Note);
    let filled = uncomputed || value.is_some() || note.is_some();
    let measure = cell(FigureColumn::Measure).and_then(|(value, at)| {
        let text = value.text();
        (!text.is_empty()).then_some(Located { value: text, at })
    });
    if measure.is_none() && !filled {
        return None;
    }
    if measure.is_none() {
        form.problem(
            cell(FigureColumn::Measure).map(|(_, at)| at),
            format!("row {} is filled in but has no measure", row + 1),
            Some("each row needs the id of its measure, as the form had it".into()),
        );
        return None;
    }
    let hidden = |column: FigureColumn| {
        cell(column)
            .map(|(value, _)| value.text())
            .filter(|text| !text.is_empty())
    };
    Some(FigureRow {
        measure,
        read_only: FIGURE_READ_ONLY_COLUMNS
            .into_iter()
            .filter_map(|column| cell(column).map(|(value, at)| (column, value.clone(), at)))
            .collect(),
        value: value.map(|(value, at)| Located { value, at }),
        note: note.map(|(value, at)| Located {
            value: value.text(),
            at,
        }),
        fingerprint: hidden(FigureColumn::Fingerprint),
        form: hidden(FigureColumn::Form),
        plan: hidden(FigureColumn::Plan),
        filled,
    })
}
