//! An action file as `toml_edit` holds it: every comment, blank line and
//! quote as written. Changing a field here touches only that field's line;
//! comments above, beside and below it stay where they were.

use crate::bail_usage;
use std::collections::HashMap;

use anyhow::Context;
use chrono::NaiveDate;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Key, RawString, Table, Value};

use crate::dates::{Due, parse_date};
use crate::field::Field;

/// An action file being edited.
#[derive(Clone, Debug, Default)]
pub struct ActionDocument {
    doc: DocumentMut,
}

impl ActionDocument {
    /// Parses LF text (see [`super::text::Source`]).
    pub fn parse(text: &str) -> Result<Self, toml_edit::TomlError> {
        Ok(Self { doc: text.parse()? })
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    /// The field's value, when it is a plain `key = value`.
    pub fn value(&self, field: Field) -> Option<&Value> {
        self.doc.get(field.name()).and_then(Item::as_value)
    }

    /// Whether the field is written as a string (`due = "2024-03-31"`
    /// rather than `due = 2024-03-31`): an edit keeps the file's way.
    pub fn is_quoted(&self, field: Field) -> bool {
        self.value(field).is_some_and(Value::is_str)
    }

    /// Sets `field` to `value`. An existing field keeps its place and the
    /// comment beside it; a new one goes where the canonical field order
    /// puts it among the fields present.
    pub fn set(&mut self, field: Field, mut value: Value) {
        if let Some((mut key, Item::Value(old))) = self.doc.get_key_value_mut(field.name()) {
            // Comments inside a list (beside its items, say) cannot follow
            // items that are replaced; they go above the field instead.
            let inside = inner_comments(old);
            if !inside.is_empty() {
                let decor = key.leaf_decor_mut();
                let above = raw_text(decor.prefix());
                decor.set_prefix(format!("{above}{inside}"));
            }
            *value.decor_mut() = old.decor().clone();
            *old = value;
            return;
        }
        insert_in_order(
            self.doc.as_table_mut(),
            field.name(),
            Item::Value(value),
            &Field::NAMES,
        );
    }

    /// Removes `field`. What a person wrote about it is not lost: comments
    /// above it and beside it move to just above whatever followed it.
    pub fn remove(&mut self, field: Field) -> bool {
        let field = field.name();
        let table = self.doc.as_table_mut();
        let Some(index) = table.iter().position(|(key, _)| key == field) else {
            return false;
        };
        let next_key = table
            .iter()
            .skip(index + 1)
            .find(|(_, item)| item.is_value())
            .map(|(key, _)| key.to_string());
        let Some((key, item)) = table.remove_entry(field) else {
            return false;
        };
        let mut carried = comment_text(key.leaf_decor().prefix());
        if let Some(value) = item.as_value() {
            carried.push_str(&inner_comments(value));
            carried.push_str(&comment_text(value.decor().suffix()));
        }
        if carried.trim().is_empty() {
            return true;
        }
        if let Some(next) = next_key.and_then(|next| table.key_mut(&next)) {
            let mut next = next;
            let decor = next.leaf_decor_mut();
            let before = raw_text(decor.prefix());
            decor.set_prefix(format!("{carried}{before}"));
        } else if let Some(first_update) = table
            .get_mut(Field::Update.name())
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|tables| tables.iter_mut().next())
        {
            let decor = first_update.decor_mut();
            let before = raw_text(decor.prefix());
            decor.set_prefix(format!("{carried}{before}"));
        } else {
            let trailing = raw_text(Some(self.doc.trailing()));
            self.doc.set_trailing(format!("{carried}{trailing}"));
        }
        true
    }

    /// Appends an `[[update]]` note after the last one.
    pub fn append_update(&mut self, date: NaiveDate, text: &str) -> anyhow::Result<()> {
        let mut note = Table::new();
        note.insert("date", Item::Value(date_value(date)?));
        note.insert("text", Item::Value(string_value(text)?));
        // Comments at the very end of the file were written below the last
        // field or note; they stay there, above the new note.
        let trailing = raw_text(Some(self.doc.trailing()));
        if trailing.contains('#') {
            note.decor_mut().set_prefix(format!("{trailing}\n"));
            self.doc.set_trailing("");
        }
        match self.doc.get_mut(Field::Update.name()) {
            Some(Item::ArrayOfTables(notes)) => notes.push(note),
            Some(_) => {
                bail_usage!("`update` in this file is not written as [[update]] tables, so csp cannot add to it"; help = "write each note as\n[[update]]\ndate = 2024-01-10\ntext = \"…\"")
            }
            None => {
                let mut notes = ArrayOfTables::new();
                notes.push(note);
                self.doc
                    .as_table_mut()
                    .insert(Field::Update.name(), Item::ArrayOfTables(notes));
            }
        }
        Ok(())
    }
}

/// Inserts `key = item` into `table` after the last key that `order` puts
/// before it, so existing fields keep their places (and their comments) and
/// only one line is added.
pub fn insert_in_order(table: &mut Table, key: &str, item: Item, order: &[&str]) {
    let rank = |name: &str| order.iter().position(|field| *field == name);
    let new_rank = rank(key);
    let keys: Vec<String> = table.iter().map(|(key, _)| key.to_string()).collect();
    let at = keys
        .iter()
        .rposition(|existing| match (rank(existing), new_rank) {
            (Some(existing), Some(new)) => existing < new,
            // A field csp does not know stays before anything added.
            (None, _) | (Some(_), None) => true,
        })
        .map_or(0, |index| index + 1);
    insert_at(table, key, item, at);
}

/// Inserts `key = item` as the `at`-th entry of `table`.
pub fn insert_at(table: &mut Table, key: &str, item: Item, at: usize) {
    insert_key_at(table, &Key::new(key), item, at);
}

/// [`insert_at`] with a key as written (quoted, say).
pub fn insert_key_at(table: &mut Table, key: &Key, item: Item, at: usize) {
    let mut places: HashMap<String, usize> = table
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (name.to_string(), if index < at { index } else { index + 1 }))
        .collect();
    places.insert(key.get().to_string(), at);
    table.insert_formatted(key, item);
    table.sort_values_by(|a, _, b, _| {
        let place = |key: &Key| places.get(key.get()).copied().unwrap_or(usize::MAX);
        place(a).cmp(&place(b))
    });
}

/// A string as `csp` writes one: always in double quotes, escaped as TOML
/// requires; text with line breaks as a multi-line string.
pub fn quote(text: &str) -> String {
    let multi_line = text.contains('\n');
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(if multi_line { "\"\"\"\n" } else { "\"" });
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi_line => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str(if multi_line { "\"\"\"" } else { "\"" });
    out
}

fn parse_value(text: &str) -> anyhow::Result<Value> {
    text.parse::<Value>()
        .with_context(|| format!("cannot write `{text}` as a TOML value"))
}

/// A string value, quoted as [`quote`] does.
pub fn string_value(text: &str) -> anyhow::Result<Value> {
    parse_value(&quote(text))
}

/// A TOML date: `2024-03-31`.
pub fn date_value(date: NaiveDate) -> anyhow::Result<Value> {
    parse_value(&date.format("%Y-%m-%d").to_string())
}

/// A due date as plan files write it: a TOML date for a day, `"2024-03"`
/// for a month. `quoted_day` keeps a day in quotes for a file that wrote it so.
pub fn due_value(due: Due, quoted_day: bool) -> anyhow::Result<Value> {
    match due {
        Due::Day(date) if !quoted_day => date_value(date),
        _ => string_value(&due.iso()),
    }
}

/// A list of strings on one line: `["ECDC", "police"]`.
pub fn string_list(items: &[String]) -> anyhow::Result<Value> {
    let quoted: Vec<String> = items.iter().map(|item| quote(item)).collect();
    parse_value(&format!("[{}]", quoted.join(", ")))
}

/// A list of numbers on one line: `[1, 2]`.
pub fn number_list(items: &[i64]) -> anyhow::Result<Value> {
    let numbers: Vec<String> = items.iter().map(ToString::to_string).collect();
    parse_value(&format!("[{}]", numbers.join(", ")))
}

/// The value written for `field`'s value as a person typed it (`csp set
/// due=2024-03-31`, `lead=ECDC,police`). Nothing is judged here: the
/// edited file goes through `csp validate`'s own checks, so that a bad
/// value gets the very message (and suggestion) validate would give.
pub fn typed_value(field: Field, text: &str) -> anyhow::Result<Value> {
    let list = || {
        text.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    match field {
        Field::Due => match parse_date(text) {
            Ok(day) => date_value(day),
            // A month ("2024-03"), or something validate will explain.
            Err(_) => string_value(text),
        },
        Field::Lead => string_list(&list()),
        Field::Priority => {
            let mut numbers = Array::new();
            for item in list() {
                match item.parse::<i64>() {
                    Ok(number) => numbers.push(number),
                    Err(_) => numbers.push(string_value(&item)?),
                }
            }
            Ok(Value::Array(numbers))
        }
        _ => string_value(text),
    }
}

fn raw_text(raw: Option<&RawString>) -> String {
    raw.and_then(RawString::as_str).unwrap_or("").to_string()
}

/// The comments written inside a list, each on a line of its own.
fn inner_comments(value: &Value) -> String {
    let Value::Array(items) = value else {
        return String::new();
    };
    let mut found = String::new();
    for item in items {
        found.push_str(&comment_text(item.decor().prefix()));
        found.push_str(&comment_text(item.decor().suffix()));
        found.push_str(&inner_comments(item));
    }
    found.push_str(&comment_text(Some(items.trailing())));
    found
}

/// The comment lines of a decoration, each ending in a newline.
fn comment_text(raw: Option<&RawString>) -> String {
    raw_text(raw)
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('#'))
        .flat_map(|line| [line, "\n"])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> ActionDocument {
        ActionDocument::parse(text).unwrap()
    }

    #[test]
    fn setting_a_field_keeps_the_comment_beside_it() {
        let mut d = doc("# above\ndue = \"2024-01\"  # beside\n# below\nevery = \"month\"\n");
        d.set(Field::Due, string_value("2024-02").unwrap());
        assert_eq!(
            d.text(),
            "# above\ndue = \"2024-02\"  # beside\n# below\nevery = \"month\"\n"
        );
    }

    #[test]
    fn new_fields_go_to_their_canonical_place_among_those_present() {
        let mut d = doc("title = \"T\"\n# about due\ndue = \"2024-01\"\ntags = [\"x\"]\n");
        d.set(Field::Status, string_value("done").unwrap());
        d.set(
            Field::Completed,
            date_value(NaiveDate::from_ymd_opt(2024, 1, 5).unwrap()).unwrap(),
        );
        d.set(Field::Description, string_value("D").unwrap());
        assert_eq!(
            d.text(),
            "title = \"T\"\ndescription = \"D\"\n# about due\ndue = \"2024-01\"\nstatus = \"done\"\ncompleted = 2024-01-05\ntags = [\"x\"]\n"
        );
    }

    #[test]
    fn fields_csp_does_not_know_keep_their_place() {
        let mut d = doc("title = \"T\"\nleed = [\"X\"]\n");
        d.set(Field::Description, string_value("D").unwrap());
        assert_eq!(
            d.text(),
            "title = \"T\"\nleed = [\"X\"]\ndescription = \"D\"\n"
        );
    }

    #[test]
    fn replacing_a_list_keeps_the_comments_inside_it() {
        let mut d = doc("title = \"T\"\nlead = [\n  \"A\", # the first\n  \"B\",\n] # beside\n");
        d.set(Field::Lead, string_list(&["C".to_string()]).unwrap());
        assert_eq!(
            d.text(),
            "title = \"T\"\n# the first\nlead = [\"C\"] # beside\n"
        );
    }

    #[test]
    fn removing_a_field_keeps_its_comments() {
        let mut d = doc("title = \"T\"\n# about rag\nrag = \"red\" # why\ntags = []\n");
        assert!(d.remove(Field::Rag));
        assert_eq!(d.text(), "title = \"T\"\n# about rag\n# why\ntags = []\n");
        let mut d = doc("title = \"T\"\n# about rag\nrag = \"red\"\n");
        assert!(d.remove(Field::Rag));
        assert_eq!(d.text(), "title = \"T\"\n# about rag\n");
        let mut d = doc("title = \"T\"\npriority = [\n  1, # people\n]\nrag = \"red\"\n");
        assert!(d.remove(Field::Priority));
        assert_eq!(d.text(), "title = \"T\"\n# people\nrag = \"red\"\n");
        let mut d = doc("title = \"T\"\n# about rag\nrag = \"red\"\n");
        assert!(d.remove(Field::Rag));
        assert_eq!(d.text(), "title = \"T\"\n# about rag\n");
        assert!(!d.remove(Field::Rag));
    }

    #[test]
    fn updates_are_appended_below_comments_at_the_end() {
        let mut d = doc("title = \"T\"\n# last words\n");
        let day = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        d.append_update(day, "Met \"them\"").unwrap();
        assert_eq!(
            d.text(),
            "title = \"T\"\n# last words\n\n[[update]]\ndate = 2024-01-05\ntext = \"Met \\\"them\\\"\"\n"
        );
        d.append_update(day, "two\nlines").unwrap();
        assert!(
            d.text()
                .ends_with("\n\n[[update]]\ndate = 2024-01-05\ntext = \"\"\"\ntwo\nlines\"\"\"\n")
        );
    }

    #[test]
    fn quoting_is_always_double_and_escaped() {
        assert_eq!(quote("a'b\"c\\d\te"), "\"a'b\\\"c\\\\d\\te\"");
        assert_eq!(quote("x\u{7}"), "\"x\\u0007\"");
        for text in [
            "plain",
            "it's \"quoted\"",
            "two\nlines",
            "\\ back",
            "\"\"\"",
            "end\n",
        ] {
            let value = string_value(text).unwrap();
            assert_eq!(value.as_str(), Some(text));
        }
    }
}
