//! What the reading commands show, computed once from the plan and then
//! drawn by each format in `render`: rows of actions (grouped and sorted),
//! counts per lead, and the plan's summary. Every "overdue" or "due soon"
//! here comes from `schedule`, so all formats and commands agree.

pub mod chase;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::dates::{Due, Period, uk_date};
use crate::model::{Action, Lead, Plan, Rag, Status, Update, owned};
use crate::schedule::{self, days_overdue, days_until_due, describe_distance, next_due};

/// The day and plan that rows are computed against.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub as_of: NaiveDate,
    /// The last day of "due soon" (the plan's look-ahead from `as_of`).
    pub soon_until: NaiveDate,
    short_ids: HashMap<&'a str, String>,
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
            short_id: self
                .short_ids
                .get(action.id.as_str())
                .cloned()
                .unwrap_or_else(|| action.id.to_string()),
            title: action.title.to_string(),
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
            every: action.every,
            status: action.status,
            rag: action.rag,
            completed: action.completed,
            next_due: next,
            days_until_due: days_until_due(action, self.as_of),
            days_overdue: days_overdue(action, self.as_of),
            due_soon: schedule::is_upcoming(action, self.as_of, self.soon_until),
            description: action.description.to_string(),
            latest_update: action.latest_update().cloned(),
            updates: action.updates.to_vec(),
            file: self.plan.file_of(action).display().to_string(),
        }
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
fn short_ids(plan: &Plan) -> HashMap<&str, String> {
    fn suffixes(id: &str) -> impl Iterator<Item = &str> {
        std::iter::once(id).chain(id.match_indices('/').map(|(at, _)| &id[at + 1..]))
    }
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for action in &plan.actions {
        for suffix in suffixes(action.id.as_str()) {
            *uses.entry(suffix).or_default() += 1;
        }
    }
    plan.actions
        .iter()
        .map(|action| {
            let id = action.id.as_str();
            let shortest = suffixes(id)
                .filter(|suffix| uses.get(suffix) == Some(&1))
                .last()
                .unwrap_or(id);
            (id, shortest.to_string())
        })
        .collect()
}

/// One action as every format shows it. The JSON field names are a stable
/// interface: scripts depend on them, so add fields but never rename one.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRow {
    pub id: String,
    /// The shortest trailing part of `id` that names this action alone.
    pub short_id: String,
    pub title: String,
    pub section: String,
    pub section_title: String,
    /// Lead keys, as in `[leads]`.
    pub lead: Vec<String>,
    pub lead_names: Vec<String>,
    pub partners: Vec<String>,
    pub partner_names: Vec<String>,
    pub contacts: Vec<String>,
    pub priority: Vec<u32>,
    pub tags: Vec<String>,
    pub timescale: Option<String>,
    /// The deadline as a day (a month-form due is its last day).
    #[serde(serialize_with = "due_as_date")]
    pub due: Option<Due>,
    pub due_is_month: bool,
    #[serde(serialize_with = "every_as_text")]
    pub every: Option<Period>,
    pub status: Status,
    pub rag: Option<Rag>,
    pub completed: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    /// Negative when the next due date has passed, whatever the status.
    pub days_until_due: Option<i64>,
    /// Only for open, in-progress or blocked actions past their next due date.
    pub days_overdue: Option<i64>,
    pub due_soon: bool,
    pub description: String,
    pub latest_update: Option<Update>,
    pub updates: Vec<Update>,
    pub file: String,
}

fn due_as_date<S: Serializer>(due: &Option<Due>, serializer: S) -> Result<S::Ok, S::Error> {
    due.map(Due::date).serialize(serializer)
}

fn every_as_text<S: Serializer>(every: &Option<Period>, serializer: S) -> Result<S::Ok, S::Error> {
    every.map(Period::every_text).serialize(serializer)
}

/// How pressing an action is, for colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    DueSoon,
    Calm,
}

impl ActionRow {
    pub fn urgency(&self) -> Urgency {
        if self.days_overdue.is_some() {
            Urgency::Overdue
        } else if self.due_soon {
            Urgency::DueSoon
        } else {
            Urgency::Calm
        }
    }

    /// The deadline as officers read it: "Sep 2023" for a month, "30 Sep
    /// 2023" for a day, the computed next date for a recurring action that
    /// has no `due`; empty when undated.
    pub fn due_text(&self) -> String {
        match (self.due, self.next_due) {
            (Some(due), _) => due.uk(),
            (None, Some(next)) => uk_date(next),
            (None, None) => String::new(),
        }
    }

    /// "3 weeks late", "in 5 days", "due today" for active dated actions;
    /// empty for done, dropped and undated ones, which cannot be late.
    pub fn distance_text(&self) -> String {
        match self.days_until_due {
            Some(days) if self.status.is_active() => describe_distance(days),
            _ => String::new(),
        }
    }

    pub fn rag_text(&self) -> &'static str {
        self.rag.map_or("", Rag::name)
    }

    pub fn every_text(&self) -> String {
        self.every.map(Period::every_text).unwrap_or_default()
    }
}

/// Which list a listing is: it decides the caption and the empty message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    All,
    Overdue,
    Upcoming { until: NaiveDate },
}

/// The columns people see in a table or Markdown listing. JSON and CSV
/// carry every field instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Title,
    Section,
    Lead,
    Due,
    When,
    Status,
    Rag,
}

impl Column {
    pub fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Title => "Title",
            Column::Section => "Section",
            Column::Lead => "Lead",
            Column::Due => "Due",
            Column::When => "When",
            Column::Status => "Status",
            Column::Rag => "RAG",
        }
    }

    /// The cell's text; `list_separator` joins the values of a many-valued
    /// cell (a table puts each lead on its own line, Markdown uses ", ").
    pub fn text(self, row: &ActionRow, list_separator: &str) -> String {
        match self {
            Column::Id => row.short_id.clone(),
            Column::Title => row.title.clone(),
            Column::Section => row.section_title.clone(),
            Column::Lead => row.lead.join(list_separator),
            Column::Due => row.due_text(),
            // Overdue and upcoming lists leave out the status column to
            // give titles room; the status shows here when it is not "open".
            Column::When => match row.status {
                Status::Open => row.distance_text(),
                status => format!("{}{list_separator}{status}", row.distance_text()),
            },
            Column::Status => row.status.name().to_string(),
            Column::Rag => row.rag_text().to_string(),
        }
    }

    /// Whether the column holds prose, which wraps to leave the other
    /// columns (ids, keys, dates) whole.
    pub fn is_prose(self) -> bool {
        matches!(self, Column::Title | Column::Section)
    }

    /// Whether the column says how near the deadline is, and so takes the
    /// row's urgency colour.
    pub fn shows_urgency(self) -> bool {
        matches!(self, Column::Due | Column::When)
    }
}

/// How to order rows within a listing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Sections as in csp.toml, then by id
    #[default]
    Plan,
    /// Soonest next due date first (so the most overdue first); undated last
    Due,
    /// By first lead's key, then by due date
    Lead,
}

/// Actions under one lead, when a listing is grouped by lead.
#[derive(Clone, Debug, Serialize)]
pub struct LeadGroup {
    pub lead: String,
    pub name: String,
    pub actions: Vec<ActionRow>,
}

/// A list of actions ready to render.
#[derive(Clone, Debug)]
pub struct Listing {
    pub kind: ListKind,
    pub as_of: NaiveDate,
    pub columns: Vec<Column>,
    /// Every matching action once, in order.
    pub rows: Vec<ActionRow>,
    /// With `--by-lead`: the rows again, under each of their leads.
    pub by_lead: Option<Vec<LeadGroup>>,
}

impl Listing {
    /// Rows for `actions` (in plan order), sorted by `sort`, grouped by lead
    /// when `by_lead` is given: the leads to group under (empty for every
    /// lead that has rows) and whether partners count as involved.
    pub fn new(
        context: &Context,
        kind: ListKind,
        actions: &[&Action],
        sort: SortBy,
        by_lead: Option<(&[String], bool)>,
    ) -> Self {
        let mut rows: Vec<ActionRow> = actions.iter().map(|a| context.row(a)).collect();
        sort_rows(&mut rows, sort);
        let by_lead =
            by_lead.map(|(wanted, involving)| group_by_lead(context, &rows, wanted, involving));
        let columns = match kind {
            // Sections are left to `--section` and the JSON and CSV: a
            // seventh column would squeeze the titles into slivers.
            ListKind::All => vec![
                Column::Id,
                Column::Title,
                Column::Lead,
                Column::Due,
                Column::Status,
                Column::Rag,
            ],
            ListKind::Overdue | ListKind::Upcoming { .. } => vec![
                Column::Id,
                Column::Title,
                Column::Lead,
                Column::Due,
                Column::When,
            ],
        };
        // A plan that rates nothing needs no empty RAG column.
        let columns = columns
            .into_iter()
            .filter(|&column| column != Column::Rag || rows.iter().any(|row| row.rag.is_some()))
            .collect();
        Self {
            kind,
            as_of: context.as_of,
            columns,
            rows,
            by_lead,
        }
    }

    /// "12 actions overdue as of 15 Jan 2024": the line above a table.
    pub fn caption(&self) -> String {
        let count = self.rows.len();
        let as_of = uk_date(self.as_of);
        match self.kind {
            ListKind::All => {
                let overdue = self
                    .rows
                    .iter()
                    .filter(|r| r.days_overdue.is_some())
                    .count();
                match overdue {
                    0 => format!("{}, none overdue as of {as_of}", actions(count)),
                    n => format!("{}, {n} overdue as of {as_of}", actions(count)),
                }
            }
            ListKind::Overdue => format!("{} overdue as of {as_of}", actions(count)),
            ListKind::Upcoming { until } => {
                format!("{} due from {as_of} to {}", actions(count), uk_date(until))
            }
        }
    }

    /// The one line printed instead of an empty table.
    pub fn empty_message(&self) -> String {
        let as_of = uk_date(self.as_of);
        match self.kind {
            ListKind::All => "no actions match".to_string(),
            ListKind::Overdue => format!("nothing overdue as of {as_of}"),
            ListKind::Upcoming { until } => {
                format!("nothing due from {as_of} to {}", uk_date(until))
            }
        }
    }

    /// The heading of one lead's group: "police (Cambridgeshire Constabulary): 3 overdue".
    pub fn group_heading(&self, group: &LeadGroup) -> String {
        let count = group.actions.len();
        let what = match self.kind {
            ListKind::All => actions(count),
            ListKind::Overdue => format!("{count} overdue"),
            ListKind::Upcoming { .. } => format!("{count} due"),
        };
        format!("{} ({}): {what}", group.lead, group.name)
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

fn sort_rows(rows: &mut [ActionRow], sort: SortBy) {
    // Stable sorts: ties keep plan order.
    let due_key = |row: &ActionRow| (row.next_due.is_none(), row.next_due);
    match sort {
        SortBy::Plan => {}
        SortBy::Due => rows.sort_by_key(due_key),
        SortBy::Lead => rows.sort_by_cached_key(|row| {
            (row.lead.first().map(|key| key.to_lowercase()), due_key(row))
        }),
    }
}

fn group_by_lead(
    context: &Context,
    rows: &[ActionRow],
    wanted: &[String],
    involving: bool,
) -> Vec<LeadGroup> {
    let mut keys: Vec<String> = if wanted.is_empty() {
        rows.iter()
            .flat_map(|row| row.lead.iter().cloned())
            .collect()
    } else {
        wanted.to_vec()
    };
    keys.sort_by_key(|key| key.to_lowercase());
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let actions: Vec<ActionRow> = rows
                .iter()
                .filter(|row| row.lead.contains(&key) || (involving && row.partners.contains(&key)))
                .cloned()
                .collect();
            let name = context
                .plan
                .manifest
                .lead(&key)
                .map_or_else(|| key.clone(), |lead| lead.name.clone());
            (!actions.is_empty()).then_some(LeadGroup {
                lead: key,
                name,
                actions,
            })
        })
        .collect()
}

/// How many actions, of them how many are open (open, in progress or
/// blocked), overdue, and due soon.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub actions: usize,
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
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
    }
}

/// One lead and the work it carries.
#[derive(Clone, Debug, Serialize)]
pub struct LeadRow {
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// False for a key that actions use but `[leads]` lacks (an invalid plan).
    pub known: bool,
    /// Actions it leads (alone or with others).
    pub led: usize,
    /// Of those, open, in progress or blocked.
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Actions where it is a partner, not a lead.
    pub partner: usize,
}

/// Each lead of `[leads]` (or only `wanted`, when given) with its counts over
/// `actions`, in the manifest's order; keys that actions use but the
/// manifest lacks come last.
pub fn lead_rows(context: &Context, actions: &[&Action], wanted: &[String]) -> Vec<LeadRow> {
    let manifest = &context.plan.manifest;
    let mut leads: Vec<Lead> = manifest.leads.clone();
    let mut index: HashMap<String, usize> = leads
        .iter()
        .enumerate()
        .map(|(at, lead)| (lead.key.clone(), at))
        .collect();
    let mut counts = vec![(Counts::default(), 0_usize); leads.len()];
    for action in actions {
        for (key, leading) in action
            .lead
            .iter()
            .map(|key| (key, true))
            .chain(action.partners.iter().map(|key| (key, false)))
        {
            let at = *index.entry(key.to_string()).or_insert_with(|| {
                leads.push(Lead {
                    key: key.to_string(),
                    name: key.to_string(),
                    ..Lead::default()
                });
                counts.push((Counts::default(), 0));
                leads.len() - 1
            });
            if leading {
                counts[at].0.add(context, action);
            } else {
                counts[at].1 += 1;
            }
        }
    }
    leads
        .into_iter()
        .zip(counts)
        .filter(|(lead, _)| wanted.is_empty() || wanted.contains(&lead.key))
        .map(|(lead, (counts, partner))| LeadRow {
            known: manifest.lead(&lead.key).is_some(),
            key: lead.key,
            name: lead.name,
            aliases: lead.aliases,
            led: counts.actions,
            open: counts.open,
            overdue: counts.overdue,
            due_soon: counts.due_soon,
            partner,
        })
        .collect()
}

/// The line above the leads table.
pub fn leads_caption(count: usize, context: &Context) -> String {
    format!(
        "{count} lead{} as of {}; due soon means due by {}",
        if count == 1 { "" } else { "s" },
        uk_date(context.as_of),
        uk_date(context.soon_until)
    )
}

/// Counts for one status, RAG rating or section.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    pub key: String,
    pub label: String,
    /// Nesting of a section under others (0 at the top); 0 otherwise.
    pub depth: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The plan at a glance.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub plan: String,
    pub as_of: NaiveDate,
    /// The last day counted as "due soon" (the plan's look-ahead).
    pub due_soon_until: NaiveDate,
    #[serde(flatten)]
    pub total: Counts,
    /// Actions with no next due date.
    pub undated: usize,
    pub recurring: usize,
    pub status: Vec<Bucket>,
    pub rag: Vec<Bucket>,
    pub sections: Vec<Bucket>,
}

impl Summary {
    pub fn new(context: &Context, actions: &[&Action]) -> Self {
        let plan = context.plan;
        let mut paths: Vec<&str> = plan
            .manifest
            .sections
            .iter()
            .map(|s| s.path.as_str())
            .collect();
        for action in actions {
            if !paths.contains(&action.section()) {
                paths.push(action.section());
            }
        }
        let section_at: HashMap<&str, usize> = paths
            .iter()
            .enumerate()
            .map(|(at, &path)| (path, at))
            .collect();
        let mut total = Counts::default();
        let mut status = [Counts::default(); Status::ALL.len()];
        let mut rag = [Counts::default(); Rag::ALL.len() + 1];
        let mut sections = vec![Counts::default(); paths.len()];
        for action in actions {
            total.add(context, action);
            if let Some(at) = Status::ALL.iter().position(|&s| s == action.status) {
                status[at].add(context, action);
            }
            let rag_at = action
                .rag
                .and_then(|r| Rag::ALL.iter().position(|&known| known == r))
                .unwrap_or(Rag::ALL.len());
            rag[rag_at].add(context, action);
            // A section counts the actions of its subsections too.
            for path in ancestors(action.section()) {
                if let Some(&at) = section_at.get(path) {
                    sections[at].add(context, action);
                }
            }
        }
        let bucket = |key: &str, label: &str, depth: usize, counts: Counts| Bucket {
            key: key.into(),
            label: label.into(),
            depth,
            counts,
        };
        Self {
            plan: plan.manifest.name.clone(),
            as_of: context.as_of,
            due_soon_until: context.soon_until,
            total,
            undated: actions.iter().filter(|a| next_due(a).is_none()).count(),
            recurring: actions.iter().filter(|a| a.every.is_some()).count(),
            status: Status::ALL
                .iter()
                .zip(status)
                .map(|(s, counts)| bucket(s.name(), s.name(), 0, counts))
                .collect(),
            rag: Rag::ALL
                .iter()
                .map(|r| r.name())
                .chain(["none"])
                .zip(rag)
                .map(|(name, counts)| bucket(name, name, 0, counts))
                .collect(),
            sections: paths
                .iter()
                .zip(sections)
                .map(|(&path, counts)| {
                    let depth = ancestors(path)
                        .skip(1)
                        .filter(|above| section_at.contains_key(above))
                        .count();
                    bucket(path, plan.section_title(path), depth, counts)
                })
                .collect(),
        }
    }
}

impl Summary {
    /// "78 actions as of 15 Jan 2024: 12 overdue, 5 due soon (by 14 Feb 2024), 20 undated, 15 recurring".
    pub fn headline(&self) -> String {
        format!(
            "{} as of {}: {} overdue, {} due soon (by {}), {} undated, {} recurring",
            actions(self.total.actions),
            uk_date(self.as_of),
            self.total.overdue,
            self.total.due_soon,
            uk_date(self.due_soon_until),
            self.undated,
            self.recurring
        )
    }
}

/// `a/b/c`, `a/b`, `a`: a section path and each path above it.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once(path).chain(path.rmatch_indices('/').map(|(at, _)| &path[..at]))
}

/// One action in full, for `csp show`.
#[derive(Clone, Debug, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub row: ActionRow,
    /// The wording of each priority the action serves, as in `[priorities]`.
    pub priority_texts: Vec<String>,
    /// Lead and partner keys missing from `[leads]` (an invalid plan).
    #[serde(skip)]
    unknown_leads: Vec<String>,
}

/// What a field shows when it is not set.
pub const UNSET: &str = "—";

impl Detail {
    pub fn new(context: &Context, action: &Action) -> Self {
        let manifest = &context.plan.manifest;
        Self {
            row: context.row(action),
            priority_texts: action
                .priority
                .iter()
                .map(|&key| {
                    manifest
                        .priority(key)
                        .map_or("", |p| p.text.as_str())
                        .to_string()
                })
                .collect(),
            unknown_leads: action
                .lead
                .iter()
                .chain(&action.partners)
                .filter(|key| manifest.lead(key).is_none())
                .map(|key| key.to_string())
                .collect(),
        }
    }

    /// Every field as label and text, in the order of the file format.
    /// Multi-valued fields put one value on each line.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let row = &self.row;
        let or_unset = |text: String| {
            if text.is_empty() {
                UNSET.to_string()
            } else {
                text
            }
        };
        let bodies = |keys: &[String], names: &[String]| {
            or_unset(
                keys.iter()
                    .zip(names)
                    .map(|(key, name)| {
                        if self.unknown_leads.contains(key) {
                            format!("{key} (not in [leads])")
                        } else {
                            format!("{key}: {name}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        };
        vec![
            (
                "Section",
                format!("{} ({})", row.section_title, row.section),
            ),
            ("Description", row.description.clone()),
            ("Lead", bodies(&row.lead, &row.lead_names)),
            ("Partners", bodies(&row.partners, &row.partner_names)),
            ("Contacts", or_unset(row.contacts.join(", "))),
            (
                "Priority",
                or_unset(
                    row.priority
                        .iter()
                        .zip(&self.priority_texts)
                        .map(|(key, text)| format!("{key}: {text}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ),
            (
                "Timescale",
                or_unset(row.timescale.clone().unwrap_or_default()),
            ),
            (
                "Due",
                or_unset(row.due.map_or_else(String::new, |due| match due {
                    Due::Day(_) => due.uk(),
                    _ => format!("{} (by {})", due.uk(), uk_date(due.date())),
                })),
            ),
            ("Every", or_unset(row.every_text())),
            ("Next due", self.next_due_text()),
            ("Status", row.status.name().to_string()),
            ("RAG", or_unset(row.rag_text().to_string())),
            (
                "Completed",
                or_unset(row.completed.map(uk_date).unwrap_or_default()),
            ),
            ("Tags", or_unset(row.tags.join(", "))),
            ("File", row.file.clone()),
        ]
    }

    /// "31 Mar 2024, in 2 months"; for a finished action, why it is not due.
    pub fn next_due_text(&self) -> String {
        let row = &self.row;
        match row.next_due {
            Some(next) if row.status.is_active() => {
                format!("{}, {}", uk_date(next), row.distance_text())
            }
            Some(next) => format!("{}; {}, so not due", uk_date(next), row.status),
            None if row.every.is_some() => {
                "none: it recurs, but has neither `due` nor `completed` to count from".into()
            }
            None => "none: no due date".into(),
        }
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
                .resolve(&short[action.id.as_str()])
                .map(|a| a.id.clone());
            assert_eq!(resolved, Ok(action.id.clone()));
        }
    }

    #[test]
    fn section_paths_and_those_above_them() {
        assert_eq!(
            ancestors("a/b/c").collect::<Vec<_>>(),
            ["a/b/c", "a/b", "a"]
        );
        assert_eq!(ancestors("a").collect::<Vec<_>>(), ["a"]);
    }
}
