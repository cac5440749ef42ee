//! Reading one plan file into text, refusing what cannot be a plan file.

use std::cell::RefCell;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Code, Diagnostic, line_column};

/// Plan files are a few hundred bytes; anything past this is not one, and
/// reading it whole could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

thread_local! {
    /// Each loader thread reads into one buffer, kept between files: a
    /// buffer with room to spare lets a file be read in one `read` call
    /// (and a second that sees the end) instead of growing from nothing.
    static READ_BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(64 * 1024));
}

/// The text of a plan file, or why it cannot be used. `shown` is the path as
/// the user should see it; `path` is where to read it from.
pub(super) fn read(path: &Path, shown: &Path) -> Result<Arc<str>, Box<Diagnostic>> {
    read_with(path, shown, |text| Arc::<str>::from(text))
}

/// [`read`], handing the text to `use_text` where it was read, in this
/// thread's buffer: a caller that needs no copy of its own (the fast
/// reader, which copies only the values it keeps) makes none.
pub(super) fn read_with<R>(
    path: &Path,
    shown: &Path,
    use_text: impl FnOnce(&str) -> R,
) -> Result<R, Box<Diagnostic>> {
    READ_BUFFER.with_borrow_mut(|bytes| {
        bytes.clear();
        let result = read_into(path, shown, bytes).map(use_text);
        // A file near the limit should not pin a megabyte per thread.
        if bytes.capacity() > 256 * 1024 {
            *bytes = Vec::with_capacity(64 * 1024);
        }
        result
    })
}

fn read_into<'b>(
    path: &Path,
    shown: &Path,
    bytes: &'b mut Vec<u8>,
) -> Result<&'b str, Box<Diagnostic>> {
    let fail = |code: Code, message: String, help: &str| {
        Err(Box::new(
            Diagnostic::error(code, message).in_file(shown).help(help),
        ))
    };
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            return fail(
                Code::Unreadable,
                format!("cannot read `{}`: {error}", shown.display()),
                "check the file's permissions",
            );
        }
    };
    // Read one byte past the limit to tell "at the limit" from "over it"
    // without trusting metadata, which can lie for special files.
    if let Err(error) = file.take(MAX_FILE_BYTES + 1).read_to_end(bytes) {
        return fail(
            Code::Unreadable,
            format!("cannot read `{}`: {error}", shown.display()),
            "check the file's permissions, and that it is a regular file",
        );
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return fail(
            Code::FileTooLarge,
            format!(
                "`{}` is over 1 MiB, too large for a plan file",
                shown.display()
            ),
            "an action file holds one action; move other material out of the plan directory",
        );
    }
    if crate::encoding::utf16_mark(bytes).is_some() {
        // Read, it could not be written back as it is: named instead.
        return fail(
            Code::NotUtf8,
            format!(
                "`{}` is {}, not UTF-8",
                shown.display(),
                crate::encoding::UTF16_TEXT
            ),
            crate::encoding::SAVE_AS_UTF8,
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_column(&prefix, valid);
            return fail(
                Code::NotUtf8,
                format!(
                    "`{}` is not UTF-8 text: invalid byte at line {line}, column {column}",
                    shown.display()
                ),
                "save the file as UTF-8",
            );
        }
    };
    // A byte-order mark is noise some editors add; TOML does not allow it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return fail(
            Code::EmptyFile,
            format!("`{}` is empty", shown.display()),
            "write the action's fields in it, or delete the file",
        );
    }
    Ok(text)
}

/// Parses TOML, reporting every syntax error the parser can recover from.
pub(super) fn parse_toml<'i>(
    text: &'i str,
    shown: &Path,
    source: &Arc<str>,
) -> Result<Spanned<DeTable<'i>>, Vec<Diagnostic>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Ok(table);
    }
    Err(errors
        .into_iter()
        .map(|error| {
            let message = error.message().trim().to_string();
            let span = error.span().unwrap_or(0..0);
            let help = syntax_help(&message, text, &span);
            Diagnostic::error(Code::TomlSyntax, format!("invalid TOML: {message}"))
                .in_file(shown)
                .at(span)
                .with_source(Arc::clone(source))
                .help_opt(help)
        })
        .collect())
}

/// A hint for the TOML mistakes people make most when writing plans.
fn syntax_help(message: &str, text: &str, span: &std::ops::Range<usize>) -> Option<String> {
    let found = text.get(span.clone()).unwrap_or("");
    if message.contains("duplicate key") {
        return Some("each field may appear once; merge the two values".into());
    }
    if message.contains("string values must be quoted") || message.contains("invalid string") {
        return Some("put text in double quotes, e.g. title = \"Run the survey\"".into());
    }
    if message.contains("date") || found.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Some("write dates as YYYY-MM-DD, or a month in quotes as \"YYYY-MM\"".into());
    }
    None
}
