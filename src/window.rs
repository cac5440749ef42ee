//! The look-ahead window: the one answer to "due before when?" for every
//! command that looks ahead (`upcoming`, the "due soon" counts of
//! listings, `leads` and `summary`, `report`, `chase`, `export`'s
//! Summary). A pack, a digest and a workbook made the same day therefore
//! name the same last day and the same meeting.
//!
//! The window runs from the as-of day to its last day, both included,
//! which is, in this order of precedence:
//! 1. `--until DAY` (a date, or a meeting such as `next:board`);
//! 2. `--within PERIOD` (`2w`, `1q`), where a command offers it;
//! 3. the next meeting of any body strictly after the as-of day, as the
//!    day word `next-meeting` means it (for one body's, `--until
//!    next:board`);
//! 4. the plan's look-ahead, `[plan] upcoming` (default 30 days).
//!
//! Literal on purpose: a pack made on the Board's day looks ahead to the
//! meeting after it, whichever body holds it, and says so in its one
//! "next meeting" line; an officer wanting the next Board says
//! `--until next:board`, as docs/meeting-cycle.md shows.
//!
//! docs/meeting-cycle.md says the same for officers.

use chrono::NaiveDate;

use crate::calendar::{Bodies, DaySpec, Meeting};
use crate::dates::{Period, uk_date};
use crate::error::Error;
use crate::model::Manifest;
use crate::schedule::{lookahead, window_end};

/// What set a window's last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `--until`.
    Until,
    /// `--within`.
    Within,
    /// The next meeting on the calendar.
    NextMeeting,
    /// `[plan] upcoming`, or its default of 30 days.
    PlanLookAhead,
}

/// The window a command looks ahead over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookAhead<'m> {
    /// The first day: "today" for the command.
    pub as_of: NaiveDate,
    /// The last day, included.
    pub until: NaiveDate,
    /// The meeting held on `until`, when there is one: the meeting the
    /// window looks ahead to.
    pub meeting: Option<Meeting<'m>>,
    pub reason: Reason,
}

/// The options a person gave for the window, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowRequest {
    pub until: Option<DaySpec>,
    pub within: Option<Period>,
}

impl<'m> LookAhead<'m> {
    /// The window when nobody chose one: the next meeting of any body,
    /// else the plan's look-ahead.
    pub fn default_for(manifest: &'m Manifest, as_of: NaiveDate) -> Self {
        match manifest.next_meeting(as_of, Bodies::Any) {
            Some(meeting) => Self {
                as_of,
                until: meeting.day,
                meeting: Some(meeting),
                reason: Reason::NextMeeting,
            },
            None => Self {
                as_of,
                until: window_end(as_of, lookahead(manifest)),
                meeting: None,
                reason: Reason::PlanLookAhead,
            },
        }
    }

    /// The window `request` asks for, from `as_of`; `today` is the wall
    /// clock's day, for `--until today`. A last day before `as_of` is a
    /// usage error.
    pub fn resolve(
        manifest: &'m Manifest,
        as_of: NaiveDate,
        today: NaiveDate,
        request: &WindowRequest,
    ) -> Result<Self, Error> {
        let window = match (&request.until, request.within) {
            (Some(spec), _) => {
                let (until, meeting) = spec.resolve_meeting(as_of, today, manifest)?;
                Self {
                    as_of,
                    until,
                    // A date typed for --until still names the meeting held that day.
                    meeting: meeting.or_else(|| manifest.meetings_on(until).next()),
                    reason: Reason::Until,
                }
            }
            (None, Some(period)) => {
                let until = window_end(as_of, period);
                Self {
                    as_of,
                    until,
                    meeting: manifest.meetings_on(until).next(),
                    reason: Reason::Within,
                }
            }
            (None, None) => Self::default_for(manifest, as_of),
        };
        if window.until < as_of {
            return Err(Error::usage(format!(
                "--until {} is before {}, the day csp looks ahead from",
                window.until,
                uk_date(as_of)
            ))
            .with_help(
                "give a later day, such as the next meeting's (next:board), or another --as-of",
            ));
        }
        Ok(window)
    }
}

/// The day partners' updates for `meeting` are wanted back: `[plan]
/// returns` before it, and never before the day they are asked (a form made
/// three days before a meeting cannot be due a week before it). `None`
/// without a meeting or without `[plan] returns`.
pub fn return_by(
    manifest: &Manifest,
    meeting: Option<Meeting<'_>>,
    asked_on: NaiveDate,
) -> Option<NaiveDate> {
    let day = manifest.returns?.subtract_from(meeting?.day)?;
    Some(day.max(asked_on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MeetingSeries;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn manifest() -> Manifest {
        Manifest {
            meetings: vec![
                MeetingSeries {
                    key: "board".into(),
                    title: "CSP Board".into(),
                    dates: vec![day("2024-03-14"), day("2024-06-13")],
                },
                MeetingSeries {
                    key: "group".into(),
                    title: "Delivery Group".into(),
                    dates: vec![day("2024-03-14"), day("2024-05-02")],
                },
            ],
            ..Manifest::default()
        }
    }

    #[test]
    fn the_next_meeting_of_any_body_sets_the_window() {
        let manifest = manifest();
        let window = LookAhead::default_for(&manifest, day("2024-03-01"));
        assert_eq!(window.until, day("2024-03-14"));
        assert_eq!(window.reason, Reason::NextMeeting);
        // Two bodies meet that day: the one listed first names it.
        assert_eq!(window.meeting.unwrap().series.key, "board");
        // On a meeting's day, the next meeting strictly after it, of any body.
        let window = LookAhead::default_for(&manifest, day("2024-03-14"));
        assert_eq!(window.until, day("2024-05-02"));
        assert_eq!(window.meeting.unwrap().series.key, "group");
        let window = LookAhead::default_for(&manifest, day("2024-03-13"));
        assert_eq!(window.until, day("2024-03-14"));
    }

    #[test]
    fn without_meetings_the_plans_look_ahead() {
        let mut manifest = manifest();
        manifest.meetings.clear();
        let window = LookAhead::default_for(&manifest, day("2024-01-15"));
        assert_eq!(window.until, day("2024-02-14"));
        assert_eq!(window.reason, Reason::PlanLookAhead);
        assert_eq!(window.meeting, None);
        manifest.upcoming = Some(Period::parse_window("2w").unwrap());
        assert_eq!(
            LookAhead::default_for(&manifest, day("2024-01-15")).until,
            day("2024-01-29")
        );
        // After the last meeting, the look-ahead again.
        let manifest = self::manifest();
        let window = LookAhead::default_for(&manifest, day("2024-06-13"));
        assert_eq!(window.reason, Reason::PlanLookAhead);
    }

    #[test]
    fn until_wins_over_within_and_within_over_meetings() {
        let manifest = manifest();
        let as_of = day("2024-03-01");
        let request = WindowRequest {
            until: Some(DaySpec::Date(day("2024-05-02"))),
            within: Some(Period::parse_window("1w").unwrap()),
        };
        let window = LookAhead::resolve(&manifest, as_of, as_of, &request).unwrap();
        assert_eq!(
            (window.until, window.reason),
            (day("2024-05-02"), Reason::Until)
        );
        assert_eq!(window.meeting.unwrap().series.key, "group");
        let request = WindowRequest {
            until: None,
            within: Some(Period::parse_window("1w").unwrap()),
        };
        let window = LookAhead::resolve(&manifest, as_of, as_of, &request).unwrap();
        assert_eq!(
            (window.until, window.reason),
            (day("2024-03-08"), Reason::Within)
        );
        assert_eq!(window.meeting, None);
        let request = WindowRequest {
            until: Some(DaySpec::Date(day("2024-02-29"))),
            within: None,
        };
        let error = LookAhead::resolve(&manifest, as_of, as_of, &request).unwrap_err();
        assert_eq!(
            error.to_string().lines().next(),
            Some("--until 2024-02-29 is before 1 Mar 2024, the day csp looks ahead from")
        );
        // The as-of day itself is a window of one day.
        let request = WindowRequest {
            until: Some(DaySpec::Date(as_of)),
            within: None,
        };
        assert_eq!(
            LookAhead::resolve(&manifest, as_of, as_of, &request)
                .unwrap()
                .until,
            as_of
        );
    }
}
