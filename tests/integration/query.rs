//! Checks of the reading commands that snapshot files cannot express:
//! colour codes, bytes that trycmd normalises (backslashes), the JSON field
//! names scripts rely on, and plan text that tries to drive the terminal.
//! The exact output is pinned in tests/cmd/query/.

use crate::support;

const PLAN: &str = "tests/fixtures/query/plan";
const ESC: char = '\u{1b}';

/// Leaves `NO_COLOR` unset (as [`support::csp`] does): these tests check colour.
fn csp(args: &[&str]) -> String {
    let output = support::csp()
        .args(args)
        .args(["--plan", PLAN, "--as-of", "2023-09-30"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn overdue_is_red_and_due_soon_yellow_only_when_colour_is_wanted() {
    let coloured = csp(&["--color", "always", "list"]);
    // 256-colour bright red and bright yellow, as comfy-table writes them.
    assert!(coloured.contains("\u{1b}[38;5;9m1 Mar 2023\u{1b}[39m"));
    assert!(coloured.contains("\u{1b}[38;5;11m30 Sep 2023\u{1b}[39m"));
    // Neither for a finished action, however late its date.
    assert!(coloured.contains(" 30 Jun 2023 "));

    let plain = csp(&["--color", "never", "list"]);
    assert!(!plain.contains(ESC));
    // Piped with colour on "auto": plain too.
    assert!(!csp(&["list"]).contains(ESC));
}

/// `text` without its SGR escape sequences (`ESC [ … m`), as anstream
/// strips them from a table that goes to a pipe.
fn without_styles(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for next in chars.by_ref() {
                if next == 'm' {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn a_table_drawn_without_styles_is_the_styled_table_with_its_styles_removed() {
    // Tables going where styles would be stripped are drawn without them;
    // what reaches the reader must be the same either way.
    let rows: serde_json::Value =
        serde_json::from_str(&csp(&["list", "--format", "json"])).unwrap();
    let id = rows[0]["short_id"].as_str().unwrap().to_string();
    for command in [
        vec!["list"],
        vec!["list", "--by-lead"],
        vec!["overdue"],
        vec!["upcoming"],
        vec!["leads"],
        vec!["summary"],
        vec!["show", id.as_str()],
    ] {
        let coloured = csp(&[&["--color", "always"][..], &command].concat());
        assert!(coloured.contains(ESC), "{command:?} is styled");
        let plain = csp(&[&["--color", "never"][..], &command].concat());
        assert_eq!(without_styles(&coloured), plain, "{command:?}");
    }
}

#[test]
fn machine_formats_are_never_coloured() {
    for format in ["json", "csv", "md"] {
        for command in ["list", "overdue", "leads", "summary"] {
            let output = csp(&["--color", "always", command, "--format", format]);
            assert!(!output.contains(ESC), "{command} --format {format}");
        }
    }
}

#[test]
fn json_field_names_are_stable() {
    let rows: serde_json::Value =
        serde_json::from_str(&csp(&["list", "--format", "json"])).unwrap();
    let first = rows[0].as_object().unwrap();
    let mut names: Vec<&str> = first.keys().map(String::as_str).collect();
    let mut expected = [
        "id",
        "short_id",
        "title",
        "section",
        "section_title",
        "lead",
        "lead_names",
        "partners",
        "partner_names",
        "contacts",
        "priority",
        "tags",
        "timescale",
        "due",
        "due_is_month",
        "due_precision",
        "every",
        "status",
        "rag",
        "completed",
        "next_due",
        "days_until_due",
        "days_overdue",
        "due_soon",
        "stale",
        "last_update",
        "description",
        "latest_update",
        "updates",
        "file",
    ];
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

#[test]
fn markdown_escapes_pipes_with_a_backslash() {
    // trycmd reads `\` as `/` in snapshots, so the escape is checked here.
    let markdown = csp(&["upcoming", "--format", "md"]);
    assert!(markdown.contains("| @CambsPolice posts \\| week of action |"));
}

#[test]
fn csv_starts_with_a_byte_order_mark_for_excel() {
    let csv = csp(&["overdue", "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}id,short_id,title,"));
}

#[test]
fn plan_text_cannot_send_escape_sequences_to_the_terminal() {
    let plan = tempfile::tempdir().unwrap();
    std::fs::write(
        plan.path().join("csp.toml"),
        "[plan]\nname = \"p\"\n[sections]\n\"s\" = \"S\"\n[leads.L]\nname = \"L\"\n",
    )
    .unwrap();
    std::fs::create_dir(plan.path().join("s")).unwrap();
    std::fs::write(
        plan.path().join("s/a.toml"),
        "title = \"Clear \\u001b[2J the screen\"\ndescription = \"d\"\nlead = [\"L\"]\n",
    )
    .unwrap();
    for command in [vec!["list"], vec!["show", "a"]] {
        let output = support::csp()
            .args(["--color", "always"])
            .args(&command)
            .arg("--plan")
            .arg(plan.path())
            .args(["--as-of", "2023-09-30"])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("Clear �[2J the screen"), "{stdout}");
        assert!(!stdout.contains("\u{1b}[2J"));
    }
}
