//! One action as a row, in the two shapes the views hand to `render`: the
//! whole row JSON and CSV carry, and the part a table or Markdown listing
//! shows. `Context` makes both; the listing, the export and the detail
//! view use them.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::dates::{Due, Period, uk_date};
use crate::model::{Rag, Status, Update};
use crate::schedule::describe_distance;

/// One action as every format shows it. The JSON field names are a stable
/// interface: scripts depend on them, so add fields but never rename one.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRow<'a> {
    pub id: &'a str,
    /// The shortest trailing part of `id` that names this action alone.
    pub short_id: &'a str,
    pub title: Cow<'a, str>,
    pub section: &'a str,
    pub section_title: &'a str,
    /// Lead keys, as in `[leads]`.
    pub lead: Vec<&'a str>,
    pub lead_names: Vec<&'a str>,
    pub partners: Vec<&'a str>,
    pub partner_names: Vec<&'a str>,
    pub contacts: Vec<&'a str>,
    pub priority: &'a [u32],
    pub tags: Vec<&'a str>,
    pub timescale: Option<&'a str>,
    /// The deadline as a day (a month-form due is its last day).
    #[serde(serialize_with = "due_as_date")]
    pub due: Option<Due>,
    /// `start+6m`'s period, for a due counted from the plan's start.
    #[serde(skip)]
    pub due_from_start: Option<Period>,
    pub due_is_month: bool,
    /// How the due was written: "day", "month", "quarter" or
    /// "financial-year"; `None` when undated.
    pub due_precision: Option<&'static str>,
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
    /// Open, in progress or blocked with no progress note since the last
    /// meeting before the as-of day (or the plan's stale window).
    pub stale: bool,
    /// The day of the latest progress note.
    pub last_update: Option<NaiveDate>,
    pub description: &'a str,
    pub latest_update: Option<&'a Update>,
    pub updates: &'a [Update],
    pub file: String,
}

#[allow(
    clippy::ref_option,
    reason = "serde's serialize_with passes the field by reference"
)]
fn due_as_date<S: Serializer>(due: &Option<Due>, serializer: S) -> Result<S::Ok, S::Error> {
    due.map(Due::date).serialize(serializer)
}

#[allow(
    clippy::ref_option,
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with passes the field by reference"
)]
fn every_as_text<S: Serializer>(every: &Option<Period>, serializer: S) -> Result<S::Ok, S::Error> {
    every.map(Period::every_text).serialize(serializer)
}

/// [`ActionRow::due_text`] from its parts, for views that keep no row.
/// A due counted from the plan's start shows how it was written beside
/// its day: "1 Oct 2023 (start+6m)".
pub(super) fn due_text(
    due: Option<Due>,
    next_due: Option<NaiveDate>,
    from_start: Option<Period>,
) -> String {
    let text = match (due, next_due) {
        (Some(due), _) => due.uk(),
        (None, Some(next)) => uk_date(next),
        (None, None) => String::new(),
    };
    match from_start {
        Some(period) if !text.is_empty() => format!("{text} (start+{})", period.window_text()),
        _ => text,
    }
}

/// [`ActionRow::distance_text`] from its parts, for views that keep no row.
pub(super) fn distance_text(days_until_due: Option<i64>, status: Status) -> String {
    match days_until_due {
        Some(days) if status.is_active() => describe_distance(days),
        _ => String::new(),
    }
}

/// How pressing an action is, for colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    DueSoon,
    Calm,
}

impl Urgency {
    /// Overdue outranks due soon.
    pub(super) fn new(overdue: bool, due_soon: bool) -> Self {
        if overdue {
            Urgency::Overdue
        } else if due_soon {
            Urgency::DueSoon
        } else {
            Urgency::Calm
        }
    }
}

/// What a table or Markdown listing shows of an action: the cells of its
/// [`Column`](super::Column)s and the row's [`Urgency`]. It is the part of [`ActionRow`]
/// those views draw, computed by the same rules ([`Context::shown_row`](super::Context::shown_row)),
/// without the fields only JSON and CSV carry: a table of a large plan
/// measures every row and then draws it, and each row is made twice.
#[derive(Clone, Debug)]
pub struct ShownRow<'a> {
    pub short_id: &'a str,
    pub title: Cow<'a, str>,
    pub section_title: &'a str,
    /// Lead keys, as in `[leads]`.
    pub lead: &'a [Arc<str>],
    pub due: Option<Due>,
    pub due_from_start: Option<Period>,
    pub next_due: Option<NaiveDate>,
    pub days_until_due: Option<i64>,
    pub status: Status,
    pub rag: Option<Rag>,
    pub urgency: Urgency,
}

impl ActionRow<'_> {
    pub fn urgency(&self) -> Urgency {
        Urgency::new(self.days_overdue.is_some(), self.due_soon)
    }

    /// The deadline as officers read it: "Sep 2023" for a month, "30 Sep
    /// 2023" for a day, the computed next date for a recurring action that
    /// has no `due`; empty when undated.
    pub fn due_text(&self) -> String {
        due_text(self.due, self.next_due, self.due_from_start)
    }

    /// "3 weeks late", "in 5 days", "due today" for active dated actions;
    /// empty for done, dropped and undated ones, which cannot be late.
    pub fn distance_text(&self) -> String {
        distance_text(self.days_until_due, self.status)
    }

    pub fn rag_text(&self) -> &'static str {
        self.rag.map_or("", Rag::name)
    }

    pub fn every_text(&self) -> String {
        self.every.map(Period::every_text).unwrap_or_default()
    }
}
