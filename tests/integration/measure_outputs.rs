//! Performance measures in what the board reads: the pack's Measures
//! section (Markdown pinned whole beside the fixture, the HTML's structure
//! and charts checked), the workbook's Measures sheet read back by
//! umya-spreadsheet (openpyxl in `external`), and the figures in long form
//! byte for byte, on `tests/fixtures/measures/plan` as of 20 Feb 2024.
//! After an intended change of output: `TRYCMD=overwrite cargo test --test
//! integration measure_outputs::`, then read the diff.

use std::path::Path;

use serde_json::Value;

use crate::export::{SheetReader, read_with_umya};
use crate::support;

pub(crate) const PLAN: &str = "tests/fixtures/measures/plan";
pub(crate) const AS_OF: &str = "2024-02-20";

/// Runs csp with `args`, expecting success: (stdout, stderr).
fn run(args: &[&str]) -> (String, String) {
    let output = support::csp()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "csp {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

pub(crate) fn pack(format: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "report", "--plan", PLAN, "--as-of", AS_OF, "--format", format,
    ];
    args.extend(extra);
    run(&args)
}

fn assert_snapshot(path: &str, actual: &[u8]) {
    if std::env::var("TRYCMD").is_ok_and(|v| v == "overwrite") {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(path).unwrap();
    assert!(
        expected == actual,
        "{path} differs from the output; if the change is intended, run `TRYCMD=overwrite cargo test --test integration measure_outputs::` and read the diff\n--- actual ---\n{}",
        String::from_utf8_lossy(actual)
    );
}

const LEFT_OUT: &str =
    "note: 1 OFFICIAL-SENSITIVE measure not shown; --include-sensitive shows them\n";

#[test]
fn the_markdown_packs_measures_section_matches_its_snapshot() {
    let (md, stderr) = pack("md", &[]);
    assert_snapshot("tests/fixtures/measures/pack.md", md.as_bytes());
    assert_eq!(stderr, LEFT_OUT);
    // After the actions' parts, before the plan section by section.
    let at = |text: &str| md.find(text).unwrap_or_else(|| panic!("no {text}"));
    assert!(at("## Recurring") < at("## Measures"));
    assert!(at("## Measures") < at("## The plan by section"));
    assert!(!md.contains("Repeat victims"));
    assert!(!md.contains("OFFICIAL-SENSITIVE"));
}

/// The Measures tables' rows of a Markdown pack: each row's cells.
fn measure_rows(md: &str) -> Vec<Vec<String>> {
    let section = &md[md.find("## Measures").unwrap()..md.find("## The plan by section").unwrap()];
    section
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| Measure |"))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

/// "4 measures: 0 red, 3 amber, 1 green, 0 not rated; 1 figure missing.",
/// worked out from the rows.
fn sentence_of(rows: &[Vec<String>]) -> String {
    let rag = |word: &str| rows.iter().filter(|row| row[row.len() - 3] == word).count();
    let missing: usize = rows
        .iter()
        .map(|row| row[row.len() - 1].matches("not received").count())
        .sum();
    let plural = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}: {} red, {} amber, {} green, {} not rated; {} missing.",
        plural(rows.len(), "measure"),
        rag("red"),
        rag("amber"),
        rag("green"),
        rag("—"),
        plural(missing, "figure")
    )
}

#[test]
fn the_counts_at_a_glance_are_the_rows_counted() {
    for extra in [&[][..], &["--include-sensitive"], &["--priority", "2"]] {
        let (md, _) = pack("md", extra);
        let rows = measure_rows(&md);
        let sentence = sentence_of(&rows);
        assert!(
            md.contains(&format!("\n- {sentence}\n")),
            "{extra:?}: {sentence}\n{md}"
        );
        assert!(
            md.contains(&format!("As of 20 Feb 2024: {sentence}")),
            "{extra:?}"
        );
    }
    let (all, _) = pack("md", &["--include-sensitive"]);
    assert!(all.contains("- 5 measures: 1 red, 3 amber, 1 green, 0 not rated; 1 figure missing."));
    assert!(all.starts_with("**OFFICIAL-SENSITIVE**\n"));
    assert!(
        all.contains(
            "| Repeat victims of domestic abuse referred to MARAC | Fixture Constabulary |"
        )
    );
}

/// The filters a measure has fields for choose among the measures: a
/// measure is listed under the first of its priorities only.
#[test]
fn lead_and_priority_filters_choose_the_measures() {
    let (md, stderr) = pack("md", &["--lead", "council"]);
    let rows = measure_rows(&md);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "Parishes with a Shop Watch scheme");
    assert!(md.contains("### Priority 1: Reduce anti-social behaviour"));
    assert!(!md.contains("### Priority 2"));
    // The sensitive measure is the police's: not chosen, so not counted.
    assert_eq!(stderr, "");
    let (md, _) = pack("md", &["--priority", "2"]);
    let titles: Vec<String> = measure_rows(&md)
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(
        titles,
        [
            "Successful exits from drug treatment",
            "Proven reoffending rate of the IOM cohort"
        ]
    );
    // No measure chosen: no Measures section, nor a line at a glance.
    let (md, _) = pack("md", &["--lead", "council", "--priority", "2"]);
    assert!(!md.contains("Measures"), "{md}");
    assert!(!md.contains("measures:"));
}

/// The pack of a plan without measures has no trace of them.
#[test]
fn a_pack_without_measures_shows_none() {
    for format in ["md", "html"] {
        let (out, _) = run(&[
            "report",
            "--plan",
            "tests/fixtures/report/plan",
            "--as-of",
            "2024-01-15",
            "--format",
            format,
        ]);
        assert!(!out.contains("## Measures"), "{format}");
        assert!(!out.contains(">Measures<"), "{format}");
        assert!(!out.contains("class=\"chart measure-chart\""), "{format}");
        assert!(!out.contains("measures:"), "{format}");
    }
}

/// Each `<svg …measure-chart…>…</svg>` of a page, in order.
fn measure_charts(html: &str) -> Vec<&str> {
    html.split("<svg ")
        .skip(1)
        .filter(|svg| svg.starts_with("class=\"chart measure-chart\""))
        .map(|svg| &svg[..svg.find("</svg>").unwrap()])
        .collect()
}

#[test]
fn the_html_pack_draws_each_measure_against_its_targets() {
    let (html, stderr) = pack("html", &[]);
    assert_eq!(stderr, LEFT_OUT);
    assert!(html.contains("<h2>Measures</h2>"));
    let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("no {text}"));
    assert!(at("<h2>Recurring</h2>") < at("<h2>Measures</h2>"));
    assert!(at("<h2>Measures</h2>") < at("<h2>The plan by section</h2>"));
    assert_eq!(
        html.matches("<svg ").count(),
        2 + 4,
        "two pack charts, one per measure"
    );
    // (title, columns, target marks, periods said in words) in the pack's
    // order: priority 1's quarterly then yearly, priority 2's monthly then
    // quarterly.
    let expected = [
        (
            "Anti-social behaviour incidents reported to the police",
            2,
            3,
            "not received",
        ),
        ("Parishes with a Shop Watch scheme", 1, 1, ""),
        ("Successful exits from drug treatment", 3, 4, "not yet"),
        ("Proven reoffending rate of the IOM cohort", 4, 3, ""),
    ];
    let charts = measure_charts(&html);
    assert_eq!(charts.len(), expected.len());
    for (svg, (title, bars, targets, words)) in charts.iter().zip(expected) {
        assert!(
            svg.contains(&format!("aria-label=\"Column chart of {title},")),
            "{svg}"
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(&format!("<title>Column chart of {title},")));
        assert_eq!(svg.matches("class=\"bar\"").count(), bars, "{title}");
        assert_eq!(svg.matches("class=\"target\"").count(), targets, "{title}");
        // Four periods on the axis, and the key.
        assert_eq!(svg.matches("class=\"label\"").count(), 4, "{title}");
        assert!(
            svg.contains("class=\"legend\">figure<") && svg.contains("class=\"legend\">target<")
        );
        if !words.is_empty() {
            assert!(svg.contains(words), "{title}");
        }
    }
    // The ASB chart says every number for a screen reader.
    assert!(charts[0].contains(
        "Q1 2023/24: 431 incidents, target 400 incidents; Q2 2023/24: 398 incidents, target 400 incidents; Q3 2023/24: not received, target 400 incidents"
    ));
    // RAG as a chip with its word, direction as an arrow with its word.
    assert_eq!(
        html.matches("<span class=\"rag chip rag-amber\">amber</span>")
            .count(),
        3
    );
    assert_eq!(
        html.matches("<span class=\"rag chip rag-green\">green</span>")
            .count(),
        1
    );
    assert!(html.contains("<span class=\"direction\">▲ improving</span>"));
    assert!(html.contains("<span class=\"direction\">▼ worsening</span>"));
    assert!(html.contains("<span class=\"missing\">Q3 2023/24 not received</span>"));
    assert!(html.contains("4 measures: 0 "));
    assert!(!html.contains("Repeat victims"));
    assert!(!html.contains("OFFICIAL-SENSITIVE"));
    // Nothing runs, nothing is fetched.
    let lower = html.to_lowercase();
    for banned in ["<script", "<link", "<img", "url(", "href=", "src="] {
        assert!(!lower.contains(banned), "{banned}");
    }
}

#[test]
fn the_html_pack_with_include_sensitive_shows_and_marks_the_sensitive_measure() {
    let (html, stderr) = pack("html", &["--include-sensitive"]);
    assert_eq!(stderr, "");
    assert_eq!(measure_charts(&html).len(), 5);
    let chart = measure_charts(&html)
        .into_iter()
        .find(|svg| svg.contains("Column chart of Repeat victims"))
        .unwrap();
    assert_eq!(chart.matches("class=\"bar\"").count(), 3);
    assert_eq!(chart.matches("class=\"target\"").count(), 3);
    assert!(
        html.contains("<title>OFFICIAL-SENSITIVE: Fixture CSP: board pack, 20 Feb 2024</title>")
    );
    assert!(html.contains("<span class=\"rag chip rag-red\">red</span>"));
}

// ---- The workbook --------------------------------------------------------

fn export(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "export",
        "--plan",
        PLAN,
        "--as-of",
        AS_OF,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args);
}

#[test]
fn umya_sees_the_measures_sheet() {
    the_measures_sheet_as(read_with_umya);
}

/// The Measures sheet and the Summary's measure counts, as `read` sees
/// them: one row per measure, this year's and last year's periods as
/// columns in time order, typed numbers, RAG fills with their words, a
/// frozen and filtered header, and the sheet printed landscape at full
/// size with the header and the id and title on every page.
pub(crate) fn the_measures_sheet_as(read: SheetReader) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    export(&path, &[]);
    let book = read(&path);
    assert_eq!(
        book["order"],
        serde_json::json!(["Actions", "Measures", "Summary"])
    );
    let sheet = &book["sheets"]["Measures"];
    let rows = sheet["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|cell| cell["value"].as_str().unwrap())
        .collect();
    // 10 columns, 24 months + 8 quarters + 2 years, then 7.
    assert_eq!(header.len(), 10 + 34 + 7);
    assert_eq!(
        header[..10],
        [
            "ID",
            "Title",
            "Lead",
            "Unit",
            "Better",
            "Frequency",
            "Baseline",
            "Baseline period",
            "Year",
            "Year target"
        ]
    );
    assert_eq!(
        header[10..18],
        [
            "Apr 2022",
            "May 2022",
            "Jun 2022",
            "Q1 2022/23",
            "Jul 2022",
            "Aug 2022",
            "Sep 2022",
            "Q2 2022/23"
        ]
    );
    assert_eq!(header[26], "2022/23");
    assert_eq!(header[43], "2023/24");
    assert_eq!(
        header[44..],
        [
            "Year to date",
            "Target",
            "Target basis",
            "RAG",
            "Direction",
            "Missing",
            "Source"
        ]
    );
    assert!(
        rows[0]
            .as_array()
            .unwrap()
            .iter()
            .all(|cell| cell["bold"] == true)
    );
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let ids: Vec<&str> = rows[1..]
        .iter()
        .map(|row| row[0]["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "asb-incidents",
            "reoffending-rate",
            "shop-watch-parishes",
            "treatment-exits"
        ]
    );
    let asb = &rows[1];
    assert_eq!(asb[col("Lead")]["value"], "Fixture Constabulary");
    assert_eq!(asb[col("Baseline")]["value"], 1710);
    assert_eq!(asb[col("Baseline")]["format"], "#,##0");
    assert_eq!(asb[col("Baseline period")]["value"], "2022/23");
    assert_eq!(asb[col("Year target")]["value"], 1600);
    assert_eq!(asb[col("Q1 2023/24")]["value"], 431);
    assert_eq!(asb[col("Q2 2023/24")]["value"], 398);
    assert_eq!(asb[col("Q3 2023/24")]["value"], "not received");
    assert_eq!(asb[col("Q3 2023/24")]["color"], "FF9C0006");
    // A period not of the row's frequency is grey and empty.
    assert_eq!(asb[col("Jun 2023")]["fill"], "FFEEEEEE");
    assert_eq!(asb[col("Jun 2023")]["value"], Value::Null);
    assert_eq!(asb[col("Q4 2023/24")]["fill"], Value::Null);
    assert_eq!(asb[col("Year to date")]["value"], 829);
    assert_eq!(asb[col("Target")]["value"], 800);
    assert_eq!(
        asb[col("Target basis")]["value"],
        "2 of 4 quarters of 2023/24"
    );
    assert_eq!(asb[col("RAG")]["value"], "amber");
    assert_eq!(asb[col("RAG")]["fill"], "FFFFC000");
    assert_eq!(asb[col("Direction")]["value"], "▲ improving");
    assert_eq!(asb[col("Missing")]["value"], "Q3 2023/24");
    let rate = &rows[2];
    assert_eq!(rate[col("Q4 2022/23")]["value"], 26.1);
    assert_eq!(rate[col("Q4 2022/23")]["format"], "#,##0.0#\"%\"");
    assert_eq!(rate[col("Target")]["format"], "#,##0\"%\"");
    assert_eq!(rate[col("Direction")]["value"], "▼ worsening");
    let exits = &rows[4];
    assert_eq!(exits[col("Dec 2023")]["value"], 48);
    // Mar 2024 has not ended: its figure is not shown.
    assert_eq!(exits[col("Mar 2024")]["value"], Value::Null);
    assert_eq!(rows[3][col("RAG")]["fill"], "FF93C47D");
    assert_eq!(sheet["freeze"], "C2");
    assert_eq!(sheet["frozen"], true);
    assert_eq!(sheet["filter"], "A1:AY5");
    assert_eq!(sheet["landscape"], true);
    assert_eq!(sheet["fit_to_page"], false);
    // The Summary's counts are the Measures sheet's rows counted.
    let summary = book["sheets"]["Summary"]["rows"].as_array().unwrap();
    let at = summary
        .iter()
        .position(|row| row[0]["value"] == "Measures")
        .expect("the Summary counts the measures");
    let count = |label: &str| {
        summary[at..]
            .iter()
            .find(|row| row[0]["value"] == label)
            .map(|row| row[1]["value"].as_u64().unwrap() as usize)
            .unwrap()
    };
    let rag = |word: &str| {
        rows[1..]
            .iter()
            .filter(|row| row[col("RAG")]["value"] == word)
            .count()
    };
    assert_eq!(count("All measures"), rows.len() - 1);
    for word in ["red", "amber", "green"] {
        assert_eq!(count(word), rag(word), "{word}");
    }
    let not_rated = rows[1..]
        .iter()
        .filter(|row| row[col("RAG")]["value"].is_null())
        .count();
    assert_eq!(count("Not rated"), not_rated);
    let not_received = rows[1..]
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .filter(|cell| cell["value"] == "not received")
        .count();
    assert_eq!(count("Figures missing"), not_received);
    assert_eq!(
        (count("amber"), count("green"), count("Figures missing")),
        (3, 1, 1)
    );
}

/// What the sheet prints on, which the shared reader does not report:
/// A4 at 80%, "Page N of M" at the foot, and the header row and the
/// title column on every page.
#[test]
fn the_measures_sheet_prints_on_a4_with_numbered_pages_and_titles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    export(&path, &[]);
    let book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
    let sheet = book.sheet_by_name("Measures").unwrap();
    assert_eq!(sheet.page_setup().paper_size(), 9, "A4");
    assert_eq!(sheet.page_setup().scale(), 80);
    assert_eq!(
        sheet.header_footer().odd_footer().value(),
        "&R&8Page &P of &N"
    );
    // umya-spreadsheet keeps one part of a print-titles name of two
    // parts: the workbook's own XML says what every program reads.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/workbook.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">Measures!$B:$B,Measures!$1:$1</definedName>"
        ),
        "{xml}"
    );
}

#[test]
fn the_workbook_leaves_the_sensitive_measure_out_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public.xlsx");
    let (_, stderr) = run(&[
        "export",
        "--plan",
        PLAN,
        "--as-of",
        AS_OF,
        "-o",
        public.to_str().unwrap(),
    ]);
    assert_eq!(stderr, LEFT_OUT);
    let book = read_with_umya(&public);
    assert_eq!(book["title"], "Fixture CSP");
    let text = book.to_string();
    assert!(!text.contains("da-repeat-victims"));
    let marked = dir.path().join("marked.xlsx");
    let (stdout, stderr) = run(&[
        "export",
        "--plan",
        PLAN,
        "--as-of",
        AS_OF,
        "--include-sensitive",
        "-o",
        marked.to_str().unwrap(),
    ]);
    assert_eq!(stderr, "");
    assert!(stdout.ends_with("(3 actions, 5 measures)\n"), "{stdout}");
    let book = read_with_umya(&marked);
    assert_eq!(book["title"], "OFFICIAL-SENSITIVE: Fixture CSP");
    let rows = book["sheets"]["Measures"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2][0]["value"], "da-repeat-victims");
}

// ---- The figures in long form --------------------------------------------

/// Notes are quoted as RFC 4180 says (a comma, a quote, a line break), a
/// note a spreadsheet would run is neutralised, and a negative figure
/// stays a number.
#[test]
fn the_long_form_quotes_and_neutralises_as_every_csv_does() {
    let plan = support::copy_of(PLAN);
    std::fs::write(
        plan.path().join("measures/net-change.toml"),
        "title = \"Net change\"\nlead = [\"council\"]\nbetter = \"higher\"\nfrequency = \"quarter\"\naggregate = \"sum\"\n\n[values]\n\"Q1 2023/24\" = { value = -2.5, note = \"=HYPERLINK(\\\"http://x\\\")\" }\n\"Q2 2023/24\" = { value = 3, note = \"late, \\\"revised\\\"\\nsee minutes\" }\n",
    )
    .unwrap();
    let (csv, _) = run(&[
        "export",
        "--plan",
        plan.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--measures",
        "--format",
        "csv",
        "--lead",
        "council",
    ]);
    assert_eq!(
        csv,
        "\u{feff}measure,period,value,note\n\
         net-change,Q1 2023/24,-2.5,\"'=HYPERLINK(\"\"http://x\"\")\"\n\
         net-change,Q2 2023/24,3,\"late, \"\"revised\"\"\nsee minutes\"\n\
         shop-watch-parishes,2022/23,1,\n"
    );
}
