//! The second layer of checks: csp's output read, and its input written, by
//! programs outside Rust, as partners' and readers' programs would: Python's
//! openpyxl (workbooks) and `email` package (drafts), headless Chromium (the
//! HTML pack) and pdftotext (its printed pages). The first layer, run by
//! every `cargo test`, makes the same checks with Rust crates independent
//! of the ones csp uses; this one confirms them with the programs people
//! use.
//!
//! These tests run when `CSP_EXTERNAL_CHECKS` is set (`.ci/run` sets it and
//! installs python3-openpyxl, chromium and poppler-utils); then a missing
//! program fails its test, never passes in silence. Without it, each test
//! returns at once and one line on the terminal says what was not run.
//! Every use of an outside program in the tests is in this file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::external_checks;
use crate::{apply, chase, export, figures, import, marking, measure_outputs, report};

/// A Python interpreter with openpyxl, or a failure saying how to get one.
/// Debian's python3-openpyxl serves /usr/bin/python3, which may not be
/// first on PATH.
fn python_with_openpyxl() -> &'static str {
    for python in ["python3", "/usr/bin/python3"] {
        let found = Command::new(python)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|output| output.status.success());
        if found {
            return python;
        }
    }
    panic!(
        "no python3 with openpyxl, which reads and writes workbooks independently of csp; \
         .ci/run installs it (apt-get install python3-openpyxl)"
    );
}

// ---- Workbooks read by openpyxl -------------------------------------------

/// What openpyxl sees in a workbook, as JSON in the shape of
/// [`export::SheetReader`].
const OPENPYXL_READ: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"title": wb.properties.title, "order": wb.sheetnames, "sheets": {}}
for ws in wb.worksheets:
    pane = ws.sheet_view.pane
    setup = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr
    sheet = {
        "state": ws.sheet_state,
        "freeze": ws.freeze_panes,
        "frozen": pane is not None and pane.state == "frozen",
        "filter": ws.auto_filter.ref,
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "validations": [[dv.type, dv.formula1, str(dv.sqref)] for dv in ws.data_validations.dataValidation],
        "landscape": setup.orientation == "landscape",
        "fit_to_page": bool(fit is not None and fit.fitToPage),
        # Absent, it is 1 (ECMA-376, CT_PageSetup).
        "fit_height": (1 if setup.fitToHeight is None else int(setup.fitToHeight))
            if fit is not None and fit.fitToPage else None,
        "print_titles": ws.print_title_rows,
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
    let output = Command::new(python_with_openpyxl())
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
fn openpyxl_sees_the_frozen_header_filter_fills_dates_and_print_setup() {
    if external_checks() {
        export::the_export_has_a_frozen_header_filter_fills_dates_and_print_setup(
            read_with_openpyxl,
        );
    }
}

#[test]
fn openpyxl_sees_the_measures_sheet() {
    if external_checks() {
        measure_outputs::the_measures_sheet_as(read_with_openpyxl);
    }
}

#[test]
fn openpyxl_sees_a_form_for_one_lead_follow_the_form_contract() {
    if external_checks() {
        export::a_form_for_one_lead_as(read_with_openpyxl);
    }
}

#[test]
fn openpyxl_sees_one_chase_form_per_lead_in_digest_order() {
    if external_checks() {
        export::chase_forms_as(read_with_openpyxl);
    }
}

/// The two readers agree: openpyxl sees in the export, a form and a
/// marked export exactly what umya-spreadsheet, the first layer's reader,
/// sees, cell by cell.
#[test]
fn openpyxl_and_umya_spreadsheet_see_the_same_workbooks() {
    if !external_checks() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        ("tests/fixtures/meetings/plan", &[]),
        ("plan", &["--form", "--lead", "police"]),
        ("tests/fixtures/marking/plan", &["--include-sensitive"]),
        (measure_outputs::PLAN, &["--include-sensitive"]),
    ];
    for (at, (plan, extra)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{at}.xlsx"));
        let output = crate::support::csp()
            .args(["export", "--plan", plan, "--as-of", "2024-03-14", "-o"])
            .arg(&path)
            .args(*extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            read_with_openpyxl(&path),
            export::read_with_umya(&path),
            "{plan} {extra:?}"
        );
    }
}

// ---- Return forms written by openpyxl, applied by csp ---------------------

/// Writes a form with openpyxl (`tests/fixtures/apply/make_form.py`): see
/// [`apply::FormWriter`].
fn write_form_with_openpyxl(spec: &Value) {
    let writer = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apply/make_form.py");
    let mut child = Command::new(python_with_openpyxl())
        .arg(writer)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "openpyxl could not write the form"
    );
}

/// Fills in the police form with openpyxl and saves it: see
/// [`apply::FormFiller`].
fn fill_with_openpyxl(path: &Path) {
    let fill = r#"
import sys, datetime, openpyxl
path = sys.argv[1]
book = openpyxl.load_workbook(path)
sheet = book["Update"]
rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
r = rows["projects/cctv-upgrade"]
sheet.cell(row=r, column=7).value = "Procurement approved; cameras ordered."
sheet.cell(row=r, column=8).value = datetime.datetime(2024, 3, 12)
sheet.cell(row=r, column=9).value = "in-progress"
sheet.cell(row=r, column=10).value = "amber"
sheet.cell(row=r, column=11).value = "2024-05"
r = rows["duties/prevent-training"]
sheet.cell(row=r, column=12).value = datetime.datetime(2024, 3, 11)
book.save(path)
"#;
    let filled = Command::new(python_with_openpyxl())
        .args(["-c", fill])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        filled.status.success(),
        "{}",
        String::from_utf8_lossy(&filled.stderr)
    );
}

#[test]
fn openpyxl_forms_notes_statuses_ratings_dues_and_completions_are_applied() {
    if external_checks() {
        apply::applied_keeping_comments(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_a_dry_run_prints_the_diff_and_writes_nothing() {
    if external_checks() {
        apply::a_dry_run_writes_nothing(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_a_bad_rating_is_refused() {
    if external_checks() {
        apply::a_bad_rating_is_refused(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_mixing_day_first_and_month_first_dates_are_refused() {
    if external_checks() {
        apply::a_month_first_date_is_refused(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_an_unknown_id_is_refused() {
    if external_checks() {
        apply::an_unknown_id_is_refused_by(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_an_action_changed_since_the_form_was_made_is_refused_unless_forced() {
    if external_checks() {
        apply::a_changed_action_is_refused_unless_forced(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_a_form_of_another_plan_is_refused() {
    if external_checks() {
        apply::a_form_of_another_plan_is_refused_by(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_forms_in_conflict_are_refused_naming_both_cells() {
    if external_checks() {
        apply::two_forms_in_conflict_are_refused(write_form_with_openpyxl);
    }
}

#[test]
fn openpyxl_fills_in_a_chase_form_that_comes_back_in() {
    if external_checks() {
        apply::a_filled_in_chase_form_comes_back_in(fill_with_openpyxl);
    }
}

// ---- Figures sheets filled by openpyxl, and round-tripped by LibreOffice ----

/// Fills the Figures sheet's Value and Note cells with openpyxl: see
/// [`figures::FigureFiller`].
fn fill_figures_with_openpyxl(
    path: &Path,
    rows: &[(&str, &str, &str, Option<&str>)],
    numbers: bool,
) {
    let fill = r#"
import json, sys, openpyxl
path, rows, numbers = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "1"
book = openpyxl.load_workbook(path)
sheet = book["Figures"]
for measure, period, value, note in rows:
    r = next(r for r in range(2, sheet.max_row + 1)
             if sheet.cell(row=r, column=1).value == measure
             and sheet.cell(row=r, column=3).value == period)
    try:
        number = float(value)
    except ValueError:
        number = None
    sheet.cell(row=r, column=6).value = number if numbers and number is not None else value
    if note is not None:
        sheet.cell(row=r, column=7).value = note
book.save(path)
"#;
    let rows = serde_json::to_string(rows).unwrap();
    let filled = Command::new(python_with_openpyxl())
        .args(["-c", fill])
        .arg(path)
        .arg(rows)
        .arg(if numbers { "1" } else { "0" })
        .output()
        .unwrap();
    assert!(
        filled.status.success(),
        "{}",
        String::from_utf8_lossy(&filled.stderr)
    );
}

#[test]
fn openpyxl_fills_in_figures_that_are_recorded_once() {
    if external_checks() {
        figures::figures_recorded_once(fill_figures_with_openpyxl);
    }
}

/// LibreOffice converts `file` in its directory with `filter`.
fn convert_with_libreoffice(file: &Path, filter: &str) {
    let dir = file.parent().unwrap();
    let output = Command::new("soffice")
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(file)
        .env("HOME", dir)
        .output()
        .expect("no soffice on PATH; .ci/run installs it (apt-get install libreoffice-calc-nogui)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_figures_form_saved_by_libreoffice_as_ods_or_csv_is_applied() {
    if !external_checks() {
        return;
    }
    let expected = figures::original().replace(
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n",
        "\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n\"Q3 2023/24\" = { value = 1234, note = \"provisional\" }\n",
    );
    // Each sheet to its own CSV file (`form-Figures.csv`), in UTF-8.
    let every_sheet =
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    for (filter, file) in [("ods", "police.ods"), (every_sheet, "police-Figures.csv")] {
        let dir = figures::with_form();
        let form = dir.path().join("police.xlsx");
        fill_figures_with_openpyxl(
            &form,
            &[("asb-incidents", "Q3 2023/24", "1,234", Some("provisional"))],
            false,
        );
        convert_with_libreoffice(&form, filter);
        let output = figures::apply(dir.path(), &[file], figures::AS_OF, &[]);
        assert!(output.status.success(), "{}", figures::stderr(&output));
        assert!(
            figures::stdout(&output).contains("1 figure"),
            "{}",
            figures::stdout(&output)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(figures::MEASURE)).unwrap(),
            expected
        );
        // The workbook LibreOffice read is the same form: applied already.
        let again = figures::apply(dir.path(), &["police.xlsx"], "2024-02-21", &[]);
        assert!(
            figures::stdout(&again).contains("already applied on 20 Feb 2024"),
            "{}",
            figures::stdout(&again)
        );
    }
}

// ---- A tracker written by openpyxl, imported by csp -----------------------

/// Writes the tracker with openpyxl (`tests/fixtures/import/make_tracker.py`):
/// see [`import::TrackerWriter`].
fn write_tracker_with_openpyxl(path: &Path) {
    let writer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/make_tracker.py");
    let status = Command::new(python_with_openpyxl())
        .arg(writer)
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "openpyxl could not write the tracker");
}

#[test]
fn openpyxl_tracker_is_imported_like_a_real_one() {
    if external_checks() {
        import::a_tracker_written_by(write_tracker_with_openpyxl);
    }
}

#[test]
fn openpyxl_tracker_sheets_are_picked_by_name() {
    if external_checks() {
        import::sheets_by_name_in(write_tracker_with_openpyxl);
    }
}

// ---- The chase drafts read by Python's email package ---------------------

/// Each draft's headers and body as Python's parser, in its strict modern
/// policy, reads them: see [`chase::DraftParser`].
fn parse_with_python_email(file: &Path) -> Value {
    let script = r#"
import email, email.policy, json, sys
with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)
plain = message.get_body(preferencelist=("plain",))
html = message.get_body(preferencelist=("html",))
print(json.dumps({
    "headers": [[k, str(v)] for k, v in message.items()],
    "to": [[a.display_name, a.addr_spec] for a in message["to"].addresses] if message["to"] else [],
    "from": [[a.display_name, a.addr_spec] for a in message["from"].addresses] if message["from"] else [],
    "subject": str(message["subject"]),
    "defects": [type(d).__name__ for d in message.defects],
    "body": plain.get_content(),
    "html": html.get_content() if html is not None else None,
    "attachments": [[p.get_filename(), p.get_content_type(), len(p.get_content())] for p in message.iter_attachments()],
    "charset": plain.get_content_charset(),
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

#[test]
fn python_email_reads_a_full_draft_with_its_sender_names_html_and_form() {
    if !external_checks() {
        return;
    }
    chase::a_full_draft_as_parsed_by(parse_with_python_email);
}

#[test]
fn python_email_reads_the_drafts_with_the_leads_addresses_and_nothing_injected() {
    if external_checks() {
        chase::drafts_as_parsed_by(parse_with_python_email);
    }
}

// ---- The HTML pack rendered by headless Chromium --------------------------

/// Headless Chromium: Debian's `chromium`, or another name; a failure
/// saying how to get it when there is none.
fn chromium() -> PathBuf {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|path| path.is_file())
        })
    })
    .expect("no chromium on PATH, which renders the HTML pack; .ci/run installs it (apt-get install chromium)")
}

/// Runs Chromium headless on `page` with `extra` arguments, in a fresh
/// profile, with no network of its own, and gives up after two minutes.
fn run_chromium(
    browser: &Path,
    page: &Path,
    profile: &Path,
    extra: &[String],
) -> std::process::Output {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_mins(2) {
            child.kill().unwrap();
            panic!("chromium did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn chromium_renders_the_html_pack() {
    if !external_checks() {
        return;
    }
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("pack.html");
    std::fs::write(&page, report::pack("html")).unwrap();

    let png = dir.path().join("pack.png");
    let output = run_chromium(
        &browser,
        &page,
        &dir.path().join("profile-png"),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=794,1123".into(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let image = std::fs::read(&png).unwrap();
    assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(image.len() > 10_000, "a blank page? {} bytes", image.len());

    let pdf = dir.path().join("pack.pdf");
    let output = run_chromium(
        &browser,
        &page,
        &dir.path().join("profile-pdf"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document = std::fs::read(&pdf).unwrap();
    assert!(document.starts_with(b"%PDF-"), "not a PDF");
    assert!(document.len() > 10_000);

    // The browser's own reading of the page: the title is text, not a script.
    let output = run_chromium(
        &browser,
        &page,
        &dir.path().join("profile-dom"),
        &["--dump-dom".into()],
    );
    assert!(output.status.success());
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{dom}"
    );
    assert!(!dom.to_lowercase().contains("<script"));
    assert_eq!(dom.matches("<svg").count(), 2);
}

/// Printed by Chromium, every page of a marked pack carries the banner at
/// its top and bottom, as pdftotext (poppler-utils) reads the PDF.
#[test]
fn the_printed_pack_carries_the_banner_on_every_page() {
    if !external_checks() {
        return;
    }
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("pack.html");
    marking::run(
        marking::PLAN,
        &[
            "report",
            "--format",
            "html",
            "--include-sensitive",
            "-o",
            page.to_str().unwrap(),
        ],
    );
    let pdf = dir.path().join("pack.pdf");
    let output = run_chromium(
        &browser,
        &page,
        &dir.path().join("profile"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("no pdftotext on PATH, which reads the printed pages; .ci/run installs it (apt-get install poppler-utils)");
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .collect();
    assert!(pages.len() > 1, "one page only: {text}");
    for (number, page) in pages.iter().enumerate() {
        assert!(
            page.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "page {} lacks the banner top and bottom:\n{page}",
            number + 1
        );
    }
}

// ---- What a board holds: printed packs, workbooks and forms -------------

/// The text of each page of `pdf`, as pdftotext reads it.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("no pdftotext on PATH, which reads the printed pages; .ci/run installs it (apt-get install poppler-utils)");
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `pdf`'s pages are A4, as pdfinfo reports them (either way up).
fn is_a4(pdf: &Path) -> bool {
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("no pdfinfo on PATH; .ci/run installs poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    info.lines()
        .any(|line| line.starts_with("Page size:") && line.contains("(A4)"))
}

/// Every page says "Page N of M", in order, and no page shows a commit.
fn assert_numbered_without_hashes(what: &str, pages: &[String]) {
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let number = format!("Page {} of {total}", index + 1);
        assert!(
            page.contains(&number),
            "{what}: page {} lacks `{number}`:\n{page}",
            index + 1
        );
        assert!(
            !page
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| {
                    word.len() >= 7
                        && word.len() <= 40
                        && word.bytes().all(|b| b.is_ascii_hexdigit())
                        && word.bytes().any(|b| b.is_ascii_lowercase())
                        && word.bytes().any(|b| b.is_ascii_digit())
                }),
            "{what}: page {} shows what looks like a commit:\n{page}",
            index + 1
        );
    }
}

#[test]
fn the_bundled_plans_printed_pack_is_a4_with_numbered_pages_and_no_commits() {
    if !external_checks() {
        return;
    }
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("pack.html");
    let output = crate::support::csp()
        .args([
            "report",
            "--plan",
            "plan",
            "--as-of",
            "2024-01-15",
            "--format",
            "html",
            "-o",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = dir.path().join("pack.pdf");
    let output = run_chromium(
        &browser,
        &page,
        &dir.path().join("profile"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(is_a4(&pdf));
    let pages = pdf_pages(&pdf);
    assert!(pages.len() > 5, "{} pages", pages.len());
    assert_numbered_without_hashes("the pack", &pages);
    // Bodies by name in the tables, not keys.
    let all = pages.concat();
    assert!(all.contains("East Cambridgeshire District Council"));
}

/// The pack with measures, printed by Chromium: A4, "Page N of M" on every
/// page, and the Measures section's heading, figures, words and charts'
/// labels as pdftotext reads them; with `--include-sensitive`, the
/// sensitive measure too.
#[test]
fn the_printed_pack_shows_the_measures_and_their_figures() {
    if !external_checks() {
        return;
    }
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("public", &[][..]),
        ("marked", &["--include-sensitive"][..]),
    ] {
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, measure_outputs::pack("html", extra).0).unwrap();
        let pdf = dir.path().join(format!("{name}.pdf"));
        let output = run_chromium(
            &browser,
            &page,
            &dir.path().join(format!("profile-{name}")),
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".into(),
            ],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(is_a4(&pdf), "{name}");
        let pages = pdf_pages(&pdf);
        assert_numbered_without_hashes(name, &pages);
        // A cell's text wraps: read as words.
        let all = pages
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for text in [
            "Measures",
            "Priority 1: Reduce anti-social behaviour",
            "Quarterly measures",
            "Anti-social behaviour incidents reported to the police",
            "1,710",
            "431",
            "398",
            "829",
            "2 of 4",
            "not received",
            "Q3 2023/24 not received",
            "improving",
            "worsening",
            "amber",
            "26.1%",
            "not yet",
            "target",
        ] {
            assert!(
                all.contains(text),
                "{name}: no `{text}` in the printed pack:\n{all}"
            );
        }
        assert_eq!(
            all.contains("Repeat victims of domestic abuse"),
            name == "marked",
            "{name}"
        );
    }
}

/// LibreOffice, as a partner's or a board member's spreadsheet program,
/// prints `xlsx` to a PDF beside it.
fn print_with_libreoffice(xlsx: &Path) -> PathBuf {
    let dir = xlsx.parent().unwrap();
    let output = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .env("HOME", dir)
        .output()
        .expect("no soffice on PATH, which prints the workbooks as a person would; .ci/run installs it (apt-get install libreoffice-calc-nogui)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = xlsx.with_extension("pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice wrote no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    pdf
}

#[test]
fn the_workbook_and_a_form_print_on_numbered_a4_pages() {
    if !external_checks() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("plan.xlsx");
    let form = dir.path().join("form.xlsx");
    for (args, out) in [
        (
            vec!["export", "--plan", "plan", "--as-of", "2024-01-15", "-o"],
            &workbook,
        ),
        (
            vec![
                "export",
                "--plan",
                "tests/fixtures/meetings/plan",
                "--as-of",
                "2024-02-20",
                "--form",
                "--lead",
                "police",
                "-o",
            ],
            &form,
        ),
    ] {
        let output = crate::support::csp().args(args).arg(out).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let pdf = print_with_libreoffice(&workbook);
    assert!(is_a4(&pdf));
    let pages = pdf_pages(&pdf);
    assert_numbered_without_hashes("the workbook", &pages);
    // The Actions sheet prints the board's columns only; the Summary, last,
    // on one page with its Stale column.
    assert!(!pages.concat().contains("plan/"), "a file path was printed");
    let summary = pages.last().unwrap();
    assert!(
        summary.contains("Stale") && summary.contains("Due soon"),
        "{summary}"
    );
    let pdf = print_with_libreoffice(&form);
    assert!(is_a4(&pdf));
    let pages = pdf_pages(&pdf);
    assert_numbered_without_hashes("the form", &pages);
    let instructions = pages.last().unwrap();
    assert!(
        instructions.contains("Hampshire Constabulary")
            && instructions.contains("CSP Delivery Group on 7 Mar 2024"),
        "{instructions}"
    );
}
