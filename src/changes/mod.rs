//! What changed in the plan between two points of its history, read as
//! actions rather than lines: added, removed, moved, and field by field,
//! with how often each deadline was pushed back on the way.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::{Due, uk_date};
use crate::git::{Commit, FileChange, Repo, Step};
use crate::load::{self, MANIFEST_FILE};
use crate::model::{Action, ActionId, Manifest, Update, owned};
use crate::schedule::{describe_span, next_due};

/// The plan at one point: its manifest and actions in plan order.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub manifest: Option<Manifest>,
    pub actions: Vec<Action>,
    /// Action files that could not be read as actions at all.
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
            unreadable: Vec::new(),
        }
    }

    fn get(&self, id: &ActionId) -> Option<&Action> {
        self.actions.iter().find(|a| &a.id == id)
    }
}

/// Whether a file in the plan's tree is the manifest or an action file, by
/// the loader's rules: `.toml`, and nothing hidden on the way.
fn is_plan_file(path: &str) -> bool {
    path.ends_with(".toml") && !path.split('/').any(|part| part.starts_with('.'))
}

fn text_of(bytes: Vec<u8>) -> Option<Arc<str>> {
    String::from_utf8(bytes).ok().map(Arc::from)
}

fn parse_action(path: &str, bytes: Vec<u8>) -> Option<Action> {
    let text = text_of(bytes)?;
    let id = ActionId::from_relative_path(Path::new(path));
    load::parse_action(&text, Path::new(path), id).action
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

    /// "v1 (3f2a1b9, 15 Oct 2023)", "the last commit before 1 Sep 2023
    /// (e855737, 1 Aug 2023)", "now (commit 9c8d7e6 of 15 Jan 2024)".
    pub fn describe(&self) -> String {
        let short = self.commit.get(..7).unwrap_or(&self.commit);
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

/// An action as listed among the added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionRef {
    pub id: String,
    pub title: String,
    pub lead: Vec<String>,
    /// Its due date as officers read it.
    pub due: Option<String>,
}

impl ActionRef {
    fn of(action: &Action) -> Self {
        Self {
            id: action.id.to_string(),
            title: action.title.to_string(),
            lead: owned(&action.lead),
            due: due_text(action),
        }
    }
}

/// One field's change, with both sides as a person reads them (`None`
/// where the field was not set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    /// A reading of the change: "pushed back 3 months", "handed from … to …".
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub id: String,
    pub title: String,
    pub changes: Vec<FieldChange>,
    /// Progress updates that were not there before.
    pub new_updates: Vec<Update>,
    /// Times its deadline was pushed back over the range.
    pub slips: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub from: String,
    pub to: String,
    pub title: String,
    pub changes: Vec<FieldChange>,
    pub new_updates: Vec<Update>,
}

/// An action whose deadline was pushed back at least once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slipping {
    pub id: String,
    pub title: String,
    pub slips: u32,
    /// Its due dates in turn, first to last.
    pub dues: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    pub from: Point,
    pub to: Point,
    pub added: Vec<ActionRef>,
    pub removed: Vec<ActionRef>,
    pub moved: Vec<Moved>,
    pub changed: Vec<Changed>,
    /// Most slipped first.
    pub slipping: Vec<Slipping>,
    /// Files that could not be read as actions at either end.
    pub unreadable: Vec<String>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

/// The plan's changes from `from` to `to`, with deadline slips counted over
/// `steps` (the commits in between) and, where `to` is the working tree
/// with uncommitted edits, over the step from `head` to it.
pub fn compare(
    repo: &Repo,
    from: Point,
    to: Point,
    old: &Snapshot,
    new: &Snapshot,
    head: Option<&Snapshot>,
) -> anyhow::Result<ChangeSet> {
    let from_commit = Commit {
        hash: from.commit.clone(),
        date: from.date,
    };
    let to_commit = Commit {
        hash: to.commit.clone(),
        date: to.date,
    };
    let steps = repo.steps(&from_commit, &to_commit)?;
    let mut slips = track_steps(repo, &steps)?;
    if let Some(head) = head {
        slips.step(head, new);
    }
    let mut set = diff(old, new, from, to);
    for changed in &mut set.changed {
        changed.slips = slips.count(&changed.id);
    }
    set.slipping = slips.slipping(new);
    Ok(set)
}

/// The differences between two snapshots, without history: slips are left
/// at zero for [`compare`] to count.
pub fn diff(old: &Snapshot, new: &Snapshot, from: Point, to: Point) -> ChangeSet {
    let manifest = new.manifest.as_ref().or(old.manifest.as_ref());
    let mut removed: Vec<&Action> = old
        .actions
        .iter()
        .filter(|a| new.get(&a.id).is_none())
        .collect();
    let mut added: Vec<&Action> = new
        .actions
        .iter()
        .filter(|a| old.get(&a.id).is_none())
        .collect();
    let pairs = match_moves(&mut removed, &mut added);
    let moved = pairs
        .into_iter()
        .map(|(before, after)| Moved {
            from: before.id.to_string(),
            to: after.id.to_string(),
            title: after.title.to_string(),
            changes: field_changes(before, after, manifest),
            new_updates: new_updates(before, after),
        })
        .collect();
    let changed = new
        .actions
        .iter()
        .filter_map(|after| {
            let before = old.get(&after.id)?;
            let changes = field_changes(before, after, manifest);
            let new_updates = new_updates(before, after);
            (!changes.is_empty() || !new_updates.is_empty()).then(|| Changed {
                id: after.id.to_string(),
                title: after.title.to_string(),
                changes,
                new_updates,
                slips: 0,
            })
        })
        .collect();
    let mut unreadable: Vec<String> = old
        .unreadable
        .iter()
        .chain(&new.unreadable)
        .cloned()
        .collect();
    unreadable.sort();
    unreadable.dedup();
    ChangeSet {
        from,
        to,
        added: added.into_iter().map(ActionRef::of).collect(),
        removed: removed.into_iter().map(ActionRef::of).collect(),
        moved,
        changed,
        slipping: Vec::new(),
        unreadable,
    }
}

/// Pairs a removed action with an added one that says the same thing: the
/// same description, else the same title. Paired actions leave both lists.
fn match_moves<'a>(
    removed: &mut Vec<&'a Action>,
    added: &mut Vec<&'a Action>,
) -> Vec<(&'a Action, &'a Action)> {
    let mut pairs = Vec::new();
    let same_description = |a: &Action, b: &Action| a.description.trim() == b.description.trim();
    let same_title = |a: &Action, b: &Action| a.title.trim() == b.title.trim();
    for same in [
        &same_description as &dyn Fn(&Action, &Action) -> bool,
        &same_title,
    ] {
        let mut index = 0;
        while index < removed.len() {
            if let Some(position) = added.iter().position(|a| same(removed[index], a)) {
                pairs.push((removed.remove(index), added.remove(position)));
            } else {
                index += 1;
            }
        }
    }
    pairs.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    pairs
}

fn due_text(action: &Action) -> Option<String> {
    match action.due {
        Some(due) => Some(due.uk()),
        None => next_due(action).map(uk_date),
    }
}

fn list<S: std::borrow::Borrow<str>>(items: &[S]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}

fn lead_names(keys: &[Arc<str>], manifest: Option<&Manifest>) -> String {
    keys.iter()
        .map(|key| {
            manifest
                .and_then(|m| m.lead(key))
                .map_or(&**key, |lead| lead.name.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Field by field, in the plan format's field order.
fn field_changes(before: &Action, after: &Action, manifest: Option<&Manifest>) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut push =
        |field: &'static str, b: Option<String>, a: Option<String>, note: Option<String>| {
            if b != a {
                changes.push(FieldChange {
                    field,
                    before: b,
                    after: a,
                    note,
                });
            }
        };
    push(
        "title",
        Some(before.title.to_string()),
        Some(after.title.to_string()),
        None,
    );
    push(
        "description",
        Some(before.description.to_string()),
        Some(after.description.to_string()),
        None,
    );
    let lead_note = (!before.lead.is_empty() && !after.lead.is_empty()).then(|| {
        format!(
            "handed from {} to {}",
            lead_names(&before.lead, manifest),
            lead_names(&after.lead, manifest)
        )
    });
    push("lead", list(&before.lead), list(&after.lead), lead_note);
    push(
        "partners",
        list(&before.partners),
        list(&after.partners),
        None,
    );
    push(
        "contacts",
        list(&before.contacts),
        list(&after.contacts),
        None,
    );
    let priorities = |p: &[u32]| list(&p.iter().map(u32::to_string).collect::<Vec<_>>());
    push(
        "priority",
        priorities(&before.priority),
        priorities(&after.priority),
        None,
    );
    push(
        "timescale",
        before.timescale.as_deref().map(String::from),
        after.timescale.as_deref().map(String::from),
        None,
    );
    let due_note = match (before.due, after.due) {
        (Some(b), Some(a)) if a.date() > b.date() => {
            // A recurring action done again moves on by itself: not a slip.
            let done_again = after.every.is_some() && before.completed != after.completed;
            Some(if done_again {
                "done, so on to the next occurrence".to_string()
            } else {
                format!("pushed back {}", due_distance(b, a))
            })
        }
        (Some(b), Some(a)) if a.date() < b.date() => {
            Some(format!("brought forward {}", due_distance(a, b)))
        }
        _ => None,
    };
    push(
        "due",
        before.due.map(|d| d.uk()),
        after.due.map(|d| d.uk()),
        due_note,
    );
    push(
        "every",
        before.every.map(|p| p.every_text()),
        after.every.map(|p| p.every_text()),
        None,
    );
    push(
        "status",
        Some(before.status.to_string()),
        Some(after.status.to_string()),
        None,
    );
    push(
        "rag",
        before.rag.map(|r| r.to_string()),
        after.rag.map(|r| r.to_string()),
        None,
    );
    push(
        "completed",
        before.completed.map(uk_date),
        after.completed.map(uk_date),
        None,
    );
    push("tags", list(&before.tags), list(&after.tags), None);
    for update in &before.updates {
        if !after.updates.contains(update) {
            push(
                "update",
                Some(format!("{}: {}", uk_date(update.date), update.text)),
                None,
                Some("removed or reworded".into()),
            );
        }
    }
    changes
}

/// How far apart two due dates are: in months when both are months
/// ("3 months"), else as [`describe_span`] says it.
fn due_distance(earlier: Due, later: Due) -> String {
    match (earlier, later) {
        (Due::Month(a), Due::Month(b)) => {
            let months = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
                - i64::from(a.month());
            if months == 1 {
                "1 month".into()
            } else {
                format!("{months} months")
            }
        }
        _ => describe_span((later.date() - earlier.date()).num_days()),
    }
}

fn new_updates(before: &Action, after: &Action) -> Vec<Update> {
    after
        .updates
        .iter()
        .filter(|update| !before.updates.contains(update))
        .cloned()
        .collect()
}

/// Whether moving from `before` to `after` pushed the deadline back. A
/// recurring action whose due moves on because it was done (`completed`
/// changed too) has not slipped.
pub fn slipped(before: &Action, after: &Action) -> bool {
    match (next_due(before), next_due(after)) {
        (Some(b), Some(a)) => a > b && before.completed == after.completed,
        _ => false,
    }
}

/// Due-date history per action id, built commit by commit.
#[derive(Debug, Default)]
struct Slips {
    by_id: BTreeMap<String, Track>,
}

#[derive(Debug, Default)]
struct Track {
    slips: u32,
    dues: Vec<String>,
}

impl Slips {
    fn count(&self, id: &str) -> u32 {
        self.by_id.get(id).map_or(0, |track| track.slips)
    }

    fn record(&mut self, before: &Action, after: &Action) {
        let (b, a) = (due_text(before), due_text(after));
        if b == a {
            return;
        }
        let mut track = self.by_id.remove(before.id.as_str()).unwrap_or_default();
        if track.dues.is_empty()
            && let Some(b) = b
        {
            track.dues.push(b);
        }
        if let Some(a) = a {
            track.dues.push(a);
        }
        if slipped(before, after) {
            track.slips += 1;
        }
        self.by_id.insert(after.id.to_string(), track);
    }

    /// One commit's worth of change between two sets of the same files.
    fn step_actions(&mut self, before: &[Action], after: &[Action]) {
        let mut gone: Vec<&Action> = Vec::new();
        for old in before {
            match after.iter().find(|a| a.id == old.id) {
                Some(new) => self.record(old, new),
                None => gone.push(old),
            }
        }
        let mut arrived: Vec<&Action> = after
            .iter()
            .filter(|a| !before.iter().any(|b| b.id == a.id))
            .collect();
        for (old, new) in match_moves(&mut gone, &mut arrived) {
            self.record(old, new);
            // A move with no due change still carries the history along.
            if let Some(track) = self.by_id.remove(old.id.as_str()) {
                self.by_id.entry(new.id.to_string()).or_insert(track);
            }
        }
    }

    fn step(&mut self, before: &Snapshot, after: &Snapshot) {
        self.step_actions(&before.actions, &after.actions);
    }

    /// Slipped actions that still exist in `end`, most slipped first, then
    /// in plan order.
    fn slipping(&self, end: &Snapshot) -> Vec<Slipping> {
        let mut slipping: Vec<Slipping> = end
            .actions
            .iter()
            .filter_map(|action| {
                let track = self.by_id.get(action.id.as_str())?;
                (track.slips > 0).then(|| Slipping {
                    id: action.id.to_string(),
                    title: action.title.to_string(),
                    slips: track.slips,
                    dues: track.dues.clone(),
                })
            })
            .collect();
        slipping.sort_by_key(|s| std::cmp::Reverse(s.slips));
        slipping
    }
}

/// Walks the commits, reading only the files each one touched: before (at
/// its first parent) and after.
fn track_steps(repo: &Repo, steps: &[Step]) -> anyhow::Result<Slips> {
    let parents: Vec<Commit> = steps
        .iter()
        .map(|step| Commit {
            hash: format!("{}^", step.commit.hash),
            date: step.commit.date,
        })
        .collect();
    let mut wanted: Vec<(&Commit, &str)> = Vec::new();
    for (step, parent) in steps.iter().zip(&parents) {
        for (change, path) in step
            .files
            .iter()
            .filter(|(_, p)| is_plan_file(p) && p != MANIFEST_FILE)
        {
            if *change != FileChange::Added {
                wanted.push((parent, path));
            }
            if *change != FileChange::Deleted {
                wanted.push((&step.commit, path));
            }
        }
    }
    let mut contents = repo.read_files(&wanted)?.into_iter();
    let mut slips = Slips::default();
    for step in steps {
        let mut before = Vec::new();
        let mut after = Vec::new();
        for (change, path) in step
            .files
            .iter()
            .filter(|(_, p)| is_plan_file(p) && p != MANIFEST_FILE)
        {
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
        slips.step_actions(&before, &after);
    }
    Ok(slips)
}

/// The plan's changes from `since` (a revision or a day) to `until` (a
/// revision or a day), or to the plan on disk when `until` is `None`.
pub fn from_history(
    loaded: &load::Loaded,
    since: &str,
    until: Option<&str>,
) -> anyhow::Result<ChangeSet> {
    let repo = Repo::discover(&loaded.plan.root)?;
    let from_commit = repo.resolve(since)?;
    let from = Point::at(since, &from_commit);
    let (to, to_commit) = match until {
        Some(until) => {
            let commit = repo.resolve(until)?;
            (Point::at(until, &commit), commit)
        }
        None => {
            let head = repo.resolve("HEAD")?;
            let point = Point {
                label: "working tree".into(),
                commit: head.hash.clone(),
                date: head.date,
                working_tree: true,
                uncommitted: repo.plan_is_dirty()?,
            };
            (point, head)
        }
    };
    if from_commit != to_commit && repo.is_ancestor(&to_commit, &from_commit)? {
        anyhow::bail!(
            "`{}` is older than `{since}`, so there is nothing after one and before the other\nhelp: swap them: --since {} --until {since}",
            until.unwrap_or("HEAD"),
            until.unwrap_or("HEAD")
        );
    }
    let old = Snapshot::at(&repo, &from_commit)?;
    let (new, head) = if to.working_tree {
        let head = if to.uncommitted {
            Some(Snapshot::at(&repo, &to_commit)?)
        } else {
            None
        };
        (Snapshot::of_loaded(loaded), head)
    } else {
        (Snapshot::at(&repo, &to_commit)?, None)
    };
    compare(&repo, from, to, &old, &new, head.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn action(id: &str, text: &str) -> Action {
        let text: Arc<str> = Arc::from(text);
        load::parse_action(
            &text,
            Path::new(id),
            ActionId::from_relative_path(Path::new(id)),
        )
        .action
        .unwrap()
    }

    #[test]
    fn pushed_back_is_a_slip_but_done_again_is_not() {
        let base = "title = \"T\"\ndescription = \"D\"\nlead = [\"L\"]\nevery = \"month\"\n";
        let before = action("a.toml", &format!("{base}due = \"2024-01\"\n"));
        let later = action("a.toml", &format!("{base}due = \"2024-02\"\n"));
        let done = action(
            "a.toml",
            &format!("{base}due = \"2024-02\"\ncompleted = 2024-01-20\n"),
        );
        let sooner = action("a.toml", &format!("{base}due = \"2023-12\"\n"));
        assert!(slipped(&before, &later));
        assert!(!slipped(&before, &done));
        assert!(!slipped(&before, &sooner));
        assert!(!slipped(&before, &before));
    }

    #[test]
    fn moves_match_by_description_then_title() {
        let old_a = action(
            "s/a.toml",
            "title = \"A\"\ndescription = \"Same words\"\nlead = [\"L\"]\n",
        );
        let old_b = action(
            "s/b.toml",
            "title = \"B\"\ndescription = \"Old words\"\nlead = [\"L\"]\n",
        );
        let new_x = action(
            "t/x.toml",
            "title = \"Renamed\"\ndescription = \"Same words\"\nlead = [\"L\"]\n",
        );
        let new_y = action(
            "t/y.toml",
            "title = \"B\"\ndescription = \"New words\"\nlead = [\"L\"]\n",
        );
        let new_z = action(
            "t/z.toml",
            "title = \"Z\"\ndescription = \"Z\"\nlead = [\"L\"]\n",
        );
        let mut removed = vec![&old_a, &old_b];
        let mut added = vec![&new_x, &new_y, &new_z];
        let pairs: Vec<(String, String)> = match_moves(&mut removed, &mut added)
            .into_iter()
            .map(|(a, b)| (a.id.to_string(), b.id.to_string()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("s/a".to_string(), "t/x".to_string()),
                ("s/b".to_string(), "t/y".to_string())
            ]
        );
        assert!(removed.is_empty());
        assert_eq!(added.len(), 1);
    }

    #[test]
    fn month_dues_differ_in_months() {
        let due = |t| crate::dates::parse_due(t).unwrap();
        assert_eq!(due_distance(due("2023-08"), due("2023-09")), "1 month");
        assert_eq!(due_distance(due("2023-09"), due("2024-03")), "6 months");
        assert_eq!(
            due_distance(due("2023-09-01"), due("2023-09-15")),
            "2 weeks"
        );
    }
}
