//! Tables for people: comfy-table fitted to the width, UK dates, overdue in
//! red and due soon in yellow. Styles are drawn only for a [`Screen`] that
//! shows them; commands write styled tables through `anstream`, which keeps
//! them on a colour terminal.

use std::borrow::Cow;
use std::io::Write;

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets,
};
use rayon::prelude::*;

use super::printable;
use super::table_rows::{self, RowCell};
use crate::dates::uk_date;
use crate::model::Action;
use crate::view::{Bucket, Column, Detail, Leads, Listing, ShownRow, Summary, Urgency};

/// The width when output is not a terminal and `$COLUMNS` is not set: a
/// page that prints and pastes into an email without wrapping.
pub const DEFAULT_WIDTH: u16 = 100;

/// The narrowest width worth fitting a table to.
const MIN_WIDTH: u16 = 40;

/// The width to fit tables to: the terminal's; when piped, `$COLUMNS`; else
/// [`DEFAULT_WIDTH`].
pub fn width() -> u16 {
    Table::new()
        .width()
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.trim().parse().ok())
        })
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// Where a table is drawn: how wide, and whether its styles (bold, the
/// colours of overdue and due-soon dates) will be shown. A table that goes
/// where they would be stripped (a pipe, `NO_COLOR`, `--color never`) is
/// drawn without them: styling every cell of a large listing, only for
/// the styles to be scanned out again, took a tenth of its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    pub width: u16,
    pub styled: bool,
}

impl Screen {
    /// [`width`] wide, with styles or without.
    pub fn fitted(styled: bool) -> Self {
        Self {
            width: width(),
            styled,
        }
    }
}

pub(super) fn new_table(screen: Screen) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(screen.width)
        // The width and the styles are the screen's, so comfy-table must not
        // look at the terminal itself.
        .force_no_tty();
    styled(&mut table, screen);
    table
}

/// Has comfy-table draw `table`'s styles when the screen shows them; it
/// draws none otherwise, its cells' colours notwithstanding.
pub(super) fn styled(table: &mut Table, screen: Screen) {
    if screen.styled {
        table.enforce_styling();
        // Style only the text, not the padding, so that line ends can be
        // trimmed.
        table.style_text_only();
    }
}

pub(super) fn header<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Cell> {
    names
        .into_iter()
        .map(|name| Cell::new(name).add_attribute(Attribute::Bold))
        .collect()
}

pub(super) fn bold(text: &str, screen: Screen) -> String {
    if !screen.styled {
        return text.to_string();
    }
    let style = anstyle::Style::new().bold();
    format!("{style}{text}{style:#}")
}

fn urgency_colour(urgency: Urgency) -> Option<Color> {
    match urgency {
        Urgency::Overdue => Some(Color::Red),
        Urgency::DueSoon => Some(Color::Yellow),
        Urgency::Calm => None,
    }
}

/// Colours a count of late or near work, when there is any.
fn count_colour(cell: Cell, count: usize, colour: Color) -> Cell {
    if count > 0 { cell.fg(colour) } else { cell }
}

pub(super) fn right_align(table: &mut Table, from_column: usize) {
    for column in table.column_iter_mut().skip(from_column) {
        column.set_cell_alignment(CellAlignment::Right);
    }
}

/// A listing: its caption, then one table (or one per lead with `--by-lead`).
pub fn listing(listing: &Listing<'_>, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
    if listing.is_empty() {
        writeln!(out, "{}", listing.empty_message())?;
        return Ok(());
    }
    writeln!(out, "{}", listing.caption())?;
    match &listing.by_lead {
        None => write_rows_table(listing, &listing.actions, screen, out)?,
        Some(groups) => {
            for group in groups {
                writeln!(
                    out,
                    "\n{}",
                    bold(&printable(&listing.group_heading(group)), screen)
                )?;
                write_rows_table(listing, &group.actions, screen, out)?;
            }
        }
    }
    Ok(())
}

/// Rows drawn per comfy-table. A longer listing is drawn in chunks of this
/// many rows with column widths fixed over all of it, stitched into one
/// table: a table of a whole large plan is never held as cells at once.
const CHUNK_ROWS: usize = 1000;

fn write_rows_table(
    listing: &Listing<'_>,
    actions: &[&Action],
    screen: Screen,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if actions.len() <= CHUNK_ROWS {
        writeln!(out, "{}", rows_table(listing, actions, screen, None))?;
        return Ok(());
    }
    let columns = &listing.columns;
    let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
    let prose: Vec<bool> = columns.iter().map(|c| c.is_prose()).collect();
    // Measuring every row is a pass over the whole listing before the first
    // chunk can be drawn: it runs on every core, each taking the widest of
    // its own rows.
    let widest_of = |actions: &[&Action]| -> Vec<usize> {
        let mut widest: Vec<usize> = headers.iter().map(|header| line_width(header)).collect();
        for row in listing.shown_rows(actions) {
            for (widest, column) in widest.iter_mut().zip(columns) {
                *widest = (*widest).max(printable_width(&column.text(&row, "\n")));
            }
        }
        widest
    };
    let content = actions
        .par_chunks(CHUNK_ROWS)
        .map(widest_of)
        .reduce_with(|a, b| a.iter().zip(&b).map(|(a, b)| *a.max(b)).collect())
        .unwrap_or_else(|| widest_of(&[]));
    let fits = fit_columns(&headers, &prose, &content, screen.width);
    let layout = Layout::fixed(&content, fits, screen.width);
    let last = actions.len().div_ceil(CHUNK_ROWS) - 1;
    super::write_in_parallel(actions, CHUNK_ROWS, out, |index, chunk| {
        // The first chunk is comfy-table's, with the top border and header;
        // the rest are rows in the same widths, written directly.
        if index > 0 {
            return Ok(rows_in_layout(listing, chunk, screen, &layout, index == last).into_bytes());
        }
        let text = rows_table(listing, chunk, screen, Some(&layout)).to_string();
        let mut lines: Vec<&str> = text.lines().collect();
        // One table: the bottom border is the last chunk's.
        if index < last {
            lines.pop();
        }
        let mut bytes = Vec::with_capacity(text.len());
        for line in lines {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
        }
        Ok(bytes)
    })
}

/// A listing cell's text as a table shows it: its lines, made printable.
/// Most cells are the plan's text as it is: borrowed, not copied.
fn cell_text<'r>(column: Column, row: &'r ShownRow<'_>) -> Cow<'r, str> {
    let text = column.text(row, "\n");
    match printable(&text) {
        // Nothing to replace: `printable` borrowed `text`, so keep `text`.
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    }
}

/// The rows of `actions` in the layout's widths, drawn as comfy-table
/// draws them there (`table_rows`), and the bottom border after the last.
fn rows_in_layout(
    listing: &Listing<'_>,
    actions: &[&Action],
    screen: Screen,
    layout: &Layout,
    last: bool,
) -> String {
    let columns = &listing.columns;
    // comfy-table's content width: the column's less its padding, at least 1.
    let widths: Vec<usize> = layout
        .widths
        .iter()
        .map(|width| usize::from(width.saturating_sub(2)).max(1))
        .collect();
    let mut text = String::new();
    for row in listing.shown_rows(actions) {
        let colour = urgency_colour(row.urgency)
            .filter(|_| screen.styled)
            .map(colour_index);
        let texts: Vec<Cow<'_, str>> = columns
            .iter()
            .zip(&layout.fits)
            .map(|(column, fit)| {
                let text = cell_text(*column, &row);
                match fit {
                    Fit::Wrap(limit) if needs_wrapping(&text, *limit) => {
                        Cow::Owned(wrap_after_hyphens(&text, *limit))
                    }
                    Fit::Wrap(_) | Fit::Prose | Fit::Whole => text,
                }
            })
            .collect();
        let cells: Vec<RowCell<'_>> = texts
            .iter()
            .zip(columns)
            .map(|(text, column)| RowCell {
                text,
                colour: colour.filter(|_| column.shows_urgency()),
            })
            .collect();
        table_rows::write_row(&cells, &widths, &mut text);
    }
    if last {
        table_rows::write_bottom_border(&widths, &mut text);
    }
    text
}

/// The 256-colour index comfy-table writes for the colours used here.
fn colour_index(colour: Color) -> u8 {
    match colour {
        Color::Red => 9,
        Color::Yellow => 11,
        // Only the two above colour a listing's rows.
        _ => 7,
    }
}

/// A comfy-table of `actions` under its header; with a layout, fitted to it
/// instead of to its own rows.
fn rows_table(
    listing: &Listing<'_>,
    actions: &[&Action],
    screen: Screen,
    layout: Option<&Layout>,
) -> Table {
    let columns = &listing.columns;
    let mut urgencies = Vec::with_capacity(actions.len());
    let cells: Vec<Vec<String>> = listing
        .shown_rows(actions)
        .map(|row| {
            urgencies.push(row.urgency);
            columns
                .iter()
                .map(|column| cell_text(*column, &row).into_owned())
                .collect()
        })
        .collect();
    let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
    let prose: Vec<bool> = columns.iter().map(|c| c.is_prose()).collect();
    let style = |at: usize, row: usize, cell: Cell| match urgency_colour(urgencies[row]) {
        Some(colour) if columns[at].shows_urgency() => cell.fg(colour),
        _ => cell,
    };
    match layout {
        None => fitted_table(&headers, &prose, cells, screen, style),
        Some(layout) => {
            let mut table = filled_table(&headers, &layout.fits, cells, screen, style);
            for (column, &fixed) in table.column_iter_mut().zip(&layout.widths) {
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
            }
            table
        }
    }
}

/// A table whose short columns stay whole where they can (see
/// [`fit_columns`]) and whose prose columns wrap; `style` may colour the
/// cell at (column, row).
pub(super) fn fitted_table(
    headers: &[&str],
    prose: &[bool],
    cells: Vec<Vec<String>>,
    screen: Screen,
    style: impl Fn(usize, usize, Cell) -> Cell,
) -> Table {
    let content = content_widths(headers, cells.iter().map(Vec::as_slice));
    let fits = fit_columns(headers, prose, &content, screen.width);
    let mut table = filled_table(headers, &fits, cells, screen, style);
    for (column, fit) in table.column_iter_mut().zip(fits) {
        column.set_constraint(match fit {
            Fit::Prose => ColumnConstraint::LowerBoundary(Width::Fixed(MIN_PROSE_FLOOR)),
            Fit::Whole | Fit::Wrap(_) => ColumnConstraint::ContentWidth,
        });
    }
    table
}

/// A table of `cells`, ids and keys wrapped after hyphens where `fits` says.
fn filled_table(
    headers: &[&str],
    fits: &[Fit],
    mut cells: Vec<Vec<String>>,
    screen: Screen,
    style: impl Fn(usize, usize, Cell) -> Cell,
) -> Table {
    for (at, fit) in fits.iter().enumerate() {
        if let Fit::Wrap(limit) = fit {
            for row in &mut cells {
                row[at] = wrap_after_hyphens(&row[at], *limit);
            }
        }
    }
    let mut table = new_table(screen);
    table.set_header(header(headers.iter().copied()));
    for (index, texts) in cells.into_iter().enumerate() {
        table.add_row(
            texts
                .into_iter()
                .enumerate()
                .map(|(at, text)| style(at, index, Cell::new(text))),
        );
    }
    table
}

/// Column widths fixed for a whole listing, so that its chunks line up.
struct Layout {
    fits: Vec<Fit>,
    /// Each column's width, its padding included.
    widths: Vec<u16>,
}

impl Layout {
    /// Short columns at their content (or wrap) width; the prose columns
    /// share what is left equally, up to their own content, and get at
    /// least [`MIN_PROSE_FLOOR`], as comfy-table would give them.
    fn fixed(content: &[usize], fits: Vec<Fit>, width: u16) -> Self {
        let inner: Vec<usize> = fits
            .iter()
            .zip(content)
            .map(|(fit, &content)| match fit {
                Fit::Prose => 0,
                Fit::Whole => content,
                Fit::Wrap(limit) => content.min(*limit),
            })
            .collect();
        let frame = 3 * fits.len() + 1;
        let prose_count = fits.iter().filter(|fit| **fit == Fit::Prose).count();
        let share = usize::from(width).saturating_sub(frame + inner.iter().sum::<usize>())
            / prose_count.max(1);
        let widths = fits
            .iter()
            .zip(inner.iter().zip(content))
            .map(|(fit, (&inner, &content))| {
                let inner = match fit {
                    Fit::Prose => share.min(content).max(usize::from(MIN_PROSE_FLOOR)),
                    Fit::Whole | Fit::Wrap(_) => inner,
                };
                u16::try_from(inner + 2).unwrap_or(u16::MAX)
            })
            .collect();
        Self { fits, widths }
    }
}

/// The narrowest a prose column may be squeezed to before the others wrap:
/// a quarter of the width, and never under 20 characters.
fn min_prose_width(width: u16) -> usize {
    (usize::from(width) / 4).max(20)
}

/// The least a prose column gets, even if the table must then overflow.
const MIN_PROSE_FLOOR: u16 = 15;

/// How a column fits the width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// Titles and sections: comfy-table wraps them at spaces into what is left.
    Prose,
    /// Dates, statuses, keys and ids that fit on one line.
    Whole,
    /// Ids and keys too long for what is left: broken after a `-` into
    /// lines of at most this many characters, so every line still reads as
    /// part of the id.
    Wrap(usize),
}

/// Keeps the short columns (dates, statuses, leads, ids) whole while the
/// prose columns keep [`min_prose_width`]. When they cannot all be whole,
/// the narrow ones still are and the wide ones share what is left equally
/// (max-min fairness), wrapping after hyphens but never narrower than
/// [`MIN_WRAP_WIDTH`]. On a very narrow terminal the table may end up wider
/// than `width` (see [`fitted_table`]): better than a title one letter wide.
fn fit_columns(headers: &[&str], prose: &[bool], content: &[usize], width: u16) -> Vec<Fit> {
    // Each column takes its content, a space either side and one rule.
    let frame = 3 * headers.len() + 1;
    let prose_count = prose.iter().filter(|&&is_prose| is_prose).count();
    let mut left = usize::from(width).saturating_sub(frame + prose_count * min_prose_width(width));
    let mut fits: Vec<Fit> = prose
        .iter()
        .map(|&is_prose| if is_prose { Fit::Prose } else { Fit::Whole })
        .collect();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for at in (0..headers.len()).filter(|&at| !prose[at]) {
        let content = content[at];
        // Wrapping a date or a status gains too little to be worth it.
        if content <= MIN_WRAP_WIDTH {
            left = left.saturating_sub(content);
        } else {
            open.push((at, content));
        }
    }
    while !open.is_empty() {
        let total: usize = open.iter().map(|&(_, w)| w).sum();
        if total <= left {
            break;
        }
        let share = left / open.len();
        let (narrow, wide): (Vec<_>, Vec<_>) = open.iter().partition(|&&(_, w)| w <= share);
        if narrow.is_empty() {
            for (at, _) in wide {
                fits[at] = Fit::Wrap(share.max(MIN_WRAP_WIDTH));
            }
            break;
        }
        left -= narrow.iter().map(|&(_, w)| w).sum::<usize>();
        open = wide;
    }
    fits
}

/// The widest line of each column, its header included.
fn content_widths<'c>(
    headers: &[&str],
    rows: impl IntoIterator<Item = &'c [String]>,
) -> Vec<usize> {
    let mut widths: Vec<usize> = headers.iter().map(|header| line_width(header)).collect();
    for row in rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(line_width(text));
        }
    }
    widths
}

/// [`line_width`] of [`printable`]`(text)`, without making that copy:
/// `printable` replaces each control character but the line break with one
/// character, so its lines are `text`'s split at line breaks, each as long.
fn printable_width(text: &str) -> usize {
    text.split('\n')
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

fn line_width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

/// Narrower than this, a wrapped id is harder to read than a squeezed title.
const MIN_WRAP_WIDTH: usize = 12;

/// Whether [`wrap_after_hyphens`] could change `text`: one line that fits
/// comes back as it is.
fn needs_wrapping(text: &str, limit: usize) -> bool {
    text.contains('\n') || text.chars().count() > limit
}

/// Breaks each line of `text` after hyphens (keeping them) into lines of at
/// most `limit` characters; a part longer than that stays whole.
fn wrap_after_hyphens(text: &str, limit: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        for part in line.split_inclusive('-') {
            let fits = current.chars().count() + part.chars().count() <= limit;
            if !current.is_empty() && !fits {
                out.push(std::mem::take(&mut current));
            }
            current.push_str(part);
        }
        out.push(current);
    }
    out.join("\n")
}

/// `csp leads`: one row per lead with its counts.
pub fn leads(leads: &Leads, screen: Screen) -> String {
    let Leads { rows, caption } = leads;
    if rows.is_empty() {
        return "the plan lists no leads\n".into();
    }
    let headers = [
        "Lead", "Name", "Led", "Open", "Overdue", "Due soon", "Stale", "Partner",
    ];
    let prose = [false, true, false, false, false, false, false, false];
    let cells = rows
        .iter()
        .map(|row| {
            let name = if row.known {
                printable(&row.name).into_owned()
            } else {
                "(not in [leads] of csp.toml)".into()
            };
            vec![
                printable(&row.key).into_owned(),
                name,
                row.led.to_string(),
                row.open.to_string(),
                row.overdue.to_string(),
                row.due_soon.to_string(),
                row.stale.to_string(),
                row.partner.to_string(),
            ]
        })
        .collect();
    let mut table = fitted_table(&headers, &prose, cells, screen, |at, row, cell| match at {
        4 => count_colour(cell, rows[row].overdue, Color::Red),
        5 => count_colour(cell, rows[row].due_soon, Color::Yellow),
        _ => cell,
    });
    right_align(&mut table, 2);
    format!("{caption}\n{table}\n")
}

/// `csp summary`: a headline, then counts by status, RAG and section.
pub fn summary(summary: &Summary, screen: Screen) -> String {
    let mut out = format!(
        "{}\n{}\n",
        bold(&printable(&summary.title), screen),
        summary.headline()
    );
    for (title, buckets) in [
        ("Status", &summary.status),
        ("RAG", &summary.rag),
        ("Section", &summary.sections),
    ] {
        out.push_str(&format!("\n{}\n", buckets_table(title, buckets, screen)));
    }
    out
}

fn buckets_table(title: &str, buckets: &[Bucket], screen: Screen) -> Table {
    let mut table = new_table(screen);
    table.set_header(header([
        title, "Actions", "Open", "Overdue", "Due soon", "Stale",
    ]));
    for bucket in buckets {
        table.add_row(vec![
            Cell::new(format!(
                "{}{}",
                "  ".repeat(bucket.depth),
                printable(&bucket.label)
            )),
            Cell::new(bucket.counts.actions),
            Cell::new(bucket.counts.open),
            count_colour(
                Cell::new(bucket.counts.overdue),
                bucket.counts.overdue,
                Color::Red,
            ),
            count_colour(
                Cell::new(bucket.counts.due_soon),
                bucket.counts.due_soon,
                Color::Yellow,
            ),
            Cell::new(bucket.counts.stale),
        ]);
    }
    right_align(&mut table, 1);
    table
}

/// `csp show`: the title, the id, every field, then the progress updates.
pub fn detail(detail: &Detail, screen: Screen) -> String {
    let row = &detail.row;
    let mut fields = Table::new();
    fields
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(screen.width)
        .force_no_tty();
    styled(&mut fields, screen);
    let colour = urgency_colour(row.urgency());
    for (label, text) in detail.fields() {
        let cell = Cell::new(printable(&text));
        let cell = match colour {
            Some(colour) if label == "Next due" => cell.fg(colour),
            _ => cell,
        };
        fields.add_row(vec![Cell::new(label).add_attribute(Attribute::Bold), cell]);
    }
    for column in fields.column_iter_mut() {
        column.set_padding((0, 2));
    }
    let mut out = format!(
        "{}\n{}\n\n{}\n\n",
        bold(&printable(&row.title), screen),
        row.id,
        trim_lines(&fields)
    );
    if row.updates.is_empty() {
        out.push_str(&format!("{}: none yet\n", bold("Updates", screen)));
    } else {
        let mut updates = Table::new();
        updates
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(screen.width)
            .force_no_tty();
        for update in row.updates {
            updates.add_row(vec![
                uk_date(update.date),
                printable(&update.text).into_owned(),
            ]);
        }
        for column in updates.column_iter_mut() {
            column.set_padding((0, 2));
        }
        out.push_str(&format!(
            "{} ({})\n{}\n",
            bold("Updates", screen),
            row.updates.len(),
            trim_lines(&updates)
        ));
    }
    out
}

/// A borderless table's lines without the padding left at their ends.
pub(super) fn trim_lines(table: &Table) -> String {
    table
        .lines()
        .map(|line| line.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every colour a listing's rows take, in turn.
    fn colour_of_row(index: usize) -> Color {
        let colours: Vec<Color> = [Urgency::Overdue, Urgency::DueSoon]
            .into_iter()
            .filter_map(urgency_colour)
            .collect();
        colours[index % colours.len()]
    }

    /// What comfy-table draws for `rows` in columns of these content
    /// widths, without its top border: the rows and the bottom border.
    fn drawn_by_comfy_table(rows: &[[&str; 3]], widths: &[usize], styled: bool) -> String {
        let screen = Screen {
            width: 1000,
            styled,
        };
        let mut table = new_table(screen);
        for (index, row) in rows.iter().enumerate() {
            table.add_row(row.iter().enumerate().map(|(at, text)| {
                let cell = Cell::new(text);
                if styled && at == 1 {
                    cell.fg(colour_of_row(index))
                } else {
                    cell
                }
            }));
        }
        for (column, &width) in table.column_iter_mut().zip(widths) {
            let fixed = u16::try_from(width + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
        }
        let text = table.to_string();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        lines.join("\n") + "\n"
    }

    fn drawn_directly(rows: &[[&str; 3]], widths: &[usize], styled: bool) -> String {
        let mut text = String::new();
        for (index, row) in rows.iter().enumerate() {
            let cells: Vec<RowCell<'_>> = row
                .iter()
                .enumerate()
                .map(|(at, text)| RowCell {
                    text,
                    colour: (styled && at == 1).then(|| colour_index(colour_of_row(index))),
                })
                .collect();
            table_rows::write_row(&cells, widths, &mut text);
        }
        table_rows::write_bottom_border(widths, &mut text);
        text
    }

    #[test]
    fn generated_rows_are_drawn_as_comfy_table_draws_them() {
        // Texts of up to 40 characters from an alphabet of the awkward
        // cases (spaces, wide, combining and emoji characters, line
        // breaks), in columns 1 to 12 wide; a fixed generator, so a
        // failure reproduces.
        let alphabet = [
            " ", " ", "a", "b", "c", "d", "-", "é", "漢", "e\u{301}", "🚓", "\n", "x",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % below as u64).unwrap_or(0)
        };
        for _ in 0..1000 {
            let widths = [1 + next(12), 1 + next(12), 1 + next(12)];
            let texts: Vec<String> = (0..12)
                .map(|_| {
                    (0..next(41))
                        .map(|_| alphabet[next(alphabet.len())])
                        .collect()
                })
                .collect();
            let rows: Vec<[&str; 3]> = texts
                .chunks(3)
                .map(|row| [row[0].as_str(), row[1].as_str(), row[2].as_str()])
                .collect();
            let styled = next(2) == 0;
            assert_eq!(
                drawn_directly(&rows, &widths, styled),
                drawn_by_comfy_table(&rows, &widths, styled),
                "widths {widths:?}, rows {rows:?}"
            );
        }
    }

    #[test]
    fn rows_in_fixed_widths_are_drawn_as_comfy_table_draws_them() {
        let texts = [
            "",
            "short",
            "a  b   c",
            "Fund drop-in sessions with parish councils (14400)",
            "averyveryverylongwordthatfitsnowhere at all",
            "ab cdefghijklmnopqrstuvwxyz0123456789 e",
            "x y",
            "wide 漢字漢字漢字漢字 characters 漢字漢字漢字漢字漢字漢字",
            "combining e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
            "emoji 🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓 end",
            "two\nlines, the second of which wraps in a narrow column",
            "trailing space ",
            " leading space",
            "hyphen-ated-\nid-part",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z",
            "ab  cd  ef  gh  ij  kl  mn",
        ];
        let rows: Vec<[&str; 3]> = (0..texts.len())
            .map(|at| {
                [
                    texts[at],
                    texts[(at + 5) % texts.len()],
                    texts[(at * 7 + 3) % texts.len()],
                ]
            })
            .collect();
        for widths in [
            [1, 1, 1],
            [2, 3, 4],
            [1, 5, 12],
            [3, 9, 20],
            [10, 2, 7],
            [6, 13, 11],
            [30, 30, 30],
            [80, 4, 17],
        ] {
            for styled in [false, true] {
                assert_eq!(
                    drawn_directly(&rows, &widths, styled),
                    drawn_by_comfy_table(&rows, &widths, styled),
                    "widths {widths:?}, styled {styled}"
                );
            }
        }
    }

    #[test]
    fn the_width_of_printable_text_is_measured_without_copying_it() {
        for text in [
            "",
            "one line",
            "two\nlines, the second longer",
            "windows\r\nline ends\r\n",
            "bell\u{7} and escape\u{1b}[31m",
            "\n\n",
            "trailing\n",
            "wide 漢字 and e\u{301}",
        ] {
            assert_eq!(
                printable_width(text),
                line_width(&printable(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ids_wrap_after_hyphens_and_keep_them() {
        assert_eq!(
            wrap_after_hyphens("needs-assessment-and-strategy", 18),
            "needs-assessment-\nand-strategy"
        );
        assert_eq!(wrap_after_hyphens("short-id", 18), "short-id");
        // What needs_wrapping lets through unwrapped is what wrapping keeps.
        for (text, limit) in [("short-id", 8), ("a-b-c", 5), ("", 3), ("é-ü-ñ", 5)] {
            assert!(!needs_wrapping(text, limit), "{text:?}");
            assert_eq!(wrap_after_hyphens(text, limit), text);
        }
        for (text, limit) in [("short-id", 7), ("a\nb", 18), ("a-b\n", 18)] {
            assert!(needs_wrapping(text, limit), "{text:?}");
        }
        // A part longer than the limit stays whole rather than being cut.
        assert_eq!(
            wrap_after_hyphens("averyveryverylongword-x", 10),
            "averyveryverylongword-\nx"
        );
        assert_eq!(
            wrap_after_hyphens("CSP\nhousing-associations", 12),
            "CSP\nhousing-\nassociations"
        );
    }

    #[test]
    fn short_columns_stay_whole_and_wide_ones_share_what_is_left() {
        let headers = ["ID", "Title", "Due"];
        let prose = [false, true, false];
        let cells = [vec![
            "a-rather-long-identifier-for-an-action".to_string(),
            "Title".to_string(),
            "30 Sep 2023".to_string(),
        ]];
        let cells = content_widths(&headers, cells.iter().map(Vec::as_slice));
        // Plenty of room: everything whole.
        assert_eq!(
            fit_columns(&headers, &prose, &cells, 200),
            [Fit::Whole, Fit::Prose, Fit::Whole]
        );
        // 60 wide: frame 10, prose 20, date 11 leaves 19 for the id.
        assert_eq!(
            fit_columns(&headers, &prose, &cells, 60),
            [Fit::Wrap(19), Fit::Prose, Fit::Whole]
        );
        // Never narrower than MIN_WRAP_WIDTH.
        assert_eq!(
            fit_columns(&headers, &prose, &cells, 40),
            [Fit::Wrap(MIN_WRAP_WIDTH), Fit::Prose, Fit::Whole]
        );
    }

    #[test]
    fn a_listing_longer_than_a_chunk_is_one_table_with_one_set_of_widths() {
        use crate::model::{Action, Plan};
        use crate::view::{Context, ListKind, Listing, SortBy};
        let mut actions: Vec<Action> = (0..2 * CHUNK_ROWS + 7)
            .map(|n| Action::for_test(&format!("section/action-{n:05}")))
            .collect();
        // A long title in the last chunk only must still fit the layout.
        actions[2 * CHUNK_ROWS + 3].title =
            "A title long enough to wrap over several lines of the table".into();
        let plan = Plan {
            root: "plan".into(),
            manifest: crate::model::Manifest::default(),
            actions,
            measures: Vec::new(),
        };
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let context = Context::new(&plan, day);
        let refs: Vec<&Action> = plan.actions.iter().collect();
        let listing = Listing::new(&context, ListKind::All, &refs, SortBy::Plan, None);
        let mut out = Vec::new();
        assert!(
            super::listing(
                &listing,
                Screen {
                    width: 60,
                    styled: false
                },
                &mut out
            )
            .is_ok()
        );
        let text = String::from_utf8(out).unwrap_or_default();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        let count = |prefix: &str| lines.iter().filter(|line| line.starts_with(prefix)).count();
        assert_eq!((count("╭"), count("╞"), count("╰")), (1, 1, 1), "{text}");
        assert_eq!(
            lines.iter().filter(|line| line.contains("Title")).count(),
            1
        );
        // The header is bold: measure without its styles.
        let unstyled = |line: &str| line.replace("\u{1b}[1m", "").replace("\u{1b}[0m", "");
        let widths: std::collections::BTreeSet<usize> = lines
            .iter()
            .map(|line| unstyled(line).chars().count())
            .collect();
        assert_eq!(
            widths.len(),
            1,
            "every line of the table is as wide: {widths:?}"
        );
        assert!(lines.iter().any(|line| line.contains("02005")));
        assert!(text.contains("several lines"));
    }
}
