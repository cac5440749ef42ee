//! What the editing commands promise beyond their output, checked on copies
//! of tests/fixtures/edit: comments survive, `git diff` shows only the
//! changed lines, CRLF stays CRLF, a refused edit changes no byte anywhere,
//! `csp fmt` is idempotent, and a write that fails midway leaves the
//! original intact. The snapshot cases in tests/cmd/edit show the output.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use assert_cmd::prelude::*;
use tempfile::TempDir;

use crate::support::{self, copy_of, tree};

const PLAN: &str = "tests/fixtures/edit/plan";
const MESSY: &str = "tests/fixtures/edit/messy";
const RAISE_PROFILE: &str = "duties/prevent/raise-profile.toml";
const ANNUAL_REPORT: &str = "duties/annual-report.toml";

/// `csp` run in `dir`, with nothing from the environment that could change
/// what it does.
fn csp(dir: &Path) -> Command {
    let mut command = support::csp();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    csp(dir).args(args).output().unwrap()
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap()
}

/// The comments of every plan file, as written, sorted.
fn comments(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = tree(root)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "toml"))
        .filter_map(|(_, bytes)| bytes)
        .flat_map(|bytes| {
            String::from_utf8(bytes)
                .unwrap()
                .lines()
                .filter_map(|line| line.find('#').map(|at| line[at..].trim().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort();
    found
}

/// The line holding `needle`, and the lines just above and below it.
fn around<'a>(text: &'a str, needle: &str) -> (&'a str, &'a str, &'a str) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"));
    let above = if at == 0 { "" } else { lines[at - 1] };
    (above, lines[at], lines.get(at + 1).copied().unwrap_or(""))
}

#[test]
fn comments_above_beside_and_below_fields_survive_every_command() {
    let commands: &[&[&str]] = &[
        &["done", "raise-profile", "--on", "2024-02-10"],
        &[
            "done",
            "annual-report",
            "--on",
            "2024-03-20",
            "--note",
            "Published.",
        ],
        &[
            "set",
            "annual-report",
            "rag=green",
            "due=2024-04",
            "lead=ECDC,police",
        ],
        &["set", "annual-report", "rag=", "due="],
        &[
            "set",
            "raise-profile",
            "title=Raise awareness",
            "every=quarter",
        ],
        &[
            "update",
            "raise-profile",
            "Met the county lead.",
            "--on",
            "2024-02-01",
        ],
        &[
            "update",
            "annual-report",
            "Sent to print.",
            "--on",
            "2024-02-01",
        ],
        &[
            "new",
            "projects/lighting",
            "--title",
            "Lighting",
            "--lead",
            "ECDC",
        ],
        &[
            "new",
            "duties/youth/first",
            "--new-section",
            "Youth",
            "--title",
            "T",
            "--lead",
            "ECDC",
        ],
        &["fmt"],
    ];
    for args in commands {
        let plan = copy_of(PLAN);
        let before = comments(plan.path());
        let mut args = args.to_vec();
        args.extend(["--as-of", "2024-04-01"]);
        if args[0] == "fmt" {
            args.truncate(1);
        }
        run(plan.path(), &args).assert().success();
        assert_eq!(
            comments(plan.path()),
            before,
            "csp {args:?} lost or changed a comment"
        );

        // Each comment is still where it was written: above, beside or below.
        let raise = read(plan.path(), RAISE_PROFILE);
        assert!(raise.starts_with("# Above the title.\ntitle = "), "{raise}");
        assert!(around(&raise, "beside the lead").1.starts_with("lead = "));
        assert!(around(&raise, "# Above due.").2.starts_with("due = "));
        assert!(around(&raise, "beside due").1.starts_with("due = "));
        let report = read(plan.path(), ANNUAL_REPORT);
        assert!(
            around(&report, "# Above the lead.")
                .2
                .starts_with("lead = ")
        );
        assert!(around(&report, "beside the note").1.starts_with("text = "));
        let (above, _, _) = around(&report, "# Below the last note.");
        assert!(above.starts_with("text = \"Draft shared"), "{report}");
        let manifest = read(plan.path(), "csp.toml");
        assert!(
            around(&manifest, "beside the last section")
                .1
                .starts_with("\"projects\" = ")
        );
    }
}

#[test]
fn comments_below_the_last_field_stay_below_it() {
    let plan = copy_of(PLAN);
    run(
        plan.path(),
        &["update", "raise-profile", "Noted.", "--on", "2024-02-01"],
    )
    .assert()
    .success();
    let text = read(plan.path(), RAISE_PROFILE);
    let (above, _, below) = around(&text, "# Below every, the last field.");
    assert_eq!(above, "every = \"month\"");
    assert_eq!(below, "");
    assert!(text.ends_with("\n[[update]]\ndate = 2024-02-01\ntext = \"Noted.\"\n"));
}

/// A git repository holding a copy of the fixture plan, or `None` (with a
/// message) where git is not installed.
fn git_repo() -> Option<TempDir> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed, so git diff cannot be checked");
        return None;
    }
    let plan = copy_of(PLAN);
    let git = |args: &[&str]| {
        let status = support::clean_env(&mut Command::new("git"))
            .args(["-c", "user.name=csp", "-c", "user.email=csp@example.org"])
            .args(["-c", "core.autocrlf=false", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(plan.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "--quiet"]);
    git(&["add", "--all"]);
    git(&["commit", "--quiet", "--message", "plan"]);
    Some(plan)
}

fn git_output(dir: &Path, args: &[&str]) -> String {
    let output = support::clean_env(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn git_diff_after_done_on_a_monthly_action_shows_only_the_changed_lines() {
    let Some(plan) = git_repo() else {
        return;
    };
    run(
        plan.path(),
        &[
            "done",
            "raise-profile",
            "--on",
            "2024-02-10",
            "--as-of",
            "2024-04-01",
        ],
    )
    .assert()
    .success();
    assert_eq!(
        git_output(plan.path(), &["diff", "--numstat"]),
        format!("2\t1\t{RAISE_PROFILE}\n")
    );
    let diff = git_output(plan.path(), &["diff", "--unified=0", "--no-color"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|line| {
            (line.starts_with('+') || line.starts_with('-'))
                && !line.starts_with("+++")
                && !line.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-due = \"2024-01\" # beside due",
            "+due = \"2024-02\" # beside due",
            "+completed = 2024-02-10",
        ]
    );
}

#[test]
fn dry_run_prints_the_patch_the_command_would_apply() {
    let Some(plan) = git_repo() else {
        return;
    };
    let args = [
        "done",
        "annual-report",
        "--on",
        "2024-03-20",
        "--note",
        "Published.",
        "--as-of",
        "2024-04-01",
    ];
    let before = tree(plan.path());
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let output = run(plan.path(), &dry);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(tree(plan.path()), before, "--dry-run wrote something");

    let patch = plan.path().join("..").join(format!(
        "{}.patch",
        plan.path().file_name().unwrap().to_string_lossy()
    ));
    fs::write(&patch, &output.stdout).unwrap();
    git_output(plan.path(), &["apply", patch.to_str().unwrap()]);
    let applied = read(plan.path(), ANNUAL_REPORT);
    git_output(plan.path(), &["checkout", "--", "."]);
    fs::remove_file(&patch).unwrap();

    run(plan.path(), &args).assert().success();
    assert_eq!(read(plan.path(), ANNUAL_REPORT), applied);
}

#[test]
fn crlf_files_stay_crlf_with_untouched_lines_byte_identical() {
    let plan = copy_of(PLAN);
    let path = plan.path().join(RAISE_PROFILE);
    let crlf = read(plan.path(), RAISE_PROFILE).replace('\n', "\r\n");
    fs::write(&path, &crlf).unwrap();
    let commands: &[&[&str]] = &[
        &[
            "done",
            "raise-profile",
            "--on",
            "2024-02-10",
            "--note",
            "Done.",
        ],
        &["set", "raise-profile", "rag=red", "timescale="],
        &[
            "update",
            "raise-profile",
            "Two\nlines.",
            "--on",
            "2024-02-11",
        ],
        &["fmt"],
    ];
    let mut previous = crlf;
    for args in commands {
        let mut args = args.to_vec();
        if args[0] != "fmt" {
            args.extend(["--as-of", "2024-04-01"]);
        }
        run(plan.path(), &args).assert().success();
        let text = read(plan.path(), RAISE_PROFILE);
        let bare_lf = text
            .match_indices('\n')
            .filter(|(at, _)| !text[..*at].ends_with('\r'))
            .count();
        assert_eq!(bare_lf, 0, "csp {args:?} wrote LF line endings:\n{text:?}");
        // Lines the command had no reason to touch are exactly as they were.
        for line in [
            "# Above the title.\r\n",
            "lead = [\"ECDC\"] # beside the lead\r\n",
        ] {
            assert!(previous.contains(line) && text.contains(line), "{text:?}");
        }
        previous = text;
    }
    assert!(previous.contains("completed = 2024-02-10\r\n"));
    assert!(previous.contains("text = \"\"\"\r\nTwo\r\nlines.\"\"\"\r\n"));
    run(plan.path(), &["fmt", "--check"]).assert().success();
}

#[test]
fn a_missing_final_newline_and_a_byte_order_mark_are_kept() {
    let plan = copy_of(PLAN);
    let path = plan.path().join(RAISE_PROFILE);
    let text = format!("\u{feff}{}", read(plan.path(), RAISE_PROFILE).trim_end());
    fs::write(&path, &text).unwrap();
    run(
        plan.path(),
        &["set", "raise-profile", "rag=green", "--as-of", "2024-04-01"],
    )
    .assert()
    .success();
    let after = read(plan.path(), RAISE_PROFILE);
    assert!(after.starts_with('\u{feff}'));
    assert!(
        after.ends_with("# Below every, the last field."),
        "{after:?}"
    );
    assert!(after.contains("every = \"month\"\nrag = \"green\"\n"));
}

/// Every refusal: each must leave every byte of the plan as it was.
#[test]
fn every_refusal_leaves_the_tree_byte_identical() {
    let refusals: &[(&[&str], i32)] = &[
        (&["done", "cctv-review", "--on", "2024-03-05"], 2),
        (&["done", "stop-leaflets", "--on", "2024-03-05"], 2),
        (&["done", "no-such-action", "--on", "2024-03-05"], 2),
        (&["done", "raise-profile", "--note", " "], 2),
        (&["set", "annual-report", "rag=amberr"], 1),
        (&["set", "annual-report", "due=2024-02-30"], 1),
        (&["set", "annual-report", "due=Febuary 2024"], 1),
        (&["set", "annual-report", "every=fortnightly"], 1),
        (&["set", "annual-report", "status=finished"], 1),
        (&["set", "annual-report", "status=done"], 1),
        (&["set", "annual-report", "lead=polise"], 1),
        (&["set", "annual-report", "lead="], 1),
        (&["set", "annual-report", "priority=3"], 1),
        (&["set", "annual-report", "priority=high"], 1),
        (&["set", "annual-report", "title="], 1),
        (&["set", "annual-report", "title=two\nlines"], 1),
        (&["set", "annual-report", "colour=red"], 2),
        (&["set", "annual-report", "completed=2024-01-01"], 2),
        (&["set", "annual-report", "description=x"], 2),
        (&["set", "annual-report", "green"], 2),
        (&["set", "annual-report", "rag=red", "rag=green"], 2),
        (&["update", "annual-report", "   "], 2),
        (
            &[
                "new",
                "duties/annual-report",
                "--title",
                "T",
                "--lead",
                "ECDC",
            ],
            2,
        ),
        (&["new", "prevent/x", "--title", "T", "--lead", "ECDC"], 2),
        (
            &["new", "projects/x", "--title", "T", "--lead", "polise"],
            1,
        ),
        (
            &[
                "new",
                "projects/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--priority",
                "9",
            ],
            1,
        ),
        (
            &[
                "new",
                "projects/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--every",
                "often",
            ],
            1,
        ),
        (
            &["new", "projects/Bad_Name", "--title", "T", "--lead", "ECDC"],
            2,
        ),
        (
            &["new", "projects/x y", "--title", "T", "--lead", "ECDC"],
            2,
        ),
        (&["new", "x", "--title", "T", "--lead", "ECDC"], 2),
        (
            &[
                "new",
                "../outside/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--new-section",
                "O",
            ],
            2,
        ),
        (
            &["new", "projects/../../x", "--title", "T", "--lead", "ECDC"],
            2,
        ),
        (&["new", "/tmp/x", "--title", "T", "--lead", "ECDC"], 2),
        (
            &["new", "projects/.hidden", "--title", "T", "--lead", "ECDC"],
            2,
        ),
        (
            &[
                "new",
                "Projects2/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--new-section",
                "P",
            ],
            2,
        ),
        (
            &[
                "new",
                "projects/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--new-section",
                "P",
            ],
            2,
        ),
        (
            &[
                "new",
                "youth/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--new-section",
                " ",
            ],
            2,
        ),
        (
            &[
                "new",
                "youth/x",
                "--title",
                "T",
                "--lead",
                "nobody",
                "--new-section",
                "Youth",
            ],
            1,
        ),
        (
            &[
                "new",
                "projects/x",
                "--title",
                "T",
                "--lead",
                "ECDC",
                "--edit",
            ],
            2,
        ),
        (&["init", "."], 2),
        (&["init", "duties"], 2),
        (&["init", "csp.toml"], 2),
        (&["fmt", "--check"], 0),
        (&["fmt", "--dry-run"], 0),
        (&["fmt", "no-such-action"], 2),
    ];
    for (args, code) in refusals {
        let plan = copy_of(PLAN);
        let before = tree(plan.path());
        let mut args = args.to_vec();
        args.extend(["--as-of", "2024-04-01"]);
        if args[0] == "fmt" {
            args.truncate(args.len() - 2);
        }
        let output = run(plan.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(*code),
            "csp {args:?}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(tree(plan.path()), before, "csp {args:?} changed the plan");
    }
}

#[cfg(unix)]
#[test]
fn new_refuses_a_section_reached_through_a_symbolic_link() {
    let plan = copy_of(PLAN);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.path().join("projects/linked")).unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.path().join("elsewhere")).unwrap();
    let before = tree(plan.path());
    for args in [
        [
            "new",
            "projects/linked/x",
            "--title",
            "T",
            "--lead",
            "ECDC",
            "--new-section",
            "L",
        ],
        [
            "new",
            "elsewhere/x",
            "--title",
            "T",
            "--lead",
            "ECDC",
            "--new-section",
            "Elsewhere",
        ],
    ] {
        let output = run(plan.path(), &args);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("is a symbolic link"),
            "{output:?}"
        );
    }
    assert_eq!(tree(plan.path()), before);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn an_edited_file_that_no_longer_validates_is_kept_and_reported() {
    let plan = copy_of(PLAN);
    let output = csp(plan.path())
        .env("EDITOR", "sed -i s/ECDC/nobody/")
        .args([
            "new",
            "projects/x",
            "--title",
            "T",
            "--lead",
            "ECDC",
            "--edit",
        ])
        .args(["--as-of", "2024-04-01"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown lead `nobody`"), "{stderr}");
    assert!(
        stderr.contains("the file is kept as you left it"),
        "{stderr}"
    );
    assert_eq!(
        read(plan.path(), "projects/x.toml").lines().nth(2),
        Some("lead = [\"nobody\"]")
    );
}

#[test]
fn fmt_is_idempotent_and_keeps_every_comment() {
    let plan = copy_of(MESSY);
    let before = comments(plan.path());
    run(plan.path(), &["fmt", "--check"]).assert().code(1);
    run(plan.path(), &["fmt"]).assert().success();
    assert_eq!(comments(plan.path()), before);
    let formatted = tree(plan.path());
    run(plan.path(), &["fmt", "--check"]).assert().success();
    let again = run(plan.path(), &["fmt"]);
    assert!(again.status.success(), "{again:?}");
    assert_eq!(
        tree(plan.path()),
        formatted,
        "a second csp fmt changed files"
    );
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        ".: 2 action files checked, all formatted\n"
    );
}

#[test]
fn new_files_are_already_in_fmt_layout() {
    let plan = copy_of(PLAN);
    run(
        plan.path(),
        &[
            "new",
            "duties/youth/summer",
            "--new-section",
            "Youth",
            "--title",
            "Summer \"events\"",
            "--lead",
            "ECDC,police",
            "--priority",
            "2",
            "--priority",
            "1",
            "--due",
            "2024-08-31",
            "--every",
            "year",
            "--description",
            "Run summer events\nin three towns.",
            "--as-of",
            "2024-04-01",
        ],
    )
    .assert()
    .success();
    run(plan.path(), &["fmt", "--check"]).assert().success();
    run(
        plan.path(),
        &["validate", "--as-of", "2024-04-01", "--deny-warnings"],
    )
    .assert()
    .success();
}

#[test]
fn bundled_plan_is_in_fmt_layout() {
    csp(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["fmt", "--check", "--plan", "plan"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn edits_keep_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let plan = copy_of(PLAN);
    let path = plan.path().join(ANNUAL_REPORT);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    run(
        plan.path(),
        &["set", "annual-report", "rag=green", "--as-of", "2024-04-01"],
    )
    .assert()
    .success();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn a_read_only_file_is_refused_whoever_runs_csp() {
    let plan = copy_of(PLAN);
    let path = plan.path().join(ANNUAL_REPORT);
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let before = tree(plan.path());
    let output = run(
        plan.path(),
        &["set", "annual-report", "rag=green", "--as-of", "2024-04-01"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is read-only"));
    assert_eq!(tree(plan.path()), before);
}

/// A write that fails midway: the file-size limit (`RLIMIT_FSIZE`) binds root
/// too, unlike permissions, so this runs in CI as root. With SIGXFSZ
/// ignored, writing the temporary file fails with EFBIG.
#[cfg(unix)]
#[test]
fn a_write_that_fails_midway_leaves_the_original_intact() {
    let plan = copy_of(PLAN);
    let before = tree(plan.path());
    let output = support::clean_env(&mut Command::new("sh"))
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\"")
        .arg(support::csp_path())
        .args([
            "done",
            "raise-profile",
            "--on",
            "2024-02-10",
            "--as-of",
            "2024-04-01",
        ])
        .current_dir(plan.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ulimit") || stderr.contains("trap") {
        eprintln!("skipped: this shell cannot limit file sizes: {stderr}");
        return;
    }
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        stderr.contains("cannot write `duties/prevent/raise-profile.toml`"),
        "{stderr}"
    );
    assert_eq!(
        tree(plan.path()),
        before,
        "the failed write left something behind"
    );
}

/// The same through permissions, where they bind: not as root, who may
/// write anywhere.
#[cfg(unix)]
#[test]
fn a_directory_csp_cannot_write_in_leaves_the_original_intact() {
    use std::os::unix::fs::PermissionsExt;
    let plan = copy_of(PLAN);
    let dir = plan.path().join("duties/prevent");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(dir.join("probe"), "").is_ok() {
        fs::remove_file(dir.join("probe")).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running as root, whom directory permissions do not stop");
        return;
    }
    let before = tree(plan.path());
    let output = run(
        plan.path(),
        &[
            "done",
            "raise-profile",
            "--on",
            "2024-02-10",
            "--as-of",
            "2024-04-01",
        ],
    );
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(tree(plan.path()), before);
}

#[test]
fn done_moves_a_monthly_due_as_the_issue_says() {
    // due "2024-01", every month: done on 10 Feb 2024 → "2024-02";
    // done on 5 Mar 2024 → "2024-03".
    for (on, due) in [("2024-02-10", "2024-02"), ("2024-03-05", "2024-03")] {
        let plan = copy_of(PLAN);
        run(
            plan.path(),
            &["done", "raise-profile", "--on", on, "--as-of", "2024-04-01"],
        )
        .assert()
        .success();
        let text = read(plan.path(), RAISE_PROFILE);
        assert!(
            text.contains(&format!("\ndue = \"{due}\" # beside due\n")),
            "{text}"
        );
        assert!(text.contains(&format!("\ncompleted = {on}\n")), "{text}");
    }
}

#[test]
fn new_and_init_write_files_with_ordinary_permissions() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["init", "plan", "--as-of", "2024-04-01"])
        .assert()
        .success();
    let plan = dir.path().join("plan");
    run(
        &plan,
        &["validate", "--as-of", "2024-04-01", "--deny-warnings"],
    )
    .assert()
    .success();
    run(&plan, &["fmt", "--check"]).assert().success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As any program creating a file would leave it (under the same
        // umask), not private as a temporary file is.
        let probe = dir.path().join("probe");
        fs::write(&probe, "").unwrap();
        let expected = fs::metadata(&probe).unwrap().permissions().mode();
        for file in ["csp.toml", "statutory-duties/strategic-assessment.toml"] {
            let mode = fs::metadata(plan.join(file)).unwrap().permissions().mode();
            assert_eq!(mode, expected, "{file}: {mode:o}");
        }
    }
}

/// An action's path is derived from its id, except where the id cannot
/// spell it: a file whose name is not UTF-8 is still edited in place.
#[cfg(unix)]
#[test]
fn a_file_named_in_bytes_that_are_not_utf8_is_still_edited() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = copy_of(PLAN);
    let odd = dir
        .path()
        .join("duties")
        .join(OsStr::from_bytes(b"odd\xff.toml"));
    fs::rename(dir.path().join(ANNUAL_REPORT), &odd).unwrap();
    let output = run(dir.path(), &["set", "duties/odd\u{fffd}", "rag=green"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        fs::read_to_string(&odd)
            .unwrap()
            .contains("rag = \"green\"")
    );
}
