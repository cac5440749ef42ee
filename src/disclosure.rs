//! What may leave the repository: the one rule every outward command
//! applies to its selection, and what it leaves out and counts.
//!
//! An action's marking (`Marking`, with the model: [`Plan::marking_of`]) is
//! its own `marking` field, else that of the nearest section above it in
//! csp.toml's `[markings]`, else `[plan] marking`, else OFFICIAL. Every
//! command whose output can leave the repository (the pack, the calendar,
//! exports, chase drafts, every listing in CSV, Markdown or JSON) passes
//! the actions its query chose through [`Disclosure::apply`] before it
//! builds any view, so that no count, chart or summary sees an action it
//! left out; the changes since a revision go through
//! [`Disclosure::apply_to_changes`]. This sits above `changes` and below
//! `view`, which both obey it and neither decides it.

use crate::changes::ChangeSet;
use crate::model::{Action, Marking, Measure, Plan, SENSITIVE};

/// The marking a document of `actions` carries: OFFICIAL-SENSITIVE when
/// one of them is.
pub fn marking_of_all<'p>(plan: &Plan, mut actions: impl Iterator<Item = &'p Action>) -> Marking {
    if actions.any(|action| plan.is_sensitive(action)) {
        Marking::OfficialSensitive
    } else {
        Marking::Official
    }
}

/// What in `text` (an output about to be published) gives away a
/// sensitive action of the plan: the marking itself, or a sensitive
/// action's id, title or description. Each finding is a sentence.
pub fn leaks(plan: &Plan, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if text.contains(SENSITIVE) {
        found.push(format!("it is marked {SENSITIVE}"));
    }
    let escaped = |raw: &str| {
        raw.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let holds = |raw: &str| {
        let raw = raw.trim();
        !raw.is_empty() && (text.contains(raw) || text.contains(&escaped(raw)))
    };
    for action in plan
        .actions
        .iter()
        .filter(|action| plan.is_sensitive(action))
    {
        let what = if holds(action.id.as_str()) {
            "id"
        } else if holds(&action.title) {
            "title"
        } else if holds(&action.description) {
            "description"
        } else {
            continue;
        };
        found.push(format!(
            "it holds the {what} of the {SENSITIVE} action `{}`",
            action.id
        ));
    }
    found
}

/// Who an output is for: by default anyone (OFFICIAL only); with
/// `--include-sensitive`, those entitled to OFFICIAL-SENSITIVE too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Disclosure {
    pub include_sensitive: bool,
}

/// A selection after the rule: the actions that may go out, in their order,
/// and what was done with the sensitive ones.
#[derive(Debug)]
pub struct Disclosed<'p> {
    pub actions: Vec<&'p Action>,
    /// OFFICIAL-SENSITIVE actions left out.
    pub withheld: usize,
    /// OFFICIAL-SENSITIVE actions kept (with `--include-sensitive`): the
    /// output must then carry the marking.
    pub sensitive: usize,
}

impl Disclosed<'_> {
    /// The marking the output as a whole carries.
    pub fn marking(&self) -> Marking {
        if self.sensitive > 0 {
            Marking::OfficialSensitive
        } else {
            Marking::Official
        }
    }

    /// The note for stderr when actions were left out: "2 OFFICIAL-SENSITIVE
    /// actions not shown; --include-sensitive shows them".
    pub fn note(&self) -> Option<String> {
        left_out_note(self.withheld, 0)
    }

    /// As `note`, counting the measures `measures` left out in the same
    /// line, for outputs that carry both.
    pub fn note_with(&self, measures: &DisclosedMeasures<'_>) -> Option<String> {
        left_out_note(self.withheld, measures.withheld)
    }

    /// The marking of an output carrying these actions and `measures`.
    pub fn marking_with(&self, measures: &DisclosedMeasures<'_>) -> Marking {
        if self.sensitive > 0 || measures.sensitive > 0 {
            Marking::OfficialSensitive
        } else {
            Marking::Official
        }
    }
}

/// The measures of a selection that may go out, as [`Disclosed`] for actions.
#[derive(Debug)]
pub struct DisclosedMeasures<'p> {
    pub measures: Vec<&'p Measure>,
    /// OFFICIAL-SENSITIVE measures left out.
    pub withheld: usize,
    /// OFFICIAL-SENSITIVE measures kept (with `--include-sensitive`).
    pub sensitive: usize,
}

impl DisclosedMeasures<'_> {
    pub fn note(&self) -> Option<String> {
        left_out_note(0, self.withheld)
    }

    pub fn marking(&self) -> Marking {
        if self.sensitive > 0 {
            Marking::OfficialSensitive
        } else {
            Marking::Official
        }
    }
}

/// The one "left out" line: "2 OFFICIAL-SENSITIVE actions and 1 measure not
/// shown; --include-sensitive shows them".
pub fn left_out_note(actions: usize, measures: usize) -> Option<String> {
    let noun = |count: usize, noun: &str| format!("{noun}{}", crate::plural::suffix(count));
    let what = match (actions, measures) {
        (0, 0) => return None,
        (n, 0) => format!("{n} {SENSITIVE} {}", noun(n, "action")),
        (0, m) => format!("{m} {SENSITIVE} {}", noun(m, "measure")),
        (n, m) => format!(
            "{n} {SENSITIVE} {} and {m} {}",
            noun(n, "action"),
            noun(m, "measure")
        ),
    };
    Some(format!("{what} not shown; --include-sensitive shows them"))
}

impl Disclosure {
    pub fn new(include_sensitive: bool) -> Self {
        Self { include_sensitive }
    }

    /// The actions of `selected` that may go out, counting the rest.
    pub fn apply<'p>(self, plan: &Plan, selected: Vec<&'p Action>) -> Disclosed<'p> {
        let before = selected.len();
        let mut sensitive = 0;
        let actions: Vec<&'p Action> = selected
            .into_iter()
            .filter(|action| {
                let is_sensitive = plan.is_sensitive(action);
                sensitive += usize::from(is_sensitive);
                self.include_sensitive || !is_sensitive
            })
            .collect();
        let withheld = before - actions.len();
        Disclosed {
            actions,
            withheld,
            sensitive: sensitive - withheld,
        }
    }

    /// The measures of `selected` that may go out, counting the rest.
    pub fn apply_to_measures<'p>(
        self,
        plan: &Plan,
        selected: Vec<&'p Measure>,
    ) -> DisclosedMeasures<'p> {
        let before = selected.len();
        let mut sensitive = 0;
        let measures: Vec<&'p Measure> = selected
            .into_iter()
            .filter(|measure| {
                let is_sensitive = plan.is_measure_sensitive(measure);
                sensitive += usize::from(is_sensitive);
                self.include_sensitive || !is_sensitive
            })
            .collect();
        let withheld = before - measures.len();
        DisclosedMeasures {
            measures,
            withheld,
            sensitive: sensitive - withheld,
        }
    }

    /// Whether an action of this id may go out, for outputs built from
    /// something other than the loaded actions (the changes since a
    /// revision): an id the plan no longer holds is judged by its section
    /// and the plan default.
    pub fn allows_id(self, plan: &Plan, id: &str) -> bool {
        if self.include_sensitive {
            return true;
        }
        if let Some(action) = plan.actions.iter().find(|action| action.id.as_str() == id) {
            !plan.is_sensitive(action)
        } else {
            let section = id.rsplit_once('/').map_or("", |(section, _)| section);
            !plan.section_marking(section).is_sensitive()
        }
    }

    /// How many of the plan's actions the disclosure lets out: the "of N"
    /// a pack prints must not count what it leaves out.
    pub fn disclosed_total(self, plan: &Plan) -> usize {
        if self.include_sensitive {
            plan.actions.len()
        } else {
            plan.actions
                .iter()
                .filter(|action| !plan.is_sensitive(action))
                .count()
        }
    }

    /// The changes since a revision that may go out: every entry naming an
    /// action the disclosure would leave out is dropped. Returns how many
    /// actions' entries were dropped, and how many sensitive actions' kept.
    pub fn apply_to_changes(self, plan: &Plan, changes: &mut ChangeSet) -> (usize, usize) {
        let public = Disclosure::default();
        // Counted by action, not by entry: one action can be both changed
        // and slipping.
        let mut dropped = std::collections::BTreeSet::new();
        let mut kept = std::collections::BTreeSet::new();
        let mut keep = |ids: &[&str]| {
            let sensitive = ids.iter().any(|id| !public.allows_id(plan, id));
            let id = ids.first().copied().unwrap_or_default().to_string();
            if sensitive && !self.include_sensitive {
                dropped.insert(id);
                false
            } else {
                if sensitive {
                    kept.insert(id);
                }
                true
            }
        };
        changes.added.retain(|entry| keep(&[&entry.id]));
        changes.removed.retain(|entry| keep(&[&entry.id]));
        changes
            .moved
            .retain(|entry| keep(&[&entry.from, &entry.to]));
        changes.changed.retain(|entry| keep(&[&entry.id]));
        changes.slipping.retain(|entry| keep(&[&entry.id]));
        (dropped.len(), kept.len())
    }

    /// The changes to measures that may go out: a measure marked
    /// sensitive (by itself, or by the plan's default marking) is dropped.
    /// Returns how many measures' changes were dropped, and how many
    /// sensitive measures' kept.
    pub fn apply_to_measure_changes(self, plan: &Plan, changes: &mut ChangeSet) -> (usize, usize) {
        let default = plan.manifest.marking.unwrap_or_default();
        let (mut dropped, mut kept) = (0, 0);
        let include = self.include_sensitive;
        let mut keep = |marking: Option<Marking>| {
            if !marking.unwrap_or(default).is_sensitive() {
                true
            } else if include {
                kept += 1;
                true
            } else {
                dropped += 1;
                false
            }
        };
        let measures = &mut changes.measures;
        measures.added.retain(|entry| keep(entry.marking));
        measures.removed.retain(|entry| keep(entry.marking));
        measures.changed.retain(|entry| keep(entry.marking));
        (dropped, kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Manifest;
    use std::path::PathBuf;

    fn plan(actions: Vec<Action>, manifest: Manifest) -> Plan {
        Plan {
            root: PathBuf::from("."),
            manifest,
            actions,
            measures: Vec::new(),
        }
    }

    #[test]
    fn disclosure_counts_what_it_leaves_out() {
        let mut secret = Action::for_test("s");
        secret.marking = Some(Marking::OfficialSensitive);
        let plan = plan(vec![secret, Action::for_test("p")], Manifest::default());
        let all: Vec<&Action> = plan.actions.iter().collect();
        let public = Disclosure::default().apply(&plan, all.clone());
        assert_eq!(
            (public.actions.len(), public.withheld, public.sensitive),
            (1, 1, 0)
        );
        assert_eq!(
            public.note().as_deref(),
            Some("1 OFFICIAL-SENSITIVE action not shown; --include-sensitive shows them")
        );
        let full = Disclosure::new(true).apply(&plan, all);
        assert_eq!(
            (full.actions.len(), full.withheld, full.sensitive),
            (2, 0, 1)
        );
        assert_eq!(full.marking(), Marking::OfficialSensitive);
        assert_eq!(Disclosure::default().disclosed_total(&plan), 1);
        assert!(!Disclosure::default().allows_id(&plan, "s"));
        assert!(Disclosure::default().allows_id(&plan, "gone"));
    }
}
