//! The partnership's meeting cycle: the one definition of "next meeting"
//! and "last meeting", and the days people name by them on the command
//! line (`today`, `next-meeting`, `last:board`, or a date).

use std::fmt;

use chrono::NaiveDate;

use crate::dates::{self, uk_date};
use crate::error::Error;
use crate::model::{Manifest, MeetingSeries};
use crate::suggest;

/// One meeting: a body's day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meeting<'m> {
    pub day: NaiveDate,
    pub series: &'m MeetingSeries,
}

impl fmt::Display for Meeting<'_> {
    /// "CSP Board on 14 Mar 2024".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.series.title, uk_date(self.day))
    }
}

/// Which bodies a meeting keyword looks at.
#[derive(Clone, Copy, Debug)]
pub enum Bodies<'k> {
    Any,
    Only(&'k str),
}

impl Manifest {
    /// The first meeting strictly after `day`, of `bodies`; of two bodies
    /// meeting the same day, the one listed first in csp.toml.
    pub fn next_meeting(&self, day: NaiveDate, bodies: Bodies<'_>) -> Option<Meeting<'_>> {
        self.meetings_of(bodies)
            .filter_map(|series| {
                let at = series.dates.partition_point(|&date| date <= day);
                series.dates.get(at).map(|&day| Meeting { day, series })
            })
            .min_by_key(|meeting| meeting.day)
    }

    /// The latest meeting strictly before `day`, of `bodies`.
    pub fn last_meeting(&self, day: NaiveDate, bodies: Bodies<'_>) -> Option<Meeting<'_>> {
        self.meetings_of(bodies)
            .filter_map(|series| {
                let at = series.dates.partition_point(|&date| date < day);
                at.checked_sub(1).map(|at| Meeting {
                    day: series.dates[at],
                    series,
                })
            })
            .reduce(|best, meeting| {
                if meeting.day > best.day {
                    meeting
                } else {
                    best
                }
            })
    }

    /// The meetings held on `day`, in csp.toml's order.
    pub fn meetings_on(&self, day: NaiveDate) -> impl Iterator<Item = Meeting<'_>> {
        self.meetings
            .iter()
            .filter(move |series| series.dates.binary_search(&day).is_ok())
            .map(move |series| Meeting { day, series })
    }

    /// Every meeting, ordered by day.
    pub fn all_meetings(&self) -> Vec<Meeting<'_>> {
        let mut all: Vec<Meeting<'_>> = self
            .meetings
            .iter()
            .flat_map(|series| series.dates.iter().map(move |&day| Meeting { day, series }))
            .collect();
        all.sort_by_key(|meeting| meeting.day);
        all
    }

    /// `day` as listings and the pack print it: "14 Mar 2024", and the
    /// meetings held that day in brackets, "14 Mar 2024 (CSP Board)".
    pub fn named_day(&self, day: NaiveDate) -> String {
        let titles: Vec<&str> = self
            .meetings_on(day)
            .map(|meeting| meeting.series.title.as_str())
            .collect();
        if titles.is_empty() {
            uk_date(day)
        } else {
            format!("{} ({})", uk_date(day), titles.join(", "))
        }
    }

    fn meetings_of<'s>(&'s self, bodies: Bodies<'_>) -> impl Iterator<Item = &'s MeetingSeries> {
        self.meetings.iter().filter(move |series| match bodies {
            Bodies::Any => true,
            Bodies::Only(key) => series.key == key,
        })
    }
}

/// A day as typed on the command line, before the plan is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaySpec {
    Date(NaiveDate),
    Today,
    /// `next-meeting` (no body) or `next:BODY`.
    Next(Option<String>),
    /// `last-meeting` (no body) or `last:BODY`.
    Last(Option<String>),
}

impl DaySpec {
    /// Reads `YYYY-MM-DD`, `today`, `next-meeting`, `last-meeting`,
    /// `next:BODY` or `last:BODY`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let body = |rest: &str| -> Result<String, String> {
            let rest = rest.trim();
            if rest.is_empty() {
                Err(format!(
                    "`{text}` names no meeting body; write e.g. {}board",
                    &text[..text.find(':').map_or(0, |at| at + 1)]
                ))
            } else {
                Ok(rest.to_string())
            }
        };
        match text {
            "today" => Ok(DaySpec::Today),
            "next-meeting" => Ok(DaySpec::Next(None)),
            "last-meeting" => Ok(DaySpec::Last(None)),
            _ => {
                if let Some(rest) = text.strip_prefix("next:") {
                    return body(rest).map(|key| DaySpec::Next(Some(key)));
                }
                if let Some(rest) = text.strip_prefix("last:") {
                    return body(rest).map(|key| DaySpec::Last(Some(key)));
                }
                dates::parse_date(text).map(DaySpec::Date).map_err(|error| {
                    // A mistyped date gets the date's own message; a word
                    // gets the list of words a day can be.
                    if text.starts_with(|c: char| c.is_ascii_digit()) {
                        error.to_string()
                    } else {
                        format!(
                            "`{text}` is not a day: write YYYY-MM-DD, today, next-meeting, last-meeting, next:BODY or last:BODY"
                        )
                    }
                })
            }
        }
    }

    /// The day this names, counted from `reference` (meetings strictly
    /// after or before it); `today` is the wall-clock day. An unknown body
    /// or a calendar with no such meeting is a usage error that says what
    /// the calendar holds.
    pub fn resolve(
        &self,
        reference: NaiveDate,
        today: NaiveDate,
        manifest: &Manifest,
    ) -> Result<NaiveDate, Error> {
        self.resolve_meeting(reference, today, manifest)
            .map(|(day, _)| day)
    }

    /// As `resolve`, with the meeting the day was named by, if any.
    pub fn resolve_meeting<'m>(
        &self,
        reference: NaiveDate,
        today: NaiveDate,
        manifest: &'m Manifest,
    ) -> Result<(NaiveDate, Option<Meeting<'m>>), Error> {
        let (forward, key) = match self {
            DaySpec::Date(day) => return Ok((*day, None)),
            DaySpec::Today => return Ok((today, None)),
            DaySpec::Next(key) => (true, key.as_deref()),
            DaySpec::Last(key) => (false, key.as_deref()),
        };
        if manifest
            .meetings
            .iter()
            .all(|series| series.dates.is_empty())
        {
            return Err(Error::usage(format!("`{self}` needs the plan's meetings, and csp.toml lists none"))
                .with_help("add the bodies that meet and their dates to csp.toml, e.g.\n[meetings.board]\ntitle = \"CSP Board\"\ndates = [2024-03-14, 2024-06-13]"));
        }
        let bodies = match key {
            None => Bodies::Any,
            Some(key) => {
                if let Some(series) = manifest.meetings.iter().find(|series| series.key == key) {
                    Bodies::Only(&series.key)
                } else {
                    let near = suggest::closest_name(
                        key,
                        manifest.meetings.iter().map(|series| series.key.as_str()),
                    );
                    let mut help = match near {
                        Some(near) => format!("did you mean `{near}`? "),
                        None => String::new(),
                    };
                    help.push_str(&format!(
                        "csp.toml's [meetings] holds {}",
                        holdings(manifest)
                    ));
                    return Err(
                        Error::usage(format!("no meeting body is called `{key}`")).with_help(help)
                    );
                }
            }
        };
        let found = if forward {
            manifest.next_meeting(reference, bodies)
        } else {
            manifest.last_meeting(reference, bodies)
        };
        if let Some(meeting) = found {
            Ok((meeting.day, Some(meeting)))
        } else {
            let which = match bodies {
                Bodies::Any => "meeting".to_string(),
                Bodies::Only(key) => format!("{key} meeting"),
            };
            let side = if forward { "after" } else { "before" };
            Err(Error::usage(format!(
                "`{self}`: no {which} {side} {}",
                uk_date(reference)
            ))
            .with_help(format!(
                "csp.toml's [meetings] holds {}; add the dates of {} meetings there",
                holdings(manifest),
                if forward { "the next" } else { "earlier" }
            )))
        }
    }
}

impl fmt::Display for DaySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaySpec::Date(day) => write!(f, "{}", day.format("%Y-%m-%d")),
            DaySpec::Today => f.write_str("today"),
            DaySpec::Next(None) => f.write_str("next-meeting"),
            DaySpec::Last(None) => f.write_str("last-meeting"),
            DaySpec::Next(Some(key)) => write!(f, "next:{key}"),
            DaySpec::Last(Some(key)) => write!(f, "last:{key}"),
        }
    }
}

/// "board (CSP Board: 14 Dec 2023 to 13 Jun 2024, 3 dates), …".
fn holdings(manifest: &Manifest) -> String {
    manifest
        .meetings
        .iter()
        .map(|series| match (series.dates.first(), series.dates.last()) {
            (Some(first), Some(last)) if first == last => {
                format!("{} ({}: {})", series.key, series.title, uk_date(*first))
            }
            (Some(first), Some(last)) => format!(
                "{} ({}: {} to {}, {} dates)",
                series.key,
                series.title,
                uk_date(*first),
                uk_date(*last),
                series.dates.len()
            ),
            _ => format!("{} ({}: no dates)", series.key, series.title),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        dates::parse_date(text).unwrap_or_default()
    }

    fn manifest() -> Manifest {
        Manifest {
            meetings: vec![
                MeetingSeries {
                    key: "board".into(),
                    title: "CSP Board".into(),
                    dates: vec![day("2023-12-14"), day("2024-03-14"), day("2024-06-13")],
                },
                MeetingSeries {
                    key: "delivery-group".into(),
                    title: "CSP Delivery Group".into(),
                    dates: vec![day("2024-02-01"), day("2024-03-14")],
                },
            ],
            ..Manifest::default()
        }
    }

    fn resolve(spec: &str, reference: &str) -> Result<NaiveDate, String> {
        let spec = DaySpec::parse(spec)?;
        spec.resolve(day(reference), day("2030-01-01"), &manifest())
            .map_err(|error| error.to_string())
    }

    #[test]
    fn next_and_last_are_strictly_after_and_before() {
        assert_eq!(resolve("next-meeting", "2024-03-13"), Ok(day("2024-03-14")));
        assert_eq!(resolve("next-meeting", "2024-03-14"), Ok(day("2024-06-13")));
        assert_eq!(resolve("last-meeting", "2024-03-14"), Ok(day("2024-02-01")));
        assert_eq!(resolve("last-meeting", "2024-03-15"), Ok(day("2024-03-14")));
        assert_eq!(
            resolve("next:delivery-group", "2024-01-01"),
            Ok(day("2024-02-01"))
        );
        assert_eq!(resolve("last:board", "2024-03-14"), Ok(day("2023-12-14")));
        assert_eq!(resolve("today", "2024-03-14"), Ok(day("2030-01-01")));
    }

    #[test]
    fn past_the_ends_of_the_calendar_is_an_error() {
        let after = resolve("next:board", "2024-06-13").unwrap_err();
        assert!(
            after.starts_with("`next:board`: no board meeting after 13 Jun 2024"),
            "{after}"
        );
        let before = resolve("last-meeting", "2023-12-14").unwrap_err();
        assert!(
            before.starts_with("`last-meeting`: no meeting before 14 Dec 2023"),
            "{before}"
        );
    }

    #[test]
    fn unknown_body_suggests_the_near_one() {
        let error = resolve("next:bord", "2024-01-01").unwrap_err();
        assert!(
            error.contains("no meeting body is called `bord`"),
            "{error}"
        );
        assert!(error.contains("did you mean `board`?"), "{error}");
    }

    #[test]
    fn named_day_names_the_meetings_held_that_day() {
        let manifest = manifest();
        assert_eq!(
            manifest.named_day(day("2024-03-14")),
            "14 Mar 2024 (CSP Board, CSP Delivery Group)"
        );
        assert_eq!(manifest.named_day(day("2024-03-15")), "15 Mar 2024");
    }

    #[test]
    fn a_bad_word_says_what_is_accepted() {
        let error = DaySpec::parse("next-board").unwrap_err();
        assert!(error.contains("next:BODY"), "{error}");
        assert!(DaySpec::parse("next:").is_err());
    }
}
