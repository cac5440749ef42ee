//! Turning computed results into text: one module per output form. The
//! reading commands build their rows once (`crate::view`) and hand them to
//! the form the user chose.

pub mod changes;
pub mod csv;
pub mod diagnostics;
pub mod diff;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod pack;
pub mod table;

/// The output forms of the reading commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// A table for people, fitted to the terminal, coloured on a colour terminal
    #[default]
    Table,
    /// JSON with stable field names, for scripts
    Json,
    /// CSV with a header row, for spreadsheets (formula-safe)
    Csv,
    /// A Markdown table, to paste into an agenda or issue
    Md,
}

/// Plan text as it may safely reach a terminal: control characters (an
/// escape sequence in a title could rewrite the screen) become `�`. Line
/// breaks stay.
pub fn printable(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}
