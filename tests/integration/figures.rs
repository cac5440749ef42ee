//! A lead's return form asks for its missing figures on a Figures sheet,
//! and `csp apply` records them (issue 28): the sheet as csp writes it,
//! read back with umya-spreadsheet; the sheet filled in by an independent
//! writer (umya-spreadsheet, numbers and text; a CSV of the sheet) and
//! applied, twice; and each refusal, which leaves the plan byte-identical.
//! Each filling test is a function of its filler: `external` runs them
//! again with Python's openpyxl and LibreOffice.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::{self, copy_tree, tree};

const PLAN: &str = "tests/fixtures/measures/plan";
pub(crate) const AS_OF: &str = "2024-02-20";
pub(crate) const MEASURE: &str = "plan/measures/asb-incidents.toml";

/// Fills the Value (and Note) of the Figures row of a period of a measure
/// in the form at `path`, as a partner's program saves it: `value` is a
/// number when it reads as one and `as_number` is set, else text.
pub(crate) type FigureFiller = fn(&Path, &[(&str, &str, &str, Option<&str>)], bool);

/// A copy of the measures fixture as `dir/plan`, and the police form made
/// on it as `dir/police.xlsx`.
pub(crate) fn with_form() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(PLAN), &dir.path().join("plan"));
    make_form(dir.path(), "police.xlsx", &[]);
    dir
}

fn make_form(dir: &Path, name: &str, extra: &[&str]) -> Output {
    let made = csp(
        dir,
        &[
            "export", "--form", "--lead", "police", "--plan", "plan", "--as-of", AS_OF, "-o", name,
        ],
        extra,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    made
}

fn csp(dir: &Path, args: &[&str], extra: &[&str]) -> Output {
    support::csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

pub(crate) fn apply(dir: &Path, files: &[&str], as_of: &str, extra: &[&str]) -> Output {
    let mut args = vec!["apply"];
    args.extend(files);
    args.extend(["--plan", "plan", "--as-of", as_of]);
    csp(dir, &args, extra)
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The fixture's measure file as it is.
pub(crate) fn original() -> String {
    fs::read_to_string(Path::new(PLAN).join("measures/asb-incidents.toml")).unwrap()
}

/// The umya-spreadsheet filler: a number cell, or a text cell.
pub(crate) fn fill_with_umya(
    path: &Path,
    rows: &[(&str, &str, &str, Option<&str>)],
    numbers: bool,
) {
    let mut book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    let sheet = book.sheet_by_name_mut("Figures").unwrap();
    for (measure, period, value, note) in rows {
        let row = (2..=sheet.highest_row())
            .find(|&row| sheet.value((1, row)) == *measure && sheet.value((3, row)) == *period)
            .unwrap_or_else(|| panic!("{measure} {period} is not on the form"));
        let cell = sheet.cell_mut((6, row));
        match value.parse::<f64>() {
            Ok(number) if numbers => {
                cell.set_value_number(number);
            }
            _ => {
                cell.set_value_string(*value);
            }
        }
        if let Some(note) = note {
            sheet.cell_mut((7, row)).set_value_string(*note);
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// Sets a cell of the Figures sheet by name (`E2`), as text or a number.
fn set_cell(path: &Path, cell: &str, value: &str) {
    let mut book = umya_spreadsheet::reader::xlsx::read(path).unwrap();
    let sheet = book.sheet_by_name_mut("Figures").unwrap();
    match value.parse::<f64>() {
        Ok(number) => sheet.cell_mut(cell).set_value_number(number),
        Err(_) => sheet.cell_mut(cell).set_value_string(value),
    };
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// `apply` refused with exit 1, said each of `expected`, and left every
/// byte of the plan as it was.
fn assert_refused(dir: &Path, files: &[&str], as_of: &str, expected: &[&str]) {
    let before = tree(&dir.join("plan"));
    let output = apply(dir, files, as_of, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for expected in expected {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(tree(&dir.join("plan")), before, "a refusal changes no byte");
}

#[test]
fn a_police_form_has_a_figures_sheet_with_its_missing_figure() {
    let dir = with_form();
    let path = dir.path().join("police.xlsx");
    let book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let names: Vec<&str> = book
        .sheet_collection()
        .iter()
        .map(umya_spreadsheet::Worksheet::name)
        .collect();
    assert_eq!(names, ["Update", "Figures", "Instructions", "csp"]);
    let sheet = book.sheet_by_name("Figures").unwrap();
    let row = |row: u32| -> Vec<String> { (1..=10).map(|col| sheet.value((col, row))).collect() };
    assert_eq!(
        row(1),
        [
            "Measure",
            "Title",
            "Period",
            "Unit",
            "Target",
            "Value",
            "Note",
            "Fingerprint",
            "Form",
            "Plan"
        ]
    );
    let fingerprint = csp::fingerprint::fingerprint(original().as_bytes());
    let meta = book.sheet_by_name("csp").unwrap();
    let form_id = meta.value("B5");
    assert_eq!(form_id.len(), 16);
    assert_eq!(
        row(2),
        [
            "asb-incidents",
            "Anti-social behaviour incidents reported to the police",
            "Q3 2023/24",
            "incidents",
            "400",
            "",
            "",
            fingerprint.as_str(),
            form_id.as_str(),
            "Fixture CSP"
        ]
    );
    // One missing figure: police's sensitive measure has all its figures.
    assert_eq!(sheet.highest_row(), 2);
    // The target is a number; the read-only cells locked, Value and Note
    // not, on a protected sheet; the identity columns hidden.
    assert_eq!(sheet.cell("E2").unwrap().cell_value().data_type(), "n");
    assert!(
        sheet
            .sheet_protection()
            .is_some_and(umya_spreadsheet::SheetProtection::sheet)
    );
    let locked = |cell: &str| {
        sheet
            .style(cell)
            .protection()
            .is_none_or(umya_spreadsheet::Protection::locked)
    };
    for cell in ["A2", "B2", "C2", "D2", "E2"] {
        assert!(locked(cell), "{cell} is locked");
    }
    for cell in ["F2", "G2"] {
        assert!(!locked(cell), "{cell} is open");
    }
    for column in ["H", "I", "J"] {
        assert!(
            sheet.column_dimension(column).unwrap().hidden(),
            "{column} is hidden"
        );
    }
    // The value takes a decimal, and says how to write it.
    let validations = sheet.data_validations().unwrap().data_validation_list();
    let value = validations
        .iter()
        .find(|validation| validation.sequence_of_references().get_sqref() == "F2")
        .expect("a validation on F2");
    assert_eq!(
        value.get_type(),
        &umya_spreadsheet::DataValidationValues::Decimal
    );
    assert!(
        value
            .prompt()
            .contains("Q3 2023/24 figure (due 11 Feb 2024)")
    );
    // The hidden sheet: the version of a form with figures, and the
    // measure's fingerprint in its table.
    assert_eq!(meta.value("B4"), "csp-form-2");
    assert_eq!(meta.value("A8"), "measures/asb-incidents");
    assert_eq!(meta.value("B8"), fingerprint);
}

#[test]
fn a_sensitive_measure_is_left_out_of_the_form_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(PLAN), &dir.path().join("plan"));
    // Its Q3 figure not received (a copy: the fixture stays as it is).
    let file = dir.path().join("plan/measures/da-repeat-victims.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("\"Q3 2023/24\" = 11\n", "")).unwrap();
    let made = make_form(dir.path(), "police.xlsx", &[]);
    assert!(
        stderr(&made)
            .contains("1 OFFICIAL-SENSITIVE measure not shown; --include-sensitive shows them"),
        "{}",
        stderr(&made)
    );
    let book = umya_spreadsheet::reader::xlsx::read(dir.path().join("police.xlsx")).unwrap();
    let sheet = book.sheet_by_name("Figures").unwrap();
    assert_eq!(sheet.highest_row(), 2);
    assert_eq!(sheet.value("A2"), "asb-incidents");

    make_form(dir.path(), "all.xlsx", &["--include-sensitive"]);
    let book = umya_spreadsheet::reader::xlsx::read(dir.path().join("all.xlsx")).unwrap();
    let sheet = book.sheet_by_name("Figures").unwrap();
    assert_eq!(sheet.value("A3"), "da-repeat-victims");
    assert_eq!(sheet.value("C3"), "Q3 2023/24");
    assert!(
        book.properties().title().starts_with("OFFICIAL-SENSITIVE"),
        "a form with a sensitive figure carries the marking"
    );
}

#[test]
fn a_lead_with_no_missing_figure_gets_no_figures_sheet() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(PLAN), &dir.path().join("plan"));
    let made = csp(
        dir.path(),
        &[
            "export",
            "--form",
            "--lead",
            "probation",
            "--plan",
            "plan",
            "--as-of",
            AS_OF,
            "-o",
            "probation.xlsx",
        ],
        &[],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let book = umya_spreadsheet::reader::xlsx::read(dir.path().join("probation.xlsx")).unwrap();
    let names: Vec<&str> = book
        .sheet_collection()
        .iter()
        .map(umya_spreadsheet::Worksheet::name)
        .collect();
    assert_eq!(names, ["Update", "Instructions", "csp"]);
    assert_eq!(book.sheet_by_name("csp").unwrap().value("B4"), "csp-form-1");
}

#[test]
fn figures_filled_in_by_another_program_are_recorded_once() {
    figures_recorded_once(fill_with_umya);
}

/// The figure as a number, then (on a fresh copy) as text "1,234" with a
/// note: the measure file gets exactly one line more; applied again,
/// nothing changes and apply says when it was applied.
pub(crate) fn figures_recorded_once(fill: FigureFiller) {
    let expected_plain = original().replace(
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n",
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n\"Q3 2023/24\" = 1234\n",
    );
    let expected_noted = original().replace(
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n",
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n\"Q3 2023/24\" = { value = 1234, note = \"force figure, \\\"checked\\\"\" }\n",
    );
    for (numbers, value, note, expected) in [
        (true, "1234", None, &expected_plain),
        (
            false,
            "1,234",
            Some("force figure, \"checked\""),
            &expected_noted,
        ),
    ] {
        let dir = with_form();
        let form = dir.path().join("police.xlsx");
        fill(
            &form,
            &[("asb-incidents", "Q3 2023/24", value, note)],
            numbers,
        );
        let output = apply(dir.path(), &["police.xlsx"], AS_OF, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(
            stdout(&output),
            "police.xlsx: 0 notes, 0 status changes, 0 done, 1 figure, 1 row without changes\n"
        );
        assert_eq!(
            &fs::read_to_string(dir.path().join(MEASURE)).unwrap(),
            expected
        );
        let ledger = fs::read_to_string(dir.path().join("plan/.csp/applied-forms.tsv")).unwrap();
        assert!(ledger.contains("\tmeasures/asb-incidents\t"), "{ledger}");

        let before = tree(&dir.path().join("plan"));
        let again = apply(dir.path(), &["police.xlsx"], "2024-02-21", &[]);
        assert!(again.status.success(), "{}", stderr(&again));
        assert!(
            stdout(&again).contains("1 row already applied on 20 Feb 2024"),
            "{}",
            stdout(&again)
        );
        assert!(
            stdout(&again).contains("nothing to change"),
            "{}",
            stdout(&again)
        );
        assert_eq!(tree(&dir.path().join("plan")), before);
    }
}

#[test]
fn an_empty_value_is_left_alone_and_a_note_alone_is_refused() {
    let dir = with_form();
    let before = tree(&dir.path().join("plan"));
    let output = apply(dir.path(), &["police.xlsx"], AS_OF, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("0 figures, 2 rows without changes"),
        "{}",
        stdout(&output)
    );
    assert_eq!(tree(&dir.path().join("plan")), before, "no zero written");

    set_cell(
        &dir.path().join("police.xlsx"),
        "G2",
        "waiting for the force",
    );
    assert_refused(
        dir.path(),
        &["police.xlsx"],
        AS_OF,
        &[
            "error: police.xlsx: Figures!G2: a note for the Q3 2023/24 figure, but no figure (type the figure in the Value column, or clear the note)",
        ],
    );
}

#[test]
fn a_figure_for_a_period_not_ended_is_refused() {
    let dir = with_form();
    fill_with_umya(
        &dir.path().join("police.xlsx"),
        &[("asb-incidents", "Q3 2023/24", "400", None)],
        true,
    );
    assert_refused(
        dir.path(),
        &["police.xlsx"],
        "2023-12-31",
        &[
            "error: police.xlsx: Figures!F2: the Q3 2023/24 figure of `asb-incidents` cannot be recorded before the period ends (31 Dec 2023)",
        ],
    );
}

#[test]
fn a_bad_number_is_refused_naming_its_cell() {
    let dir = with_form();
    let form = dir.path().join("police.xlsx");
    for (bad, said) in [
        ("12,34", "`12,34` is not a figure"),
        (
            "12%",
            "`12%` is a percentage, but this measure counts incidents",
        ),
        ("about 400", "`about 400` is not a figure"),
    ] {
        set_cell(&form, "F2", bad);
        assert_refused(
            dir.path(),
            &["police.xlsx"],
            AS_OF,
            &[&format!("error: police.xlsx: Figures!F2: {said}")],
        );
    }
}

#[test]
fn values_typed_over_read_only_cells_are_errors_naming_the_column_to_use() {
    let dir = with_form();
    let form = dir.path().join("police.xlsx");
    set_cell(&form, "E2", "500");
    set_cell(&form, "B2", "ASB");
    set_cell(&form, "C2", "Q2 2023/24");
    assert_refused(
        dir.path(),
        &["police.xlsx"],
        AS_OF,
        &[
            "error: police.xlsx: Figures!E2: Target is read-only here: the form cannot change a target (put the Target cell back as it was; the figure goes in Value)",
            "error: police.xlsx: Figures!B2: Title is read-only here",
            "error: police.xlsx: Figures!C2: Period is read-only here: this form did not ask for `asb-incidents`'s figure for `Q2 2023/24`",
            "3 problems in the form",
        ],
    );
}

#[test]
fn two_forms_giving_one_figure_two_values_are_refused_naming_both_cells() {
    let dir = with_form();
    fs::copy(
        dir.path().join("police.xlsx"),
        dir.path().join("again.xlsx"),
    )
    .unwrap();
    fill_with_umya(
        &dir.path().join("police.xlsx"),
        &[("asb-incidents", "Q3 2023/24", "1200", None)],
        true,
    );
    fill_with_umya(
        &dir.path().join("again.xlsx"),
        &[("asb-incidents", "Q3 2023/24", "1,234", None)],
        false,
    );
    assert_refused(
        dir.path(),
        &["police.xlsx", "again.xlsx"],
        AS_OF,
        &[
            "error: again.xlsx: Figures!F2: gives the Q3 2023/24 figure of `asb-incidents` as 1,234 incidents, but police.xlsx: Figures!F2 gives it as 1,200 incidents",
        ],
    );
}

#[test]
fn a_figure_written_since_the_form_was_made_is_refused_unless_forced() {
    let dir = with_form();
    let file = dir.path().join(MEASURE);
    let recorded = format!("{}\"Q3 2023/24\" = 401\n", original());
    fs::write(&file, &recorded).unwrap();
    fill_with_umya(
        &dir.path().join("police.xlsx"),
        &[("asb-incidents", "Q3 2023/24", "400", None)],
        true,
    );
    assert_refused(
        dir.path(),
        &["police.xlsx"],
        AS_OF,
        &[
            "error: police.xlsx: Figures!F2: `asb-incidents` has a Q3 2023/24 figure of 401 incidents now, written since the form was made (as of 20 Feb 2024); the form gives 400 incidents",
        ],
    );
    let forced = apply(dir.path(), &["police.xlsx"], AS_OF, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("{}\"Q3 2023/24\" = 400\n", original())
    );
}

#[test]
fn the_figures_sheet_saved_as_csv_is_applied_once() {
    let dir = with_form();
    fill_with_umya(
        &dir.path().join("police.xlsx"),
        &[("asb-incidents", "Q3 2023/24", "1,234", Some("provisional"))],
        false,
    );
    let book = umya_spreadsheet::reader::xlsx::read(dir.path().join("police.xlsx")).unwrap();
    let sheet = book.sheet_by_name("Figures").unwrap();
    let mut out = csv::Writer::from_path(dir.path().join("figures.csv")).unwrap();
    for row in 1..=sheet.highest_row() {
        let cells: Vec<String> = (1..=sheet.highest_column())
            .map(|col| sheet.value((col, row)))
            .collect();
        out.write_record(&cells).unwrap();
    }
    out.flush().unwrap();
    let output = apply(dir.path(), &["figures.csv"], AS_OF, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::read_to_string(dir.path().join(MEASURE))
            .unwrap()
            .ends_with("\"Q3 2023/24\" = { value = 1234, note = \"provisional\" }\n")
    );
    // The workbook it came from is the same form: applied already.
    let again = apply(dir.path(), &["police.xlsx"], "2024-02-21", &[]);
    assert!(
        stdout(&again).contains("1 row already applied on 20 Feb 2024"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn the_chase_draft_asks_for_the_missing_figure_in_text_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let output = csp(
        Path::new("."),
        &[
            "chase", "--plan", PLAN, "--as-of", AS_OF, "--lead", "police", "--format", "eml", "-o",
        ],
        &[dir.path().to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(1 action, 1 figure)"),
        "{}",
        stdout(&output)
    );
    let bytes = fs::read(dir.path().join("police.eml")).unwrap();
    let mail = mailparse::parse_mail(&bytes).unwrap();
    assert_eq!(
        mail.headers
            .iter()
            .find(|header| header.get_key() == "Subject")
            .unwrap()
            .get_value(),
        "Fixture CSP: 1 action to update and 1 figure to send before CSP Board on 14 Mar 2024"
    );
    let part = |kind: &str| {
        mail.subparts
            .iter()
            .find(|part| part.ctype.mimetype == kind)
            .unwrap()
            .get_body()
            .unwrap()
    };
    let line = "Anti-social behaviour incidents reported to the police: Q3 2023/24 figure due 11 Feb 2024, not received";
    let text = part("text/plain");
    assert!(text.contains("Figures not received (1)"), "{text}");
    assert!(text.contains(line), "{text}");
    assert!(
        text.contains("ref. asb-incidents; target 400 incidents"),
        "{text}"
    );
    let html = part("text/html");
    assert!(html.contains("<h3>Figures not received (1)</h3>"), "{html}");
    assert!(
        html.contains(&format!("<li><strong>{line}</strong>")),
        "{html}"
    );
}

#[test]
fn a_percentage_is_typed_as_text_and_read_as_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(PLAN), &dir.path().join("plan"));
    let made = csp(
        dir.path(),
        &[
            "export",
            "--form",
            "--lead",
            "health",
            "--plan",
            "plan",
            "--as-of",
            "2024-03-05",
            "-o",
            "health.xlsx",
        ],
        &[],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stdout(&made).contains("(0 actions)"), "{}", stdout(&made));
    let form = dir.path().join("health.xlsx");
    let book = umya_spreadsheet::reader::xlsx::read(&form).unwrap();
    let sheet = book.sheet_by_name("Figures").unwrap();
    assert_eq!(sheet.value("C2"), "Jan 2024");
    assert_eq!(sheet.value("D2"), "%");
    // Text: Excel would store "12.5%" typed in a number cell as 0.125.
    assert_eq!(
        sheet
            .style("F2")
            .number_format()
            .map(umya_spreadsheet::NumberingFormat::format_code),
        Some("@")
    );
    fill_with_umya(
        &form,
        &[("treatment-exits", "Jan 2024", "46.5%", None)],
        false,
    );
    let output = apply(dir.path(), &["health.xlsx"], "2024-03-05", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(dir.path().join("plan/measures/treatment-exits.toml")).unwrap();
    assert!(
        text.contains("\"Dec 2023\" = 48\n\"Jan 2024\" = 46.5\n\"Mar 2024\" = 50\n"),
        "{text}"
    );
}
