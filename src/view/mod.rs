//! What the reading commands show, computed once from the plan and then
//! drawn by each format in `render`: one module per screen. `row` is one
//! action as every format shows it, made by [`Context`]; `listing` is the
//! rows of actions (grouped and sorted) that `list`, `overdue` and
//! `upcoming` print; `leads` the counts per lead; `summary` the plan at a
//! glance; `detail` one action in full; `pack` the board's meeting pack;
//! `measure` one performance measure as every format shows it;
//! `scorecard` the measures of the pack and the workbook, by priority.
//! Every "overdue" or "due soon" here comes from `schedule`, so all formats
//! and commands agree.

pub mod chase;
mod detail;
mod export;
pub mod form;
mod leads;
mod listing;
pub mod measure;
mod measures;
pub mod pack;
mod row;
pub mod scorecard;
mod summary;
pub mod year_end;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

pub use detail::{Detail, UNSET};
pub use export::{
    Cell, ColumnKind, EXPORT_COLUMNS, Export, ExportRow, PRINTED_COLUMNS, WORKBOOK_ORDER,
};
pub use leads::{LeadRow, Leads};
pub use listing::{Column, LeadGroup, ListKind, Listing, SortBy};
pub use measures::{
    BaselineShown, LinkedAction, MeasureDetail, MeasureListing, MeasureSelection, MissingFigure,
    NotCounted,
};
pub use row::{ActionRow, ShownRow, Urgency};
pub use summary::{Bucket, Summary};

use crate::dates::Due;
use crate::model::{Action, Plan, shown_path};
use crate::schedule::{self, days_overdue, days_until_due, next_due};
use crate::window::LookAhead;

/// The day and plan that rows are computed against.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub as_of: NaiveDate,
    /// The last day of "due soon": the window's (see [`crate::window`]).
    pub soon_until: NaiveDate,
    /// A progress note on or after this day keeps an active action from
    /// being stale ([`schedule::stale_since`]), computed once for every row.
    pub stale_since: NaiveDate,
    /// Short ids are worked out from this as rows are drawn.
    suffixes: SuffixCounts,
    /// Each listed section's title by path: looked up once per row, and a
    /// large plan lists thousands of sections.
    section_titles: HashMap<&'a str, &'a str, BuildFnv>,
    /// What [`Plan::file_of`] puts before an action's id, as shown: every
    /// row shows its file, made from this without joining paths.
    file_prefix: String,
}

impl<'a> Context<'a> {
    /// Rows as of `as_of`, "due soon" meaning due in the window nobody
    /// chose: [`LookAhead::default_for`].
    pub fn new(plan: &'a Plan, as_of: NaiveDate) -> Self {
        Self::with_window(plan, &LookAhead::default_for(&plan.manifest, as_of))
    }

    /// Rows as of the window's first day, "due soon" meaning due in it.
    pub fn with_window(plan: &'a Plan, window: &LookAhead<'_>) -> Self {
        let as_of = window.as_of;
        Self {
            plan,
            as_of,
            soon_until: window.until,
            stale_since: schedule::stale_since(as_of, &plan.manifest),
            suffixes: SuffixCounts::new(plan),
            section_titles: section_titles(plan),
            file_prefix: file_prefix(plan),
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

    pub fn row<'b>(&self, action: &'b Action) -> ActionRow<'b>
    where
        'a: 'b,
    {
        let manifest = &self.plan.manifest;
        let names = |keys: &'b [Arc<str>]| -> Vec<&'b str> {
            keys.iter()
                .map(|key| manifest.lead(key).map_or(&**key, |lead| lead.name.as_str()))
                .collect()
        };
        let texts =
            |texts: &'b [Arc<str>]| -> Vec<&'b str> { texts.iter().map(|text| &**text).collect() };
        let next = next_due(action);
        ActionRow {
            id: action.id.as_str(),
            short_id: self.short_id(action),
            title: marked_title(self.plan, action),
            section: action.section(),
            section_title: self.section_title(action.section()),
            lead: texts(&action.lead),
            lead_names: names(&action.lead),
            partners: texts(&action.partners),
            partner_names: names(&action.partners),
            contacts: texts(&action.contacts),
            priority: &action.priority,
            tags: texts(&action.tags),
            timescale: action.timescale.as_deref(),
            due: action.due,
            due_from_start: action.due_from_start,
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
            description: &action.description,
            latest_update: action.latest_update(),
            updates: &action.updates,
            file: self.file_shown(action),
        }
    }

    /// The part of [`Context::row`] a table or Markdown listing shows.
    pub fn shown_row<'b>(&self, action: &'b Action) -> ShownRow<'b>
    where
        'a: 'b,
    {
        let next = next_due(action);
        ShownRow {
            short_id: self.short_id(action),
            title: marked_title(self.plan, action),
            section_title: self.section_title(action.section()),
            lead: &action.lead,
            due: action.due,
            due_from_start: action.due_from_start,
            next_due: next,
            days_until_due: days_until_due(action, self.as_of),
            status: action.status,
            rag: action.rag,
            urgency: Urgency::new(
                schedule::is_overdue(action, self.as_of),
                schedule::is_upcoming(action, self.as_of, self.soon_until),
            ),
        }
    }

    /// [`Plan::file_of`] as shown: `plan/a/b.toml`.
    fn file_shown(&self, action: &Action) -> String {
        if action.unspellable_file.is_some() {
            return crate::portable::slashed(&self.plan.file_of(action));
        }
        let id = action.id.as_str();
        let mut file = String::with_capacity(self.file_prefix.len() + id.len() + ".toml".len());
        file.push_str(&self.file_prefix);
        file.push_str(id);
        file.push_str(".toml");
        file
    }

    /// The shortest trailing part of the action's id that names it alone.
    pub fn short_id<'b>(&self, action: &'b Action) -> &'b str
    where
        'a: 'b,
    {
        self.suffixes.short_id(action.id.as_str())
    }

    pub fn counts<'b>(&self, actions: impl IntoIterator<Item = &'b Action>) -> Counts {
        let mut counts = Counts::default();
        for action in actions {
            counts.add(self, action);
        }
        counts
    }
}

/// `plan/` for a plan at `plan` (with `/` on Windows too, as every
/// machine-readable format gives paths), nothing for one in the current
/// directory: what `shown_path` puts before a path in the plan. The root
/// ends in a separator once joined, so `plan/` and `plan` both give `plan/`.
fn file_prefix(plan: &Plan) -> String {
    crate::portable::slashed(&shown_path(&plan.root, Path::new("")))
}

/// Titles by section path; the first entry wins, as in [`Plan::section_title`].
fn section_titles(plan: &Plan) -> HashMap<&str, &str, BuildFnv> {
    let mut titles =
        HashMap::with_capacity_and_hasher(plan.manifest.sections.len(), BuildFnv::default());
    for section in &plan.manifest.sections {
        titles
            .entry(section.path.as_str())
            .or_insert(section.title.as_str());
    }
    titles
}

/// How often each trailing part of an id (`c`, `b/c`, `a/b/c` of
/// `a/b/c`) occurs in the plan, for the shortest part that names an action
/// alone, which `csp show` and the other commands accept: tables stay
/// narrow and every id in them can still be typed back.
///
/// Uses are counted by the part's hash, in a sorted vector: a large plan
/// has hundreds of thousands of parts, and hashing and sorting them on
/// every core costs a fraction of a map of the parts. Two parts sharing a
/// hash only make both look used twice, so the id shown is longer than it
/// need be, never ambiguous. Each row looks its own short id up as it is
/// drawn, on whichever core draws it, and a listing of a few overdue
/// actions looks up only theirs.
struct SuffixCounts {
    hashes: Vec<u64>,
}

impl SuffixCounts {
    fn new(plan: &Plan) -> Self {
        use rayon::prelude::*;
        let mut hashes: Vec<u64> = plan
            .actions
            .par_iter()
            .flat_map_iter(|action| suffixes(action.id.as_str()).map(fnv))
            .collect();
        hashes.par_sort_unstable();
        Self { hashes }
    }

    fn used_once(&self, suffix: &str) -> bool {
        let hash = fnv(suffix);
        let at = self.hashes.partition_point(|&other| other < hash);
        self.hashes.get(at) == Some(&hash) && self.hashes.get(at + 1) != Some(&hash)
    }

    /// The shortest trailing part of `id` used by no other id. Tried
    /// shortest first: in most plans a file's own name is that part.
    fn short_id<'i>(&self, id: &'i str) -> &'i str {
        id.rmatch_indices('/')
            .map(|(at, _)| &id[at + 1..])
            .find(|suffix| self.used_once(suffix))
            .unwrap_or(id)
    }
}

/// The id itself, then each trailing part after a `/`, longest first.
fn suffixes(id: &str) -> impl Iterator<Item = &str> {
    std::iter::once(id).chain(id.match_indices('/').map(|(at, _)| &id[at + 1..]))
}

/// FNV-1a: a fast hash for the short texts the views look up by (ids and
/// section paths), where `SipHash`'s resistance to crafted keys buys nothing:
/// the keys are the plan's own.
fn fnv(text: &str) -> u64 {
    let mut hasher = Fnv::default();
    std::hash::Hasher::write(&mut hasher, text.as_bytes());
    std::hash::Hasher::finish(&hasher)
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type BuildFnv = std::hash::BuildHasherDefault<Fnv>;

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
    /// One action, counted.
    pub fn of(context: &Context, action: &Action) -> Self {
        Self {
            actions: 1,
            open: usize::from(action.status.is_active()),
            overdue: usize::from(schedule::is_overdue(action, context.as_of)),
            due_soon: usize::from(schedule::is_upcoming(
                action,
                context.as_of,
                context.soon_until,
            )),
            stale: usize::from(schedule::is_stale(action, context.stale_since)),
        }
    }

    pub fn add(&mut self, context: &Context, action: &Action) {
        self.merge(Self::of(context, action));
    }

    pub fn merge(&mut self, other: Counts) {
        self.actions += other.actions;
        self.open += other.open;
        self.overdue += other.overdue;
        self.due_soon += other.due_soon;
        self.stale += other.stale;
    }
}

/// "1 action", "3 actions".
pub fn actions(count: usize) -> String {
    crate::plural::count(count, "action")
}

/// The action's title as every view shows it: a sensitive action's (only
/// ever shown with `--include-sensitive`, or on the officer's terminal)
/// carries its marking in front, so that a row copied out of a table or a
/// spreadsheet keeps it.
pub fn marked_title<'a>(plan: &Plan, action: &'a Action) -> Cow<'a, str> {
    if plan.is_sensitive(action) {
        Cow::Owned(format!("[{}] {}", crate::model::SENSITIVE, action.title))
    } else {
        Cow::Borrowed(&action.title)
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
            measures: Vec::new(),
        }
    }

    /// `shown_row` is the part of `row` that tables and Markdown draw: on
    /// every action of plans with sensitive titles, several leads, sections,
    /// recurring and undated actions, at days around their deadlines.
    #[test]
    fn a_shown_row_is_the_part_of_the_row_that_tables_show() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [
            "plan",
            "examples/meeting-cycle",
            "tests/fixtures/marking/plan",
            "tests/fixtures/query/plan",
            "tests/fixtures/meetings/plan",
        ] {
            let Ok(loaded) = crate::load::load(&root.join(dir)) else {
                panic!("{dir} loads");
            };
            let plan = &loaded.plan;
            assert!(plan.actions.len() > 2, "{dir} has actions");
            for day in ["2023-06-30", "2024-01-01", "2024-03-31", "2025-04-01"] {
                let Ok(day) = day.parse::<NaiveDate>() else {
                    panic!("{day} is a day");
                };
                let context = Context::new(plan, day);
                for action in &plan.actions {
                    let (row, shown) = (context.row(action), context.shown_row(action));
                    let lead: Vec<&str> = shown.lead.iter().map(|key| &**key).collect();
                    assert_eq!(shown.short_id, row.short_id);
                    assert_eq!(shown.title, row.title);
                    assert_eq!(shown.section_title, row.section_title);
                    assert_eq!(lead, row.lead);
                    assert_eq!(shown.due, row.due);
                    assert_eq!(shown.next_due, row.next_due);
                    assert_eq!(shown.days_until_due, row.days_until_due);
                    assert_eq!(shown.status, row.status);
                    assert_eq!(shown.rag, row.rag);
                    assert_eq!(shown.urgency, row.urgency(), "{dir} {} {day}", action.id);
                }
            }
        }
    }

    #[test]
    fn a_rows_file_is_the_plans_file_of_the_action_as_shown() {
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        for root in ["plan", "plan/", ".", "../other/plan", "/srv/csp/plan"] {
            let mut plan = plan(&["top", "a/b/c"]);
            plan.root = root.into();
            let context = Context::new(&plan, day);
            for action in &plan.actions {
                assert_eq!(
                    context.row(action).file,
                    crate::portable::slashed(&plan.file_of(action)),
                    "root {root}"
                );
            }
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
        let counts = SuffixCounts::new(&plan);
        let short = |id| counts.short_id(id);
        assert_eq!(short("a/youth/review"), "youth/review");
        assert_eq!(short("a/business/review"), "business/review");
        assert_eq!(short("b/review"), "b/review");
        assert_eq!(short("a/plan"), "plan");
        assert_eq!(short("x/y/plan-b"), "plan-b");
        // Each short id resolves back to its action.
        for action in &plan.actions {
            let resolved = plan
                .resolve(short(action.id.as_str()))
                .map(|a| a.id.clone());
            assert_eq!(resolved, Ok(action.id.clone()));
        }
    }
}
