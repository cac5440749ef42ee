//! CSV for spreadsheets: a header row, one record per action, and nothing a
//! spreadsheet would run. Written with the `csv` crate, which quotes
//! commas, quotes and line breaks correctly.

use std::borrow::Cow;
use std::io::Write;

use crate::field::Field;
use crate::model::measure::plain_number;
use crate::view::scorecard::Scorecard;
use crate::view::{ActionRow, Bucket, Cell, EXPORT_COLUMNS, Export, Leads, Listing, Summary};

/// Excel reads a CSV file as the local code page unless it starts with a
/// byte-order mark; with it, "–" and "é" in plan text survive. Other tools
/// (pandas, `LibreOffice`, Python's `utf-8-sig`) skip it.
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// The columns of an action record, in order: the JSON field names (an
/// action file's own fields by their [`Field`] names), with lists joined by
/// "; " and only the latest progress update. Columns added later go at the
/// end, so that scripts reading by position keep working.
pub const ACTION_HEADERS: [&str; 31] = [
    "id",
    "short_id",
    Field::Title.name(),
    "section",
    "section_title",
    Field::Lead.name(),
    "lead_names",
    Field::Partners.name(),
    "partner_names",
    Field::Contacts.name(),
    Field::Priority.name(),
    Field::Tags.name(),
    Field::Timescale.name(),
    Field::Due.name(),
    "due_is_month",
    Field::Every.name(),
    Field::Status.name(),
    Field::Rag.name(),
    Field::Completed.name(),
    "next_due",
    "days_until_due",
    "days_overdue",
    "due_soon",
    "latest_update_date",
    "latest_update",
    Field::Description.name(),
    "file",
    "due_precision",
    "stale",
    "last_update",
    "due_as_written",
];

/// Neutralises a cell that a spreadsheet would read as a formula (OWASP's
/// "CSV injection"): one that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, which Excel and `LibreOffice` show as
/// text. Plain numbers such as `-3` or `-2.5` are left alone: they run
/// nothing.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `-3`, `-2.5`, `12`: digits, with a leading minus and one decimal point
/// at most; nothing a spreadsheet reads as a formula.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Writes one record's cells, each neutralised, without copying the cells
/// that need nothing (most of them).
fn write_neutralised<W: Write>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = impl AsRef<str>>,
) -> csv::Result<()> {
    for cell in cells {
        writer.write_field(neutralise(cell.as_ref()).as_bytes())?;
    }
    // An empty record ends the one whose fields were just written.
    writer.write_record(None::<&[u8]>)
}

fn optional(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn action_record(row: &ActionRow<'_>) -> Vec<String> {
    vec![
        row.id.to_string(),
        row.short_id.to_string(),
        row.title.to_string(),
        row.section.to_string(),
        row.section_title.to_string(),
        row.lead.join("; "),
        row.lead_names.join("; "),
        row.partners.join("; "),
        row.partner_names.join("; "),
        row.contacts.join("; "),
        row.priority
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        row.tags.join("; "),
        optional(row.timescale.as_ref()),
        optional(row.due.map(super::super::dates::Due::date)),
        row.due_is_month.to_string(),
        row.every_text(),
        row.status.to_string(),
        row.rag_text().to_string(),
        optional(row.completed),
        optional(row.next_due),
        optional(row.days_until_due),
        optional(row.days_overdue),
        row.due_soon.to_string(),
        optional(row.latest_update.map(|u| u.date)),
        optional(row.latest_update.map(|u| &u.text)),
        row.description.to_string(),
        row.file.clone(),
        optional(row.due_precision),
        row.stale.to_string(),
        optional(row.last_update),
        // `due` is the day a quarter or year ends, for sorting; this is how
        // the plan (and the board) write it: "Q3 2023/24", "2023-09".
        row.due.map(crate::dates::Due::iso).unwrap_or_default(),
    ]
}

/// Writes a header and records, neutralising every cell.
pub(super) fn write<I, R>(headers: &[&str], records: I) -> anyhow::Result<String>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut bytes = Vec::new();
    write_to(&mut bytes, headers, records)?;
    Ok(String::from_utf8(bytes)?)
}

/// [`write`] straight to `out`, record by record.
fn write_to<I, R>(out: &mut dyn Write, headers: &[&str], records: I) -> anyhow::Result<()>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    out.write_all(BYTE_ORDER_MARK.as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(headers).map_err(io_first)?;
    for record in records {
        write_neutralised(&mut writer, record).map_err(io_first)?;
    }
    writer.flush()?;
    Ok(())
}

/// A CSV error as the `io::Error` it wraps when it is one, so that a closed
/// pipe (`csp list --format csv | head`) is still seen as one and ends
/// quietly; the csv crate does not give it as the error's source.
fn io_first(error: csv::Error) -> anyhow::Error {
    if !error.is_io_error() {
        return error.into();
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        // `is_io_error` said it is one.
        _ => anyhow::anyhow!("cannot write CSV"),
    }
}

/// [`write_to`] for records drawn from `items` 256 at a time on every core
/// (`records` writes a chunk's records with [`write_neutralised`]), written
/// in order.
fn write_chunked<T: Sync>(
    out: &mut dyn Write,
    headers: &[&str],
    items: &[T],
    records: impl Fn(&[T], &mut csv::Writer<Vec<u8>>) -> csv::Result<()> + Sync,
) -> anyhow::Result<()> {
    write_to(out, headers, std::iter::empty::<Vec<String>>())?;
    super::write_in_parallel(items, 256, out, |_, chunk| {
        let mut writer = csv::Writer::from_writer(Vec::new());
        records(chunk, &mut writer)?;
        Ok(writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)?)
    })
}

/// A listing; with `--by-lead` each record starts with the lead it is
/// listed under (an action with two leads appears twice).
pub fn listing(listing: &Listing<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    match &listing.by_lead {
        None => write_chunked(out, &ACTION_HEADERS, &listing.actions, |actions, writer| {
            for row in listing.rows(actions) {
                write_neutralised(writer, action_record(&row))?;
            }
            Ok(())
        }),
        Some(groups) => {
            let headers: Vec<&str> = std::iter::once("group_lead")
                .chain(ACTION_HEADERS)
                .collect();
            write_to(
                out,
                &headers,
                groups.iter().flat_map(|group| {
                    listing.rows(&group.actions).map(|row| {
                        std::iter::once(group.lead.clone())
                            .chain(action_record(&row))
                            .collect::<Vec<_>>()
                    })
                }),
            )
        }
    }
}

/// One action, as a listing of one.
pub fn action(row: &ActionRow<'_>) -> anyhow::Result<String> {
    write(&ACTION_HEADERS, [action_record(row)])
}

pub fn leads(leads: &Leads) -> anyhow::Result<String> {
    write(
        &[
            "key", "name", "known", "led", "open", "overdue", "due_soon", "partner", "stale",
        ],
        leads.rows.iter().map(|row| {
            vec![
                row.key.clone(),
                row.name.clone(),
                row.known.to_string(),
                row.led.to_string(),
                row.open.to_string(),
                row.overdue.to_string(),
                row.due_soon.to_string(),
                row.partner.to_string(),
                row.stale.to_string(),
            ]
        }),
    )
}

/// The summary as one table: a `total` row and the undated and recurring
/// counts, then a row per status, RAG rating and section with the same counts.
pub fn summary(summary: &Summary) -> anyhow::Result<String> {
    let bucket_record = |group: &str, bucket: &Bucket| {
        vec![
            group.to_string(),
            bucket.key.clone(),
            bucket.label.clone(),
            bucket.depth.to_string(),
            bucket.counts.actions.to_string(),
            bucket.counts.open.to_string(),
            bucket.counts.overdue.to_string(),
            bucket.counts.due_soon.to_string(),
            bucket.counts.stale.to_string(),
        ]
    };
    let total = Bucket {
        key: "all".into(),
        label: "All actions".into(),
        depth: 0,
        counts: summary.total,
    };
    let count_only = |key: &str, label: &str, count: usize| {
        vec![
            "total".into(),
            key.into(),
            label.into(),
            "0".into(),
            count.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    let records = [
        bucket_record("total", &total),
        count_only("undated", "Undated", summary.undated),
        count_only("recurring", "Recurring", summary.recurring),
    ]
    .into_iter()
    .chain(summary.status.iter().map(|b| bucket_record("status", b)))
    .chain(summary.rag.iter().map(|b| bucket_record("rag", b)))
    .chain(summary.sections.iter().map(|b| bucket_record("section", b)));
    write(
        &[
            "group", "key", "label", "depth", "actions", "open", "overdue", "due_soon", "stale",
        ],
        records,
    )
}

/// `csp export --format csv`: the Actions sheet's columns, dates as
/// `YYYY-MM-DD`, every cell neutralised as the listing's are; written row by
/// row to `out`.
pub fn export(export: &Export<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    let headers: Vec<&str> = EXPORT_COLUMNS.iter().map(|(name, _)| *name).collect();
    write_chunked(out, &headers, &export.actions, |actions, writer| {
        for row in export.rows_of(actions) {
            let texts = row.cells().into_iter().map(|cell| match cell {
                Cell::Empty => Cow::Borrowed(""),
                Cell::Text(text) => text,
                // ISO 8601, as `%Y-%m-%d` writes it, without parsing a
                // pattern for every cell.
                Cell::Date(date) => Cow::Owned(date.to_string()),
                Cell::Number(number) => Cow::Owned(number.to_string()),
            });
            write_neutralised(writer, texts)?;
        }
        Ok(())
    })
}

/// The columns of `csp export --measures --format csv`: one record per
/// figure (the long form a pivot table or a script reads).
pub const FIGURE_HEADERS: [&str; 4] = ["measure", "period", "value", "note"];

/// `csp export --measures --format csv`: every figure that counts on the
/// as-of day, measure by measure, each in period order; the period as the
/// plan writes it, the value as a plain number, every cell neutralised.
/// With no measure, the header alone.
pub fn figures(scorecard: Option<&Scorecard<'_>>, out: &mut dyn Write) -> anyhow::Result<()> {
    write_to(
        out,
        &FIGURE_HEADERS,
        scorecard
            .into_iter()
            .flat_map(Scorecard::figures)
            .map(|(measure, figure)| {
                [
                    measure.id.to_string(),
                    figure.period.to_string(),
                    plain_number(figure.value),
                    figure.note.clone().unwrap_or_default(),
                ]
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+44 1353"), "'+44 1353");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("-3"), "-3");
        assert_eq!(neutralise("-2.5"), "-2.5");
        assert_eq!(neutralise("-2."), "'-2.");
        assert_eq!(neutralise("-.5"), "'-.5");
        assert_eq!(neutralise("-1e5"), "'-1e5");
        assert_eq!(neutralise("-inf"), "'-inf");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise(""), "");
    }
}
