//! JSON for scripts: the view types serialised as they are, pretty-printed,
//! so the field names documented on them are the interface.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::model::Action;
use crate::view::Listing;

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
            serde_json::to_writer_pretty(Indented(&mut bytes), &row)?;
        }
        Ok(bytes)
    })?;
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// Appends what is written, indenting each line after the first once more:
/// a row serialised on its own becomes an element of the array. A JSON
/// string holds no raw line break, so every one is between tokens. Written
/// straight into the chunk's buffer, with no row copied twice.
struct Indented<'b>(&'b mut Vec<u8>);

impl Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for (at, line) in bytes.split(|byte| *byte == b'\n').enumerate() {
            if at > 0 {
                self.0.extend_from_slice(b"\n  ");
            }
            self.0.extend_from_slice(line);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
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
