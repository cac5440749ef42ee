//! How often each deadline was pushed back, counted commit by commit from
//! the actions each step touched. Pure: the steps are read elsewhere.

use std::collections::BTreeMap;

use serde::Serialize;

use super::moves::match_moves;
use super::snapshot::Snapshot;
use crate::dates::uk_date;
use crate::model::Action;
use crate::schedule::next_due;

/// An action whose deadline was pushed back at least once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slipping {
    pub id: String,
    pub title: String,
    pub slips: u32,
    /// Its due dates in turn, first to last.
    pub dues: Vec<String>,
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

/// The action's next deadline as officers read it.
pub(super) fn due_text(action: &Action) -> Option<String> {
    match action.due {
        Some(due) => Some(due.uk()),
        None => next_due(action).map(uk_date),
    }
}

/// Due-date history per action id, built commit by commit.
#[derive(Debug, Default)]
pub(super) struct Slips {
    by_id: BTreeMap<String, Track>,
}

#[derive(Debug, Default)]
struct Track {
    slips: u32,
    dues: Vec<String>,
}

impl Slips {
    pub(super) fn count(&self, id: &str) -> u32 {
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
    pub(super) fn step_actions(&mut self, before: &[Action], after: &[Action]) {
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

    pub(super) fn step(&mut self, before: &Snapshot, after: &Snapshot) {
        self.step_actions(&before.actions, &after.actions);
    }

    /// Slipped actions that still exist in `end`, most slipped first, then
    /// in plan order.
    pub(super) fn slipping(&self, end: &Snapshot) -> Vec<Slipping> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{Period, parse_date, parse_due};

    /// A monthly action due in `due` (`YYYY-MM`), last done on `completed`.
    fn monthly(id: &str, due: &str, completed: Option<&str>) -> Action {
        let mut action = Action::for_test(id);
        action.every = Some(Period::parse_every("month").unwrap());
        action.due = Some(parse_due(due).unwrap());
        action.completed = completed.map(|day| parse_date(day).unwrap());
        action
    }

    /// A one-off action due on `due`.
    fn due_on(id: &str, due: &str) -> Action {
        let mut action = Action::for_test(id);
        action.due = Some(parse_due(due).unwrap());
        action
    }

    fn snapshot(actions: Vec<Action>) -> Snapshot {
        Snapshot {
            manifest: None,
            actions,
            measures: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    #[test]
    fn pushed_back_is_a_slip_but_done_again_is_not() {
        let before = monthly("a", "2024-01", None);
        let later = monthly("a", "2024-02", None);
        let done = monthly("a", "2024-02", Some("2024-01-20"));
        let sooner = monthly("a", "2023-12", None);
        assert!(slipped(&before, &later));
        assert!(!slipped(&before, &done));
        assert!(!slipped(&before, &sooner));
        assert!(!slipped(&before, &before));
    }

    #[test]
    fn slips_are_counted_step_by_step_and_done_steps_are_not_slips() {
        let steps = [
            // Pushed back a month: a slip.
            monthly("s/a", "2024-01", None),
            monthly("s/a", "2024-02", None),
            // Done, so on to March: not a slip.
            monthly("s/a", "2024-03", Some("2024-02-10")),
            // Pushed back again: a slip.
            monthly("s/a", "2024-05", Some("2024-02-10")),
        ];
        let mut slips = Slips::default();
        for pair in steps.windows(2) {
            slips.step_actions(&pair[..1], &pair[1..]);
        }
        assert_eq!(slips.count("s/a"), 2);
        assert_eq!(slips.count("s/other"), 0);
        let end = snapshot(vec![steps[3].clone()]);
        assert_eq!(
            slips.slipping(&end),
            [Slipping {
                id: "s/a".into(),
                title: "t".into(),
                slips: 2,
                dues: vec![
                    "Jan 2024".into(),
                    "Feb 2024".into(),
                    "Mar 2024".into(),
                    "May 2024".into()
                ],
            }]
        );
    }

    #[test]
    fn a_recurring_action_only_ever_done_is_not_slipping() {
        let mut slips = Slips::default();
        let before = snapshot(vec![monthly("s/a", "2024-01", None)]);
        let after = snapshot(vec![monthly("s/a", "2024-02", Some("2024-01-31"))]);
        slips.step(&before, &after);
        assert_eq!(slips.count("s/a"), 0);
        assert!(slips.slipping(&after).is_empty());
    }

    #[test]
    fn a_moved_action_keeps_its_history() {
        let mut slips = Slips::default();
        // Pushed back where it was.
        slips.step_actions(
            &[due_on("s/a", "2024-01-31")],
            &[due_on("s/a", "2024-02-29")],
        );
        // Moved to another section with nothing else changed.
        slips.step_actions(
            &[due_on("s/a", "2024-02-29")],
            &[due_on("t/a", "2024-02-29")],
        );
        // Pushed back again in its new place.
        slips.step_actions(
            &[due_on("t/a", "2024-02-29")],
            &[due_on("t/a", "2024-03-31")],
        );
        assert_eq!(slips.count("s/a"), 0);
        assert_eq!(slips.count("t/a"), 2);
        let end = snapshot(vec![due_on("t/a", "2024-03-31")]);
        assert_eq!(
            slips.slipping(&end)[0].dues,
            ["31 Jan 2024", "29 Feb 2024", "31 Mar 2024"]
        );
    }

    #[test]
    fn most_slipped_first_then_plan_order() {
        let mut slips = Slips::default();
        let first = [
            due_on("s/once", "2024-01-31"),
            due_on("s/twice", "2024-01-31"),
            due_on("s/also-once", "2024-01-31"),
        ];
        let second = [
            due_on("s/once", "2024-02-29"),
            due_on("s/twice", "2024-02-29"),
            due_on("s/also-once", "2024-02-29"),
        ];
        slips.step_actions(&first, &second);
        let third = [
            due_on("s/once", "2024-02-29"),
            due_on("s/twice", "2024-03-31"),
            due_on("s/also-once", "2024-02-29"),
        ];
        slips.step_actions(&second[1..2], &third[1..2]);
        let slipping = slips.slipping(&snapshot(third.to_vec()));
        let order: Vec<(&str, u32)> = slipping.iter().map(|s| (s.id.as_str(), s.slips)).collect();
        assert_eq!(order, [("s/twice", 2), ("s/once", 1), ("s/also-once", 1)]);
    }
}
