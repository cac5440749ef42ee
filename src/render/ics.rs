//! An iCalendar (RFC 5545) feed of the plan's deadlines.
//!
//! Written by hand rather than with the `icalendar` crate: version 0.17
//! folds lines correctly, but leaves a carriage return raw inside a TEXT
//! value (a CRLF in a title would end the content line early), does not
//! escape `NAME`, and quietly adds a random UID and the current time as
//! DTSTAMP to any event without them, which defeats stable UIDs and
//! repeatable output. The rules needed here fit in this file, with tests.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::calendar::Meeting;
use crate::dates::{Period, Unit};
use crate::model::{Action, Plan, Status};
use crate::schedule::next_due;

/// The most octets in one content line, CRLF excluded (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// The calendar of `actions` (in plan order): one all-day event per action
/// with a next due date, then one per meeting of `meetings` (by day, as
/// `Manifest::all_meetings` orders them). `stamp` is the day the feed
/// describes (`--as-of`): DTSTAMP is its midnight UTC, so the same plan on
/// the same day gives the same bytes, and a later feed carries a later stamp.
pub fn render(
    plan: &Plan,
    actions: &[&Action],
    meetings: &[Meeting<'_>],
    stamp: NaiveDate,
) -> String {
    let mut out = String::new();
    // A feed holding a sensitive action (only with --include-sensitive)
    // carries the marking in its name, and each such event is CONFIDENTIAL.
    let marked = actions.iter().any(|action| plan.is_sensitive(action));
    let name = if marked {
        format!("{}: {}", crate::model::SENSITIVE, plan.manifest.name)
            .trim_end_matches([' ', ':'])
            .to_string()
    } else {
        plan.manifest.name.clone()
    };
    let name = &name;
    line(&mut out, "BEGIN", "VCALENDAR");
    line(&mut out, "VERSION", "2.0");
    line(&mut out, "PRODID", "-//csp//csp action plan feed//EN");
    line(&mut out, "CALSCALE", "GREGORIAN");
    line(&mut out, "METHOD", "PUBLISH");
    if !name.trim().is_empty() {
        line(&mut out, "NAME", &text(name));
        line(&mut out, "X-WR-CALNAME", &text(name));
    }
    let domain = plan.manifest.domain();
    let stamp = format!("{}T000000Z", stamp.format("%Y%m%d"));
    for action in actions {
        let Some(due) = next_due(action) else {
            continue;
        };
        line(&mut out, "BEGIN", "VEVENT");
        line(&mut out, "UID", &text(&format!("{}@{domain}", action.id)));
        line(&mut out, "DTSTAMP", &stamp);
        line(&mut out, "DTSTART;VALUE=DATE", &ics_date(due));
        // DTEND is exclusive: an all-day event ends the next day.
        let end = due.succ_opt().unwrap_or(due);
        line(&mut out, "DTEND;VALUE=DATE", &ics_date(end));
        if let Some(every) = action.every {
            // A month, quarter or financial year is due at a month's end,
            // and so recurs at month ends.
            let month_end = action.due.is_some_and(|due| !due.is_day());
            line(&mut out, "RRULE", &rrule(every, due, month_end));
        }
        line(
            &mut out,
            "SUMMARY",
            &text(&crate::view::marked_title(plan, action)),
        );
        if plan.is_sensitive(action) {
            line(&mut out, "CLASS", "CONFIDENTIAL");
        }
        line(&mut out, "DESCRIPTION", &text(&description(plan, action)));
        // A finished action keeps its event, cancelled, so that importing
        // the feed again updates the old event instead of leaving it be.
        if matches!(action.status, Status::Done | Status::Dropped) {
            line(&mut out, "STATUS", "CANCELLED");
        } else {
            line(&mut out, "STATUS", "CONFIRMED");
        }
        // A deadline is not a meeting: it should not show the day as busy.
        line(&mut out, "TRANSP", "TRANSPARENT");
        line(&mut out, "END", "VEVENT");
    }
    for meeting in meetings {
        line(&mut out, "BEGIN", "VEVENT");
        // The body's key and the day: one event per meeting, stable across
        // feeds. Only an action file at the plan's root named like
        // `meeting-board-20240314.toml` could share it.
        let uid = format!(
            "meeting-{}-{}@{domain}",
            meeting.series.key,
            ics_date(meeting.day)
        );
        line(&mut out, "UID", &text(&uid));
        line(&mut out, "DTSTAMP", &stamp);
        line(&mut out, "DTSTART;VALUE=DATE", &ics_date(meeting.day));
        let end = meeting.day.succ_opt().unwrap_or(meeting.day);
        line(&mut out, "DTEND;VALUE=DATE", &ics_date(end));
        line(&mut out, "SUMMARY", &text(&meeting.series.title));
        line(&mut out, "STATUS", "CONFIRMED");
        line(&mut out, "END", "VEVENT");
    }
    line(&mut out, "END", "VCALENDAR");
    out
}

fn ics_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

fn description(plan: &Plan, action: &Action) -> String {
    let names = |keys: &[Arc<str>]| {
        keys.iter()
            .map(|key| match plan.manifest.lead(key) {
                Some(lead) => format!("{} ({key})", lead.name),
                None => key.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = vec![format!("Lead: {}", names(&action.lead))];
    if !action.partners.is_empty() {
        parts.push(format!("Partners: {}", names(&action.partners)));
    }
    parts.push(format!("Id: {}", action.id));
    parts.push(format!("Status: {}", action.status));
    if let Some(every) = action.every {
        parts.push(format!("Every: {every}"));
    }
    parts.push(String::new());
    parts.push(action.description.trim().to_string());
    parts.join("\n")
}

/// The recurrence rule that repeats `start` as `Period::add_to` does:
/// months clamp to the month's end, so a day after the 28th becomes "the
/// latest of the 28th..that day which the month has" (BYSETPOS=-1), and a
/// month-form due stays on the last day of the month.
pub fn rrule(every: Period, start: NaiveDate, month_end: bool) -> String {
    let count = every.count();
    let (freq, interval) = match every.unit() {
        Unit::Day => ("DAILY", count),
        Unit::Week => ("WEEKLY", count),
        Unit::Month => ("MONTHLY", count),
        Unit::Quarter => ("MONTHLY", count.saturating_mul(3)),
        Unit::Year => ("YEARLY", count),
    };
    let mut rule = format!("FREQ={freq}");
    if interval > 1 {
        rule.push_str(&format!(";INTERVAL={interval}"));
    }
    if every.months().is_some() {
        if every.unit() == Unit::Year {
            rule.push_str(&format!(";BYMONTH={}", start.month()));
        }
        if month_end {
            rule.push_str(";BYMONTHDAY=-1");
        } else if start.day() > 28 {
            let days: Vec<String> = (28..=start.day()).map(|d| d.to_string()).collect();
            rule.push_str(&format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(",")));
        }
    }
    rule
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma
/// escaped, every line break (CRLF, CR or LF) as `\n`, and other control
/// characters, which a TEXT value may not hold, dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `NAME:value` as a content line, folded so that no line exceeds
/// 75 octets and no UTF-8 character is split, ended by CRLF.
fn line(out: &mut String, name: &str, value: &str) {
    let whole = format!("{name}:{value}");
    let mut rest = whole.as_str();
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line counts towards its 75.
        limit = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn folded(name: &str, value: &str) -> String {
        let mut out = String::new();
        line(&mut out, name, value);
        out
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(text("one\r\ntwo\rthree\nfour"), "one\\ntwo\\nthree\\nfour");
        assert_eq!(text("bell\u{7}"), "bell");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let value = "é".repeat(100);
        let out = folded("SUMMARY", &value);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}"));
        assert_eq!(folded("A", "b"), "A:b\r\n");
        let exactly = "x".repeat(75 - 2);
        assert_eq!(folded("A", &exactly), format!("A:{exactly}\r\n"));
    }

    #[test]
    fn recurrence_rules_follow_csp_dates() {
        let d = |t| parse_date(t).unwrap();
        let every = |t| Period::parse_every(t).unwrap();
        assert_eq!(
            rrule(every("quarter"), d("2024-01-15"), false),
            "FREQ=MONTHLY;INTERVAL=3"
        );
        assert_eq!(
            rrule(every("month"), d("2024-03-31"), true),
            "FREQ=MONTHLY;BYMONTHDAY=-1"
        );
        assert_eq!(
            rrule(every("month"), d("2024-01-30"), false),
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"
        );
        assert_eq!(
            rrule(every("year"), d("2024-02-29"), false),
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"
        );
        assert_eq!(
            rrule(every("2 weeks"), d("2024-01-31"), false),
            "FREQ=WEEKLY;INTERVAL=2"
        );
        assert_eq!(
            rrule(every("6 months"), d("2023-09-30"), true),
            "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"
        );
    }
}
