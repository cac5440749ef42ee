//! `csp chase --format eml`: the drafts read back with an independent MIME
//! parser, mailparse (csp builds them with mail-builder), so that what a
//! mail client sees is checked, not what csp meant to write. The same
//! checks run on what Python's `email` package, in its strict modern
//! policy, sees in `external`. The text and Markdown digests are pinned by
//! the snapshots in tests/cmd/meetings.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::csp;

const PLAN: &str = "tests/fixtures/meetings/plan";

/// Runs `csp chase --format eml -o DIR` on the meetings fixture.
fn drafts(dir: &Path, extra: &[&str]) -> std::process::Output {
    let output = csp()
        .env("NO_COLOR", "1")
        .args([
            "chase",
            "--plan",
            PLAN,
            "--as-of",
            "2024-03-08",
            "--format",
            "eml",
            "-o",
        ])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A parser of a draft: its headers (name and decoded value, in order),
/// the To addresses (display name, address), the decoded subject, the
/// defects found, the decoded body with `\n` line ends, and the charset, as
/// JSON. [`parse_with_mailparse`] here, Python's `email` in `external`.
pub(crate) type DraftParser = fn(&Path) -> Value;

/// What RFC 5322 asks of a message's bytes that mailparse, a lenient
/// parser, does not check: every line ends in CRLF and is at most 998
/// octets, the header block is ASCII (anything else RFC 2047-encoded), and
/// each header line is a field (`Name: value`, the name printable ASCII)
/// or the continuation of one.
fn defects(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_header = true;
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    for (number, line) in (1..).zip(&lines) {
        let Some(content) = line.strip_suffix(b"\r\n") else {
            found.push(format!("line {number} does not end in CRLF"));
            continue;
        };
        if content.len() > 998 {
            found.push(format!("line {number} is over 998 octets"));
        }
        if content.contains(&b'\r') {
            found.push(format!("line {number} has a bare CR"));
        }
        if !in_header {
            continue;
        }
        if content.is_empty() {
            in_header = false;
        } else if !content.is_ascii() {
            found.push(format!("header line {number} is not ASCII"));
        } else if !content.starts_with(b" ") && !content.starts_with(b"\t") {
            let name = content.split(|&b| b == b':').next().unwrap_or_default();
            let named = !name.is_empty()
                && name.len() < content.len()
                && name.iter().all(|&b| (33..=126).contains(&b));
            if !named {
                found.push(format!("header line {number} is not a field"));
            }
        }
    }
    if in_header {
        found.push("no blank line ends the header".into());
    }
    found
}

/// Each draft's headers and body as mailparse reads them: see
/// [`DraftParser`]. The Date header is given as mailparse reads its time,
/// written as RFC 5322 does (`Fri, 08 Mar 2024 00:00:00 +0000`).
pub(crate) fn parse_with_mailparse(file: &Path) -> Value {
    let bytes = std::fs::read(file).unwrap();
    let mail = mailparse::parse_mail(&bytes)
        .unwrap_or_else(|error| panic!("mailparse cannot read {}: {error}", file.display()));
    let headers: Vec<Value> = mail
        .headers
        .iter()
        .map(|header| {
            let name = header.get_key();
            let value = if name.eq_ignore_ascii_case("Date") {
                let seconds = mailparse::dateparse(&header.get_value()).unwrap();
                chrono::DateTime::from_timestamp(seconds, 0)
                    .unwrap()
                    .format("%a, %d %b %Y %H:%M:%S %z")
                    .to_string()
            } else {
                header.get_value()
            };
            json!([name, value])
        })
        .collect();
    let mut to = Vec::new();
    for header in &mail.headers {
        if header.get_key().eq_ignore_ascii_case("To") {
            for address in mailparse::addrparse_header(header).unwrap().iter() {
                match address {
                    mailparse::MailAddr::Single(single) => to.push(json!([
                        single.display_name.clone().unwrap_or_default(),
                        single.addr
                    ])),
                    mailparse::MailAddr::Group(group) => {
                        panic!("a group in To: {group}")
                    }
                }
            }
        }
    }
    let mut from = Vec::new();
    for header in &mail.headers {
        if header.get_key().eq_ignore_ascii_case("From") {
            for address in mailparse::addrparse_header(header).unwrap().iter() {
                if let mailparse::MailAddr::Single(single) = address {
                    from.push(json!([
                        single.display_name.clone().unwrap_or_default(),
                        single.addr
                    ]));
                }
            }
        }
    }
    let subject = mail
        .headers
        .iter()
        .find(|header| header.get_key().eq_ignore_ascii_case("Subject"))
        .map(mailparse::MailHeader::get_value);
    // The parts, depth first: the plain and HTML bodies, and attachments.
    let mut parts = vec![&mail];
    let (mut plain, mut html, mut attachments) = (None, None, Vec::new());
    while let Some(part) = parts.pop() {
        parts.extend(part.subparts.iter().rev());
        let disposition = part.get_content_disposition();
        if disposition.disposition == mailparse::DispositionType::Attachment {
            attachments.push(json!([
                disposition.params.get("filename"),
                part.ctype.mimetype,
                part.get_body_raw().unwrap().len()
            ]));
        } else if part.ctype.mimetype == "text/plain" && plain.is_none() {
            plain = Some(part);
        } else if part.ctype.mimetype == "text/html" && html.is_none() {
            html = Some(part.get_body().unwrap().replace("\r\n", "\n"));
        }
    }
    let plain = plain.expect("a text/plain part");
    json!({
        "headers": headers,
        "to": to,
        "from": from,
        "subject": subject,
        "defects": defects(&bytes),
        "body": plain.get_body().unwrap().replace("\r\n", "\n"),
        "html": html,
        "attachments": attachments,
        "charset": plain.ctype.charset,
    })
}

fn header<'a>(draft: &'a Value, name: &str) -> Vec<&'a str> {
    draft["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|pair| pair[1].as_str().unwrap())
        .collect()
}

#[test]
fn drafts_parse_as_mail_with_the_leads_addresses_and_nothing_injected() {
    drafts_as_parsed_by(parse_with_mailparse);
}

/// The drafts as `parse` reads them: each lead's addresses, the subject,
/// the headers, the body, and nothing injected by a title.
pub(crate) fn drafts_as_parsed_by(parse: DraftParser) {
    let dir = tempfile::tempdir().unwrap();
    let output = drafts(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`probation` has no email in csp.toml"),
        "{stderr}"
    );

    let council = parse(&dir.path().join("council.eml"));
    assert_eq!(council["defects"], json!([]));
    // The contact's name is not put on a team's address.
    assert_eq!(council["to"], json!([["", "csp@testvalley.example"]]));
    assert_eq!(
        council["subject"],
        "Test Valley CSP action plan: 2 actions to update before CSP Board on 14 Mar 2024"
    );
    assert_eq!(header(&council, "X-Unsent"), ["1"]);
    assert_eq!(
        header(&council, "Message-ID"),
        ["<chase-council-20240308@test-valley-csp-action-plan.csp>"]
    );
    assert_eq!(
        header(&council, "Date"),
        ["Fri, 08 Mar 2024 00:00:00 +0000"]
    );
    assert_eq!(council["charset"], "utf-8");
    assert!(
        council["body"]
            .as_str()
            .unwrap()
            .starts_with("Dear colleagues at Test Valley District Council,\n")
    );

    let police = parse(&dir.path().join("police.eml"));
    assert_eq!(police["defects"], json!([]));
    assert_eq!(
        police["to"],
        json!([
            ["", "neighbourhoods@police.example"],
            ["", "inspector@police.example"]
        ])
    );
    // The title with a carriage return stays in the body, on one line, and
    // no header came of it: the police draft has the headers every draft
    // has, in order, and no other.
    assert!(header(&police, "Bcc").is_empty());
    let names = |draft: &Value| -> Vec<String> {
        draft["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| pair[0].as_str().unwrap().to_string())
            .collect()
    };
    let every = [
        "Message-ID",
        "Date",
        "Subject",
        "X-Unsent",
        "To",
        "MIME-Version",
        // multipart/alternative: the plain text and its HTML.
        "Content-Type",
    ];
    assert_eq!(names(&police), every);
    assert_eq!(names(&council), every);
    let body = police["body"].as_str().unwrap();
    let line = body
        .lines()
        .find(|line| line.contains("Knife crime education"))
        .unwrap();
    assert!(
        line.ends_with("Bcc: everyone@example.com (ref. knife-crime)"),
        "{line}"
    );
    // Partners see titles and short references, not file paths.
    assert!(!body.contains("file:") && !body.contains(".toml"), "{body}");

    // A lead without an address still gets its draft, with no To:.
    let probation = parse(&dir.path().join("probation.eml"));
    assert_eq!(probation["to"], json!([]));
    assert!(header(&probation, "To").is_empty());
    assert_eq!(probation["defects"], json!([]));
    let without_to: Vec<&str> = every.into_iter().filter(|name| *name != "To").collect();
    assert_eq!(names(&probation), without_to);
    assert_eq!(header(&probation, "X-Unsent"), ["1"]);
}

#[test]
fn the_same_plan_and_day_give_the_same_bytes() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    drafts(first.path(), &[]);
    drafts(second.path(), &[]);
    for lead in ["council", "police", "probation", "health"] {
        let file = format!("{lead}.eml");
        assert_eq!(
            std::fs::read(first.path().join(&file)).unwrap(),
            std::fs::read(second.path().join(&file)).unwrap(),
            "{file}"
        );
    }
}

/// The checks mailparse leaves out find what they are for.
#[test]
fn the_byte_checks_find_a_broken_draft() {
    let broken = "Subject: café\nTo: a@example.com\r\nBcc everyone\r\n folded\r\n\r\nbody\n";
    assert_eq!(
        defects(broken.as_bytes()),
        [
            "line 1 does not end in CRLF",
            "header line 3 is not a field",
            "line 6 does not end in CRLF",
        ]
    );
    assert_eq!(
        defects(b"To: a@example.com\r\nSubject: caf\xC3\xA9\r\n"),
        [
            "header line 2 is not ASCII",
            "no blank line ends the header"
        ]
    );
    assert!(defects(b"To: a@example.com\r\n\r\nbody\r\n").is_empty());
}

/// `-o DIR` run again holds only this run's files: the earlier run's that
/// this one did not write are removed, with one line; others are named.
#[test]
fn chase_o_dir_again_leaves_only_this_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(
        std::path::Path::new("tests/fixtures/meetings/plan"),
        &dir.path().join("plan"),
    );
    let run = |lead: &str| {
        let output = crate::support::csp()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args([
                "chase",
                "--plan",
                "plan",
                "--as-of",
                "2024-03-08",
                "--lead",
                lead,
            ])
            .args(["--format", "eml", "-o", "out"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let first = run("police");
    assert_eq!(
        first.lines().next(),
        Some("wrote out/police.eml (3 actions)"),
        "{first}"
    );
    std::fs::write(dir.path().join("out/my-notes.txt"), "mine").unwrap();
    let second = run("council");
    assert!(
        second.starts_with(
            "removed 1 file an earlier csp chase wrote here: out/police.eml\nwrote out/council.eml"
        ),
        "{second}"
    );
    assert!(
        second.contains("left alone 1 file csp did not write: out/my-notes.txt\n"),
        "{second}"
    );
    assert_eq!(
        listing(),
        [".csp-chase-files", "council.eml", "my-notes.txt"]
    );
    // An edited list names only what chase could have written: a partner's
    // document it names, or a path out of the directory, is never removed.
    std::fs::write(dir.path().join("out/minutes.docx"), "theirs").unwrap();
    std::fs::write(dir.path().join("outside.eml"), "theirs").unwrap();
    std::fs::write(
        dir.path().join("out/.csp-chase-files"),
        "council.eml\nminutes.docx\n../outside.eml\n",
    )
    .unwrap();
    run("council");
    assert!(dir.path().join("out/minutes.docx").is_file());
    assert!(dir.path().join("outside.eml").is_file());
}

/// A draft from `[plan] from`, to addresses that carry their own names,
/// greeting the body by its plain `greeting`, with the digest as HTML too
/// and, with --attach-forms, the body's return form attached; the day it
/// is wanted back named (`[plan] returns`).
pub(crate) fn a_full_draft_as_parsed_by(parse: DraftParser) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    crate::support::copy_tree(std::path::Path::new(PLAN), &plan);
    let manifest = std::fs::read_to_string(plan.join("csp.toml")).unwrap();
    let manifest = manifest
        .replacen(
            "name = \"Test Valley CSP action plan\"",
            "name = \"Test Valley CSP action plan\"\nreturns = \"7d\"\nfrom = \"CSP officer <csp-officer@testvalley.example>\"",
            1,
        )
        .replacen(
            "email = \"csp@testvalley.example\"\ncontact = \"Siân Jones\"",
            "email = [\"Siân Jones <sian.jones@testvalley.example>\", \"csp@testvalley.example\"]\ncontact = \"Jones, Siân (Community Safety Manager)\"\ngreeting = \"Siân\"",
            1,
        );
    std::fs::write(plan.join("csp.toml"), manifest).unwrap();
    let drafts = dir.path().join("drafts");
    let output = csp()
        .env("NO_COLOR", "1")
        .args(["chase", "--plan"])
        .arg(&plan)
        .args([
            "--as-of",
            "2024-02-20",
            "--format",
            "eml",
            "--attach-forms",
            "-o",
        ])
        .arg(&drafts)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let council = parse(&drafts.join("council.eml"));
    assert_eq!(council["defects"], json!([]));
    assert_eq!(
        council["from"],
        json!([["CSP officer", "csp-officer@testvalley.example"]])
    );
    assert_eq!(
        council["to"],
        json!([
            ["Siân Jones", "sian.jones@testvalley.example"],
            ["", "csp@testvalley.example"]
        ])
    );
    assert_eq!(
        council["subject"],
        "Test Valley CSP action plan: 1 action to update by 29 Feb 2024, before CSP Delivery Group on 7 Mar 2024"
    );
    let body = council["body"].as_str().unwrap();
    assert!(body.starts_with("Dear Siân,\n"), "{body}");
    let html = council["html"].as_str().unwrap();
    assert!(html.contains("<p>Dear Siân,</p>"), "{html}");
    assert!(html.contains("<h3>"), "{html}");
    assert!(html.contains("<li><strong>"), "{html}");
    let attachments = council["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    assert_eq!(attachments[0][0], "council.xlsx");
    assert_eq!(
        attachments[0][1],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(attachments[0][2].as_u64().unwrap() > 1000);
}

#[test]
fn a_full_draft_parses_with_its_sender_names_html_and_form() {
    a_full_draft_as_parsed_by(parse_with_mailparse);
}
