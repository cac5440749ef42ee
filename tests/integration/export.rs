//! `csp export` and the return forms (`csp export --form`, `csp chase
//! --format xlsx`): the workbooks read back with calamine, and with an
//! independent reader, umya-spreadsheet, for what calamine does not see
//! (fills, panes, the autofilter, protection, data validations, hidden
//! sheets, print setup). The same checks run on what Python's openpyxl
//! sees in `external` (under `CSP_EXTERNAL_CHECKS=1`). The CSV and the
//! error messages are pinned in tests/cmd/export.

use std::path::{Path, PathBuf};

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
    let ids: Vec<String> = rows[1..].iter().map(|r| r[col("ID")].to_string()).collect();
    assert_eq!(ids, listed(BUNDLED, "2024-03-14", &[]));
    // The strategic assessment is due "2024-03": a date cell on the 31st.
    let strategic = rows
        .iter()
        .find(|r| {
            r[col("ID")]
                .to_string()
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

/// What an independent reader sees in a workbook, as JSON: the document's
/// title, the sheets in order, and for each sheet its state, frozen pane,
/// autofilter, protection, data validations, print setup and every cell of
/// its used range (value, whether it is a date, number format, bold, font
/// colour, solid fill, locked). Two readers give this shape: umya-spreadsheet
/// here, and openpyxl in `external::read_with_openpyxl`, so the same checks
/// run on what each of them sees.
pub(crate) type SheetReader = fn(&Path) -> Value;

/// Whether a number format shows a date or time, by the rule openpyxl uses:
/// a d, m, y, h or s outside quoted text and `[...]`, not escaped.
fn is_date_format(code: &str) -> bool {
    let section = code.split(';').next().unwrap_or_default();
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracketed = false;
    let mut escaped = false;
    for character in section.chars() {
        match character {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracketed = true,
            ']' if !quoted => bracketed = false,
            _ if quoted || bracketed => {}
            _ => plain.push(character),
        }
    }
    plain
        .chars()
        .any(|c| matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'y' | 'h' | 's'))
}

/// A colour as openpyxl gives an RGB one (`FF9C0006`); none for a theme
/// or missing colour.
fn argb(color: &umya_spreadsheet::Color) -> Value {
    let argb = color.argb_str();
    if argb == "00000000" {
        Value::Null
    } else {
        Value::String(argb)
    }
}

/// A number as JSON, an integer when it is one (as openpyxl reads it).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        serde_json::json!(value as i64)
    } else {
        serde_json::json!(value)
    }
}

fn umya_cell(sheet: &umya_spreadsheet::Worksheet, col: u32, row: u32) -> Value {
    use umya_spreadsheet::{CellRawValue, PatternValues};
    let Some(cell) = sheet.cell((col, row)) else {
        return serde_json::json!({
            "value": null, "date": false, "format": "General", "bold": false,
            "color": null, "fill": null, "locked": true,
        });
    };
    let style = cell.style();
    let format = style
        .number_format()
        .map_or("General", umya_spreadsheet::NumberingFormat::format_code)
        .to_string();
    let (value, date) = match cell.cell_value().raw_value() {
        CellRawValue::Numeric(serial) if is_date_format(&format) => {
            let when = umya_spreadsheet::helper::date::excel_to_date_time_chrono(*serial);
            (
                Value::String(when.format("%Y-%m-%dT%H:%M:%S").to_string()),
                true,
            )
        }
        CellRawValue::Numeric(value) => (number(*value), false),
        CellRawValue::Bool(value) => (Value::Bool(*value), false),
        // An empty cell is a number cell to openpyxl: a date if its
        // format is one.
        CellRawValue::Empty => (Value::Null, is_date_format(&format)),
        _ => (Value::String(cell.value().into_owned()), false),
    };
    let fill = style
        .fill()
        .and_then(umya_spreadsheet::Fill::pattern_fill)
        .filter(|fill| matches!(fill.pattern_type(), PatternValues::Solid))
        .and_then(umya_spreadsheet::PatternFill::foreground_color)
        .map_or(Value::Null, argb);
    serde_json::json!({
        "value": value,
        "date": date,
        "format": format,
        "bold": style.font().is_some_and(umya_spreadsheet::Font::bold),
        "color": style.font().map_or(Value::Null, |font| argb(font.color())),
        "fill": fill,
        // A cell without a protection element is locked, Excel's default.
        "locked": style.protection().is_none_or(umya_spreadsheet::Protection::locked),
    })
}

/// What umya-spreadsheet, a reader independent of calamine (which csp
/// reads workbooks with) and of `rust_xlsxwriter` (which writes them), sees
/// in a workbook: see [`SheetReader`].
/// Whether the `index`th sheet (in order, as csp writes them:
/// `sheet1.xml`, …) says how many pages down it is fitted to.
fn has_fit_to_height(path: &Path, index: usize) -> bool {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name(&format!("xl/worksheets/sheet{}.xml", index + 1))
            .unwrap(),
        &mut xml,
    )
    .unwrap();
    xml.contains("fitToHeight=")
}

pub(crate) fn read_with_umya(path: &Path) -> Value {
    use umya_spreadsheet::{EnumTrait, OrientationValues, PaneStateValues};
    let book = umya_spreadsheet::reader::xlsx::read(path)
        .unwrap_or_else(|error| panic!("umya-spreadsheet cannot read {}: {error}", path.display()));
    let mut sheets = serde_json::Map::new();
    let mut order = Vec::new();
    for (index, sheet) in book.sheet_collection().iter().enumerate() {
        order.push(sheet.name().to_string());
        let (max_col, max_row) = sheet.highest_column_and_row();
        let rows: Vec<Value> = (1..=max_row)
            .map(|row| {
                (1..=max_col)
                    .map(|col| umya_cell(sheet, col, row))
                    .collect()
            })
            .collect();
        let pane = sheet
            .sheets_views()
            .sheet_view_list()
            .first()
            .and_then(umya_spreadsheet::SheetView::pane);
        let protection = sheet.sheet_protection();
        let password = protection
            .map(|p| format!("{}{}", p.password_raw(), p.hash_value()))
            .filter(|password| !password.is_empty());
        let validations: Vec<Value> = sheet
            .data_validations()
            .map(|list| {
                list.data_validation_list()
                    .iter()
                    .map(|validation| {
                        let kind = match validation.get_type() {
                            umya_spreadsheet::DataValidationValues::None => Value::Null,
                            kind => Value::String(kind.value_string().to_string()),
                        };
                        let formula =
                            Some(validation.formula1()).filter(|formula| !formula.is_empty());
                        serde_json::json!([
                            kind,
                            formula,
                            validation.sequence_of_references().get_sqref()
                        ])
                    })
                    .collect()
            })
            .unwrap_or_default();
        let setup = sheet.page_setup();
        let titles = sheet
            .defined_names()
            .iter()
            .find(|name| name.name() == "_xlnm.Print_Titles")
            .map(|name| {
                let address = name.address();
                address.rsplit('!').next().unwrap_or_default().to_string()
            });
        sheets.insert(
            sheet.name().to_string(),
            serde_json::json!({
                "state": sheet.state().value_string(),
                "freeze": pane.map(|pane| pane.top_left_cell().to_string()),
                "frozen": pane.is_some_and(|pane| matches!(pane.state(), PaneStateValues::Frozen)),
                "filter": sheet.auto_filter().map(|filter| filter.range().range()),
                "protected": protection.is_some_and(umya_spreadsheet::SheetProtection::sheet),
                "password": password,
                "validations": validations,
                "landscape": matches!(setup.orientation(), OrientationValues::Landscape),
                "fit_to_page": setup.fit_to_page(),
                // Fitted to pages: how many down (0: as many as it takes).
                // The width is left out: rust_xlsxwriter leaves out its
                // default, 1, which umya-spreadsheet cannot tell from 0.
                // So is a height of 1: then the sheet's XML has none.
                "fit_height": setup.fit_to_page().then(|| {
                    if has_fit_to_height(path, index) {
                        setup.fit_to_height()
                    } else {
                        1
                    }
                }),
                "print_titles": titles,
                "rows": rows,
            }),
        );
    }
    serde_json::json!({
        "title": book.properties().title(),
        "order": order,
        "sheets": sheets,
    })
}

/// A wide sheet prints landscape, one page across and as many down as it
/// takes, with its header row on every page.
fn assert_prints_wide(sheet: &Value) {
    assert_eq!(sheet["landscape"], true);
    assert_eq!(sheet["fit_to_page"], true);
    assert_eq!(sheet["fit_height"], 0);
    assert_eq!(sheet["print_titles"], "$1:$1");
}

#[test]
fn umya_sees_the_frozen_header_filter_fills_dates_and_print_setup() {
    the_export_has_a_frozen_header_filter_fills_dates_and_print_setup(read_with_umya);
}

/// The export as `read` sees it: the Actions sheet's header frozen and
/// filtered, RAG fills, date cells, overdue rows in dark red, and the
/// print setup; the Summary sheet prints as Excel's default.
pub(crate) fn the_export_has_a_frozen_header_filter_fills_dates_and_print_setup(read: SheetReader) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    export(MEETINGS, "2024-02-22", &path, &[]);
    let book = read(&path);
    assert_eq!(book["title"], "Test Valley CSP action plan");
    assert_eq!(book["order"], serde_json::json!(["Actions", "Summary"]));
    let actions = &book["sheets"]["Actions"];
    let rows = actions["rows"].as_array().unwrap();
    let count = listed(MEETINGS, "2024-02-22", &[]).len();
    assert_eq!(count, 8);
    assert_eq!(rows.len(), count + 1);
    assert_eq!(actions["freeze"], "A2");
    assert_eq!(actions["frozen"], true);
    assert_eq!(actions["filter"], format!("A1:V{}", count + 1));
    assert_eq!(actions["state"], "visible");
    assert_eq!(actions["protected"], false);
    assert_prints_wide(actions);
    let summary = &book["sheets"]["Summary"];
    assert_eq!(summary["freeze"], Value::Null);
    assert_eq!(summary["filter"], Value::Null);
    assert_eq!(summary["landscape"], false);
    assert_eq!(summary["print_titles"], Value::Null);
    // The Summary prints on one page; the Actions sheet's header row and
    // the board's columns first (Title, Lead, … Latest note).
    assert_eq!(summary["fit_to_page"], true);
    assert_eq!(summary["fit_height"], 1);
    let summary_header: Vec<&str> = summary["rows"][3]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|cell| cell["value"].as_str())
        .collect();
    assert_eq!(
        summary_header,
        ["Total", "Actions", "Open", "Overdue", "Due soon", "Stale"]
    );
    let board: Vec<&str> = rows[0].as_array().unwrap()[..7]
        .iter()
        .map(|cell| cell["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        board,
        [
            "Title",
            "Lead",
            "Due as written",
            "Status",
            "RAG",
            "Days overdue",
            "Latest note"
        ]
    );
    assert_eq!(
        summary["rows"][0][0]["value"],
        "Test Valley CSP action plan"
    );
    assert_eq!(summary["rows"][0][0]["bold"], true);
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
fn check_form(read: SheetReader, path: &Path, plan: &str, as_of: &str, lead: &str) -> Vec<String> {
    let book = read(path);
    let sheets = &book["sheets"];
    assert_eq!(
        book["order"],
        serde_json::json!(["Update", "Instructions", "csp"])
    );
    assert_eq!(sheets["Update"]["state"], "visible");
    assert_eq!(sheets["csp"]["state"], "hidden");
    assert_eq!(sheets["Instructions"]["state"], "visible");
    let update = &sheets["Update"];
    assert_eq!(update["protected"], true);
    assert_eq!(update["password"], Value::Null);
    assert_eq!(update["freeze"], "B2");
    assert_eq!(update["frozen"], true);
    assert_prints_wide(update);
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
            "Done on",
            "Fingerprint",
            "Form",
            "Plan"
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
                true, true, true, true, true, true, false, false, false, false, false, false, true,
                true, true
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
    assert_eq!(cell(4, 0), "form id");
    let form_id = cell(4, 1);
    assert_eq!(form_id.as_str().unwrap().len(), 16);
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
        // The Update sheet's hidden columns carry the same on every row.
        assert_eq!(row[12]["value"], cell(6 + at, 1));
        assert_eq!(row[13]["value"], form_id);
        ids.push(id.to_string());
    }
    ids
}

#[test]
fn a_form_for_one_lead_follows_the_form_contract() {
    a_form_for_one_lead_as(read_with_umya);
}

/// `csp export --form --lead police`, as `read` sees it.
pub(crate) fn a_form_for_one_lead_as(read: SheetReader) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("police.xlsx");
    export(
        BUNDLED,
        "2024-03-14",
        &path,
        &["--form", "--lead", "police"],
    );
    let ids = check_form(read, &path, BUNDLED, "2024-03-14", "police");
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
    let book = read(&path);
    assert_eq!(
        book["sheets"]["csp"]["rows"][0][1]["value"],
        "East Cambridgeshire Community Safety Partnership action plan"
    );
}

#[test]
fn chase_writes_one_form_per_lead_in_digest_order() {
    chase_forms_as(read_with_umya);
}

/// `csp chase --format xlsx`, with and without `--all`, as `read` sees it.
pub(crate) fn chase_forms_as(read: SheetReader) {
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
    let police = check_form(
        read,
        &forms.join("police.xlsx"),
        MEETINGS,
        "2024-02-22",
        "police",
    );
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
        if is_chase_list(&path) {
            continue;
        }
        let lead = path.file_stem().unwrap().to_str().unwrap().to_string();
        let ids = check_form(read, &path, MEETINGS, "2024-02-22", &lead);
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

/// `csp chase -o DIR`'s list of the files it wrote (not a form).
pub(crate) fn is_chase_list(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == ".csp-chase-files")
}

/// A form says whom it is for by name, the meeting it is for and the day
/// it is wanted back (`[plan] returns` before the meeting, never before the
/// form's own day); read back by umya-spreadsheet.
#[test]
fn a_form_names_its_body_its_meeting_and_its_return_day() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    crate::support::copy_tree(Path::new(MEETINGS), &plan);
    let manifest = std::fs::read_to_string(plan.join("csp.toml")).unwrap();
    let manifest = manifest.replacen(
        "name = \"Test Valley CSP action plan\"",
        "name = \"Test Valley CSP action plan\"\nreturns = \"7d\"",
        1,
    );
    std::fs::write(plan.join("csp.toml"), manifest).unwrap();
    let instructions = |as_of: &str| -> Vec<String> {
        let forms = dir.path().join(format!("forms-{as_of}"));
        let output = csp()
            .args(["chase", "--plan"])
            .arg(&plan)
            .args(["--as-of", as_of, "--format", "xlsx", "-o"])
            .arg(&forms)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let book = umya_spreadsheet::reader::xlsx::read(forms.join("police.xlsx")).unwrap();
        let sheet = book.sheet_by_name("Instructions").unwrap();
        (1..=5).map(|row| sheet.value((1, row))).collect()
    };
    let lines = instructions("2024-02-20");
    assert_eq!(
        lines[2],
        "This form lists the actions Hampshire Constabulary leads that the partnership asks you to update, as of 20 Feb 2024."
    );
    assert_eq!(
        lines[3],
        "Please return it by 29 Feb 2024 for the CSP Delivery Group on 7 Mar 2024."
    );
    // Less than a week before the Board: wanted back by the form's own day.
    let lines = instructions("2024-03-08");
    assert_eq!(
        lines[3],
        "Please return it by 8 Mar 2024 for the CSP Board on 14 Mar 2024."
    );
}
