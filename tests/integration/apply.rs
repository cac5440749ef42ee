//! `csp apply` on forms written by an independent writer (umya-spreadsheet,
//! not the `rust_xlsxwriter` csp writes forms with, as a partner's
//! spreadsheet program would save them, in the layout of the form contract,
//! docs/spreadsheets.md), and on CSV files as Excel saves them: what is
//! applied, what is kept, and that every refusal leaves the plan
//! byte-identical. Each form test is a function of its writer: `external`
//! runs them all again with Python's openpyxl writing the forms.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::support::{self, copy_tree, tree};

const PLAN: &str = "tests/fixtures/edit/plan";
const PLAN_NAME: &str = "Editing test plan";
const HEADERS: [&str; 12] = [
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
    "Done on",
];

/// A date cell.
fn date(day: &str) -> Value {
    json!({ "date": day })
}

/// A row: the id, the read-only columns empty, then the six editable cells
/// (note, note date, new status, new RAG, new due, done on).
fn row(id: &str, editable: [Value; 6]) -> Vec<Value> {
    let mut cells = vec![
        json!(id),
        json!(null),
        json!(null),
        json!(null),
        json!(null),
        json!(null),
    ];
    cells.extend(editable);
    cells
}

fn blank() -> [Value; 6] {
    [
        json!(null),
        json!(null),
        json!(null),
        json!(null),
        json!(null),
        json!(null),
    ]
}

/// The hidden `csp` sheet for `ids` of the plan in `dir`, fingerprinted as
/// their files are now.
fn meta(dir: &Path, plan: &str, ids: &[&str]) -> Vec<Vec<Value>> {
    let mut rows = vec![
        vec![json!("plan"), json!(plan)],
        vec![json!("as of"), json!("2024-03-01")],
        vec![json!("lead"), json!("police")],
        vec![json!("form"), json!("csp-form-1")],
        vec![],
        vec![json!("id"), json!("fingerprint")],
    ];
    for id in ids {
        let bytes = fs::read(dir.join(format!("{id}.toml"))).unwrap();
        rows.push(vec![
            json!(id),
            json!(csp::fingerprint::fingerprint(&bytes)),
        ]);
    }
    rows
}

/// A writer of forms from a spec, `{"path": FILE, "update": [[cell, ...],
/// ...], "meta": [[cell, ...], ...] or null}`, where a cell is a string, a
/// number, null, or `{"date": "YYYY-MM-DD"}` for a date cell: the Update
/// sheet, and the csp sheet, hidden, when there is one. [`write_with_umya`]
/// here, openpyxl (`tests/fixtures/apply/make_form.py`) in `external`.
pub(crate) type FormWriter = fn(&Value);

/// The Excel serial number of a day (days since 30 Dec 1899).
pub(crate) fn excel_serial(day: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (day - epoch).num_days() as f64
}

/// Puts a spec's cell into `cell`: text stays text (never guessed to be a
/// number), and a date is a serial number shown as a date, as a
/// spreadsheet program saves a date typed into a cell.
fn put(cell: &mut umya_spreadsheet::Cell, value: &Value, date_format: &str) {
    match value {
        Value::Null => {}
        Value::String(text) => {
            cell.set_value_string(text.as_str());
        }
        Value::Number(number) => {
            cell.set_value_number(number.as_f64().unwrap());
        }
        Value::Object(date) => {
            let day = chrono::NaiveDate::parse_from_str(date["date"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
            cell.set_value_number(excel_serial(day));
            cell.style_mut()
                .number_format_mut()
                .set_format_code(date_format);
        }
        other => panic!("no cell is {other}"),
    }
}

/// Writes a form from `spec` with umya-spreadsheet: see [`FormWriter`].
pub(crate) fn write_with_umya(spec: &Value) {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let mut sheets = vec![("Update", &spec["update"])];
    if !spec["meta"].is_null() {
        sheets.push(("csp", &spec["meta"]));
    }
    for (name, rows) in sheets {
        let sheet = book.new_sheet(name).unwrap();
        for (row, cells) in (1u32..).zip(rows.as_array().unwrap()) {
            for (col, value) in (1u32..).zip(cells.as_array().unwrap()) {
                put(sheet.cell_mut((col, row)), value, "dd mmm yyyy");
            }
        }
        if name == "csp" {
            sheet.set_state(umya_spreadsheet::SheetStateValues::Hidden);
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, spec["path"].as_str().unwrap()).unwrap();
}

/// Writes `dir/name` with `write`: the Update sheet (headers, then
/// `rows`) and, when given, the hidden csp sheet.
fn write_form(
    write: FormWriter,
    dir: &Path,
    name: &str,
    rows: &[Vec<Value>],
    meta: Option<&[Vec<Value>]>,
) {
    let mut update = vec![
        HEADERS
            .iter()
            .map(|header| json!(header))
            .collect::<Vec<_>>(),
    ];
    update.extend(rows.iter().cloned());
    write(&json!({
        "path": dir.join(name),
        "update": update,
        "meta": meta,
    }));
}

/// A form for the copy of the plan in `dir`, fingerprinted now.
fn form_for(write: FormWriter, dir: &Path, name: &str, rows: &[Vec<Value>]) {
    let ids: Vec<&str> = rows.iter().filter_map(|row| row[0].as_str()).collect();
    write_form(write, dir, name, rows, Some(&meta(dir, PLAN_NAME, &ids)));
}

fn csp(dir: &Path, args: &[&str]) -> Output {
    let mut command = support::csp();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("apply")
        .args(args)
        .args(["--plan", "plan", "--on", "2024-03-14"]);
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the edit fixture as `dir/plan`, with room beside it for forms.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(PLAN), &dir.path().join("plan"));
    dir
}

fn read(dir: &Path, id: &str) -> String {
    fs::read_to_string(dir.join("plan").join(format!("{id}.toml"))).unwrap()
}

/// `apply` refused with exit 1, said `expected` on stderr, and left every
/// byte of the plan as it was.
fn assert_refused(dir: &Path, args: &[&str], expected: &str) {
    let before = tree(&dir.join("plan"));
    let output = csp(dir, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(tree(&dir.join("plan")), before, "a refusal changes no byte");
}

fn full_form(write: FormWriter, dir: &Path) {
    let plan = dir.join("plan");
    form_for(
        write,
        &plan,
        "../form.xlsx",
        &[
            row(
                "duties/annual-report",
                [
                    json!("Report agreed by the Board"),
                    date("2024-03-14"),
                    json!(null),
                    json!("Green"),
                    json!(null),
                    json!("14/03/2024"),
                ],
            ),
            row(
                "duties/prevent/raise-profile",
                [
                    json!("Assembly held at the college"),
                    json!("12 Mar 2024"),
                    json!(null),
                    json!(null),
                    json!(null),
                    date("2024-03-12"),
                ],
            ),
            row(
                "duties/quarterly-review",
                [
                    json!(null),
                    json!(null),
                    json!("In progress"),
                    json!("r"),
                    json!("Q1 2024/25"),
                    json!(null),
                ],
            ),
            row("projects/cctv-review", blank()),
        ],
    );
}

#[test]
fn notes_statuses_ratings_dues_and_completions_are_applied_keeping_comments() {
    applied_keeping_comments(write_with_umya);
}

pub(crate) fn applied_keeping_comments(write: FormWriter) {
    let dir = workspace();
    full_form(write, dir.path());
    let output = csp(dir.path(), &["form.xlsx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "form.xlsx: 2 notes, 1 status change, 2 RAG changes, 1 due date change, 2 done, 1 row without changes\n"
    );

    let annual = read(dir.path(), "duties/annual-report");
    for kept in [
        "# Above the lead.",
        "due = 2024-03-31 # beside due",
        "rag = \"green\" # beside rag",
        "# Below rag.",
        "text = \"Draft shared with the Delivery Group.\" # beside the note",
        "# Below the last note.",
    ] {
        assert!(annual.contains(kept), "{kept:?} kept in:\n{annual}");
    }
    assert!(annual.contains("status = \"done\""), "{annual}");
    assert!(annual.contains("completed = 2024-03-14"), "{annual}");
    assert!(
        annual.ends_with("[[update]]\ndate = 2024-03-14\ntext = \"Report agreed by the Board\"\n"),
        "{annual}"
    );

    // Recurring: stays open, moves on, as `csp done` does.
    let raise = read(dir.path(), "duties/prevent/raise-profile");
    assert!(raise.contains("# Above due.\n"), "{raise}");
    assert!(raise.contains("# beside due"), "{raise}");
    assert!(
        !raise.contains("due = \"2024-01\""),
        "the due moved on:\n{raise}"
    );
    assert!(raise.contains("completed = 2024-03-12"), "{raise}");
    assert!(!raise.contains("status = \"done\""), "{raise}");
    assert!(
        raise.contains("date = 2024-03-12\ntext = \"Assembly held at the college\""),
        "{raise}"
    );

    let review = read(dir.path(), "duties/quarterly-review");
    assert!(review.contains("status = \"in-progress\""), "{review}");
    assert!(review.contains("rag = \"red\""), "{review}");
    assert!(review.contains("due = \"Q1 2024/25\""), "{review}");
    assert!(
        review.contains("# Undated: the next review follows"),
        "{review}"
    );

    // The plan is still valid, and a second apply changes nothing.
    let valid = support::csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", "plan"])
        .output()
        .unwrap();
    assert!(valid.status.success(), "{}", stdout(&valid));
    let before = tree(&dir.path().join("plan"));
    let again = csp(dir.path(), &["form.xlsx"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("form.xlsx: 0 notes, 0 status changes, 0 done, 1 row without changes, 3 rows already applied on 14 Mar 2024\nnothing to change"),
        "{}",
        stdout(&again)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    a_dry_run_writes_nothing(write_with_umya);
}

pub(crate) fn a_dry_run_writes_nothing(write: FormWriter) {
    let dir = workspace();
    full_form(write, dir.path());
    let before = tree(&dir.path().join("plan"));
    let output = csp(dir.path(), &["form.xlsx", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(
        diff.contains("+text = \"Report agreed by the Board\""),
        "{diff}"
    );
    assert!(diff.contains("-rag = \"amber\" # beside rag"), "{diff}");
    assert!(stderr(&output).contains("dry run, nothing written: form.xlsx: 2 notes"));
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_bad_rating_is_refused_with_its_cell_and_a_suggestion() {
    a_bad_rating_is_refused(write_with_umya);
}

pub(crate) fn a_bad_rating_is_refused(write: FormWriter) {
    let dir = workspace();
    let mut cells = blank();
    cells[3] = json!("Amberish");
    form_for(
        write,
        &dir.path().join("plan"),
        "../police.xlsx",
        &[row("duties/annual-report", cells)],
    );
    assert_refused(
        dir.path(),
        &["police.xlsx"],
        "police.xlsx: Update!J2: \"Amberish\" is not a RAG rating (did you mean \"amber\"?)",
    );
}

#[test]
fn a_form_mixing_day_first_and_month_first_dates_is_refused() {
    a_month_first_date_is_refused(write_with_umya);
}

pub(crate) fn a_month_first_date_is_refused(write: FormWriter) {
    let dir = workspace();
    let mut first = blank();
    first[0] = json!("Agreed");
    first[1] = json!("14/03/2024");
    let mut second = blank();
    second[5] = json!("03/14/2024");
    form_for(
        write,
        &dir.path().join("plan"),
        "../form.xlsx",
        &[
            row("duties/annual-report", first),
            row("duties/quarterly-review", second),
        ],
    );
    assert_refused(
        dir.path(),
        &["form.xlsx"],
        "form.xlsx: Update!L3: the file writes some days day first (Update!H2: `14/03/2024`) and some month first (Update!L3: `03/14/2024`), so csp cannot tell how to read its dates (write every date the same way round, or as 14 Mar 2024)",
    );
}

#[test]
fn an_unknown_id_is_refused() {
    an_unknown_id_is_refused_by(write_with_umya);
}

pub(crate) fn an_unknown_id_is_refused_by(write: FormWriter) {
    let dir = workspace();
    let mut cells = blank();
    cells[0] = json!("A note");
    let plan = dir.path().join("plan");
    write_form(
        write,
        &plan,
        "../form.xlsx",
        &[row("duties/annual-reprot", cells)],
        Some(&meta(&plan, PLAN_NAME, &[])),
    );
    assert_refused(
        dir.path(),
        &["form.xlsx"],
        "form.xlsx: Update!A2: no action has the id `duties/annual-reprot` (did you mean",
    );
}

#[test]
fn an_action_changed_since_the_form_was_made_is_refused_unless_forced() {
    a_changed_action_is_refused_unless_forced(write_with_umya);
}

pub(crate) fn a_changed_action_is_refused_unless_forced(write: FormWriter) {
    let dir = workspace();
    let plan = dir.path().join("plan");
    let mut cells = blank();
    cells[0] = json!("Published on the website");
    let mut form_row = row("duties/annual-report", cells);
    form_row[4] = json!("Amber");
    form_row[5] = json!("Draft shared with the Delivery Group.");
    form_for(write, &plan, "../form.xlsx", &[form_row]);
    let noted = support::csp()
        .current_dir(dir.path())
        .args([
            "update",
            "--plan",
            "plan",
            "annual-report",
            "Sent to the printers",
            "--on",
            "2024-03-05",
        ])
        .output()
        .unwrap();
    assert!(noted.status.success(), "{}", stderr(&noted));
    assert_refused(
        dir.path(),
        &["form.xlsx"],
        "form.xlsx: Update!A2: `duties/annual-report` changed since the form was made (as of 1 Mar 2024): a note of 5 Mar 2024 was added",
    );
    let forced = csp(dir.path(), &["form.xlsx", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let annual = read(dir.path(), "duties/annual-report");
    assert!(annual.contains("Sent to the printers"), "{annual}");
    assert!(annual.contains("Published on the website"), "{annual}");
}

#[test]
fn a_form_of_another_plan_is_refused() {
    a_form_of_another_plan_is_refused_by(write_with_umya);
}

pub(crate) fn a_form_of_another_plan_is_refused_by(write: FormWriter) {
    let dir = workspace();
    let plan = dir.path().join("plan");
    let mut cells = blank();
    cells[0] = json!("A note");
    write_form(
        write,
        &plan,
        "../other.xlsx",
        &[row("duties/annual-report", cells)],
        Some(&meta(
            &plan,
            "Another CSP's plan",
            &["duties/annual-report"],
        )),
    );
    assert_refused(
        dir.path(),
        &["other.xlsx"],
        "other.xlsx: csp!B1: this form is for the plan \"Another CSP's plan\", not \"Editing test plan\"",
    );
}

/// A CSV form without the hidden columns: no identity.
fn csv_bytes(note: &[u8]) -> Vec<u8> {
    let mut bytes = HEADERS.join(",").into_bytes();
    bytes.extend_from_slice(b"\r\nduties/annual-report,,,,,,\"");
    bytes.extend_from_slice(note);
    bytes.extend_from_slice(b"\",14/03/2024,,,,\r\n");
    bytes
}

/// A CSV form as the Update sheet saves, with its hidden columns: the
/// action file's fingerprint now, a form id and the plan's name.
fn form_csv_bytes(dir: &Path, note: &[u8]) -> Vec<u8> {
    let print = csp::fingerprint::fingerprint(
        &fs::read(dir.join("plan/duties/annual-report.toml")).unwrap(),
    );
    let mut bytes = HEADERS.join(",").into_bytes();
    bytes.extend_from_slice(b",Fingerprint,Form,Plan\r\nduties/annual-report,,,,,,\"");
    bytes.extend_from_slice(note);
    bytes.extend_from_slice(
        format!("\",14/03/2024,,,,,{print},0123456789abcdef,{PLAN_NAME}\r\n").as_bytes(),
    );
    bytes
}

#[test]
fn csv_as_excel_saves_it_in_windows_1252_and_in_utf8_with_a_bom() {
    let dir = workspace();
    // "Cost £500 for “leaflets”, the council’s" in Windows-1252.
    fs::write(
        dir.path().join("plain.csv"),
        form_csv_bytes(
            dir.path(),
            b"Cost \xA3500 for \x93leaflets\x94, the council\x92s",
        ),
    )
    .unwrap();
    let output = csp(dir.path(), &["plain.csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "plain.csv: 1 note, 0 status changes, 0 done, 0 rows without changes\n"
    );
    let annual = read(dir.path(), "duties/annual-report");
    assert!(
        annual.contains("text = \"Cost £500 for “leaflets”, the council’s\""),
        "{annual}"
    );

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(form_csv_bytes(dir.path(), "Paid £20 – “thanks”".as_bytes()));
    fs::write(dir.path().join("utf8.csv"), bom).unwrap();
    let output = csp(dir.path(), &["utf8.csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read(dir.path(), "duties/annual-report").contains("text = \"Paid £20 – “thanks”\""));

    fs::write(dir.path().join("neither.csv"), csv_bytes(b"odd \x81 byte")).unwrap();
    assert_refused(
        dir.path(),
        &["neither.csv"],
        "neither.csv: `neither.csv` is neither UTF-8 nor Windows-1252 text",
    );
}

#[test]
fn corrupt_empty_and_foreign_files_are_clear_errors_naming_them() {
    let dir = workspace();
    fs::write(
        dir.path().join("corrupt.xlsx"),
        b"PK\x03\x04 this is no zip archive",
    )
    .unwrap();
    fs::write(dir.path().join("empty.xlsx"), b"").unwrap();
    fs::write(dir.path().join("notes.txt"), b"hello").unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0; 504]);
    fs::write(dir.path().join("locked.xlsx"), ole).unwrap();
    assert_refused(
        dir.path(),
        &["corrupt.xlsx"],
        "corrupt.xlsx: `corrupt.xlsx` is not an Excel workbook (.xlsx) csp can read",
    );
    assert_refused(
        dir.path(),
        &["empty.xlsx"],
        "empty.xlsx: `empty.xlsx` is empty",
    );
    assert_refused(
        dir.path(),
        &["notes.txt"],
        "`notes.txt` is not a spreadsheet csp reads",
    );
    assert_refused(
        dir.path(),
        &["locked.xlsx"],
        "`locked.xlsx` is protected with a password",
    );
    // All at once: each file named, nothing written.
    assert_refused(
        dir.path(),
        &["corrupt.xlsx", "empty.xlsx", "notes.txt"],
        "nothing was written: 3 problems in the forms",
    );
}

/// Fills in the police form csp made at `path` and saves it over itself,
/// as a partner's spreadsheet program rewrites the file: for
/// projects/cctv-upgrade a note of 12 Mar 2024 (a date cell), in-progress,
/// amber and a new due of 2024-05; for duties/prevent-training, done on
/// 11 Mar 2024. [`fill_with_umya`] here, openpyxl in `external`.
pub(crate) type FormFiller = fn(&Path);

/// Fills in the form with umya-spreadsheet: see [`FormFiller`].
pub(crate) fn fill_with_umya(path: &Path) {
    let mut book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    let sheet = book.sheet_by_name_mut("Update").unwrap();
    let row_of = |sheet: &umya_spreadsheet::Worksheet, id: &str| {
        (2..=sheet.highest_row())
            .find(|&row| sheet.value((1, row)) == id)
            .unwrap_or_else(|| panic!("{id} is not on the form"))
    };
    let day = |d| excel_serial(chrono::NaiveDate::from_ymd_opt(2024, 3, d).unwrap());
    let row = row_of(sheet, "projects/cctv-upgrade");
    sheet
        .cell_mut((7, row))
        .set_value_string("Procurement approved; cameras ordered.");
    sheet.cell_mut((8, row)).set_value_number(day(12));
    sheet.cell_mut((9, row)).set_value_string("in-progress");
    sheet.cell_mut((10, row)).set_value_string("amber");
    sheet.cell_mut((11, row)).set_value_string("2024-05");
    let row = row_of(sheet, "duties/prevent-training");
    sheet.cell_mut((12, row)).set_value_number(day(11));
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// The whole round trip on real forms: `csp chase --format xlsx` writes
/// them, another program fills one in and saves it (as a partner's
/// spreadsheet program rewrites the file), `csp apply` takes it back, and a
/// second apply of the same form changes nothing.
#[test]
fn a_chase_form_filled_in_by_another_program_comes_back_in() {
    a_filled_in_chase_form_comes_back_in(fill_with_umya);
}

pub(crate) fn a_filled_in_chase_form_comes_back_in(fill: FormFiller) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new("tests/fixtures/meetings/plan"),
        &dir.path().join("plan"),
    );
    let made = support::csp()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args([
            "chase",
            "--plan",
            "plan",
            "--as-of",
            "2024-03-08",
            "--format",
            "xlsx",
            "-o",
            "forms",
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));

    // The police form's rows, in the digest's order: cctv-upgrade (overdue),
    // then prevent-training and knife-crime (stale).
    fill(&dir.path().join("forms/police.xlsx"));

    let apply = |extra: &[&str]| {
        support::csp()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args([
                "apply",
                "forms/police.xlsx",
                "--plan",
                "plan",
                "--as-of",
                "2024-03-14",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let first = apply(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let cctv = fs::read_to_string(dir.path().join("plan/projects/cctv-upgrade.toml")).unwrap();
    assert!(cctv.contains("due = \"2024-05\""), "{cctv}");
    assert!(cctv.contains("status = \"in-progress\""), "{cctv}");
    assert!(cctv.contains("rag = \"amber\""), "{cctv}");
    assert!(
        cctv.contains(
            "[[update]]\ndate = 2024-03-12\ntext = \"Procurement approved; cameras ordered.\""
        ),
        "{cctv}"
    );
    let prevent = fs::read_to_string(dir.path().join("plan/duties/prevent-training.toml")).unwrap();
    assert!(prevent.contains("status = \"done\""), "{prevent}");
    assert!(prevent.contains("completed = 2024-03-11"), "{prevent}");

    // The plan still validates, and the same form again is no change.
    let valid = support::csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", "plan", "--as-of", "2024-03-14"])
        .output()
        .unwrap();
    assert!(valid.status.success(), "{}", stderr(&valid));
    let before = tree(&dir.path().join("plan"));
    let second = apply(&[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("nothing to change: the plan already has everything in this form"),
        "{}",
        stdout(&second)
    );
    assert_eq!(
        tree(&dir.path().join("plan")),
        before,
        "a second apply changes nothing"
    );
}

// ---- Applied once (issue 25): the plan's ledger of applied rows. ----

/// A copy of the meetings fixture as `dir/plan` and the police form csp
/// makes of it as of 8 Mar 2024, at `dir/police.xlsx`.
fn meetings_with_form() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new("tests/fixtures/meetings/plan"),
        &dir.path().join("plan"),
    );
    make_police_form(dir.path(), "police.xlsx", "2024-03-08");
    dir
}

fn make_police_form(dir: &Path, name: &str, as_of: &str) {
    let made = support::csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args([
            "export", "--form", "--lead", "police", "--plan", "plan", "--as-of", as_of, "-o", name,
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
}

/// Sets cells of the Update sheet of the form at `path` (as a partner's
/// program saves it): `(action id, column header, value)`, text values.
fn fill_cells(path: &Path, cells: &[(&str, &str, &str)]) {
    let mut book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    let sheet = book.sheet_by_name_mut("Update").unwrap();
    for (id, header, value) in cells {
        let row = (2..=sheet.highest_row())
            .find(|&row| sheet.value((1, row)) == *id)
            .unwrap_or_else(|| panic!("{id} is not on the form"));
        let col = (1..=sheet.highest_column())
            .find(|&col| sheet.value((col, 1)) == *header)
            .unwrap_or_else(|| panic!("no column {header}"));
        sheet.cell_mut((col, row)).set_value_string(*value);
    }
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// The Update sheet of the form at `path` saved alone as CSV, every column
/// kept (the hidden ones too), as a spreadsheet program's "save as CSV" does.
fn save_update_as_csv(path: &Path, csv: &Path) {
    let book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    let sheet = book.sheet_by_name("Update").unwrap();
    let mut out = csv::Writer::from_path(csv).unwrap();
    for row in 1..=sheet.highest_row() {
        let cells: Vec<String> = (1..=sheet.highest_column())
            .map(|col| sheet.value((col, row)))
            .collect();
        out.write_record(&cells).unwrap();
    }
    out.flush().unwrap();
}

fn apply_on(dir: &Path, files: &[&str], on: &str, extra: &[&str]) -> Output {
    support::csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("apply")
        .args(files)
        .args(["--plan", "plan", "--as-of", on, "--on", on])
        .args(extra)
        .output()
        .unwrap()
}

fn notes_in(dir: &Path, id: &str, text: &str) -> usize {
    read(dir, id).matches(text).count()
}

#[test]
fn a_form_applied_again_on_a_later_day_changes_nothing_and_says_when_it_was_applied() {
    let dir = meetings_with_form();
    let form = dir.path().join("police.xlsx");
    fill_cells(
        &form,
        &[
            (
                "duties/prevent-training",
                "Progress note",
                "Four sessions held.",
            ),
            ("projects/cctv-upgrade", "New RAG", "green"),
        ],
    );
    let first = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        stdout(&first),
        "police.xlsx: 1 note, 0 status changes, 1 RAG change, 0 done, 1 row without changes\n"
    );
    let ledger = fs::read_to_string(dir.path().join("plan/.csp/applied-forms.tsv")).unwrap();
    assert_eq!(
        ledger
            .lines()
            .filter(|l| l.starts_with("2024-03-14\t"))
            .count(),
        2,
        "{ledger}"
    );

    let before = tree(&dir.path().join("plan"));
    let again = apply_on(dir.path(), &["police.xlsx"], "2024-03-15", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again),
        "police.xlsx: 0 notes, 0 status changes, 0 done, 1 row without changes, 2 rows already applied on 14 Mar 2024\nnothing to change: the plan already has everything in this form\n"
    );
    assert_eq!(tree(&dir.path().join("plan")), before, "nothing written");
    assert_eq!(
        notes_in(dir.path(), "duties/prevent-training", "Four sessions held."),
        1
    );

    // Someone else changes the action afterwards: the form is still
    // applied already, not a conflict, and adds nothing.
    let noted = support::csp()
        .current_dir(dir.path())
        .args([
            "update",
            "--plan",
            "plan",
            "prevent-training",
            "Fifth booked",
            "--on",
            "2024-03-15",
        ])
        .output()
        .unwrap();
    assert!(noted.status.success(), "{}", stderr(&noted));
    let before = tree(&dir.path().join("plan"));
    let third = apply_on(dir.path(), &["police.xlsx"], "2024-03-16", &[]);
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(
        stdout(&third).contains("2 rows already applied on 14 Mar 2024"),
        "{}",
        stdout(&third)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_form_sent_again_with_more_filled_in_is_not_its_own_conflict() {
    let dir = meetings_with_form();
    let form = dir.path().join("police.xlsx");
    fill_cells(
        &form,
        &[(
            "duties/prevent-training",
            "Progress note",
            "Four sessions held.",
        )],
    );
    let first = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // The partner adds a rating to the same row and sends it back.
    fill_cells(&form, &[("duties/prevent-training", "New RAG", "green")]);
    let second = apply_on(dir.path(), &["police.xlsx"], "2024-03-15", &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        stdout(&second),
        "police.xlsx: 0 notes, 0 status changes, 1 RAG change, 0 done, 2 rows without changes\n"
    );
    let prevent = read(dir.path(), "duties/prevent-training");
    assert_eq!(
        prevent.matches("Four sessions held.").count(),
        1,
        "{prevent}"
    );
    assert!(prevent.contains("rag = \"green\""), "{prevent}");

    // Another form made before the first apply is stale for that action:
    // the first form's write is someone else's change to it.
    let dir = meetings_with_form();
    // (Made a day earlier: another form. Two forms made of the same plan
    // on the same day for the same body are one form.)
    make_police_form(dir.path(), "police-copy.xlsx", "2024-03-07");
    fill_cells(
        &dir.path().join("police.xlsx"),
        &[("duties/prevent-training", "New RAG", "green")],
    );
    fill_cells(
        &dir.path().join("police-copy.xlsx"),
        &[("duties/prevent-training", "Progress note", "Other news")],
    );
    let first = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("plan"));
    let output = apply_on(dir.path(), &["police-copy.xlsx"], "2024-03-15", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("`duties/prevent-training` changed since the form was made (as of 7 Mar 2024): its RAG is now green, not amber"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_csv_form_carries_its_identity_and_is_applied_once() {
    let dir = meetings_with_form();
    let form = dir.path().join("police.xlsx");
    fill_cells(
        &form,
        &[(
            "duties/prevent-training",
            "Progress note",
            "Four sessions held.",
        )],
    );
    save_update_as_csv(&form, &dir.path().join("police.csv"));
    let first = apply_on(dir.path(), &["police.csv"], "2024-03-14", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("police.csv: 1 note,"),
        "{}",
        stdout(&first)
    );
    let before = tree(&dir.path().join("plan"));
    let again = apply_on(dir.path(), &["police.csv"], "2024-03-15", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("1 row already applied on 14 Mar 2024"),
        "{}",
        stdout(&again)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
    // The workbook it came from is the same form: applied already.
    let xlsx = apply_on(dir.path(), &["police.xlsx"], "2024-03-16", &[]);
    assert!(
        stdout(&xlsx).contains("1 row already applied on 14 Mar 2024"),
        "{}",
        stdout(&xlsx)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_csv_without_the_form_identity_is_refused_in_one_sentence() {
    let dir = workspace();
    fs::write(dir.path().join("plain.csv"), csv_bytes(b"A note")).unwrap();
    assert_refused(
        dir.path(),
        &["plain.csv"],
        "error: plain.csv: is a CSV file without the form's hidden Fingerprint, Form and Plan columns",
    );
    let err = stderr(&csp(dir.path(), &["plain.csv"]));
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn two_forms_setting_one_field_differently_are_refused_naming_both_cells() {
    two_forms_in_conflict_are_refused(write_with_umya);
}

pub(crate) fn two_forms_in_conflict_are_refused(write: FormWriter) {
    let dir = workspace();
    let plan = dir.path().join("plan");
    let cells = |note: &str, rag: &str, due: &str| {
        [
            json!(note),
            json!(null),
            json!(null),
            json!(rag),
            json!(due),
            json!(null),
        ]
    };
    form_for(
        write,
        &plan,
        "../police.xlsx",
        &[
            row("projects/cctv-review", blank()),
            row(
                "duties/quarterly-review",
                cells("Police view", "amber", "2024-09"),
            ),
        ],
    );
    form_for(
        write,
        &plan,
        "../health.xlsx",
        &[row(
            "duties/quarterly-review",
            cells("Health view", "green", "2024-07"),
        )],
    );
    assert_refused(
        dir.path(),
        &["police.xlsx", "health.xlsx"],
        "error: health.xlsx: Update!J2: sets the RAG of `duties/quarterly-review` to green, but police.xlsx: Update!J3 sets it to amber (agree which is right, clear the other cell, and apply again)\n\
         error: health.xlsx: Update!K2: sets the due date of `duties/quarterly-review` to Jul 2024, but police.xlsx: Update!K3 sets it to Sep 2024",
    );
    // Within one form too.
    form_for(
        write,
        &plan,
        "../twice.xlsx",
        &[
            row("duties/quarterly-review", cells("", "amber", "")),
            row("duties/quarterly-review", cells("", "red", "")),
        ],
    );
    assert_refused(
        dir.path(),
        &["twice.xlsx"],
        "twice.xlsx: Update!J3: sets the RAG of `duties/quarterly-review` to red, but twice.xlsx: Update!J2 sets it to amber",
    );
    // Notes from both, and the same value from both, are no conflict.
    form_for(
        write,
        &plan,
        "../health.xlsx",
        &[row(
            "duties/quarterly-review",
            cells("Health view", "amber", "2024-09"),
        )],
    );
    let output = csp(dir.path(), &["police.xlsx", "health.xlsx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "police.xlsx: 1 note, 0 status changes, 1 RAG change, 1 due date change, 0 done, 1 row without changes\n\
         health.xlsx: 1 note, 0 status changes, 0 done, 0 rows without changes\n"
    );
    let review = read(dir.path(), "duties/quarterly-review");
    assert!(
        review.contains("Police view") && review.contains("Health view"),
        "{review}"
    );
}

// ---- Dates never misread (issue 25). ----

/// A CSV form (the Update sheet saved with its hidden columns) of `rows`,
/// each the twelve visible cells from ID to Done on.
fn csv_form(dir: &Path, rows: &[[&str; 12]]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = HEADERS.to_vec();
    header.extend(["Fingerprint", "Form", "Plan"]);
    out.write_record(&header).unwrap();
    for cells in rows {
        let print = csp::fingerprint::fingerprint(
            &fs::read(dir.join("plan").join(format!("{}.toml", cells[0]))).unwrap(),
        );
        let mut record: Vec<String> = cells.iter().map(ToString::to_string).collect();
        record.extend([print, "00000000000000aa".into(), PLAN_NAME.into()]);
        out.write_record(&record).unwrap();
    }
    out.into_inner().unwrap()
}

fn apply_as_of(dir: &Path, file: &str) -> Output {
    let mut command = support::csp();
    command.current_dir(dir).env("NO_COLOR", "1").args([
        "apply",
        file,
        "--plan",
        "plan",
        "--as-of",
        "2024-03-14",
    ]);
    command.output().unwrap()
}

const E: &str = "";

#[test]
fn a_month_first_csv_is_read_month_first_from_its_own_due_column() {
    // As LibreOffice saves a CSV in English (US): the read-only Due of
    // annual-report (31 Mar 2024 in the plan) shows the order.
    let dir = workspace();
    fs::write(
        dir.path().join("us.csv"),
        csv_form(
            dir.path(),
            &[[
                "duties/annual-report",
                E,
                "03/31/2024",
                E,
                E,
                E,
                "Printed",
                "02/03/2024",
                E,
                E,
                E,
                E,
            ]],
        ),
    )
    .unwrap();
    let output = apply_as_of(dir.path(), "us.csv");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(dir.path(), "duties/annual-report")
            .contains("[[update]]\ndate = 2024-02-03\ntext = \"Printed\""),
        "3 Feb, not 2 Mar"
    );
}

#[test]
fn a_day_that_reads_two_ways_with_no_evidence_is_refused() {
    let dir = workspace();
    fs::write(
        dir.path().join("unsure.csv"),
        csv_form(
            dir.path(),
            &[[
                "duties/annual-report",
                E,
                E,
                E,
                E,
                E,
                "Printed",
                "03/04/2024",
                E,
                E,
                E,
                E,
            ]],
        ),
    )
    .unwrap();
    let before = tree(&dir.path().join("plan"));
    let output = apply_as_of(dir.path(), "unsure.csv");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: unsure.csv: H2: `03/04/2024` could be 3 Apr 2024 or 4 Mar 2024, and nothing in the file says whether it writes the day or the month first (write the date with the month's name (e.g. 14 Mar 2024), or as 2024-03-14)\n\
         error: nothing was written: 1 problem in the form\n"
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn future_note_and_done_days_are_errors() {
    let dir = workspace();
    fs::write(
        dir.path().join("typo.csv"),
        csv_form(
            dir.path(),
            &[
                [
                    "duties/annual-report",
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    "20/03/2025",
                ],
                [
                    "duties/quarterly-review",
                    E,
                    E,
                    E,
                    E,
                    E,
                    "Met",
                    "15 Mar 2024",
                    E,
                    E,
                    E,
                    E,
                ],
            ],
        ),
    )
    .unwrap();
    let before = tree(&dir.path().join("plan"));
    let output = apply_as_of(dir.path(), "typo.csv");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("error: typo.csv: L2: 20 Mar 2025 is after today (14 Mar 2024) (a note date or a done day is a day that has come: check the year)"),
        "{err}"
    );
    assert!(
        err.contains("error: typo.csv: H3: 15 Mar 2024 is after today (14 Mar 2024)"),
        "{err}"
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_date_in_a_note_stays_as_written_and_an_undated_note_on_a_done_row_is_dated_the_done_day() {
    let dir = workspace();
    fs::write(
        dir.path().join("notes.csv"),
        csv_form(
            dir.path(),
            &[[
                "duties/annual-report",
                E,
                "31/03/2024",
                E,
                E,
                E,
                "15/04/2024",
                E,
                E,
                E,
                E,
                "12/03/2024",
            ]],
        ),
    )
    .unwrap();
    let output = apply_as_of(dir.path(), "notes.csv");
    assert!(output.status.success(), "{}", stderr(&output));
    let annual = read(dir.path(), "duties/annual-report");
    assert!(
        annual.contains("[[update]]\ndate = 2024-03-12\ntext = \"15/04/2024\""),
        "{annual}"
    );
    assert!(annual.contains("completed = 2024-03-12"), "{annual}");
}

// ---- Nothing ignored in silence (issue 25). ----

/// Changes the form at `path` with `edit` and saves it, as a partner's
/// spreadsheet program would.
fn edit_form(path: &Path, edit: impl FnOnce(&mut umya_spreadsheet::Workbook)) {
    let mut book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    edit(&mut book);
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

#[test]
fn values_typed_over_read_only_columns_are_errors_naming_the_column_to_use() {
    let dir = meetings_with_form();
    fill_cells(
        &dir.path().join("police.xlsx"),
        &[
            ("duties/prevent-training", "Status", "done"),
            ("projects/cctv-upgrade", "Due", "2024-06-30"),
            ("projects/knife-crime", "Title", "Knife crime lessons"),
            ("projects/knife-crime", "RAG", "green"),
        ],
    );
    let before = tree(&dir.path().join("plan"));
    let output = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for expected in [
        "error: police.xlsx: Update!D2: Status is read-only here: put `done` in New status or a day in Done on",
        "error: police.xlsx: Update!C3: Due is read-only here: put `2024-06-30` in New due",
        "error: police.xlsx: Update!B4: Title is read-only here: the form cannot change an action's title",
        "error: police.xlsx: Update!E4: RAG is read-only here: put `green` in New RAG",
        "error: nothing was written: 4 problems in the form",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn a_formula_with_no_value_is_an_error_naming_its_cell() {
    let dir = meetings_with_form();
    edit_form(&dir.path().join("police.xlsx"), |book| {
        let sheet = book.sheet_by_name_mut("Update").unwrap();
        sheet.cell_mut("H3").set_formula("TODAY()");
    });
    let before = tree(&dir.path().join("plan"));
    let output = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains(
            "error: police.xlsx: Update!H3: holds a formula (`=TODAY()`) with no value saved"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn an_added_column_and_a_renamed_sheet_are_read_past_with_one_note_each() {
    let dir = meetings_with_form();
    fill_cells(
        &dir.path().join("police.xlsx"),
        &[(
            "duties/prevent-training",
            "Progress note",
            "Four sessions held.",
        )],
    );
    edit_form(&dir.path().join("police.xlsx"), |book| {
        let sheet = book.sheet_by_name_mut("Update").unwrap();
        sheet.cell_mut("P1").set_value_string("Comments");
        sheet.cell_mut("P3").set_value_string("Ring me");
        sheet.set_name("Police update");
    });
    let output = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "note: police.xlsx: has no sheet named `Update`: the sheet `Police update` is read as the Update sheet (it has the form's columns)\n\
         note: police.xlsx: read past a column a csp form does not have, and nothing in it was applied: \"Comments\" ('Police update'!P1)\n"
    );
    assert!(
        stdout(&output).starts_with("police.xlsx: 1 note,"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn applying_an_export_or_a_tracker_is_one_sentence() {
    let dir = meetings_with_form();
    for args in [
        &["export", "-o", "plan.xlsx"][..],
        &["export", "--format", "csv", "-o", "plan.csv"][..],
    ] {
        let made = support::csp()
            .current_dir(dir.path())
            .args(args)
            .args(["--plan", "plan", "--as-of", "2024-03-08"])
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", stderr(&made));
    }
    fs::write(
        dir.path().join("tracker.csv"),
        "Ref,Action,Owner\n1,Do it,Police\n",
    )
    .unwrap();
    for (file, sentence) in [
        (
            "plan.xlsx",
            "error: plan.xlsx: is the plan as exported (`csp export`), not a return form, so it has nothing to apply",
        ),
        (
            "plan.csv",
            "error: plan.csv: is the plan as exported (`csp export`), not a return form, so it has nothing to apply",
        ),
        (
            "tracker.csv",
            "error: tracker.csv: is not a csp return form: its first row does not name the form's columns (ID, then Progress note, Note date, New status, New RAG, New due, Done on)",
        ),
    ] {
        let before = tree(&dir.path().join("plan"));
        let output = apply_on(dir.path(), &[file], "2024-03-14", &[]);
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 2, "{err}");
        assert!(err.starts_with(sentence), "{err}");
        assert_eq!(tree(&dir.path().join("plan")), before);
    }
}

// ---- Words partners type (issue 25). ----

#[test]
fn words_partners_type_are_read_and_nothing_words_are_empty_said_once() {
    let dir = workspace();
    fs::write(
        dir.path().join("words.csv"),
        csv_form(
            dir.path(),
            &[
                [
                    "duties/quarterly-review",
                    E,
                    E,
                    E,
                    E,
                    E,
                    "n/a",
                    E,
                    "On track",
                    E,
                    "end of June 2024",
                    E,
                ],
                [
                    "projects/cctv-review",
                    E,
                    E,
                    E,
                    E,
                    E,
                    "-",
                    "none",
                    E,
                    "N/A",
                    "N/A",
                    E,
                ],
                [
                    "duties/annual-report",
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    E,
                    "Completed",
                    E,
                    E,
                    E,
                ],
            ],
        ),
    )
    .unwrap();
    let output = apply_as_of(dir.path(), "words.csv");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "note: words.csv: read as empty, as saying nothing: G2 `n/a`, G3 `-`, H3 `none`, J3 `N/A`, K3 `N/A`\n"
    );
    assert_eq!(
        stdout(&output),
        "words.csv: 0 notes, 1 status change, 1 due date change, 1 done, 1 row without changes\n"
    );
    let review = read(dir.path(), "duties/quarterly-review");
    assert!(review.contains("status = \"in-progress\""), "{review}");
    assert!(review.contains("due = \"2024-06\""), "{review}");
    assert!(!review.contains("n/a"), "{review}");
    let annual = read(dir.path(), "duties/annual-report");
    assert!(annual.contains("completed = 2024-03-14"), "{annual}");
}

// ---- Hostile files refused in bounded memory and time (issue 25). ----

/// Writes a part's bytes.
type Filler = dyn Fn(&mut dyn std::io::Write);

/// A copy of the zip archive at `from` as `to`, each part passed through
/// `change` (name, bytes → bytes), then `extra` parts added, deflated.
fn rezip(
    from: &Path,
    to: &Path,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, &Filler)],
) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&change(&name, bytes)).unwrap();
    }
    for (name, write) in extra {
        out.start_file(*name, options).unwrap();
        write(&mut out);
    }
    out.finish().unwrap();
}

fn zeros(mib: usize) -> impl Fn(&mut dyn std::io::Write) {
    move |out: &mut dyn std::io::Write| {
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..mib {
            out.write_all(&chunk).unwrap();
        }
    }
}

fn assert_one_sentence(dir: &Path, file: &str, expected: &str) {
    let before = tree(&dir.join("plan"));
    let started = std::time::Instant::now();
    let output = apply_on(dir, &[file], "2024-03-14", &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.starts_with(expected), "{expected:?} in:\n{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(tree(&dir.join("plan")), before);
}

#[test]
fn a_workbook_that_inflates_too_far_or_reaches_too_far_is_refused_in_one_sentence() {
    let dir = meetings_with_form();
    let form = dir.path().join("police.xlsx");
    let keep = |_: &str, bytes: Vec<u8>| bytes;
    rezip(
        &form,
        &dir.path().join("bomb.xlsx"),
        keep,
        &[("xl/media/pad.bin", &zeros(17))],
    );
    assert_one_sentence(
        dir.path(),
        "bomb.xlsx",
        "error: bomb.xlsx: `bomb.xlsx` has a part (`xl/media/pad.bin`) that inflates past 16 MiB, far more than any form or tracker holds, so csp does not read it",
    );
    let fifteen = zeros(15);
    rezip(
        &form,
        &dir.path().join("parts.xlsx"),
        keep,
        &[
            ("xl/media/a.bin", &fifteen),
            ("xl/media/b.bin", &fifteen),
            ("xl/media/c.bin", &fifteen),
            ("xl/media/d.bin", &fifteen),
        ],
    );
    assert_one_sentence(
        dir.path(),
        "parts.xlsx",
        "error: parts.xlsx: `parts.xlsx` inflates past 48 MiB in all",
    );
    let far = |name: &str, bytes: Vec<u8>| {
        if name == "xl/worksheets/sheet1.xml" {
            String::from_utf8(bytes)
                .unwrap()
                .replace(
                    "</sheetData>",
                    "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>",
                )
                .into_bytes()
        } else {
            bytes
        }
    };
    rezip(&form, &dir.path().join("far.xlsx"), far, &[]);
    assert_one_sentence(
        dir.path(),
        "far.xlsx",
        "error: far.xlsx: `far.xlsx` has something in cell XFD1048576, beyond any form or tracker (at most 100000 rows and 200 columns), so csp does not read it",
    );
    let long = |name: &str, bytes: Vec<u8>| {
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let at = text.find("<c r=\"G2\"").unwrap();
            let end = at + text[at..].find("/>").unwrap() + 2;
            format!(
                "{}<c r=\"G2\" t=\"inlineStr\"><is><t>{}</t></is></c>{}",
                &text[..at],
                "A".repeat(10_000_000),
                &text[end..]
            )
            .into_bytes()
        } else {
            bytes
        }
    };
    rezip(&form, &dir.path().join("long.xlsx"), long, &[]);
    assert_one_sentence(
        dir.path(),
        "long.xlsx",
        "error: long.xlsx: `long.xlsx` has 10000000 characters in cell G2, more than a spreadsheet program lets a cell hold (32,767)",
    );
}

#[test]
fn an_ods_repeating_a_value_past_any_form_and_a_csv_past_the_bounds_are_refused() {
    use std::io::Write;
    let dir = meetings_with_form();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Update"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut out = zip::ZipWriter::new(fs::File::create(dir.path().join("repeat.ods")).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("content.xml", stored).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap();
    assert_one_sentence(
        dir.path(),
        "repeat.ods",
        "error: repeat.ods: `repeat.ods` repeats a cell with something in it 16384 times, more than any form or tracker holds, so csp does not read it",
    );

    let mut wide = "ID".to_string();
    wide.push_str(&",".repeat(300));
    wide.push_str("x\n");
    fs::write(dir.path().join("wide.csv"), wide).unwrap();
    assert_one_sentence(
        dir.path(),
        "wide.csv",
        "error: wide.csv: `wide.csv` has something in cell KO1, beyond any form or tracker (at most 100000 rows and 200 columns), so csp does not read it",
    );
}

// ---- Forms re-saved by LibreOffice (tests/fixtures/apply/libreoffice). ----

const LIBREOFFICE: &str = "tests/fixtures/apply/libreoffice";

/// The meetings plan with the LibreOffice forms beside it.
fn meetings_with_libreoffice_forms() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        Path::new("tests/fixtures/meetings/plan"),
        &dir.path().join("plan"),
    );
    for name in ["police.xlsx", "police.ods", "police-us.csv", "council.xlsx"] {
        fs::copy(Path::new(LIBREOFFICE).join(name), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn a_libreoffice_form_applied_then_again_as_ods_and_as_us_csv_changes_nothing() {
    let dir = meetings_with_libreoffice_forms();
    let first = apply_on(dir.path(), &["police.xlsx"], "2024-03-14", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        stdout(&first),
        "police.xlsx: 2 notes, 0 status changes, 1 RAG change, 1 due date change, 0 done, 1 row without changes\n"
    );
    let before = tree(&dir.path().join("plan"));
    for (file, day) in [
        ("police.ods", "2024-03-15"),
        ("police-us.csv", "2024-03-16"),
    ] {
        let again = apply_on(dir.path(), &[file], day, &[]);
        assert!(again.status.success(), "{}", stderr(&again));
        assert_eq!(
            stdout(&again),
            format!(
                "{file}: 0 notes, 0 status changes, 0 done, 1 row without changes, 2 rows already applied on 14 Mar 2024\nnothing to change: the plan already has everything in this form\n"
            )
        );
        assert_eq!(tree(&dir.path().join("plan")), before, "{file}");
    }
    // The council's form, made before the police's was applied, is now
    // stale for the action they share.
    let council = apply_on(dir.path(), &["council.xlsx"], "2024-03-16", &[]);
    assert_eq!(council.status.code(), Some(1));
    assert!(
        stderr(&council).contains("council.xlsx: Update!A3: `duties/prevent-training` changed since the form was made (as of 8 Mar 2024): its RAG is now green, not amber"),
        "{}",
        stderr(&council)
    );
    assert_eq!(tree(&dir.path().join("plan")), before);
}

#[test]
fn two_libreoffice_forms_in_conflict_are_refused_naming_both_cells() {
    let dir = meetings_with_libreoffice_forms();
    assert_refused_by(
        dir.path(),
        &["police.xlsx", "council.xlsx"],
        "error: council.xlsx: Update!J3: sets the RAG of `duties/prevent-training` to amber, but police.xlsx: Update!J2 sets it to green (agree which is right, clear the other cell, and apply again)\n\
         error: council.xlsx: Update!K3: sets the due date of `duties/prevent-training` to Jul 2024, but police.xlsx: Update!K2 sets it to Apr 2024",
    );
}

#[test]
fn a_us_csv_from_libreoffice_is_read_month_first() {
    let dir = meetings_with_libreoffice_forms();
    // Its read-only Due says 02/15/2024 (15 Feb): month first. A Note date
    // typed there as LibreOffice (English, US) writes one, 03/11/2024, is
    // 11 March, not 3 November.
    let csv = fs::read_to_string(dir.path().join("police-us.csv")).unwrap();
    assert!(csv.contains(",02/15/2024,"), "{csv}");
    let dated = csv.replace("Cameras ordered,,", "Cameras ordered,03/11/2024,");
    assert_ne!(dated, csv);
    fs::write(dir.path().join("police-us.csv"), dated).unwrap();
    let output = apply_on(dir.path(), &["police-us.csv"], "2024-03-14", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(dir.path(), "duties/prevent-training").contains("due = \"2024-04\""),
        "Apr 2024 as a month"
    );
    let cctv = read(dir.path(), "projects/cctv-upgrade");
    assert!(
        cctv.contains("[[update]]\ndate = 2024-03-11\ntext = \"Cameras ordered\""),
        "{cctv}"
    );
}

fn assert_refused_by(dir: &Path, files: &[&str], expected: &str) {
    let before = tree(&dir.join("plan"));
    let output = apply_on(dir, files, "2024-03-14", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    assert_eq!(tree(&dir.join("plan")), before);
}

#[test]
fn a_form_made_from_an_lf_checkout_applies_to_a_crlf_one_and_an_old_form_still_does() {
    for old_form in [false, true] {
        let dir = workspace();
        let plan = dir.path().join("plan");
        let file = plan.join("duties/annual-report.toml");
        let lf = fs::read_to_string(&file).unwrap();
        let crlf = lf.replace('\n', "\r\n");
        let mut cells = blank();
        cells[0] = json!("Published on the website");
        let rows = [row("duties/annual-report", cells)];
        if old_form {
            // Made by the last release from the CRLF checkout: raw bytes.
            fs::write(&file, &crlf).unwrap();
            let mut meta = meta(&plan, PLAN_NAME, &[]);
            meta.push(vec![
                json!("duties/annual-report"),
                json!(csp::fingerprint::raw_fingerprint(crlf.as_bytes())),
            ]);
            write_form(write_with_umya, &plan, "../form.xlsx", &rows, Some(&meta));
        } else {
            form_for(write_with_umya, &plan, "../form.xlsx", &rows);
            // Git for Windows checks the plan out with CRLF.
            fs::write(&file, &crlf).unwrap();
        }
        let applied = csp(dir.path(), &["form.xlsx"]);
        assert!(applied.status.success(), "{}", stderr(&applied));
        let now = read(dir.path(), "duties/annual-report");
        assert!(now.contains("Published on the website"), "{now}");
        assert!(
            !now.replace("\r\n", "").contains('\n'),
            "stays CRLF: {now:?}"
        );
    }
}
