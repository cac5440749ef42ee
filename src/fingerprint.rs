//! A short fingerprint of an action file's text, carried by a return form
//! so that `csp apply` can tell whether the file changed after the form was
//! made. FNV-1a (64-bit): stable across versions and platforms, and enough
//! to notice an edit; it guards against slips, not against forgery.
//!
//! The fingerprint is of the text, not the bytes: a leading byte-order
//! mark is left out and every `\r\n` read as `\n`, so a form made from a
//! checkout with Windows line endings (Git for Windows' `core.autocrlf`)
//! applies to the same file checked out with Unix ones, and back.

/// The fingerprint of `bytes`' text: 16 lowercase hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut hash = OFFSET;
    let mut rest = bytes;
    while let Some((&byte, tail)) = rest.split_first() {
        // `\r\n` counts as its `\n` alone.
        if !(byte == b'\r' && tail.first() == Some(&b'\n')) {
            hash = step(hash, byte);
        }
        rest = tail;
    }
    format!("{hash:016x}")
}

/// The fingerprint forms made before 0.2 carry: of the raw bytes.
/// Accepted by [`matches()`] for one release, then to be removed.
pub fn raw_fingerprint(bytes: &[u8]) -> String {
    format!(
        "{:016x}",
        bytes.iter().fold(OFFSET, |hash, &byte| step(hash, byte))
    )
}

/// Whether a form's `expected` fingerprint is that of `bytes`, in the
/// current form or the older raw-byte one.
pub fn matches(expected: &str, bytes: &[u8]) -> bool {
    expected == fingerprint(bytes) || expected == raw_fingerprint(bytes)
}

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn step(hash: u64, byte: u8) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    (hash ^ u64::from(byte)).wrapping_mul(PRIME)
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, matches, raw_fingerprint};

    #[test]
    fn known_values_and_sensitivity() {
        // Published FNV-1a test vectors.
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
        assert_eq!(raw_fingerprint(b"a"), "af63dc4c8601ec8c");
        assert_ne!(
            fingerprint(b"due = 2024-03\n"),
            fingerprint(b"due = 2024-04\n")
        );
    }

    #[test]
    fn line_endings_and_a_bom_do_not_change_the_fingerprint() {
        let lf = b"title = \"T\"\ndescription = \"\"\"\nA\nB\"\"\"\n";
        let crlf = b"title = \"T\"\r\ndescription = \"\"\"\r\nA\r\nB\"\"\"\r\n";
        let bom = b"\xef\xbb\xbftitle = \"T\"\r\ndescription = \"\"\"\r\nA\r\nB\"\"\"\r\n";
        assert_eq!(fingerprint(lf), fingerprint(crlf));
        assert_eq!(fingerprint(lf), fingerprint(bom));
        // A lone carriage return is text, and counts.
        assert_ne!(fingerprint(b"a\rb"), fingerprint(b"ab"));
        // The fingerprint of an LF file is what it always was.
        assert_eq!(fingerprint(lf), raw_fingerprint(lf));
    }

    #[test]
    fn a_form_from_the_last_release_still_matches_for_now() {
        let crlf = b"title = \"T\"\r\n";
        assert!(matches(&raw_fingerprint(crlf), crlf));
        assert!(matches(&fingerprint(b"title = \"T\"\n"), crlf));
        assert!(!matches(&fingerprint(b"title = \"U\"\n"), crlf));
    }
}
