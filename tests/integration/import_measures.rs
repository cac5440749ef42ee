//! `csp import --measures`: indicator tables as councils publish them
//! (quarters or months across, a title with the year, polarity words,
//! figures with %, £ and commas, blanks and "TBC"), each pinned byte for
//! byte, and every refusal naming its cell and its fix.

use std::path::Path;

use crate::support::{csp, texts};

const FIXTURES: &str = "tests/fixtures/import-measures";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(name)
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

/// The tree written and the report against the pinned ones; with
/// `CSP_BLESS=1`, rewrites them (review the diff!).
fn assert_pinned(got: &Path, report: &str, name: &str) {
    let want = fixture(name);
    let want_report = fixture(&format!("{name}.report"));
    if std::env::var_os("CSP_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&want);
        for (file, text) in texts(got) {
            let path = want.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(&want_report, report).unwrap();
        return;
    }
    assert_eq!(report, std::fs::read_to_string(&want_report).unwrap());
    let (got, want) = (texts(got), texts(&want));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (file, text) in &want {
        assert_eq!(&got[file], text, "{file}");
    }
}

fn assert_valid(dir: &Path, plan: &str) {
    let (code, out, err) = run(dir, &["validate", "--plan", plan, "--as-of", "2024-03-14"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("error"), "{out}");
}

/// Quarters across, the year in the title above the header row, polarity
/// as words and arrows, "1,710", "28%", "£12,000", blank, "-", "n/a" and
/// "TBC" cells, section headings, commentary, the table's own YTD, RAG and
/// direction of travel compared, and indicator names no file may be called as written.
#[test]
fn quarters_across_with_the_titles_year() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("quarters.csv"), dir.path().join("quarters.csv")).unwrap();
    let args = [
        "import",
        "--measures",
        "quarters.csv",
        "--as-of",
        "2024-03-14",
    ];

    let (code, dry, err) = run(dir.path(), &[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{dry}{err}");
    assert!(dry.contains("would write quarters:\n"), "{dry}");
    assert!(dry.contains("+++ b/quarters/measures/anti-social-behaviour-incidents.toml\n"));
    assert!(
        !dir.path().join("quarters").exists(),
        "a dry run writes nothing"
    );

    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(err, "");
    // The dry run's report is the same, up to the files it lists.
    let report_end = out.find("wrote quarters:").unwrap();
    assert!(dry.starts_with(&out[..report_end]));
    for line in [
        "quarters.csv: header row 3, 10 rows below it; the year 2023/24, from A1 \"Community Safety Partnership performance report 2023/24\"",
        "quarters.csv: A4: section heading \"Priority 1: Anti-social behaviour\"",
        "quarters.csv: A6: \"Proven reoffending rate\" → measures/proven-reoffending-rate.toml, 2 figures; guessed: unit \"%\" (every figure has %), baseline for 2022/23, the year before the table's, aggregate \"latest\" (a percentage)",
        "quarters.csv: A11: \"../x\" → measures/x.toml, 2 figures; guessed: aggregate \"sum\" (a count)",
        "quarters.csv: A12: \"con\" → measures/con-1.toml, 1 figure; guessed: aggregate \"sum\" (a count)",
    ] {
        assert!(out.lines().any(|got| got == line), "{line}\n{out}");
    }
    assert_pinned(&dir.path().join("quarters"), &out, "quarters");
    assert_valid(dir.path(), "quarters");
    // The long name's file is cut to a few words, its title kept whole.
    let files: Vec<String> = texts(&dir.path().join("quarters")).into_keys().collect();
    let long = files
        .iter()
        .find(|file| file.starts_with("measures/very-long"))
        .unwrap();
    assert!(
        long.len() <= "measures/".len() + 48 + ".toml".len(),
        "{long}"
    );
}

/// Writes `rows` to sheet `name` of an xlsx at `path` with umya-spreadsheet,
/// as another program would (`""` a blank cell).
fn write_sheet(path: &Path, name: &str, rows: &[&[&str]]) {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let sheet = book.new_sheet(name).unwrap();
    for (row, cells) in (1u32..).zip(rows) {
        for (col, text) in (1u32..).zip(cells.iter()) {
            if !text.is_empty() {
                sheet.cell_mut((col, row)).set_value_string(*text);
            }
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, path).unwrap();
}

/// Months across, each header with its year ("Apr-23", "Jan 2024"), a
/// figure in a number cell, and the map naming a unit, a lead for every
/// indicator and one indicator's settings.
#[test]
fn months_across_with_dated_headers() {
    let dir = tempfile::tempdir().unwrap();
    write_sheet(
        &dir.path().join("monthly.xlsx"),
        "Drug treatment",
        &[
            &[
                "Measure", "Unit", "Better", "Target", "Apr-23", "May-23", "Jun-23", "Jan 2024",
                "Feb 2024",
            ],
            &[
                "Successful exits from treatment",
                "%",
                "High",
                "45%",
                "43.5%",
                "44%",
                "",
                "46.2%",
                "TBC",
            ],
            &[
                "Referrals from custody",
                "",
                "Higher is better",
                "",
                "12",
                "9",
                "14",
                "-",
                "",
            ],
        ],
    );
    // A number cell, as Excel keeps a figure typed without formatting.
    let mut book = umya_spreadsheet::reader::xlsx::read(dir.path().join("monthly.xlsx")).unwrap();
    book.sheet_by_name_mut("Drug treatment")
        .unwrap()
        .cell_mut((8u32, 3u32))
        .set_value_number(11);
    umya_spreadsheet::writer::xlsx::write(&book, dir.path().join("monthly.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("map.toml"),
        r#"[plan]
name = "Drug and alcohol indicators"

[columns]
title = "Measure"
unit = "Unit"
better = "Better"
target = "Target"

[defaults]
lead = "Treatment provider"

[indicators."Referrals from custody"]
id = "custody-referrals"
aggregate = "sum"
"#,
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "monthly.xlsx",
            "--map",
            "map.toml",
            "--to",
            "drugs",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("monthly.xlsx: sheet \"Drug treatment\", header row 1, 2 rows below it; the year 2023/24, from the periods in the header row\n"),
        "{out}"
    );
    // The number cell is read as it is; "TBC" and "-" are no figure.
    assert!(
        out.contains("\"Referrals from custody\" → measures/custody-referrals.toml, 4 figures\n"),
        "{out}"
    );
    assert_pinned(&dir.path().join("drugs"), &out, "months");
    assert_valid(dir.path(), "drugs");
}

/// A figure that is not one stops the import, naming sheet and cell and
/// what to write; nothing is written.
#[test]
fn a_bad_value_names_its_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    write_sheet(
        &dir.path().join("bad.xlsx"),
        "KPIs 2023-24",
        &[
            &["Indicator", "Lead", "Polarity", "Q1", "Q2"],
            &["Deliberate fires", "Fire", "Lower", "12", "12 fires?"],
            &["Hate crimes", "Police", "Sideways", "4", "5"],
        ],
    );
    let (code, out, err) = run(
        dir.path(),
        &["import", "--measures", "bad.xlsx", "--as-of", "2024-03-14"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        "error: bad.xlsx: 'KPIs 2023-24'!E2: `12 fires?` is not a figure: write a number such as 1,234, 12.5, 12% or £1,200 (the Q2 2023/24 figure of \"Deliberate fires\")
error: bad.xlsx: 'KPIs 2023-24'!C3: \"Sideways\" does not say which way is better: write \"Higher is better\" or \"Lower is better\", or map the word under [values.better]
error: nothing was written: the imported plan would have 2 problems; fix the map or the sheet and import again
"
    );
    assert!(!dir.path().join("bad").exists());
}

/// Percentages in cells formatted as percentages: Excel keeps 12.5% as
/// 0.125, so a % measure whose figures are all numbers no greater than 1
/// is refused, not recorded as 0.125%; typed as 12.5 they read.
#[test]
fn percentage_cells_are_never_read_as_fractions_of_a_percent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rates.xlsx");
    write_sheet(
        &path,
        "KPIs 2023-24",
        &[
            &["Indicator", "Lead", "Polarity", "Unit", "Q1", "Q2"],
            &["Reoffending rate", "Probation", "Lower", "%", "", ""],
        ],
    );
    let mut book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let sheet = book.sheet_by_name_mut("KPIs 2023-24").unwrap();
    sheet.cell_mut((5u32, 2u32)).set_value_number(0.251);
    sheet.cell_mut((6u32, 2u32)).set_value_number(0.239);
    umya_spreadsheet::writer::xlsx::write(&book, &path).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "rates.xlsx",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("'KPIs 2023-24'!E2: every figure of \"Reoffending rate\" is a number no greater than 1, but its unit is %"),
        "{err}"
    );
    assert!(!dir.path().join("rates").exists());

    let mut book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let sheet = book.sheet_by_name_mut("KPIs 2023-24").unwrap();
    sheet.cell_mut((5u32, 2u32)).set_value_number(25.1);
    sheet.cell_mut((6u32, 2u32)).set_value_number(23.9);
    umya_spreadsheet::writer::xlsx::write(&book, &path).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "rates.xlsx",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let written = texts(&dir.path().join("rates"));
    let measure = written
        .iter()
        .find(|(path, _)| path.starts_with("measures/"))
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    assert!(measure.contains("\"Q1 2023/24\" = 25.1"), "{written:?}");
}

/// Bare quarters with no year anywhere: refused with the fix; `--year`
/// then reads them.
#[test]
fn no_year_knowable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kpis.csv"),
        "Indicator,Lead,Better,Q1,Q2\r\nDeliberate fires,Fire,Lower,12,9\r\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "--measures", "kpis.csv", "--as-of", "2024-03-14"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err,
        "error: `kpis.csv`: the periods in 1:1 (\"Q1\", \"Q2\") have no year, and nothing in the sheet says which financial year they are
help: give the year with --year 2023/24, or write year = \"2023/24\" in the map, or put it in the table's title
"
    );
    assert!(!dir.path().join("kpis").exists());
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "kpis.csv",
            "--year",
            "2023/24",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("; the year 2023/24, from --year\n"), "{out}");
    let text =
        std::fs::read_to_string(dir.path().join("kpis/measures/deliberate-fires.toml")).unwrap();
    assert!(
        text.ends_with("[values]\n\"Q1 2023/24\" = 12\n\"Q2 2023/24\" = 9\n"),
        "{text}"
    );
    let (code, _, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "kpis.csv",
            "--year",
            "2023-24",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("is not a financial year: write it as 2023/24"),
        "{err}"
    );
}

/// The next quarter's table into the plan the last one made: the new
/// figures are added, a revised one reported, and set with --update.
#[test]
fn the_next_quarter_into_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("q2.csv"),
        "Fires 2023/24,,,,\r\nIndicator,Lead,Better,Q1,Q2\r\nDeliberate fires,Fire,Lower,12,9\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("q3.csv"),
        "Fires 2023/24,,,,,\r\nIndicator,Lead,Better,Q1,Q2,Q3\r\nDeliberate fires,Fire,Lower,12,10,7\r\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "import",
            "--measures",
            "q2.csv",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let into = [
        "import",
        "--measures",
        "q3.csv",
        "--into",
        "plan",
        "--as-of",
        "2024-03-14",
    ];
    let (code, out, err) = run(dir.path(), &into);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("q3.csv: A3: `deliberate-fires` is in the plan: 1 new figure added; 1 differ (Q2 2023/24: 9 in the plan, 10 in the table): not applied (`--update` sets the table's, or `csp record --replace` one)\n"),
        "{out}"
    );
    let file = dir.path().join("plan/measures/deliberate-fires.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.ends_with("\"Q1 2023/24\" = 12\n\"Q2 2023/24\" = 9\n\"Q3 2023/24\" = 7\n"),
        "{text}"
    );
    let (code, out, err) = run(dir.path(), &[&into[..], &["--update"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.ends_with("\"Q1 2023/24\" = 12\n\"Q2 2023/24\" = 10\n\"Q3 2023/24\" = 7\n"),
        "{text}"
    );
    // The lead the first import made is the plan's now, matched by name.
    assert!(text.contains("lead = [\"fire\"]\n"), "{text}");
    assert_valid(dir.path(), "plan");
}

/// A figure for a period not over by the as-of day is refused, as
/// `csp record` refuses it.
#[test]
fn a_figure_before_its_period_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kpis.csv"),
        "Indicator,Lead,Better,Q3 2023/24,Q4 2023/24\r\nDeliberate fires,Fire,Lower,12,9\r\n",
    )
    .unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["import", "--measures", "kpis.csv", "--as-of", "2024-03-14"],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: kpis.csv: E2: a figure for Q4 2023/24, which has not ended by 14 Mar 2024 (the as-of day); a figure comes once its period is over\n"),
        "{err}"
    );
}
