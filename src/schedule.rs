//! When an action is next due, and whether it is overdue, upcoming or stale.
//! These are the only definitions: every command asks here.

use chrono::NaiveDate;

use crate::calendar::Bodies;
use crate::dates::{Due, Period, YearMonth};
use crate::model::{Action, Manifest};

/// The next deadline: `due` if set (a month means its last day); else, for a
/// recurring action already done once, `completed + every`; else none.
pub fn next_due(action: &Action) -> Option<NaiveDate> {
    if let Some(due) = action.due {
        return Some(due.date());
    }
    match (action.every, action.completed) {
        (Some(every), Some(completed)) => every.add_to(completed, 1),
        _ => None,
    }
}

/// Where a recurring action's `due` moves when it is done on `done_on`:
/// Org mode's `++` repeater. The due date moves forward by at least one
/// period, then by further whole periods until it is after `done_on`, so
/// missed occurrences are skipped and the schedule keeps its anchor.
///
/// Every candidate is counted from the original `due` (`add_to(due, k)`),
/// never from the previous candidate, so that month ends do not drift
/// (31 Jan, 31 Mar, 31 May…, not 31 Jan, 29 Feb, 29 Mar…).
///
/// A due written as a month, quarter or financial year keeps its form when
/// the period is a whole number of such spans (a quarter every quarter or
/// year, a financial year every year); it counts as done-by when its last
/// day is after `done_on`. Otherwise (a month every week, a quarter every
/// month) it cannot keep its form, so the result is a day counted from the
/// span's last day.
///
/// `None` when the next due date would be past year 9999.
pub fn advance_due(due: Due, every: Period, done_on: NaiveDate) -> Option<Advance> {
    match (due, every.months()) {
        (_, Some(months))
            if due
                .span_months()
                .is_some_and(|span| months.is_multiple_of(span)) =>
        {
            let last = due.last_month()?;
            let elapsed = month_number(YearMonth::of(done_on)) - month_number(last);
            let mut times = lower_bound(elapsed / i64::from(months));
            loop {
                let next = due
                    .shifted_months(months.checked_mul(times)?)
                    .filter(|next| next.last_month().is_some_and(|last| last.year() <= 9999))?;
                if next.date() > done_on {
                    return Some(Advance::new(next, times));
                }
                times = times.checked_add(1)?;
            }
        }
        _ => {
            let anchor = due.date();
            let estimate = if let Some(months) = every.months() {
                let elapsed =
                    month_number(YearMonth::of(done_on)) - month_number(YearMonth::of(anchor));
                elapsed / i64::from(months)
            } else {
                let days = every
                    .add_to(anchor, 1)?
                    .signed_duration_since(anchor)
                    .num_days();
                (done_on - anchor).num_days() / days.max(1)
            };
            let mut times = lower_bound(estimate);
            loop {
                let next = every.add_to(anchor, times)?;
                if next > done_on {
                    return Some(Advance::new(Due::Day(next), times));
                }
                times = times.checked_add(1)?;
            }
        }
    }
}

/// The next due date after completion, and how many occurrences were missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Advance {
    pub due: Due,
    /// Occurrences between the old due and the new one that were never done.
    pub skipped: u32,
}

impl Advance {
    fn new(due: Due, times: u32) -> Self {
        Self {
            due,
            skipped: times - 1,
        }
    }
}

/// A start for the search of whole periods that is never past the answer:
/// one less than the estimate (month clamping can make the estimate one
/// too many), and at least one period.
fn lower_bound(estimate: i64) -> u32 {
    u32::try_from(estimate.saturating_sub(1))
        .unwrap_or(0)
        .max(1)
}

fn month_number(month: YearMonth) -> i64 {
    i64::from(month.year()) * 12 + i64::from(month.month())
}

/// The days from `from` to `to` (both included) on which a recurring
/// action fell due, oldest first: its next due date ([`next_due`]) and the
/// whole periods before it, each counted from that day so that month ends
/// do not drift. Empty for an action that does not recur or has no next
/// due date (undated, never done): it has no schedule to count.
///
/// The next due date is where `csp done` left the schedule: every earlier
/// occurrence was done or skipped, so counting back from it finds the days
/// the duty fell due in the year.
pub fn occurrences(action: &Action, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let (Some(every), Some(anchor)) = (action.every, next_due(action)) else {
        return Vec::new();
    };
    // A month, quarter or year that recurs by whole spans falls due on the
    // last day of each span (31 Dec, 30 Sep…), as `advance_due` moves it.
    let span_end = action.due.and_then(|due| {
        let months = every.months()?;
        let span = due.span_months()?;
        let last = due.last_month()?;
        months
            .is_multiple_of(span)
            .then(|| (month_number(last), i64::from(months)))
    });
    let occurrence = |times: u32| match span_end {
        Some((last, months)) => {
            let number = last - i64::from(times) * months;
            let (year, month) = (number.div_euclid(12), number.rem_euclid(12));
            // `month_number` counts January of year y as y * 12 + 1.
            let (year, month) = if month == 0 {
                (year - 1, 12)
            } else {
                (year, month)
            };
            YearMonth::new(i32::try_from(year).ok()?, u32::try_from(month).ok()?)
                .map(YearMonth::last_day)
        }
        None => every.subtract_times(anchor, times),
    };
    // Undated, it has a schedule only from its last completion on: no
    // occurrence is made up before it.
    let from = match (action.due, action.completed) {
        (None, Some(completed)) => from.max(completed),
        _ => from,
    };
    // Periods that surely end after `to`, skipped without walking them.
    let skip = ((anchor - to).num_days() / every.max_days()).max(0);
    let mut times = u32::try_from(skip).unwrap_or(u32::MAX);
    let mut days = Vec::new();
    while let Some(day) = occurrence(times) {
        if day < from {
            break;
        }
        if day <= to {
            days.push(day);
        }
        let Some(next) = times.checked_add(1) else {
            break;
        };
        times = next;
    }
    days.reverse();
    days
}

/// Whether the occurrence of a recurring action due on `day` was met: a
/// completion or progress note dated after the occurrence before it and
/// no later than `day`. Work done late counts towards the next occurrence,
/// as `csp done` counts it (see [`advance_due`]).
pub fn occurrence_met(action: &Action, day: NaiveDate) -> bool {
    let Some(every) = action.every else {
        return false;
    };
    let after = every.subtract_times(day, 1).unwrap_or(NaiveDate::MIN);
    action
        .updates
        .iter()
        .map(|update| update.date)
        .chain(action.completed)
        .any(|evidence| after < evidence && evidence <= day)
}

/// Days late as of `as_of`, for an action that is still open, in progress or
/// blocked and whose next due date is before `as_of`. Due on `as_of` itself
/// is not late.
pub fn days_overdue(action: &Action, as_of: NaiveDate) -> Option<i64> {
    if !action.status.is_active() {
        return None;
    }
    let due = next_due(action)?;
    (due < as_of).then(|| (as_of - due).num_days())
}

pub fn is_overdue(action: &Action, as_of: NaiveDate) -> bool {
    days_overdue(action, as_of).is_some()
}

/// Whether an active action falls due between `as_of` and `until`, both
/// days included.
pub fn is_upcoming(action: &Action, as_of: NaiveDate, until: NaiveDate) -> bool {
    action.status.is_active() && next_due(action).is_some_and(|due| as_of <= due && due <= until)
}

/// The plan's look-ahead: `[plan] upcoming` in the manifest, else 30 days:
/// the window when the calendar has no next meeting ([`crate::window`]).
pub fn lookahead(manifest: &Manifest) -> Period {
    manifest.upcoming.unwrap_or(Period::THIRTY_DAYS)
}

/// The last day of `window` counted from `as_of`: `as_of + window`, a day
/// included in the window. Past the calendar's end it is its last day.
pub fn window_end(as_of: NaiveDate, window: Period) -> NaiveDate {
    window.add_to(as_of, 1).unwrap_or(NaiveDate::MAX)
}

/// The day from which a progress note keeps an action fresh as of `as_of`:
/// the last meeting of any body before `as_of` when the plan has meetings
/// (progress is reported to meetings), else `as_of` less `[plan] stale`
/// (default three months).
pub fn stale_since(as_of: NaiveDate, manifest: &Manifest) -> NaiveDate {
    if let Some(meeting) = manifest.last_meeting(as_of, Bodies::Any) {
        return meeting.day;
    }
    manifest
        .stale
        .unwrap_or(Period::THREE_MONTHS)
        .subtract_from(as_of)
        .unwrap_or(NaiveDate::MIN)
}

/// Whether an open, in-progress or blocked action has no progress note
/// dated on or after `since` (see [`stale_since`]). No notes at all is
/// stale.
pub fn is_stale(action: &Action, since: NaiveDate) -> bool {
    action.status.is_active() && last_update(action).is_none_or(|day| day < since)
}

/// The day of the action's latest progress note.
pub fn last_update(action: &Action) -> Option<NaiveDate> {
    action.updates.iter().map(|update| update.date).max()
}

/// Days from `as_of` to the next due date: negative when late.
pub fn days_until_due(action: &Action, as_of: NaiveDate) -> Option<i64> {
    next_due(action).map(|due| (due - as_of).num_days())
}

/// "3 days late", "due today", "in 2 weeks": how far a deadline is, in words.
pub fn describe_distance(days: i64) -> String {
    match days {
        0 => "due today".into(),
        d if d < 0 => format!("{} late", describe_span(-d)),
        d => format!("in {}", describe_span(d)),
    }
}

/// A length of time in words, as coarse as a person would say it: "1 day",
/// "3 weeks", "4 months", "2 years". Negative spans read as their size.
pub fn describe_span(days: i64) -> String {
    let days = days.saturating_abs();
    match days {
        1 => "1 day".into(),
        0 | 2..=13 => format!("{days} days"),
        14..=62 => format!("{} weeks", days / 7),
        _ => {
            let months = days / 30;
            if months < 24 {
                format!("{months} months")
            } else {
                format!("{} years", days / 365)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::{Period, parse_date, parse_due};
    use crate::model::Status;

    fn action(due: Option<&str>, every: Option<&str>, completed: Option<&str>) -> Action {
        Action {
            due: due.map(|d| parse_due(d).unwrap()),
            every: every.map(|e| Period::parse_every(e).unwrap()),
            completed: completed.map(|c| parse_date(c).unwrap()),
            ..Action::for_test("s/a")
        }
    }

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn every(text: &str) -> Period {
        Period::parse_every(text).unwrap()
    }

    fn advanced(due: &str, period: &str, done_on: &str) -> (String, u32) {
        let advance = advance_due(parse_due(due).unwrap(), every(period), day(done_on)).unwrap();
        (advance.due.iso(), advance.skipped)
    }

    fn noted(dates: &[&str], status: Status) -> Action {
        Action {
            status,
            updates: dates
                .iter()
                .map(|date| crate::model::Update {
                    date: day(date),
                    text: "note".into(),
                })
                .collect(),
            ..Action::for_test("s/a")
        }
    }

    #[test]
    fn occurrences_count_back_from_the_next_due_without_drift() {
        let mut quarterly = action(Some("Q1 2024/25"), Some("quarter"), Some("2024-03-20"));
        quarterly.updates = Box::new([crate::model::Update {
            date: day("2023-09-15"),
            text: "done".into(),
        }]);
        let days = occurrences(&quarterly, day("2023-04-01"), day("2024-03-31"));
        assert_eq!(
            days,
            [
                day("2023-06-30"),
                day("2023-09-30"),
                day("2023-12-31"),
                day("2024-03-31")
            ]
        );
        let met: Vec<bool> = days
            .iter()
            .map(|d| occurrence_met(&quarterly, *d))
            .collect();
        // A note in Q2 and the completion in Q4; Q1 and Q3 were missed.
        assert_eq!(met, [false, true, false, true]);
        // A day keeps the period's arithmetic: 30 Jun less a quarter is 30 Mar.
        let by_day = action(Some("2024-06-30"), Some("quarter"), None);
        assert_eq!(
            occurrences(&by_day, day("2023-10-01"), day("2024-03-31")),
            [day("2023-12-30"), day("2024-03-30")]
        );
        // Only what fell due by the as-of day counts.
        assert_eq!(
            occurrences(&quarterly, day("2023-04-01"), day("2023-10-01")).len(),
            2
        );
        // An undated recurring action never done has no schedule.
        assert!(
            occurrences(
                &action(None, Some("year"), None),
                day("2023-04-01"),
                day("2024-03-31")
            )
            .is_empty()
        );
        // Undated but done: its schedule starts at the completion, met.
        let yearly = action(None, Some("year"), Some("2023-05-10"));
        assert_eq!(
            occurrences(&yearly, day("2023-04-01"), day("2024-03-31")),
            [day("2023-05-10")]
        );
        assert!(occurrence_met(&yearly, day("2023-05-10")));
        let monthly = action(None, Some("month"), Some("2023-05-10"));
        assert_eq!(
            occurrences(&monthly, day("2023-04-01"), day("2023-06-30")).len(),
            2
        );
        assert_eq!(
            occurrences(&yearly, day("2024-04-01"), day("2025-03-31")),
            [day("2024-05-10")]
        );
        // A daily duty due far ahead is counted without walking every day.
        let daily = action(Some("9000-01-01"), Some("day"), None);
        assert_eq!(
            occurrences(&daily, day("2024-01-01"), day("2024-01-31")).len(),
            31
        );
    }

    #[test]
    fn stale_means_no_note_on_or_after_the_last_meeting() {
        let mut manifest = Manifest::default();
        manifest.meetings.push(crate::model::MeetingSeries {
            key: "board".into(),
            title: "CSP Board".into(),
            dates: vec![day("2024-03-14"), day("2024-06-13")],
        });
        let since = stale_since(day("2024-05-01"), &manifest);
        assert_eq!(since, day("2024-03-14"));
        assert!(!is_stale(&noted(&["2024-03-14"], Status::Open), since));
        assert!(is_stale(&noted(&["2024-03-13"], Status::InProgress), since));
        assert!(is_stale(&noted(&[], Status::Blocked), since));
        assert!(!is_stale(&noted(&[], Status::Done), since));
        // On a meeting day, that meeting is not yet "before".
        assert_eq!(stale_since(day("2024-06-13"), &manifest), day("2024-03-14"));
        assert_eq!(stale_since(day("2024-06-14"), &manifest), day("2024-06-13"));
    }

    #[test]
    fn without_meetings_stale_counts_back_the_plans_window() {
        let mut manifest = Manifest::default();
        assert_eq!(stale_since(day("2024-05-31"), &manifest), day("2024-02-29"));
        manifest.stale = Some(Period::parse_window("6w").unwrap());
        assert_eq!(stale_since(day("2024-05-31"), &manifest), day("2024-04-19"));
    }

    #[test]
    fn quarters_and_financial_years_keep_their_form_across_the_year_end() {
        assert_eq!(
            advanced("Q4 2023/24", "quarter", "2024-03-20"),
            ("Q1 2024/25".into(), 0)
        );
        assert_eq!(
            advanced("Q3 2023/24", "quarter", "2024-01-02"),
            ("Q4 2023/24".into(), 0)
        );
        // Done late, in Q2: Q1 was missed.
        assert_eq!(
            advanced("Q4 2023/24", "quarter", "2024-08-01"),
            ("Q2 2024/25".into(), 1)
        );
        assert_eq!(
            advanced("Q3 2023/24", "year", "2023-11-01"),
            ("Q3 2024/25".into(), 0)
        );
        assert_eq!(
            advanced("2023/24", "year", "2024-03-31"),
            ("2024/25".into(), 0)
        );
        assert_eq!(
            advanced("2023/24", "year", "2024-04-01"),
            ("2024/25".into(), 0)
        );
        assert_eq!(
            advanced("2023/24", "year", "2025-04-02"),
            ("2025/26".into(), 1)
        );
        // A period that is not whole quarters cannot keep the form: days from the end.
        assert_eq!(
            advanced("Q3 2023/24", "month", "2023-12-10"),
            ("2024-01-31".into(), 0)
        );
        assert_eq!(
            advanced("2023/24", "quarter", "2024-01-10"),
            ("2024-06-30".into(), 0)
        );
    }

    #[test]
    fn month_form_due_stays_a_month_and_skips_missed_months() {
        // The examples of issue 5 and docs/editing.md.
        assert_eq!(
            advanced("2024-01", "month", "2024-02-10"),
            ("2024-02".into(), 0)
        );
        assert_eq!(
            advanced("2024-01", "month", "2024-03-05"),
            ("2024-03".into(), 1)
        );
        assert_eq!(
            advanced("2024-01", "month", "2024-01-31"),
            ("2024-02".into(), 0)
        );
        assert_eq!(
            advanced("2024-01", "quarter", "2024-01-12"),
            ("2024-04".into(), 0)
        );
        assert_eq!(
            advanced("2024-01", "quarter", "2024-07-01"),
            ("2024-07".into(), 1)
        );
        assert_eq!(
            advanced("2023-03", "year", "2023-02-01"),
            ("2024-03".into(), 0)
        );
    }

    #[test]
    fn day_due_keeps_its_anchor_without_month_end_drift() {
        assert_eq!(
            advanced("2024-01-31", "month", "2024-01-31"),
            ("2024-02-29".into(), 0)
        );
        assert_eq!(
            advanced("2024-01-31", "month", "2024-03-01"),
            ("2024-03-31".into(), 1)
        );
        assert_eq!(
            advanced("2024-01-31", "month", "2024-04-30"),
            ("2024-05-31".into(), 3)
        );
        assert_eq!(
            advanced("2024-03-31", "6 months", "2024-03-31"),
            ("2024-09-30".into(), 0)
        );
        assert_eq!(
            advanced("2024-03-31", "6 months", "2024-10-01"),
            ("2025-03-31".into(), 1)
        );
    }

    #[test]
    fn done_early_still_moves_one_period() {
        assert_eq!(
            advanced("2024-03-31", "year", "2023-12-01"),
            ("2025-03-31".into(), 0)
        );
        assert_eq!(
            advanced("2024-03", "quarter", "2024-01-15"),
            ("2024-06".into(), 0)
        );
    }

    #[test]
    fn days_and_weeks_count_exactly() {
        assert_eq!(
            advanced("2024-01-01", "week", "2024-01-01"),
            ("2024-01-08".into(), 0)
        );
        assert_eq!(
            advanced("2024-01-01", "week", "2024-01-08"),
            ("2024-01-15".into(), 1)
        );
        assert_eq!(
            advanced("2024-01-01", "2 weeks", "2024-01-14"),
            ("2024-01-15".into(), 0)
        );
        assert_eq!(
            advanced("2024-01-01", "day", "2025-01-01"),
            ("2025-01-02".into(), 366)
        );
    }

    #[test]
    fn month_form_due_with_weekly_period_becomes_a_day() {
        // Counted from the month's last day: a weekly action is due on a day.
        assert_eq!(
            advanced("2024-01", "week", "2024-01-10"),
            ("2024-02-07".into(), 0)
        );
        assert_eq!(
            advanced("2024-01", "2 weeks", "2024-02-20"),
            ("2024-02-28".into(), 1)
        );
    }

    #[test]
    fn advancing_past_year_9999_is_none() {
        let due = parse_due("9999-06").unwrap();
        assert_eq!(advance_due(due, every("year"), day("9999-07-01")), None);
    }

    #[test]
    fn due_day_itself_is_not_overdue() {
        let a = action(Some("2023-09-30"), None, None);
        assert_eq!(days_overdue(&a, day("2023-09-29")), None);
        assert_eq!(days_overdue(&a, day("2023-09-30")), None);
        assert_eq!(days_overdue(&a, day("2023-10-01")), Some(1));
    }

    #[test]
    fn month_due_is_late_only_after_the_month() {
        let a = action(Some("2024-02"), None, None);
        assert_eq!(next_due(&a), Some(day("2024-02-29")));
        assert!(!is_overdue(&a, day("2024-02-29")));
        assert!(is_overdue(&a, day("2024-03-01")));
    }

    #[test]
    fn recurring_without_due_follows_completed() {
        let a = action(None, Some("quarter"), Some("2024-01-15"));
        assert_eq!(next_due(&a), Some(day("2024-04-15")));
        assert_eq!(next_due(&action(None, Some("quarter"), None)), None);
    }

    #[test]
    fn done_and_dropped_are_never_late_or_upcoming() {
        for status in [Status::Done, Status::Dropped] {
            let mut a = action(Some("2023-01-01"), None, Some("2023-01-01"));
            a.status = status;
            assert!(!is_overdue(&a, day("2024-01-01")));
            assert!(!is_upcoming(&a, day("2022-12-01"), day("2023-12-01")));
        }
    }

    #[test]
    fn upcoming_includes_both_ends_of_the_window() {
        let a = action(Some("2024-03-31"), None, None);
        assert!(is_upcoming(&a, day("2024-03-31"), day("2024-03-31")));
        assert!(is_upcoming(&a, day("2024-03-01"), day("2024-03-31")));
        assert!(!is_upcoming(&a, day("2024-03-01"), day("2024-03-30")));
        assert!(!is_upcoming(&a, day("2024-04-01"), day("2024-05-01")));
    }

    #[test]
    fn distances_read_naturally() {
        assert_eq!(describe_distance(0), "due today");
        assert_eq!(describe_distance(-1), "1 day late");
        assert_eq!(describe_distance(-20), "2 weeks late");
        assert_eq!(describe_distance(3), "in 3 days");
        assert_eq!(describe_distance(100), "in 3 months");
        assert_eq!(describe_distance(-800), "2 years late");
    }
}
