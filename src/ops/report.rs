//! `csp report`: the board's meeting pack for a window, with the plan's
//! changes since a revision or meeting when asked.

use crate::changes::{self, Since};
use crate::load::Loaded;
use crate::marking::{Disclosure, Marking};
use crate::query::Filter;
use crate::view::pack::{Pack, Window};
use crate::window::LookAhead;

/// A pack, resolved.
#[derive(Debug)]
pub struct ReportRequest<'m> {
    pub window: LookAhead<'m>,
    /// "Changed since the last meeting" from here, when given.
    pub since: Option<Since>,
    pub filter: Filter,
    pub disclosure: Disclosure,
}

/// A pack, and what the disclosure rule left out of it.
#[derive(Debug)]
pub struct Report<'p> {
    pub pack: Pack<'p>,
    /// One line for the officer: how many sensitive actions were left out.
    pub left_out: Option<String>,
}

/// The pack `request` asks for. It is marked OFFICIAL-SENSITIVE when any
/// change it reports came from a sensitive action.
pub fn pack<'p>(loaded: &'p Loaded, request: &ReportRequest<'p>) -> anyhow::Result<Report<'p>> {
    let plan = &loaded.plan;
    let query = request.filter.check(plan)?;
    let disclosure = request.disclosure;
    let disclosed = disclosure.apply(plan, query.select(plan));
    let left_out = disclosed.note();
    let selected = disclosed.actions;
    let mut changes = match &request.since {
        Some(since) => Some(changes::from_history(loaded, since, None)?),
        None => None,
    };
    let sensitive_changes = match changes.as_mut() {
        Some(changes) => disclosure.apply_to_changes(plan, changes).1,
        None => 0,
    };
    let LookAhead {
        as_of,
        until,
        meeting,
        ..
    } = request.window;
    // "Recently completed" looks back over the last meeting cycle: to the
    // commit of the last meeting when given, else as far back as the pack
    // looks ahead.
    let completed_since = match &changes {
        Some(changes) => changes.from.date,
        None => as_of - (until - as_of),
    };
    let window = Window {
        as_of,
        until,
        meeting,
        completed_since,
    };
    let mut pack = Pack::build(plan, &selected, window, changes, disclosure);
    if sensitive_changes > 0 {
        pack.marking = Marking::OfficialSensitive;
    }
    Ok(Report { pack, left_out })
}
