//! The board's meeting pack as data. It is computed once here, with every
//! date rule taken from `schedule`, and then only laid out by
//! `render::pack` as Markdown or HTML, so both forms always agree.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::scorecard::Scorecard;
use super::{Context, Summary, row};
use crate::calendar::Meeting;
use crate::changes::ChangeSet;
use crate::dates::{YearMonth, uk_date};
use crate::disclosure::Disclosure;
use crate::model::{Action, Lead, Marking, Plan, Status};
use crate::schedule;

/// How many months the due-date timeline shows at least, so that a pack
/// for a meeting next week still shows the season ahead.
pub const TIMELINE_MIN_MONTHS: u32 = 6;

/// The days a pack covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window<'p> {
    /// The day of the meeting: "overdue" and "upcoming" are counted from it.
    pub as_of: NaiveDate,
    /// The last day that counts as "due before the next meeting".
    pub until: NaiveDate,
    /// The meeting the pack looks ahead to: the one held on `until`.
    pub meeting: Option<Meeting<'p>>,
    /// The first day whose completions count as "recently completed".
    pub completed_since: NaiveDate,
    /// The meeting `completed_since` is the day after, when it is one.
    pub since_meeting: Option<Meeting<'p>>,
}

#[derive(Debug)]
pub struct Pack<'p> {
    /// The plan's name, with its year when `[plan] year` is set.
    pub plan_name: String,
    pub window: Window<'p>,
    /// Each lead's name by key, looked up for every row of every table.
    names: HashMap<&'p str, &'p str>,
    /// `as_of` as the pack's header prints it: "14 Mar 2024 (CSP Board)"
    /// on a meeting's day, else the plain day.
    pub as_of_named: String,
    /// `window.until` as printed, with the meeting held that day.
    pub until_named: String,
    /// Where "recently completed" starts, as printed after "since": "the
    /// CSP Board of 14 Dec 2023", or a day.
    pub completed_since_named: String,
    /// The meeting the pack looks ahead to (held on `window.until`): the
    /// one "next meeting" the pack names.
    pub next_meeting: Option<Meeting<'p>>,
    /// Actions in the pack (after filters) and in the whole plan.
    pub selected: usize,
    pub total: usize,
    /// Counts by status and RAG, overdue, and due by `until` (`due_soon`).
    pub summary: Summary,
    /// Each lead with its overdue actions, most overdue first; an action
    /// led jointly appears under each of its leads, since each is chased.
    pub overdue_by_lead: Vec<LeadGroup<'p>>,
    /// The day from which a progress note keeps an action fresh
    /// (`schedule::stale_since`): the last meeting, else `as_of` less the
    /// plan's `stale` window.
    pub stale_since: NaiveDate,
    /// How many selected actions are stale (each once, however many leads).
    pub stale: usize,
    /// Each lead with its stale actions, grouped as `overdue_by_lead` is;
    /// within a lead, the longest without a note first (none at all first).
    pub stale_by_lead: Vec<LeadGroup<'p>>,
    /// Active actions due from `as_of` to `until`, soonest first.
    pub upcoming: Vec<Entry<'p>>,
    /// Actions completed from `completed_since` to `as_of`, latest first.
    pub completed: Vec<Entry<'p>>,
    /// Actions with no next due date, as `csp summary` counts them.
    pub undated: Vec<Entry<'p>>,
    /// Actions with `every`, in plan order.
    pub recurring: Vec<Entry<'p>>,
    /// Every section holding a selected action (and the sections above
    /// it), in plan order.
    pub sections: Vec<SectionPart<'p>>,
    /// Status counts per lead, for the bar chart.
    pub lead_status: Vec<LeadStatus<'p>>,
    pub timeline: Timeline,
    /// The leads named in the pack's tables, for the key to their short names.
    pub leads: Vec<&'p Lead>,
    /// "Changed since the last meeting", with `--since`.
    pub changes: Option<ChangeSet>,
    /// The Measures section: none when the pack holds no measure, and then
    /// the pack shows no trace of them.
    pub scorecard: Option<Scorecard<'p>>,
    /// The pack's marking: OFFICIAL-SENSITIVE when it holds a sensitive
    /// action (only ever with `--include-sensitive`), which the renderers
    /// print at its top and bottom.
    pub marking: Marking,
}

/// One action as the pack shows it: the action, with its short id and
/// where it stands as of the pack's day, computed once by the rules every
/// listing uses. The pack keeps no full row per action, and an entry is
/// kept small: at 100,000 actions the pack holds several entries for each
/// (its section, and its lead's overdue and stale lists), and entries of
/// 64 bytes were a fifth of `csp report`'s peak memory.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'p> {
    pub action: &'p Action,
    /// Where the short id starts in the action's id, which it ends.
    short_id_at: u16,
    overdue: bool,
    next_due: Option<NaiveDate>,
    /// Days from the pack's day to `next_due`: a deadline ±5.8 million
    /// years away still fits.
    days_until_due: Option<i32>,
}

// Kept small on purpose: see above.
const _: () = assert!(std::mem::size_of::<Entry<'_>>() <= 24);

impl<'p> Entry<'p> {
    pub fn new(context: &Context<'p>, action: &'p Action) -> Self {
        let id = action.id.as_str();
        let short_id = context.short_id(action);
        Self {
            action,
            // An id longer than 64 KiB (longer than any path) is shown whole.
            short_id_at: u16::try_from(id.len() - short_id.len()).unwrap_or(0),
            overdue: schedule::is_overdue(action, context.as_of),
            next_due: schedule::next_due(action),
            days_until_due: schedule::days_until_due(action, context.as_of).map(|days| {
                i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
            }),
        }
    }

    /// The shortest trailing part of the id that names the action alone.
    pub fn short_id(&self) -> &'p str {
        let id = self.action.id.as_str();
        id.get(usize::from(self.short_id_at)..).unwrap_or(id)
    }

    pub fn overdue(&self) -> bool {
        self.overdue
    }

    pub fn next_due(&self) -> Option<NaiveDate> {
        self.next_due
    }

    /// The day of the latest progress note (`schedule::last_update`).
    pub fn last_update(&self) -> Option<NaiveDate> {
        schedule::last_update(self.action)
    }

    /// "Sep 2023" for a month-form due, "31 Mar 2024" for a day.
    pub fn due_text(&self) -> Option<String> {
        Some(row::due_text(
            self.action.due,
            self.next_due,
            self.action.due_from_start,
        ))
        .filter(|text| !text.is_empty())
    }

    /// "3 weeks late", "in 5 days"; only for actions still to be done.
    pub fn distance(&self) -> Option<String> {
        Some(row::distance_text(
            self.days_until_due.map(i64::from),
            self.action.status,
        ))
        .filter(|text| !text.is_empty())
    }
}

#[derive(Debug)]
pub struct LeadGroup<'p> {
    pub key: &'p str,
    /// The full name from `[leads]`, or the key for a lead the manifest lacks.
    pub name: &'p str,
    pub entries: Vec<Entry<'p>>,
}

#[derive(Debug)]
pub struct SectionPart<'p> {
    pub path: &'p str,
    pub title: &'p str,
    /// 0 for a top-level section, 1 for one below it, and so on.
    pub depth: usize,
    pub entries: Vec<Entry<'p>>,
}

/// The bars of the status chart: overdue work is split out of the active
/// statuses, so each lead's bar adds up to the actions it leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bar {
    Overdue,
    Open,
    InProgress,
    Blocked,
    Done,
    Dropped,
}

impl Bar {
    pub const ALL: [Bar; 6] = [
        Bar::Overdue,
        Bar::Open,
        Bar::InProgress,
        Bar::Blocked,
        Bar::Done,
        Bar::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Bar::Overdue => "overdue",
            Bar::Open => "open",
            Bar::InProgress => "in progress",
            Bar::Blocked => "blocked",
            Bar::Done => "done",
            Bar::Dropped => "dropped",
        }
    }

    fn of(entry: &Entry<'_>) -> Self {
        if entry.overdue() {
            return Bar::Overdue;
        }
        match entry.action.status {
            Status::Open => Bar::Open,
            Status::InProgress => Bar::InProgress,
            Status::Blocked => Bar::Blocked,
            Status::Done => Bar::Done,
            Status::Dropped => Bar::Dropped,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug)]
pub struct LeadStatus<'p> {
    pub key: &'p str,
    /// Counts in the order of [`Bar::ALL`].
    pub counts: [usize; 6],
}

impl LeadStatus<'_> {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn count(&self, bar: Bar) -> usize {
        self.counts[bar.index()]
    }
}

/// Active actions' next due dates by month, from the month of `as_of`.
#[derive(Debug, PartialEq, Eq)]
pub struct Timeline {
    /// Already late as of `as_of`.
    pub overdue: usize,
    pub months: Vec<MonthCount>,
    /// Due after the last month shown.
    pub later: usize,
    /// The meetings from `as_of` to the end of the last month shown, by day.
    pub meetings: Vec<MeetingMark>,
}

/// A meeting as the timeline marks it.
#[derive(Debug, PartialEq, Eq)]
pub struct MeetingMark {
    pub day: NaiveDate,
    /// "CSP Board on 14 Mar 2024".
    pub label: String,
}

/// A month's column: what falls due in it from `as_of` on, split at the
/// window's last day, so that a month holding `until` shows what is due by
/// it apart from what is due after it. The chart is drawn from the same
/// rule ([`schedule::is_upcoming`]) as the cards and the "Due by" table, so
/// its amber parts add up to their count.
#[derive(Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub month: YearMonth,
    /// Due in this month, from `as_of` to `until`.
    pub by_until: usize,
    /// Due in this month, after `until`.
    pub after_until: usize,
}

impl MonthCount {
    /// Everything due in the month from `as_of` on.
    pub fn due(&self) -> usize {
        self.by_until + self.after_until
    }
}

impl<'p> Pack<'p> {
    /// The bodies with these lead keys, by name, joined: what the pack's
    /// tables show a board (a key the plan does not know is shown as it is).
    pub fn lead_names<K: AsRef<str>>(&self, keys: &[K]) -> String {
        let names: Vec<&str> = keys
            .iter()
            .map(|key| {
                let key = key.as_ref();
                self.names.get(key).copied().unwrap_or(key)
            })
            .collect();
        names.join(", ")
    }

    /// The pack of `selected` (the filtered actions, in plan order).
    pub fn build(
        plan: &'p Plan,
        selected: &[&'p Action],
        window: Window<'p>,
        changes: Option<ChangeSet>,
        disclosure: Disclosure,
    ) -> Self {
        let as_of = window.as_of;
        // "Due soon" in the shared rows and counts means due by the next meeting.
        let mut context = Context::new(plan, as_of);
        context.soon_until = window.until;
        // Independent passes over every selected action, side by side.
        let (summary, entries) = rayon::join(
            || Summary::new(&context, selected),
            || {
                selected
                    .par_iter()
                    .map(|action| Entry::new(&context, action))
                    .collect::<Vec<Entry<'p>>>()
            },
        );

        let upcoming = sorted_by_due(
            entries
                .iter()
                .filter(|e| schedule::is_upcoming(e.action, as_of, window.until)),
        );
        let mut completed: Vec<Entry<'p>> = entries
            .iter()
            .filter(|e| {
                e.action
                    .completed
                    .is_some_and(|day| window.completed_since <= day && day <= as_of)
            })
            .copied()
            .collect();
        // Latest first; plan order among the same day (the sort is stable).
        completed.sort_by_key(|e| std::cmp::Reverse(e.action.completed));
        let undated: Vec<Entry<'p>> = entries
            .iter()
            .filter(|e| e.next_due().is_none())
            .copied()
            .collect();
        let recurring: Vec<Entry<'p>> = entries
            .iter()
            .filter(|e| e.action.every.is_some())
            .copied()
            .collect();
        let manifest = &plan.manifest;
        let stale_since = schedule::stale_since(as_of, manifest);
        let is_stale = |e: &&Entry<'p>| schedule::is_stale(e.action, stale_since);
        // Each part is a pass over every entry, independent of the others:
        // two at a time, one per core.
        let ((overdue_by_lead, (stale, stale_by_lead)), (sections, (lead_status, rest))) =
            rayon::join(
                || {
                    rayon::join(
                        || {
                            by_lead(
                                plan,
                                entries.iter().filter(|e| e.overdue()),
                                Entry::next_due,
                            )
                        },
                        || {
                            let stale: Vec<&Entry<'p>> = entries.iter().filter(is_stale).collect();
                            (
                                stale.len(),
                                by_lead(plan, stale.into_iter(), Entry::last_update),
                            )
                        },
                    )
                },
                || {
                    rayon::join(
                        || sections(plan, &entries),
                        || {
                            rayon::join(
                                || lead_status(plan, &entries),
                                || {
                                    (
                                        timeline(plan, &entries, window),
                                        leads_named(plan, &entries),
                                        selected.iter().any(|action| plan.is_sensitive(action)),
                                        disclosure.disclosed_total(plan),
                                    )
                                },
                            )
                        },
                    )
                },
            );
        let (timeline, leads, sensitive, total) = rest;

        Pack {
            plan_name: manifest.title(),
            window,
            names: manifest
                .leads
                .iter()
                .map(|lead| (lead.key.as_str(), lead.name.as_str()))
                .collect(),
            as_of_named: manifest.named_day(as_of),
            until_named: manifest.named_day(window.until),
            completed_since_named: match window.since_meeting {
                Some(meeting) => {
                    format!("the {} of {}", meeting.series.title, uk_date(meeting.day))
                }
                None => uk_date(window.completed_since),
            },
            next_meeting: window.meeting,
            selected: selected.len(),
            total,
            summary,
            overdue_by_lead,
            stale_since,
            stale,
            stale_by_lead,
            upcoming,
            completed,
            undated,
            recurring,
            sections,
            lead_status,
            timeline,
            leads,
            changes,
            scorecard: None,
            marking: if sensitive {
                Marking::OfficialSensitive
            } else {
                Marking::Official
            },
        }
    }

    /// The full name of the lead with `key`, or the key itself.
    pub fn lead_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.names.get(key).copied().unwrap_or(key)
    }
}

fn sorted_by_due<'a, 'p: 'a>(entries: impl Iterator<Item = &'a Entry<'p>>) -> Vec<Entry<'p>> {
    let mut sorted: Vec<Entry<'p>> = entries.copied().collect();
    sorted.sort_by_key(Entry::next_due);
    sorted
}

/// `entries` under each of their leads: the leads with most entries first,
/// since the board starts there, then in the manifest's order, then leads
/// it does not list; within a lead, entries in the order of `order`.
fn by_lead<'a, 'p: 'a, K: Ord>(
    plan: &'p Plan,
    entries: impl Iterator<Item = &'a Entry<'p>>,
    order: impl Fn(&Entry<'p>) -> K,
) -> Vec<LeadGroup<'p>> {
    let mut groups: Vec<LeadGroup<'p>> = Vec::new();
    for entry in entries {
        for key in entry.action.lead.iter().map(|key| &**key) {
            match groups.iter_mut().find(|g| g.key == key) {
                Some(group) => group.entries.push(*entry),
                None => groups.push(LeadGroup {
                    key,
                    name: plan.manifest.lead(key).map_or(key, |l| l.name.as_str()),
                    entries: vec![*entry],
                }),
            }
        }
    }
    let rank = |key: &str| {
        plan.manifest
            .leads
            .iter()
            .position(|l| l.key == key)
            .unwrap_or(usize::MAX)
    };
    groups.sort_by(|a, b| {
        b.entries
            .len()
            .cmp(&a.entries.len())
            .then_with(|| rank(a.key).cmp(&rank(b.key)))
            .then_with(|| a.key.cmp(b.key))
    });
    // The key (a last note's day is found among the notes) is worked out
    // once per entry, not once per comparison; the sort is stable.
    for group in &mut groups {
        group.entries.sort_by_cached_key(|entry| order(entry));
    }
    groups
}

fn sections<'p>(plan: &'p Plan, entries: &[Entry<'p>]) -> Vec<SectionPart<'p>> {
    // Sets, not scans of the manifest or of every entry per section: a
    // county-wide plan has thousands of sections and of actions.
    let listed = plan.manifest.section_paths();
    let mut by_section: BTreeMap<&'p str, Vec<Entry<'p>>> = BTreeMap::new();
    // Sections not in the manifest keep the plan's order, which lists them last.
    let mut unlisted: Vec<&'p str> = Vec::new();
    let mut unlisted_seen: HashSet<&'p str> = HashSet::new();
    // Entries come in plan order, a section's together: each run of one
    // section is looked up once.
    for run in entries.chunk_by(|a, b| a.action.section() == b.action.section()) {
        let section = run[0].action.section();
        if !listed.contains(section) && unlisted_seen.insert(section) {
            unlisted.push(section);
        }
        by_section
            .entry(section)
            .or_default()
            .extend_from_slice(run);
    }
    // Every section with an entry somewhere below it.
    let mut holding_more: HashSet<&str> = HashSet::new();
    for section in by_section.keys() {
        for (at, _) in section.match_indices('/') {
            holding_more.insert(&section[..at]);
        }
    }
    let mut parts = Vec::new();
    for section in &plan.manifest.sections {
        let own = by_section.remove(section.path.as_str()).unwrap_or_default();
        let holds_more = holding_more.contains(section.path.as_str());
        if !own.is_empty() || holds_more {
            parts.push(SectionPart {
                path: &section.path,
                title: &section.title,
                // Nested under the listed sections above it, as `csp summary` nests them.
                depth: section
                    .path
                    .match_indices('/')
                    .filter(|(at, _)| listed.contains(&section.path[..*at]))
                    .count(),
                entries: own,
            });
        }
    }
    for path in unlisted {
        if let Some(entries) = by_section.remove(path) {
            parts.push(SectionPart {
                path,
                title: if path.is_empty() {
                    "Other actions"
                } else {
                    path
                },
                depth: 0,
                entries,
            });
        }
    }
    parts
}

/// Every lead of a selected action, in the manifest's order, with its
/// actions counted by bar.
fn lead_status<'p>(plan: &'p Plan, entries: &[Entry<'p>]) -> Vec<LeadStatus<'p>> {
    let mut rows: Vec<LeadStatus<'p>> = Vec::new();
    for entry in entries {
        for key in entry.action.lead.iter().map(|key| &**key) {
            let index = if let Some(index) = rows.iter().position(|row| row.key == key) {
                index
            } else {
                rows.push(LeadStatus {
                    key,
                    counts: [0; 6],
                });
                rows.len() - 1
            };
            rows[index].counts[Bar::of(entry).index()] += 1;
        }
    }
    let rank = |key: &str| {
        plan.manifest
            .leads
            .iter()
            .position(|l| l.key == key)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| rank(a.key).cmp(&rank(b.key)).then(a.key.cmp(b.key)));
    rows
}

fn timeline(plan: &Plan, entries: &[Entry<'_>], window: Window<'_>) -> Timeline {
    let first = YearMonth::of(window.as_of);
    let until = YearMonth::of(window.until);
    let minimum = first
        .checked_add_months(TIMELINE_MIN_MONTHS - 1)
        .unwrap_or(first);
    let last = until.max(minimum);
    let mut months = Vec::new();
    let mut month = Some(first);
    while let Some(current) = month.filter(|m| *m <= last) {
        months.push(MonthCount {
            month: current,
            by_until: 0,
            after_until: 0,
        });
        month = current.checked_add_months(1);
    }
    let end = last.last_day();
    let meetings = plan
        .manifest
        .all_meetings()
        .into_iter()
        .filter(|meeting| window.as_of <= meeting.day && meeting.day <= end)
        .map(|meeting| MeetingMark {
            day: meeting.day,
            label: meeting.to_string(),
        })
        .collect();
    let mut timeline = Timeline {
        overdue: 0,
        months,
        later: 0,
        meetings,
    };
    for entry in entries.iter().filter(|e| e.action.status.is_active()) {
        let Some(due) = entry.next_due() else {
            continue;
        };
        if entry.overdue() {
            timeline.overdue += 1;
        } else if let Some(slot) = timeline
            .months
            .iter_mut()
            .find(|slot| slot.month == YearMonth::of(due))
        {
            if schedule::is_upcoming(entry.action, window.as_of, window.until) {
                slot.by_until += 1;
            } else {
                slot.after_until += 1;
            }
        } else if YearMonth::of(due) > last {
            timeline.later += 1;
        }
    }
    timeline
}

/// The leads the pack's tables name, in the manifest's order.
fn leads_named<'p>(plan: &'p Plan, entries: &[Entry<'p>]) -> Vec<&'p Lead> {
    let named: HashSet<&str> = entries
        .iter()
        .flat_map(|e| e.action.lead.iter().map(|key| &**key))
        .collect();
    plan.manifest
        .leads
        .iter()
        .filter(|lead| named.contains(lead.key.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn entry_due(plan: &Plan, as_of: NaiveDate) -> Entry<'_> {
        let action = &plan.actions[0];
        Entry::new(&Context::new(plan, as_of), action)
    }

    #[test]
    fn timeline_covers_at_least_six_months_and_counts_late_work_apart() {
        let text: std::sync::Arc<str> = std::sync::Arc::from(
            "title = \"T\"\ndescription = \"D\"\nlead = [\"L\"]\ndue = \"2024-02\"\n",
        );
        let path = std::path::Path::new("s/a.toml");
        let action = crate::load::parse_action(
            &text,
            path,
            crate::model::ActionId::from_relative_path(path),
        )
        .action
        .unwrap();
        let plan = Plan {
            root: ".".into(),
            manifest: crate::model::Manifest::default(),
            actions: vec![action],
            measures: Vec::new(),
        };
        let day = |t| parse_date(t).unwrap();
        let window = Window {
            as_of: day("2024-01-15"),
            until: day("2024-01-31"),
            meeting: None,
            since_meeting: None,
            completed_since: day("2023-12-31"),
        };
        let entries = [entry_due(&plan, window.as_of)];
        let t = timeline(&plan, &entries, window);
        assert_eq!(t.months.len(), 6);
        assert_eq!(t.months[0].month, YearMonth::new(2024, 1).unwrap());
        assert_eq!(t.months[1].due(), 1);
        assert_eq!(
            t.months[1].by_until, 0,
            "due at the end of Feb, after the window"
        );
        assert_eq!((t.overdue, t.later), (0, 0));
        let late = Window {
            as_of: day("2024-03-01"),
            until: day("2024-09-30"),
            meeting: None,
            since_meeting: None,
            completed_since: day("2024-01-01"),
        };
        let entries = [entry_due(&plan, late.as_of)];
        let t = timeline(&plan, &entries, late);
        assert_eq!(t.overdue, 1);
        assert_eq!(t.months.len(), 7, "March to September");
    }

    /// The chart and the cards count one selection: on the example plan,
    /// for windows ending before, inside and at the end of a month, the
    /// chart's overdue column and amber parts add up to the cards' counts
    /// and to the "Due by" table.
    #[test]
    fn the_timeline_agrees_with_the_cards() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/meeting-cycle");
        let loaded = crate::load::load(&root).unwrap();
        let plan = &loaded.plan;
        let selected: Vec<&Action> = plan.actions.iter().collect();
        let day = |t| parse_date(t).unwrap();
        for (as_of, until) in [
            ("2024-03-07", "2024-03-14"),
            ("2024-03-07", "2024-03-31"),
            ("2024-03-01", "2024-04-15"),
            ("2024-01-10", "2024-06-30"),
            ("2024-03-31", "2024-03-31"),
        ] {
            let window = Window {
                as_of: day(as_of),
                until: day(until),
                meeting: None,
                completed_since: day(as_of),
                since_meeting: None,
            };
            let pack = Pack::build(plan, &selected, window, None, Disclosure::default());
            let amber: usize = pack.timeline.months.iter().map(|m| m.by_until).sum();
            assert_eq!(amber, pack.summary.total.due_soon, "{as_of}..{until}");
            assert_eq!(amber, pack.upcoming.len(), "{as_of}..{until}");
            assert_eq!(
                pack.timeline.overdue, pack.summary.total.overdue,
                "{as_of}..{until}"
            );
            // No month after the window's shows anything due by it.
            for month in &pack.timeline.months {
                if month.month.first_day() > window.until {
                    assert_eq!(month.by_until, 0, "{as_of}..{until}");
                }
            }
        }
    }
}
