//! The fast reader: an action file in the plain shape people and `csp fmt`
//! write (bare keys, one value per line, strings, whole numbers, dates, lists
//! of them, `[[update]]` tables) read straight into a [`Draft`], without
//! building a TOML tree first. A plan of 100,000 files spends most of its
//! loading time in the tree (a token vector, a map per table, a copy of each
//! string), so this is what lets `csp validate` stay near the cost of just
//! reading the files.
//!
//! It accepts only a file that the full reader
//! ([`super::parse_action_via_toml`]) would accept without a single
//! diagnostic, and then gives the same action. Anything else (TOML it does
//! not handle, such as multi-line strings or inline tables, and any field
//! that is missing, unknown, repeated, of the wrong type or with a bad
//! value) makes it give up, so that the full reader reads the file and
//! reports every problem. The rules on values are the full reader's own
//! (`title_problem`, `dates::parse_due`, `Status::parse` …), and the unit
//! tests and the `action_file` fuzz target compare the two readers.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;

use super::action::{Draft, description_problem, title_problem};
use super::fields::{Located, positive};
use crate::dates::{self, Due, Period};
use crate::field::Field;
use crate::model::{Marking, Rag, Status, Update};

// `seen` below has one bit per field.
const _: () = assert!(Field::ALL.len() <= 32);

/// The action in `text`, or `None` when the full reader must read it.
pub(super) fn read(text: &str) -> Option<Draft<'_>> {
    let mut cursor = Cursor { text, at: 0 };
    let mut draft = Draft::default();
    // One bit per field, at its position: TOML refuses a key given twice.
    let mut seen: u32 = 0;
    let mut update: Option<UpdateDraft> = None;
    loop {
        cursor.skip_trivia()?;
        match cursor.peek() {
            None => break,
            Some(b'[') => {
                cursor.expect("[[update]]")?;
                cursor.end_of_line()?;
                if let Some(finished) = update.take() {
                    draft.updates.push(finished.finish()?);
                }
                update = Some(UpdateDraft::default());
            }
            Some(_) => {
                let key = cursor.key()?;
                cursor.skip_blanks();
                cursor.expect("=")?;
                cursor.skip_blanks();
                let value = cursor.value()?;
                cursor.end_of_line()?;
                if let Some(update) = &mut update {
                    update.set(key, value)?;
                } else {
                    let field = Field::from_name(key)?;
                    let bit = 1 << field.position();
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                    set_field(&mut draft, field, value)?;
                }
            }
        }
    }
    if let Some(finished) = update {
        draft.updates.push(finished.finish()?);
    }
    if Field::REQUIRED
        .iter()
        .any(|field| seen & (1 << field.position()) == 0)
    {
        return None;
    }
    Some(draft)
}

/// Stores one top-level field, if its value is one the full reader accepts.
fn set_field<'a>(
    draft: &mut Draft<'a>,
    field: Field,
    (value, span): Located<Value<'a>>,
) -> Option<()> {
    match field {
        Field::Title => {
            let title = value.string()?;
            if title_problem(&title).is_some() {
                return None;
            }
            draft.title = title;
        }
        Field::Description => {
            let description = value.string()?;
            if description_problem(&description).is_some() {
                return None;
            }
            draft.description = description;
        }
        Field::Lead => {
            draft.lead = strings((value, span))?;
            if draft.lead.is_empty() {
                return None;
            }
        }
        Field::Partners => draft.partners = strings((value, span))?,
        Field::Contacts => {
            draft.contacts = strings((value, span))?
                .into_iter()
                .map(|(text, _)| text)
                .collect();
        }
        Field::Tags => {
            draft.tags = strings((value, span))?
                .into_iter()
                .map(|(text, _)| text)
                .collect();
        }
        Field::Priority => {
            let items = match value {
                Value::Array(items) => items,
                single => vec![(single, span)],
            };
            draft.priority = items
                .into_iter()
                .map(|(item, span)| match item {
                    Value::Integer(digits) => Some((positive(digits, 10)?, span)),
                    _ => None,
                })
                .collect::<Option<_>>()?;
        }
        Field::Timescale => draft.timescale = Some(value.string()?),
        Field::Due => {
            draft.due = Some(match value {
                Value::Date(day) => Due::Day(day),
                Value::String(text) => dates::parse_due(&text).ok()?,
                _ => return None,
            });
        }
        Field::Every => draft.every = Some(Period::parse_every(&value.string()?).ok()?),
        Field::Status => draft.status = Some((Status::parse(&value.string()?)?, span)),
        Field::Rag => draft.rag = Some(Rag::parse(&value.string()?)?),
        Field::Marking => draft.marking = Some(Marking::parse(&value.string()?)?),
        Field::Completed => draft.completed = Some((value.date()?, span)),
        // `update` written as a value, not as [[update]] tables.
        Field::Update => return None,
    }
    Some(())
}

/// A string or a list of strings, as `lead = "ECDC"` is a list of one.
fn strings((value, span): Located<Value<'_>>) -> Option<Vec<Located<Cow<'_, str>>>> {
    match value {
        Value::String(text) => Some(vec![(text, span)]),
        Value::Array(items) => items
            .into_iter()
            .map(|(item, span)| Some((item.string()?, span)))
            .collect(),
        _ => None,
    }
}

/// The fields of one `[[update]]` table so far.
#[derive(Default)]
struct UpdateDraft {
    date: Option<NaiveDate>,
    text: Option<String>,
}

impl UpdateDraft {
    fn set(&mut self, key: &str, (value, _): Located<Value<'_>>) -> Option<()> {
        match key {
            "date" if self.date.is_none() => self.date = Some(value.date()?),
            "text" if self.text.is_none() => self.text = Some(value.string()?.into_owned()),
            _ => return None,
        }
        Some(())
    }

    fn finish(self) -> Option<Update> {
        Some(Update {
            date: self.date?,
            text: self.text?,
        })
    }
}

/// A value the fast reader understands.
enum Value<'a> {
    String(Cow<'a, str>),
    /// The digits of a positive decimal number, as written.
    Integer(&'a str),
    Date(NaiveDate),
    /// Items are never lists themselves.
    Array(Vec<Located<Value<'a>>>),
}

impl<'a> Value<'a> {
    fn string(self) -> Option<Cow<'a, str>> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// A TOML date, or the same in quotes, as the full reader takes both.
    fn date(self) -> Option<NaiveDate> {
        match self {
            Value::Date(day) => Some(day),
            Value::String(text) => dates::parse_date(&text).ok(),
            _ => None,
        }
    }
}

/// A position in the text. Every method returns `None` on anything outside
/// the fast reader's TOML, which sends the whole file to the full reader.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn expect(&mut self, token: &str) -> Option<()> {
        self.rest()
            .starts_with(token)
            .then(|| self.at += token.len())
    }

    /// Spaces and tabs, TOML's whitespace within a line.
    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A newline: `\n`, or `\r\n` (a lone `\r` is not one).
    fn newline(&mut self) -> Option<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.at += 1;
                Some(true)
            }
            Some(b'\r') => self.expect("\r\n").map(|()| true),
            _ => Some(false),
        }
    }

    /// A `#` comment up to the end of its line, if one starts here. TOML
    /// allows no control character in a comment but tab.
    fn skip_comment(&mut self) -> Option<()> {
        if self.peek() != Some(b'#') {
            return Some(());
        }
        let line = self.rest();
        let end = line.find('\n').unwrap_or(line.len());
        let comment = line[..end].strip_suffix('\r').unwrap_or(&line[..end]);
        if comment.bytes().any(is_forbidden_control) {
            return None;
        }
        self.at += comment.len();
        Some(())
    }

    /// Whitespace, comments and newlines: what may come between lines, and
    /// between the items of a list.
    fn skip_trivia(&mut self) -> Option<()> {
        loop {
            self.skip_blanks();
            self.skip_comment()?;
            if !self.newline()? {
                return Some(());
            }
        }
    }

    /// What must follow a value or a table header: whitespace, perhaps a
    /// comment, then the end of the line or of the file.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blanks();
        self.skip_comment()?;
        (self.newline()? || self.peek().is_none()).then_some(())
    }

    /// A bare key; quoted and dotted keys are left to the full reader.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// A value and its span, which like the full reader's covers the quotes
    /// of a string and the brackets of a list.
    fn value(&mut self) -> Option<Located<Value<'a>>> {
        if self.peek() != Some(b'[') {
            return self.scalar();
        }
        let start = self.at;
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            if self.peek() == Some(b']') {
                break;
            }
            items.push(self.scalar()?);
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        self.at += 1;
        Some((Value::Array(items), start..self.at))
    }

    fn scalar(&mut self) -> Option<Located<Value<'a>>> {
        let start = self.at;
        let value = match self.peek()? {
            b'"' => Value::String(self.basic_string()?),
            b'\'' => Value::String(Cow::Borrowed(self.literal_string()?)),
            b'0'..=b'9' => self.number_or_date()?,
            _ => return None,
        };
        Some((value, start..self.at))
    }

    /// `"…"` with TOML's escapes; borrowed when it has none.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        if self.rest().starts_with("\"\"\"") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        let mut decoded: Option<String> = None;
        let mut run = start;
        loop {
            let byte = self.peek()?;
            match byte {
                b'"' => {
                    let text = match decoded {
                        None => Cow::Borrowed(&self.text[start..self.at]),
                        Some(mut text) => {
                            text.push_str(&self.text[run..self.at]);
                            Cow::Owned(text)
                        }
                    };
                    self.at += 1;
                    return Some(text);
                }
                b'\\' => {
                    let text = decoded.get_or_insert_with(String::new);
                    text.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    let unescaped = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'n' => '\n',
                        b't' => '\t',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => self.hex_char(4).filter(|c| *c != '\r')?,
                        b'U' => self.hex_char(8).filter(|c| *c != '\r')?,
                        // `\r` among them: a carriage return is read as
                        // the full reader reads it (`\r\n` becomes `\n`).
                        _ => return None,
                    };
                    text.push(unescaped);
                    run = self.at;
                }
                _ if is_forbidden_control(byte) => return None,
                _ => self.at += 1,
            }
        }
    }

    /// The `\uXXXX` or `\UXXXXXXXX` after its `u`: a Unicode scalar value.
    fn hex_char(&mut self, digits: usize) -> Option<char> {
        let hex = self.rest().get(..digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += digits;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    /// `'…'`, taken as written.
    fn literal_string(&mut self) -> Option<&'a str> {
        if self.rest().starts_with("'''") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'\'' => break,
                byte if is_forbidden_control(byte) => return None,
                _ => self.at += 1,
            }
        }
        let text = &self.text[start..self.at];
        self.at += 1;
        Some(text)
    }

    /// A positive decimal number without sign, underscores or leading zero,
    /// or a plain date `YYYY-MM-DD` (one with a time of day is refused by
    /// the full reader, so it is left to it).
    fn number_or_date(&mut self) -> Option<Value<'a>> {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        let digits = &self.text[start..self.at];
        if self.peek() == Some(b'-') && digits.len() == 4 {
            let text = self.text.get(start..start + 10)?;
            let bytes = text.as_bytes();
            let shape = bytes.iter().enumerate().all(|(index, byte)| match index {
                4 | 7 => *byte == b'-',
                _ => byte.is_ascii_digit(),
            });
            if !shape {
                return None;
            }
            self.at = start + 10;
            // A time may follow after `T` or a space: 2024-03-14T10:00.
            let after = &self.text.as_bytes()[self.at..];
            if matches!(after.first(), Some(b'T' | b't'))
                || (after.first() == Some(&b' ') && after.get(1).is_some_and(u8::is_ascii_digit))
            {
                return None;
            }
            let number = |range: Range<usize>| text[range].parse::<u32>().ok();
            let year = i32::try_from(number(0..4)?).ok()?;
            let day = NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
            return self.delimited().then_some(Value::Date(day));
        }
        if digits.starts_with('0') {
            return None;
        }
        self.delimited().then_some(Value::Integer(digits))
    }

    /// Whether a number or date ends here, rather than running on into
    /// something TOML reads differently (`1.5`, `1e3`, `2024-03-14Z`).
    fn delimited(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'#')
        )
    }
}

/// The control characters TOML forbids in strings and comments: all but tab.
fn is_forbidden_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::super::{parse_action, parse_action_via_toml};
    use crate::model::ActionId;

    /// What the full reader makes of `text`, and whether the fast reader
    /// took it; when it did, the two actions must be the same.
    fn both(text: &str) -> bool {
        let source: Arc<str> = Arc::from(text);
        let shown = Path::new("plan/section/action.toml");
        let id = ActionId::from_relative_path(Path::new("section/action.toml"));
        let full = parse_action_via_toml(&source, shown, id.clone());
        let Some(draft) = super::read(text) else {
            return false;
        };
        assert!(
            full.is_clean() && full.diagnostics.is_empty(),
            "the fast reader took a file the full reader reports on:\n{text}\n{:?}",
            full.diagnostics
        );
        let fast = Some(draft.into_action(id.clone(), shown));
        assert_eq!(
            format!("{fast:?}"),
            format!("{:?}", full.action),
            "the readers disagree on:\n{text}"
        );
        let through = parse_action(&source, shown, id);
        assert_eq!(
            format!("{:?}", through.action),
            format!("{:?}", full.action)
        );
        true
    }

    const PLAIN: &str =
        "title = \"Run the survey\"\ndescription = \"Ask residents.\"\nlead = [\"ECDC\"]\n";

    #[test]
    fn takes_the_plain_shape_and_agrees_with_the_full_reader() {
        assert!(both(PLAIN));
        assert!(both(&format!(
            "# Carried over\n{PLAIN}partners = [\"Police\", 'Fire']\ncontacts = [\"A. Officer\"]\n\
             priority = [1, 2]\ntimescale = \"Ongoing\"\ndue = 2024-03-31\nevery = \"1 year\"\n\
             status = \"in-progress\"\nrag = \"amber\"\ntags = [\"night-time\"]\n\n\
             [[update]]\ndate = 2024-01-10\ntext = \"Draft shared\"\n\n[[update]]\n\
             date = \"2024-02-01\" # quoted\ntext = \"Agreed\"\n"
        )));
        assert!(both(
            "title = \"T\"\r\ndescription = \"D\"\r\nlead = \"ECDC\"\r\npriority = 3\r\n\
             due = \"Q3 2023/24\"\r\nstatus = \"done\"\r\ncompleted = 2024-01-02\r\nmarking = \"official-sensitive\""
        ));
        assert!(both(
            "title = \"Say \\\"hi\\\" \\u00e9\\U0001F600\"\ndescription = 'C:\\path'\n\
             lead = [\n  \"ECDC\", # the council\n  \"Police\",\n]\ndue = \"2024-03\"\n"
        ));
    }

    #[test]
    fn a_crlf_checkout_gives_the_same_text_as_an_lf_one() {
        let lf = "title = \"T\"\ndescription = \"\"\"\nOne\ntwo\"\"\"\nlead = [\"ECDC\"]\n\
                  [[update]]\ndate = 2024-01-10\ntext = '''\nA\nB'''\n";
        let crlf = lf.replace('\n', "\r\n");
        let id = ActionId::from_relative_path(Path::new("s/a.toml"));
        let shown = Path::new("s/a.toml");
        let read = |text: &str| {
            let action = parse_action(&Arc::from(text), shown, id.clone())
                .action
                .unwrap();
            let update = action.updates.first().map(|update| update.text.clone());
            (action.description.to_string(), update.unwrap_or_default())
        };
        assert_eq!(read(lf), ("One\ntwo".to_string(), "A\nB".to_string()));
        assert_eq!(read(&crlf), read(lf));
        let escaped = "title = \"T\"\ndescription = \"a\\r\\nb\"\nlead = [\"ECDC\"]\n";
        assert_eq!(read(escaped).0, "a\nb");
    }

    #[test]
    fn leaves_every_other_file_to_the_full_reader() {
        for text in [
            // A carriage return, which the full reader folds into `\n`.
            "title = \"T\"\ndescription = \"a\\r\\nb\"\nlead = [\"ECDC\"]\n",
            "title = \"T\"\ndescription = \"a\\u000D\\nb\"\nlead = [\"ECDC\"]\n",
            // Missing, unknown, repeated, wrongly typed or bad fields.
            "title = \"T\"\nlead = [\"ECDC\"]\n",
            &format!("{PLAIN}colour = \"red\"\n"),
            &format!("{PLAIN}title = \"Again\"\n"),
            &format!("{PLAIN}priority = [0]\n"),
            &format!("{PLAIN}priority = [\"1\"]\n"),
            &format!("{PLAIN}priority = 01\n"),
            &format!("{PLAIN}priority = 1_000\n"),
            &format!("{PLAIN}priority = 1.5\n"),
            &format!("{PLAIN}status = \"Done\"\n"),
            &format!("{PLAIN}due = \"someday\"\n"),
            &format!("{PLAIN}due = 2024-02-30\n"),
            &format!("{PLAIN}due = 2024-02-03T10:00:00\n"),
            &format!("{PLAIN}due = 2024-02-03 10:00:00\n"),
            &format!("{PLAIN}completed = 2024-02-03Z\n"),
            &format!("{PLAIN}every = \"fortnightly-ish\"\n"),
            &format!("{PLAIN}partners = [[\"a\"]]\n"),
            &format!("{PLAIN}[[update]]\ndate = 2024-01-01\n"),
            &format!("{PLAIN}[[update]]\ndate = 2024-01-01\ntext = \"a\"\nwho = \"b\"\n"),
            &format!("{PLAIN}[[update]]\ndate = 2024-01-01\ndate = 2024-01-02\ntext = \"a\"\n"),
            &format!("{PLAIN}update = []\n"),
            "title = \"\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"A\\nB\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\"\ndescription = \"  \"\nlead = [\"ECDC\"]\n",
            "title = \"T\"\ndescription = \"D\"\nlead = []\n",
            // TOML this reader does not handle, or that is not TOML.
            "title = \"\"\"T\"\"\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n[update]\n",
            "\"title\" = \"T\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title.text = \"T\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\" \"U\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\\x41\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\\uD800\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\u{7}\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\"\rdescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\" # bell \u{7}\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = \"T\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
            "title = { text = \"T\" }\ndescription = \"D\"\nlead = [\"ECDC\"]\n",
        ] {
            assert!(!both(text), "the fast reader took:\n{text}");
        }
    }

    #[test]
    fn agrees_on_every_file_of_the_bundled_plan() {
        let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        let mut taken = 0;
        for entry in walk(&plan) {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            if entry.file_name().is_some_and(|name| name != "csp.toml") && both(&text) {
                taken += 1;
            }
        }
        // Every action file of the bundled plan is in the plain shape.
        assert_eq!(taken, 78);
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            } else if path.extension().is_some_and(|ext| ext == "toml") {
                found.push(path);
            }
        }
        found
    }
}
