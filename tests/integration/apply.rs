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
        stdout(&again).contains("form.xlsx: 0 notes, 0 status changes, 0 done, 4 rows without changes\nnothing to change"),
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
fn a_month_first_date_is_refused_saying_to_write_the_day_first() {
    a_month_first_date_is_refused(write_with_umya);
}

pub(crate) fn a_month_first_date_is_refused(write: FormWriter) {
    let dir = workspace();
    let mut cells = blank();
    cells[5] = json!("03/14/2024");
    form_for(
        write,
        &dir.path().join("plan"),
        "../form.xlsx",
        &[row("duties/annual-report", cells)],
    );
    assert_refused(
        dir.path(),
        &["form.xlsx"],
        "form.xlsx: Update!L2: `03/14/2024` is not a date: there is no month 14 (write the day first",
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

fn csv_bytes(note: &[u8]) -> Vec<u8> {
    let mut bytes = HEADERS.join(",").into_bytes();
    bytes.extend_from_slice(b"\r\nduties/annual-report,,,,,,\"");
    bytes.extend_from_slice(note);
    bytes.extend_from_slice(b"\",14/03/2024,,,,\r\n");
    bytes
}

#[test]
fn csv_as_excel_saves_it_in_windows_1252_and_in_utf8_with_a_bom() {
    let dir = workspace();
    // "Cost £500 for “leaflets”, the council’s" in Windows-1252.
    fs::write(
        dir.path().join("plain.csv"),
        csv_bytes(b"Cost \xA3500 for \x93leaflets\x94, the council\x92s"),
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
    bom.extend(csv_bytes("Paid £20 – “thanks”".as_bytes()));
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
