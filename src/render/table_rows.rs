//! Rows of a table whose column widths are already fixed, drawn line for
//! line as comfy-table draws them in the `UTF8_FULL_CONDENSED` style with
//! left-aligned cells of one space's padding: the chunks of a long listing
//! after the first, which carries the header and the column widths.
//!
//! A listing of a large plan is mostly rows, and comfy-table lays out every
//! chunk anew (the widths, the wrapping, a `String` per line of each cell);
//! here each row is written straight into the chunk's buffer. comfy-table
//! stays the definition: the tests draw the same rows both ways and compare
//! them byte for byte, coloured and plain, with text that wraps, words
//! longer than their column, wide and combining characters.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The borders of a row line: left, between cells, right.
const LEFT: char = '│';
const BETWEEN: char = '┆';
const RIGHT: char = '│';

/// When a line has this little room left, comfy-table starts the next word
/// on a new line rather than breaking it.
const MIN_FREE_CHARS: usize = 2;

/// One cell of a row: its text (lines separated by `\n`) and, when the
/// table is styled, the 256-colour index of its foreground.
pub(super) struct RowCell<'t> {
    pub text: &'t str,
    pub colour: Option<u8>,
}

/// Appends the lines of one row whose columns have these content widths
/// (each cell's width less its padding).
pub(super) fn write_row(cells: &[RowCell<'_>], content_widths: &[usize], out: &mut String) {
    let lines: Vec<Vec<&str>> = cells
        .iter()
        .zip(content_widths)
        .map(|(cell, &width)| cell_lines(cell.text, width))
        .collect();
    let height = lines.iter().map(Vec::len).max().unwrap_or(0);
    for at in 0..height {
        out.push(LEFT);
        for (column, ((cell, cell_lines), &width)) in
            cells.iter().zip(&lines).zip(content_widths).enumerate()
        {
            if column > 0 {
                out.push(BETWEEN);
            }
            match cell_lines.get(at) {
                Some(line) => {
                    out.push(' ');
                    match cell.colour {
                        Some(colour) => {
                            out.push_str(&format!("\u{1b}[38;5;{colour}m{line}\u{1b}[39m"));
                        }
                        None => out.push_str(line),
                    }
                    pad(out, width.saturating_sub(line.width()) + 1);
                }
                None => pad(out, width + 2),
            }
        }
        out.push(RIGHT);
        out.push('\n');
    }
}

fn pad(out: &mut String, spaces: usize) {
    out.extend(std::iter::repeat_n(' ', spaces));
}

/// The lines a cell's text takes in a column `width` wide: each of its
/// lines as it is, or wrapped at spaces where it is wider.
fn cell_lines(text: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        if line.width() > width {
            split_line(line, width, &mut lines);
        } else {
            lines.push(line);
        }
    }
    lines
}

/// comfy-table's `content_split::split_line` with the space as delimiter:
/// words are packed greedily; a word that does not fit starts a new line,
/// unless it is wider than the column, when it is broken where the line is
/// full. The parts are slices of `line`, since words are joined by the one
/// space that separated them.
fn split_line<'l>(line: &'l str, width: usize, lines: &mut Vec<&'l str>) {
    // The words still to place, last first, as (start, end) in `line`.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (at, _) in line.match_indices(' ') {
        words.push((start, at));
        start = at + 1;
    }
    words.push((start, line.len()));
    words.reverse();
    // The line being filled, as (start, end) in `line`, and its width.
    let mut current: Option<(usize, usize)> = None;
    let mut current_width = 0;
    while let Some((word_start, word_end)) = words.pop() {
        let word = &line[word_start..word_end];
        let word_width = word.width();
        let added = word_width + current_width + usize::from(current.is_some());
        let mut remaining = width.saturating_sub(current_width);
        if current.is_some() {
            remaining = remaining.saturating_sub(1);
        }
        if added <= width {
            // An empty word (two spaces in a row) starts no line.
            current = match current {
                Some((from, _)) => Some((from, word_end)),
                None if word_start < word_end => Some((word_start, word_end)),
                None => None,
            };
            current_width = added;
            if current_width > width.saturating_sub(MIN_FREE_CHARS)
                && let Some((from, to)) = current.take()
            {
                lines.push(&line[from..to]);
                current_width = 0;
            }
            continue;
        }
        if let Some((from, to)) = current
            && remaining <= MIN_FREE_CHARS
        {
            words.push((word_start, word_end));
            lines.push(&line[from..to]);
            current = None;
            current_width = 0;
            continue;
        }
        if word_width > width {
            let head = long_word_head(remaining, word);
            match current.take() {
                // The head joins the line after its space.
                Some((from, _)) => {
                    lines.push(&line[from..word_start + head]);
                    words.push((word_start + head, word_end));
                }
                // A first character wider than the room still takes a line.
                None if head == 0 => {
                    let first = word.chars().next().map_or(word.len(), char::len_utf8);
                    lines.push(&word[..first]);
                    words.push((word_start + first, word_end));
                }
                None => {
                    lines.push(&word[..head]);
                    words.push((word_start + head, word_end));
                }
            }
            current_width = 0;
            continue;
        }
        if let Some((from, to)) = current {
            lines.push(&line[from..to]);
        }
        current = Some((word_start, word_end));
        current_width = word_width;
        if current_width > width.saturating_sub(MIN_FREE_CHARS)
            && let Some((from, to)) = current.take()
        {
            lines.push(&line[from..to]);
            current_width = 0;
        }
    }
    if let Some((from, to)) = current
        && from < to
    {
        lines.push(&line[from..to]);
    }
}

/// comfy-table's `split_long_word`: how many bytes of `word` fit in
/// `allowed` columns, by bytes for printable ASCII, else by graphemes.
fn long_word_head(allowed: usize, word: &str) -> usize {
    if word.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        return word.len().min(allowed);
    }
    let mut taken = 0;
    for (at, grapheme) in word.grapheme_indices(true) {
        let grapheme_width = grapheme.width();
        if taken + grapheme_width > allowed {
            return at;
        }
        taken += grapheme_width;
    }
    word.len()
}

/// The table's bottom border under columns of these content widths.
pub(super) fn write_bottom_border(content_widths: &[usize], out: &mut String) {
    out.push('╰');
    for (column, &width) in content_widths.iter().enumerate() {
        if column > 0 {
            out.push('┴');
        }
        out.extend(std::iter::repeat_n('─', width + 2));
    }
    out.push('╯');
    out.push('\n');
}
