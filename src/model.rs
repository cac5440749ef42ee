//! The typed plan: its manifest (priorities, sections, leads, markings) and
//! its actions, with what a plan answers about itself alone: an action's
//! file, its section's title, its effective marking, and which action an id
//! typed by a person names (`resolve`). Every `impl Plan` lives in this
//! module, so that a reader finds what a plan can say in one place.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::{Due, FinancialYear, Period};
use crate::suggest;

mod marking;
pub mod measure;
pub(crate) mod resolve;

pub use marking::{Marking, SENSITIVE};
pub use measure::{
    Aggregate, Baseline, Better, Figure, MEASURES_DIR, Measure, MeasureSpans, Target, TargetFor,
    Tolerance,
};
pub use resolve::ResolveError;

/// A loaded plan: what parsed and converted cleanly. Files with errors are
/// left out here and reported as diagnostics by the loader.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The plan directory, as the user named it (or as found from the
    /// current directory), so that paths shown to them read naturally.
    pub root: PathBuf,
    pub manifest: Manifest,
    /// In plan order: sections as listed in the manifest, then by id.
    pub actions: Vec<Action>,
    /// The performance measures under `measures/`, by id.
    pub measures: Vec<Measure>,
}

#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub name: String,
    /// The default look-ahead of `csp upcoming`.
    pub upcoming: Option<Period>,
    /// How long without a progress note makes an action stale, for a plan
    /// with no meetings: `[plan] stale`.
    pub stale: Option<Period>,
    /// How long before a meeting partners' return forms are due back:
    /// `[plan] returns` ("7d"); the forms and drafts name that day.
    pub returns: Option<Period>,
    /// Who chase drafts are from: `[plan] from`, an address with or
    /// without a name.
    pub from: Option<String>,
    pub priorities: Vec<Priority>,
    pub sections: Vec<Section>,
    pub leads: Vec<Lead>,
    /// The partnership's meeting bodies and their dates, in csp.toml's order.
    pub meetings: Vec<MeetingSeries>,
    /// `[plan] marking`: the marking of every action that names none and
    /// sits in no section of `[markings]` ([`Plan::marking_of`]).
    pub marking: Option<Marking>,
    /// `[plan] start`: the day the plan began, from which dues written as
    /// `start+6m` are counted; the first day of `[plan] year` when only
    /// the year is given (see `start_written`).
    pub start: Option<NaiveDate>,
    /// Whether csp.toml writes `start` itself, rather than it following
    /// from `[plan] year`: a rollover moves a written start, and leaves an
    /// unwritten one to follow the new year.
    pub start_written: bool,
    /// `[plan] year`: the UK financial year the plan is for ("2023/24").
    pub year: Option<FinancialYear>,
    /// `[markings]`: section path → the marking of every action beneath it.
    pub markings: BTreeMap<String, Marking>,
    /// `[measures]`: what every measure has unless its file says otherwise.
    pub measure_defaults: MeasureDefaults,
    /// Where each manifest entry sits in `csp.toml`, for diagnostics.
    pub spans: ManifestSpans,
}

/// csp.toml's `[measures]` table.
#[derive(Clone, Debug, Default)]
pub struct MeasureDefaults {
    /// How far a figure may miss its target and still be amber.
    pub tolerance: Option<Tolerance>,
    /// How long after a period ends its figure is due.
    pub lag: Option<Period>,
}

#[derive(Clone, Debug, Default)]
pub struct ManifestSpans {
    pub sections: BTreeMap<String, Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub key: u32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The directory under the plan root, `/`-separated.
    pub path: String,
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Lead {
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Where `csp chase` addresses the lead's digest.
    pub emails: Vec<String>,
    /// The person at the body who answers for its actions.
    pub contact: Option<String>,
    /// How a draft greets the body ("Siân", "Inspector Nordmann"): a plain
    /// name, unlike `contact`, which may carry a job title.
    pub greeting: Option<String>,
}

/// An address as csp.toml writes it, `csp@council.example` or
/// `CSP team <csp@council.example>`: its name, if any, and the address.
pub fn mailbox(text: &str) -> (Option<&str>, &str) {
    let text = text.trim();
    match text
        .strip_suffix('>')
        .and_then(|rest| rest.rsplit_once('<'))
    {
        Some((name, address)) => {
            let name = name.trim().trim_matches('"').trim();
            ((!name.is_empty()).then_some(name), address.trim())
        }
        None => (None, text),
    }
}

/// One body that meets (the Board, the Delivery Group) and its dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeetingSeries {
    /// The key under `[meetings]`, as `next:KEY` names it.
    pub key: String,
    pub title: String,
    /// Sorted, each day once.
    pub dates: Vec<NaiveDate>,
}

impl Lead {
    /// Whether `text` names this lead: its key, full name or an alias, in
    /// any letter case.
    pub fn is_named(&self, text: &str) -> bool {
        let text = text.trim();
        self.key.eq_ignore_ascii_case(text)
            || self.name.eq_ignore_ascii_case(text)
            || self
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(text))
    }
}

impl Manifest {
    /// The plan's name as a domain, `east-cambridgeshire-csp-action-plan.csp`:
    /// the right-hand part of every calendar UID and draft's Message-ID, so
    /// that two plans' ids stay apart.
    pub fn domain(&self) -> String {
        let mut slug = String::new();
        for c in self.name.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            "plan.csp".into()
        } else {
            format!("{slug}.csp")
        }
    }

    /// The plan's name as titles and headings print it: with its year
    /// when `[plan] year` is set ("Test Valley CSP action plan 2023/24").
    pub fn title(&self) -> String {
        match self.year {
            Some(year) if !self.name.contains(&year.to_string()) => {
                format!("{} {year}", self.name)
            }
            _ => self.name.clone(),
        }
    }

    pub fn lead(&self, key: &str) -> Option<&Lead> {
        self.leads.iter().find(|lead| lead.key == key)
    }

    /// The lead a person means by `text` (key, name or alias, any case).
    pub fn find_lead(&self, text: &str) -> Option<&Lead> {
        self.lead(text)
            .or_else(|| self.leads.iter().find(|lead| lead.is_named(text)))
    }

    /// The lead key closest to `text`, for "did you mean" help.
    pub fn suggest_lead(&self, text: &str) -> Option<&str> {
        if let Some(lead) = self.find_lead(text) {
            return Some(&lead.key);
        }
        let candidates = self.leads.iter().flat_map(|lead| {
            std::iter::once(lead.key.as_str())
                .chain(std::iter::once(lead.name.as_str()))
                .chain(lead.aliases.iter().map(String::as_str))
                .map(move |label| (label, lead.key.as_str()))
        });
        suggest::closest(text, candidates)
    }

    pub fn section(&self, path: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.path == path)
    }

    /// The listed section paths, for membership tests over many actions:
    /// scanning the list each time would be quadratic in a county-wide plan.
    pub fn section_paths(&self) -> std::collections::HashSet<&str> {
        self.sections
            .iter()
            .map(|section| section.path.as_str())
            .collect()
    }

    pub fn section_index(&self, path: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|section| section.path == path)
    }

    pub fn priority(&self, key: u32) -> Option<&Priority> {
        self.priorities.iter().find(|priority| priority.key == key)
    }
}

/// An action's id: its path under the plan root without `.toml`, `/`-separated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ActionId(Box<str>);

impl ActionId {
    /// The id of the action file at `relative` (a path under the plan root).
    pub fn from_relative_path(relative: &Path) -> Self {
        // The loader's paths are plain `a/b/c.toml`, already what joining the
        // components with `/` gives: skip the copies for them.
        if let Some(text) = relative.to_str()
            && !text.is_empty()
            && !text.starts_with('/')
            && !text.ends_with('/')
            && !text.contains('\\')
            && text.split('/').all(|part| !part.is_empty() && part != ".")
        {
            return Self(text.strip_suffix(".toml").unwrap_or(text).into());
        }
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let joined = parts.join("/");
        Self(joined.strip_suffix(".toml").unwrap_or(&joined).into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The section directory holding the action ("" at the plan root).
    pub fn section(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(section, _)| section)
    }

    /// The file name without `.toml`.
    pub fn slug(&self) -> &str {
        self.0.rsplit_once('/').map_or(&self.0, |(_, slug)| slug)
    }

    /// Whether `query` is a trailing run of whole path components of this id
    /// (`commission-assessment` or `strategic-assessment/commission-assessment`).
    pub fn ends_with_components(&self, query: &str) -> bool {
        ends_with_components(&self.0, query)
    }
}

/// Whether `query` is a trailing run of whole `/`-separated components of `path`.
pub fn ends_with_components(path: &str, query: &str) -> bool {
    path == query
        || path
            .strip_suffix(query)
            .is_some_and(|rest| rest.ends_with('/'))
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Open,
    InProgress,
    Blocked,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::InProgress,
        Status::Blocked,
        Status::Done,
        Status::Dropped,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.name() == text)
    }

    /// Open, in progress or blocked: work that can still be late.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::Blocked)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    pub fn name(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|rag| rag.name() == text)
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dated progress note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Update {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub id: ActionId,
    /// The action's own `marking`; `Plan::marking_of` gives the effective one.
    pub marking: Option<Marking>,
    /// The file's path when the id cannot spell it (a file name that is not
    /// UTF-8); `Plan::file_of` derives every other action's path.
    pub unspellable_file: Option<Box<Path>>,
    pub title: Box<str>,
    pub description: Box<str>,
    /// Keys and names recur across thousands of files; the loader shares
    /// one copy of each (see `load::action`).
    pub lead: Box<[Arc<str>]>,
    pub partners: Box<[Arc<str>]>,
    pub contacts: Box<[Arc<str>]>,
    pub priority: Box<[u32]>,
    pub timescale: Option<Box<str>>,
    pub due: Option<Due>,
    /// A due written as counted from the plan's start (`due =
    /// "start+6m"`), kept as written; `due` is then that day, resolved
    /// against `[plan] start` when the plan is loaded (none without one).
    pub due_from_start: Option<Period>,
    pub every: Option<Period>,
    pub status: Status,
    pub rag: Option<Rag>,
    pub completed: Option<NaiveDate>,
    pub tags: Box<[Arc<str>]>,
    pub updates: Box<[Update]>,
    /// Where fields sit in the file, for diagnostics after loading.
    pub spans: ActionSpans,
}

/// Owned copies of an action's shared texts (its leads, partners…), for
/// values that are serialised or outlive the plan.
pub fn owned(texts: &[Arc<str>]) -> Vec<String> {
    texts.iter().map(std::string::ToString::to_string).collect()
}

impl Action {
    /// A minimal open action with the given id, led by "L", for unit tests
    /// that care about one or two fields.
    #[cfg(test)]
    pub(crate) fn for_test(id: &str) -> Self {
        Action {
            id: ActionId::from_relative_path(Path::new(&format!("{id}.toml"))),
            marking: None,
            unspellable_file: None,
            title: "t".into(),
            description: "d".into(),
            lead: Box::new(["L".into()]),
            partners: Box::default(),
            contacts: Box::default(),
            priority: Box::default(),
            timescale: None,
            due: None,
            due_from_start: None,
            every: None,
            status: Status::Open,
            rag: None,
            completed: None,
            tags: Box::default(),
            updates: Box::default(),
            spans: ActionSpans::default(),
        }
    }

    pub fn section(&self) -> &str {
        self.id.section()
    }

    /// The newest progress update (by date; the later one on a tie).
    pub fn latest_update(&self) -> Option<&Update> {
        self.updates
            .iter()
            .enumerate()
            .max_by_key(|(index, update)| (update.date, *index))
            .map(|(_, update)| update)
    }
}

/// Where an action's fields sit in its file, for diagnostics after loading.
/// Kept compact because every loaded action carries one: `u32` offsets
/// (action files are at most 1 MiB) and the list entries' spans in one
/// allocation.
#[derive(Clone, Debug, Default)]
pub struct ActionSpans {
    /// One span per entry of `lead`, then `partners`, then `priority`.
    lists: Box<[Span]>,
    leads: u32,
    partners: u32,
    pub status: Option<Span>,
    pub completed: Option<Span>,
}

impl ActionSpans {
    pub fn new(
        lead: impl ExactSizeIterator<Item = Range<usize>>,
        partners: impl ExactSizeIterator<Item = Range<usize>>,
        priority: impl ExactSizeIterator<Item = Range<usize>>,
    ) -> Self {
        let leads = u32::try_from(lead.len()).unwrap_or(u32::MAX);
        let partner_count = u32::try_from(partners.len()).unwrap_or(u32::MAX);
        let mut lists = Vec::with_capacity(lead.len() + partners.len() + priority.len());
        lists.extend(lead.chain(partners).chain(priority).map(Span::from));
        Self {
            lists: lists.into_boxed_slice(),
            leads,
            partners: partner_count,
            status: None,
            completed: None,
        }
    }

    /// The spans of the `lead` entries, in order.
    pub fn lead(&self) -> &[Span] {
        self.part(0, self.leads as usize)
    }

    pub fn partners(&self) -> &[Span] {
        self.part(self.leads as usize, self.partners as usize)
    }

    pub fn priority(&self) -> &[Span] {
        let start = self.leads as usize + self.partners as usize;
        self.part(start, self.lists.len().saturating_sub(start))
    }

    fn part(&self, start: usize, len: usize) -> &[Span] {
        self.lists.get(start..start + len).unwrap_or(&[])
    }
}

/// A byte range in an action file, in half the room of `Range<usize>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        Self {
            start: offset(range.start),
            end: offset(range.end),
        }
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Self {
        span.start as usize..span.end as usize
    }
}

impl Plan {
    /// The action's file as shown to the user: the plan root joined with the
    /// id, as the loader named it. Derived rather than stored: at 100,000
    /// actions a stored copy of every path costs 10 MB.
    pub fn file_of(&self, action: &Action) -> PathBuf {
        match &action.unspellable_file {
            Some(file) => file.to_path_buf(),
            None => shown_path(&self.root, Path::new(&format!("{}.toml", action.id))),
        }
    }

    /// The section's title, or its path where the manifest does not list it.
    pub fn section_title<'a>(&'a self, path: &'a str) -> &'a str {
        self.manifest
            .section(path)
            .map_or(path, |section| section.title.as_str())
    }

    /// The action's effective marking: its own field, else the nearest
    /// section's in `[markings]`, else `[plan] marking`, else OFFICIAL.
    pub fn marking_of(&self, action: &Action) -> Marking {
        action
            .marking
            .unwrap_or_else(|| self.section_marking(action.section()))
    }

    /// The marking an action in `section` has without a field of its own:
    /// the nearest section's in `[markings]`, else the plan's.
    pub fn section_marking(&self, section: &str) -> Marking {
        let manifest = &self.manifest;
        if !manifest.markings.is_empty() {
            let mut section = section;
            while !section.is_empty() {
                if let Some(marking) = manifest.markings.get(section) {
                    return *marking;
                }
                section = section.rsplit_once('/').map_or("", |(parent, _)| parent);
            }
        }
        manifest.marking.unwrap_or_default()
    }

    pub fn is_sensitive(&self, action: &Action) -> bool {
        self.marking_of(action).is_sensitive()
    }

    /// A measure's effective marking: its own field, else `[plan] marking`,
    /// else OFFICIAL. Measures sit in no section, so `[markings]` does not
    /// reach them.
    pub fn measure_marking(&self, measure: &Measure) -> Marking {
        measure
            .marking
            .unwrap_or_else(|| self.manifest.marking.unwrap_or_default())
    }

    pub fn is_measure_sensitive(&self, measure: &Measure) -> bool {
        self.measure_marking(measure).is_sensitive()
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|measure| &*measure.id == id)
    }

    /// The tolerance a measure is judged with: its own, else `[measures]
    /// tolerance`, else 5%.
    pub fn tolerance_of(&self, measure: &Measure) -> Tolerance {
        measure
            .tolerance
            .or(self.manifest.measure_defaults.tolerance)
            .unwrap_or(Tolerance::DEFAULT)
    }

    /// How long after a period's end a measure's figure is due.
    pub fn lag_of(&self, measure: &Measure) -> Option<Period> {
        measure.lag.or(self.manifest.measure_defaults.lag)
    }
}

/// Shows `root/relative` the way a person would type it: no `./` prefix.
pub fn shown_path(root: &Path, relative: &Path) -> PathBuf {
    if root == Path::new(".") {
        relative.to_path_buf()
    } else {
        root.join(relative)
    }
}

#[cfg(test)]
mod domain_tests {
    use super::Manifest;

    fn domain(name: &str) -> String {
        Manifest {
            name: name.into(),
            ..Manifest::default()
        }
        .domain()
    }

    #[test]
    fn the_domain_is_a_slug_of_the_plan_name() {
        assert_eq!(domain("East Cambs CSP: plan"), "east-cambs-csp-plan.csp");
        assert_eq!(domain("—"), "plan.csp");
    }
}

#[cfg(test)]
mod marking_tests {
    use super::{Action, Manifest, Marking, Plan};
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
    fn the_own_field_wins_then_the_nearest_section_then_the_plan() {
        let mut manifest = Manifest::default();
        manifest
            .markings
            .insert("a".into(), Marking::OfficialSensitive);
        manifest.markings.insert("a/b".into(), Marking::Official);
        let mut own = Action::for_test("a/b/own");
        own.marking = Some(Marking::OfficialSensitive);
        let plan = plan(
            vec![
                own,
                Action::for_test("a/b/public"),
                Action::for_test("a/c/secret"),
                Action::for_test("top"),
            ],
            manifest,
        );
        let marks: Vec<Marking> = plan.actions.iter().map(|a| plan.marking_of(a)).collect();
        assert_eq!(
            marks,
            [
                Marking::OfficialSensitive,
                Marking::Official,
                Marking::OfficialSensitive,
                Marking::Official
            ]
        );
        let mut sensitive_plan = plan.clone();
        sensitive_plan.manifest.marking = Some(Marking::OfficialSensitive);
        assert!(sensitive_plan.is_sensitive(&sensitive_plan.actions[3]));
    }
}
