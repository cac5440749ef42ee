//! Plan years: `csp rollover` on the fixture spanning 2023/24 gives
//! exactly the tree `tests/cmd/years/rollover.out/` holds (every file, and
//! no other), its dry run changes nothing, its report lists every retired
//! action, and `csp year-end --year` for the closed year, read back from
//! git after the rollover was committed, is the written report byte for
//! byte. The output itself is pinned by the trycmd cases in
//! `tests/cmd/years/`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{self, copy_of, copy_tree, tree};

const FIXTURE: &str = "tests/fixtures/years";
const EXPECTED: &str = "tests/cmd/years/rollover.out";
const REPORT: &str = "reports/2023-24-year-end.md";

fn csp(dir: &Path, args: &[&str]) -> Output {
    support::csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const ROLLOVER: &[&str] = &[
    "rollover",
    "--to",
    "2024/25",
    "--on",
    "2024-04-02",
    "--as-of",
    "2024-04-02",
];

#[test]
fn a_dry_run_shows_the_report_and_the_diff_and_changes_nothing() {
    let dir = copy_of(FIXTURE);
    let before = tree(dir.path());
    let mut args = ROLLOVER.to_vec();
    args.push("--dry-run");
    let output = csp(dir.path(), &args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(tree(dir.path()), before, "a dry run wrote something");
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("+++ b/reports/2023-24-year-end.md"),
        "{stdout}"
    );
    assert!(stdout.contains("+# Riverside CSP action plan: year-end report 2023/24"));
    assert!(stdout.contains("--- a/projects/cctv-upgrade.toml\n+++ /dev/null"));
    assert!(stdout.contains("+text = \"Carried over from 2023/24\""));
    assert!(stdout.contains("+year = \"2024/25\""));
    assert!(text(&output.stderr).contains("dry run, nothing written"));
}

#[test]
fn rollover_gives_exactly_the_expected_tree_and_a_clean_plan() {
    let dir = copy_of(FIXTURE);
    let output = csp(dir.path(), ROLLOVER);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        tree(dir.path()),
        tree(Path::new(EXPECTED)),
        "the plan after the rollover differs from {EXPECTED}"
    );
    let validate = csp(dir.path(), &["validate", "--as-of", "2024-04-02"]);
    assert!(validate.status.success(), "{}", text(&validate.stdout));
    assert!(text(&validate.stdout).contains("no problems found"));
    // The report lists every action the rollover retired.
    let report = fs::read_to_string(dir.path().join(REPORT)).unwrap();
    let fixture_root = Path::new(FIXTURE);
    for retired in ["projects/cctv-upgrade", "projects/knife-amnesty"] {
        assert!(fixture_root.join(format!("{retired}.toml")).exists());
        assert!(!dir.path().join(format!("{retired}.toml")).exists());
        assert!(
            report.contains(&format!("(`{retired}`)")),
            "{retired} not in the report"
        );
    }
    // The report is kept in the plan, never read as an action.
    let list = csp(
        dir.path(),
        &["list", "--as-of", "2024-04-02", "--format", "csv"],
    );
    assert!(!text(&list.stdout).contains("year-end"));
}

#[test]
fn a_section_the_rollover_empties_keeps_its_directory_in_git() {
    let dir = copy_of(FIXTURE);
    let dhr = dir.path().join("safeguarding/dhr-review.toml");
    let done = fs::read_to_string(&dhr).unwrap().replace(
        "status = \"open\"",
        "status = \"done\"\ncompleted = 2024-01-20",
    );
    assert!(done.contains("completed = 2024-01-20"), "{done}");
    fs::write(&dhr, done).unwrap();
    let output = csp(dir.path(), ROLLOVER);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!dhr.exists());
    // Git keeps no empty directory; the empty .gitkeep keeps this one, so
    // a fresh clone does not warn that the section has none.
    let keep = dir.path().join("safeguarding/.gitkeep");
    assert_eq!(fs::read_to_string(&keep).unwrap(), "");
    assert!(!dir.path().join("projects/.gitkeep").exists());
    let validate = csp(
        dir.path(),
        &["validate", "--as-of", "2024-04-02", "--deny-warnings"],
    );
    assert!(validate.status.success(), "{}", text(&validate.stdout));
}

#[test]
fn a_second_writer_holding_the_lock_stops_the_rollover() {
    let dir = copy_of(FIXTURE);
    let before = tree(dir.path());
    let lock = fs::File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.path().join(".csp.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut args = ROLLOVER.to_vec();
    args.extend(["--wait", "0"]);
    let output = csp(dir.path(), &args);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("gave up waiting"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(tree(dir.path()), before);
}

/// A repository holding the fixture as `plan/`, with fixed identities and
/// dates so that every machine makes the same commits.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(Path::new(FIXTURE), &dir.path().join("plan"));
        let repo = Self { dir };
        repo.git(&["init", "-q", "-b", "main"], "2024-03-20");
        repo
    }

    fn env(&self, command: &mut Command, day: &str) {
        support::fixed_git_env(command, self.dir.path(), day);
    }

    fn git(&self, args: &[&str], day: &str) {
        let mut command = Command::new("git");
        self.env(&mut command, day);
        let output = command.args(args).output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            text(&output.stderr)
        );
    }

    fn commit(&self, message: &str, day: &str) {
        self.git(&["add", "-A"], day);
        self.git(
            &["-c", "commit.gpgsign=false", "commit", "-q", "-m", message],
            day,
        );
    }

    fn csp(&self, args: &[&str]) -> Output {
        let mut command = support::csp();
        self.env(&mut command, "2024-05-01");
        command
            .args(args)
            .arg("--plan")
            .arg("plan")
            .output()
            .unwrap()
    }
}

#[test]
fn the_closed_years_report_is_read_back_from_git_byte_for_byte() {
    let repo = Repo::new();
    repo.commit("The plan at the end of 2023/24", "2024-03-20");
    // Uncommitted changes are refused: the tag would not name the plan the
    // report was read from.
    let manifest = repo.dir.path().join("plan/csp.toml");
    let committed = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, format!("{committed}# not yet committed\n")).unwrap();
    let refused = repo.csp(ROLLOVER);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("has changes not yet committed"),
        "{}",
        text(&refused.stderr)
    );
    fs::write(&manifest, committed).unwrap();

    let rolled = repo.csp(ROLLOVER);
    assert!(rolled.status.success(), "{}", text(&rolled.stderr));
    let stdout = text(&rolled.stdout);
    assert!(stdout.contains("  git tag year-2023-24\n"), "{stdout}");
    let written = fs::read_to_string(repo.dir.path().join("plan").join(REPORT)).unwrap();
    assert!(
        written.contains("[^source]: Read from git: commit "),
        "{written}"
    );
    assert!(written.contains(" of 20 Mar 2024."), "{written}");
    // As the rollover says: tag the old year, then commit.
    repo.git(&["tag", "year-2023-24"], "2024-04-02");
    repo.commit("Roll the plan over from 2023/24 into 2024/25", "2024-04-02");
    let again = |args: &[&str]| {
        let output = repo.csp(args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let from_tag = again(&[
        "year-end",
        "--year",
        "2023/24",
        "--include-sensitive",
        "--as-of",
        "2024-05-01",
    ]);
    assert_eq!(from_tag, written);
    // The live plan is 2024/25 now; as of a day after 2023/24, the year
    // named is still read from git, and without the tag the last commit
    // before 1 April is the same commit.
    repo.git(&["tag", "-d", "year-2023-24"], "2024-05-01");
    let from_day = again(&[
        "year-end",
        "--year",
        "2023/24",
        "--include-sensitive",
        "--as-of",
        "2024-05-01",
    ]);
    assert_eq!(from_day, written);
    // The live year's interim report reads the plan on disk.
    let live = again(&["year-end", "--as-of", "2024-05-01"]);
    assert!(live.contains("year-end report 2024/25"));
    assert!(!live.contains("[^source]"));
}

#[test]
fn the_html_report_prints_on_a4_with_the_marking_on_every_page() {
    let output = csp(
        Path::new("."),
        &[
            "year-end",
            "--plan",
            FIXTURE,
            "--as-of",
            "2024-03-31",
            "--format",
            "html",
            "--include-sensitive",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = text(&output.stdout);
    assert!(html.contains("size: A4"), "the pack's stylesheet is shared");
    assert!(html.contains("@top-center { content: \"OFFICIAL-SENSITIVE\""));
    assert!(html.contains("<h1>Riverside CSP action plan</h1>"));
    assert!(html.contains("Domestic homicide review"));
    let public = csp(
        Path::new("."),
        &[
            "year-end",
            "--plan",
            FIXTURE,
            "--as-of",
            "2024-03-31",
            "--format",
            "html",
        ],
    );
    let public = text(&public.stdout);
    assert!(!public.contains("Domestic homicide review"));
    assert!(!public.contains("OFFICIAL-SENSITIVE"));
}

#[test]
fn init_statutory_writes_six_undated_recurring_duties_that_validate() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    let output = csp(
        dir.path(),
        &["init", "plan", "--statutory", "--as-of", "2024-04-01"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let duties: Vec<String> = fs::read_dir(plan.join("statutory-duties"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(duties.len(), 6, "{duties:?}");
    for name in &duties {
        let file = fs::read_to_string(plan.join("statutory-duties").join(name)).unwrap();
        // The snippet for existing plans is these very files.
        assert_eq!(
            file,
            fs::read_to_string(Path::new("docs/statutory").join(name)).unwrap()
        );
        assert!(file.contains("every = \"year\""), "{name}");
        assert!(file.contains("Legal basis: "), "{name}");
        assert!(!file.contains("\ndue ="), "{name}: the law sets no day");
    }
    let validate = csp(&plan, &["validate", "--as-of", "2024-04-01"]);
    assert!(text(&validate.stdout).contains("6 action files checked, no problems found"));
}

#[test]
fn the_pack_the_summary_and_the_workbook_name_the_year() {
    let run = |args: &[&str]| {
        let output = csp(Path::new("."), args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let pack = run(&["report", "--plan", FIXTURE, "--as-of", "2024-03-31"]);
    assert!(
        pack.contains("# Riverside CSP action plan 2023/24\n"),
        "{pack}"
    );
    let summary = run(&["summary", "--plan", FIXTURE, "--as-of", "2024-03-31"]);
    assert!(
        summary.starts_with("Riverside CSP action plan 2023/24\n"),
        "{summary}"
    );
    let json = run(&[
        "summary",
        "--plan",
        FIXTURE,
        "--as-of",
        "2024-03-31",
        "--format",
        "json",
    ]);
    assert!(
        json.contains("\"plan\": \"Riverside CSP action plan\""),
        "{json}"
    );
    assert!(json.contains("\"year\": \"2023/24\""), "{json}");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plan.xlsx");
    run(&[
        "export",
        "--plan",
        FIXTURE,
        "--as-of",
        "2024-03-31",
        "-o",
        book.to_str().unwrap(),
    ]);
    let sheets = csp::sheet::read(&book, "plan.xlsx").unwrap();
    let summary_sheet = sheets
        .iter()
        .find(|sheet| sheet.name.as_deref() == Some("Summary"))
        .unwrap();
    assert_eq!(
        format!("{:?}", summary_sheet.cell(0, 0)),
        format!(
            "{:?}",
            csp::sheet::Cell::Text("Riverside CSP action plan 2023/24".into())
        )
    );
}
