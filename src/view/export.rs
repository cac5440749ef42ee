//! `csp export`: every field of each selected action as one spreadsheet
//! row, with the summary counts beside it. The cells are typed (a date is a
//! date), so the workbook writer can format them and the CSV writer can
//! spell them; both take the same columns from here.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{ActionRow, Context, Leads, Summary};
use crate::model::{Action, Rag};
use crate::schedule;

/// One cell of the export, as typed as a spreadsheet can hold it.
/// Text borrows from the plan where it can: an export of a large plan has
/// millions of cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Date(NaiveDate),
    Number(i64),
}

impl<'a> Cell<'a> {
    fn text(text: impl Into<Cow<'a, str>>) -> Self {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    fn date(date: Option<NaiveDate>) -> Self {
        date.map_or(Cell::Empty, Cell::Date)
    }
}

/// What a column holds, for its width and format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Ids, keys, short words.
    Short,
    /// Titles, names and lists of them.
    Prose,
    /// The description: wide and wrapped.
    LongProse,
    Date,
    Number,
    /// The RAG rating, filled with its colour.
    Rag,
}

/// The Actions sheet's columns, in order: header and kind.
pub const EXPORT_COLUMNS: [(&str, ColumnKind); 22] = [
    ("ID", ColumnKind::Short),
    ("Section", ColumnKind::Prose),
    ("Title", ColumnKind::Prose),
    ("Description", ColumnKind::LongProse),
    ("Lead", ColumnKind::Prose),
    ("Partners", ColumnKind::Prose),
    ("Contacts", ColumnKind::Prose),
    ("Priority", ColumnKind::Short),
    ("Tags", ColumnKind::Short),
    ("Timescale", ColumnKind::Short),
    ("Due as written", ColumnKind::Short),
    ("Due", ColumnKind::Date),
    ("Every", ColumnKind::Short),
    ("Next due", ColumnKind::Date),
    ("Status", ColumnKind::Short),
    ("RAG", ColumnKind::Rag),
    ("Completed", ColumnKind::Date),
    ("Days overdue", ColumnKind::Number),
    ("Stale", ColumnKind::Short),
    ("Latest note date", ColumnKind::Date),
    ("Latest note", ColumnKind::LongProse),
    ("File", ColumnKind::Prose),
];

/// The Actions sheet's column order, as indices into [`EXPORT_COLUMNS`]
/// (whose order the CSV export keeps, for scripts reading by position):
/// first the columns a board reads on paper, which are all the sheet
/// prints ([`PRINTED_COLUMNS`]), then the rest, on screen only.
pub const WORKBOOK_ORDER: [usize; 22] = [
    2, 4, 10, 14, 15, 17,
    20, // Title, Lead, Due as written, Status, RAG, Days overdue, Latest note
    0, 1, 3, 5, 6, 7, 8, 9, 11, 12, 13, 16, 18, 19, 21,
];

/// How many of [`WORKBOOK_ORDER`]'s first columns the Actions sheet prints.
pub const PRINTED_COLUMNS: usize = 7;

/// One action as exported.
#[derive(Clone, Debug)]
pub struct ExportRow<'a> {
    pub row: ActionRow<'a>,
    /// Open, in progress or blocked with no progress note since the last
    /// meeting (else within `[plan] stale`).
    pub stale: bool,
}

impl ExportRow<'_> {
    pub fn is_overdue(&self) -> bool {
        self.row.days_overdue.is_some()
    }

    pub fn rag(&self) -> Option<Rag> {
        self.row.rag
    }

    /// The cells, one per [`EXPORT_COLUMNS`] entry.
    pub fn cells(&self) -> Vec<Cell<'_>> {
        let row = &self.row;
        let latest = row.latest_update.as_ref();
        vec![
            Cell::text(row.id),
            Cell::text(row.section_title),
            Cell::text(&*row.title),
            Cell::text(row.description.trim_end()),
            Cell::text(row.lead_names.join("; ")),
            Cell::text(row.partner_names.join("; ")),
            Cell::text(row.contacts.join("; ")),
            Cell::text(
                row.priority
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Cell::text(row.tags.join("; ")),
            Cell::text(row.timescale.unwrap_or_default()),
            Cell::text(row.due.map(crate::dates::Due::iso).unwrap_or_default()),
            Cell::date(row.due.map(crate::dates::Due::date)),
            Cell::text(row.every_text()),
            Cell::date(row.next_due),
            Cell::text(row.status.name()),
            Cell::text(row.rag_text()),
            Cell::date(row.completed),
            row.days_overdue.map_or(Cell::Empty, Cell::Number),
            Cell::text(if self.stale { "stale" } else { "" }),
            Cell::date(latest.map(|update| update.date)),
            Cell::text(
                latest
                    .map(|update| update.text.trim_end())
                    .unwrap_or_default(),
            ),
            Cell::text(row.file.as_str()),
        ]
    }
}

/// The plan as a workbook: the actions and the counts. Like a listing, it
/// holds the actions and computes each row as it is written.
pub struct Export<'a> {
    context: &'a Context<'a>,
    /// The plan's name, with its year when `[plan] year` is set.
    pub plan: String,
    pub as_of: NaiveDate,
    pub actions: Vec<&'a Action>,
    pub summary: Summary,
    pub leads: Leads,
    /// OFFICIAL-SENSITIVE when a row is (only with `--include-sensitive`).
    pub marking: crate::model::Marking,
}

impl<'a> Export<'a> {
    /// `actions` in plan order, counted as `csp summary` and `csp leads` count them.
    pub fn new(context: &'a Context<'a>, actions: &[&'a Action]) -> Self {
        // Three passes over every action, independent: side by side.
        let (summary, (leads, marking)) = rayon::join(
            || Summary::new(context, actions),
            || {
                rayon::join(
                    || Leads::new(context, actions, &[]),
                    || crate::disclosure::marking_of_all(context.plan, actions.iter().copied()),
                )
            },
        );
        Self {
            context,
            plan: context.plan.manifest.title(),
            as_of: context.as_of,
            actions: actions.to_vec(),
            summary,
            leads,
            marking,
        }
    }

    /// The rows, in order, each computed as it is reached.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = ExportRow<'_>> + '_ {
        self.rows_of(&self.actions)
    }

    /// The rows of some of the export's actions.
    pub fn rows_of<'s>(
        &'s self,
        actions: &'s [&'a Action],
    ) -> impl ExactSizeIterator<Item = ExportRow<'s>> + 's {
        actions.iter().map(|action| ExportRow {
            row: self.context.row(action),
            stale: schedule::is_stale(action, self.context.stale_since),
        })
    }
}
