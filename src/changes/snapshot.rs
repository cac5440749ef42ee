//! Reading the plan as it stood at a point of its git history: every file
//! at one commit, or only the files each commit of a walk touched. This is
//! the only part of `changes` that asks git.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::uk_date;
use crate::git::{Commit, FileChange, Repo, Step};
use crate::load::{self, MANIFEST_FILE};
use crate::model::{Action, ActionId, MEASURES_DIR, Manifest, Measure};

/// The plan at one point: its manifest and actions in plan order.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub manifest: Option<Manifest>,
    pub actions: Vec<Action>,
    /// Its measures, in file order.
    pub measures: Vec<Measure>,
    /// Action or measure files that could not be read at all.
    pub unreadable: Vec<String>,
}

impl Snapshot {
    /// The plan as it was at `commit`.
    pub fn at(repo: &Repo, commit: &Commit) -> anyhow::Result<Self> {
        let files: Vec<String> = repo
            .plan_files(commit)?
            .into_iter()
            .filter(|path| is_plan_file(path))
            .collect();
        let wanted: Vec<(&Commit, &str)> = files.iter().map(|f| (commit, f.as_str())).collect();
        let contents = repo.read_files(&wanted)?;
        let mut snapshot = Snapshot::default();
        for (path, bytes) in files.iter().zip(contents) {
            let Some(bytes) = bytes else { continue };
            if path == MANIFEST_FILE {
                if let Some(text) = text_of(bytes) {
                    snapshot.manifest = load::parse_manifest(&text, Path::new(path)).0;
                }
                continue;
            }
            if let Some(id) = measure_id(path) {
                match text_of(bytes)
                    .and_then(|text| load::parse_measure(&text, Path::new(path), id).measure)
                {
                    Some(measure) => snapshot.measures.push(measure),
                    None => snapshot.unreadable.push(path.clone()),
                }
                continue;
            }
            match parse_action(path, bytes) {
                Some(action) => snapshot.actions.push(action),
                None => snapshot.unreadable.push(path.clone()),
            }
        }
        let manifest = snapshot.manifest.clone().unwrap_or_default();
        load::sort_in_plan_order(&mut snapshot.actions, &manifest);
        Ok(snapshot)
    }

    /// The plan as loaded from disk, files with errors included as far as
    /// they were read: a half-edited file still shows what changed in it.
    pub fn of_loaded(loaded: &load::Loaded) -> Self {
        let mut actions: Vec<Action> = loaded.all_actions().cloned().collect();
        load::sort_in_plan_order(&mut actions, &loaded.plan.manifest);
        Self {
            manifest: loaded.has_manifest.then(|| loaded.plan.manifest.clone()),
            actions,
            measures: loaded.plan.measures.clone(),
            unreadable: Vec::new(),
        }
    }

    pub(super) fn get(&self, id: &ActionId) -> Option<&Action> {
        self.actions.iter().find(|a| &a.id == id)
    }
}

/// Whether a file in the plan's tree is the manifest or an action file, by
/// the loader's rules: `.toml`, and nothing hidden on the way.
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "the loader reads `.toml` in that case only, and this must agree with it"
)]
fn is_plan_file(path: &str) -> bool {
    path.ends_with(".toml") && !path.split('/').any(|part| part.starts_with('.'))
}

/// The id of a measure file (`measures/<id>.toml`, as the loader reads
/// them), or `None` for any other file.
fn measure_id(path: &str) -> Option<&str> {
    path.strip_prefix(MEASURES_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".toml")
        .filter(|id| !id.contains('/'))
}

fn text_of(bytes: Vec<u8>) -> Option<Arc<str>> {
    String::from_utf8(bytes).ok().map(Arc::from)
}

fn parse_action(path: &str, bytes: Vec<u8>) -> Option<Action> {
    let text = text_of(bytes)?;
    let id = ActionId::from_relative_path(Path::new(path));
    load::parse_action(&text, Path::new(path), id).action
}

/// The action files a commit touched (not the manifest).
fn touched_actions(step: &Step) -> impl Iterator<Item = &(FileChange, String)> {
    step.files
        .iter()
        .filter(|(_, p)| is_plan_file(p) && p != MANIFEST_FILE && measure_id(p).is_none())
}

/// For each commit of `steps`, the actions in the files it touched, before
/// (at its first parent) and after. The files are read up front from one
/// git process; each commit's are parsed as the walk reaches it.
pub(super) fn step_actions<'a>(
    repo: &Repo,
    steps: &'a [Step],
) -> anyhow::Result<impl Iterator<Item = (Vec<Action>, Vec<Action>)> + 'a> {
    let parents: Vec<Commit> = steps
        .iter()
        .map(|step| Commit {
            hash: format!("{}^", step.commit.hash),
            date: step.commit.date,
        })
        .collect();
    let mut wanted: Vec<(&Commit, &str)> = Vec::new();
    for (step, parent) in steps.iter().zip(&parents) {
        for (change, path) in touched_actions(step) {
            if *change != FileChange::Added {
                wanted.push((parent, path));
            }
            if *change != FileChange::Deleted {
                wanted.push((&step.commit, path));
            }
        }
    }
    let mut contents = repo.read_files(&wanted)?.into_iter();
    Ok(steps.iter().map(move |step| {
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (change, path) in touched_actions(step) {
            if *change != FileChange::Added
                && let Some(action) = contents
                    .next()
                    .flatten()
                    .and_then(|b| parse_action(path, b))
            {
                before.push(action);
            }
            if *change != FileChange::Deleted
                && let Some(action) = contents
                    .next()
                    .flatten()
                    .and_then(|b| parse_action(path, b))
            {
                after.push(action);
            }
        }
        (before, after)
    }))
}

/// One end of the comparison, as shown to people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    /// What the user typed (`v1.2`, `2024-01-15`), or `working tree`.
    pub label: String,
    /// The full commit hash; for the working tree, the commit it is based on.
    pub commit: String,
    pub date: NaiveDate,
    /// The plan on disk rather than a commit.
    pub working_tree: bool,
    /// For the working tree: whether it differs from its commit.
    pub uncommitted: bool,
}

impl Point {
    pub fn at(label: &str, commit: &Commit) -> Self {
        Self {
            label: label.to_string(),
            commit: commit.hash.clone(),
            date: commit.date,
            working_tree: false,
            uncommitted: false,
        }
    }

    /// The commit this point is, or for the working tree is based on.
    pub fn to_commit(&self) -> Commit {
        Commit {
            hash: self.commit.clone(),
            date: self.date,
        }
    }

    /// "v1 (3f2a1b9, 15 Oct 2023)", "the last commit before 1 Sep 2023
    /// (e855737, 1 Aug 2023)", "now (commit 9c8d7e6 of 15 Jan 2024)".
    /// [`Point::describe`] for people who never see a commit: a board pack
    /// names days and meetings, and leaves hashes to its footnote.
    pub fn describe_plainly(&self) -> String {
        let date = uk_date(self.date);
        if self.working_tree {
            return if self.uncommitted {
                "now (with changes not yet committed)".into()
            } else {
                "now".into()
            };
        }
        if let Ok(day) = crate::dates::parse_date(&self.label) {
            return format!("the plan as it stood before {}", uk_date(day));
        }
        if self.commit.starts_with(&self.label) {
            format!("the plan as it stood on {date}")
        } else {
            format!("{} ({date})", self.label)
        }
    }

    pub fn describe(&self) -> String {
        let commit = self.to_commit();
        let short = commit.short();
        let date = uk_date(self.date);
        if self.working_tree {
            let extra = if self.uncommitted {
                " and uncommitted changes"
            } else {
                ""
            };
            return format!("now (commit {short} of {date}{extra})");
        }
        if let Ok(day) = crate::dates::parse_date(&self.label) {
            return format!("the last commit before {} ({short}, {date})", uk_date(day));
        }
        if self.commit.starts_with(&self.label) {
            format!("{short} ({date})")
        } else {
            format!("{} ({short}, {date})", self.label)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str) -> Point {
        let commit = Commit {
            hash: "3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345".into(),
            date: NaiveDate::from_ymd_opt(2023, 10, 15).unwrap(),
        };
        Point::at(label, &commit)
    }

    #[test]
    fn points_describe_themselves_by_what_was_typed() {
        assert_eq!(point("v1").describe(), "v1 (3f2a1b9, 15 Oct 2023)");
        assert_eq!(point("3f2a1b9c").describe(), "3f2a1b9 (15 Oct 2023)");
        assert_eq!(
            point("2023-11-01").describe(),
            "the last commit before 1 Nov 2023 (3f2a1b9, 15 Oct 2023)"
        );
        let mut now = point("working tree");
        now.working_tree = true;
        assert_eq!(now.describe(), "now (commit 3f2a1b9 of 15 Oct 2023)");
        now.uncommitted = true;
        assert_eq!(
            now.describe(),
            "now (commit 3f2a1b9 of 15 Oct 2023 and uncommitted changes)"
        );
    }

    #[test]
    fn plan_files_are_visible_toml() {
        assert!(is_plan_file("csp.toml"));
        assert!(is_plan_file("youth/diversion.toml"));
        assert!(!is_plan_file("youth/notes.md"));
        assert!(!is_plan_file(".git/config.toml"));
        assert!(!is_plan_file("youth/.draft.toml"));
        assert_eq!(measure_id("measures/asb.toml"), Some("asb"));
        assert_eq!(measure_id("measures/old/asb.toml"), None);
        assert_eq!(measure_id("youth/measures.toml"), None);
    }
}
