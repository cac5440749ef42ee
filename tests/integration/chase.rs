//! `csp chase --format eml`: the drafts read back with an independent MIME
//! parser (Python's `email` package, in its strict modern policy), so that
//! what a mail client sees is checked, not what csp meant to write. The
//! text and Markdown digests are pinned by the snapshots in tests/cmd/meetings.

use std::path::Path;
use std::process::Command;

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

/// Each draft's headers and body as Python's parser reads them, one JSON
/// object per file.
fn parse(file: &Path) -> serde_json::Value {
    let script = r#"
import email, email.policy, json, sys
with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)
print(json.dumps({
    "headers": [[k, str(v)] for k, v in message.items()],
    "to": [[a.display_name, a.addr_spec] for a in message["to"].addresses] if message["to"] else [],
    "subject": str(message["subject"]),
    "defects": [type(d).__name__ for d in message.defects],
    "body": message.get_content(),
    "charset": message.get_content_charset(),
}))
"#;
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 reads the drafts (.ci/run installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn header<'a>(draft: &'a serde_json::Value, name: &str) -> Vec<&'a str> {
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
    let dir = tempfile::tempdir().unwrap();
    let output = drafts(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`probation` has no email in csp.toml"),
        "{stderr}"
    );

    let council = parse(&dir.path().join("council.eml"));
    assert_eq!(council["defects"], serde_json::json!([]));
    // A non-ASCII contact name survives the round trip through RFC 2047.
    assert_eq!(
        council["to"],
        serde_json::json!([["Siân Jones", "csp@testvalley.example"]])
    );
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
            .starts_with("Dear Siân Jones,\n")
    );

    let police = parse(&dir.path().join("police.eml"));
    assert_eq!(police["defects"], serde_json::json!([]));
    assert_eq!(
        police["to"],
        serde_json::json!([
            ["Insp. Ola Nordmann", "neighbourhoods@police.example"],
            ["Insp. Ola Nordmann", "inspector@police.example"]
        ])
    );
    // The title with a carriage return stays in the body, on one line, and
    // no header came of it.
    assert!(header(&police, "Bcc").is_empty());
    let body = police["body"].as_str().unwrap();
    let line = body
        .lines()
        .find(|line| line.contains("Knife crime education"))
        .unwrap();
    assert!(line.ends_with("Bcc: everyone@example.com"), "{line}");

    // A lead without an address still gets its draft, with no To:.
    let probation = parse(&dir.path().join("probation.eml"));
    assert_eq!(probation["to"], serde_json::json!([]));
    assert!(header(&probation, "To").is_empty());
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
