//! Markdown to paste into an agenda, an email or an issue: GitHub-style
//! tables whose cells cannot break the table.

use std::io::Write;

use crate::dates::uk_date;
use crate::view::{Bucket, Detail, Leads, Listing, Summary};

/// Makes text safe inside a table cell: a `|` would end the cell, a line
/// break would end the row (it becomes `<br>`), and `<b>`, `*` or `[` would
/// render as markup. Backslashes are escaped too, so that a `\|` written in
/// the plan cannot unescape the pipe after it.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // ASCII whitespace only: the summary indents with no-break spaces.
    let mut lines = text.trim_ascii().lines().peekable();
    while let Some(line) = lines.next() {
        // Writing to a String cannot fail.
        let _ = escape_into(line.trim_ascii_end(), &mut out);
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// Plan text in running Markdown (a heading, a list item or a table
/// cell): line breaks become spaces so a value stays inside its table cell
/// or list item.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = escape_into(text.trim(), &mut out);
    out
}

/// [`text`] as a value to write: escaped as it is written, with no copy
/// made first (a pack writes one for every action).
pub struct Text<'a>(pub &'a str);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape_into(self.0.trim(), f)
    }
}

/// Escapes characters that would start emphasis, code, links, raw HTML or a
/// table cell, so plan text reads as written whatever it holds.
fn escape_into(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    // Most plan text is printable ASCII with nothing to escape: copied whole.
    // (A control character beyond ASCII is not ASCII, so takes the long way.)
    let plain = |byte: &u8| {
        (b' '..=b'~').contains(byte)
            && !matches!(
                byte,
                b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'&'
            )
    };
    if text.as_bytes().iter().all(plain) {
        out.write_str(text)
    } else {
        escape_chars_into(text, out)
    }
}

fn escape_chars_into(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.write_char('\\')?;
                out.write_char(c)?;
            }
            // Only where it could start an entity such as `&lt;`.
            '&' if chars
                .peek()
                .is_some_and(|next| next.is_ascii_alphanumeric() || *next == '#') =>
            {
                out.write_str("\\&")?;
            }
            '\r' => {}
            '\n' | '\t' => out.write_char(' ')?,
            c if c.is_control() => {}
            c => out.write_char(c)?,
        }
    }
    Ok(())
}

/// An id as inline code; ids are paths, so they hold no backticks.
pub fn code(text: &str) -> String {
    Code(text).to_string()
}

/// [`code`] as a value to write, with no copy made first.
pub struct Code<'a>(pub &'a str);

impl std::fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        f.write_char('`')?;
        for (at, part) in self.0.split('`').enumerate() {
            if at > 0 {
                f.write_char('\'')?;
            }
            f.write_str(part)?;
        }
        f.write_char('`')
    }
}

pub(super) fn table(
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    right_from: usize,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every cell is a String.
    let _ = write_table(&mut out, headers, rows, right_from);
    String::from_utf8(out).unwrap_or_default()
}

/// A table, written row by row; columns from `right_from` on align right.
fn write_table(
    out: &mut dyn Write,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
    right_from: usize,
) -> std::io::Result<()> {
    write!(out, "| {} |\n|", headers.join(" | "))?;
    for at in 0..headers.len() {
        out.write_all(if at >= right_from {
            b" ---: |"
        } else {
            b" --- |"
        })?;
    }
    writeln!(out)?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|text| cell(text)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A listing: the caption, then a table (or a heading and table per lead),
/// written row by row.
pub fn listing(listing: &Listing<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    if listing.is_empty() {
        writeln!(out, "{}", capitalised(&listing.empty_message()))?;
        return Ok(());
    }
    let headers: Vec<&str> = listing.columns.iter().map(|c| c.header()).collect();
    let rows_of = |actions, out: &mut dyn Write| {
        write_table(
            out,
            &headers,
            listing.shown_rows(actions).map(|row| {
                listing
                    .columns
                    .iter()
                    .map(|c| c.text(&row, ", ").into_owned())
                    .collect()
            }),
            usize::MAX,
        )
    };
    writeln!(out, "{}", capitalised(&listing.caption()))?;
    match &listing.by_lead {
        None => {
            writeln!(out)?;
            rows_of(&listing.actions, out)?;
        }
        Some(groups) => {
            for group in groups {
                write!(out, "\n### {}\n\n", cell(&listing.group_heading(group)))?;
                rows_of(&group.actions, out)?;
            }
        }
    }
    Ok(())
}

/// `csp leads` as a table.
pub fn leads(leads: &Leads) -> String {
    let Leads { rows, caption } = leads;
    if rows.is_empty() {
        return "The plan lists no leads.\n".into();
    }
    let body = table(
        &[
            "Lead", "Name", "Led", "Open", "Overdue", "Due soon", "Stale", "Partner",
        ],
        rows.iter().map(|row| {
            vec![
                row.key.clone(),
                if row.known {
                    row.name.clone()
                } else {
                    "(not in [leads] of csp.toml)".into()
                },
                row.led.to_string(),
                row.open.to_string(),
                row.overdue.to_string(),
                row.due_soon.to_string(),
                row.stale.to_string(),
                row.partner.to_string(),
            ]
        }),
        2,
    );
    format!("{}\n\n{body}", capitalised(caption))
}

/// `csp summary`: the headline and three tables.
pub fn summary(summary: &Summary) -> String {
    let mut out = format!(
        "### {}\n\n{}\n",
        cell(&summary.title),
        capitalised(&summary.headline())
    );
    for (title, buckets) in [
        ("Status", &summary.status),
        ("RAG", &summary.rag),
        ("Section", &summary.sections),
    ] {
        out.push_str(&format!("\n{}", buckets_table(title, buckets)));
    }
    out
}

fn buckets_table(title: &str, buckets: &[Bucket]) -> String {
    table(
        &[title, "Actions", "Open", "Overdue", "Due soon", "Stale"],
        buckets.iter().map(|bucket| {
            vec![
                // Non-breaking spaces survive Markdown's whitespace folding.
                format!("{}{}", "\u{a0}\u{a0}".repeat(bucket.depth), bucket.label),
                bucket.counts.actions.to_string(),
                bucket.counts.open.to_string(),
                bucket.counts.overdue.to_string(),
                bucket.counts.due_soon.to_string(),
                bucket.counts.stale.to_string(),
            ]
        }),
        1,
    )
}

/// `csp show`: a heading, the id, a field table and the updates as a list.
pub fn detail(detail: &Detail) -> String {
    let row = &detail.row;
    let mut out = format!(
        "### {}\n\n`{}`\n\n{}",
        cell(&row.title),
        row.id,
        table(
            &["Field", "Value"],
            detail
                .fields()
                .into_iter()
                .map(|(label, text)| vec![label.to_string(), text]),
            usize::MAX,
        )
    );
    if row.updates.is_empty() {
        out.push_str("\nNo progress updates yet.\n");
    } else {
        out.push_str("\nProgress updates:\n\n");
        for update in row.updates {
            out.push_str(&format!(
                "- {}: {}\n",
                uk_date(update.date),
                cell(&update.text)
            ));
        }
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Text, cell, escape_chars_into, escape_into, text};

    #[test]
    fn text_copied_whole_is_what_escaping_each_character_gives() {
        let samples = [
            "Deliver the plan",
            "A & B, R&D and &amp; and &#38;",
            "50% * 2 = [x] <y> |z| ~w~ `c` _u_ \\",
            "tab\there, line\nbreak, cr\r, bell\u{7}, del\u{7f}, c1\u{85}",
            "Café — “quoted”",
            "",
        ];
        for sample in samples {
            let (mut whole, mut each) = (String::new(), String::new());
            assert!(escape_into(sample, &mut whole).is_ok());
            assert!(escape_chars_into(sample, &mut each).is_ok());
            assert_eq!(Text(sample).to_string(), text(sample));
            assert_eq!(
                Code(sample).to_string(),
                format!("`{}`", sample.replace('`', "'"))
            );
            assert_eq!(whole, each, "{sample:?}");
        }
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("first\nsecond"), "first<br>second");
        assert_eq!(cell("  padded  "), "padded");
        // A backslash before a pipe must not escape our escape.
        assert_eq!(cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(cell("\u{a0}\u{a0}indented"), "\u{a0}\u{a0}indented");
    }

    #[test]
    fn cells_show_plan_text_as_written() {
        assert_eq!(
            cell("<b>x</b> *y* [z](u)"),
            "\\<b\\>x\\</b\\> \\*y\\* \\[z\\](u)"
        );
        assert_eq!(cell("one\ntwo\n"), "one<br>two");
        assert_eq!(cell("\u{a0}\u{a0}indented"), "\u{a0}\u{a0}indented");
    }

    #[test]
    fn running_text_cannot_become_markup() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("<script>"), "\\<script\\>");
        assert_eq!(
            text("*bold* _it_ `code` [link]"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]"
        );
        assert_eq!(text("line\r\nnext"), "line next");
        assert_eq!(text("Drugs & alcohol &amp;"), "Drugs & alcohol \\&amp;");
    }
}
