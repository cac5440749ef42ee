//! `csp export` and the return forms (`csp export --form`, `csp chase
//! --format xlsx`): the workbooks read back with calamine, and with an
//! independent reader, Python's openpyxl, for what calamine does not see
//! (fills, panes, the autofilter, protection, data validations, hidden
//! sheets). The CSV and the error messages are pinned in tests/cmd/export.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use serde_json::Value;

use crate::support::csp;

const BUNDLED: &str = "plan";
const MEETINGS: &str = "tests/fixtures/meetings/plan";

/// Runs csp with `args`, expecting success.
fn run(args: &[&str]) -> String {
    let output = csp().env("NO_COLOR", "1").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "csp {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn export(plan: &str, as_of: &str, out: &Path, extra: &[&str]) {
    let out = out.to_str().unwrap();
    let mut args = vec!["export", "--plan", plan, "--as-of", as_of, "-o", out];
    args.extend(extra);
    run(&args);
}

/// The ids `csp list` selects, in plan order.
fn listed(plan: &str, as_of: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--plan", plan, "--as-of", as_of, "--format", "json"];
    args.extend(extra);
    let rows: Value = serde_json::from_str(&run(&args)).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_string())
        .collect()
}

/// The day of an Excel date serial (days since 30 Dec 1899, as Excel counts).
fn excel_day(serial: f64) -> NaiveDate {
    let days = chrono::TimeDelta::days(serial.trunc() as i64);
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + days
}

#[test]
fn the_bundled_plan_exports_every_action_with_real_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    export(BUNDLED, "2024-03-14", &path, &[]);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Actions", "Summary"]);
    let actions = book.worksheet_range("Actions").unwrap();
    let rows: Vec<&[Data]> = actions.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ids: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(ids, listed(BUNDLED, "2024-03-14", &[]));
    // The strategic assessment is due "2024-03": a date cell on the 31st.
    let strategic = rows
        .iter()
        .find(|r| {
            r[0].to_string()
                .ends_with("commission-strategic-assessment")
        })
        .unwrap();
    assert_eq!(strategic[col("Due as written")].to_string(), "2024-03");
    match &strategic[col("Due")] {
        Data::DateTime(when) => assert_eq!(
            excel_day(when.as_f64()),
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
        ),
        other => panic!("Due is not a date: {other:?}"),
    }
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(
        summary.get((0, 0)).unwrap().to_string(),
        "East Cambridgeshire Community Safety Partnership action plan"
    );
}

#[test]
fn exports_and_forms_are_byte_identical_from_run_to_run() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--form", "--lead", "police"][..]] {
        let one = dir.path().join("one.xlsx");
        let two = dir.path().join("two.xlsx");
        export(BUNDLED, "2024-03-14", &one, extra);
        export(BUNDLED, "2024-03-14", &two, extra);
        assert!(
            std::fs::read(&one).unwrap() == std::fs::read(&two).unwrap(),
            "two runs of export {extra:?} differ"
        );
    }
}

/// The Actions sheet's rows wait in a scratch file beside the output, not
/// in the system's temporary directory (often memory), and nothing is left
/// behind: the export works with `TMPDIR` pointing nowhere, and the
/// directory then holds the workbook alone.
#[test]
fn a_workbook_is_written_beside_its_output_and_leaves_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let output = csp()
        .env("TMPDIR", dir.path().join("no-such-directory"))
        .args(["export", "--plan", BUNDLED, "--as-of", "2024-03-14", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left, ["plan.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let actions = book.worksheet_range("Actions").unwrap();
    assert_eq!(actions.height(), 79, "a header and the 78 actions");
}

/// What openpyxl sees in a workbook, as JSON.
const OPENPYXL_READ: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"title": wb.properties.title, "order": wb.sheetnames, "sheets": {}}
for ws in wb.worksheets:
    sheet = {
        "state": ws.sheet_state,
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "validations": [[dv.type, dv.formula1, str(dv.sqref)] for dv in ws.data_validations.dataValidation],
        "rows": [],
    }
    for row in ws.iter_rows():
        sheet["rows"].append([{
            "value": c.value.isoformat() if hasattr(c.value, "isoformat") else c.value,
            "date": c.is_date,
            "format": c.number_format,
            "bold": bool(c.font.b),
            "color": c.font.color.rgb if c.font.color is not None and isinstance(c.font.color.rgb, str) else None,
            "fill": c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None,
            "locked": bool(c.protection.locked),
        } for c in row])
    out["sheets"][ws.title] = sheet
print(json.dumps(out))
"#;

fn read_with_openpyxl(path: &Path) -> Value {
    let output = Command::new(crate::support::python_with_openpyxl())
        .args(["-c", OPENPYXL_READ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "openpyxl cannot read {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn openpyxl_sees_the_frozen_header_filter_fills_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    export(MEETINGS, "2024-02-22", &path, &[]);
    let book = read_with_openpyxl(&path);
    assert_eq!(book["title"], "Test Valley CSP action plan");
    let actions = &book["sheets"]["Actions"];
    let rows = actions["rows"].as_array().unwrap();
    let count = listed(MEETINGS, "2024-02-22", &[]).len();
    assert_eq!(rows.len(), count + 1);
    assert_eq!(actions["freeze"], "A2");
    assert_eq!(actions["filter"], format!("A1:V{}", count + 1));
    let header = rows[0].as_array().unwrap();
    assert!(header.iter().all(|cell| cell["bold"] == true));
    let col = |name: &str| header.iter().position(|h| h["value"] == name).unwrap();
    let mut rated = 0;
    for row in &rows[1..] {
        let rag = &row[col("RAG")];
        let want = match rag["value"].as_str() {
            Some("red") => "FFE06666",
            Some("amber") => "FFFFC000",
            Some("green") => "FF93C47D",
            _ => continue,
        };
        assert_eq!(rag["fill"], want, "{row:?}");
        rated += 1;
        let next = &row[col("Next due")];
        if next["value"].is_string() {
            assert_eq!(next["date"], true);
            assert_eq!(next["format"], "dd mmm yyyy");
        }
    }
    assert!(rated > 0, "the fixture rates some actions");
    let dates = rows[1..]
        .iter()
        .filter(|row| row[col("Due")]["date"] == true)
        .count();
    assert!(dates > 0);
    // Overdue rows are in dark red.
    let overdue = rows[1..]
        .iter()
        .find(|row| row[col("Days overdue")]["value"].is_number())
        .expect("something is overdue");
    assert_eq!(overdue[col("Title")]["color"], "FF9C0006");
}

fn fingerprint(plan: &str, id: &str) -> String {
    let bytes = std::fs::read(PathBuf::from(plan).join(format!("{id}.toml"))).unwrap();
    csp::fingerprint::fingerprint(&bytes)
}

/// The Update and hidden csp sheets, checked against the form contract.
fn check_form(path: &Path, plan: &str, as_of: &str, lead: &str) -> Vec<String> {
    let book = read_with_openpyxl(path);
    let sheets = &book["sheets"];
    assert_eq!(
        book["order"],
        serde_json::json!(["Update", "Instructions", "csp"])
    );
    assert_eq!(sheets["Update"]["state"], "visible");
    assert_eq!(sheets["csp"]["state"], "hidden");
    let update = &sheets["Update"];
    assert_eq!(update["protected"], true);
    assert_eq!(update["password"], Value::Null);
    let rows = update["rows"].as_array().unwrap();
    let header: Vec<&Value> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["value"])
        .collect();
    assert_eq!(
        header,
        [
            "ID",
            "Title",
            "Due",
            "Status",
            "RAG",
            "Latest note",
            "Progress note",
            "Note date",
            "New status",
            "New RAG",
            "New due",
            "Done on"
        ]
    );
    for row in &rows[1..] {
        let locked: Vec<bool> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["locked"] == true)
            .collect();
        assert_eq!(
            locked,
            [
                true, true, true, true, true, true, false, false, false, false, false, false
            ]
        );
        assert_eq!(row[7]["format"], "dd mmm yyyy");
        assert_eq!(row[11]["format"], "dd mmm yyyy");
    }
    let last = rows.len();
    let validations = update["validations"].as_array().unwrap();
    let validation_of = |column: &str| {
        validations
            .iter()
            .find(|v| {
                let range = if last == 2 {
                    format!("{column}2")
                } else {
                    format!("{column}2:{column}{last}")
                };
                v[2] == range
            })
            .map(|v| (v[0].clone(), v[1].clone()))
    };
    assert_eq!(
        validation_of("I"),
        Some((
            "list".into(),
            "\"open,in-progress,blocked,done,dropped\"".into()
        ))
    );
    assert_eq!(
        validation_of("J"),
        Some(("list".into(), "\"red,amber,green\"".into()))
    );
    // The hidden sheet: the plan, the day, the lead, the contract, then one
    // id and fingerprint per Update row, in the same order.
    let hidden = sheets["csp"]["rows"].as_array().unwrap();
    let cell = |row: usize, col: usize| hidden[row][col]["value"].clone();
    assert_eq!(cell(0, 0), "plan");
    assert_eq!(cell(1, 0), "as of");
    assert_eq!(cell(1, 1), as_of);
    assert_eq!(cell(2, 0), "lead");
    assert_eq!(
        cell(2, 1),
        if lead.is_empty() {
            Value::Null
        } else {
            lead.into()
        }
    );
    assert_eq!(cell(3, 0), "form");
    assert_eq!(cell(3, 1), "csp-form-1");
    assert_eq!(
        (cell(5, 0), cell(5, 1)),
        ("id".into(), "fingerprint".into())
    );
    assert_eq!(hidden.len() - 6, rows.len() - 1);
    let mut ids = Vec::new();
    for (at, row) in rows[1..].iter().enumerate() {
        let id = cell(6 + at, 0);
        let id = id.as_str().unwrap();
        assert!(id.ends_with(row[0]["value"].as_str().unwrap()));
        assert_eq!(cell(6 + at, 1), fingerprint(plan, id).as_str());
        ids.push(id.to_string());
    }
    ids
}

#[test]
fn a_form_for_one_lead_follows_the_form_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("police.xlsx");
    export(
        BUNDLED,
        "2024-03-14",
        &path,
        &["--form", "--lead", "police"],
    );
    let ids = check_form(&path, BUNDLED, "2024-03-14", "police");
    let active: Vec<String> = ["open", "in-progress", "blocked"]
        .iter()
        .flat_map(|status| {
            listed(
                BUNDLED,
                "2024-03-14",
                &["--lead", "police", "--status", status],
            )
        })
        .collect();
    let mut sorted = active.clone();
    sorted.sort();
    let mut got = ids.clone();
    got.sort();
    assert_eq!(got, sorted);
    let book = read_with_openpyxl(&path);
    assert_eq!(
        book["sheets"]["csp"]["rows"][0][1]["value"],
        "East Cambridgeshire Community Safety Partnership action plan"
    );
}

#[test]
fn chase_writes_one_form_per_lead_in_digest_order() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    let out = run(&[
        "chase",
        "--plan",
        MEETINGS,
        "--as-of",
        "2024-02-22",
        "--format",
        "xlsx",
        "-o",
        forms.to_str().unwrap(),
    ]);
    assert!(out.contains("police.xlsx"), "{out}");
    let police = check_form(&forms.join("police.xlsx"), MEETINGS, "2024-02-22", "police");
    // The digest's order: overdue (most first), then due, then stale.
    let digest = run(&[
        "chase",
        "--plan",
        MEETINGS,
        "--as-of",
        "2024-02-22",
        "--lead",
        "police",
    ]);
    let mut at = 0;
    for id in &police {
        let short = id.rsplit('/').next().unwrap();
        let found = digest[at..]
            .find(short)
            .unwrap_or_else(|| panic!("{short} is not in the digest after {at}:\n{digest}"));
        at += found;
    }
    // --all: every open action each body leads.
    let all = dir.path().join("all");
    run(&[
        "chase",
        "--plan",
        MEETINGS,
        "--as-of",
        "2024-02-22",
        "--format",
        "xlsx",
        "--all",
        "-o",
        all.to_str().unwrap(),
    ]);
    for entry in std::fs::read_dir(&all).unwrap() {
        let path = entry.unwrap().path();
        let lead = path.file_stem().unwrap().to_str().unwrap().to_string();
        let ids = check_form(&path, MEETINGS, "2024-02-22", &lead);
        let mut want: Vec<String> = ["open", "in-progress", "blocked"]
            .iter()
            .flat_map(|status| {
                listed(
                    MEETINGS,
                    "2024-02-22",
                    &["--lead", &lead, "--status", status],
                )
            })
            .collect();
        want.sort();
        let mut got = ids;
        got.sort();
        assert_eq!(got, want, "{lead}");
    }
}
