//! The one rule for file and directory names `csp` makes from text it did
//! not choose (a sheet's ids and sections, a title, a body's name): each
//! `/`-separated part is a *portable slug*, lowercase ASCII letters, digits
//! and `-`, not empty, not a Windows device name, at most
//! [`MAX_PART_CHARS`] long. Such a name means the same directory on every
//! platform, can be checked out by Git for Windows and cannot climb out of
//! the plan: `..`, `/etc`, `C:\x`, `a:b` (an NTFS stream) are not slugs.
//!
//! A name that breaks the rule is made into one ([`make_part`],
//! [`PlanPath::from_text`]) or refused; it is never joined onto a path as
//! written. [`PlanPath`] is the only way an import or `csp new` names a
//! file, so a path that has not passed the rule cannot reach the disk.
//!
//! Names people wrote into a plan by hand are looser (a lead key `ECDC`, a
//! file `Annual_Report.toml`): [`windows_problem`] finds the ones that
//! would break a colleague's Windows clone, for `csp validate` to warn of.

use std::fmt;
use std::path::{Path, PathBuf};

/// The longest part csp makes: a few words, and a long `SharePoint` path
/// plus a section and a file name stays under Windows' 260 characters.
pub const MAX_PART_CHARS: usize = 60;

/// The longest path from the plan root that `csp validate` lets pass
/// without a warning: a synced library's folder is ~120–130 characters
/// before the plan starts, and Windows' limit is 259.
pub const MAX_PLAN_PATH_CHARS: usize = 150;

/// Names Windows keeps for devices, whatever their extension (`con.toml`
/// is the console too) and letter case.
const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
const NUMBERED_DEVICES: [&str; 2] = ["com", "lpt"];

/// Why a name is not portable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// `.` or `..`.
    Dots,
    /// Starts at a root: `/x`, `\x`, `C:x`, `\\server\x`.
    Absolute,
    /// Holds a character other than `a`–`z`, `0`–`9` and `-`.
    NotSlug,
    /// `con`, `aux`, `nul`, `com1`…: a device on Windows.
    Reserved,
    /// Over [`MAX_PART_CHARS`] characters.
    TooLong,
}

impl NameProblem {
    /// What is wrong, as the end of a sentence naming the name.
    pub fn describe(self) -> &'static str {
        match self {
            NameProblem::Empty => "is empty",
            NameProblem::Dots => "is `.` or `..`, which would leave the directory",
            NameProblem::Absolute => "starts at the root of a disk, outside any plan",
            NameProblem::NotSlug => "holds characters other than lowercase letters, digits and '-'",
            NameProblem::Reserved => {
                "is a device name on Windows (con, prn, aux, nul, com1…, lpt1…)"
            }
            NameProblem::TooLong => "is longer than 60 characters",
        }
    }
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Whether `part` is a Windows device name: `con`, `CON.toml`, `com1`,
/// `lpt¹`… (the name before its first dot, trailing spaces ignored, as
/// Windows reads it).
pub fn is_reserved(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or(part).trim_end_matches(' ');
    // Checked on every file of a large plan by `csp validate`: no copies.
    if DEVICES
        .iter()
        .chain(&["conin$", "conout$"])
        .any(|device| stem.eq_ignore_ascii_case(device))
    {
        return true;
    }
    NUMBERED_DEVICES.iter().any(|device| {
        stem.get(..3)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(device))
            && matches!(
                &stem[3..],
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
    })
}

/// Whether `part` is a portable slug; the first problem if not.
pub fn check_part(part: &str) -> Result<(), NameProblem> {
    if part.is_empty() {
        return Err(NameProblem::Empty);
    }
    if part == "." || part == ".." {
        return Err(NameProblem::Dots);
    }
    if !part
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(NameProblem::NotSlug);
    }
    if is_reserved(part) {
        return Err(NameProblem::Reserved);
    }
    if part.len() > MAX_PART_CHARS {
        return Err(NameProblem::TooLong);
    }
    Ok(())
}

/// `text` made into a portable part: lowercase ASCII words joined by `-`
/// ("ECDC Housing!" → `ecdc-housing`), cut after the last whole word that
/// fits in `max` characters (a single longer word is cut), a device name
/// given `-1`. Empty when `text` has no ASCII letter or digit.
pub fn make_part(text: &str, max: usize) -> String {
    let max = max.clamp(1, MAX_PART_CHARS);
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len() + extra > max {
            if slug.is_empty() {
                slug.push_str(&word[..max]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.make_ascii_lowercase();
    if is_reserved(&slug) {
        // "con" has room for "-1": max is at least 4 for a 3-letter device.
        if slug.len() + 2 > max {
            slug.truncate(max.saturating_sub(2));
        }
        slug.push_str("-1");
    }
    slug
}

/// A relative path under a plan root whose every part is a portable slug,
/// written with `/`: an action's id (its file is `<path>.toml`) or a
/// section's directory. Made only through the rule, so joining it onto a
/// root cannot leave the root.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanPath(String);

/// How text from outside became a [`PlanPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub path: PlanPath,
    /// Whether a part had to be changed to follow the rule.
    pub changed: bool,
}

impl PlanPath {
    /// `text` if every part already follows the rule.
    pub fn parse(text: &str) -> Result<Self, NameProblem> {
        if is_absolute(text) {
            return Err(NameProblem::Absolute);
        }
        for part in text.split('/') {
            check_part(part)?;
        }
        Ok(Self(text.to_string()))
    }

    /// Text from outside (an id or section cell) as a path: each part made
    /// a slug. Refused, never repaired, when it is absolute or climbs
    /// (`..`): such a value is a mistake or an attack, and a path that
    /// silently lost its `..` would land somewhere nobody asked for.
    pub fn from_text(text: &str) -> Result<Made, NameProblem> {
        let text = text.trim();
        if is_absolute(text) {
            return Err(NameProblem::Absolute);
        }
        let mut made = String::new();
        // `\` separates on Windows only: read it as `/` so the id is the
        // same on every platform.
        for part in text.split(['/', '\\']) {
            if part.trim() == "." || part.trim() == ".." {
                return Err(NameProblem::Dots);
            }
            let slug = make_part(part, MAX_PART_CHARS);
            if slug.is_empty() {
                if part.trim().is_empty() {
                    continue;
                }
                return Err(NameProblem::NotSlug);
            }
            if !made.is_empty() {
                made.push('/');
            }
            made.push_str(&slug);
        }
        if made.is_empty() {
            return Err(NameProblem::Empty);
        }
        Ok(Made {
            changed: made != text,
            path: Self(made),
        })
    }

    /// This path with `part` (already a slug) below it.
    pub fn child(&self, part: &str) -> Result<Self, NameProblem> {
        check_part(part)?;
        Ok(Self(format!("{}/{part}", self.0)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last part: an action's slug, a section's own directory.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The parent path; `None` at the top.
    pub fn parent(&self) -> Option<Self> {
        self.0
            .rsplit_once('/')
            .map(|(parent, _)| Self(parent.to_string()))
    }

    /// The action file this path names, relative to the plan root.
    pub fn action_file(&self) -> PathBuf {
        let mut path = self.relative();
        path.set_extension("toml");
        path
    }

    /// The path relative to the plan root, one component per part.
    pub fn relative(&self) -> PathBuf {
        self.0.split('/').collect()
    }

    /// The path under `root`.
    pub fn under(&self, root: &Path) -> PathBuf {
        root.join(self.relative())
    }
}

impl fmt::Display for PlanPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file names (without extension) of one output per key, as `csp
/// chase -o` writes a draft or form per lead: the key itself when it works
/// on every platform (keys are letters, digits, `-` and `_` already), else
/// the key made a slug (`con` → `con-1`). Two keys whose files would be
/// one on Windows or macOS (`ECDC`, `ecdc`) are refused as the pair, before
/// anything is written: one body's file must never replace another's.
pub fn output_stems<'a>(
    keys: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, (&'a str, &'a str)> {
    let mut stems: Vec<String> = Vec::new();
    let mut seen: std::collections::HashMap<String, &'a str> = std::collections::HashMap::new();
    for key in keys {
        let stem =
            if windows_problem(key).is_none() && key.len() <= MAX_PART_CHARS && !key.is_empty() {
                key.to_string()
            } else {
                match make_part(key, MAX_PART_CHARS) {
                    stem if stem.is_empty() => "lead".to_string(),
                    stem => stem,
                }
            };
        if let Some(other) = seen.insert(stem.to_lowercase(), key) {
            return Err((other, key));
        }
        stems.push(stem);
    }
    Ok(stems)
}

/// `path` as machine-readable output gives it (JSON, CSV, a GitHub
/// annotation): parts separated by `/` on every platform, so that a
/// script or a diff reading csp's output does not depend on where it ran.
/// Windows takes `/` as well as `\\`, so the path still works there.
pub fn slashed(path: &Path) -> String {
    to_slashes(&path.display().to_string(), std::path::MAIN_SEPARATOR)
}

/// `text` with each `separator` made `/`; on Unix, where `\\` is an
/// ordinary character in a name, nothing changes.
fn to_slashes(text: &str, separator: char) -> String {
    if separator == '/' {
        text.to_string()
    } else {
        text.replace(separator, "/")
    }
}

/// Whether `text` starts at a root on some platform: `/`, `\`, `C:`.
fn is_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// What would break a name in a plan someone wrote by hand on Windows (or
/// in Git for Windows): a device name, a character Windows refuses, a
/// trailing dot or space. `None` for a name that works everywhere.
pub fn windows_problem(part: &str) -> Option<&'static str> {
    if is_reserved(part) {
        return Some("is a device name on Windows (con, prn, aux, nul, com1…, lpt1…)");
    }
    if part
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\'))
    {
        return Some(
            "holds a character Windows refuses in file names (< > : \" | ? * \\ or a control character)",
        );
    }
    if part.ends_with(['.', ' ']) {
        return Some("ends with a dot or a space, which Windows drops");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_are_reserved_with_any_extension_and_case() {
        for name in [
            "con",
            "CON",
            "aux.toml",
            "nul.txt",
            "com1",
            "LPT9.xlsx",
            "prn ",
            "com¹",
        ] {
            assert!(is_reserved(name), "{name}");
        }
        for name in [
            "console",
            "com",
            "com10",
            "lpt",
            "auxiliary",
            "nul-1",
            "icon",
        ] {
            assert!(!is_reserved(name), "{name}");
        }
    }

    #[test]
    fn a_part_is_a_short_lowercase_slug() {
        assert_eq!(check_part("prevent-duty-2"), Ok(()));
        assert_eq!(check_part(""), Err(NameProblem::Empty));
        assert_eq!(check_part(".."), Err(NameProblem::Dots));
        assert_eq!(check_part("a:b"), Err(NameProblem::NotSlug));
        assert_eq!(check_part("x."), Err(NameProblem::NotSlug));
        assert_eq!(check_part("Prevent"), Err(NameProblem::NotSlug));
        assert_eq!(check_part("con"), Err(NameProblem::Reserved));
        assert_eq!(check_part(&"a".repeat(60)), Ok(()));
        assert_eq!(check_part(&"a".repeat(61)), Err(NameProblem::TooLong));
    }

    #[test]
    fn made_parts_follow_the_rule() {
        assert_eq!(make_part("ECDC Housing!", 60), "ecdc-housing");
        assert_eq!(make_part("Con", 60), "con-1");
        assert_eq!(make_part("x.", 60), "x");
        assert_eq!(make_part("a:b", 60), "a-b");
        assert_eq!(make_part("…", 60), "");
        assert_eq!(make_part(&"a".repeat(300), 60), "a".repeat(60));
        assert_eq!(make_part("one two three", 9), "one-two");
        let long = "word ".repeat(100);
        let made = make_part(&long, 60);
        assert!(made.len() <= 60 && !made.ends_with('-'), "{made}");
        for text in ["con", "COM1", "aux", "a b c", "nul", "lpt3"] {
            for max in 1..=60 {
                let made = make_part(text, max);
                assert!(made.len() <= max.max(1), "{text} {max} {made}");
                assert!(!is_reserved(&made), "{text} {max} {made}");
            }
        }
    }

    #[test]
    fn outside_text_that_climbs_or_is_absolute_is_refused() {
        for text in [
            "../x",
            "a/../../b",
            "/etc/passwd",
            "\\x",
            "C:\\x",
            "c:x",
            "..\\..\\x",
            ".",
        ] {
            assert!(PlanPath::from_text(text).is_err(), "{text}");
        }
        assert_eq!(PlanPath::from_text("").unwrap_err(), NameProblem::Empty);
        assert_eq!(PlanPath::from_text("a/ / ").unwrap().path.as_str(), "a");
        assert_eq!(
            PlanPath::from_text("a/ /…").unwrap_err(),
            NameProblem::NotSlug
        );
        assert_eq!(
            PlanPath::from_text("///").unwrap_err(),
            NameProblem::Absolute
        );
        // A drive-relative path on Windows, not an id with a colon.
        assert_eq!(
            PlanPath::from_text("a:b").unwrap_err(),
            NameProblem::Absolute
        );
        assert_eq!(
            PlanPath::from_text("…/x").unwrap_err(),
            NameProblem::NotSlug
        );
    }

    #[test]
    fn outside_text_is_made_portable_part_by_part() {
        let made = PlanPath::from_text("Duties/Prevent Training").unwrap();
        assert_eq!(made.path.as_str(), "duties/prevent-training");
        assert!(made.changed);
        let made = PlanPath::from_text("duties/prevent").unwrap();
        assert!(!made.changed);
        assert_eq!(PlanPath::from_text("a\\b").unwrap().path.as_str(), "a/b");
        assert_eq!(
            PlanPath::from_text("ab:c/con").unwrap().path.as_str(),
            "ab-c/con-1"
        );
        assert_eq!(PlanPath::from_text("x./y ").unwrap().path.as_str(), "x/y");
        let long = PlanPath::from_text(&"z".repeat(300)).unwrap().path;
        assert_eq!(long.as_str().len(), MAX_PART_CHARS);
    }

    #[test]
    fn a_plan_path_stays_under_its_root() {
        let path = PlanPath::parse("duties/prevent").unwrap();
        assert_eq!(path.action_file(), Path::new("duties").join("prevent.toml"));
        assert_eq!(
            path.under(Path::new("/plan")),
            Path::new("/plan/duties/prevent")
        );
        assert_eq!(path.name(), "prevent");
        assert_eq!(path.parent().unwrap().as_str(), "duties");
        assert!(PlanPath::parse("a/../b").is_err());
        assert!(PlanPath::parse("/a").is_err());
        assert!(path.child("..").is_err());
    }

    #[test]
    fn output_files_are_portable_and_never_shared() {
        assert_eq!(
            output_stems(["ECDC", "police", "con", "a_b"]).unwrap(),
            ["ECDC", "police", "con-1", "a_b"]
        );
        assert_eq!(output_stems(["ECDC", "x", "ecdc"]), Err(("ECDC", "ecdc")));
        assert_eq!(output_stems(["con", "con-1"]), Err(("con", "con-1")));
        assert_eq!(output_stems([&*"k".repeat(70)]).unwrap(), ["k".repeat(60)]);
    }

    #[test]
    fn machine_readable_paths_use_slashes_on_every_platform() {
        assert_eq!(
            to_slashes("plan\\duties/prevent.toml", '\\'),
            "plan/duties/prevent.toml"
        );
        assert_eq!(to_slashes("plan/a\\b.toml", '/'), "plan/a\\b.toml");
        assert_eq!(
            slashed(&Path::new("plan").join("a").join("b.toml")),
            "plan/a/b.toml"
        );
    }

    #[test]
    fn names_that_break_a_windows_clone_are_found() {
        assert!(windows_problem("con.toml").is_some());
        assert!(windows_problem("a:b.toml").is_some());
        assert!(windows_problem("x.").is_some());
        assert!(windows_problem("x ").is_some());
        assert!(windows_problem("Annual_Report.toml").is_none());
        assert!(windows_problem("ECDC").is_none());
    }
}
