//! What the reading commands show, computed once from the plan and then
//! drawn by each format in `render`: one module per screen. `listing` is
//! the rows of actions (grouped and sorted) that `list`, `overdue` and
//! `upcoming` print; `leads` the counts per lead; `summary` the plan at a
//! glance; `detail` one action in full; `pack` the board's meeting pack.
//! Every "overdue" or "due soon" here comes from `schedule`, so all formats
//! and commands agree.

pub mod chase;
mod detail;
mod export;
pub mod form;
mod leads;
mod listing;
pub mod pack;
mod summary;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

pub use detail::{Detail, UNSET};
pub use export::{Cell, ColumnKind, EXPORT_COLUMNS, Export, ExportRow};
pub use leads::{LeadRow, Leads};
pub use listing::{ActionRow, Column, LeadGroup, ListKind, Listing, SortBy, Urgency};
pub use summary::{Bucket, Summary};

use crate::dates::Due;
use crate::model::{Action, Plan, owned};
use crate::schedule::{self, days_overdue, days_until_due, next_due};

/// The day and plan that rows are computed against.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub as_of: NaiveDate,
    /// The last day of "due soon" (the plan's look-ahead from `as_of`).
    pub soon_until: NaiveDate,
    /// A progress note on or after this day keeps an active action from
    /// being stale ([`schedule::stale_since`]), computed once for every row.
    pub stale_since: NaiveDate,
    /// Each id's shortest unique trailing part, a slice of the id itself.
    short_ids: HashMap<&'a str, &'a str>,
    /// Each listed section's title by path: looked up once per row, and a
    /// large plan lists thousands of sections.
    section_titles: HashMap<&'a str, &'a str>,
}

impl<'a> Context<'a> {
    pub fn new(plan: &'a Plan, as_of: NaiveDate) -> Self {
        Self {
            plan,
            as_of,
            soon_until: schedule::due_soon_until(as_of, &plan.manifest),
            stale_since: schedule::stale_since(as_of, &plan.manifest),
            short_ids: short_ids(plan),
            section_titles: section_titles(plan),
        }
    }

    /// The section's title, or its path where the manifest does not list
    /// it: [`Plan::section_title`], without a scan per call.
    fn section_title<'p>(&self, path: &'p str) -> &'p str
    where
        'a: 'p,
    {
        self.section_titles.get(path).copied().unwrap_or(path)
    }

    pub fn row(&self, action: &Action) -> ActionRow {
        let manifest = &self.plan.manifest;
        let names = |keys: &[Arc<str>]| -> Vec<String> {
            keys.iter()
                .map(|key| {
                    manifest
                        .lead(key)
                        .map_or(&**key, |lead| &lead.name)
                        .to_string()
                })
                .collect()
        };
        let next = next_due(action);
        ActionRow {
            id: action.id.to_string(),
            short_id: self.short_id(action).to_string(),
            title: marked_title(self.plan, action),
            section: action.section().to_string(),
            section_title: self.section_title(action.section()).to_string(),
            lead: owned(&action.lead),
            lead_names: names(&action.lead),
            partners: owned(&action.partners),
            partner_names: names(&action.partners),
            contacts: owned(&action.contacts),
            priority: action.priority.to_vec(),
            tags: owned(&action.tags),
            timescale: action.timescale.as_deref().map(String::from),
            due: action.due,
            due_is_month: action.due.is_some_and(Due::is_month),
            due_precision: action.due.map(|due| due.precision().name()),
            every: action.every,
            status: action.status,
            rag: action.rag,
            completed: action.completed,
            next_due: next,
            days_until_due: days_until_due(action, self.as_of),
            days_overdue: days_overdue(action, self.as_of),
            due_soon: schedule::is_upcoming(action, self.as_of, self.soon_until),
            stale: schedule::is_stale(action, self.stale_since),
            last_update: schedule::last_update(action),
            description: action.description.to_string(),
            latest_update: action.latest_update().cloned(),
            updates: action.updates.to_vec(),
            file: self.plan.file_of(action).display().to_string(),
        }
    }

    /// The shortest trailing part of the action's id that names it alone.
    pub fn short_id<'b>(&self, action: &'b Action) -> &'b str
    where
        'a: 'b,
    {
        self.short_ids
            .get(action.id.as_str())
            .copied()
            .unwrap_or(action.id.as_str())
    }

    pub fn counts<'b>(&self, actions: impl IntoIterator<Item = &'b Action>) -> Counts {
        let mut counts = Counts::default();
        for action in actions {
            counts.add(self, action);
        }
        counts
    }
}

/// Titles by section path; the first entry wins, as in [`Plan::section_title`].
fn section_titles(plan: &Plan) -> HashMap<&str, &str> {
    let mut titles = HashMap::with_capacity(plan.manifest.sections.len());
    for section in &plan.manifest.sections {
        titles
            .entry(section.path.as_str())
            .or_insert(section.title.as_str());
    }
    titles
}

/// For each action, the shortest trailing part of its id that names it
/// alone, which `csp show` and the other commands accept: tables stay narrow
/// and every id in them can still be typed back.
fn short_ids(plan: &Plan) -> HashMap<&str, &str> {
    fn suffixes(id: &str) -> impl Iterator<Item = &str> {
        std::iter::once(id).chain(id.match_indices('/').map(|(at, _)| &id[at + 1..]))
    }
    // Uses are counted by the suffix's hash, not the suffix: a large plan
    // has hundreds of thousands of suffixes, and a key of 8 bytes halves
    // the map. Two suffixes sharing a hash only make both look used twice,
    // so the id shown is longer than it need be, never ambiguous.
    let hash = |suffix: &str| {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(suffix, &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let mut uses: HashMap<u64, u32> = HashMap::with_capacity(plan.actions.len() * 3);
    for action in &plan.actions {
        for suffix in suffixes(action.id.as_str()) {
            *uses.entry(hash(suffix)).or_default() += 1;
        }
    }
    plan.actions
        .iter()
        .map(|action| {
            let id = action.id.as_str();
            let shortest = suffixes(id)
                .filter(|suffix| uses.get(&hash(suffix)) == Some(&1))
                .last()
                .unwrap_or(id);
            (id, shortest)
        })
        .collect()
}

/// How many actions, of them how many are open (open, in progress or
/// blocked), overdue, due soon, and stale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub actions: usize,
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Active and without a progress note since [`Context::stale_since`].
    pub stale: usize,
}

impl Counts {
    pub fn add(&mut self, context: &Context, action: &Action) {
        self.actions += 1;
        self.open += usize::from(action.status.is_active());
        self.overdue += usize::from(schedule::is_overdue(action, context.as_of));
        self.due_soon += usize::from(schedule::is_upcoming(
            action,
            context.as_of,
            context.soon_until,
        ));
        self.stale += usize::from(schedule::is_stale(action, context.stale_since));
    }
}

/// "1 action", "3 actions".
pub fn actions(count: usize) -> String {
    if count == 1 {
        "1 action".into()
    } else {
        format!("{count} actions")
    }
}

/// The action's title as every view shows it: a sensitive action's (only
/// ever shown with `--include-sensitive`, or on the officer's terminal)
/// carries its marking in front, so that a row copied out of a table or a
/// spreadsheet keeps it.
pub fn marked_title(plan: &Plan, action: &Action) -> String {
    if plan.is_sensitive(action) {
        format!("[{}] {}", crate::marking::SENSITIVE, action.title)
    } else {
        action.title.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Manifest;

    fn plan(ids: &[&str]) -> Plan {
        Plan {
            root: "plan".into(),
            manifest: Manifest::default(),
            actions: ids.iter().map(|id| Action::for_test(id)).collect(),
        }
    }

    #[test]
    fn short_ids_are_the_shortest_unique_trailing_parts() {
        let plan = plan(&[
            "a/youth/review",
            "a/business/review",
            "b/review",
            "a/plan",
            "x/y/plan-b",
        ]);
        let short = short_ids(&plan);
        assert_eq!(short["a/youth/review"], "youth/review");
        assert_eq!(short["a/business/review"], "business/review");
        assert_eq!(short["b/review"], "b/review");
        assert_eq!(short["a/plan"], "plan");
        assert_eq!(short["x/y/plan-b"], "plan-b");
        // Each short id resolves back to its action.
        for action in &plan.actions {
            let resolved = plan
                .resolve(short[action.id.as_str()])
                .map(|a| a.id.clone());
            assert_eq!(resolved, Ok(action.id.clone()));
        }
    }
}
