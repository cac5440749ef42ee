//! The differences between two snapshots of the plan, read as actions:
//! added, removed, moved, and field by field. Pure: no git, no I/O.

use std::sync::Arc;

use serde::Serialize;

use super::measures::MeasureChanges;
use super::moves::match_moves;
use super::slips::{Slipping, due_text};
use super::snapshot::{Point, Snapshot};
use crate::dates::{Due, uk_date};
use crate::model::{Action, Manifest, Update, owned};
use crate::plural;
use crate::schedule::describe_span;

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
    /// Files that could not be read as actions or measures at either end.
    pub unreadable: Vec<String>,
    /// Measures added and removed, figures recorded and revised, targets.
    pub measures: MeasureChanges,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
            && self.measures.is_empty()
    }

    /// Whether no action was added, removed, moved or changed.
    pub fn actions_unchanged(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

/// The differences between two snapshots, without history: slips are left
/// at zero for [`compare`](super::compare) to count.
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
        measures: super::measures::diff(&old.measures, &new.measures),
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
        before.due.map(super::super::dates::Due::uk),
        after.due.map(super::super::dates::Due::uk),
        due_note,
    );
    push(
        "every",
        before.every.map(super::super::dates::Period::every_text),
        after.every.map(super::super::dates::Period::every_text),
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

/// How far apart two due dates are: in their own unit when both are
/// written in the same span form ("3 months", "2 quarters", "1 year"),
/// else as [`describe_span`] says it.
fn due_distance(earlier: Due, later: Due) -> String {
    match (
        earlier.last_month(),
        later.last_month(),
        earlier.span_months(),
    ) {
        (Some(a), Some(b), Some(span)) if earlier.precision() == later.precision() => {
            let months = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
                - i64::from(a.month());
            let count = months / i64::from(span);
            let unit = earlier.precision().unit();
            format!(
                "{count} {unit}{}",
                plural::suffix(count.unsigned_abs().try_into().unwrap_or(usize::MAX))
            )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{Period, parse_date, parse_due};

    /// An action with the given id, title and description.
    fn action(id: &str, title: &str, description: &str) -> Action {
        let mut action = Action::for_test(id);
        action.title = title.into();
        action.description = description.into();
        action
    }

    #[allow(clippy::unnecessary_wraps, reason = "it fills an Option<Due> field")]
    fn due(text: &str) -> Option<Due> {
        Some(parse_due(text).unwrap())
    }

    fn snapshot(actions: Vec<Action>) -> Snapshot {
        Snapshot {
            manifest: None,
            actions,
            measures: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    fn point(label: &str) -> Point {
        Point {
            label: label.into(),
            commit: format!("{label}0000000"),
            date: parse_date("2024-01-15").unwrap(),
            working_tree: false,
            uncommitted: false,
        }
    }

    fn ids(refs: &[ActionRef]) -> Vec<&str> {
        refs.iter().map(|r| r.id.as_str()).collect()
    }

    fn change(
        field: &'static str,
        before: Option<&str>,
        after: Option<&str>,
        note: Option<&str>,
    ) -> FieldChange {
        FieldChange {
            field,
            before: before.map(String::from),
            after: after.map(String::from),
            note: note.map(String::from),
        }
    }

    #[test]
    fn moves_match_by_description_then_title() {
        let old_a = action("s/a", "A", "Same words");
        let old_b = action("s/b", "B", "Old words");
        let new_x = action("t/x", "Renamed", "Same words");
        let new_y = action("t/y", "B", "New words");
        let new_z = action("t/z", "Z", "Z");
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
    fn quarter_and_year_dues_differ_in_their_own_units() {
        let distance =
            |a: &str, b: &str| due_distance(parse_due(a).unwrap(), parse_due(b).unwrap());
        assert_eq!(distance("Q3 2023/24", "Q1 2024/25"), "2 quarters");
        assert_eq!(distance("Q4 2023/24", "Q1 2024/25"), "1 quarter");
        assert_eq!(distance("2023/24", "2025/26"), "2 years");
        assert_eq!(distance("Q4 2023/24", "2024-06"), "3 months");
    }

    #[test]
    fn month_dues_differ_in_months() {
        let due = |t| parse_due(t).unwrap();
        assert_eq!(due_distance(due("2023-08"), due("2023-09")), "1 month");
        assert_eq!(due_distance(due("2023-09"), due("2024-03")), "6 months");
        assert_eq!(
            due_distance(due("2023-09-01"), due("2023-09-15")),
            "2 weeks"
        );
    }

    #[test]
    fn no_change_is_an_empty_set() {
        let plan = || snapshot(vec![action("s/a", "A", "Words")]);
        let set = diff(&plan(), &plan(), point("v1"), point("v2"));
        assert!(set.is_empty());
        assert_eq!(set.from, point("v1"));
        assert_eq!(set.to, point("v2"));
    }

    #[test]
    fn actions_are_added_removed_moved_and_changed() {
        let mut kept = action("s/kept", "Kept", "Kept words");
        kept.due = due("2024-01");
        let old = snapshot(vec![
            kept.clone(),
            action("s/gone", "Gone", "Gone words"),
            action("s/moving", "Moving", "Moving words"),
        ]);
        let mut kept_after = kept;
        kept_after.due = due("2024-04");
        kept_after.lead = Box::new(["M".into()]);
        let mut moved_after = action("t/moved", "Moving", "Moving words");
        moved_after.tags = Box::new(["youth".into()]);
        let mut new_one = action("s/new", "New", "New words");
        new_one.due = due("2024-06-30");
        let new = snapshot(vec![kept_after, moved_after, new_one]);

        let set = diff(&old, &new, point("v1"), point("v2"));
        assert!(!set.is_empty());
        assert_eq!(ids(&set.added), ["s/new"]);
        assert_eq!(set.added[0].title, "New");
        assert_eq!(set.added[0].lead, ["L"]);
        assert_eq!(set.added[0].due.as_deref(), Some("30 Jun 2024"));
        assert_eq!(ids(&set.removed), ["s/gone"]);
        assert_eq!(
            set.moved,
            [Moved {
                from: "s/moving".into(),
                to: "t/moved".into(),
                title: "Moving".into(),
                changes: vec![change("tags", None, Some("youth"), None)],
                new_updates: Vec::new(),
            }]
        );
        assert_eq!(
            set.changed,
            [Changed {
                id: "s/kept".into(),
                title: "Kept".into(),
                changes: vec![
                    change("lead", Some("L"), Some("M"), Some("handed from L to M")),
                    change(
                        "due",
                        Some("Jan 2024"),
                        Some("Apr 2024"),
                        Some("pushed back 3 months")
                    ),
                ],
                new_updates: Vec::new(),
                slips: 0,
            }]
        );
        assert!(set.slipping.is_empty());
    }

    #[test]
    fn a_recurring_action_done_moves_on_rather_than_back() {
        let mut before = action("s/a", "A", "Words");
        before.every = Some(Period::parse_every("month").unwrap());
        before.due = due("2024-01");
        let mut done = before.clone();
        done.due = due("2024-02");
        done.completed = Some(parse_date("2024-01-20").unwrap());
        let mut sooner = before.clone();
        sooner.due = due("2023-12");

        let set = diff(
            &snapshot(vec![before.clone()]),
            &snapshot(vec![done]),
            point("v1"),
            point("v2"),
        );
        assert_eq!(
            set.changed[0].changes,
            [
                change(
                    "due",
                    Some("Jan 2024"),
                    Some("Feb 2024"),
                    Some("done, so on to the next occurrence")
                ),
                change("completed", None, Some("20 Jan 2024"), None),
            ]
        );
        let set = diff(
            &snapshot(vec![before]),
            &snapshot(vec![sooner]),
            point("v1"),
            point("v2"),
        );
        assert_eq!(
            set.changed[0].changes,
            [change(
                "due",
                Some("Jan 2024"),
                Some("Dec 2023"),
                Some("brought forward 1 month")
            )]
        );
    }

    #[test]
    fn updates_added_are_new_and_updates_lost_are_a_change() {
        let update = |date: &str, text: &str| Update {
            date: parse_date(date).unwrap(),
            text: text.into(),
        };
        let mut before = action("s/a", "A", "Words");
        before.updates = Box::new([update("2024-01-02", "Started")]);
        let mut after = before.clone();
        after.updates = Box::new([update("2024-02-03", "Halfway")]);

        let set = diff(
            &snapshot(vec![before]),
            &snapshot(vec![after]),
            point("v1"),
            point("v2"),
        );
        assert_eq!(
            set.changed[0].new_updates,
            [update("2024-02-03", "Halfway")]
        );
        assert_eq!(
            set.changed[0].changes,
            [change(
                "update",
                Some("2 Jan 2024: Started"),
                None,
                Some("removed or reworded")
            )]
        );
    }

    #[test]
    fn unreadable_files_are_listed_once_from_either_end() {
        let mut old = snapshot(Vec::new());
        old.unreadable = vec!["s/b.toml".into(), "s/a.toml".into()];
        let mut new = snapshot(Vec::new());
        new.unreadable = vec!["s/a.toml".into()];
        let set = diff(&old, &new, point("v1"), point("v2"));
        assert_eq!(set.unreadable, ["s/a.toml", "s/b.toml"]);
        assert!(set.is_empty());
    }
}
