//! A return form: the actions one body is asked to update, with what
//! `csp apply` needs to read the form back (the plan, the day, and each
//! action file's fingerprint when the form was made).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::chase::{ChaseItem, Digest};
use crate::dates::Due;
use crate::error::Error;
use crate::fingerprint::fingerprint;
use crate::model::{Action, Marking, Plan, Rag, Status};
use crate::schedule::{last_update, next_due};

/// The `B4` marker of the hidden `csp` sheet: the form contract's version.
pub const FORM_VERSION: &str = "csp-form-1";

/// One body's form (or one over several bodies, `lead` then `None`).
#[derive(Clone, Debug)]
pub struct Form {
    pub plan: String,
    pub as_of: NaiveDate,
    pub lead: Option<String>,
    pub rows: Vec<FormRow>,
    /// OFFICIAL-SENSITIVE when a row is (only with `--include-sensitive`):
    /// the workbook then carries the marking.
    pub marking: Marking,
}

/// One action to update.
#[derive(Clone, Debug)]
pub struct FormRow {
    pub id: String,
    pub title: String,
    /// The deadline: a day, or as written ("Q3 2023/24") with its last day.
    pub due: FormDue,
    pub status: Status,
    pub rag: Option<Rag>,
    pub latest: Option<(NaiveDate, String)>,
    /// [`fingerprint`] of the action file's bytes as the form was made.
    pub fingerprint: String,
}

/// The Due cell: a date for a day, text for a month, quarter or year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormDue {
    None,
    Day(NaiveDate),
    Text(String),
}

impl Form {
    /// The form of one chase digest: its overdue, due and stale groups in order.
    pub fn of_digest(plan: &Plan, as_of: NaiveDate, digest: &Digest<'_>) -> Result<Self, Error> {
        let items = || {
            [&digest.overdue, &digest.due, &digest.stale]
                .into_iter()
                .flatten()
        };
        let rows = items()
            .map(|item: &ChaseItem<'_>| FormRow::new(plan, item.action))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            plan: plan.manifest.name.clone(),
            as_of,
            lead: Some(digest.lead.key.clone()),
            rows,
            marking: crate::disclosure::marking_of_all(plan, items().map(|item| item.action)),
        })
    }

    /// The form of `actions` as given, leaving out those done or dropped.
    pub fn of_actions(
        plan: &Plan,
        as_of: NaiveDate,
        lead: Option<String>,
        actions: &[&Action],
    ) -> Result<Self, Error> {
        let active = || {
            actions
                .iter()
                .copied()
                .filter(|action| action.status.is_active())
        };
        let rows = active()
            .map(|action| FormRow::new(plan, action))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            plan: plan.manifest.name.clone(),
            as_of,
            lead,
            rows,
            marking: crate::disclosure::marking_of_all(plan, active()),
        })
    }
}

impl FormRow {
    fn new(plan: &Plan, action: &Action) -> Result<Self, Error> {
        let file: PathBuf = plan.file_of(action);
        let bytes = std::fs::read(&file).map_err(|error| {
            Error::environment(format!("cannot read `{}`: {error}", file.display()))
        })?;
        let due = match (action.due, next_due(action)) {
            (Some(Due::Day(day)), _) => FormDue::Day(day),
            (Some(due), _) => FormDue::Text(due.uk()),
            (None, Some(next)) => FormDue::Day(next),
            (None, None) => FormDue::None,
        };
        let latest = action
            .updates
            .iter()
            .rfind(|update| Some(update.date) == last_update(action))
            .map(|update| (update.date, update.text.trim_end().to_string()));
        Ok(Self {
            id: action.id.to_string(),
            title: action.title.to_string(),
            due,
            status: action.status,
            rag: action.rag,
            latest,
            fingerprint: fingerprint(&bytes),
        })
    }
}

/// The `Update` sheet's columns, in the order the form writes them: the
/// form contract, which `render::xlsx` writes and `apply` reads back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Title,
    Due,
    Status,
    Rag,
    LatestNote,
    ProgressNote,
    NoteDate,
    NewStatus,
    NewRag,
    NewDue,
    DoneOn,
    Fingerprint,
}

impl Column {
    /// Every column a form may hold: the Update sheet's, then the
    /// fingerprint a CSV form may add.
    pub const ALL: [Column; 13] = {
        let mut all = [Column::Fingerprint; 13];
        let mut at = 0;
        while at < UPDATE_COLUMNS.len() {
            all[at] = UPDATE_COLUMNS[at];
            at += 1;
        }
        all
    };

    /// The header as the form writes it.
    pub fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Title => "Title",
            Column::Due => "Due",
            Column::Status => "Status",
            Column::Rag => "RAG",
            Column::LatestNote => "Latest note",
            Column::ProgressNote => "Progress note",
            Column::NoteDate => "Note date",
            Column::NewStatus => "New status",
            Column::NewRag => "New RAG",
            Column::NewDue => "New due",
            Column::DoneOn => "Done on",
            Column::Fingerprint => "Fingerprint",
        }
    }
}

/// The Update sheet's columns as written: A to L (a CSV form may add the
/// fingerprint as a thirteenth).
pub const UPDATE_COLUMNS: [Column; 12] = [
    Column::Id,
    Column::Title,
    Column::Due,
    Column::Status,
    Column::Rag,
    Column::LatestNote,
    Column::ProgressNote,
    Column::NoteDate,
    Column::NewStatus,
    Column::NewRag,
    Column::NewDue,
    Column::DoneOn,
];

/// Where the Update sheet's editable columns start: the six a lead fills in.
pub const FIRST_EDITABLE: usize = 6;

/// The columns a lead fills in, which the form leaves unlocked.
pub const EDITABLE_COLUMNS: &[Column] = UPDATE_COLUMNS.split_at(FIRST_EDITABLE).1;
