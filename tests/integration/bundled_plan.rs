//! The bundled plan (`plan/`) is a transcription of the East Cambridgeshire
//! CSP action plan. These tests keep it faithful to the source text in
//! `tests/fixtures/source/`:
//!
//! * `actions.txt` lists, one per line, the source's wording of every action;
//!   each line must occur in the source and be the description of exactly one
//!   plan file, and every plan file's description must be in the list;
//! * the number of actions per section is pinned, so an action cannot be lost
//!   or moved without the table below being updated on purpose.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

const SOURCE: &str = "tests/fixtures/source/east-cambs-csp-action-plan.txt";
const ACTIONS: &str = "tests/fixtures/source/actions.txt";

/// Actions expected in each section directory (relative to `plan/`).
#[rustfmt::skip]
const EXPECTED_COUNTS: &[(&str, usize)] = &[
    ("statutory-duties/strategic-assessment", 1),
    ("statutory-duties/domestic-homicide-reviews", 4),
    ("statutory-duties/domestic-abuse-bill", 5),
    ("statutory-duties/prevent-duty", 14),
    ("statutory-duties/community-safety-action-plan", 1),
    ("statutory-duties/information-sharing-protocol", 3),
    ("statutory-duties/reduce-reoffending-plan", 1),
    ("statutory-duties/serious-violence-duty", 2),
    ("additional-csp-activities/greater-understanding-needed-locally", 9),
    ("additional-csp-activities/prioritising-high-risk-and-vulnerability", 4),
    ("additional-csp-activities/prioritising-high-harm-issues", 1),
    ("additional-csp-activities/putting-communities-first-grant-agreement", 1),
    ("additional-csp-activities/violence-against-women-and-girls", 1),
    ("additional-csp-activities/local-businesses", 1),
    ("additional-csp-activities/community-safety-forums", 1),
    ("additional-csp-activities/awareness-raising-and-communications", 5),
    ("additional-csp-activities/community-eyes-and-ears", 1),
    ("additional-csp-activities/hate-crime-incidents", 1),
    ("additional-csp-activities/bame-communities", 1),
    ("additional-csp-activities/young-people", 8),
    ("additional-csp-activities/drink-spiking", 2),
    ("additional-csp-activities/drugs-and-alcohol", 1),
    ("additional-csp-activities/mental-health", 1),
    ("additional-csp-activities/rural-and-acquisitive-crime", 3),
    ("additional-csp-activities/exploitation", 1),
    ("additional-csp-activities/cybercrime-and-fraud", 2),
    ("additional-csp-activities/knife-crime", 1),
    ("additional-csp-activities/youth", 1),
    ("additional-csp-activities/building-caring-communities", 1),
];

const EXPECTED_TOTAL: usize = 78;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plan_root() -> PathBuf {
    manifest_dir().join("plan")
}

fn read(relative: &str) -> String {
    let path = manifest_dir().join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source text as one whitespace-normalised string.
///
/// The PDF's three-column SMART-target tables were extracted as tab-separated
/// rows ("target text<TAB>Priority 1<TAB>March 2024"), which interleaves the
/// target's wrapped lines with the other columns. Only the first column, the
/// SMART target itself, is kept from such rows, so that a target's wording
/// reads contiguously; lines without a tab are kept whole.
fn normalised_source() -> String {
    let source = read(SOURCE);
    let first_columns: Vec<&str> = source
        .lines()
        .map(|line| line.split('\t').next().unwrap_or(""))
        .collect();
    normalise_whitespace(&first_columns.join("\n"))
}

/// The lines of `actions.txt`.
fn listed_actions() -> Vec<String> {
    read(ACTIONS)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

struct PlanAction {
    /// Path under `plan/` without `.toml`, e.g. `statutory-duties/prevent-duty/channel-referrals`.
    id: String,
    /// Directory of the action under `plan/`.
    section: String,
    description: String,
}

/// Every action file under `plan/` (every `.toml` file but the manifest).
fn plan_actions() -> Vec<PlanAction> {
    let root = plan_root();
    let manifest = root.join("csp.toml");
    let mut actions = Vec::new();
    // Like csp itself, pass over hidden files and directories.
    let walker = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.expect("walk plan/");
        let path = entry.path();
        if !entry.file_type().is_file()
            || path == manifest
            || path.extension().is_none_or(|ext| ext != "toml")
        {
            continue;
        }
        let relative = path.strip_prefix(&root).unwrap();
        let id = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let section = id
            .rsplit_once('/')
            .map(|(dir, _)| dir.to_owned())
            .unwrap_or_default();
        let text = fs::read_to_string(path).unwrap();
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{id}: invalid TOML: {e}"));
        let description = table
            .get("description")
            .and_then(toml::Value::as_str)
            .unwrap_or_else(|| panic!("{id}: no description string"))
            .to_owned();
        actions.push(PlanAction {
            id,
            section,
            description,
        });
    }
    actions
}

#[test]
fn actions_list_is_whitespace_normalised_and_unique() {
    let listed = listed_actions();
    let mut seen = BTreeMap::new();
    for (index, line) in listed.iter().enumerate() {
        assert_eq!(
            *line,
            normalise_whitespace(line),
            "actions.txt line {} is not whitespace-normalised",
            index + 1
        );
        if let Some(first) = seen.insert(line.as_str(), index + 1) {
            panic!("actions.txt lines {first} and {} are the same", index + 1);
        }
    }
}

#[test]
fn every_listed_action_occurs_in_the_source() {
    let source = normalised_source();
    let missing: Vec<String> = listed_actions()
        .into_iter()
        .filter(|line| !source.contains(line.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "lines of actions.txt not found in the source text:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_listed_action_is_the_description_of_exactly_one_plan_file() {
    let actions = plan_actions();
    let mut problems = Vec::new();
    for line in listed_actions() {
        let ids: Vec<&str> = actions
            .iter()
            .filter(|action| action.description == line)
            .map(|action| action.id.as_str())
            .collect();
        if ids.len() != 1 {
            problems.push(format!(
                "{} plan files {ids:?} have the description: {line}",
                ids.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_plan_description_is_a_listed_action() {
    let listed = listed_actions();
    let unlisted: Vec<String> = plan_actions()
        .into_iter()
        .filter(|action| !listed.contains(&action.description))
        .map(|action| format!("{}: {}", action.id, action.description))
        .collect();
    assert!(
        unlisted.is_empty(),
        "plan descriptions missing from actions.txt:\n{}",
        unlisted.join("\n")
    );
}

#[test]
fn actions_per_section_match_the_source() {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    let actions = plan_actions();
    for action in &actions {
        *found.entry(action.section.clone()).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = EXPECTED_COUNTS
        .iter()
        .map(|&(section, count)| (section.to_owned(), count))
        .collect();
    let sections: std::collections::BTreeSet<&String> =
        found.keys().chain(expected.keys()).collect();
    let mismatches: Vec<String> = sections
        .into_iter()
        .filter(|section| found.get(*section) != expected.get(*section))
        .map(|section| {
            format!(
                "{section}: expected {}, found {}",
                expected.get(section).copied().unwrap_or(0),
                found.get(section).copied().unwrap_or(0)
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "actions per section directory differ from the table:\n{}",
        mismatches.join("\n")
    );
    assert_eq!(actions.len(), EXPECTED_TOTAL, "total number of actions");
    assert_eq!(
        expected.values().sum::<usize>(),
        EXPECTED_TOTAL,
        "the expected table adds up to the total"
    );
    assert_eq!(
        listed_actions().len(),
        EXPECTED_TOTAL,
        "lines in actions.txt"
    );
}
