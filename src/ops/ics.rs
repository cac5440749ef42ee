//! `csp ics`: the plan's deadlines, and its meetings, as an iCalendar feed.

use chrono::NaiveDate;

use crate::disclosure::Disclosure;
use crate::model::Plan;
use crate::query::Filter;
use crate::render::ics;

/// A feed, resolved.
#[derive(Debug)]
pub struct IcsRequest {
    /// The day the feed describes: its DTSTAMP.
    pub as_of: NaiveDate,
    pub filter: Filter,
    pub disclosure: Disclosure,
    /// Whether the meetings of `[meetings]` are events too.
    pub meetings: bool,
}

/// A feed, and what the disclosure rule left out of it.
#[derive(Debug)]
pub struct Feed {
    /// The iCalendar text.
    pub text: String,
    /// One line for the officer: how many sensitive actions were left out.
    pub left_out: Option<String>,
}

/// The feed `request` asks for.
pub fn feed(plan: &Plan, request: &IcsRequest) -> anyhow::Result<Feed> {
    let query = request.filter.check(plan)?;
    let disclosed = request.disclosure.apply(plan, query.select(plan));
    // Every meeting, whatever the filters: they choose actions, and a
    // lead's calendar still wants the meetings it reports to.
    let meetings = if request.meetings {
        plan.manifest.all_meetings()
    } else {
        Vec::new()
    };
    Ok(Feed {
        text: ics::render(plan, &disclosed.actions, &meetings, request.as_of),
        left_out: disclosed.note(),
    })
}
