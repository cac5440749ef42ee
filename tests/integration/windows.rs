//! A council's Windows desktop, on any platform: what Git for Windows
//! (`core.autocrlf`), Windows PowerShell 5.1 (`>` writes UTF-16) and
//! Notepad do to the files csp reads, and the `-o FILE` every command
//! that prints a file takes instead of `>`. The Windows-only parts of
//! writing (a sharing violation, long paths) are unit tests of
//! `edit::write` with an injected error.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support;

const PLAN: &str = "tests/fixtures/edit/plan";

fn run(dir: &Path, args: &[&str]) -> Output {
    support::csp()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A copy of the editing tests' plan at `dir/plan`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN),
        &dir.path().join("plan"),
    );
    dir
}

/// `text` as Windows PowerShell 5.1's `>` saves it: UTF-16LE with a mark.
fn powershell_redirect(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Every action file of the plan at `root` made CRLF, as a checkout by
/// Git for Windows with `core.autocrlf=true` leaves them.
fn to_crlf(root: &Path) {
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|ext| ext == "toml") {
            let text = fs::read_to_string(entry.path()).unwrap();
            fs::write(entry.path(), text.replace('\n', "\r\n")).unwrap();
        }
    }
}

#[test]
fn a_crlf_checkout_reads_as_the_same_text_as_an_lf_one() {
    let dir = workspace();
    let file = dir.path().join("plan/duties/annual-report.toml");
    let text = fs::read_to_string(&file).unwrap().replace(
        "description = \"Publish the CSP's annual report on the council's website.\"",
        "description = \"\"\"\nPublish the annual report.\nThen tell the board.\"\"\"",
    );
    fs::write(&file, text).unwrap();
    let args = [
        "show",
        "annual-report",
        "--plan",
        "plan",
        "--as-of",
        "2024-03-01",
        "--format",
        "json",
    ];
    let lf = ok(&run(dir.path(), &args));
    assert!(
        lf.contains("Publish the annual report.\\nThen tell the board."),
        "{lf}"
    );
    to_crlf(&dir.path().join("plan"));
    let crlf = ok(&run(dir.path(), &args));
    assert_eq!(crlf, lf);
    let list = [
        "list",
        "--plan",
        "plan",
        "--as-of",
        "2024-03-01",
        "--format",
        "csv",
    ];
    assert!(!ok(&run(dir.path(), &list)).contains('\r'));
}

#[test]
fn every_command_that_prints_a_file_writes_it_with_o() {
    let dir = workspace();
    let plan = ["--plan", "plan", "--as-of", "2024-03-01"];
    let cases: Vec<Vec<&str>> = vec![
        [&["list", "--format", "csv"][..], &plan].concat(),
        [&["overdue", "--format", "json"][..], &plan].concat(),
        [&["upcoming", "--format", "md"][..], &plan].concat(),
        [&["summary", "--format", "json"][..], &plan].concat(),
        [&["leads", "--format", "csv"][..], &plan].concat(),
        [&["show", "annual-report", "--format", "json"][..], &plan].concat(),
        [&["report"][..], &plan].concat(),
        vec!["validate", "--plan", "plan", "--format", "json"],
        vec!["schema", "manifest"],
        vec!["completions", "powershell"],
        vec!["man"],
    ];
    for args in cases {
        let printed = ok(&run(dir.path(), &args));
        let out = dir.path().join("out.txt");
        let _ = fs::remove_file(&out);
        let written = run(dir.path(), &[&args[..], &["-o", "out.txt"]].concat());
        assert_eq!(ok(&written), "", "{args:?} prints nothing with -o");
        assert_eq!(fs::read_to_string(&out).unwrap(), printed, "{args:?}");
    }
    let refused = run(dir.path(), &["validate", "--plan", "plan", "-o", "x.txt"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_guessed_map_written_by_powershell_s_redirect_is_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("t.csv"),
        "Theme,Action,Lead,Due\r\nSafer streets,Spend the £5 grant — now,ECDC,31/03/2024\r\n",
    )
    .unwrap();
    let printed = ok(&run(dir.path(), &["import", "t.csv", "--guess-map"]));
    ok(&run(
        dir.path(),
        &["import", "t.csv", "--guess-map", "-o", "map.toml"],
    ));
    assert_eq!(
        fs::read_to_string(dir.path().join("map.toml")).unwrap(),
        printed
    );
    // What `csp import t.csv --guess-map > map.toml` makes in PowerShell 5.1.
    fs::write(dir.path().join("map.toml"), powershell_redirect(&printed)).unwrap();
    let imported = run(
        dir.path(),
        &[
            "import",
            "t.csv",
            "--map",
            "map.toml",
            "--on",
            "2024-03-14",
            "--as-of",
            "2024-03-14",
        ],
    );
    ok(&imported);
    let action = fs::read_to_string(
        dir.path()
            .join("t/safer-streets/spend-the-5-grant-now.toml"),
    );
    assert!(action.unwrap().contains("Spend the £5 grant — now"));
    // A tracker saved the same way is read too.
    let csv = fs::read_to_string(dir.path().join("t.csv")).unwrap();
    fs::write(dir.path().join("u.csv"), powershell_redirect(&csv)).unwrap();
    assert_eq!(
        ok(&run(dir.path(), &["import", "u.csv", "--guess-map"])),
        printed.replace("t.csv", "u.csv")
    );
}

#[test]
fn a_utf16_plan_file_is_named_as_such() {
    let dir = workspace();
    let file = dir.path().join("plan/duties/annual-report.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, powershell_redirect(&text)).unwrap();
    let out = run(dir.path(), &["validate", "--plan", "plan"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // Shown as the platform writes paths, in text for people.
    let shown = Path::new("plan").join("duties").join("annual-report.toml");
    assert!(
        err.contains(&format!(
            "`{}` is UTF-16 text (as Windows PowerShell's `>` and Notepad's Unicode encoding save it), not UTF-8",
            shown.display()
        )),
        "{err}"
    );
    assert!(err.contains("help: save it as UTF-8"), "{err}");
    assert!(!err.contains("invalid byte"), "{err}");
}

/// git on a network share owned by another account refuses the
/// repository; csp says so, with git's own `safe.directory` line, instead
/// of "not in a git repository". (git's test switch plays the share.)
#[test]
fn a_repository_git_will_not_read_for_its_owner_is_explained() {
    let dir = workspace();
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .output();
    if !init.is_ok_and(|output| output.status.success()) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let out = support::csp()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
        .args(["changes", "--plan", "plan", "--since", "HEAD"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("belongs to another user"), "{err}");
    assert!(
        err.contains("help: if you trust the folder, tell git so, once: git config --global --add safe.directory"),
        "{err}"
    );
}

/// Notepad saves `x.toml` as `x.toml.txt`, and Explorer hides the `.txt`;
/// Windows does not mind `X.TOML`. Neither is read, and both are named.
#[test]
fn action_files_windows_misnamed_are_warned_about_not_skipped() {
    let dir = workspace();
    let duties = dir.path().join("plan/duties");
    let text = fs::read_to_string(duties.join("annual-report.toml")).unwrap();
    fs::write(duties.join("new-action.toml.txt"), &text).unwrap();
    fs::write(duties.join("Other.TOML"), &text).unwrap();
    fs::write(duties.join("desktop.ini"), "[.ShellClassInfo]\r\n").unwrap();
    let out = run(
        dir.path(),
        &["validate", "--plan", "plan", "--format", "json"],
    );
    let lines = String::from_utf8_lossy(&out.stdout);
    assert!(
        lines.contains(r#""code":"misnamed-file","severity":"warning","file":"plan/duties/new-action.toml.txt""#),
        "{lines}"
    );
    assert!(
        lines.contains("rename it to `new-action.toml`; Windows Explorer hides the `.txt`"),
        "{lines}"
    );
    assert!(
        lines.contains("rename it to `Other.toml`, in lowercase"),
        "{lines}"
    );
    assert!(!lines.contains("desktop.ini"), "{lines}");
    assert_eq!(lines.lines().count(), 2, "{lines}");
}

/// `import --into` a plan whose csp.toml Git for Windows checked out CRLF,
/// with the byte-order mark Notepad adds: the lines it did not change keep
/// their bytes, the new ones take CRLF, and the mark stays.
#[test]
fn import_into_keeps_a_crlf_csp_toml_with_its_byte_order_mark() {
    let dir = workspace();
    let manifest = dir.path().join("plan/csp.toml");
    let lf = fs::read_to_string(&manifest).unwrap();
    let windows = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    fs::write(&manifest, &windows).unwrap();
    fs::write(
        dir.path().join("t.csv"),
        "Theme,Action,Lead,Due\r\nYouth,Fund detached youth work,police,31/03/2024\r\n",
    )
    .unwrap();
    ok(&run(
        dir.path(),
        &[
            "import",
            "t.csv",
            "--into",
            "plan",
            "--on",
            "2024-03-14",
            "--as-of",
            "2024-03-14",
        ],
    ));
    let after = fs::read_to_string(&manifest).unwrap();
    assert!(after.starts_with('\u{feff}'), "{after:?}");
    assert!(
        after.starts_with(&windows[..windows.find("[sections]").unwrap()]),
        "{after:?}"
    );
    assert!(after.contains("\"youth\" = \"Youth\"\r\n"), "{after:?}");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "all CRLF: {after:?}"
    );
}

/// What cannot run here is at least pinned on paper: the Windows CI job,
/// the release (zip and MSI, static C runtime) and the metadata it reads.
#[test]
fn the_windows_delivery_is_described_where_it_would_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| fs::read_to_string(root.join(path)).unwrap();
    let matrix = read("examples/ci/test-matrix.yml");
    for os in [
        "ubuntu-latest",
        "windows-latest",
        "macos-latest",
        "core.autocrlf true",
    ] {
        assert!(matrix.contains(os), "{os}");
    }
    let release = read("examples/ci/release.yml");
    for part in ["x86_64-pc-windows-msvc", ".zip", ".msi", "cargo wix"] {
        assert!(release.contains(part), "{part}");
    }
    assert!(read(".cargo/config.toml").contains("+crt-static"));
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    for key in ["description", "repository", "license"] {
        assert!(manifest["package"].get(key).is_some(), "{key}");
    }
    let attributes = read(".gitattributes");
    assert!(attributes.contains("*.toml text eol=lf"));
    // Its byte-exact fixtures keep their own rule, closer to them.
    assert!(read("tests/fixtures/robust/.gitattributes").contains("** -text"));
    let readme = read("README.md");
    for part in [
        "## On Windows",
        "$env:EDITOR",
        "core.longpaths",
        "safe.directory",
        "-o ",
    ] {
        assert!(readme.contains(part), "{part}");
    }
}

/// Where the tests run from a git checkout, git itself says the fixtures
/// with CRLF, BOMs and UTF-16 are kept byte for byte, and plan files LF.
#[test]
fn git_keeps_byte_exact_fixtures_byte_exact() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args([
            "check-attr",
            "text",
            "eol",
            "--",
            "tests/fixtures/robust/encodings/s/crlf.toml",
            "plan/csp.toml",
        ])
        .output();
    let Ok(out) = out.map(|out| String::from_utf8_lossy(&out.stdout).into_owned()) else {
        eprintln!("skipped: git is not installed");
        return;
    };
    if out.is_empty() {
        eprintln!("skipped: not a git checkout");
        return;
    }
    assert!(
        out.contains("tests/fixtures/robust/encodings/s/crlf.toml: text: unset"),
        "{out}"
    );
    assert!(out.contains("plan/csp.toml: text: set"), "{out}");
    assert!(out.contains("plan/csp.toml: eol: lf"), "{out}");
}

/// Committed with LF, checked out with CRLF (Git for Windows'
/// `core.autocrlf=true`): `csp changes` against the working tree finds
/// nothing changed, multi-line descriptions included.
#[test]
fn a_crlf_working_tree_has_no_changes_against_its_lf_commit() {
    let dir = workspace();
    let file = dir.path().join("plan/duties/annual-report.toml");
    let text = fs::read_to_string(&file).unwrap().replace(
        "description = \"Publish the CSP's annual report on the council's website.\"",
        "description = \"\"\"\nPublish the annual report.\nThen tell the board.\"\"\"",
    );
    fs::write(&file, text).unwrap();
    let git = |args: &[&str]| {
        let mut command = std::process::Command::new("git");
        support::clean_env(&mut command);
        command
            .current_dir(dir.path())
            .args(["-c", "core.autocrlf=false", "-c", "commit.gpgsign=false"])
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args)
            .output()
    };
    if !git(&["init", "-q"]).is_ok_and(|out| out.status.success()) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let committed = git(&["add", "."]).and_then(|_| git(&["commit", "-q", "-m", "LF"]));
    assert!(committed.unwrap().status.success());
    to_crlf(&dir.path().join("plan"));
    let out = ok(&run(
        dir.path(),
        &[
            "changes", "--plan", "plan", "--since", "HEAD", "--format", "json",
        ],
    ));
    // Saved with -o, the same JSON.
    ok(&run(
        dir.path(),
        &[
            "changes",
            "--plan",
            "plan",
            "--since",
            "HEAD",
            "--format",
            "json",
            "-o",
            "changes.json",
        ],
    ));
    assert_eq!(
        fs::read_to_string(dir.path().join("changes.json")).unwrap(),
        out
    );
    let set: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = set.to_string();
    assert!(!text.contains("annual-report"), "{out}");
    assert!(!text.contains("\\r"), "{out}");
}
