//! Plan text made safe for where it is printed: a terminal, or a single
//! line of a digest or a draft's header. Every form that shows plan text
//! to a person passes it through here.

use std::borrow::Cow;

/// Plan text as it may safely reach a terminal: control characters (an
/// escape sequence in a title could rewrite the screen) become `�`. Line
/// breaks stay.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect::<String>()
        .into()
}

/// Plan text on one line: line breaks and control characters become single
/// spaces, so that a title with a line break cannot pose as another field
/// of a digest, or another header of a draft.
pub fn one_line(text: &str) -> String {
    printable(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
