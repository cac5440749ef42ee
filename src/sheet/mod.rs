//! Reading a spreadsheet file into sheets of cells (for `csp apply`'s
//! return forms and `csp import`'s trackers): `.xlsx` and `.ods`
//! (and old `.xls`) with `calamine`, `.csv` with `csv`, decoded from UTF-8
//! (with or without a byte-order mark) or from Windows-1252, which is what
//! Excel's plain "CSV" saves on a UK machine. Whatever the file holds, the
//! answer is sheets or an error that names the file: never a panic.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Reader, Xls, Xlsx, open_workbook_from_rs};

pub(crate) mod bounds;
pub mod cells;

use crate::error::Error;
pub use cells::Cell;

use bounds::{MAX_BYTES, MAX_CELL_BYTES, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};

/// One sheet, row by row from row 1, each row from column A.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The sheet's name; `None` for a CSV file, which has no sheets.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Cells holding a formula with no value saved for it (a program that
    /// writes formulas without working them out): (row, column, formula).
    pub uncomputed: Vec<(usize, usize, String)>,
}

impl Sheet {
    /// The cell at (`row`, `column`), both from 0.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or(&EMPTY)
    }

    /// `Update!G7`, or `G7` in a CSV file.
    pub fn position(&self, cell: &str) -> String {
        match &self.name {
            Some(name) if name.contains(|c: char| !c.is_alphanumeric()) => {
                format!("'{name}'!{cell}")
            }
            Some(name) => format!("{name}!{cell}"),
            None => cell.to_string(),
        }
    }
}

/// What kind of spreadsheet a file is, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Ods,
    Xls,
    Csv,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "ods" => Some(Kind::Ods),
            "xls" => Some(Kind::Xls),
            "csv" => Some(Kind::Csv),
            _ => None,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An OLE compound file: an old `.xls`, or an `.xlsx` encrypted with a password.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads every sheet of the file at `path` (named `shown` in messages).
pub fn read(path: &Path, shown: &str) -> Result<Vec<Sheet>, Error> {
    let Some(kind) = Kind::of(path) else {
        return Err(
            Error::usage(format!("`{shown}` is not a spreadsheet csp reads"))
                .with_help("give a .xlsx, .ods or .csv file"),
        );
    };
    let size = std::fs::metadata(path)
        .map_err(|error| Error::environment(format!("cannot read `{shown}`: {error}")))?
        .len();
    if size > MAX_BYTES {
        return Err(Error::usage(format!(
            "`{shown}` is {} MiB: too big to be a form or tracker csp reads",
            size / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|error| Error::environment(format!("cannot read `{shown}`: {error}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::usage(format!("`{shown}` is empty"))
            .with_help("save the spreadsheet again and give that file"));
    }
    read_bytes(bytes, kind, shown)
}

/// Reads every sheet of a file's `bytes`, of `kind` (named `shown` in
/// messages): [`read`] without the file system, for the fuzzer.
pub fn read_bytes(bytes: Vec<u8>, kind: Kind, shown: &str) -> Result<Vec<Sheet>, Error> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::usage(format!(
            "`{shown}` is {} MiB: too big to be a form or tracker csp reads",
            bytes.len() / 1024 / 1024
        )));
    }
    match kind {
        Kind::Csv => read_csv(&bytes, shown).map(|sheet| vec![sheet]),
        Kind::Xlsx | Kind::Ods | Kind::Xls => read_workbook(bytes, kind, shown),
    }
}

fn read_workbook(bytes: Vec<u8>, kind: Kind, shown: &str) -> Result<Vec<Sheet>, Error> {
    let what = match kind {
        Kind::Ods => "an OpenDocument spreadsheet (.ods)",
        Kind::Xls => "an Excel 97-2003 workbook (.xls)",
        _ => "an Excel workbook (.xlsx)",
    };
    if kind != Kind::Xls && bytes.starts_with(OLE_MAGIC) {
        return Err(Error::usage(format!(
            "`{shown}` is protected with a password (or is not {what}), so csp cannot read it"
        ))
        .with_help("open it, remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, then clear it) and save it again"));
    }
    if kind != Kind::Xls && !bytes.starts_with(ZIP_MAGIC) {
        return Err(not_a(shown, what, None));
    }
    // Bounded before calamine holds anything of it.
    let bounded = if kind == Kind::Xls {
        Ok(())
    } else {
        bounds::check_zip(&bytes).and_then(|()| {
            if kind == Kind::Ods {
                bounds::check_ods(&bytes)
            } else {
                Ok(())
            }
        })
    };
    if let Err(why) = bounded {
        return Err(too_much(shown, &why));
    }
    let cursor = Cursor::new(bytes);
    let result: Result<Vec<Sheet>, Read> = match kind {
        Kind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map_err(|error| Read::Bad(error.to_string()))
            .and_then(|mut book| sheets(&mut book)),
        Kind::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map_err(|error| Read::Bad(error.to_string()))
            .and_then(|mut book| sheets(&mut book)),
        _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map_err(|error| Read::Bad(error.to_string()))
            .and_then(|mut book| xlsx_sheets(&mut book)),
    };
    result.map_err(|error| match error {
        Read::Bad(error) => not_a(shown, what, Some(&error)),
        Read::TooMuch(why) => too_much(shown, &why),
    })
}

/// Why a workbook's sheets could not be read.
enum Read {
    /// Damaged, or not a workbook: what the reader said.
    Bad(String),
    /// Past a bound ([`bounds`]).
    TooMuch(bounds::Refusal),
}

fn too_much(shown: &str, why: &str) -> Error {
    Error::usage(format!("`{shown}` {why}, so csp does not read it"))
        .with_help("if it is a real form or tracker, open it, delete what is not needed (or copy the one sheet into a new workbook) and save it again")
}

fn not_a(shown: &str, what: &str, why: Option<&str>) -> Error {
    Error::usage(format!(
        "`{shown}` is not {what} csp can read{}",
        why.map(|why| format!(": {why}")).unwrap_or_default()
    ))
    .with_help("the file may be damaged or of another kind: open it in a spreadsheet program and save it again")
}

/// Where a cell goes in a sheet's rows, or why it is refused: one beyond
/// [`MAX_ROWS`] or [`MAX_COLUMNS`] with something in it, or more cells in
/// all than [`MAX_CELLS`].
fn place(
    rows: &mut Vec<Vec<Cell>>,
    row: usize,
    column: usize,
    cell: Cell,
    count: &mut usize,
) -> Result<(), Read> {
    if cell == Cell::Empty {
        return Ok(());
    }
    if row >= MAX_ROWS || column >= MAX_COLUMNS {
        return Err(Read::TooMuch(format!(
            "has something in cell {}, beyond any form or tracker (at most {MAX_ROWS} rows and {MAX_COLUMNS} columns)",
            cells::cell_name(column, row)
        )));
    }
    if let Cell::Text(text) = &cell
        && text.len() > MAX_CELL_BYTES
    {
        return Err(Read::TooMuch(format!(
            "has {} characters in cell {}, more than a spreadsheet program lets a cell hold (32,767)",
            text.chars().count(),
            cells::cell_name(column, row)
        )));
    }
    *count += 1;
    if *count > MAX_CELLS {
        return Err(Read::TooMuch(format!(
            "has more than {MAX_CELLS} cells with something in them, more than any form or tracker"
        )));
    }
    if rows.len() <= row {
        rows.resize(row + 1, Vec::new());
    }
    let cells = &mut rows[row];
    if cells.len() <= column {
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = cell;
    Ok(())
}

/// The sheets of an `.xlsx` workbook, read cell by cell as the file holds
/// them: never as a grid as wide and tall as its farthest cell.
fn xlsx_sheets(book: &mut Xlsx<Cursor<Vec<u8>>>) -> Result<Vec<Sheet>, Read> {
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut count = 0;
    for name in names {
        let bad = |error: calamine::XlsxError| Read::Bad(format!("sheet `{name}`: {error}"));
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(bad)?;
            while let Some(found) = reader.next_cell().map_err(bad)? {
                let (row, column) = found.get_position();
                let data: Data = found.get_value().clone().into();
                place(
                    &mut rows,
                    row as usize,
                    column as usize,
                    cell_of(&data),
                    &mut count,
                )?;
            }
        }
        // Formulas whose value was never saved: the cell reads as empty,
        // which must not pass for "nothing typed".
        let mut uncomputed = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(bad)?;
            while let Some(found) = reader.next_formula().map_err(bad)? {
                let (row, column) = found.get_position();
                let (row, column) = (row as usize, column as usize);
                note_uncomputed(&mut uncomputed, &rows, row, column, found.get_value());
            }
        }
        sheets.push(Sheet {
            name: Some(name),
            rows,
            uncomputed,
        });
    }
    Ok(sheets)
}

fn sheets<R: Reader<Cursor<Vec<u8>>>>(book: &mut R) -> Result<Vec<Sheet>, Read>
where
    R::Error: std::fmt::Display,
{
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut count = 0;
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|error| Read::Bad(format!("sheet `{name}`: {error}")))?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let (top, left) = range
            .start()
            .map_or((0, 0), |(row, column)| (row as usize, column as usize));
        for (row, column, data) in range.used_cells() {
            place(
                &mut rows,
                top + row,
                left + column,
                cell_of(data),
                &mut count,
            )?;
        }
        drop(range);
        // Formulas whose value was never saved (see `xlsx_sheets`).
        let mut uncomputed = Vec::new();
        if let Ok(formulas) = book.worksheet_formula(&name) {
            let (top, left) = formulas
                .start()
                .map_or((0, 0), |(row, column)| (row as usize, column as usize));
            for (row, column, formula) in formulas.used_cells() {
                note_uncomputed(&mut uncomputed, &rows, top + row, left + column, formula);
            }
        }
        sheets.push(Sheet {
            name: Some(name),
            rows,
            uncomputed,
        });
    }
    Ok(sheets)
}

/// Keeps the formula at (`row`, `column`) when its cell holds no saved
/// value (a formula a program never computed), within the sheet's bounds
/// and at most [`MAX_COLUMNS`] of them: one rule for xlsx and ods.
fn note_uncomputed(
    uncomputed: &mut Vec<(usize, usize, String)>,
    rows: &[Vec<Cell>],
    row: usize,
    column: usize,
    formula: &str,
) {
    if formula.is_empty() || row >= MAX_ROWS || column >= MAX_COLUMNS {
        return;
    }
    let empty = rows
        .get(row)
        .and_then(|cells| cells.get(column))
        .is_none_or(Cell::is_blank);
    if empty && uncomputed.len() < MAX_COLUMNS {
        uncomputed.push((row, column, formula.to_string()));
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Number(moment.as_f64()),
        },
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| crate::dates::parse_date(day).ok())
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::Error(error) => Cell::Error(format!("#{error:?}")),
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The characters Windows-1252 puts at bytes 0x80 to 0x9F (where Latin-1
/// has control characters); `None` for the five bytes it leaves undefined.
/// From 0xA0 on, Windows-1252 is Latin-1: the byte is the code point.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The text of a CSV file: UTF-8 after a byte-order mark ("CSV UTF-8"),
/// UTF-8 without one when it is valid UTF-8, UTF-16 with a byte-order mark
/// ("Unicode text", PowerShell's `>`), else Windows-1252 (plain "CSV").
pub fn decode_csv(bytes: &[u8], shown: &str) -> Result<String, Error> {
    // "Unicode text", and a CSV that Windows PowerShell's `>` saved.
    if let Some(text) = crate::encoding::decode_utf16(bytes) {
        return Ok(text);
    }
    if crate::encoding::utf16_mark(bytes).is_some() || bytes.contains(&0) {
        return Err(Error::usage(format!(
            "`{shown}` is not CSV text csp can read (it looks like UTF-16 \"Unicode text\", or not text at all)"
        ))
        .with_help("save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\""));
    }
    if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
        return String::from_utf8(body.to_vec()).map_err(|error| {
            Error::usage(format!(
                "`{shown}` starts as UTF-8 text but byte {} is not UTF-8",
                error.utf8_error().valid_up_to() + UTF8_BOM.len() + 1
            ))
            .with_help("save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\"")
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (index, &byte) in bytes.iter().enumerate() {
        let c = match byte {
            0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
            _ => Some(char::from(byte)),
        };
        let Some(c) = c else {
            return Err(Error::usage(format!(
                "`{shown}` is neither UTF-8 nor Windows-1252 text (byte {} is 0x{byte:02X})",
                index + 1
            ))
            .with_help("save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\""));
        };
        text.push(c);
    }
    Ok(text)
}

/// How many empty lines `text` starts with (`\n`, `\r\n` or `\r` each).
fn blank_lines(text: &[u8]) -> usize {
    let mut blank = 0;
    let mut at = 0;
    while let Some(byte) = text.get(at) {
        match byte {
            b'\r' if text.get(at + 1) == Some(&b'\n') => at += 2,
            b'\n' | b'\r' => at += 1,
            _ => break,
        }
        blank += 1;
    }
    blank
}

fn read_csv(bytes: &[u8], shown: &str) -> Result<Sheet, Error> {
    let text = decode_csv(bytes, shown)?;
    // Excel's "Unicode text" separates its columns with tabs.
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut count = 0;
    // The csv reader skips empty lines, but a spreadsheet program writes a
    // blank row as one: they are counted back in, so that a cell named in
    // a message is the cell the person sees. A record's position is where
    // the reader began after the record before, blank lines included.
    let bytes = text.as_bytes();
    let mut index: usize = 0;
    let mut record = csv::StringRecord::new();
    loop {
        let read = reader.read_record(&mut record).map_err(|error| {
            Error::usage(format!("`{shown}` is not a CSV file csp can read: {error}"))
        })?;
        if !read {
            break;
        }
        let from = record
            .position()
            .and_then(|position| usize::try_from(position.byte()).ok())
            .unwrap_or(bytes.len());
        // A record ended by `\r\n` may leave its `\n` to the next read.
        let from =
            if from > 0 && bytes.get(from - 1) == Some(&b'\r') && bytes.get(from) == Some(&b'\n') {
                from + 1
            } else {
                from
            };
        let blank = blank_lines(bytes.get(from..).unwrap_or_default());
        for _ in 0..blank.min(MAX_ROWS.saturating_sub(index)) {
            rows.push(Vec::new());
        }
        index = index.saturating_add(blank);
        let mut cells: Vec<Cell> = Vec::new();
        for (column, field) in record.iter().enumerate() {
            if field.is_empty() {
                continue;
            }
            if index >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(too_much(
                    shown,
                    &format!(
                        "has something in cell {}, beyond any form or tracker (at most {MAX_ROWS} rows and {MAX_COLUMNS} columns)",
                        cells::cell_name(column, index)
                    ),
                ));
            }
            if field.len() > MAX_CELL_BYTES {
                return Err(too_much(
                    shown,
                    &format!(
                        "has {} characters in cell {}, more than a spreadsheet program lets a cell hold (32,767)",
                        field.chars().count(),
                        cells::cell_name(column, index)
                    ),
                ));
            }
            count += 1;
            if count > MAX_CELLS {
                return Err(too_much(
                    shown,
                    &format!(
                        "has more than {MAX_CELLS} cells with something in them, more than any form or tracker"
                    ),
                ));
            }
            cells.resize(column, Cell::Empty);
            cells.push(Cell::Text(field.to_string()));
        }
        // Blank lines past the last row a form or tracker may have are
        // not kept (anything in them was refused above).
        if index < MAX_ROWS {
            rows.push(cells);
        }
        index = index.saturating_add(1);
    }
    Ok(Sheet {
        name: None,
        rows,
        uncomputed: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_excel_saves() {
        assert_eq!(decode_csv(b"\xEF\xBB\xBFID,\xC2\xA3", "f").unwrap(), "ID,£");
        assert_eq!(decode_csv("ID,£".as_bytes(), "f").unwrap(), "ID,£");
        assert_eq!(
            decode_csv(b"\xA35 \x93quoted\x94 it\x92s", "f").unwrap(),
            "£5 \u{201C}quoted\u{201D} it\u{2019}s"
        );
        assert!(
            decode_csv(b"a\x81b", "f")
                .unwrap_err()
                .message
                .contains("neither UTF-8 nor Windows-1252")
        );
        // UTF-16, as "Unicode text" and PowerShell's `>` save it.
        assert_eq!(decode_csv(b"\xFF\xFEI\0D\0,\0\xA3\0", "f").unwrap(), "ID,£");
        assert_eq!(decode_csv(b"\xFE\xFF\0I\0D", "f").unwrap(), "ID");
        let broken = decode_csv(b"\xFF\xFEI", "f").unwrap_err().message;
        assert!(broken.contains("UTF-16"), "{broken}");
        assert!(decode_csv(b"I\0D\0", "f").is_err());
    }

    #[test]
    fn a_blank_line_is_a_blank_row_so_cells_keep_their_names() {
        for text in [
            "ID,Title\n\n\na,\"two\nlines\"\n\nb,x\n",
            "ID,Title\r\n\r\n\r\na,\"two\nlines\"\r\n\r\nb,x\r\n",
        ] {
            let sheet = read_csv(text.as_bytes(), "t.csv").unwrap();
            let texts: Vec<String> = sheet
                .rows
                .iter()
                .map(|row| row.first().map(Cell::text).unwrap_or_default())
                .collect();
            assert_eq!(texts, ["ID", "", "", "a", "", "b"], "{text:?}");
        }
        let sheet = read_csv(b"ID,Title\n\n\na,\"two\nlines\"\n\nb,x\n", "t.csv").unwrap();
        let texts: Vec<String> = sheet
            .rows
            .iter()
            .map(|row| row.first().map(Cell::text).unwrap_or_default())
            .collect();
        assert_eq!(texts, ["ID", "", "", "a", "", "b"]);
        assert_eq!(sheet.rows[3][1].text(), "two\nlines");
    }

    #[test]
    fn unicode_text_is_read_by_its_tabs() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "ID\tTitle\r\na/b\tFix £5\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let sheet = read_csv(&bytes, "t.txt").unwrap();
        assert_eq!(sheet.rows[1][1].text(), "Fix £5");
    }
}
