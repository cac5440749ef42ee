//! Names a plan made on Linux can hold that break a colleague's Windows
//! clone (Git for Windows cannot check them out, or two become one): a
//! device name (`con.toml`), a character Windows refuses (`a:b.toml`), a
//! trailing dot or space, directories or lead keys that differ only by
//! letter case, and paths too long for a synced folder. Warnings: the plan
//! works here, and the fix is a rename. The rule for names csp makes
//! itself is [`crate::portable`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::MANIFEST_FILE;
use crate::model::{Action, Plan, shown_path};
use crate::portable::{MAX_PLAN_PATH_CHARS, windows_problem};

pub(super) fn check(plan: &Plan, actions: &[&Action]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let manifest_file = shown_path(&plan.root, Path::new(MANIFEST_FILE));
    // Each directory once, with the first action file in it: a bad
    // section name is one problem, not one per action beneath it.
    let mut directories: BTreeMap<&str, &Action> = BTreeMap::new();
    for action in actions {
        let id = action.id.as_str();
        let mut end = 0;
        while let Some(slash) = id[end..].find('/') {
            end += slash;
            directories.entry(&id[..end]).or_insert(action);
            end += 1;
        }
        if plain(id) && id.len() + ".toml".len() <= MAX_PLAN_PATH_CHARS {
            continue;
        }
        let file = plan.file_of(action);
        let name = format!("{}.toml", id.rsplit('/').next().unwrap_or(id));
        if let Some(problem) = windows_problem(&name) {
            diagnostics.push(
                Diagnostic::warning(Code::NotPortable, format!("the file name `{name}` {problem}"))
                    .in_file(&file)
                    .help("rename the file (`git mv`) to lowercase letters, digits and '-', so the plan can be checked out on Windows"),
            );
        }
        let length = id.chars().count() + ".toml".len();
        if length > MAX_PLAN_PATH_CHARS {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NotPortable,
                    format!("the path `{id}.toml` is {length} characters from the plan root, over {MAX_PLAN_PATH_CHARS}"),
                )
                .in_file(&file)
                .help("shorten the file or section name: Windows refuses paths over 260 characters, and a synced folder takes about 130 of them before the plan starts"),
            );
        }
    }
    let mut folded_directories: HashMap<String, &str> = HashMap::new();
    for (directory, first) in &directories {
        let name = directory.rsplit('/').next().unwrap_or(directory);
        let at = |diagnostic: Diagnostic| match plan.manifest.spans.sections.get(*directory) {
            Some(span) => diagnostic.in_file(&manifest_file).at(span.clone()),
            None => diagnostic.in_file(plan.file_of(first)),
        };
        if let Some(problem) = windows_problem(name) {
            diagnostics.push(at(Diagnostic::warning(
                Code::NotPortable,
                format!("the directory name `{name}` (in `{directory}`) {problem}"),
            )
            .help("rename the directory (`git mv`) and its key in csp.toml's [sections] to lowercase letters, digits and '-'")));
        }
        if let Some(other) = folded_directories.insert(directory.to_lowercase(), directory) {
            diagnostics.push(at(Diagnostic::warning(
                Code::NotPortable,
                format!("the directories `{other}` and `{directory}` differ only by letter case: on Windows and macOS they are one directory"),
            )
            .help("move the actions of one into the other, or rename one")));
        }
    }
    let mut folded_keys: HashMap<String, &str> = HashMap::new();
    for lead in &plan.manifest.leads {
        if let Some(problem) = windows_problem(&lead.key) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NotPortable,
                    format!(
                        "the lead key `{}` {problem}: `csp chase -o` names its files after it",
                        lead.key
                    ),
                )
                .in_file(&manifest_file)
                .help("csp writes that lead's files under another name; rename the key if you can"),
            );
        }
        if let Some(other) = folded_keys.insert(lead.key.to_lowercase(), &lead.key) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NotPortable,
                    format!("the lead keys `{other}` and `{}` differ only by letter case: their files from `csp chase -o` would be one on Windows and macOS, and people cannot tell them apart", lead.key),
                )
                .in_file(&manifest_file)
                .help("rename one of them in [leads] and in the actions that name it"),
            );
        }
    }
    diagnostics
}

/// An id of lowercase letters, digits, `-` and `_` in parts that are not
/// device names: what nearly every plan holds, checked without copies.
fn plain(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'/'))
        && id
            .split('/')
            .all(|part| !crate::portable::is_reserved(part))
}
