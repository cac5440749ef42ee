//! `csp export`: the plan, or the filters' selection, as a workbook of
//! every field and the counts (with a Measures sheet when the plan has
//! measures); the measures' figures in long form; or a return form for one
//! body to fill in.

use crate::disclosure::Disclosure;
use crate::error::Error;
use crate::model::{Action, Marking, Measure, Plan};
use crate::query::Filter;
use crate::view::form::Form;
use crate::view::scorecard::Scorecard;
use crate::view::{Context, Export};
use crate::window::LookAhead;

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Every chosen action with every field, and the counts.
    Workbook,
    /// A return form of the chosen actions that are still active.
    Form,
    /// The chosen measures' figures, one record per figure (long form).
    Measures,
}

/// An export, resolved.
#[derive(Debug)]
pub struct ExportRequest<'m> {
    /// From its first day, and "due soon" up to its last.
    pub window: LookAhead<'m>,
    pub filter: Filter,
    pub disclosure: Disclosure,
    pub kind: Kind,
}

/// What an export holds, and what the disclosure rule left out of it.
pub struct Exported<'p> {
    pub what: Exporting<'p>,
    /// One line for the officer: how many sensitive actions and measures
    /// were left out.
    pub left_out: Option<String>,
}

/// The export, ready to write.
pub enum Exporting<'p> {
    Workbook(Workbook<'p>),
    Form(Form),
    /// None when no measure is chosen.
    Measures(Option<Scorecard<'p>>),
}

/// The actions and measures of a workbook, and the day and window they are
/// read as of.
pub struct Workbook<'p> {
    context: Context<'p>,
    actions: Vec<&'p Action>,
    measures: Vec<&'p Measure>,
    /// OFFICIAL-SENSITIVE when a sensitive measure is kept.
    measures_marking: Marking,
}

impl<'p> Workbook<'p> {
    /// The workbook's rows and counts, computed as they are written; marked
    /// as its actions and measures together are.
    pub fn export(&self) -> Export<'_> {
        let mut export = Export::new(&self.context, &self.actions);
        if self.measures_marking.is_sensitive() {
            export.marking = Marking::OfficialSensitive;
        }
        export
    }

    /// The Measures sheet's rows: none when no measure is chosen, and then
    /// the workbook has no Measures sheet.
    pub fn scorecard(&self) -> Option<Scorecard<'p>> {
        Scorecard::new(self.context.plan, &self.measures, self.context.as_of)
    }
}

impl Exported<'_> {
    /// How many actions the export holds: a form leaves out those done or
    /// dropped; the figures in long form hold none.
    pub fn actions(&self) -> usize {
        match &self.what {
            Exporting::Workbook(workbook) => workbook.actions.len(),
            Exporting::Form(form) => form.rows.len(),
            Exporting::Measures(_) => 0,
        }
    }

    /// What was written, for the line after "wrote FILE": "3 actions",
    /// "3 actions, 4 measures", "9 figures of 4 measures".
    pub fn contents(&self) -> String {
        let count = crate::plural::count;
        match &self.what {
            Exporting::Workbook(workbook) if !workbook.measures.is_empty() => format!(
                "{}, {}",
                count(workbook.actions.len(), "action"),
                count(workbook.measures.len(), "measure")
            ),
            Exporting::Measures(scorecard) => format!(
                "{} of {}",
                count(
                    scorecard.as_ref().map_or(0, |s| s.figures().count()),
                    "figure"
                ),
                count(
                    scorecard.as_ref().map_or(0, |s| s.measures.len()),
                    "measure"
                )
            ),
            _ => count(self.actions(), "action"),
        }
    }
}

/// The export `request` asks for.
pub fn export<'p>(plan: &'p Plan, request: &ExportRequest<'_>) -> anyhow::Result<Exported<'p>> {
    let query = request.filter.check(plan)?;
    if request.kind == Kind::Measures {
        let measures = request
            .disclosure
            .apply_to_measures(plan, query.select_measures(plan));
        let left_out = measures.note();
        // None chosen: the header alone, as for actions, so that a script
        // reading each lead's figures in turn reads an empty file.
        let scorecard = Scorecard::new(plan, &measures.measures, request.window.as_of);
        return Ok(Exported {
            what: Exporting::Measures(scorecard),
            left_out,
        });
    }
    let disclosed = request.disclosure.apply(plan, query.select(plan));
    let measures = match request.kind {
        Kind::Workbook => request
            .disclosure
            .apply_to_measures(plan, query.select_measures(plan)),
        // A form's figures are the forms' own.
        Kind::Form | Kind::Measures => request.disclosure.apply_to_measures(plan, Vec::new()),
    };
    let mut left_out = disclosed.note_with(&measures);
    let what = match request.kind {
        Kind::Form => {
            // A form for one body when one lead was asked for.
            let lead = match query.lead_keys() {
                [one] => Some(one.clone()),
                _ => None,
            };
            // The lead's Figures sheet: the measures it supplies that may
            // go out, counted with the actions when some may not.
            let supplied: Vec<&Measure> = plan
                .measures
                .iter()
                .filter(|measure| {
                    lead.as_deref()
                        .is_some_and(|lead| measure.lead.iter().any(|key| **key == *lead))
                })
                .collect();
            let measures = request.disclosure.apply_to_measures(plan, supplied);
            left_out = disclosed.note_with(&measures);
            let form = Form::of_actions(plan, request.window.as_of, lead, &disclosed.actions)?
                .with_figures(plan, &measures.measures)?
                .for_meeting(
                    request.window.meeting,
                    crate::window::return_by(
                        &plan.manifest,
                        request.window.meeting,
                        request.window.as_of,
                    ),
                );
            // A form with no row asks nothing: it is never written.
            if form.rows.is_empty() && form.figures.is_empty() {
                let figures = if plan.measures.is_empty() {
                    ""
                } else {
                    ", and no figure is missing"
                };
                return Err(Error::conflict(format!(
                    "no open, in-progress or blocked action is chosen{figures}, so there is no form to write",
                ))
                .with_help("check the filters (csp list with the same ones shows what they choose)")
                .into());
            }
            Exporting::Form(form)
        }
        Kind::Workbook | Kind::Measures => Exporting::Workbook(Workbook {
            context: Context::with_window(plan, &request.window),
            actions: disclosed.actions,
            measures_marking: measures.marking(),
            measures: measures.measures,
        }),
    };
    Ok(Exported { what, left_out })
}
