//! Protective marking (issue 15): OFFICIAL-SENSITIVE actions, marked per
//! action, per section and per plan, stay out of every outward output
//! unless --include-sensitive, and are marked in it when included.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::support::csp;

pub(crate) const PLAN: &str = "tests/fixtures/marking/plan";
const DEFAULT_PLAN: &str = "tests/fixtures/marking/plan-default";
const AS_OF: &str = "2024-03-01";

/// What gives each sensitive action of PLAN away: its id, title and a word
/// of its description.
const SENSITIVE: &[[&str; 3]] = &[
    [
        "community/farm-operation",
        "Operation Harrow at Greenacre Farm",
        "HARROWCASE",
    ],
    [
        "statutory-duties/domestic-homicide-reviews/review-seven",
        "Review Seven: act on the panel",
        "SUBJECTSEVEN",
    ],
];

pub(crate) struct Run {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn run(plan: &str, args: &[&str]) -> Run {
    let output: std::process::Output = csp()
        .args(args)
        .args(["--plan", plan, "--as-of", AS_OF])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "csp {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn assert_absent(text: &str, what: &str) {
    for words in SENSITIVE {
        for word in words {
            assert!(!text.contains(word), "{what} holds `{word}`:\n{text}");
        }
    }
    assert!(
        !text.contains("OFFICIAL-SENSITIVE"),
        "{what} is marked:\n{text}"
    );
}

/// Each sensitive action's title is there; with `full`, its id and
/// description too (forms that show every field).
fn assert_present(text: &str, what: &str, full: bool) {
    for words in SENSITIVE {
        for (index, word) in words.iter().enumerate() {
            if full || index == 1 {
                assert!(text.contains(word), "{what} lacks `{word}`:\n{text}");
            }
        }
    }
}

fn assert_note(stderr: &str, count: usize) {
    let actions = if count == 1 { "action" } else { "actions" };
    let note =
        format!("{count} OFFICIAL-SENSITIVE {actions} not shown; --include-sensitive shows them");
    assert!(stderr.contains(&note), "no note `{note}`: {stderr}");
}

#[test]
fn listings_in_every_format_leave_sensitive_actions_out_and_count_them() {
    for command in ["list", "leads", "summary"] {
        for format in ["csv", "md", "json", "table"] {
            let out = run(PLAN, &[command, "--format", format]);
            let what = format!("csp {command} --format {format}");
            assert_absent(&out.stdout, &what);
            assert_note(&out.stderr, 2);
            let with = run(PLAN, &[command, "--format", format, "--include-sensitive"]);
            if command == "list" {
                // A table wraps long titles; the marking shows they are there.
                if format != "table" {
                    assert_present(&with.stdout, &what, format == "csv" || format == "json");
                }
                assert!(
                    with.stdout.contains("OFFICIAL-SENSITIVE"),
                    "{}",
                    with.stdout
                );
            }
            assert!(!with.stderr.contains("not shown"), "{}", with.stderr);
        }
    }
    // Counts: two public actions, one of them overdue.
    let json = run(PLAN, &["summary", "--format", "json"]).stdout;
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(summary["actions"], 2, "{json}");
    assert_eq!(summary["overdue"], 1, "{json}");
    let json = run(
        PLAN,
        &["summary", "--format", "json", "--include-sensitive"],
    )
    .stdout;
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(summary["actions"], 4, "{json}");
    assert_eq!(summary["overdue"], 2, "{json}");

    let overdue = run(PLAN, &["overdue", "--format", "csv"]);
    assert_absent(&overdue.stdout, "csp overdue");
    assert_note(&overdue.stderr, 1);
    let upcoming = run(PLAN, &["upcoming", "--format", "md"]);
    assert_absent(&upcoming.stdout, "csp upcoming");
    assert_note(&upcoming.stderr, 1);
}

#[test]
fn show_refuses_a_sensitive_action_off_the_terminal() {
    let output = csp()
        .args(["show", "farm-operation", "--format", "md", "--plan", PLAN])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is OFFICIAL-SENSITIVE"));
    let with = run(
        PLAN,
        &[
            "show",
            "farm-operation",
            "--format",
            "md",
            "--include-sensitive",
        ],
    );
    assert!(
        with.stdout
            .contains("OFFICIAL-SENSITIVE\\] Operation Harrow"),
        "{}",
        with.stdout
    );
}

#[test]
fn the_plan_default_marks_what_says_nothing() {
    let out = run(DEFAULT_PLAN, &["list", "--format", "csv"]);
    assert!(out.stdout.contains("open/newsletter"));
    assert!(!out.stdout.contains("prevent-casework"));
    assert!(!out.stdout.contains("CASEWORKNAME"));
    assert_note(&out.stderr, 1);
    let pack = run(DEFAULT_PLAN, &["report"]).stdout;
    assert!(!pack.contains("Prevent casework"));
    assert!(!pack.contains("OFFICIAL-SENSITIVE"));
}

#[test]
fn the_pack_leaves_them_out_of_every_count_and_marks_itself_with_them() {
    for format in ["md", "html"] {
        let out = run(PLAN, &["report", "--format", format]);
        assert_absent(&out.stdout, &format!("the {format} pack"));
        assert_note(&out.stderr, 2);
        // Filtered to what may go out, the pack does not say "2 of 4".
        assert!(!out.stdout.contains("of the plan's"), "{}", out.stdout);
        let with = run(PLAN, &["report", "--format", format, "--include-sensitive"]);
        assert_present(&with.stdout, &format!("the marked {format} pack"), false);
        if format == "md" {
            let lines: Vec<&str> = with.stdout.lines().collect();
            assert_eq!(lines.first(), Some(&"**OFFICIAL-SENSITIVE**"));
            assert_eq!(lines.last(), Some(&"**OFFICIAL-SENSITIVE**"));
        } else {
            assert!(with.stdout.contains("@top-center"));
            assert!(with.stdout.contains("@bottom-center"));
        }
    }
    // The counts at a glance: one overdue without them, two with.
    let md = run(PLAN, &["report"]).stdout;
    assert!(md.contains("| Overdue | 1 |"), "{md}");
    let md = run(PLAN, &["report", "--include-sensitive"]).stdout;
    assert!(md.contains("| Overdue | 2 |"), "{md}");
}

#[test]
fn the_calendar_leaves_them_out_or_marks_them_confidential() {
    let out = run(PLAN, &["ics"]);
    assert_absent(&out.stdout, "the feed");
    assert!(!out.stdout.contains("CLASS:CONFIDENTIAL"));
    assert_note(&out.stderr, 2);
    let with = run(PLAN, &["ics", "--include-sensitive"]);
    let unfolded = with.stdout.replace("\r\n ", "");
    assert!(unfolded.contains("X-WR-CALNAME:OFFICIAL-SENSITIVE: Marking Test CSP plan"));
    assert_eq!(
        unfolded.matches("CLASS:CONFIDENTIAL").count(),
        2,
        "{unfolded}"
    );
    assert_present(&unfolded, "the marked feed", false);
    assert!(unfolded.contains("UID:community/farm-operation@"));
}

fn cells(path: &Path) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                if let Data::String(value) = cell {
                    text.push_str(value);
                    text.push('\n');
                }
            }
        }
    }
    text
}

/// Every part of the workbook (a zip archive of XML files), one after
/// another: the sheets, their headers and footers, the properties.
fn parts(path: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    for index in 0..archive.len() {
        archive
            .by_index(index)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
    }
    text
}

#[test]
fn exports_and_forms_leave_them_out_or_carry_the_marking() {
    let dir = tempfile::tempdir().unwrap();
    let csv = run(PLAN, &["export", "--format", "csv"]);
    assert_absent(&csv.stdout, "the CSV export");
    assert_note(&csv.stderr, 2);

    let plain = dir.path().join("plan.xlsx");
    let out = run(PLAN, &["export", "-o", plain.to_str().unwrap()]);
    assert!(out.stdout.contains("(2 actions)"), "{}", out.stdout);
    assert_absent(&cells(&plain), "the workbook");
    let marked = dir.path().join("marked.xlsx");
    run(
        PLAN,
        &[
            "export",
            "--include-sensitive",
            "-o",
            marked.to_str().unwrap(),
        ],
    );
    assert_present(&cells(&marked), "the marked workbook", true);
    let xml = parts(&marked);
    assert!(
        xml.contains("<oddHeader>&amp;C&amp;\"-,Bold\"OFFICIAL-SENSITIVE</oddHeader>"),
        "{xml}"
    );
    assert!(xml.contains("<oddFooter>"));
    assert!(xml.contains("<dc:title>OFFICIAL-SENSITIVE: Marking Test CSP plan</dc:title>"));
    assert!(!parts(&plain).contains("OFFICIAL-SENSITIVE"));
    // As a reader sees them: every sheet's printed header and footer, and
    // the title, carry the marking in the marked workbook and not the other.
    for (path, marked) in [(&marked, true), (&plain, false)] {
        let book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
        let title = book.properties().title();
        assert_eq!(title.starts_with("OFFICIAL-SENSITIVE: "), marked, "{title}");
        for sheet in book.sheet_collection() {
            let printed = sheet.header_footer();
            let want = if marked {
                "&C&\"-,Bold\"OFFICIAL-SENSITIVE"
            } else {
                ""
            };
            assert_eq!(printed.odd_header().value(), want, "{}", sheet.name());
            // Every sheet numbers its printed pages, after the marking.
            assert_eq!(
                printed.odd_footer().value(),
                format!("{want}&R&8Page &P of &N"),
                "{}",
                sheet.name()
            );
        }
    }

    let form = dir.path().join("form.xlsx");
    run(PLAN, &["export", "--form", "-o", form.to_str().unwrap()]);
    assert_absent(&cells(&form), "the return form");
}

#[test]
fn chase_digests_drafts_and_forms_leave_them_out_or_mark_the_subject() {
    for format in ["text", "md"] {
        let out = run(PLAN, &["chase", "--format", format]);
        assert_absent(&out.stdout, &format!("the {format} digests"));
        assert_note(&out.stderr, 2);
    }
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    run(
        PLAN,
        &["chase", "--format", "eml", "-o", drafts.to_str().unwrap()],
    );
    let mut all = String::new();
    for entry in std::fs::read_dir(&drafts).unwrap() {
        let path = entry.unwrap().path();
        if !crate::export::is_chase_list(&path) {
            all.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    assert_absent(&all, "the drafts");
    assert!(
        !drafts.join("CCC.eml").exists(),
        "a draft for a body with only sensitive work"
    );

    let marked = dir.path().join("marked");
    run(
        PLAN,
        &[
            "chase",
            "--format",
            "eml",
            "--include-sensitive",
            "-o",
            marked.to_str().unwrap(),
        ],
    );
    let police = std::fs::read_to_string(marked.join("police.eml")).unwrap();
    // The subject is RFC 2047-encoded: spaces are underscores.
    let subject = |draft: &str| {
        draft
            .lines()
            .find(|line| line.starts_with("Subject:"))
            .unwrap_or_default()
            .replace('_', " ")
    };
    assert!(
        subject(&police).contains("OFFICIAL-SENSITIVE: Marking Test CSP plan"),
        "{police}"
    );
    let ecdc = std::fs::read_to_string(marked.join("ECDC.eml")).unwrap();
    assert!(!subject(&ecdc).contains("OFFICIAL-SENSITIVE"), "{ecdc}");

    let forms = dir.path().join("forms");
    run(
        PLAN,
        &["chase", "--format", "xlsx", "-o", forms.to_str().unwrap()],
    );
    for entry in std::fs::read_dir(&forms).unwrap() {
        let path = entry.unwrap().path();
        if !crate::export::is_chase_list(&path) {
            assert_absent(&cells(&path), "a chase form");
        }
    }
}

#[test]
fn validate_public_fails_on_files_that_would_publish_one() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    std::fs::create_dir(&public).unwrap();
    let pack = public.join("pack.html");
    run(
        PLAN,
        &["report", "--format", "html", "-o", pack.to_str().unwrap()],
    );
    let ok = csp()
        .args(["validate", "--plan", PLAN, "--public"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    run(
        PLAN,
        &[
            "report",
            "--format",
            "html",
            "--include-sensitive",
            "-o",
            pack.to_str().unwrap(),
        ],
    );
    let failed = csp()
        .args(["validate", "--plan", PLAN, "--public"])
        .arg(&public)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("may not be published: it is marked OFFICIAL-SENSITIVE"),
        "{stderr}"
    );
    assert!(stderr.contains("`community/farm-operation`"), "{stderr}");
}

#[test]
fn a_misspelt_section_in_markings_is_an_error() {
    let dir = crate::support::copy_of(PLAN);
    let manifest = dir.path().join("csp.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "\"statutory-duties/domestic-homicide-reviews\" = \"official-sensitive\"",
        "\"statutory-duties/domestic-homicide-review\" = \"oficial-sensitive\"",
    );
    std::fs::write(&manifest, text).unwrap();
    let output = csp()
        .args(["validate", "--plan"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("did you mean \"statutory-duties/domestic-homicide-reviews\"?"),
        "{stderr}"
    );
}

#[test]
fn set_marking_writes_the_field_first() {
    let dir = crate::support::copy_of(PLAN);
    let output = csp()
        .args([
            "set",
            "street-lighting",
            "marking=official-sensitive",
            "--plan",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let file = std::fs::read_to_string(dir.path().join("community/street-lighting.toml")).unwrap();
    assert!(file.contains("marking = \"official-sensitive\""), "{file}");
    let bad = csp()
        .args(["set", "street-lighting", "marking=secret", "--plan"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a marking"));
}
