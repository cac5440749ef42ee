//! A return form: the actions one body is asked to update, with what
//! `csp apply` needs to read the form back (the plan, the day, and each
//! action file's fingerprint when the form was made). The workbook's layout
//! is `form_contract`'s.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::chase::{ChaseItem, Digest};
use crate::calendar::Meeting;
use crate::dates::Due;
use crate::dates::ReportingPeriod;
use crate::error::Error;
use crate::fingerprint::fingerprint;
use crate::model::{Action, Marking, Measure, Plan, Rag, Status, shown_path};
use crate::performance;
use crate::schedule::{last_update, next_due};

/// One body's form (or one over several bodies, `lead` then `None`).
#[derive(Clone, Debug)]
pub struct Form {
    pub plan: String,
    pub as_of: NaiveDate,
    /// The lead's key, and the body's name as the form addresses it.
    pub lead: Option<String>,
    pub lead_name: Option<String>,
    /// Whether the form holds actions the body partners as well as leads.
    pub involving: bool,
    /// The meeting the update is for ("CSP Board on 14 Mar 2024"), and the
    /// day the form is wanted back (`[plan] returns` before it).
    pub meeting: Option<String>,
    pub return_by: Option<NaiveDate>,
    pub rows: Vec<FormRow>,
    /// The figures the lead is asked for (the Figures sheet): empty for a
    /// form over several bodies, or a lead with none missing.
    pub figures: Vec<FigureRow>,
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

/// One missing figure to send: a period of a measure the lead supplies.
#[derive(Clone, Debug)]
pub struct FigureRow {
    /// The measure's id (its file's stem).
    pub measure: String,
    pub title: String,
    pub period: ReportingPeriod,
    pub unit: Option<String>,
    /// The target for the period (`performance::period_target`).
    pub target: Option<f64>,
    /// The day the figure was due.
    pub due: NaiveDate,
    /// [`fingerprint`] of the measure file's bytes as the form was made.
    pub fingerprint: String,
}

impl FigureRow {
    /// The rows of `measure`'s figures missing on `as_of`, oldest first.
    pub fn missing(plan: &Plan, measure: &Measure, as_of: NaiveDate) -> Result<Vec<Self>, Error> {
        let missing = performance::standing_in(plan, measure, as_of).missing;
        if missing.is_empty() {
            return Ok(Vec::new());
        }
        let file = shown_path(&plan.root, Path::new(&measure.relative_file()));
        let bytes = std::fs::read(&file).map_err(|error| {
            Error::environment(format!("cannot read `{}`: {error}", file.display()))
        })?;
        let print = fingerprint(&bytes);
        Ok(missing
            .into_iter()
            .map(|period| FigureRow {
                measure: measure.id.to_string(),
                title: measure.title.clone(),
                period,
                unit: measure.unit.clone(),
                target: performance::period_target(measure, period),
                due: performance::figure_due(period, plan.lag_of(measure)),
                fingerprint: print.clone(),
            })
            .collect())
    }
}

/// The Due cell: a date for a day, text for a month, quarter or year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormDue {
    None,
    Day(NaiveDate),
    Text(String),
}

impl Form {
    /// The form's id (`form_contract::form_id`), which `csp apply` records
    /// with every change the form makes.
    pub fn id(&self) -> String {
        let as_of = self.as_of.format("%Y-%m-%d").to_string();
        let rows = self.fingerprints();
        crate::form_contract::form_id(
            self.version(),
            &self.plan,
            &as_of,
            self.lead.as_deref().unwrap_or_default(),
            rows.iter().map(|(id, print)| (id.as_str(), print.as_str())),
        )
    }

    /// The version the form says (`form_contract::form_version`).
    pub fn version(&self) -> &'static str {
        crate::form_contract::form_version(!self.figures.is_empty())
    }

    /// The hidden sheet's table of fingerprints: each action's id and its
    /// file's fingerprint, then each measure of the Figures sheet's
    /// (`form_contract::measure_key`), once.
    pub fn fingerprints(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = self
            .rows
            .iter()
            .map(|row| (row.id.clone(), row.fingerprint.clone()))
            .collect();
        for figure in &self.figures {
            let key = crate::form_contract::measure_key(&figure.measure);
            if !rows.iter().any(|(id, _)| *id == key) {
                rows.push((key, figure.fingerprint.clone()));
            }
        }
        rows
    }

    /// The form with the Figures sheet of its lead: a row per figure
    /// missing on the form's day of each of `measures` the lead supplies
    /// (`measures` are those that may go out: see `disclosure`). A form
    /// over several bodies gets none.
    pub fn with_figures(mut self, plan: &Plan, measures: &[&Measure]) -> Result<Self, Error> {
        let Some(lead) = self.lead.clone() else {
            return Ok(self);
        };
        let mut figures = Vec::new();
        let mut sensitive = false;
        for &measure in measures {
            if !measure.lead.iter().any(|key| **key == *lead) {
                continue;
            }
            let rows = FigureRow::missing(plan, measure, self.as_of)?;
            sensitive |= !rows.is_empty() && plan.is_measure_sensitive(measure);
            figures.extend(rows);
        }
        if sensitive {
            self.marking = Marking::OfficialSensitive;
        }
        self.figures = figures;
        Ok(self)
    }

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
            lead_name: Some(digest.lead.name.clone()),
            involving: false,
            meeting: None,
            return_by: None,
            rows,
            figures: Vec::new(),
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
        let lead_name = lead.as_deref().map(|key| {
            plan.manifest
                .lead(key)
                .map_or(key, |lead| lead.name.as_str())
                .to_string()
        });
        Ok(Self {
            plan: plan.manifest.name.clone(),
            as_of,
            lead,
            lead_name,
            involving: false,
            meeting: None,
            return_by: None,
            rows,
            figures: Vec::new(),
            marking: crate::disclosure::marking_of_all(plan, active()),
        })
    }
}

impl Form {
    /// The form as wanted for `meeting`, by `return_by`
    /// ([`crate::window::return_by`]).
    pub fn for_meeting(
        mut self,
        meeting: Option<Meeting<'_>>,
        return_by: Option<NaiveDate>,
    ) -> Self {
        self.meeting = meeting.map(|meeting| meeting.to_string());
        self.return_by = return_by;
        self
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
