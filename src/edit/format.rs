//! The one layout `csp fmt` gives action files (docs/editing.md):
//!
//! - fields in the order of docs/plan-format.md, `[[update]]` notes last,
//!   each note's `date` before its `text`;
//! - `key = value` with one space either side of `=`, no indentation;
//! - strings in double quotes (multi-line ones in `"""`), numbers in
//!   decimal, lists on one line as `["a", "b"]`;
//! - every comment kept with what it was written against: lines above a
//!   field move with the field, a comment beside a value stays beside it
//!   (one space before `#`), comments below the last field stay at the end;
//!   a list holding comments is laid out one item per line so they can stay;
//! - no blank lines between fields, except one before a group of comments
//!   that had one; a blank line before each `[[update]]`, with comments
//!   written above the header kept on the side of it they were on;
//! - one newline at the end.
//!
//! Values are never changed, only how they are written.

use toml_edit::{Array, Decor, DocumentMut, Item, RawString, Table, Value};

use super::document::string_value;
use crate::field::Field;
use crate::load::UPDATE_FIELDS;

/// The canonical layout of an action file's (LF) text.
pub fn canonical(text: &str) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    let has_fields = doc.iter().any(|(_, item)| item.is_value());
    tidy_fields(doc.as_table_mut(), &Field::NAMES);
    if let Some(mut key) = doc.as_table_mut().key_mut(Field::Update.name()) {
        // `[[ update ]]` → `[[update]]`.
        key.leaf_decor_mut().clear();
    }
    if let Some(Item::ArrayOfTables(notes)) = doc.get_mut(Field::Update.name()) {
        for (index, note) in notes.iter_mut().enumerate() {
            let decor = note.decor_mut();
            let prefix = header_block(raw(decor.prefix()), has_fields || index > 0);
            let suffix = beside(raw(decor.suffix()));
            *decor = Decor::new(prefix, suffix);
            tidy_fields(note, UPDATE_FIELDS);
        }
    }
    let trailing = render(&trailing_block(raw(Some(doc.trailing()))));
    doc.set_trailing(trailing);
    Ok(doc.to_string())
}

/// Orders a table's `key = value` fields and lays each out on its line.
fn tidy_fields(table: &mut Table, order: &[&str]) {
    let rank = |name: &str| {
        order
            .iter()
            .position(|field| *field == name)
            .unwrap_or(order.len())
    };
    // A stable sort: fields csp does not know keep their order, at the end.
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    let mut first = true;
    for (mut key, item) in table.iter_mut() {
        let Item::Value(value) = item else {
            continue;
        };
        let prefix = render(&field_block(raw(key.leaf_decor().prefix()), first));
        key.fmt();
        *key.leaf_decor_mut() = Decor::new(prefix, " ");
        let suffix = beside(raw(value.decor().suffix()));
        tidy_value(value);
        *value.decor_mut() = Decor::new(" ", suffix);
        first = false;
    }
}

/// Writes a value canonically, keeping its decoration.
fn tidy_value(value: &mut Value) {
    let decor = value.decor().clone();
    match value {
        Value::String(text) => {
            if let Ok(quoted) = string_value(text.value()) {
                *value = quoted;
            }
        }
        Value::Integer(number) => *value = Value::from(*number.value()),
        Value::Float(number) => number.fmt(),
        Value::Boolean(flag) => flag.fmt(),
        Value::Datetime(datetime) => datetime.fmt(),
        Value::Array(array) => tidy_array(array),
        // Not part of an action; left as written.
        Value::InlineTable(_) => {}
    }
    *value.decor_mut() = decor;
}

/// `["a", "b"]` on one line; a list with comments in it one item a line,
/// each comment kept above or beside the item it was written against.
fn tidy_array(array: &mut Array) {
    if array
        .iter()
        .any(|item| matches!(item, Value::Array(_) | Value::InlineTable(_)))
    {
        return;
    }
    // The text between `[`, the items and `]`, which is where comments are.
    let mut gaps = Vec::with_capacity(array.len() + 1);
    let mut pending = String::new();
    for item in array.iter() {
        pending.push_str(raw(item.decor().prefix()));
        gaps.push(std::mem::take(&mut pending));
        pending.push_str(raw(item.decor().suffix()));
    }
    pending.push_str(raw(Some(array.trailing())));
    gaps.push(pending);

    let has_comments = gaps.iter().any(|gap| gap.contains('#'));
    let count = array.len();
    for (index, item) in array.iter_mut().enumerate() {
        tidy_value(item);
        let prefix = if has_comments {
            gap_layout(&gaps[index], "    ")
        } else if index == 0 {
            String::new()
        } else {
            " ".to_string()
        };
        *item.decor_mut() = Decor::new(prefix, "");
    }
    if has_comments {
        array.set_trailing(gap_layout(&gaps[count], ""));
        array.set_trailing_comma(count > 0);
    } else {
        array.set_trailing("");
        array.set_trailing_comma(false);
    }
}

/// A gap of a multi-line list: the comment beside what came before it, a
/// newline, the comment lines above what comes next, and its indentation.
fn gap_layout(gap: &str, indent: &str) -> String {
    let mut segments = gap.split('\n');
    let mut out = String::new();
    if let Some(comment) = segments.next().and_then(comment_of) {
        out.push(' ');
        out.push_str(comment);
    }
    out.push('\n');
    for comment in segments.filter_map(comment_of) {
        out.push_str("    ");
        out.push_str(comment);
        out.push('\n');
    }
    out.push_str(indent);
    out
}

fn comment_of(segment: &str) -> Option<&str> {
    segment.find('#').map(|start| segment[start..].trim_end())
}

/// A comment beside a value or header: ` # text`, or nothing.
fn beside(suffix: &str) -> String {
    comment_of(suffix).map_or_else(String::new, |comment| format!(" {comment}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    Comment(&'a str),
}

/// The lines of a decoration: each is blank or a comment. What follows the
/// last newline is the indentation before a key, not a line.
fn lines(decor: &str) -> Vec<Line<'_>> {
    let mut segments: Vec<&str> = decor.split('\n').collect();
    if segments.last().is_some_and(|last| last.trim().is_empty()) {
        segments.pop();
    }
    segments
        .into_iter()
        .map(|segment| comment_of(segment).map_or(Line::Blank, Line::Comment))
        .collect()
}

/// Runs of blank lines become one.
fn collapse(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::with_capacity(lines.len());
    for line in lines {
        if !(line == Line::Blank && out.last().is_some_and(|last| *last == Line::Blank)) {
            out.push(line);
        }
    }
    out
}

fn trim_end(mut lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    while lines.last() == Some(&Line::Blank) {
        lines.pop();
    }
    lines
}

fn has_comment(lines: &[Line<'_>]) -> bool {
    lines.iter().any(|line| matches!(line, Line::Comment(_)))
}

/// Above a field: its comments, directly above it; one blank line before
/// them if there was one (a group), none at the top of the file or table.
fn field_block(decor: &str, first: bool) -> Vec<Line<'_>> {
    let mut block = trim_end(collapse(lines(decor)));
    if first || !has_comment(&block) {
        while block.first() == Some(&Line::Blank) {
            block.remove(0);
        }
    }
    if !has_comment(&block) {
        block.clear();
    }
    block
}

/// Above an `[[update]]` header: a blank line to set it apart, and the
/// comments written there. Which side of the blank line a comment is on
/// says what it belongs to (the field above, or the note below), so that is
/// kept; a comment with no blank line around it is taken to be the note's.
fn header_block(decor: &str, after_content: bool) -> String {
    let mut block = collapse(lines(decor));
    if !after_content {
        while block.first() == Some(&Line::Blank) {
            block.remove(0);
        }
    } else if !block.contains(&Line::Blank) {
        block.insert(0, Line::Blank);
    }
    render(&block)
}

/// After the last field or note: its comments, or nothing.
fn trailing_block(decor: &str) -> Vec<Line<'_>> {
    let block = trim_end(collapse(lines(decor)));
    if has_comment(&block) {
        block
    } else {
        Vec::new()
    }
}

fn render(block: &[Line<'_>]) -> String {
    block
        .iter()
        .map(|line| match line {
            Line::Blank => "\n".to_string(),
            Line::Comment(comment) => format!("{comment}\n"),
        })
        .collect()
}

fn raw(decor: Option<&RawString>) -> &str {
    decor.and_then(RawString::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_formats(before: &str, after: &str) {
        let formatted = canonical(before).unwrap();
        assert_eq!(formatted, after, "formatting:\n{before}");
        assert_eq!(canonical(&formatted).unwrap(), after, "not idempotent");
    }

    #[test]
    fn canonical_files_are_left_alone() {
        let text = "# The header.\ntitle = \"T\"\ndescription = \"D\"\nlead = [\"A\", \"B\"]\npriority = [1]\ndue = \"2024-03\"\n\n# Dates of meetings.\n[[update]]\ndate = 2024-01-05\ntext = \"x\" # checked\n";
        assert_formats(text, text);
    }

    #[test]
    fn fields_are_ordered_with_their_comments() {
        assert_formats(
            "lead = [\"A\"]\n# about the title\ntitle = 'T'   # beside\n\n\ndescription=\"D\"\n[[ update ]]\ntext = \"x\"\ndate = 2024-01-05\n",
            "# about the title\ntitle = \"T\" # beside\ndescription = \"D\"\nlead = [\"A\"]\n\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
        );
    }

    #[test]
    fn the_marking_goes_first_where_a_reader_sees_it() {
        assert_formats(
            "title = \"T\"\ndescription = \"D\"\nlead = [\"A\"]\nmarking = \"official-sensitive\"\n",
            "marking = \"official-sensitive\"\ntitle = \"T\"\ndescription = \"D\"\nlead = [\"A\"]\n",
        );
    }

    #[test]
    fn values_are_written_one_way() {
        assert_formats(
            "title = '''T'''\npriority = [ 0x1,2 , ]\ntags = [\n  \"a\",\n  \"b\"\n]\n",
            "title = \"T\"\npriority = [1, 2]\ntags = [\"a\", \"b\"]\n",
        );
    }

    #[test]
    fn lists_with_comments_keep_them_one_item_a_line() {
        assert_formats(
            "lead = [ # who\n  \"A\", # first\n  # the second\n  \"B\"  # second\n  # end\n]\n",
            "lead = [ # who\n    \"A\", # first\n    # the second\n    \"B\", # second\n    # end\n]\n",
        );
    }

    #[test]
    fn comments_at_the_end_and_blank_lines_are_tidied() {
        assert_formats(
            "\n\ntitle = \"T\"\n\n\n# group\n\ndescription = \"D\"\n\n\n# end\n\n\n",
            "title = \"T\"\n\n# group\ndescription = \"D\"\n\n# end\n",
        );
        assert_formats(
            "title = \"T\"\n# below the title\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
            "title = \"T\"\n\n# below the title\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
        );
        assert_formats(
            "title = \"T\"\n# below the title\n\n\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
            "title = \"T\"\n# below the title\n\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
        );
        assert_formats(
            "title = \"T\"\n# below the title\n\n# above the note\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
            "title = \"T\"\n# below the title\n\n# above the note\n[[update]]\ndate = 2024-01-05\ntext = \"x\"\n",
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_an_error() {
        assert!(canonical("title = \n").is_err());
    }
}
