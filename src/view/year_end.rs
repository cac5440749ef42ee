//! `csp year-end`: the year-end report the board and the scrutiny
//! committee read, per priority and section: what was done in the year,
//! what is carried over (and how late), what was dropped, how often each
//! recurring duty was met, and each lead body's returns (progress notes
//! recorded in the year). Computed once here, drawn as Markdown or HTML by
//! `render::year_end`. The view owns its text: for a past year it is built
//! from the plan as git held it at the year's end, which does not outlive
//! the operation that read it.
//!
//! "Met" is `schedule`'s rule ([`schedule::occurrence_met`]): an
//! occurrence that fell due in the year, by the report's day, is met when
//! a progress note or the completion is dated after the occurrence before
//! it and no later than its day.

use chrono::NaiveDate;

use crate::dates::FinancialYear;
use crate::model::{Action, Marking, Measure, Plan, Rag, Status};
use crate::performance::{self, Direction, TargetBasis};
use crate::schedule::{self, days_overdue, next_due};

/// The year-end report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearEnd {
    /// The plan's name, as csp.toml gives it.
    pub plan_name: String,
    pub year: FinancialYear,
    /// The day the report counts to: the year's last day, or the as-of day
    /// while the year is still running.
    pub day: NaiveDate,
    /// The year had not ended on `day`: the report is an interim one.
    pub interim: bool,
    /// Where the plan was read from, when from git: "commit 3f2a1b9 of 31
    /// Mar 2024", for the report's footnote.
    pub source: Option<String>,
    pub marking: Marking,
    pub totals: Totals,
    pub priorities: Vec<PriorityRow>,
    pub sections: Vec<SectionPart>,
    /// Each performance measure's outturn for the year, by id.
    pub measures: Vec<MeasureOutturn>,
    pub returns: Vec<LeadReturn>,
}

/// The year in numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub done: usize,
    pub carried: usize,
    /// Carried over and past its due day.
    pub overdue: usize,
    pub dropped: usize,
    pub recurring: usize,
    /// Occurrences of recurring duties that fell due in the year, and how
    /// many of them were met.
    pub occurrences: usize,
    pub met: usize,
}

/// One priority's counts (or the actions that cite none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorityRow {
    pub key: Option<u32>,
    pub text: String,
    pub done: usize,
    pub carried: usize,
    pub dropped: usize,
    pub recurring: usize,
}

/// One section of the plan and what became of its actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionPart {
    pub path: String,
    pub title: String,
    pub done: Vec<Row>,
    pub carried: Vec<Row>,
    pub dropped: Vec<Row>,
    pub recurring: Vec<Row>,
}

/// One action as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
    /// The leads, by name.
    pub leads: String,
    pub completed: Option<NaiveDate>,
    /// The next due date, as officers read it.
    pub due: Option<String>,
    /// Days past the due day on the report's day.
    pub days_late: Option<i64>,
    /// A recurring duty's rule, "quarter".
    pub every: Option<String>,
    /// Occurrences that fell due in the year, and how many were met.
    pub occurrences: usize,
    pub met: usize,
    /// The newest progress note: its day and text.
    pub last_note: Option<(NaiveDate, String)>,
}

/// One measure's result for the year ([`performance::outturn`]), as the
/// report words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureOutturn {
    pub id: String,
    pub title: String,
    /// The bodies that supply it, by name.
    pub leads: String,
    /// "1,209 incidents (3 of 4 quarters)"; `None` without a figure.
    pub outturn: Option<String>,
    /// The year's target as written, with the share it is judged against
    /// while periods are missing: "1,600 incidents (pro rata 1,200)".
    pub target: Option<String>,
    pub rag: Option<Rag>,
    pub direction_year: Option<Direction>,
    /// The year's figures due and not received, as periods are written.
    pub missing: Vec<String>,
}

impl MeasureOutturn {
    pub fn new(plan: &Plan, measure: &Measure, year: FinancialYear, day: NaiveDate) -> Self {
        // A period that ends on the report's day has ended for it.
        let as_of = day.succ_opt().unwrap_or(day);
        let outturn = performance::outturn(
            measure,
            year,
            as_of,
            plan.tolerance_of(measure),
            plan.lag_of(measure),
        );
        let manifest = &plan.manifest;
        let periods = |count: u32| {
            format!(
                "{count} of {} {}{}",
                outturn.of,
                measure.frequency.name(),
                crate::plural::suffix(outturn.of as usize)
            )
        };
        Self {
            id: measure.id.to_string(),
            title: measure.title.clone(),
            leads: measure
                .lead
                .iter()
                .map(|key| manifest.lead(key).map_or(&**key, |lead| lead.name.as_str()))
                .collect::<Vec<&str>>()
                .join(", "),
            outturn: outturn.value.map(|value| {
                if outturn.of > 1 {
                    format!("{} ({})", measure.show(value), periods(outturn.periods))
                } else {
                    measure.show(value)
                }
            }),
            target: outturn.year_target.map(|year_target| match outturn.target {
                Some(applied) if matches!(applied.basis, TargetBasis::ProRata { .. }) => format!(
                    "{} (pro rata {})",
                    measure.show(year_target),
                    measure.show(applied.value)
                ),
                _ => measure.show(year_target),
            }),
            rag: outturn.rag,
            direction_year: outturn.direction_year,
            missing: outturn.missing.iter().map(ToString::to_string).collect(),
        }
    }
}

/// What a lead body returned in the year: progress notes on its actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadReturn {
    pub key: String,
    pub name: String,
    pub actions: usize,
    /// Actions with at least one note dated in the year.
    pub with_note: usize,
    pub notes: usize,
    pub last_note: Option<NaiveDate>,
}

/// Where an action goes in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Done,
    Carried,
    Dropped,
    Recurring,
}

fn fate(action: &Action) -> Fate {
    match action.status {
        Status::Done => Fate::Done,
        Status::Dropped => Fate::Dropped,
        _ if action.every.is_some() => Fate::Recurring,
        _ => Fate::Carried,
    }
}

impl YearEnd {
    /// The report on `year` of `actions` and `measures` (the plan's, after
    /// the disclosure rule, in plan order), counted to `day`.
    pub fn build(
        plan: &Plan,
        actions: &[&Action],
        measures: &[&Measure],
        year: FinancialYear,
        day: NaiveDate,
        marking: Marking,
        source: Option<String>,
    ) -> Self {
        let manifest = &plan.manifest;
        let lead_names = |keys: &[std::sync::Arc<str>]| {
            keys.iter()
                .map(|key| manifest.lead(key).map_or(&**key, |lead| lead.name.as_str()))
                .collect::<Vec<&str>>()
                .join(", ")
        };
        let in_year = |date: NaiveDate| year.first_day() <= date && date <= day;
        let mut totals = Totals::default();
        let mut sections: Vec<SectionPart> = Vec::new();
        for action in actions {
            let section = action.section();
            if sections.last().is_none_or(|part| part.path != section) {
                sections.push(SectionPart {
                    path: section.to_string(),
                    title: plan.section_title(section).to_string(),
                    done: Vec::new(),
                    carried: Vec::new(),
                    dropped: Vec::new(),
                    recurring: Vec::new(),
                });
            }
            let Some(part) = sections.last_mut() else {
                continue;
            };
            let occurrences = schedule::occurrences(action, year.first_day(), day);
            let met = occurrences
                .iter()
                .filter(|occurrence| schedule::occurrence_met(action, **occurrence))
                .count();
            let row = Row {
                id: action.id.to_string(),
                title: action.title.to_string(),
                leads: lead_names(&action.lead),
                completed: action.completed,
                due: action
                    .due
                    .map(crate::dates::Due::uk)
                    .or_else(|| next_due(action).map(crate::dates::uk_date)),
                days_late: days_overdue(action, day),
                every: action.every.map(crate::dates::Period::every_text),
                occurrences: occurrences.len(),
                met,
                last_note: action
                    .latest_update()
                    .map(|update| (update.date, update.text.clone())),
            };
            match fate(action) {
                Fate::Done => {
                    totals.done += 1;
                    part.done.push(row);
                }
                Fate::Carried => {
                    totals.carried += 1;
                    totals.overdue += usize::from(row.days_late.is_some());
                    part.carried.push(row);
                }
                Fate::Dropped => {
                    totals.dropped += 1;
                    part.dropped.push(row);
                }
                Fate::Recurring => {
                    totals.recurring += 1;
                    totals.occurrences += row.occurrences;
                    totals.met += row.met;
                    part.recurring.push(row);
                }
            }
        }
        let mut priorities: Vec<PriorityRow> = manifest
            .priorities
            .iter()
            .map(|priority| PriorityRow {
                key: Some(priority.key),
                text: priority.text.clone(),
                done: 0,
                carried: 0,
                dropped: 0,
                recurring: 0,
            })
            .collect();
        let mut uncited = PriorityRow {
            key: None,
            text: "No priority cited".into(),
            done: 0,
            carried: 0,
            dropped: 0,
            recurring: 0,
        };
        for action in actions {
            let count = |row: &mut PriorityRow| match fate(action) {
                Fate::Done => row.done += 1,
                Fate::Carried => row.carried += 1,
                Fate::Dropped => row.dropped += 1,
                Fate::Recurring => row.recurring += 1,
            };
            let cited: Vec<&mut PriorityRow> = priorities
                .iter_mut()
                .filter(|row| row.key.is_some_and(|key| action.priority.contains(&key)))
                .collect();
            if cited.is_empty() {
                count(&mut uncited);
            } else {
                cited.into_iter().for_each(count);
            }
        }
        priorities.push(uncited);
        priorities.retain(|row| row.done + row.carried + row.dropped + row.recurring > 0);

        let returns = manifest
            .leads
            .iter()
            .filter_map(|lead| {
                let led: Vec<&&Action> = actions
                    .iter()
                    .filter(|action| action.lead.iter().any(|key| **key == *lead.key))
                    .collect();
                if led.is_empty() {
                    return None;
                }
                let notes_of = |action: &Action| {
                    action
                        .updates
                        .iter()
                        .filter(|update| in_year(update.date))
                        .count()
                };
                Some(LeadReturn {
                    key: lead.key.clone(),
                    name: lead.name.clone(),
                    actions: led.len(),
                    with_note: led.iter().filter(|action| notes_of(action) > 0).count(),
                    notes: led.iter().map(|action| notes_of(action)).sum(),
                    last_note: led
                        .iter()
                        .flat_map(|action| action.updates.iter().map(|update| update.date))
                        .filter(|date| in_year(*date))
                        .max(),
                })
            })
            .collect();
        Self {
            plan_name: manifest.name.clone(),
            year,
            day,
            interim: day < year.last_day(),
            source,
            marking,
            totals,
            priorities,
            sections,
            measures: measures
                .iter()
                .map(|measure| MeasureOutturn::new(plan, measure, year, day))
                .collect(),
            returns,
        }
    }

    /// Every action the report lists as done or dropped: what a rollover
    /// retires.
    pub fn retired(&self) -> impl Iterator<Item = &Row> {
        self.sections
            .iter()
            .flat_map(|part| part.done.iter().chain(&part.dropped))
    }
}
