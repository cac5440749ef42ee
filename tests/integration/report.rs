//! `csp report` and `csp ics` on the fixture plan `tests/fixtures/report/plan`
//! at a fixed day: exact snapshots of the Markdown pack and the calendar,
//! structural checks of both the HTML page and the feed, and the feed read
//! by the icalendar crate's parser. Headless Chromium renders the page in
//! `external`.
//!
//! The snapshots live beside the fixture (`pack.md`, `plan.ics`) rather than
//! in trycmd cases, because trycmd turns every `\` into `/`, and escaping is
//! what these outputs must get right. After an intended change of output:
//! `TRYCMD=overwrite cargo test --test integration report::`, then read the diff.

use crate::support;

const PLAN: &str = "tests/fixtures/report/plan";
const AS_OF: &str = "2024-01-15";
const UNTIL: &str = "2024-03-31";

fn csp(args: &[&str]) -> Vec<u8> {
    let output = support::csp()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "csp {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

pub(crate) fn pack(format: &str) -> String {
    let out = csp(&[
        "report", "--plan", PLAN, "--as-of", AS_OF, "--until", UNTIL, "--format", format,
    ]);
    String::from_utf8(out).unwrap()
}

fn ics(as_of: &str) -> Vec<u8> {
    csp(&["ics", "--plan", PLAN, "--as-of", as_of])
}

/// Compares with a snapshot file byte for byte, or rewrites it when blessing.
fn assert_snapshot(path: &str, actual: &[u8]) {
    if std::env::var("TRYCMD").is_ok_and(|v| v == "overwrite") {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(path).unwrap();
    assert!(
        expected == actual,
        "{path} differs from the output; if the change is intended, run `TRYCMD=overwrite cargo test --test integration report::` and read the diff\n--- actual ---\n{}",
        String::from_utf8_lossy(actual)
    );
}

#[test]
fn markdown_pack_matches_snapshot() {
    assert_snapshot("tests/fixtures/report/pack.md", pack("md").as_bytes());
}

#[test]
fn markdown_pack_escapes_plan_text() {
    let md = pack("md");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(!md.contains("<script>"));
}

#[test]
fn html_pack_is_self_contained_and_escaped() {
    let html = pack("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"en-GB\">"));
    // Nothing runs and nothing is fetched.
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script element slipped in");
    assert!(!lower.contains("<link"));
    assert!(!lower.contains("<img"));
    assert!(!lower.contains("<iframe"));
    assert!(!lower.contains("@import"));
    assert!(!lower.contains("url("));
    assert!(!lower.contains("src="));
    assert!(!lower.contains("href="));
    for tag in lower
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
    {
        let handler = tag
            .split_whitespace()
            .skip(1)
            .any(|attribute| attribute.starts_with("on") && attribute.contains('='));
        assert!(!handler, "an event handler attribute in <{tag}>");
    }
    // The title shows as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Two inline charts, and print rules for A4.
    assert_eq!(html.matches("<svg ").count(), 2);
    assert!(html.contains("Actions by lead and status"));
    assert!(html.contains("When active actions fall due"));
    assert!(html.contains("@page {\n  size: A4;"));
    assert!(html.contains("content: \"Page \" counter(page) \" of \" counter(pages)"));
    assert!(html.contains("break-before: page"));
    // Every part of the pack is there.
    for heading in [
        "At a glance",
        "Overdue by lead",
        "No progress note since 15 Oct 2023 (8)",
        "Due by 31 Mar 2024",
        "Completed since 31 Oct 2023",
        "Undated",
        "Recurring",
        "The plan by section",
        "Leads",
    ] {
        assert!(
            html.contains(&format!("<h2>{heading}</h2>")),
            "no {heading}"
        );
    }
    // The same numbers as the Markdown: 3 overdue, 8 stale (the fixture has
    // no meetings, so three months back), 4 due by the meeting.
    assert!(html.contains("<span class=\"number\">3</span><span class=\"what\">overdue</span>"));
    assert!(html.contains(
        "<span class=\"number\">8</span><span class=\"what\">no progress note since 15 Oct 2023</span>"
    ));
    // No meetings: the header names none and the timeline marks none.
    assert!(!html.contains("Next meeting"));
    assert!(!html.contains("class=\"meeting\""));
    assert!(
        html.contains(
            "<span class=\"number\">4</span><span class=\"what\">due by 31 Mar 2024</span>"
        )
    );
}

#[test]
fn html_pack_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pack.html");
    let stdout = csp(&[
        "report",
        "--plan",
        PLAN,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(stdout.is_empty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

/// The feed's content lines, unfolded.
fn unfold(feed: &str) -> Vec<String> {
    feed.split_terminator("\r\n")
        .fold(Vec::new(), |mut lines: Vec<String>, physical| {
            match physical.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None => lines.push(physical.to_string()),
            }
            lines
        })
}

fn events(lines: &[String]) -> Vec<Vec<String>> {
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.push(current.take().unwrap()),
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line.clone());
                }
            }
        }
    }
    events
}

fn property<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event.iter().find_map(|line| {
        line.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(':'))
    })
}

#[test]
fn ics_matches_snapshot() {
    assert_snapshot("tests/fixtures/report/plan.ics", &ics(AS_OF));
}

/// The feed's structure, checked on its bytes: CRLF line ends only, no
/// physical line over 75 octets, no fold splitting a character, and every
/// BEGIN closed by its END in order. Returns how many lines are folds.
fn assert_well_formed(bytes: &[u8]) -> usize {
    // Every line break is CRLF: no bare LF or CR.
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            assert_eq!(bytes[index - 1], b'\r', "bare LF at byte {index}");
        }
        if byte == b'\r' {
            assert_eq!(
                bytes.get(index + 1),
                Some(&b'\n'),
                "bare CR at byte {index}"
            );
        }
    }
    assert!(bytes.ends_with(b"END:VCALENDAR\r\n"));
    let mut folded = 0;
    for physical in bytes.split(|&b| b == b'\n') {
        let physical = physical.strip_suffix(b"\r").unwrap_or(physical);
        assert!(
            physical.len() <= 75,
            "{} octets: {:?}",
            physical.len(),
            String::from_utf8_lossy(physical)
        );
        // A fold never splits a character: each line is UTF-8 by itself.
        std::str::from_utf8(physical).unwrap();
        if physical.starts_with(b" ") {
            folded += 1;
        }
    }
    let feed = std::str::from_utf8(bytes).unwrap();
    let mut open: Vec<String> = Vec::new();
    for line in unfold(feed) {
        if let Some(component) = line.strip_prefix("BEGIN:") {
            open.push(component.to_string());
        } else if let Some(component) = line.strip_prefix("END:") {
            assert_eq!(
                open.pop().as_deref(),
                Some(component),
                "END:{component} closes nothing open"
            );
        } else {
            assert!(!open.is_empty(), "{line:?} outside the calendar");
        }
    }
    assert!(open.is_empty(), "never closed: {open:?}");
    folded
}

#[test]
fn ics_lines_are_crlf_folded_at_75_octets_on_character_boundaries() {
    let bytes = ics(AS_OF);
    let folded = assert_well_formed(&bytes);
    assert!(folded >= 3, "the fixture's long descriptions should fold");
    // The long Unicode description survives folding intact.
    let feed = String::from_utf8(bytes).unwrap();
    let lines = unfold(&feed);
    assert!(lines.iter().any(|line| line.ends_with(
        "\\n\\nLine one\\nLine two: café\\, crème brûlée\\; naïve façades — “quoted” ünïcödé text long enough to be folded more than once in a calendar feed."
    )));
}

#[test]
fn ics_events_are_all_day_with_escaped_text_and_recurrence() {
    let feed = String::from_utf8(ics(AS_OF)).unwrap();
    let lines = unfold(&feed);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    // The plan's name has a comma and a semicolon.
    assert!(
        lines.contains(&"X-WR-CALNAME:Fenland Test CSP plan\\, 2023\\; report fixture".to_string())
    );
    let events = events(&lines);
    // Thirteen actions; the partner forum has no date.
    assert_eq!(events.len(), 12);
    for event in &events {
        for name in [
            "UID",
            "DTSTAMP",
            "DTSTART;VALUE=DATE",
            "DTEND;VALUE=DATE",
            "SUMMARY",
        ] {
            assert!(
                property(event, name).is_some(),
                "{name} missing in {event:?}"
            );
        }
        assert_eq!(property(event, "DTSTAMP"), Some("20240115T000000Z"));
        let start = chrono::NaiveDate::parse_from_str(
            property(event, "DTSTART;VALUE=DATE").unwrap(),
            "%Y%m%d",
        )
        .unwrap();
        let end = chrono::NaiveDate::parse_from_str(
            property(event, "DTEND;VALUE=DATE").unwrap(),
            "%Y%m%d",
        )
        .unwrap();
        assert_eq!(
            end,
            start.succ_opt().unwrap(),
            "an all-day event ends the next day"
        );
    }
    let by_summary = |summary: &str| {
        events
            .iter()
            .find(|e| property(e, "SUMMARY") == Some(summary))
            .unwrap_or_else(|| panic!("no event {summary}"))
    };
    let script = by_summary("<script>alert(1)</script>");
    assert_eq!(property(script, "DTSTART;VALUE=DATE"), Some("20240331"));
    let description = property(script, "DESCRIPTION").unwrap();
    assert!(description.starts_with(
        "Lead: Cambridgeshire County Council (CCC)\\nId: prevention/youth/script-title\\n"
    ));
    assert!(
        description.contains(
            "Tests | pipes\\, *stars*\\, commas\\; semicolons \\\\ backslash & ampersands"
        )
    );

    let newsletter = by_summary("Publish the community safety newsletter");
    assert_eq!(property(newsletter, "DTSTART;VALUE=DATE"), Some("20240301"));
    assert_eq!(
        property(newsletter, "RRULE"),
        Some("FREQ=MONTHLY;INTERVAL=3")
    );
    let annual = by_summary("Publish the annual report");
    assert_eq!(
        property(annual, "RRULE"),
        Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1")
    );
    let talks = by_summary("Deliver school talks");
    assert!(property(talks, "DESCRIPTION").unwrap().starts_with(
        "Lead: East Cambridgeshire District Council (ECDC)\\, Cambridgeshire Constabulary (police)\\n"
    ));
    assert_eq!(property(talks, "STATUS"), Some("CONFIRMED"));
    assert_eq!(
        property(by_summary("Train licensing officers"), "STATUS"),
        Some("CANCELLED")
    );
}

#[test]
fn ics_uids_are_stable_across_runs_and_days() {
    let uids = |feed: Vec<u8>| -> Vec<String> {
        let feed = String::from_utf8(feed).unwrap();
        events(&unfold(&feed))
            .iter()
            .map(|e| property(e, "UID").unwrap().to_string())
            .collect()
    };
    let first = uids(ics(AS_OF));
    assert_eq!(first, uids(ics(AS_OF)));
    assert_eq!(
        first,
        uids(ics("2024-06-01")),
        "a later feed must update, not duplicate"
    );
    assert!(first.contains(
        &"enforcement/shop-watch@fenland-test-csp-plan-2023-report-fixture.csp".to_string()
    ));
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len());
    // The same day gives the same bytes.
    assert_eq!(ics(AS_OF), ics(AS_OF));
}

/// The feed as the icalendar crate's parser reads it: a reader independent
/// of csp's own writer and of the line-based checks above, which unfolds,
/// splits properties from parameters and unescapes TEXT values itself.
fn parse_feed(bytes: &[u8]) -> icalendar::Calendar {
    let feed = std::str::from_utf8(bytes).unwrap();
    feed.parse()
        .unwrap_or_else(|error| panic!("icalendar cannot parse the feed: {error}\n{feed}"))
}

/// An all-day event's day: its DTSTART, which must be a DATE.
fn all_day(event: &icalendar::Event) -> chrono::NaiveDate {
    use icalendar::{Component, DatePerhapsTime};
    match event.get_start() {
        Some(DatePerhapsTime::Date(day)) => {
            assert_eq!(
                event.get_end(),
                Some(DatePerhapsTime::Date(day.succ_opt().unwrap())),
                "an all-day event ends the next day: {event:?}"
            );
            day
        }
        other => panic!("not an all-day event: {other:?} in {event:?}"),
    }
}

#[test]
fn icalendar_reads_the_feed_with_its_days_texts_and_recurrence() {
    use icalendar::{Component, EventStatus};
    let calendar = parse_feed(&ics(AS_OF));
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    // NAME (RFC 7986) is TEXT, but this parser knows the types of RFC 5545's
    // properties only, and gives it as written: escaped.
    assert_eq!(
        calendar.get_name(),
        Some("Fenland Test CSP plan\\, 2023\\; report fixture")
    );
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    // Thirteen actions; the partner forum has no date.
    assert_eq!(events.len(), 12);
    assert_eq!(calendar.components.len(), 12, "nothing but the events");
    let stamp = chrono::NaiveDate::from_ymd_opt(2024, 1, 15)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    for event in &events {
        assert_eq!(event.get_timestamp(), Some(stamp), "{event:?}");
        assert!(
            event
                .get_uid()
                .is_some_and(|uid| uid.ends_with("@fenland-test-csp-plan-2023-report-fixture.csp"))
        );
        all_day(event);
    }
    let by_summary = |summary: &str| {
        *events
            .iter()
            .find(|event| event.get_summary() == Some(summary))
            .unwrap_or_else(|| panic!("no event {summary}"))
    };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let script = by_summary("<script>alert(1)</script>");
    assert_eq!(all_day(script), day(2024, 3, 31));
    assert_eq!(
        script.get_uid(),
        Some("prevention/youth/script-title@fenland-test-csp-plan-2023-report-fixture.csp")
    );
    let description = script.get_description().unwrap();
    assert!(
        description.starts_with(
            "Lead: Cambridgeshire County Council (CCC)\nId: prevention/youth/script-title\n"
        ),
        "{description:?}"
    );
    assert!(
        description
            .contains("Tests | pipes, *stars*, commas; semicolons \\ backslash & ampersands"),
        "{description:?}"
    );
    assert!(events.iter().any(|event| event.get_description().is_some_and(|text| text.ends_with(
        "\n\nLine one\nLine two: café, crème brûlée; naïve façades — “quoted” ünïcödé text long enough to be folded more than once in a calendar feed."
    ))));

    let newsletter = by_summary("Publish the community safety newsletter");
    assert_eq!(all_day(newsletter), day(2024, 3, 1));
    assert_eq!(
        newsletter.property_value("RRULE"),
        Some("FREQ=MONTHLY;INTERVAL=3")
    );
    assert_eq!(
        by_summary("Publish the annual report").property_value("RRULE"),
        Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1")
    );
    let talks = by_summary("Deliver school talks");
    assert_eq!(all_day(talks), day(2024, 1, 14));
    assert!(talks.get_description().unwrap().starts_with(
        "Lead: East Cambridgeshire District Council (ECDC), Cambridgeshire Constabulary (police)\n"
    ));
    assert_eq!(talks.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(
        by_summary("Train licensing officers").get_status(),
        Some(EventStatus::Cancelled)
    );
}

#[test]
fn icalendar_reads_the_meetings_after_the_actions() {
    use icalendar::Component;
    let calendar = parse_feed(&csp(&["ics", "--plan", MEETINGS, "--as-of", "2024-03-08"]));
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 8 + 6);
    let meetings: Vec<[String; 3]> = events[8..]
        .iter()
        .map(|event| {
            [
                event.get_uid().unwrap().to_string(),
                all_day(event).format("%Y-%m-%d").to_string(),
                event.get_summary().unwrap().to_string(),
            ]
        })
        .collect();
    let domain = "test-valley-csp-action-plan.csp";
    let expected = [
        ("board", "2023-12-14", "CSP Board"),
        ("delivery-group", "2024-02-01", "CSP Delivery Group"),
        ("delivery-group", "2024-03-07", "CSP Delivery Group"),
        ("board", "2024-03-14", "CSP Board"),
        ("delivery-group", "2024-05-02", "CSP Delivery Group"),
        ("board", "2024-06-13", "CSP Board"),
    ]
    .map(|(body, day, title)| {
        [
            format!("meeting-{body}-{}@{domain}", day.replace('-', "")),
            day.to_string(),
            title.to_string(),
        ]
    });
    assert_eq!(meetings, expected);
}

const MEETINGS: &str = "tests/fixtures/meetings/plan";

#[test]
fn html_pack_names_the_next_meeting_lists_stale_actions_and_marks_meetings() {
    let html = String::from_utf8(csp(&[
        "report",
        "--plan",
        MEETINGS,
        "--as-of",
        "2024-03-08",
        "--until",
        "next:board",
        "--format",
        "html",
    ]))
    .unwrap();
    assert!(html.contains("Next meeting: <strong>CSP Board</strong> on 14 Mar 2024"));
    assert!(html.contains("<h2>No progress note since 7 Mar 2024 (5)</h2>"));
    assert!(html.contains(
        "<span class=\"number\">5</span><span class=\"what\">no progress note since 7 Mar 2024</span>"
    ));
    // The youth forum's note of 7 Mar 2024, the Delivery Group's day, keeps
    // it fresh: it is named once, in the plan by section, not as stale.
    let stale = html
        .split("<section class=\"stale\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(!stale.contains("Hold the youth safety forum"));
    assert!(stale.contains("Map reoffending pathways"));
    // The timeline, March to August, marks the meetings from 8 Mar on, and
    // not the Delivery Group of 7 Mar, before the pack's day.
    for meeting in [
        "CSP Board on 14 Mar 2024",
        "CSP Delivery Group on 2 May 2024",
        "CSP Board on 13 Jun 2024",
    ] {
        assert!(
            html.contains(&format!("<g class=\"meeting\"><title>{meeting}</title>")),
            "{meeting} not marked"
        );
    }
    assert_eq!(html.matches("<g class=\"meeting\">").count(), 3);
    assert!(!html.to_lowercase().contains("<script"));
    assert_eq!(html.matches("<svg ").count(), 2);
}

#[test]
fn ics_meetings_are_all_day_events_after_the_actions() {
    let with = csp(&["ics", "--plan", MEETINGS, "--as-of", "2024-03-08"]);
    let without = csp(&[
        "ics",
        "--plan",
        MEETINGS,
        "--as-of",
        "2024-03-08",
        "--no-meetings",
    ]);
    assert_well_formed(&with);
    assert_well_formed(&without);
    let with = String::from_utf8(with).unwrap();
    let without = String::from_utf8(without).unwrap();
    let all = events(&unfold(&with));
    let actions = events(&unfold(&without));
    // Eight actions, all dated; the meetings come after them.
    assert_eq!(actions.len(), 8);
    assert_eq!(all.len(), 8 + 6);
    assert_eq!(all[..8], actions[..]);
    let meetings: Vec<(&str, &str, &str, &str)> = all[8..]
        .iter()
        .map(|event| {
            assert_eq!(property(event, "DTSTAMP"), Some("20240308T000000Z"));
            (
                property(event, "UID").unwrap(),
                property(event, "DTSTART;VALUE=DATE").unwrap(),
                property(event, "DTEND;VALUE=DATE").unwrap(),
                property(event, "SUMMARY").unwrap(),
            )
        })
        .collect();
    let domain = "test-valley-csp-action-plan.csp";
    let expected = [
        ("board", "20231214", "20231215", "CSP Board"),
        (
            "delivery-group",
            "20240201",
            "20240202",
            "CSP Delivery Group",
        ),
        (
            "delivery-group",
            "20240307",
            "20240308",
            "CSP Delivery Group",
        ),
        ("board", "20240314", "20240315", "CSP Board"),
        (
            "delivery-group",
            "20240502",
            "20240503",
            "CSP Delivery Group",
        ),
        ("board", "20240613", "20240614", "CSP Board"),
    ];
    for (got, (body, start, end, title)) in meetings.iter().zip(expected) {
        assert_eq!(
            *got,
            (
                format!("meeting-{body}-{start}@{domain}").as_str(),
                start,
                end,
                title
            )
        );
    }
    // The same plan on another day: the same UIDs, so a re-import updates.
    let later =
        String::from_utf8(csp(&["ics", "--plan", MEETINGS, "--as-of", "2024-06-01"])).unwrap();
    let uids = |feed: &str| -> Vec<String> {
        events(&unfold(feed))
            .iter()
            .map(|e| property(e, "UID").unwrap().to_string())
            .collect()
    };
    assert_eq!(uids(&with), uids(&later));
    // A plan without meetings gives the same feed either way.
    assert_eq!(
        ics(AS_OF),
        csp(&["ics", "--plan", PLAN, "--as-of", AS_OF, "--no-meetings"])
    );
}

/// A meeting's title is a TEXT value like an action's: escaped and folded.
#[test]
fn ics_meeting_titles_are_escaped_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    std::fs::create_dir(&plan).unwrap();
    std::fs::write(
        plan.join("csp.toml"),
        "[plan]\nname = \"P\"\n\n[meetings.board]\ntitle = \"Board, full; \\\\ all — the whole Ünïcödé partnership, meeting in the town hall\"\ndates = [2024-03-14]\n",
    )
    .unwrap();
    let bytes = csp(&[
        "ics",
        "--plan",
        plan.to_str().unwrap(),
        "--as-of",
        "2024-03-08",
    ]);
    assert_well_formed(&bytes);
    let feed = String::from_utf8(bytes).unwrap();
    let all = events(&unfold(&feed));
    assert_eq!(all.len(), 1);
    assert_eq!(
        property(&all[0], "SUMMARY"),
        Some(
            "Board\\, full\\; \\\\ all — the whole Ünïcödé partnership\\, meeting in the town hall"
        )
    );
    // An independent parser unescapes it back to the title.
    let calendar = parse_feed(feed.as_bytes());
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 1);
    assert_eq!(
        icalendar::Component::get_summary(events[0]),
        Some("Board, full; \\ all — the whole Ünïcödé partnership, meeting in the town hall")
    );
}
