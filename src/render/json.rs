//! JSON for scripts: the view types serialised as they are, pretty-printed,
//! so the field names documented on them are the interface.

use std::io::{self, Write};

use serde::Serialize;

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
/// `{lead, name, actions}` groups. Empty is `[]`, never a message. Written
/// as it is serialised, with a final newline: a large listing's JSON runs
/// to tens of megabytes, not worth holding whole before printing.
pub fn write_listing(listing: &Listing, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
    match &listing.by_lead {
        None => serde_json::to_writer_pretty(&mut *out, &listing.rows),
        Some(groups) => serde_json::to_writer_pretty(&mut *out, groups),
    }
    // Back to the `io::Error` it wraps, so a closed pipe is still seen as one.
    .map_err(io::Error::from)?;
    out.write_all(b"\n")
}
