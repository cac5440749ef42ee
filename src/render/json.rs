//! JSON for scripts: the view types serialised as they are, pretty-printed,
//! so the field names documented on them are the interface. A listing's
//! rows, the bulk of a large plan's JSON, are written by `write_row`,
//! held by the tests to what serde writes for them.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::dates::{Due, Period};
use crate::model::{Action, Rag, Update};
use crate::view::{ActionRow, Listing};

/// Any view value as pretty JSON with a final newline.
pub fn to_json(value: &impl Serialize) -> anyhow::Result<String> {
    // Appending in place: a large listing's JSON runs to tens of megabytes,
    // and `format!` would copy it whole.
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// A listing: an array of actions, or with `--by-lead` an array of
/// `{lead, name, actions}` groups. Empty is `[]`, never a message. Each row
/// is serialised as it is computed, with a final newline.
pub fn write_listing(listing: &Listing<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(groups) = &listing.by_lead else {
        return write_rows(listing, out);
    };
    let groups: Vec<Group<'_, '_>> = groups
        .iter()
        .map(|group| Group {
            lead: &group.lead,
            name: &group.name,
            actions: Rows(listing, &group.actions),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &groups)
        // Back to the `io::Error` it wraps, so a closed pipe is still seen as one.
        .map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The array of rows, drawn on every core: exactly what `serde_json`'s
/// pretty printer writes for the array, each row an element indented once.
fn write_rows(listing: &Listing<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    if listing.actions.is_empty() {
        out.write_all(b"[]\n")?;
        return Ok(());
    }
    out.write_all(b"[\n")?;
    super::write_in_parallel(&listing.actions, 256, out, |index, actions| {
        let mut bytes = Vec::with_capacity(actions.len() * 2048);
        for (at, row) in listing.rows(actions).enumerate() {
            if index > 0 || at > 0 {
                bytes.extend_from_slice(b",\n");
            }
            bytes.extend_from_slice(b"  ");
            write_row(&row, &mut bytes);
        }
        Ok(bytes)
    })?;
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// Some of a listing's actions, serialised as an array of their rows.
struct Rows<'l, 'a>(&'l Listing<'a>, &'l [&'a Action]);

impl Serialize for Rows<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.rows(self.1))
    }
}

/// One lead's group, as `--by-lead` JSON has always shown it.
#[derive(Serialize)]
struct Group<'l, 'a> {
    lead: &'l str,
    name: &'l str,
    actions: Rows<'l, 'a>,
}

/// One listing row as `serde_json`'s pretty printer writes it as an element
/// of the top-level array: fields indented twice, the closing brace once.
/// The listing's JSON is most of what `csp list --format json` does for a
/// large plan (150 MB for 100,000 actions), and writing the fields directly
/// is about three times as fast as serde's generic serialiser. The derived
/// `Serialize` of [`ActionRow`] stays the definition: the tests hold this
/// writer to it, byte for byte, on every bundled action and on rows with
/// every kind of value and text.
fn write_row(row: &ActionRow<'_>, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut fields = Fields { out, first: true };
    fields.string("id", row.id);
    fields.string("short_id", row.short_id);
    fields.string("title", &row.title);
    fields.string("section", row.section);
    fields.string("section_title", row.section_title);
    fields.strings("lead", &row.lead);
    fields.strings("lead_names", &row.lead_names);
    fields.strings("partners", &row.partners);
    fields.strings("partner_names", &row.partner_names);
    fields.strings("contacts", &row.contacts);
    fields.numbers("priority", row.priority);
    fields.strings("tags", &row.tags);
    fields.optional_string("timescale", row.timescale);
    fields.optional_date("due", row.due.map(Due::date));
    fields.boolean("due_is_month", row.due_is_month);
    fields.optional_string("due_precision", row.due_precision);
    fields.optional_string("every", row.every.map(Period::every_text).as_deref());
    fields.string("status", row.status.name());
    fields.optional_string("rag", row.rag.map(Rag::name));
    fields.optional_date("completed", row.completed);
    fields.optional_date("next_due", row.next_due);
    fields.optional_number("days_until_due", row.days_until_due);
    fields.optional_number("days_overdue", row.days_overdue);
    fields.boolean("due_soon", row.due_soon);
    fields.boolean("stale", row.stale);
    fields.optional_date("last_update", row.last_update);
    fields.string("description", row.description);
    fields.key("latest_update");
    match row.latest_update {
        Some(update) => write_update(update, 2, fields.out),
        None => fields.out.extend_from_slice(b"null"),
    }
    fields.key("updates");
    if row.updates.is_empty() {
        fields.out.extend_from_slice(b"[]");
    } else {
        fields.out.push(b'[');
        for (at, update) in row.updates.iter().enumerate() {
            fields
                .out
                .extend_from_slice(if at == 0 { b"\n" } else { b",\n" });
            fields.out.extend_from_slice(b"      ");
            write_update(update, 3, fields.out);
        }
        fields.out.extend_from_slice(b"\n    ]");
    }
    fields.string("file", &row.file);
    out.extend_from_slice(b"\n  }");
}

/// `{"date": …, "text": …}` whose braces sit at `depth` indents.
fn write_update(update: &Update, depth: usize, out: &mut Vec<u8>) {
    let indent = |out: &mut Vec<u8>, depth: usize| {
        for _ in 0..depth {
            out.extend_from_slice(b"  ");
        }
    };
    out.extend_from_slice(b"{\n");
    indent(out, depth + 1);
    out.extend_from_slice(b"\"date\": ");
    write_date(update.date, out);
    out.extend_from_slice(b",\n");
    indent(out, depth + 1);
    out.extend_from_slice(b"\"text\": ");
    write_string(&update.text, out);
    out.push(b'\n');
    indent(out, depth);
    out.push(b'}');
}

/// The fields of a row object, each on its own line two indents in.
struct Fields<'b> {
    out: &'b mut Vec<u8>,
    first: bool,
}

impl Fields<'_> {
    fn key(&mut self, name: &str) {
        self.out
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        self.out.extend_from_slice(b"    \"");
        // Field names are this file's own: plain ASCII, nothing to escape.
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    fn string(&mut self, name: &str, value: &str) {
        self.key(name);
        write_string(value, self.out);
    }

    fn optional_string(&mut self, name: &str, value: Option<&str>) {
        self.key(name);
        match value {
            Some(value) => write_string(value, self.out),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn optional_date(&mut self, name: &str, value: Option<NaiveDate>) {
        self.key(name);
        match value {
            Some(date) => write_date(date, self.out),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn optional_number(&mut self, name: &str, value: Option<i64>) {
        self.key(name);
        match value {
            Some(number) => self.out.extend_from_slice(number.to_string().as_bytes()),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn boolean(&mut self, name: &str, value: bool) {
        self.key(name);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    fn strings(&mut self, name: &str, values: &[&str]) {
        self.key(name);
        self.array(values, |value, out| write_string(value, out));
    }

    fn numbers(&mut self, name: &str, values: &[u32]) {
        self.key(name);
        self.array(values, |value, out| {
            out.extend_from_slice(value.to_string().as_bytes());
        });
    }

    /// An array of plain values, one a line three indents in.
    fn array<T>(&mut self, values: &[T], write: impl Fn(&T, &mut Vec<u8>)) {
        if values.is_empty() {
            self.out.extend_from_slice(b"[]");
            return;
        }
        self.out.push(b'[');
        for (at, value) in values.iter().enumerate() {
            self.out
                .extend_from_slice(if at == 0 { b"\n" } else { b",\n" });
            self.out.extend_from_slice(b"      ");
            write(value, self.out);
        }
        self.out.extend_from_slice(b"\n    ]");
    }
}

/// A date as chrono serialises one: its `Display`, `2024-03-31`.
fn write_date(date: NaiveDate, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "\"{date}\"");
}

/// A JSON string as `serde_json` escapes it: quotes, backslashes and
/// control characters below U+0020 (the short forms where JSON has them,
/// else `\u00XX` in lower-case hex); everything else as it is.
fn write_string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // `bytes[copied..at]` is still to be copied as it is.
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        // Most text has nothing to escape: eight bytes are looked at at once.
        if let Some(word) = bytes.get(at..at + 8)
            && let Ok(word) = <[u8; 8]>::try_from(word)
            && !any_to_escape(u64::from_le_bytes(word))
        {
            at += 8;
            continue;
        }
        let byte = bytes[at];
        let escaped: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&bytes[copied..at]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
                at += 1;
                copied = at;
                continue;
            }
            _ => {
                at += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(escaped);
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `word` is a control character below
/// U+0020, a quote or a backslash ("Determine if a word has a byte less
/// than n", Bit Twiddling Hacks: exact for whether any byte is, which is
/// all that is asked here).
fn any_to_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let below =
        |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH_BITS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (below(word, 0x20) | below(quote, 1) | below(backslash, 1)) != 0
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{any_to_escape, write_row};
    use crate::dates::{Period, parse_due};
    use crate::model::{Action, Manifest, Plan, Rag, Status, Update};
    use crate::view::Context;

    /// What the derived `Serialize` writes for the row, as an element of
    /// the listing's array (each line after the first indented once).
    fn by_serde(row: &crate::view::ActionRow<'_>) -> String {
        let text = serde_json::to_string_pretty(row).unwrap_or_default();
        text.replace('\n', "\n  ")
    }

    fn by_writer(row: &crate::view::ActionRow<'_>) -> String {
        let mut out = Vec::new();
        write_row(row, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn assert_rows_agree(plan: &Plan) {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 14).unwrap_or_default();
        let context = Context::new(plan, day);
        for action in &plan.actions {
            let row = context.row(action);
            assert_eq!(by_writer(&row), by_serde(&row), "{}", action.id);
        }
    }

    #[test]
    fn rows_are_written_as_serde_writes_them_for_every_bundled_action() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for plan in ["plan", "examples/meeting-cycle"] {
            let loaded = crate::load::load(&root.join(plan));
            let Ok(loaded) = loaded else {
                panic!("{plan} loads");
            };
            assert!(loaded.plan.actions.len() > 5, "{plan} has actions");
            assert_rows_agree(&loaded.plan);
        }
    }

    #[test]
    fn rows_with_every_kind_of_value_and_text_are_written_as_serde_writes_them() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            "plain",
            "",
            "quote \" and backslash \\ and slash /",
            every_control.as_str(),
            "del \u{7f}, c1 \u{85}, nbsp \u{a0}, line sep \u{2028}",
            "Café — “quoted” 🚓 ✓",
            "exactly8",
            "\"1234567\\1234567\n",
        ];
        let dues = ["2024-03-31", "2024-03", "Q3 2023/24", "2023/24"];
        let mut actions = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let mut action = Action::for_test(&format!("s{}/sub/action-{index}", index % 3));
            action.title = (*text).into();
            action.description = format!("{text}\nsecond line").into();
            action.lead = [(*text).into(), "L".into()].into();
            action.partners = if index % 2 == 0 {
                Box::default()
            } else {
                [(*text).into()].into()
            };
            action.contacts = [(*text).into()].into();
            action.tags = if index % 3 == 0 {
                Box::default()
            } else {
                ["t".into(), (*text).into()].into()
            };
            action.priority = (0..u32::try_from(index % 3).unwrap_or(0)).collect();
            action.timescale = (index % 2 == 1).then(|| (*text).into());
            action.due = parse_due(dues[index % dues.len()])
                .ok()
                .filter(|_| index != 1);
            action.every = (index % 3 == 2)
                .then(|| Period::parse_every("3 months").ok())
                .flatten();
            action.status = Status::ALL[index % Status::ALL.len()];
            action.rag = [None, Some(Rag::Red), Some(Rag::Amber), Some(Rag::Green)][index % 4];
            action.completed = (action.status == Status::Done)
                .then(|| chrono::NaiveDate::from_ymd_opt(2024, 1, 31))
                .flatten();
            action.updates = (0..index % 4)
                .map(|at| Update {
                    date: chrono::NaiveDate::from_ymd_opt(
                        2023,
                        1,
                        1 + u32::try_from(at).unwrap_or(0),
                    )
                    .unwrap_or_default(),
                    text: format!("{text} ({at})"),
                })
                .collect();
            actions.push(action);
        }
        let plan = Plan {
            root: "plan".into(),
            manifest: Manifest::default(),
            actions,
            measures: Vec::new(),
        };
        assert_rows_agree(&plan);
    }

    #[test]
    fn words_to_escape_are_found_wherever_the_byte_sits() {
        for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff] {
            for byte in 0..=u8::MAX {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = byte;
                    let expected = byte < 0x20 || byte == b'"' || byte == b'\\';
                    assert_eq!(
                        any_to_escape(u64::from_le_bytes(word)),
                        expected,
                        "{byte:#04x} at {at} among {filler:#04x}"
                    );
                }
            }
        }
    }
}
