//! `csp chase`: for each lead body, one digest of what to ask it about
//! before a meeting — what is overdue, what falls due by the day, and what
//! has had no progress note since the last meeting — computed once and
//! drawn as text, Markdown or a draft e-mail.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::Meeting;
use crate::dates::ReportingPeriod;
use crate::dates::uk_date;
use crate::model::{Action, Lead, Marking, Measure, Plan, Rag, Status};
use crate::performance::{figure_due, standing_in};
use crate::schedule::{days_overdue, is_stale, is_upcoming, last_update, next_due};

/// What the digests chase towards.
#[derive(Clone, Debug)]
pub struct ChaseWindow<'p> {
    pub as_of: NaiveDate,
    /// Actions due by this day (included) are asked about.
    pub until: NaiveDate,
    /// The meeting `until` is, when it is one.
    pub meeting: Option<Meeting<'p>>,
    /// A note on or after this day keeps an action fresh; as printed, the
    /// meeting held that day when there is one: "the CSP Delivery Group on
    /// 1 Feb 2024".
    pub stale_since: NaiveDate,
    pub stale_since_named: String,
    /// The day updates are wanted by: `[plan] returns` before the meeting.
    pub return_by: Option<NaiveDate>,
}

/// Every lead's digest.
#[derive(Debug)]
pub struct Chase<'p> {
    pub plan_name: &'p str,
    pub window: ChaseWindow<'p>,
    /// Leads with something to chase, in csp.toml's order.
    pub digests: Vec<Digest<'p>>,
    /// Leads looked at that had nothing to chase.
    pub nothing: Vec<&'p Lead>,
}

/// One lead's digest: its actions in three groups. An action is in the
/// first group it fits (overdue, then due, then stale), so it is asked
/// about once.
#[derive(Debug)]
pub struct Digest<'p> {
    pub lead: &'p Lead,
    pub overdue: Vec<ChaseItem<'p>>,
    pub due: Vec<ChaseItem<'p>>,
    pub stale: Vec<ChaseItem<'p>>,
    /// The figures of the measures it supplies that are due and not
    /// received (`performance::missing`), measure by measure, oldest first.
    pub figures: Vec<MissingFigure<'p>>,
    /// OFFICIAL-SENSITIVE when it asks about a sensitive action or measure
    /// (only with `--include-sensitive`): the draft's subject then starts
    /// with it.
    pub marking: Marking,
}

/// A figure to ask for: a period of a measure, due on `due`.
#[derive(Debug)]
pub struct MissingFigure<'p> {
    pub measure: &'p Measure,
    pub period: ReportingPeriod,
    pub due: NaiveDate,
}

impl MissingFigure<'_> {
    /// `Anti-social behaviour incidents: Q3 2023/24 figure due 11 Feb 2024, not received`.
    pub fn line(&self) -> String {
        format!(
            "{}: {} figure due {}, not received",
            self.measure.title.trim(),
            self.period,
            uk_date(self.due)
        )
    }
}

/// One action to ask about.
#[derive(Debug)]
pub struct ChaseItem<'p> {
    pub action: &'p Action,
    /// The next due day, and the due as written ("Q3 2023/24").
    pub next_due: Option<NaiveDate>,
    pub due_text: Option<String>,
    pub days_overdue: Option<i64>,
    pub status: Status,
    pub rag: Option<Rag>,
    /// The latest progress note: its day and text.
    pub latest: Option<(NaiveDate, &'p str)>,
    pub file: PathBuf,
    /// Whether the body leads it (else it is a partner, with `--involving`).
    pub leads: bool,
}

impl<'p> Chase<'p> {
    /// The digests of `leads` (keys of `[leads]`, in csp.toml's order) over
    /// `actions` and the missing figures of `measures`; with `involving`, a
    /// lead is also asked about actions it partners.
    pub fn new(
        plan: &'p Plan,
        actions: &[&'p Action],
        measures: &[&'p Measure],
        leads: &[&'p Lead],
        involving: bool,
        window: ChaseWindow<'p>,
    ) -> Self {
        let mut digests = Vec::new();
        let mut nothing = Vec::new();
        for &lead in leads {
            let mut digest = Digest {
                lead,
                overdue: Vec::new(),
                due: Vec::new(),
                stale: Vec::new(),
                figures: Vec::new(),
                marking: Marking::Official,
            };
            for &measure in measures {
                if !measure.lead.iter().any(|key| **key == *lead.key) {
                    continue;
                }
                let missing = standing_in(plan, measure, window.as_of).missing;
                if !missing.is_empty() && plan.is_measure_sensitive(measure) {
                    digest.marking = Marking::OfficialSensitive;
                }
                let lag = plan.lag_of(measure);
                digest
                    .figures
                    .extend(missing.into_iter().map(|period| MissingFigure {
                        measure,
                        period,
                        due: figure_due(period, lag),
                    }));
            }
            for &action in actions {
                let named =
                    |keys: &[std::sync::Arc<str>]| keys.iter().any(|key| **key == *lead.key);
                let leading = named(&action.lead);
                if !(leading || (involving && named(&action.partners))) {
                    continue;
                }
                let group = if days_overdue(action, window.as_of).is_some() {
                    &mut digest.overdue
                } else if is_upcoming(action, window.as_of, window.until) {
                    &mut digest.due
                } else if is_stale(action, window.stale_since) {
                    &mut digest.stale
                } else {
                    continue;
                };
                if plan.is_sensitive(action) {
                    digest.marking = Marking::OfficialSensitive;
                }
                group.push(ChaseItem::new(plan, action, window.as_of, leading));
            }
            if digest.count() == 0 && digest.figures.is_empty() {
                nothing.push(lead);
            } else {
                digest
                    .overdue
                    .sort_by_key(|item| std::cmp::Reverse(item.days_overdue));
                digest.due.sort_by_key(|item| item.next_due);
                digests.push(digest);
            }
        }
        Chase {
            plan_name: &plan.manifest.name,
            window,
            digests,
            nothing,
        }
    }

    /// "before CSP Board on 14 Mar 2024", or "by 14 Mar 2024" without a meeting.
    pub fn deadline(&self) -> String {
        match (&self.window.meeting, self.window.return_by) {
            (Some(meeting), Some(day)) => format!("by {}, before {meeting}", uk_date(day)),
            (Some(meeting), None) => format!("before {meeting}"),
            (None, _) => format!("by {}", uk_date(self.window.until)),
        }
    }
}

impl Digest<'_> {
    /// How many actions it asks about.
    pub fn count(&self) -> usize {
        self.overdue.len() + self.due.len() + self.stale.len()
    }

    /// `<plan name>: 3 actions to update before CSP Board on 14 Mar 2024`;
    /// `3 actions to update and 1 figure to send`, `1 figure to send`.
    pub fn subject(&self, chase: &Chase<'_>) -> String {
        let count = self.count();
        let marking = if self.marking.is_sensitive() {
            format!("{}: ", self.marking.label())
        } else {
            String::new()
        };
        let actions = format!("{count} action{} to update", crate::plural::suffix(count));
        let figures = format!(
            "{} to send",
            crate::plural::count(self.figures.len(), "figure")
        );
        let asked = match (count, self.figures.len()) {
            (_, 0) => actions,
            (0, _) => figures,
            _ => format!("{actions} and {figures}"),
        };
        format!("{marking}{}: {asked} {}", chase.plan_name, chase.deadline())
    }

    /// The groups with their headings, in order, empty ones left out.
    pub fn groups(&self, chase: &Chase<'_>) -> Vec<(String, &[ChaseItem<'_>])> {
        [
            ("Overdue".to_string(), self.overdue.as_slice()),
            (
                format!("Due by {}", uk_date(chase.window.until)),
                self.due.as_slice(),
            ),
            (
                format!("No progress note since {}", chase.window.stale_since_named),
                self.stale.as_slice(),
            ),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect()
    }
}

impl<'p> ChaseItem<'p> {
    fn new(plan: &'p Plan, action: &'p Action, as_of: NaiveDate, leads: bool) -> Self {
        let latest = action
            .updates
            .iter()
            .rfind(|update| Some(update.date) == last_update(action))
            .map(|update| (update.date, update.text.as_str()));
        let next = next_due(action);
        ChaseItem {
            action,
            next_due: next,
            due_text: match action.due {
                Some(due) if !due.is_day() => {
                    Some(format!("{} (by {})", due.uk(), uk_date(due.date())))
                }
                Some(due) => Some(due.uk()),
                None => next.map(uk_date),
            },
            days_overdue: days_overdue(action, as_of),
            status: action.status,
            rag: action.rag,
            latest,
            file: plan.file_of(action),
            leads,
        }
    }
}
