//! `csp measures`: one row per performance measure, chosen by lead,
//! priority, RAG and missing figures, each judged by `crate::performance`
//! on the as-of day, after the disclosure rule.

use chrono::NaiveDate;

use crate::disclosure::Disclosure;
use crate::model::{Marking, Measure, Plan, Rag};
use crate::query::Filter;
use crate::view::measure::MeasureRow;
use crate::view::{MeasureListing, MeasureSelection};

/// `csp measures`, resolved.
#[derive(Clone, Debug, Default)]
pub struct MeasuresRequest {
    pub as_of: NaiveDate,
    /// Supplied by one of these bodies: keys, names or aliases of `[leads]`.
    pub lead: Vec<String>,
    /// Serving one of these priorities.
    pub priority: Vec<u32>,
    /// With one of these RAG ratings; `None` stands for "no RAG" (no
    /// target, or no figure yet).
    pub rag: Vec<Option<Rag>>,
    /// Only measures with a figure due and not in.
    pub missing: bool,
    pub disclosure: Disclosure,
}

/// What `csp measures` shows.
#[derive(Debug)]
pub struct MeasuresOutcome {
    pub listing: MeasureListing,
    /// The one "left out" line for stderr, when the disclosure rule left
    /// a measure out.
    pub left_out: Option<String>,
}

/// The measures `request` chooses, in id order, judged on its as-of day.
pub fn measures(plan: &Plan, request: &MeasuresRequest) -> anyhow::Result<MeasuresOutcome> {
    // The same checks and words as every other command's --lead and
    // --priority: an unknown lead is an error naming the fix.
    let filter = Filter {
        lead: request.lead.clone(),
        priority: request.priority.clone(),
        ..Filter::default()
    };
    let query = filter.check(plan)?;
    let leads = query.lead_keys();
    let mut chosen: Vec<&Measure> = plan
        .measures
        .iter()
        .filter(|measure| {
            leads.is_empty()
                || measure
                    .lead
                    .iter()
                    .any(|key| leads.iter().any(|lead| **lead == **key))
        })
        .filter(|measure| {
            request.priority.is_empty()
                || measure
                    .priority
                    .iter()
                    .any(|key| request.priority.contains(key))
        })
        .collect();
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    // Judged before the disclosure rule, as listings filter actions before
    // it: the "left out" line counts only measures the filters chose.
    let mut rows: Vec<MeasureRow> = chosen
        .iter()
        .map(|measure| MeasureRow::new(plan, measure, request.as_of))
        .collect();
    let keep: Vec<bool> = rows
        .iter()
        .map(|row| {
            (request.rag.is_empty() || request.rag.contains(&row.rag))
                && (!request.missing || !row.missing.is_empty())
        })
        .collect();
    let mut kept = keep.iter();
    chosen.retain(|_| kept.next().copied().unwrap_or(false));
    let mut kept = keep.iter();
    rows.retain(|_| kept.next().copied().unwrap_or(false));
    let disclosed = request.disclosure.apply_to_measures(plan, chosen);
    rows.retain(|row| disclosed.measures.iter().any(|m| *m.id == *row.id));
    let marking = if rows.iter().any(|row| row.marking.is_some()) {
        Marking::OfficialSensitive
    } else {
        Marking::Official
    };
    let selection = MeasureSelection {
        filtered: !request.lead.is_empty()
            || !request.priority.is_empty()
            || !request.rag.is_empty()
            || request.missing,
        in_plan: plan.measures.len(),
    };
    Ok(MeasuresOutcome {
        listing: MeasureListing {
            as_of: request.as_of,
            rows,
            marking,
            selection,
        },
        left_out: disclosed.note(),
    })
}
