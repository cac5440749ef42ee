//! `csp list`, `csp overdue` and `csp upcoming`: the actions a listing
//! shows, chosen by the filters, the listing's own rule (overdue, due in
//! the window), and what may be disclosed.

use chrono::NaiveDate;

use crate::disclosure::{Disclosed, Disclosure};
use crate::model::Plan;
use crate::query::{Filter, Query};
use crate::schedule::{is_overdue, is_upcoming};
use crate::view::ListKind;
use crate::window::LookAhead;

/// Which listing.
#[derive(Clone, Copy, Debug)]
pub enum Which<'m> {
    /// Every action the filters choose, in plan order.
    All,
    /// Those late as of the as-of day.
    Overdue,
    /// Those active and due in the window.
    Upcoming(LookAhead<'m>),
}

/// A listing, resolved.
#[derive(Debug)]
pub struct ListingRequest<'m> {
    pub as_of: NaiveDate,
    pub which: Which<'m>,
    pub filter: Filter,
    pub disclosure: Disclosure,
}

/// What a listing shows.
pub struct Chosen<'p, 'q> {
    pub query: Query<'q>,
    pub kind: ListKind,
    /// The actions to show, with what the disclosure rule left out.
    pub disclosed: Disclosed<'p>,
    /// Whether any action matched before the disclosure rule: `overdue
    /// --exit-code` answers for the whole plan, sensitive actions too.
    pub any_matched: bool,
}

/// The actions `request` lists, in plan order.
pub fn choose<'p, 'q>(
    plan: &'p Plan,
    request: &'q ListingRequest<'_>,
) -> anyhow::Result<Chosen<'p, 'q>> {
    let query = request.filter.check(plan)?;
    let as_of = request.as_of;
    let mut actions = query.select(plan);
    let kind = match request.which {
        Which::All => ListKind::All,
        Which::Overdue => {
            actions.retain(|action| is_overdue(action, as_of));
            ListKind::Overdue
        }
        Which::Upcoming(window) => {
            actions.retain(|action| is_upcoming(action, as_of, window.until));
            ListKind::Upcoming {
                until: window.until,
            }
        }
    };
    let any_matched = !actions.is_empty();
    Ok(Chosen {
        query,
        kind,
        disclosed: request.disclosure.apply(plan, actions),
        any_matched,
    })
}
