//! JSON for scripts: the view types serialised as they are, pretty-printed,
//! so the field names documented on them are the interface.

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
/// `{lead, name, actions}` groups. Empty is `[]`, never a message.
pub fn listing(listing: &Listing) -> anyhow::Result<String> {
    match &listing.by_lead {
        None => to_json(&listing.rows),
        Some(groups) => to_json(groups),
    }
}
