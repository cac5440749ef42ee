//! `csp import`: the round trip through `csp export --format xlsx`, and
//! trackers written like real ones.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::support::{csp, texts};

fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The map a CSP officer would write to bring the export of `plan` back:
/// the export's headers, the plan's sections, priorities and lead names.
fn map_for(plan: &Path) -> String {
    let manifest: toml::Table = std::fs::read_to_string(plan.join("csp.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut map = format!(
        "[plan]\nname = {}\n\n[columns]\n",
        quote(manifest["plan"]["name"].as_str().unwrap())
    );
    for (field, header) in [
        ("id", "ID"),
        ("section", "Section"),
        ("title", "Title"),
        ("description", "Description"),
        ("lead", "Lead"),
        ("partners", "Partners"),
        ("contacts", "Contacts"),
        ("priority", "Priority"),
        ("tags", "Tags"),
        ("timescale", "Timescale"),
        ("due", "Due as written"),
        ("every", "Every"),
        ("status", "Status"),
        ("rag", "RAG"),
        ("completed", "Completed"),
        ("update", "Latest note"),
        ("update_date", "Latest note date"),
    ] {
        writeln!(map, "{field} = {}", quote(header)).unwrap();
    }
    for table in ["priorities", "sections"] {
        writeln!(map, "\n[{table}]").unwrap();
        for (key, value) in manifest[table].as_table().unwrap() {
            writeln!(map, "{} = {}", quote(key), quote(value.as_str().unwrap())).unwrap();
        }
    }
    map.push_str("\n[leads]\n");
    for (key, lead) in manifest["leads"].as_table().unwrap() {
        writeln!(
            map,
            "{} = {}",
            quote(lead["name"].as_str().unwrap()),
            quote(key)
        )
        .unwrap();
    }
    map
}

fn list(dir: &Path) -> Vec<Value> {
    let output = csp()
        .current_dir(dir)
        .args([
            "list",
            "--plan",
            "plan",
            "--format",
            "json",
            "--as-of",
            "2024-03-14",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn export_then_import_gives_the_bundled_plan_back() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("x.xlsx");
    let status = csp()
        .args(["export", "--format", "xlsx", "--as-of", "2024-03-14", "-o"])
        .arg(&workbook)
        .arg("--plan")
        .arg(&bundled)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(dir.path().join("map.toml"), map_for(&bundled)).unwrap();
    let output = csp()
        .current_dir(dir.path())
        .args([
            "import",
            "x.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("x.xlsx: 78 actions to import, 0 skipped (empty)"),
        "{report}"
    );
    assert!(report.contains(", 0 caveats;"), "{report}");

    let original = list(Path::new(env!("CARGO_MANIFEST_DIR")));
    let imported = list(dir.path());
    assert_eq!(original.len(), imported.len());
    for (want, got) in original.iter().zip(&imported) {
        for (field, value) in want.as_object().unwrap() {
            assert_eq!(Some(value), got.get(field), "{}: {field}", want["id"]);
        }
    }
    let validate = csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", "plan", "--as-of", "2024-03-14"])
        .output()
        .unwrap();
    assert!(validate.status.success());
    // Every file is in `csp fmt` layout already.
    let fmt = csp()
        .current_dir(dir.path())
        .args(["fmt", "--check", "--plan", "plan"])
        .output()
        .unwrap();
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stderr)
    );
}

/// A writer of the tracker `csp import` reads, at the path it is given: a
/// title merged across the top, the header row below it, each section a row
/// of its own (merged across the table) with its actions below it, blank
/// rows between sections, leads in several spellings, the due spellings
/// trackers use (text, a date cell, a serial number), and a second sheet of
/// notes. [`write_tracker_with_umya`] here; openpyxl
/// (`tests/fixtures/import/make_tracker.py`, the same tracker) in `external`.
pub(crate) type TrackerWriter = fn(&Path);

const TRACKER_HEADERS: [&str; 8] = [
    "Action",
    "Lead",
    "Partners",
    "Priority",
    "Timescale",
    "Status",
    "RAG",
    "Latest update",
];

/// A tracker cell: text, a number, a date cell, or nothing.
enum Tracked {
    Blank,
    Text(&'static str),
    Number(f64),
    Day(i32, u32, u32),
}

use Tracked::{Blank, Day, Number, Text};

/// One action's row: action, lead, partners, priority, timescale, status,
/// RAG, latest update.
type TrackerRow = [Tracked; 8];

const fn t(text: &'static str) -> Tracked {
    Text(text)
}

#[rustfmt::skip]
fn tracker_sections() -> Vec<(&'static str, Vec<TrackerRow>)> {
    vec![
        (
            "Priority 1: Anti-social behaviour",
            vec![
                [t("Run a week of action on ASB hotspots in Ely"), t("Cambs Police"), t("ECDC"), t("1"), t("30/09/2023"), t("Complete"), t("Green"), t("Done in Ely and Soham.")],
                [t("Review the ASB case review process"), t("Cambridgeshire Police"), Blank, t("P1"), t("30.09.2023"), t("On track"), t("Green"), Blank],
                [t("Publish the community trigger on the council website"), t("ECDC and Police"), Blank, t("1"), t("30 Sep 2023"), t("Not started"), t("Amber"), Blank],
                [t("Set up a multi-agency problem-solving group"), t("ECDC/CSP"), t("Sanctuary Housing"), t("1"), t("September 2023"), t("On track"), t("G"), Blank],
                [t("Map off-road bike nuisance reports"), t("Cambs Police"), Blank, t("1"), t("Sep 2023"), t("Delayed"), t("Red"), t("Waiting for data from the force.")],
                [t("Fund youth diversion sessions in Littleport"), t("ECDC"), Blank, t("1"), t("Sep-23"), t("On track"), t("Green"), Blank],
            ],
        ),
        (
            "Priority 2: Protecting vulnerable people",
            vec![
                [t("Deliver county lines awareness sessions in schools"), t("Cambridgeshire Police"), t("ECDC"), t("2"), t("Sept 23"), t("On track"), t("Amber"), Blank],
                [t("Refresh the cuckooing protocol"), t("ECDC"), t("Cambs Police"), t("2"), t("2023-09"), t("On track"), t("Green"), Blank],
                [t("Train licensed premises staff in spotting exploitation"), t("ECDC"), Blank, t("2"), Day(2023, 9, 30), t("On track"), t("Green"), Blank],
                [t("Hold a safeguarding event for taxi drivers"), t("ECDC"), Blank, t("2"), Number(45199.0), t("Not started"), t("Amber"), Blank],
                [t("Commission a domestic abuse outreach service"), t("ECDC/CSP"), Blank, t("Priority 1 and 2"), t("2023/24"), t("On track"), t("Green"), Blank],
                [t("Evaluate the Sanctuary scheme"), t("Sanctuary Housing"), Blank, t("2"), t("Q3 2023/24"), t("On track"), t("Amber"), Blank],
            ],
        ),
        (
            "Priority 3: Reducing reoffending",
            vec![
                [t("Report to the board on the strategic assessment"), t("ECDC/CSP"), Blank, t("3"), t("March 2024 and yearly"), t("On track"), t("Green"), Blank],
                [t("Review integrated offender management figures"), t("Cambs Police"), Blank, t("3"), t("Quarterly"), t("On track"), t("Green"), Blank],
                [t("Promote restorative justice to victims"), t("Cambridgeshire Police"), Blank, t("3"), t("Ongoing"), t("On track"), t("Green"), Blank],
                [t("Agree a housing pathway for prison leavers"), t("ECDC"), t("Sanctuary Housing"), t("3"), t("TBC"), t("Not started"), t("Amber"), Blank],
                [t("Run a problem-solving court pilot"), t("ECDC"), Blank, t("3"), t("Spring 2024"), t("Not started"), t("Amber"), Blank],
            ],
        ),
    ]
}

/// Writes the tracker with umya-spreadsheet, not the `rust_xlsxwriter` csp
/// writes workbooks with: see [`TrackerWriter`].
pub(crate) fn write_tracker_with_umya(path: &Path) {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let sheet = book.new_sheet("Action Plan").unwrap();
    let last = "H";
    let mut row = 1u32;
    for title in [
        "East Cambridgeshire Community Safety Partnership: Action Plan 2023-24",
        "Refreshed April 2023",
    ] {
        sheet.cell_mut((1, row)).set_value_string(title);
        sheet.add_merge_cells(format!("A{row}:{last}{row}"));
        row += 1;
    }
    row += 1;
    for (col, header) in (1u32..).zip(TRACKER_HEADERS) {
        sheet.cell_mut((col, row)).set_value_string(header);
    }
    for (title, actions) in tracker_sections() {
        row += 2;
        sheet.cell_mut((1, row)).set_value_string(title);
        sheet.add_merge_cells(format!("A{row}:{last}{row}"));
        for action in actions {
            row += 1;
            for (col, cell) in (1u32..).zip(action) {
                let cell_at = sheet.cell_mut((col, row));
                match cell {
                    Blank => {}
                    Text(text) => {
                        cell_at.set_value_string(text);
                    }
                    Number(number) => {
                        cell_at.set_value_number(number);
                    }
                    Day(year, month, day) => {
                        let day = chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap();
                        cell_at.set_value_number(crate::apply::excel_serial(day));
                        cell_at
                            .style_mut()
                            .number_format_mut()
                            .set_format_code("dd/mm/yyyy");
                    }
                }
            }
        }
    }
    let notes = book.new_sheet("Notes").unwrap();
    notes
        .cell_mut((1, 1))
        .set_value_string("Notes for the board");
    notes
        .cell_mut((1, 2))
        .set_value_string("Actions are reviewed at each quarterly meeting.");
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

const TRACKER_EXPECTED: &str = "tests/fixtures/import/tracker";
const TRACKER_REPORT: &str = "tests/fixtures/import/tracker.report";

fn assert_same_tree(got: &Path, want: &Path) {
    let (got, want) = (texts(got), texts(want));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "the files written"
    );
    for (name, text) in &want {
        assert_eq!(&got[name], text, "{name}");
    }
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `csp validate` passes on the plan at `dir/plan`, and `csp fmt --check`
/// finds every file in its layout.
fn assert_valid_and_formatted(dir: &Path, plan: &str) {
    let (code, out, err) = run(dir, &["validate", "--plan", plan, "--as-of", "2024-03-14"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(dir, &["fmt", "--check", "--plan", plan]);
    assert_eq!(code, 0, "{out}{err}");
}

/// A tracker as partnerships keep them (written by another program, not
/// csp): a title merged across the top, sections as rows of their own,
/// blank rows between them, leads in several spellings and every due
/// spelling the issue lists, imported with the guessed map as a first-time
/// user would.
#[test]
fn a_tracker_written_like_a_real_one() {
    a_tracker_written_by(write_tracker_with_umya);
}

pub(crate) fn a_tracker_written_by(write: TrackerWriter) {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("tracker.xlsx"));
    let report =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(TRACKER_REPORT))
            .unwrap();
    let args = [
        "import",
        "tracker.xlsx",
        "--on",
        "2024-03-14",
        "--as-of",
        "2024-03-14",
    ];

    // --dry-run: the same report, the files it would write, and nothing on disk.
    let (code, out, err) = run(dir.path(), &[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    let mut dry = String::new();
    for line in report
        .replace("wrote tracker:", "would write tracker:")
        .lines()
        .filter(|line| !line.starts_with("next:"))
    {
        writeln!(dry, "{line}").unwrap();
    }
    let (listed, diff) = out.split_at(dry.len().min(out.len()));
    assert_eq!(listed, dry);
    // Then every file in full, as each writer's dry run shows its change.
    assert!(
        diff.starts_with("--- /dev/null\n+++ b/tracker/csp.toml\n"),
        "{diff}"
    );
    assert_eq!(diff.matches("--- /dev/null\n").count(), 19, "{diff}");
    assert!(!dir.path().join("tracker").exists());

    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{out}{err}");
    // `CSP_BLESS=1 cargo test` rewrites the pinned report and tree after an
    // intended change (review the diff!), as TRYCMD=overwrite does.
    if std::env::var_os("CSP_BLESS").is_some() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::write(root.join(TRACKER_REPORT), &out).unwrap();
        let want = root.join(TRACKER_EXPECTED);
        std::fs::remove_dir_all(&want).unwrap();
        for (name, text) in texts(&dir.path().join("tracker")) {
            let path = want.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    assert_eq!(out, report);
    assert_eq!(err, "");
    // The points of the report, lest the pinned text be regenerated blind.
    for line in [
        "tracker.xlsx: 'Action Plan'!A6: section heading \"Priority 1: Anti-social behaviour\"",
        "tracker.xlsx: 'Action Plan'!F7: marked done with no date; recorded as done on 2024-03-14",
        "tracker.xlsx: 'Action Plan'!B8: lead \"Cambridgeshire Police\" looks like \"Cambs Police\" ('Action Plan'!B7): if they are one body, write \"Cambridgeshire Police\" = \"cambs-police\" under [leads] in the map",
        "tracker.xlsx: 'Action Plan'!E27: \"Spring 2024\" has no day or month; left undated, kept as timescale",
        "tracker.xlsx: 17 actions to import, 3 skipped (empty), 3 section headings, 0 not imported, 3 caveats; 6 new leads, 3 new sections",
    ] {
        assert!(out.lines().any(|got| got == line), "{line}\n{out}");
    }
    assert_same_tree(
        &dir.path().join("tracker"),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(TRACKER_EXPECTED),
    );
    assert_valid_and_formatted(dir.path(), "tracker");
}

const CSV_MAP: &str = r#"[plan]
name = "East Cambs CSP action plan"

[columns]
section = "Theme"
title = "Action"
description = "Detail"
lead = "Lead"
timescale = "Target date"
due = "Target date"
status = "Status"

[values.status]
"In progress" = "in-progress"
"Completed" = "done"
"Not started" = "open"

[leads]
"ECDC" = "ecdc"
"CSP" = "ecdc"
"Cambs Police" = "police"
"#;

/// Plain "CSV" as Excel saves it on a UK machine: Windows-1252, where `£`,
/// the en dash and curly quotes are one byte each, and CRLF line ends.
#[test]
fn a_windows_1252_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes: Vec<u8> = Vec::new();
    for row in [
        &b"Theme,Action,Detail,Lead,Target date,Status"[..],
        b"Safer streets,\"Spend the \xA35,000 Safer Streets grant\",\"Lighting and CCTV in Ely \x96 the \x93Op Nightsafe\x94 bid\",ECDC,31/03/2024,In progress",
        b",,,,,",
        b"Safer streets,Publish the partnership\x92s ASB leaflet,Print and post to every household,Cambs Police,Sep-23,Completed",
        b"Vulnerable people,Refresh the Prevent training,\x93Prevent\x94 refresher for frontline staff,ECDC/CSP,Spring 2024,Not started",
    ] {
        bytes.extend_from_slice(row);
        bytes.extend_from_slice(b"\r\n");
    }
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    std::fs::write(dir.path().join("tracker.csv"), bytes).unwrap();
    std::fs::write(dir.path().join("map.toml"), CSV_MAP).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "tracker.csv",
            "--map",
            "map.toml",
            "--on",
            "2024-03-14",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "\
tracker.csv: header row 1, 4 rows below it
tracker.csv: F4: marked done with no date; recorded as done on 2024-03-14
tracker.csv: E5: \"Spring 2024\" has no day or month; left undated, kept as timescale
tracker.csv: 3 actions to import, 1 skipped (empty), 0 section headings, 0 not imported, 2 caveats; 2 new leads, 2 new sections
wrote tracker:
  tracker/csp.toml
  tracker/safer-streets/spend-the-5-000-safer-streets-grant.toml
  tracker/safer-streets/publish-the-partnership-s-asb-leaflet.toml
  tracker/vulnerable-people/refresh-the-prevent-training.toml
  tracker/.gitignore
next: check it with `csp validate --plan tracker`, then `git init` there to keep its history
"
    );
    let want: BTreeMap<String, String> = [
        (
            "csp.toml",
            "\
# The manifest of a Community Safety Partnership's action plan, made by
# `csp import`; docs/plan-format.md describes every field.

[plan]
name = \"East Cambs CSP action plan\"

[sections]
\"safer-streets\" = \"Safer streets\"
\"vulnerable-people\" = \"Vulnerable people\"

[leads.ecdc]
name = \"ECDC\"
aliases = [\"CSP\"]

[leads.police]
name = \"Cambs Police\"
",
        ),
        (
            ".gitignore",
            "# The lock csp takes while it writes the plan.\n.csp.lock\n",
        ),
        (
            "safer-streets/spend-the-5-000-safer-streets-grant.toml",
            "\
title = \"Spend the £5,000 Safer Streets grant\"
description = \"Lighting and CCTV in Ely – the “Op Nightsafe” bid\"
lead = [\"ecdc\"]
timescale = \"31/03/2024\"
due = 2024-03-31
status = \"in-progress\"
",
        ),
        (
            "safer-streets/publish-the-partnership-s-asb-leaflet.toml",
            "\
title = \"Publish the partnership’s ASB leaflet\"
description = \"Print and post to every household\"
lead = [\"police\"]
timescale = \"Sep-23\"
due = \"2023-09\"
status = \"done\"
completed = 2024-03-14
",
        ),
        (
            "vulnerable-people/refresh-the-prevent-training.toml",
            "\
title = \"Refresh the Prevent training\"
description = \"“Prevent” refresher for frontline staff\"
lead = [\"ecdc\"]
timescale = \"Spring 2024\"
",
        ),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.to_string()))
    .collect();
    let got = texts(&dir.path().join("tracker"));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (name, text) in &want {
        assert_eq!(&got[name], text, "{name}");
    }
    assert_valid_and_formatted(dir.path(), "tracker");
}

const INTO_MAP: &str = r#"[columns]
section = "Theme"
title = "Action"
lead = "Lead"
due = "Due"
timescale = "Due"
status = "Status"
priority = "Priority"

[values.status]
"Not started" = "open"
"In progress" = "in-progress"
"#;

/// A copy of the editing tests' plan, with `rows` (below the header) as
/// `t.csv` and the map beside it.
fn plan_and_tracker(rows: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edit/plan"),
        &dir.path().join("plan"),
    );
    let mut csv = String::from("Theme,Action,Lead,Due,Status,Priority\r\n");
    for row in rows {
        csv.push_str(row);
        csv.push_str("\r\n");
    }
    std::fs::write(dir.path().join("t.csv"), csv).unwrap();
    std::fs::write(dir.path().join("map.toml"), INTO_MAP).unwrap();
    dir
}

const INTO: [&str; 10] = [
    "import",
    "t.csv",
    "--map",
    "map.toml",
    "--into",
    "plan",
    "--on",
    "2024-03-14",
    "--as-of",
    "2024-03-14",
];

/// `--into`: the rows join the plan; a new section and new leads go into
/// csp.toml through the edit session with its comments kept; a row whose
/// id the plan has is reported and skipped, never overwritten; a new lead
/// like one of the plan's gets the merge suggestion.
#[test]
fn into_an_existing_plan() {
    let dir = plan_and_tracker(&[
        "Projects,CCTV review,ECDC,31/03/2024,Not started,1",
        "Youth,Fund detached youth work,District Council,31/03/2024,In progress,2",
        "Statutory duties,Publish the strategic assessment,Cambs Constabulary/Sanctuary Housing,Q4 2023/24,Not started,1",
    ]);
    let before = texts(&dir.path().join("plan"));
    let (code, out, err) = run(dir.path(), &INTO);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "\
t.csv: header row 1, 3 rows below it
t.csv: A2: `projects/cctv-review` is in the plan and differs (title: \"Review CCTV coverage\" → \"CCTV review\"; description: \"Review CCTV coverage in the market towns with the police.\" → \"CCTV review\"; priority: 2 → 1; timescale: none → \"31/03/2024\"; due: 2024-09-30 → 2024-03-31; status: done → open); not applied: `--update` applies the sheet's values, or `csp apply` a return form
t.csv: C4: lead \"Cambs Constabulary\" looks like \"Cambridgeshire Constabulary\" ([leads.police] in the plan's csp.toml): if they are one body, write \"Cambs Constabulary\" = \"police\" under [leads] in the map
t.csv: 2 actions to import, 0 skipped (empty), 0 section headings, 1 not imported, 1 caveat; 2 new leads, 1 new section
wrote plan:
  plan/csp.toml (changed)
  plan/youth/fund-detached-youth-work.toml
  plan/duties/publish-the-strategic-assessment.toml
"
    );
    let after = texts(&dir.path().join("plan"));
    for (name, text) in &before {
        if name != "csp.toml" {
            assert_eq!(&after[name], text, "{name} is as it was");
        }
    }
    // The new section after the plan's, quoted like them, the new leads
    // after its leads, and the plan's comments where they were.
    assert_eq!(
        after["csp.toml"],
        "\
# A small plan for the editing tests.
[plan]
name = \"Editing test plan\"

[priorities]
1 = \"People\"
2 = \"Places\"

# Sections in the plan's order.
[sections]
\"duties\" = \"Statutory duties\"
\"duties/prevent\" = \"Prevent duty\"
\"projects\" = \"Projects\" # beside the last section
\"youth\" = \"Youth\"

[leads.ECDC]
name = \"East Cambridgeshire District Council\"
aliases = [\"District Council\"]

[leads.police]
name = \"Cambridgeshire Constabulary\"

[leads.cambs-constabulary]
name = \"Cambs Constabulary\"

[leads.sanctuary-housing]
name = \"Sanctuary Housing\"
"
    );
    assert_eq!(
        after["youth/fund-detached-youth-work.toml"],
        "\
title = \"Fund detached youth work\"
description = \"Fund detached youth work\"
lead = [\"ECDC\"]
priority = [2]
timescale = \"31/03/2024\"
due = 2024-03-31
status = \"in-progress\"
"
    );
    assert_eq!(
        after["duties/publish-the-strategic-assessment.toml"],
        "\
title = \"Publish the strategic assessment\"
description = \"Publish the strategic assessment\"
lead = [\"cambs-constabulary\", \"sanctuary-housing\"]
priority = [1]
timescale = \"Q4 2023/24\"
due = \"Q4 2023/24\"
"
    );
    assert_eq!(after.len(), before.len() + 2);
    assert_valid_and_formatted(dir.path(), "plan");

    // The same tracker again: every row is in the plan now, and nothing
    // is added twice.
    let (code, out, err) = run(dir.path(), &INTO);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "t.csv: 0 actions to import, 0 skipped (empty), 0 section headings, 3 not imported"
        ),
        "{out}"
    );
    assert_eq!(texts(&dir.path().join("plan")), after);
}

/// A value that would make the plan invalid: nothing is written, the
/// import exits 1, and every problem is listed.
#[test]
fn into_a_plan_it_would_break() {
    let dir = plan_and_tracker(&[
        "Youth,Fund detached youth work,ECDC,31/03/2024,In progress,7",
        "Projects,Refresh the CCTV map,ECDC,31/03/2024,Not started,1",
        "Statutory duties,Publish the strategic assessment,ECDC,Q4 2023/24,Not started,9",
    ]);
    let before = crate::support::tree(&dir.path().join("plan"));
    let (code, out, err) = run(dir.path(), &INTO);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("t.csv: header row 1, 3 rows below it\n"),
        "{out}"
    );
    for problem in [
        "error[unknown-priority]: unknown priority 7\n --> plan/youth/fund-detached-youth-work.toml:4:13",
        "error[unknown-priority]: unknown priority 9\n --> plan/duties/publish-the-strategic-assessment.toml:4:13",
        "error: nothing was written: the imported plan would have 2 problems; fix the map or the sheet and import again",
    ] {
        assert!(err.contains(problem), "{problem}\n{err}");
    }
    assert_eq!(crate::support::tree(&dir.path().join("plan")), before);
}

/// `--sheet` picks a sheet by name (case ignored); a name the workbook
/// lacks is a usage error that lists its sheets, with or without a map.
#[test]
fn sheets_by_name() {
    sheets_by_name_in(write_tracker_with_umya);
}

pub(crate) fn sheets_by_name_in(write: TrackerWriter) {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("tracker.xlsx"));
    for extra in [&[][..], &["--guess-map"][..]] {
        let (code, out, err) = run(
            dir.path(),
            &[&["import", "tracker.xlsx", "--sheet", "Plan"][..], extra].concat(),
        );
        assert_eq!(code, 2, "{out}{err}");
        assert_eq!(
            err,
            "error: `tracker.xlsx` has no sheet \"Plan\"\nhelp: its sheets are \"Action Plan\", \"Notes\"\n"
        );
    }
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "tracker.xlsx",
            "--sheet",
            "action plan",
            "--on",
            "2024-03-14",
            "--as-of",
            "2024-03-14",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tracker.xlsx: 17 actions to import"), "{out}");
    // Not a spreadsheet: the reader's words fit an import as well as a form.
    std::fs::write(dir.path().join("plan.txt"), "hello").unwrap();
    let (code, _, err) = run(dir.path(), &["import", "plan.txt"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: `plan.txt` is not a spreadsheet csp reads\nhelp: give a .xlsx, .ods or .csv file\n"
    );
}

/// Writes `rows` (the first the header row; `""` a blank cell) to sheet
/// "Plan" of an xlsx at `path`, with umya-spreadsheet, as a tracker copied
/// from a published plan would be.
fn write_rows(path: &Path, rows: &[&[&str]]) {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let sheet = book.new_sheet("Plan").unwrap();
    for (row, cells) in (1u32..).zip(rows) {
        for (col, text) in (1u32..).zip(cells.iter()) {
            if !text.is_empty() {
                sheet.cell_mut((col, row)).set_value_string(*text);
            }
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// The report's lines that name a cell, without the file's name.
fn cell_lines(report: &str, file: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|line| line.strip_prefix(&format!("{file}: ")))
        .filter(|line| line.split(": ").next().is_some_and(|at| at.contains('!')))
        .map(str::to_string)
        .collect()
}

fn ids_of(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|row| row["id"].as_str().unwrap().to_string())
        .collect()
}

fn overdue(dir: &Path, plan: &str, as_of: &str) -> Vec<String> {
    let (code, out, err) = run(
        dir,
        &[
            "overdue", "--plan", plan, "--format", "json", "--as-of", as_of,
        ],
    );
    assert!(code == 0 || code == 1, "{out}{err}");
    ids_of(
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap(),
    )
}

/// Deadlines written as prose in a CDRP strategy's implementation plan:
/// each read with the words that gave it, the timescale kept verbatim, a
/// due counted from the plan's start, and two dates with no deadline
/// reported rather than guessed; `csp overdue` a month after the last
/// deadline names every action that has one.
#[test]
fn deadlines_written_as_prose() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("cdrp.xlsx"),
        &[
            &["Action", "Lead", "Target"],
            &[
                "Provide citizenship education",
                "Education Service",
                "Programmes in schools by September 2002",
            ],
            &[
                "Agree a drugs strategy",
                "DAT",
                "Strategy in place by June 2002",
            ],
            &[
                "Run publicity campaigns",
                "Police",
                "Four campaigns by September 2003",
            ],
            &[
                "Launch the hate crime strategy",
                "Council",
                "July 2017 launch",
            ],
            &[
                "Map hot spots",
                "Police",
                "Within six months of commencement of Action Plan",
            ],
            &["Review the plan", "Council", "March 2011 (then annually)"],
            &[
                "Consult residents",
                "Council",
                "Draft in June 2002, agreed in September 2002",
            ],
            &["Train staff", "Council", "Spring 2003"],
        ],
    );
    std::fs::write(
        dir.path().join("map.toml"),
        "[plan]\nname = \"CDRP\"\nstart = 2002-04-01\n\n[columns]\ntitle = \"Action\"\nlead = \"Lead\"\ntimescale = \"Target\"\ndue = \"Target\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "cdrp.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--on",
            "2002-04-01",
            "--as-of",
            "2002-04-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        cell_lines(&out, "cdrp.xlsx"),
        [
            "Plan!C2: due Sep 2002 from \"by September 2002\"",
            "Plan!C3: due Jun 2002 from \"by June 2002\"",
            "Plan!C4: due Sep 2003 from \"by September 2003\"",
            "Plan!C5: due Jul 2017 from \"July 2017\"",
            "Plan!C6: due start+6m (1 Oct 2002, 6 months after the plan's start on 1 Apr 2002) from \"Within six months of commencement of Action Plan\"",
            "Plan!C7: due Mar 2011, every year, from \"March 2011 (then annually)\"",
            "Plan!C8: \"Draft in June 2002, agreed in September 2002\" names 2 dates (\"June 2002\", \"September 2002\") and none is clearly the deadline; left undated, kept as timescale",
            "Plan!C9: \"Spring 2003\" has no day or month; left undated, kept as timescale",
        ],
        "{out}"
    );
    let file = |id: &str| {
        std::fs::read_to_string(dir.path().join("plan/actions").join(format!("{id}.toml"))).unwrap()
    };
    assert!(
        file("agree-a-drugs-strategy")
            .contains("timescale = \"Strategy in place by June 2002\"\ndue = \"2002-06\"\n")
    );
    assert!(file("map-hot-spots").contains("due = \"start+6m\"\n"));
    assert!(file("review-the-plan").contains(
        "timescale = \"March 2011 (then annually)\"\ndue = \"2011-03\"\nevery = \"year\"\n"
    ));
    assert!(
        file("consult-residents")
            .contains("timescale = \"Draft in June 2002, agreed in September 2002\"\n")
    );
    assert!(
        std::fs::read_to_string(dir.path().join("plan/csp.toml"))
            .unwrap()
            .contains("start = 2002-04-01\n")
    );
    // A month after the last of the 2002–03 deadlines: every one of them.
    assert_eq!(
        overdue(dir.path(), "plan", "2003-10-31"),
        [
            "actions/agree-a-drugs-strategy",
            "actions/provide-citizenship-education",
            "actions/map-hot-spots",
            "actions/run-publicity-campaigns",
        ]
    );
    // Without a start, the relative due is not written, and says why.
    std::fs::write(
        dir.path().join("map.toml"),
        "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\ndue = \"Target\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "cdrp.xlsx",
            "--map",
            "map.toml",
            "--to",
            "nostart",
            "--dry-run",
            "--as-of",
            "2002-04-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("cdrp.xlsx: Plan!C6: \"Within six months of commencement of Action Plan\" is due 6 months after the plan's start, and the plan gives no start; left undated, kept as timescale (write start = YYYY-MM-DD under [plan] in the map)\n"), "{out}");
}

/// `due = "start+6m"` is counted from `[plan] start`; without a start,
/// `csp validate` says what to add.
#[test]
fn dues_counted_from_the_plans_start() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    std::fs::create_dir_all(plan.join("s")).unwrap();
    std::fs::write(plan.join("csp.toml"), "[plan]\nname = \"P\"\nstart = 2010-04-01\n\n[sections]\ns = \"S\"\n\n[leads.c]\nname = \"Council\"\n").unwrap();
    std::fs::write(
        plan.join("s/a.toml"),
        "title = \"A\"\ndescription = \"A.\"\nlead = [\"c\"]\ndue = \"start+6m\"\n",
    )
    .unwrap();
    std::fs::write(
        plan.join("s/b.toml"),
        "title = \"B\"\ndescription = \"B.\"\nlead = [\"c\"]\ndue = \"start+1y\"\n",
    )
    .unwrap();
    assert_eq!(overdue(dir.path(), "plan", "2010-10-02"), ["s/a"]);
    let (code, out, err) = run(
        dir.path(),
        &[
            "list",
            "--plan",
            "plan",
            "--format",
            "json",
            "--as-of",
            "2010-05-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["due"], "2010-10-01");
    assert_eq!(rows[1]["due"], "2011-04-01");
    // Listings show the day with the start it is counted from.
    let (code, out, err) = run(
        dir.path(),
        &[
            "list",
            "--plan",
            "plan",
            "--format",
            "md",
            "--as-of",
            "2010-05-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("| 1 Oct 2010 (start+6m) |"), "{out}");
    assert!(out.contains("| 1 Apr 2011 (start+1y) |"), "{out}");
    std::fs::write(
        plan.join("csp.toml"),
        "[plan]\nname = \"P\"\n\n[sections]\ns = \"S\"\n\n[leads.c]\nname = \"Council\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["validate", "--plan", "plan", "--as-of", "2010-05-01"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("error[no-plan-start]: `due = \"start+6m\"` is counted from the plan's start, and csp.toml gives none"), "{err}");
    assert!(
        err.contains(
            "help: add the day the plan began under [plan] in csp.toml, e.g. start = 2024-04-01"
        ),
        "{err}"
    );
    std::fs::write(
        plan.join("s/b.toml"),
        "title = \"B\"\ndescription = \"B.\"\nlead = [\"c\"]\ndue = \"start+six\"\n",
    )
    .unwrap();
    let (_, _, err) = run(
        dir.path(),
        &["validate", "--plan", "plan", "--as-of", "2010-05-01"],
    );
    assert!(
        err.contains("`start+six` is not a due csp can read"),
        "{err}"
    );
}

/// The `[leads]` names of a plan's csp.toml.
fn lead_names(plan: &Path) -> Vec<String> {
    let manifest: toml::Table = std::fs::read_to_string(plan.join("csp.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["leads"]
        .as_table()
        .unwrap()
        .values()
        .map(|lead| lead["name"].as_str().unwrap().to_string())
        .collect()
}

/// "X and Y" is one body unless X and Y are each known ones; bullets and
/// dashes are not part of a name; the guess lists the bodies the import
/// makes, by the same rule.
#[test]
fn one_body_stays_one_body() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("hate.xlsx"),
        &[
            &["Action", "Lead", "Partners"],
            &[
                "Publicise reporting",
                "Press and Public Relations",
                "Police & Council",
            ],
            &["Train staff", "- DMBC Hate Crime Lead", "Police"],
            &[
                "Fund victims' services",
                "Domestic Abuse and Sexual Violence Partnership",
                "Council",
            ],
            &[
                "Run a campaign",
                "• DMBC Hate Crime Lead\n• South Yorkshire Police",
                "Police/Council",
            ],
        ],
    );
    let (code, guessed, err) = run(dir.path(), &["import", "hate.xlsx", "--guess-map"]);
    assert_eq!(code, 0, "{err}");
    let leads = guessed.split("[leads]\n").nth(1).unwrap();
    assert_eq!(
        leads,
        "\"Press and Public Relations\" = \"press-and-public-relations\"\n\
         \"DMBC Hate Crime Lead\" = \"dmbc-hate-crime-lead\"\n\
         \"Domestic Abuse and Sexual Violence Partnership\" = \"domestic-abuse-and-sexual-violence-partnership\"\n\
         \"South Yorkshire Police\" = \"south-yorkshire-police\"\n\
         \"Police\" = \"police\"\n\
         \"Council\" = \"council\"\n"
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "hate.xlsx",
            "--to",
            "plan",
            "--on",
            "2024-03-14",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("4 actions to import, 0 skipped (empty), 0 section headings, 0 not imported, 0 caveats; 6 new leads"), "{out}");
    let mut names = lead_names(&dir.path().join("plan"));
    names.sort();
    assert_eq!(
        names,
        [
            "Council",
            "DMBC Hate Crime Lead",
            "Domestic Abuse and Sexual Violence Partnership",
            "Police",
            "Press and Public Relations",
            "South Yorkshire Police",
        ]
    );
    let action =
        std::fs::read_to_string(dir.path().join("plan/actions/publicise-reporting.toml")).unwrap();
    assert!(
        action.contains(
            "lead = [\"press-and-public-relations\"]\npartners = [\"police\", \"council\"]\n"
        ),
        "{action}"
    );

    // Into that plan, a body named by its name (not its key) gets its key,
    // and a map giving it another key is told which one the plan uses.
    write_rows(
        &dir.path().join("more.xlsx"),
        &[
            &["Action", "Lead"],
            &["Hold a vigil", "Press and Public Relations"],
            &["Open a hub", "Council"],
        ],
    );
    std::fs::write(
        dir.path().join("more.toml"),
        "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\n\n[leads]\n\"Council\" = \"dmbc\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "more.xlsx",
            "--map",
            "more.toml",
            "--into",
            "plan",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        cell_lines(&out, "more.xlsx"),
        [
            "Plan!B3: the map gives \"Council\" the key `dmbc`, but the plan has it as lead `council`: one body cannot have two keys, so it is imported as `council` (write \"Council\" = \"council\" under [leads] in the map)"
        ]
    );
    assert!(out.contains("0 new leads"), "{out}");
    let vigil = std::fs::read_to_string(dir.path().join("plan/actions/hold-a-vigil.toml")).unwrap();
    assert!(
        vigil.contains("lead = [\"press-and-public-relations\"]\n"),
        "{vigil}"
    );
}

/// The bundled plan's export, imported with a map that names no body:
/// every lead and partner cell gives the bodies it was made from, none
/// split inside its name.
#[test]
fn the_bundled_plans_bodies_are_not_split() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let dir = tempfile::tempdir().unwrap();
    let status = csp()
        .args(["export", "--format", "xlsx", "--as-of", "2024-03-14", "-o"])
        .arg(dir.path().join("x.xlsx"))
        .arg("--plan")
        .arg(&bundled)
        .status()
        .unwrap();
    assert!(status.success());
    let map = map_for(&bundled);
    let map = map.split("\n[leads]\n").next().unwrap();
    std::fs::write(dir.path().join("map.toml"), map).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "x.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("x.xlsx: 78 actions to import"), "{out}");
    let want: std::collections::BTreeSet<String> = lead_names(&bundled).into_iter().collect();
    let got: std::collections::BTreeSet<String> =
        lead_names(&dir.path().join("plan")).into_iter().collect();
    let used: std::collections::BTreeSet<String> = got.difference(&want).cloned().collect();
    assert!(
        used.is_empty(),
        "names that are no body of the plan: {used:?}"
    );
    let (original, imported) = (
        list(Path::new(env!("CARGO_MANIFEST_DIR"))),
        list(dir.path()),
    );
    assert_eq!(original.len(), 78);
    for (want, got) in original.iter().zip(&imported) {
        for field in ["lead", "partners"] {
            assert_eq!(
                want[field].as_array().map(Vec::len),
                got[field].as_array().map(Vec::len),
                "{}: {field}",
                want["id"]
            );
        }
    }
}

/// A hate crime action plan's columns, as published: the guess takes the
/// ACTION column for titles (OBJECTIVE for sections), "Lead Agency /
/// Officer" for leads, "Completion Date" as the due (never `completed`),
/// joins the outcome and funding into the description under their headers,
/// and a note with no date is reported, not dated today; an "Update – …"
/// paragraph with a day becomes a dated progress note.
#[test]
fn a_guess_that_means_what_the_sheet_means() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("hate.xlsx"),
        &[
            &["Hate Crime Action Plan 2017-2018"],
            &[],
            &[
                "OBJECTIVE",
                "ACTION",
                "Lead Agency / Officer",
                "Output target and date(s)",
                "Completion Date",
                "Outcome",
                "Funding",
                "Notes",
                "RAG",
            ],
            &[
                "Increase reporting",
                "Publicise third party reporting centres\nUpdate – The Hate Crime strategy was launched on 6th July 2017 at the Mansion House.",
                "- DMBC Hate Crime Lead",
                "Four campaigns",
                "31/03/2018",
                "More reports",
                "£5,000",
                "Reviewed at the March board",
                "G",
            ],
            &[
                "",
                "Train frontline staff",
                "South Yorkshire Police",
                "All staff trained",
                "By June 2018",
                "",
                "",
                "",
                "A",
            ],
        ],
    );
    let (code, guessed, err) = run(dir.path(), &["import", "hate.xlsx", "--guess-map"]);
    assert_eq!(code, 0, "{err}");
    let columns = guessed
        .split("[columns]\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    assert_eq!(
        columns,
        "section = \"OBJECTIVE\"\n\
         title = \"ACTION\"\n\
         lead = \"Lead Agency / Officer\"\n\
         timescale = \"Completion Date\"\n\
         update = \"Notes\"\n\
         rag = \"RAG\"\n\
         due = \"Completion Date\"\n\
         description = [\"ACTION\", \"Output target and date(s)\", \"Outcome\", \"Funding\"]   # joined, each under its header"
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "hate.xlsx",
            "--to",
            "plan",
            "--as-of",
            "2018-08-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        cell_lines(&out, "hate.xlsx"),
        [
            "Plan!H4: the note \"Reviewed at the March board\" has no date; not imported (map update_date to its date column, or give --on DAY to date such notes)",
            "Plan!E5: due Jun 2018 from \"By June 2018\"",
        ],
        "{out}"
    );
    let action = std::fs::read_to_string(
        dir.path()
            .join("plan/increase-reporting/publicise-third-party-reporting-centres.toml"),
    )
    .unwrap();
    assert_eq!(
        action,
        "title = \"Publicise third party reporting centres\"\n\
         description = \"\"\"\n\
         Publicise third party reporting centres\n\
         \n\
         Output target and date(s): Four campaigns\n\
         \n\
         Outcome: More reports\n\
         \n\
         Funding: £5,000\"\"\"\n\
         lead = [\"dmbc-hate-crime-lead\"]\n\
         timescale = \"31/03/2018\"\n\
         due = 2018-03-31\n\
         rag = \"green\"\n\
         \n\
         [[update]]\n\
         date = 2017-07-06\n\
         text = \"The Hate Crime strategy was launched on 6th July 2017 at the Mansion House.\"\n"
    );
    assert_eq!(overdue(dir.path(), "plan", "2018-08-01").len(), 2);

    // A map with no lead column is told so once, with the likely columns.
    std::fs::write(
        dir.path().join("map.toml"),
        "[columns]\ntitle = \"ACTION\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "hate.xlsx", "--map", "map.toml", "--dry-run"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(
        err.contains("the map maps no column to `lead`, and every action needs a lead"),
        "{err}"
    );
    assert!(
        err.contains("the columns that might be it: \"Lead Agency / Officer\", \"OBJECTIVE\""),
        "{err}"
    );
}

/// Every column the map leaves out is named in the report, with how many
/// values it holds.
#[test]
fn every_column_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("t.xlsx"),
        &[
            &["Action", "Lead", "Funding", "", "Outcome"],
            &["Fit CCTV", "Council", "£5,000", "x", "Fewer thefts"],
            &["Patrol the park", "Police", "£1,000", "", ""],
        ],
    );
    std::fs::write(
        dir.path().join("map.toml"),
        "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "t.xlsx",
            "--map",
            "map.toml",
            "--dry-run",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        cell_lines(&out, "t.xlsx"),
        [
            "Plan!C1: column \"Funding\" holds 2 values the map does not use; not imported (map it, or add it to description = [...] to keep it under its header)",
            "Plan!D1: column with no header holds 1 value the map does not use; not imported (map it, or add it to description = [...] to keep it under its header)",
            "Plan!E1: column \"Outcome\" holds 1 value the map does not use; not imported (map it, or add it to description = [...] to keep it under its header)",
        ]
    );
    std::fs::write(dir.path().join("map.toml"), "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\ndescription = [\"Action\", \"Outcome\", \"Funding\"]\n").unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "t.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(cell_lines(&out, "t.xlsx").len(), 1, "{out}");
    let cctv = std::fs::read_to_string(dir.path().join("plan/actions/fit-cctv.toml")).unwrap();
    assert!(cctv.starts_with("title = \"Fit CCTV\"\ndescription = \"\"\"\nFit CCTV\n\nOutcome: Fewer thefts\n\nFunding: £5,000\"\"\"\n"), "{cctv}");
}

/// A strategy's implementation plan: an objective and a strategic goal
/// stacked above the actions are nested sections with short directory
/// names; "1. Provide …" is titled by its words, its number kept in the id;
/// a row with only its first cell filled and numbered like the actions is
/// an action, not a heading that swallows the rows below it.
#[test]
fn numbered_rows_and_stacked_headings() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("cdrp.xlsx"),
        &[
            &["Action", "Lead", "Timescale"],
            &[
                "Objective 1: Reduce the fear of crime among older residents living in the rural wards of the district",
            ],
            &["Strategic goal: Fewer older people afraid to go out after dark"],
            &[
                "1. Provide Citizenship Education Programme, with schools and youth services. Then more.",
                "Education",
                "By September 2002",
            ],
            &["2a Run a campaign", "Police", "July 2003"],
            &["Objective 2: Tackle drugs"],
            &["3. Agree a drugs strategy", "DAT", "By June 2002"],
        ],
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "cdrp.xlsx",
            "--to",
            "plan",
            "--as-of",
            "2002-04-01",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut files: Vec<String> = texts(&dir.path().join("plan")).into_keys().collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".gitignore",
            "csp.toml",
            "objective-1-reduce-the-fear-of-crime/strategic-goal-fewer-older-people-afraid/1-provide-citizenship-education-programme-with.toml",
            "objective-1-reduce-the-fear-of-crime/strategic-goal-fewer-older-people-afraid/2a-run-a-campaign.toml",
            "objective-2-tackle-drugs/3-agree-a-drugs-strategy.toml",
        ]
    );
    let manifest = std::fs::read_to_string(dir.path().join("plan/csp.toml")).unwrap();
    assert!(manifest.contains(
        "[sections]\n\
         \"objective-1-reduce-the-fear-of-crime\" = \"Objective 1: Reduce the fear of crime among older residents living in the rural wards of the district\"\n\
         \"objective-1-reduce-the-fear-of-crime/strategic-goal-fewer-older-people-afraid\" = \"Strategic goal: Fewer older people afraid to go out after dark\"\n\
         \"objective-2-tackle-drugs\" = \"Objective 2: Tackle drugs\"\n"
    ), "{manifest}");
    let first = std::fs::read_to_string(dir.path().join("plan/objective-1-reduce-the-fear-of-crime/strategic-goal-fewer-older-people-afraid/1-provide-citizenship-education-programme-with.toml")).unwrap();
    assert!(first.starts_with("title = \"Provide Citizenship Education Programme, with schools and youth services. Then more\"\ndescription = \"1. Provide Citizenship Education Programme, with schools and youth services. Then more.\"\n"), "{first}");

    // "3. Develop …" with its other cells empty, among numbered actions.
    write_rows(
        &dir.path().join("gap.xlsx"),
        &[
            &["Action", "Lead"],
            &["Objective 1"],
            &["1. Fit door chains", "Council"],
            &["2. Develop a home security scheme"],
            &["3. Agree a drugs strategy", "DAT"],
        ],
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "gap.xlsx",
            "--to",
            "gap",
            "--dry-run",
            "--as-of",
            "2002-04-01",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("gap.xlsx: Plan!A2: section heading \"Objective 1\"\n"),
        "{out}"
    );
    assert!(out.contains("gap.xlsx: Plan!A4: only this cell is filled, but it is numbered like the actions around it: imported as an action, not a section heading\n"), "{out}");
    assert!(
        out.contains("3 actions to import, 0 skipped (empty), 1 section heading"),
        "{out}"
    );
}

/// Importing a tracker again into the plan it made: an unchanged row says
/// so, an edited one says what differs and is not applied, and with
/// `--update` the difference is set in the plan's file, its other fields
/// and comments kept.
#[test]
fn a_reimport_with_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let rows = |status: &'static str| -> Vec<Vec<&'static str>> {
        vec![
            vec!["Action", "Lead", "Status", "Timescale"],
            vec!["Fit CCTV", "Council", "Open", "March 2024"],
            vec!["Patrol the park", "Police", status, "June 2024"],
        ]
    };
    let write = |name: &str, status: &'static str| {
        let rows = rows(status);
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        write_rows(&dir.path().join(name), &rows);
    };
    write("t.xlsx", "Open");
    std::fs::write(dir.path().join("map.toml"), "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\nstatus = \"Status\"\ntimescale = \"Timescale\"\ndue = \"Timescale\"\n").unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "t.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let park = dir.path().join("plan/actions/patrol-the-park.toml");
    let text = std::fs::read_to_string(&park).unwrap();
    std::fs::write(&park, format!("# Agreed at the March board.\n{text}[[update]]\ndate = 2024-03-01\ntext = \"Started.\"\n")).unwrap();

    write("t2.xlsx", "Complete");
    std::fs::write(dir.path().join("map.toml"), "[columns]\ntitle = \"Action\"\nlead = \"Lead\"\nstatus = \"Status\"\ntimescale = \"Timescale\"\ndue = \"Timescale\"\n\n[values.status]\n\"Complete\" = \"done\"\n").unwrap();
    let args = [
        "import",
        "t2.xlsx",
        "--map",
        "map.toml",
        "--into",
        "plan",
        "--on",
        "2024-03-14",
        "--as-of",
        "2024-03-14",
    ];
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        cell_lines(&out, "t2.xlsx"),
        [
            "Plan!A2: `actions/fit-cctv` is already in the plan, unchanged; not imported",
            "Plan!A3: `actions/patrol-the-park` is in the plan and differs (status: open → done; completed: none → 2024-03-14); not applied: `--update` applies the sheet's values, or `csp apply` a return form",
            "Plan!C3: marked done with no date; recorded as done on 2024-03-14",
        ],
        "{out}"
    );
    assert!(
        out.contains(
            "0 actions to import, 0 skipped (empty), 0 section headings, 2 not imported, 1 caveat"
        ),
        "{out}"
    );
    assert!(!std::fs::read_to_string(&park).unwrap().contains("done"));

    let (code, out, err) = run(dir.path(), &[&args[..], &["--update"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Plan!A3: `actions/patrol-the-park` is in the plan and differs (status: open → done; completed: none → 2024-03-14): updated\n"), "{out}");
    assert!(out.contains("1 not imported, 1 updated,"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&park).unwrap(),
        "# Agreed at the March board.\ntitle = \"Patrol the park\"\ndescription = \"Patrol the park\"\nlead = [\"police\"]\ntimescale = \"June 2024\"\ndue = \"2024-06\"\nstatus = \"done\"\ncompleted = 2024-03-14\n[[update]]\ndate = 2024-03-01\ntext = \"Started.\"\n"
    );
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("`actions/patrol-the-park` is already in the plan, unchanged; not imported"),
        "{out}"
    );
}

/// A "Ref" column is a reference kept in the id, not an id; a "Priority
/// Theme" column names the section.
#[test]
fn a_reference_column_is_kept_in_the_id() {
    let dir = tempfile::tempdir().unwrap();
    write_rows(
        &dir.path().join("t.xlsx"),
        &[
            &["Ref", "Priority Theme", "What we will do", "Who", "When"],
            &[
                "1.1",
                "Serious violence",
                "Run knife crime sessions",
                "Police",
                "By end of December 2019",
            ],
        ],
    );
    let (code, out, err) = run(
        dir.path(),
        &["import", "t.xlsx", "--to", "plan", "--as-of", "2019-10-01"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        dir.path()
            .join("plan/serious-violence/1-1-run-knife-crime-sessions.toml")
            .exists(),
        "{out}"
    );
}
