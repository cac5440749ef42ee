//! `csp summary`: the plan at a glance.

use crate::disclosure::Disclosure;
use crate::model::Plan;
use crate::query::Filter;
use crate::view::{Context, Summary};
use crate::window::LookAhead;

/// The summary, resolved.
#[derive(Debug)]
pub struct SummaryRequest<'m> {
    /// From its first day, and "due soon" up to its last.
    pub window: LookAhead<'m>,
    /// What is counted.
    pub filter: Filter,
    pub disclosure: Disclosure,
}

/// The summary, and what the disclosure rule left out of its counts.
#[derive(Debug)]
pub struct Summarised {
    pub summary: Summary,
    /// One line for the officer: how many sensitive actions were left out.
    pub left_out: Option<String>,
}

/// The counts `request` asks for.
pub fn summary(plan: &Plan, request: &SummaryRequest<'_>) -> anyhow::Result<Summarised> {
    let selected = request.filter.check(plan)?.select(plan);
    let disclosed = request.disclosure.apply(plan, selected);
    let context = Context::with_window(plan, &request.window);
    Ok(Summarised {
        summary: Summary::new(&context, &disclosed.actions),
        left_out: disclosed.note(),
    })
}
