//! The encodings text files reach csp in on Windows. Windows PowerShell
//! 5.1's `>` and `Out-File`, and Notepad's "Unicode", save UTF-16 with a
//! byte-order mark; `csp import --guess-map > map.toml` there makes one.
//! csp reads such a file where it only reads (an import map, a CSV
//! tracker) and names it where it would also write it back (a plan file),
//! never calling it "an invalid byte at 1:1".

/// The byte order a UTF-16 file's mark says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16 {
    Little,
    Big,
}

/// What a UTF-16 file is, as the end of a sentence naming it.
pub const UTF16_TEXT: &str =
    "UTF-16 text (as Windows PowerShell's `>` and Notepad's Unicode encoding save it)";

/// How to save a file as UTF-8 on Windows.
pub const SAVE_AS_UTF8: &str = "save it as UTF-8: in Notepad, File > Save as, Encoding UTF-8; in PowerShell, give csp's -o FILE instead of `>`, or pipe to `Out-File -Encoding utf8`";

/// The UTF-16 byte order `bytes` start with a mark of, if they do.
pub fn utf16_mark(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(Utf16::Little),
        [0xFE, 0xFF, ..] => Some(Utf16::Big),
        _ => None,
    }
}

/// The text of a UTF-16 file with a byte-order mark; `None` when `bytes`
/// have no mark, or are not whole UTF-16 (an odd length, a lone
/// surrogate).
pub fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let order = utf16_mark(bytes)?;
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return None;
    }
    let units = body.chunks_exact(2).map(|pair| match order {
        Utf16::Little => u16::from_le_bytes([pair[0], pair[1]]),
        Utf16::Big => u16::from_be_bytes([pair[0], pair[1]]),
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// The text of a file csp only reads: UTF-8, with or without a byte-order
/// mark, or UTF-16 with one. The error is the end of a sentence naming the
/// file.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    if utf16_mark(bytes).is_some() {
        return decode_utf16(bytes).ok_or_else(|| format!("is {UTF16_TEXT}, but broken"));
    }
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => Err(format!(
            "is not UTF-8 text: byte {} is not UTF-8",
            error.valid_up_to() + bytes.len() - body.len() + 1
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as Windows PowerShell 5.1's `>` writes it: UTF-16LE, marked.
    fn powershell(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf16_in_either_byte_order_is_read() {
        let text = "[columns]\r\ntitle = \"Action £5 — ’quoted’\"\r\n";
        assert_eq!(super::text(&powershell(text)).unwrap(), text);
        let mut big = vec![0xFE, 0xFF];
        big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(super::text(&big).unwrap(), text);
        assert_eq!(utf16_mark(&big), Some(Utf16::Big));
    }

    #[test]
    fn utf8_with_or_without_a_mark_is_read_and_anything_else_named() {
        assert_eq!(text(b"\xEF\xBB\xBFa = 1").unwrap(), "a = 1");
        assert_eq!(text(b"a = 1").unwrap(), "a = 1");
        assert_eq!(
            text(b"a\xFF").unwrap_err(),
            "is not UTF-8 text: byte 2 is not UTF-8"
        );
        let broken = text(&[0xFF, 0xFE, b'a']).unwrap_err();
        assert!(broken.starts_with("is UTF-16 text"), "{broken}");
        // A lone surrogate.
        assert!(text(&[0xFF, 0xFE, 0x00, 0xD8]).is_err());
    }
}
