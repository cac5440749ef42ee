//! `csp leads`: each lead and the work it carries.

use crate::disclosure::Disclosure;
use crate::model::Plan;
use crate::query::Filter;
use crate::view::{Context, Leads};
use crate::window::LookAhead;

/// The leads table, resolved.
#[derive(Debug)]
pub struct LeadsRequest<'m> {
    /// From its first day, and "due soon" up to its last.
    pub window: LookAhead<'m>,
    /// `--lead` picks the rows; the other filters the actions counted.
    pub filter: Filter,
    pub disclosure: Disclosure,
}

/// The leads table, and what the disclosure rule left out of its counts.
#[derive(Debug)]
pub struct LeadCounts {
    pub leads: Leads,
    /// One line for the officer: how many sensitive actions were left out.
    pub left_out: Option<String>,
}

/// The leads `request` asks for, with their counts.
pub fn leads(plan: &Plan, request: &LeadsRequest<'_>) -> anyhow::Result<LeadCounts> {
    let query = request.filter.check(plan)?;
    // --lead picks the rows; counting by it too would drop what a lead does
    // as a partner, so the actions are chosen by the other filters alone.
    let selected = request.filter.without_leads().check(plan)?.select(plan);
    let disclosed = request.disclosure.apply(plan, selected);
    let context = Context::with_window(plan, &request.window);
    Ok(LeadCounts {
        leads: Leads::new(&context, &disclosed.actions, query.lead_keys()),
        left_out: disclosed.note(),
    })
}
