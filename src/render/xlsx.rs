//! Workbooks, written with `rust_xlsxwriter`: the plan as a spreadsheet
//! (`csp export`) and the return forms a partner fills in (`csp chase
//! --format xlsx`, `csp export --form`). Both are deterministic for a plan
//! and an as-of day: the document's creation time is the as-of day, not the
//! clock, so two runs give the same bytes.
//!
//! The form's layout is a contract with `csp apply`, which reads it back:
//! its sheets, columns and hidden cells are `form_contract`'s.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

use crate::dates::uk_date;
use crate::form_contract::{
    Column, EDITABLE_COLUMNS, FIGURE_COLUMNS, FIGURE_EDITABLE_COLUMNS, FIGURE_HIDDEN_COLUMNS,
    FigureColumn, Fingerprints, FormSheet, HIDDEN_COLUMNS, MetaCell, UPDATE_COLUMNS,
};
use crate::model::{Marking, Rag, Status};
use crate::view::form::{Form, FormDue};
use crate::view::scorecard::{PeriodFigure, Scorecard};
use crate::view::{
    Bucket, Cell, ColumnKind, EXPORT_COLUMNS, Export, PRINTED_COLUMNS, Summary, WORKBOOK_ORDER,
};

/// How dates are shown in every sheet.
const DATE_FORMAT: &str = "dd mmm yyyy";

/// A RAG rating's fill.
pub fn rag_color(rag: Rag) -> u32 {
    match rag {
        Rag::Red => 0x00E0_6666,
        Rag::Amber => 0x00FF_C000,
        Rag::Green => 0x0093_C47D,
    }
}

/// The font colour of an overdue row of the export.
pub const OVERDUE_COLOR: u32 = 0x009C_0006;

fn workbook(
    title: &str,
    subject: &str,
    as_of: NaiveDate,
    marking: Marking,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // Excel stamps a workbook with the time it was made; the as-of day
    // keeps the bytes the same from one run to the next.
    let created = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).unwrap_or(1900),
        as_of.month() as u8,
        as_of.day() as u8,
    )?;
    let mut properties = DocProperties::new()
        .set_author("csp")
        .set_creation_datetime(&created);
    properties = if marking.is_sensitive() {
        let label = marking.label();
        properties
            .set_title(format!("{label}: {title}"))
            .set_subject(format!("{label}: {subject}"))
            .set_keywords(label)
            .set_category(label)
            .set_custom_property("Classification", label)
    } else {
        properties.set_title(title).set_subject(subject)
    };
    workbook.set_properties(&properties);
    Ok(workbook)
}

/// What every sheet prints on: A4 (not the US Letter a program falls back
/// to), "Page N of M" at the foot, and a sensitive workbook's marking in the
/// header and footer, centred and bold.
fn page_setup(workbook: &mut Workbook, marking: Marking) {
    const A4: u8 = 9;
    let pages = "&R&8Page &P of &N";
    let (header, footer) = if marking.is_sensitive() {
        let label = format!("&C&\"-,Bold\"{}", marking.label());
        (label.clone(), format!("{label}{pages}"))
    } else {
        (String::new(), pages.to_string())
    };
    for sheet in workbook.worksheets_mut() {
        sheet.set_paper_size(A4);
        if !header.is_empty() {
            sheet.set_header(&header);
        }
        sheet.set_footer(&footer);
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00D9_E1F2))
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin)
}

/// The plan as a workbook: an Actions sheet, a Measures sheet when
/// `scorecard` holds measures, and a Summary sheet, zipped
/// into `out` as it is written: never held whole (13 MB at 100,000
/// actions). The Actions sheet's rows wait in a temporary file in
/// `scratch_dir` until the workbook is zipped: give the output's directory,
/// which is on disk, where the system's temporary directory may be memory.
pub fn export<W: Write + Send>(
    export: &Export<'_>,
    scorecard: Option<&Scorecard<'_>>,
    out: &mut W,
    scratch_dir: &Path,
) -> anyhow::Result<()> {
    let mut workbook = workbook(
        &export.plan,
        &format!("Action plan as of {}", uk_date(export.as_of)),
        export.as_of,
        export.marking,
    )?;
    // The Actions sheet has a row per action, written in order: in
    // rust_xlsxwriter's constant-memory mode each row goes to a temporary
    // file as the next begins, instead of every cell of a large plan being
    // held until the workbook is saved.
    workbook.set_tempdir(scratch_dir)?;
    actions_sheet(workbook.add_worksheet_with_constant_memory()?, export)?;
    if let Some(scorecard) = scorecard {
        measures_sheet(workbook.add_worksheet(), scorecard)?;
    }
    summary_sheet(workbook.add_worksheet(), export, scorecard)?;
    page_setup(&mut workbook, export.marking);
    workbook.save_to_writer(&mut *out)?;
    // A buffered writer dropped unflushed would swallow a failed last write.
    out.flush()?;
    Ok(())
}

fn cell_format(kind: ColumnKind, rag: Option<Rag>, overdue: bool) -> Format {
    let mut format = Format::new().set_align(FormatAlign::Top);
    format = match kind {
        ColumnKind::LongProse | ColumnKind::Prose => format.set_text_wrap(),
        ColumnKind::Date => format.set_num_format(DATE_FORMAT),
        ColumnKind::Rag => match rag {
            Some(rag) => format.set_background_color(Color::RGB(rag_color(rag))),
            None => format,
        },
        ColumnKind::Short | ColumnKind::Number => format,
    };
    if overdue {
        format = format.set_font_color(Color::RGB(OVERDUE_COLOR));
    }
    format
}

fn column_width(kind: ColumnKind, header: &str) -> f64 {
    match (kind, header) {
        (ColumnKind::LongProse, _) => 60.0,
        (ColumnKind::Prose, "Title") => 45.0,
        (ColumnKind::Prose, "File") => 40.0,
        (ColumnKind::Prose, _) => 28.0,
        (ColumnKind::Date, _) => 13.0,
        (ColumnKind::Rag, _) => 8.0,
        (ColumnKind::Number, _) => 12.0,
        (ColumnKind::Short, "ID") => 36.0,
        (ColumnKind::Short, _) => 14.0,
    }
}

/// A wide table prints landscape, one page across with the header on each
/// page, rather than a column or two per sheet of paper.
fn print_wide(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    let _ = sheet.set_repeat_rows(0, 0);
}

/// How many lines `text` takes wrapped in a column `width` characters wide.
/// Programs differ in whether they fit a row to wrapped text when a file is
/// opened (LibreOffice does not), so each row is given its height.
#[allow(
    clippy::cast_sign_loss,
    reason = "column widths are positive constants, and the value is at least 1"
)]
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    text.lines()
        .map(|line| line.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// The height in points of a row of `lines` lines of the default font,
/// within Excel's limit of 409 points.
fn row_height(lines: usize) -> f64 {
    (15.0 * lines as f64).min(409.0)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => sheet.write_blank(row, col, format)?,
        Cell::Text(text) => sheet.write_string_with_format(row, col, text.as_ref(), format)?,
        Cell::Date(date) => sheet.write_datetime_with_format(row, col, date, format)?,
        Cell::Number(number) => sheet.write_number_with_format(row, col, *number as f64, format)?,
    };
    Ok(())
}

/// The Actions sheet: every column, the board's first ([`WORKBOOK_ORDER`]);
/// only those print, so that a page is read at a readable size.
fn actions_sheet(sheet: &mut Worksheet, export: &Export<'_>) -> anyhow::Result<()> {
    sheet.set_name("Actions")?;
    let header = header_format();
    let columns = WORKBOOK_ORDER.map(|index| EXPORT_COLUMNS[index]);
    for (col, (name, kind)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, col, name, &header)?;
        sheet.set_column_width(col, column_width(kind, name))?;
    }
    for (row, action) in (1u32..).zip(export.rows()) {
        let mut lines = 1;
        let cells = action.cells();
        for ((col, &index), (name, kind)) in (0u16..).zip(&WORKBOOK_ORDER).zip(columns) {
            let cell = &cells[index];
            let format = cell_format(kind, action.rag(), action.is_overdue());
            write_cell(sheet, row, col, cell, &format)?;
            if let (Cell::Text(text), ColumnKind::LongProse | ColumnKind::Prose) = (cell, kind) {
                lines = lines.max(wrapped_lines(text, column_width(kind, name)));
            }
        }
        sheet.set_row_height(row, row_height(lines))?;
    }
    let last_row = u32::try_from(export.actions.len()).unwrap_or(u32::MAX - 1);
    let last_col = u16::try_from(EXPORT_COLUMNS.len() - 1).unwrap_or(0);
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    print_wide(sheet);
    let last_printed = u16::try_from(PRINTED_COLUMNS - 1).unwrap_or(0);
    sheet.set_print_area(0, 0, last_row, last_printed)?;
    Ok(())
}

/// The Measures sheet's columns before the periods, and after them.
pub const MEASURE_COLUMNS: [&str; 10] = [
    "ID",
    "Title",
    "Lead",
    "Unit",
    "Better",
    "Frequency",
    "Baseline",
    "Baseline period",
    "Year",
    "Year target",
];
pub const MEASURE_STANDING_COLUMNS: [&str; 7] = [
    "Year to date",
    "Target",
    "Target basis",
    "RAG",
    "Direction",
    "Missing",
    "Source",
];

/// The fill of a period's cell that is not of the row's frequency.
pub const NOT_ITS_PERIOD: u32 = 0x00EE_EEEE;

/// A figure's number format: whole numbers without decimals, others to
/// two places at most, and `%` or `£` shown as the plan writes them (a
/// percentage is stored as written, 24.8, not as 0.248).
fn figure_format(value: f64, unit: Option<&str>) -> String {
    let number = if value.fract() == 0.0 {
        "#,##0"
    } else {
        "#,##0.0#"
    };
    match unit.map(str::trim) {
        Some("%") => format!("{number}\"%\""),
        Some("£") => format!("\"£\"{number}"),
        _ => number.to_string(),
    }
}

/// The Measures sheet: one row per measure, its periods of this
/// financial year and the last as columns, then where it stands. The
/// periods of every frequency share one header row, in time order (a
/// month before the quarter and the year it closes), so that the header
/// can be frozen, filtered and repeated on each printed page, and a
/// period's column is the same for every row; the cells of a period that
/// is not a row's frequency are grey.
fn measures_sheet(sheet: &mut Worksheet, scorecard: &Scorecard<'_>) -> anyhow::Result<()> {
    sheet.set_name("Measures")?;
    let header = header_format();
    let number_header = header_format().set_align(FormatAlign::Right);
    let periods = scorecard.year_columns();
    let first_period = u16::try_from(MEASURE_COLUMNS.len()).unwrap_or(0);
    let after = first_period + u16::try_from(periods.len()).unwrap_or(0);
    let widths = [22.0, 32.0, 20.0, 10.0, 8.0, 10.0, 10.0, 10.0, 9.0, 10.0];
    for (col, (name, width)) in (0u16..).zip(MEASURE_COLUMNS.iter().zip(widths)) {
        let format = if matches!(*name, "Baseline" | "Year target") {
            &number_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, col, *name, format)?;
        sheet.set_column_width(col, width)?;
    }
    for (col, period) in (first_period..).zip(&periods) {
        sheet.write_string_with_format(0, col, period.to_string(), &number_header)?;
        sheet.set_column_width(col, 10.0)?;
    }
    let widths = [12.0, 10.0, 24.0, 8.0, 13.0, 22.0, 24.0];
    for (col, (name, width)) in (after..).zip(MEASURE_STANDING_COLUMNS.iter().zip(widths)) {
        let format = if matches!(*name, "Year to date" | "Target") {
            &number_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, col, *name, format)?;
        sheet.set_column_width(col, width)?;
    }
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = top.clone().set_text_wrap();
    let grey = top.clone().set_background_color(Color::RGB(NOT_ITS_PERIOD));
    let missing = top
        .clone()
        .set_align(FormatAlign::Right)
        .set_italic()
        .set_font_color(Color::RGB(OVERDUE_COLOR));
    let number =
        |sheet: &mut Worksheet, row: u32, col: u16, value: Option<f64>, unit: Option<&str>| {
            match value {
                Some(value) => sheet.write_number_with_format(
                    row,
                    col,
                    value,
                    &top.clone().set_num_format(figure_format(value, unit)),
                ),
                None => sheet.write_blank(row, col, &top),
            }
            .map(|_| ())
        };
    let text = |sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format| {
        if text.is_empty() {
            sheet.write_blank(row, col, format)
        } else {
            sheet.write_string_with_format(row, col, text, format)
        }
        .map(|_| ())
    };
    for (row, one) in (1u32..).zip(&scorecard.measures) {
        let measure = one.measure;
        let unit = measure.unit.as_deref();
        let r = &one.row;
        text(sheet, row, 0, &measure.id, &top)?;
        text(sheet, row, 1, &measure.title, &wrap)?;
        text(sheet, row, 2, &one.lead_names, &wrap)?;
        text(sheet, row, 3, unit.unwrap_or_default(), &top)?;
        text(sheet, row, 4, measure.better.name(), &top)?;
        text(sheet, row, 5, measure.frequency.name(), &top)?;
        number(
            sheet,
            row,
            6,
            measure.baseline.as_ref().map(|b| b.value),
            unit,
        )?;
        let baseline_period = measure
            .baseline
            .as_ref()
            .map(|b| b.period.to_string())
            .unwrap_or_default();
        text(sheet, row, 7, &baseline_period, &top)?;
        text(sheet, row, 8, r.year.as_deref().unwrap_or_default(), &top)?;
        number(sheet, row, 9, r.year_target, unit)?;
        for (col, period) in (first_period..).zip(&periods) {
            if period.frequency() != measure.frequency {
                sheet.write_blank(row, col, &grey)?;
                continue;
            }
            match one.figure(*period) {
                PeriodFigure::Value(value, _) => number(sheet, row, col, Some(value), unit)?,
                PeriodFigure::NotReceived => text(sheet, row, col, "not received", &missing)?,
                PeriodFigure::NotYetDue(_) | PeriodFigure::Blank => {
                    sheet.write_blank(row, col, &top)?;
                }
            }
        }
        number(sheet, row, after, r.ytd, unit)?;
        number(sheet, row, after + 1, r.target, unit)?;
        text(
            sheet,
            row,
            after + 2,
            r.target_basis.as_deref().unwrap_or_default(),
            &wrap,
        )?;
        match r.rag {
            Some(rag) => text(
                sheet,
                row,
                after + 3,
                rag.name(),
                &top.clone().set_background_color(Color::RGB(rag_color(rag))),
            )?,
            None => sheet.write_blank(row, after + 3, &top).map(|_| ())?,
        }
        let direction = one.direction_text().unwrap_or_default();
        text(sheet, row, after + 4, &direction, &top)?;
        text(sheet, row, after + 5, &r.missing.join("; "), &wrap)?;
        text(
            sheet,
            row,
            after + 6,
            measure.source.as_deref().unwrap_or_default(),
            &wrap,
        )?;
        let lines = wrapped_lines(&measure.title, 32.0)
            .max(wrapped_lines(&one.lead_names, 20.0))
            .max(wrapped_lines(&r.missing.join("; "), 22.0));
        sheet.set_row_height(row, row_height(lines))?;
    }
    let last_row = u32::try_from(scorecard.measures.len()).unwrap_or(u32::MAX - 1);
    let last_col = after + u16::try_from(MEASURE_STANDING_COLUMNS.len() - 1).unwrap_or(0);
    sheet.autofilter(0, 0, last_row, last_col)?;
    // The header, and each measure's id and title, stay in sight.
    sheet.set_freeze_panes(1, 2)?;
    // Landscape at 80%, not fitted to one page across: the periods of two
    // years run to 34 columns when a measure is monthly, and fitted they
    // would print too small to read. Each page across repeats the header
    // row and the title (the id, for scripts, prints on the first page
    // only); pages run across, then down.
    sheet.set_landscape();
    sheet.set_print_scale(80);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(1, 1)?;
    sheet.set_page_order(false);
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    export: &Export,
    scorecard: Option<&Scorecard<'_>>,
) -> anyhow::Result<()> {
    sheet.set_name("Summary")?;
    let summary: &Summary = &export.summary;
    let title = Format::new().set_bold().set_font_size(14);
    let header = header_format();
    sheet.write_string_with_format(0, 0, &export.plan, &title)?;
    // The headline wrapped in its own cell, so that it prints whole rather
    // than cut at the first column's edge (a merged cell would read
    // differently in every spreadsheet program).
    let headline = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let text = summary.headline();
    sheet.write_string_with_format(1, 0, &text, &headline)?;
    sheet.set_row_height(1, row_height(wrapped_lines(&text, 40.0)))?;
    sheet.set_column_width(0, 40)?;
    for col in 1..=6 {
        sheet.set_column_width(col, 10)?;
    }
    // One page, portrait: the Summary is what a board member keeps.
    sheet.set_print_fit_to_pages(1, 1);
    let number_header = header_format().set_align(FormatAlign::Right);
    let mut row = 3u32;
    let counts = ["Actions", "Open", "Overdue", "Due soon", "Stale"];
    let table = |sheet: &mut Worksheet,
                 row: &mut u32,
                 heading: &str,
                 buckets: &[Bucket]|
     -> Result<(), XlsxError> {
        sheet.write_string_with_format(*row, 0, heading, &header)?;
        for (col, name) in (1u16..).zip(counts) {
            sheet.write_string_with_format(*row, col, name, &number_header)?;
        }
        *row += 1;
        for bucket in buckets {
            let indent = Format::new().set_indent(u8::try_from(bucket.depth).unwrap_or(u8::MAX));
            sheet.write_string_with_format(*row, 0, &bucket.label, &indent)?;
            let values = [
                bucket.counts.actions,
                bucket.counts.open,
                bucket.counts.overdue,
                bucket.counts.due_soon,
                bucket.counts.stale,
            ];
            for (col, value) in (1u16..).zip(values) {
                sheet.write_number(*row, col, value as f64)?;
            }
            *row += 1;
        }
        *row += 1;
        Ok(())
    };
    let total = Bucket {
        key: "all".into(),
        label: "All actions".into(),
        depth: 0,
        counts: summary.total,
    };
    table(sheet, &mut row, "Total", std::slice::from_ref(&total))?;
    table(sheet, &mut row, "Status", &summary.status)?;
    table(sheet, &mut row, "RAG", &summary.rag)?;
    // Leads, as `csp leads` counts them: led, then partnered.
    sheet.write_string_with_format(row, 0, "Lead", &header)?;
    for (col, name) in (1u16..).zip(["Leads", "Open", "Overdue", "Due soon", "Stale", "Partner"]) {
        sheet.write_string_with_format(row, col, name, &number_header)?;
    }
    row += 1;
    for lead in &export.leads.rows {
        sheet.write_string(row, 0, &lead.name)?;
        let values = [
            lead.led,
            lead.open,
            lead.overdue,
            lead.due_soon,
            lead.stale,
            lead.partner,
        ];
        for (col, value) in (1u16..).zip(values) {
            sheet.write_number(row, col, value as f64)?;
        }
        row += 1;
    }
    row += 1;
    table(sheet, &mut row, "Section", &summary.sections)?;
    // The measures' counts, as the Measures sheet's rows add up.
    if let Some(scorecard) = scorecard {
        let counts = scorecard.counts;
        sheet.write_string_with_format(row, 0, "Measures", &header)?;
        sheet.write_string_with_format(row, 1, "Measures", &number_header)?;
        row += 1;
        for (label, value) in [
            ("All measures", counts.measures),
            ("red", counts.red),
            ("amber", counts.amber),
            ("green", counts.green),
            ("Not rated", counts.not_rated),
            ("Figures missing", counts.missing),
        ] {
            sheet.write_string(row, 0, label)?;
            sheet.write_number(row, 1, value as f64)?;
            row += 1;
        }
    }
    Ok(())
}

/// A return form: the Update sheet (protected, G–L unlocked), the
/// Instructions sheet, and the hidden `csp` sheet that `csp apply` checks
/// (`form_contract::MetaCell`, then the `Fingerprints` table).
pub fn form(form: &Form) -> anyhow::Result<Vec<u8>> {
    let subject = match &form.lead {
        Some(lead) => format!("Update form for {lead} as of {}", uk_date(form.as_of)),
        None => format!("Update form as of {}", uk_date(form.as_of)),
    };
    let mut workbook = workbook(&form.plan, &subject, form.as_of, form.marking)?;
    for sheet in FormSheet::ALL {
        // A lead with no missing figure gets no Figures sheet: an empty
        // sheet would only be one more tab to open and wonder about.
        if sheet == FormSheet::Figures && form.figures.is_empty() {
            continue;
        }
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name())?;
        match sheet {
            FormSheet::Update => update_sheet(worksheet, form)?,
            FormSheet::Figures => figures_sheet(worksheet, form)?,
            FormSheet::Instructions => instructions_sheet(worksheet, form)?,
            FormSheet::Meta => hidden_sheet(worksheet, form)?,
        }
    }
    page_setup(&mut workbook, form.marking);
    Ok(workbook.save_to_buffer()?)
}

fn update_sheet(sheet: &mut Worksheet, form: &Form) -> anyhow::Result<()> {
    print_wide(sheet);
    let header = header_format();
    let editable_header = header_format().set_background_color(Color::RGB(0x00FF_F2CC));
    for column in UPDATE_COLUMNS {
        let format = if EDITABLE_COLUMNS.contains(&column) {
            &editable_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, column.col(), column.header(), format)?;
        sheet.set_column_width(column.col(), form_column_width(column))?;
    }
    let locked = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    // Left, as the Due column's quarters and years are: one column, one edge.
    let locked_date = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
        .set_num_format(DATE_FORMAT);
    let open = Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_unlocked()
        .set_background_color(Color::RGB(0x00FF_F9E6));
    let open_date = open.clone().set_num_format(DATE_FORMAT);
    let open_text = open.clone().set_num_format("@");
    // M–O, hidden: the form's identity on every row (form_contract).
    let form_id = form.id();
    for column in HIDDEN_COLUMNS {
        sheet.write_string_with_format(0, column.col(), column.header(), &header)?;
        sheet.set_column_hidden(column.col())?;
    }
    // Wrapped, so that a hidden cell's text never spills into the empty
    // visible cells beside it, on screen or on paper.
    let kept_in = Format::new().set_text_wrap();
    for (row, item) in (1u32..).zip(&form.rows) {
        sheet.write_string_with_format(
            row,
            Column::Fingerprint.col(),
            &item.fingerprint,
            &kept_in,
        )?;
        sheet.write_string_with_format(row, Column::Form.col(), &form_id, &kept_in)?;
        sheet.write_string_with_format(row, Column::Plan.col(), &form.plan, &kept_in)?;
        sheet.write_string_with_format(row, Column::Id.col(), &item.id, &locked)?;
        sheet.write_string_with_format(row, Column::Title.col(), &item.title, &locked)?;
        let due = Column::Due.col();
        match &item.due {
            FormDue::None => sheet.write_blank(row, due, &locked)?,
            FormDue::Day(day) => sheet.write_datetime_with_format(row, due, day, &locked_date)?,
            FormDue::Text(text) => sheet.write_string_with_format(row, due, text, &locked)?,
        };
        sheet.write_string_with_format(row, Column::Status.col(), item.status.name(), &locked)?;
        match item.rag {
            Some(rag) => sheet.write_string_with_format(
                row,
                Column::Rag.col(),
                rag.name(),
                &locked
                    .clone()
                    .set_background_color(Color::RGB(rag_color(rag))),
            )?,
            None => sheet.write_blank(row, Column::Rag.col(), &locked)?,
        };
        match &item.latest {
            Some((day, text)) => sheet.write_string_with_format(
                row,
                Column::LatestNote.col(),
                format!("{}: {text}", uk_date(*day)),
                &locked,
            )?,
            None => sheet.write_blank(row, Column::LatestNote.col(), &locked)?,
        };
        // G–L: blank and unlocked, each with the format its value takes.
        for column in EDITABLE_COLUMNS {
            let format = match column {
                Column::NoteDate | Column::DoneOn => &open_date,
                // Text, so that a date typed in a note stays as typed.
                Column::NewDue | Column::ProgressNote => &open_text,
                _ => &open,
            };
            sheet.write_blank(row, column.col(), format)?;
        }
        // Room for the title, the latest note, and a note of some lines.
        let latest = item.latest.as_ref().map_or(1, |(_, text)| {
            wrapped_lines(text, form_column_width(Column::LatestNote))
        });
        let lines = wrapped_lines(&item.title, form_column_width(Column::Title))
            .max(latest)
            .max(3);
        sheet.set_row_height(row, row_height(lines))?;
    }
    if let Some(last) = u32::try_from(form.rows.len()).ok().filter(|&n| n > 0) {
        let statuses = Status::ALL.map(Status::name);
        let status = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_error_title("Not a status")?
            .set_error_message(format!("Choose one of: {}", statuses.join(", ")))?;
        let col = Column::NewStatus.col();
        sheet.add_data_validation(1, col, last, col, &status)?;
        let rags = Rag::ALL.map(Rag::name);
        let rag = DataValidation::new()
            .allow_list_strings(&rags)?
            .set_error_title("Not a RAG rating")?
            .set_error_message(format!("Choose one of: {}", rags.join(", ")))?;
        let col = Column::NewRag.col();
        sheet.add_data_validation(1, col, last, col, &rag)?;
        let due = DataValidation::new()
            .allow_any_value()
            .set_input_title(Column::NewDue.header())?
            .set_input_message(
                "A date, a month (2024-03), a quarter (Q3 2023/24) or a financial year (2023/24)",
            )?;
        let col = Column::NewDue.col();
        sheet.add_data_validation(1, col, last, col, &due)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    // Guards against slips, not people: no password.
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The Figures sheet: a row per missing figure, protected as the Update
/// sheet is, with Value and Note unlocked. A Value cell takes a number
/// (a decimal validation, in a program that checks them), except for a
/// measure in `%`: there it is text, because Excel and LibreOffice store
/// `12%` typed into a number cell as 0.12, which no reader could tell from
/// a rate of 0.12%; as text, `12%` and `12` both read as 12%.
fn figures_sheet(sheet: &mut Worksheet, form: &Form) -> anyhow::Result<()> {
    print_wide(sheet);
    let header = header_format();
    let editable_header = header_format().set_background_color(Color::RGB(0x00FF_F2CC));
    for column in FIGURE_COLUMNS {
        let format = if FIGURE_EDITABLE_COLUMNS.contains(&column) {
            &editable_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, column.col(), column.header(), format)?;
        sheet.set_column_width(column.col(), figure_column_width(column))?;
    }
    for column in FIGURE_HIDDEN_COLUMNS {
        sheet.write_string_with_format(0, column.col(), column.header(), &header)?;
        sheet.set_column_hidden(column.col())?;
    }
    let locked = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    let locked_number = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("#,##0.##");
    let open = Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_unlocked()
        .set_background_color(Color::RGB(0x00FF_F9E6));
    let open_text = open.clone().set_num_format("@");
    let kept_in = Format::new().set_text_wrap();
    let form_id = form.id();
    for (row, figure) in (1u32..).zip(&form.figures) {
        let col = FigureColumn::col;
        sheet.write_string_with_format(
            row,
            col(FigureColumn::Fingerprint),
            &figure.fingerprint,
            &kept_in,
        )?;
        sheet.write_string_with_format(row, col(FigureColumn::Form), &form_id, &kept_in)?;
        sheet.write_string_with_format(row, col(FigureColumn::Plan), &form.plan, &kept_in)?;
        sheet.write_string_with_format(
            row,
            col(FigureColumn::Measure),
            &figure.measure,
            &locked,
        )?;
        sheet.write_string_with_format(row, col(FigureColumn::Title), &figure.title, &locked)?;
        sheet.write_string_with_format(
            row,
            col(FigureColumn::Period),
            figure.period.to_string(),
            &locked,
        )?;
        match &figure.unit {
            Some(unit) => {
                sheet.write_string_with_format(row, col(FigureColumn::Unit), unit, &locked)?
            }
            None => sheet.write_blank(row, col(FigureColumn::Unit), &locked)?,
        };
        match figure.target {
            Some(target) => sheet.write_number_with_format(
                row,
                col(FigureColumn::Target),
                target,
                &locked_number,
            )?,
            None => sheet.write_blank(row, col(FigureColumn::Target), &locked)?,
        };
        let percent = figure.unit.as_deref().map(str::trim) == Some("%");
        let value = col(FigureColumn::Value);
        sheet.write_blank(row, value, if percent { &open_text } else { &open })?;
        sheet.write_blank(row, col(FigureColumn::Note), &open_text)?;
        let due = uk_date(figure.due);
        let message = if percent {
            format!(
                "The {} figure (due {due}), as a percentage: 12.5 or 12.5% for 12.5%. Leave it empty if you do not have it yet.",
                figure.period
            )
        } else {
            format!(
                "The {} figure (due {due}), as a number: 1234 or 12.5. Leave it empty if you do not have it yet.",
                figure.period
            )
        };
        let mut validation = if percent {
            DataValidation::new().allow_any_value()
        } else {
            DataValidation::new()
                .allow_decimal_number(rust_xlsxwriter::DataValidationRule::Between(-1e15, 1e15))
                .set_error_title("Not a number")?
                .set_error_message("Type the figure as a number, such as 1234 or 12.5")?
        };
        validation = validation
            .set_input_title(FigureColumn::Value.header())?
            .set_input_message(message)?;
        sheet.add_data_validation(row, value, row, value, &validation)?;
        let lines = wrapped_lines(&figure.title, figure_column_width(FigureColumn::Title)).max(2);
        sheet.set_row_height(row, row_height(lines))?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// A column's width on the Figures sheet, in characters.
fn figure_column_width(column: FigureColumn) -> f64 {
    match column {
        FigureColumn::Measure => 24.0,
        FigureColumn::Title => 45.0,
        FigureColumn::Note => 40.0,
        FigureColumn::Period => 13.0,
        FigureColumn::Unit | FigureColumn::Target | FigureColumn::Value => 12.0,
        FigureColumn::Fingerprint | FigureColumn::Form | FigureColumn::Plan => 0.0,
    }
}

/// A column's width on the Update sheet, in characters.
fn form_column_width(column: Column) -> f64 {
    match column {
        Column::Id => 36.0,
        Column::Title | Column::LatestNote | Column::ProgressNote => 45.0,
        Column::Due | Column::NoteDate | Column::NewStatus | Column::DoneOn => 13.0,
        Column::Status => 12.0,
        Column::Rag => 8.0,
        Column::NewRag => 10.0,
        Column::NewDue => 14.0,
        // Hidden.
        Column::Fingerprint | Column::Form | Column::Plan => 0.0,
    }
}

fn instructions_sheet(sheet: &mut Worksheet, form: &Form) -> anyhow::Result<()> {
    // One column of wrapped lines, each row as tall as its text: printed
    // (A4 portrait, one page wide), no line runs into the next or off the
    // page, as unwrapped text in a fixed row did.
    // Narrow enough for A4 portrait at full size in every program (not all
    // apply "fit to page" to a sheet of one column).
    const WIDTH: f64 = 66.0;
    sheet.set_column_width(0, WIDTH)?;
    sheet.set_print_fit_to_pages(1, 0);
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let strong = wrap.clone().set_bold();
    sheet.write_string_with_format(0, 0, format!("{}: update form", form.plan), &title)?;
    let whom = match (&form.lead_name, form.involving) {
        (Some(name), false) => format!("the actions {name} leads"),
        (Some(name), true) => format!("the actions {name} leads or works on as a partner"),
        (None, _) => "the actions".to_string(),
    };
    let wanted = match (&form.meeting, form.return_by) {
        (Some(meeting), Some(day)) => {
            format!("Please return it by {} for the {meeting}.", uk_date(day))
        }
        (Some(meeting), None) => format!("Please return it before the {meeting}."),
        (None, Some(day)) => format!("Please return it by {}.", uk_date(day)),
        (None, None) => String::new(),
    };
    let mut lines: Vec<(String, &Format)> = vec![
        (
            format!(
                "This form lists {whom} that the partnership asks you to update, as of {}.",
                uk_date(form.as_of)
            ),
            &wrap,
        ),
        (wanted, &strong),
        (String::new(), &wrap),
        ("On the Update sheet, fill in the pale yellow columns of any row you have news for; leave the other rows empty:".into(), &wrap),
        ("• Progress note: what has happened since the latest note, in a sentence or two.".into(), &wrap),
        ("• Note date: the day the note is true of (leave it empty for the day the form is applied).".into(), &wrap),
        ("• New status: choose from the list (open, in-progress, blocked, done, dropped), only if it has changed.".into(), &wrap),
        ("• New RAG: choose red, amber or green, only if the rating has changed.".into(), &wrap),
        ("• New due: only if the deadline has moved: a date (30/06/2024), a month (2024-06), a quarter (Q1 2024/25) or a financial year (2024/25).".into(), &wrap),
        ("• Done on: the day the action was completed, if it is finished.".into(), &wrap),
        (String::new(), &wrap),
        ("The white columns on the left (ID, title, due, status, RAG, latest note) show the plan as it is; they cannot be changed here.".into(), &wrap),
    ];
    if !form.figures.is_empty() {
        let count = form.figures.len();
        lines.extend([
            (String::new(), &wrap),
            (format!("The Figures sheet lists {} you supply that {} not been received. Type each figure you have in the Value column (a number: 1234 or 12.5), and anything the board should know about it in Note (\"provisional\", say); leave Value empty for a figure you do not have yet. Please do not change the Measure or Period column.", if count == 1 { "the figure".to_string() } else { format!("the {count} figures") }, if count == 1 { "has" } else { "have" }), &wrap),
        ]);
    }
    lines.extend([
        (String::new(), &wrap),
        ("Please do not rename the sheets, change the ID column, or add or remove rows.".into(), &wrap),
        (String::new(), &wrap),
        ("When you have finished, save the file (keep it as an Excel workbook, .xlsx) and e-mail it back to the CSP officer who sent it.".into(), &wrap),
    ]);
    for (row, (line, format)) in (2u32..).zip(lines) {
        if !line.is_empty() {
            sheet.write_string_with_format(row, 0, &line, format)?;
            // Counted a little narrow: a proportional font's line holds
            // fewer characters than the column's nominal width.
            sheet.set_row_height(row, row_height(wrapped_lines(&line, WIDTH * 0.85)))?;
        }
    }
    Ok(())
}

fn hidden_sheet(sheet: &mut Worksheet, form: &Form) -> anyhow::Result<()> {
    let as_of = form.as_of.format("%Y-%m-%d").to_string();
    let form_id = form.id();
    for cell in MetaCell::ALL {
        sheet.write_string(cell.row(), MetaCell::LABEL_COL, cell.label())?;
        let value = match cell {
            MetaCell::Plan => Some(form.plan.as_str()),
            MetaCell::AsOf => Some(as_of.as_str()),
            MetaCell::Lead => form.lead.as_deref(),
            MetaCell::Version => Some(form.version()),
            MetaCell::FormId => Some(form_id.as_str()),
        };
        if let Some(value) = value {
            sheet.write_string(cell.row(), MetaCell::VALUE_COL, value)?;
        }
    }
    let header = Fingerprints::HEADER_ROW;
    sheet.write_string(header, Fingerprints::ID_COL, Fingerprints::ID_HEADER)?;
    sheet.write_string(
        header,
        Fingerprints::FINGERPRINT_COL,
        Fingerprints::FINGERPRINT_HEADER,
    )?;
    for (row, (id, print)) in (Fingerprints::FIRST_ROW..).zip(form.fingerprints()) {
        sheet.write_string(row, Fingerprints::ID_COL, &id)?;
        sheet.write_string(row, Fingerprints::FINGERPRINT_COL, &print)?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 20)?;
    sheet.set_hidden(true);
    Ok(())
}
