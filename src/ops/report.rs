//! `csp report`: the board's meeting pack for a window, with the plan's
//! changes since a revision or meeting when asked.

use chrono::NaiveDate;

use crate::calendar::{Bodies, Meeting};
use crate::changes::{self, ChangeSet, Since};
use crate::disclosure::Disclosure;
use crate::load::Loaded;
use crate::model::{Manifest, Marking};
use crate::query::Filter;
use crate::view::pack::{Pack, Window};
use crate::view::scorecard::Scorecard;
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
    /// One line for the officer: how many sensitive actions and measures
    /// were left out.
    pub left_out: Option<String>,
}

/// The pack `request` asks for, with the measures the filters' leads,
/// priorities and tags choose. It is marked OFFICIAL-SENSITIVE when it
/// holds a sensitive action or measure, or any change it reports came from
/// a sensitive action.
pub fn pack<'p>(loaded: &'p Loaded, request: &ReportRequest<'p>) -> anyhow::Result<Report<'p>> {
    let plan = &loaded.plan;
    let query = request.filter.check(plan)?;
    let disclosure = request.disclosure;
    let disclosed = disclosure.apply(plan, query.select(plan));
    let measures = disclosure.apply_to_measures(plan, query.select_measures(plan));
    let left_out = disclosed.note_with(&measures);
    let marking = disclosed.marking_with(&measures);
    let selected = disclosed.actions;
    let mut changes = match &request.since {
        Some(since) => Some(changes::from_history(loaded, since, None)?),
        None => None,
    };
    let sensitive_changes = match changes.as_mut() {
        Some(changes) => {
            disclosure.apply_to_changes(plan, changes).1
                + disclosure.apply_to_measure_changes(plan, changes).1
        }
        None => 0,
    };
    let LookAhead {
        as_of,
        until,
        meeting,
        ..
    } = request.window;
    let (completed_since, since_meeting) = looks_back_to(
        &plan.manifest,
        &request.window,
        request.since.as_ref(),
        changes.as_ref(),
    );
    let window = Window {
        as_of,
        until,
        meeting,
        completed_since,
        since_meeting,
    };
    let mut pack = Pack::build(plan, &selected, window, changes, disclosure);
    pack.scorecard = Scorecard::new(plan, &measures.measures, as_of);
    if sensitive_changes > 0 || marking.is_sensitive() {
        pack.marking = Marking::OfficialSensitive;
    }
    Ok(Report { pack, left_out })
}

/// Where "recently completed" starts, and the meeting it starts after: one
/// day for the pack's completions and its changes. A pack is for the
/// meeting its window runs to, so it looks back to that body's meeting
/// before the as-of day: with `--since` a meeting, that meeting; with
/// `--since` a revision, that revision's day; else that body's previous
/// meeting, else any body's, else as far back as the pack looks ahead.
/// Completions on a meeting's own day were for that meeting: they count
/// from the day after it, as the changes run from the end of its day.
fn looks_back_to<'m>(
    manifest: &'m Manifest,
    window: &LookAhead<'m>,
    since: Option<&Since>,
    changes: Option<&ChangeSet>,
) -> (NaiveDate, Option<Meeting<'m>>) {
    let after =
        |meeting: Meeting<'m>| (meeting.day.succ_opt().unwrap_or(meeting.day), Some(meeting));
    match (since, changes) {
        (Some(Since::Meeting { key, day }), _) => {
            let meeting = manifest
                .meetings_on(*day)
                .find(|meeting| meeting.series.key == *key);
            match meeting {
                Some(meeting) => after(meeting),
                None => (day.succ_opt().unwrap_or(*day), None),
            }
        }
        (Some(Since::Revision(_)), Some(changes)) => (changes.from.date, None),
        _ => {
            let body = window.meeting.map(|meeting| &*meeting.series.key);
            let previous = body
                .and_then(|key| manifest.last_meeting(window.as_of, Bodies::Only(key)))
                .or_else(|| manifest.last_meeting(window.as_of, Bodies::Any));
            match previous {
                Some(meeting) => after(meeting),
                None => (window.as_of - (window.until - window.as_of), None),
            }
        }
    }
}
