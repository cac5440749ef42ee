//! The listing that `list`, `overdue` and `upcoming` print: one row per
//! action, the columns a table shows, sorted and optionally grouped by lead.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::row::{ActionRow, ShownRow, distance_text, due_text};
use super::{Context, actions};
use crate::model::{Action, Rag, Status};
use crate::schedule::{is_overdue, next_due};

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
    /// Borrowed where the row holds it whole, as most cells are.
    pub fn text<'r>(self, row: &'r ShownRow<'_>, list_separator: &str) -> Cow<'r, str> {
        match self {
            Column::Id => Cow::Borrowed(row.short_id),
            Column::Title => Cow::Borrowed(&row.title),
            Column::Section => Cow::Borrowed(row.section_title),
            Column::Lead => match row.lead {
                [lead] => Cow::Borrowed(lead),
                leads => Cow::Owned(leads.join(list_separator)),
            },
            Column::Due => Cow::Owned(due_text(row.due, row.next_due, row.due_from_start)),
            // Overdue and upcoming lists leave out the status column to
            // give titles room; the status shows here when it is not "open".
            Column::When => {
                let distance = distance_text(row.days_until_due, row.status);
                match row.status {
                    Status::Open => Cow::Owned(distance),
                    status => Cow::Owned(format!("{distance}{list_separator}{status}")),
                }
            }
            Column::Status => Cow::Borrowed(row.status.name()),
            Column::Rag => Cow::Borrowed(row.rag.map_or("", Rag::name)),
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
#[derive(Clone, Debug)]
pub struct LeadGroup<'a> {
    pub lead: String,
    pub name: String,
    pub actions: Vec<&'a Action>,
}

/// A list of actions ready to render. It holds the actions in order, not
/// their rows: each [`ActionRow`] is computed as it is drawn and dropped
/// after, so listing a whole large plan holds a pointer per action rather
/// than a second copy of the plan.
pub struct Listing<'a> {
    context: &'a Context<'a>,
    pub kind: ListKind,
    pub as_of: NaiveDate,
    /// The as-of day and the upcoming window's end as captions print them,
    /// with the meetings held that day ("14 Mar 2024 (CSP Board)").
    as_of_text: String,
    until_text: String,
    pub columns: Vec<Column>,
    /// Every matching action once, in order.
    pub actions: Vec<&'a Action>,
    /// With `--by-lead`: the actions again, under each of their leads.
    pub by_lead: Option<Vec<LeadGroup<'a>>>,
}

impl<'a> Listing<'a> {
    /// A listing of `actions` (in plan order), sorted by `sort`, grouped by
    /// lead when `by_lead` is given: the leads to group under (empty for
    /// every lead that has actions) and whether partners count as involved.
    pub fn new(
        context: &'a Context<'a>,
        kind: ListKind,
        actions: &[&'a Action],
        sort: SortBy,
        by_lead: Option<(&[String], bool)>,
    ) -> Self {
        let mut actions = actions.to_vec();
        sort_actions(&mut actions, sort);
        let by_lead =
            by_lead.map(|(wanted, involving)| group_by_lead(context, &actions, wanted, involving));
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
            .filter(|&column| {
                column != Column::Rag || actions.iter().any(|action| action.rag.is_some())
            })
            .collect();
        let manifest = &context.plan.manifest;
        let until_text = match kind {
            ListKind::Upcoming { until } => manifest.named_day(until),
            ListKind::All | ListKind::Overdue => String::new(),
        };
        Self {
            context,
            kind,
            as_of: context.as_of,
            as_of_text: manifest.named_day(context.as_of),
            until_text,
            columns,
            actions,
            by_lead,
        }
    }

    /// The rows of `actions` (this listing's, or one group's), each computed
    /// as it is reached.
    pub fn rows<'s>(
        &'s self,
        actions: &'s [&'a Action],
    ) -> impl Iterator<Item = ActionRow<'s>> + 's {
        actions.iter().map(|action| self.context.row(action))
    }

    /// What a table or Markdown shows of each of `actions`, computed as it
    /// is reached.
    pub fn shown_rows<'s>(
        &'s self,
        actions: &'s [&'a Action],
    ) -> impl Iterator<Item = ShownRow<'s>> + 's {
        actions.iter().map(|action| self.context.shown_row(action))
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// "12 actions overdue as of 15 Jan 2024": the line above a table.
    pub fn caption(&self) -> String {
        let count = self.actions.len();
        let (as_of, until) = (&self.as_of_text, &self.until_text);
        match self.kind {
            ListKind::All => {
                let overdue = self
                    .actions
                    .iter()
                    .filter(|action| is_overdue(action, self.as_of))
                    .count();
                match overdue {
                    0 => format!("{}, none overdue as of {as_of}", actions(count)),
                    n => format!("{}, {n} overdue as of {as_of}", actions(count)),
                }
            }
            ListKind::Overdue => format!("{} overdue as of {as_of}", actions(count)),
            ListKind::Upcoming { .. } => {
                format!("{} due from {as_of} to {until}", actions(count))
            }
        }
    }

    /// The one line printed instead of an empty table.
    pub fn empty_message(&self) -> String {
        let (as_of, until) = (&self.as_of_text, &self.until_text);
        match self.kind {
            ListKind::All => "no actions match".to_string(),
            ListKind::Overdue => format!("nothing overdue as of {as_of}"),
            ListKind::Upcoming { .. } => format!("nothing due from {as_of} to {until}"),
        }
    }

    /// The heading of one lead's group: "police (Cambridgeshire Constabulary): 3 overdue".
    pub fn group_heading(&self, group: &LeadGroup<'_>) -> String {
        let count = group.actions.len();
        let what = match self.kind {
            ListKind::All => actions(count),
            ListKind::Overdue => format!("{count} overdue"),
            ListKind::Upcoming { .. } => format!("{count} due"),
        };
        format!("{} ({}): {what}", group.lead, group.name)
    }
}

fn sort_actions(actions: &mut [&Action], sort: SortBy) {
    // Stable sorts: ties keep plan order.
    let due_key = |action: &Action| {
        let next = next_due(action);
        (next.is_none(), next)
    };
    match sort {
        SortBy::Plan => {}
        SortBy::Due => actions.sort_by_cached_key(|action| due_key(action)),
        SortBy::Lead => actions.sort_by_cached_key(|action| {
            (
                action.lead.first().map(|key| key.to_lowercase()),
                due_key(action),
            )
        }),
    }
}

fn group_by_lead<'a>(
    context: &Context<'_>,
    actions: &[&'a Action],
    wanted: &[String],
    involving: bool,
) -> Vec<LeadGroup<'a>> {
    let mut keys: Vec<String> = if wanted.is_empty() {
        actions
            .iter()
            .flat_map(|action| action.lead.iter().map(ToString::to_string))
            .collect()
    } else {
        wanted.to_vec()
    };
    keys.sort_by_key(|key| key.to_lowercase());
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let names = |texts: &[std::sync::Arc<str>]| texts.iter().any(|text| **text == *key);
            let grouped: Vec<&Action> = actions
                .iter()
                .copied()
                .filter(|action| names(&action.lead) || (involving && names(&action.partners)))
                .collect();
            let name = context
                .plan
                .manifest
                .lead(&key)
                .map_or_else(|| key.clone(), |lead| lead.name.clone());
            (!grouped.is_empty()).then_some(LeadGroup {
                lead: key,
                name,
                actions: grouped,
            })
        })
        .collect()
}
