//! Bad input that cannot live in git as fixtures: generated files (deep
//! nesting, huge and over-limit files) and file-system oddities (links,
//! loops, a directory named like a file, unreadable entries, a FIFO). Each
//! must end in a clear diagnostic naming the path and exit 1 or 2, never a
//! panic (101) or a hang. The fixtures that do fit in git are under
//! tests/fixtures/robust/, run from tests/cmd/robust/. What needs Unix
//! (links, a FIFO, permission bits, a name that is not UTF-8) is
//! `#[cfg(unix)]`, so that the tests build and run on Windows too.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::support;

const MANIFEST: &str = "[plan]\nname = \"Robustness\"\n\n[sections]\n\"s\" = \"Section\"\n\n[leads.ECDC]\nname = \"East Cambridgeshire District Council\"\n";
const ACTION: &str = "title = \"T\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n";

/// A plan directory `plan/` inside a temporary directory, with a manifest
/// and the section directory `s`.
struct Plan {
    dir: TempDir,
}

impl Plan {
    fn new() -> Self {
        let plan = Self::without_manifest();
        plan.write("csp.toml", MANIFEST.as_bytes());
        fs::create_dir_all(plan.root().join("s")).unwrap();
        plan
    }

    fn without_manifest() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("plan")).unwrap();
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("plan")
    }

    fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    /// Runs csp in the plan's parent directory, so paths read `plan/…`.
    fn csp(&self, args: &[&str]) -> Outcome {
        let output = Command::from_std(support::csp())
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .args(args)
            .timeout(Duration::from_mins(1))
            .output()
            .unwrap();
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    fn validate(&self, extra: &[&str]) -> Outcome {
        let mut args = vec!["validate", "--plan", "plan", "--as-of", "2024-06-01"];
        args.extend(extra);
        self.csp(&args)
    }
}

#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

#[cfg(unix)]
/// Whether this process runs as root, for whom permissions do not stop
/// reads: a file we create is owned by our effective user.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let plan = Plan::new();
    let depth = 100_000;
    let arrays = format!("lead = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    plan.write("s/arrays.toml", arrays.as_bytes());
    let tables = format!("x = {}1{}\n", "{a = ".repeat(5_000), "}".repeat(5_000));
    plan.write("s/tables.toml", tables.as_bytes());
    let keys = format!("[{}b]\n", "a.".repeat(20_000));
    plan.write("s/keys.toml", keys.as_bytes());
    let out = plan.validate(&["--format", "json"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stdout,
        concat!(
            r#"{"code":"toml-syntax","severity":"error","file":"plan/s/arrays.toml","line":1,"column":88,"message":"invalid TOML: cannot recurse further; max recursion depth met","help":null}"#,
            "\n",
            r#"{"code":"toml-syntax","severity":"error","file":"plan/s/keys.toml","line":1,"column":1,"message":"invalid TOML: recursion limit","help":null}"#,
            "\n",
            r#"{"code":"toml-syntax","severity":"error","file":"plan/s/tables.toml","line":1,"column":405,"message":"invalid TOML: cannot recurse further; max recursion depth met","help":null}"#,
            "\n",
        )
    );
}

#[test]
fn huge_strings_and_lists_under_the_limit_load() {
    let plan = Plan::new();
    let title = format!(
        "title = \"{}\"\ndescription = \"D\"\nlead = \"ECDC\"\n",
        "x".repeat(900_000)
    );
    plan.write("s/long-title.toml", title.as_bytes());
    let tags = format!("{ACTION}tags = [{}]\n", "\"t\",".repeat(100_000));
    plan.write("s/many-tags.toml", tags.as_bytes());
    let out = plan.validate(&["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        "plan: 2 action files checked, no problems found\n"
    );
    let list = plan.csp(&["list", "--plan", "plan", "--format", "json"]);
    assert_eq!(list.code, Some(0), "{}", list.stderr);
}

#[test]
fn files_over_one_mebibyte_are_refused_and_one_at_the_limit_is_read() {
    let plan = Plan::new();
    let limit = 1024 * 1024;
    plan.write("s/over.toml", "#".repeat(limit + 1).as_bytes());
    let padded = format!("{ACTION}{}", "#".repeat(limit - ACTION.len()));
    assert_eq!(padded.len(), limit);
    plan.write("s/at-limit.toml", padded.as_bytes());
    let out = plan.validate(&[]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error[file-too-large]: `plan/s/over.toml` is over 1 MiB, too large for a plan file\n\
         --> plan/s/over.toml\n \
         = help: an action file holds one action; move other material out of the plan directory\n\
         \n\
         plan: 2 action files checked, 1 error; the plan is not valid\n"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed_even_in_a_loop() {
    let plan = Plan::new();
    plan.write("s/real.toml", ACTION.as_bytes());
    let s = plan.root().join("s");
    std::os::unix::fs::symlink("loop-b.toml", s.join("loop-a.toml")).unwrap();
    std::os::unix::fs::symlink("loop-a.toml", s.join("loop-b.toml")).unwrap();
    std::os::unix::fs::symlink("..", s.join("parent")).unwrap();
    let out = plan.validate(&[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let warning = |name: &str| {
        format!(
            "warning[symlink-skipped]: `plan/s/{name}` is a symbolic link; csp does not follow links\n\
             --> plan/s/{name}\n \
             = help: copy or move the file into the plan directory instead\n\n"
        )
    };
    assert_eq!(
        out.stderr,
        format!(
            "{}{}{}plan: 1 action file checked, 3 warnings\n",
            warning("loop-a.toml"),
            warning("loop-b.toml"),
            warning("parent")
        )
    );
    assert_eq!(plan.validate(&["--deny-warnings"]).code, Some(1));
}

#[test]
fn a_directory_named_like_an_action_file_is_a_warning() {
    let plan = Plan::new();
    fs::create_dir_all(plan.root().join("s/x.toml")).unwrap();
    plan.write("s/x.toml/inside.toml", ACTION.as_bytes());
    let out = plan.validate(&["--deny-warnings"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "warning[section-not-listed]: section directory `s/x.toml` is not in [sections]\n\
         --> plan/csp.toml\n \
         = help: add it to [sections] in csp.toml with its title, e.g. \"s/x.toml\" = \"…\"\n\
         \n\
         warning[directory-named-toml]: `plan/s/x.toml` is a directory, not an action file\n\
         --> plan/s/x.toml\n \
         = help: rename the directory: names ending in .toml are for action files\n\
         \n\
         plan: 1 action file checked, 2 warnings; the plan is not valid\n"
    );
}

#[test]
fn a_manifest_that_is_a_directory_is_unreadable() {
    let plan = Plan::without_manifest();
    fs::create_dir(plan.root().join("csp.toml")).unwrap();
    plan.write("s/a.toml", ACTION.as_bytes());
    let out = plan.validate(&[]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.starts_with(
            "error[unreadable]: cannot read `plan/csp.toml`: Is a directory (os error 21)\n\
             --> plan/csp.toml\n \
             = help: check the file's permissions, and that it is a regular file\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn an_empty_plan_directory_has_no_manifest() {
    let plan = Plan::without_manifest();
    let out = plan.validate(&[]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error[manifest-missing]: the plan has no manifest `plan/csp.toml`\n\
         --> plan/csp.toml\n \
         = help: create it with a [plan] table naming the plan, and [leads] for the bodies that lead actions; `csp init` writes a commented one\n\
         \n\
         plan: 0 action files checked, 1 error; the plan is not valid\n"
    );
}

#[test]
fn a_plan_path_that_does_not_exist_is_a_usage_error() {
    let plan = Plan::new();
    let out = plan.csp(&["validate", "--plan", "nowhere"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: no plan directory at `nowhere`\nhelp: pass the directory that holds csp.toml, e.g. --plan plan\n"
    );
    let out = plan.csp(&["overdue", "--plan", "plan/csp.toml/x"]);
    assert_eq!(out.code, Some(2), "{out:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_action_file_is_passed_over_without_blocking() {
    let plan = Plan::new();
    plan.write("s/a.toml", ACTION.as_bytes());
    let fifo = plan.root().join("s/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = plan.validate(&["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        "plan: 1 action file checked, no problems found\n"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_still_loads() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let plan = Plan::new();
    let name = OsStr::from_bytes(b"caf\xe9.toml");
    fs::write(plan.root().join("s").join(name), ACTION).unwrap();
    let out = plan.validate(&["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let list = plan.csp(&["list", "--plan", "plan", "--format", "json"]);
    assert_eq!(list.code, Some(0), "{list:?}");
    assert!(
        list.stdout.contains("\"id\": \"s/caf\u{fffd}\""),
        "{}",
        list.stdout
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_named() {
    use std::os::unix::fs::PermissionsExt;
    if running_as_root() {
        eprintln!(
            "skipped: running as root, whom file permissions do not stop from reading \
             (the unreadable-file path is still covered by the manifest-is-a-directory test)"
        );
        return;
    }
    let plan = Plan::new();
    plan.write("s/locked.toml", ACTION.as_bytes());
    plan.write("s/closed/a.toml", ACTION.as_bytes());
    let locked = plan.root().join("s/locked.toml");
    let closed = plan.root().join("s/closed");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o000)).unwrap();
    let out = plan.validate(&["--format", "json"]);
    // Restore permissions so the temporary directory can be removed.
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(&closed, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stdout,
        concat!(
            r#"{"code":"unreadable","severity":"error","file":"plan/s/closed","line":1,"column":1,"message":"cannot read `plan/s/closed`: Permission denied (os error 13)","help":"check the directory's permissions"}"#,
            "\n",
            r#"{"code":"unreadable","severity":"error","file":"plan/s/locked.toml","line":1,"column":1,"message":"cannot read `plan/s/locked.toml`: Permission denied (os error 13)","help":"check the file's permissions"}"#,
            "\n",
        )
    );
}

#[test]
fn every_command_survives_a_plan_of_bad_files() {
    let plan = Plan::new();
    plan.write(
        "s/good.toml",
        format!("{ACTION}due = 0000-01-01\nevery = \"year\"\n").as_bytes(),
    );
    plan.write("s/bad.toml", b"title = \"x\n\xff\x00");
    plan.write(
        "s/late.toml",
        format!("{ACTION}completed = 9999-12-31\nevery = \"100 years\"\n").as_bytes(),
    );
    for args in [
        vec!["list"],
        vec!["overdue", "--format", "json"],
        vec!["upcoming", "--within", "100y"],
        vec!["show", "good"],
        vec!["leads"],
        vec!["summary"],
    ] {
        let mut full = args.clone();
        full.extend(["--plan", "plan", "--as-of", "2024-06-01"]);
        if args[0] == "leads" || args[0] == "summary" || args[0] == "show" {
            full.truncate(full.len() - 2);
            full.extend(["--as-of", "9999-12-31"]);
        }
        let out = plan.csp(&full);
        assert!(
            matches!(out.code, Some(0..=2)),
            "csp {full:?} ended with {:?}: {}",
            out.code,
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

#[test]
fn a_root_path_with_odd_characters_is_shown_as_given() {
    let plan = Plan::new();
    let odd: PathBuf = plan.dir.path().join("a plan, with: commas");
    fs::rename(plan.root(), &odd).unwrap();
    fs::write(odd.join("s/bad.toml"), "leed = 1\n").unwrap();
    let out = plan.csp(&[
        "validate",
        "--plan",
        "a plan, with: commas",
        "--format",
        "github",
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout
            .contains("::error file=a plan%2C with%3A commas/s/bad.toml,line=1,col=1,"),
        "{}",
        out.stdout
    );
    assert!(Path::new(&odd).is_dir());
}

#[test]
fn a_file_with_a_hundred_thousand_problems_shows_the_first_hundred() {
    let plan = Plan::new();
    let zeros = "0,".repeat(100_000);
    plan.write(
        "s/zeros.toml",
        format!("{ACTION}priority = [{zeros}]\n").as_bytes(),
    );
    let out = plan.validate(&["--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 101);
    assert_eq!(
        lines[100],
        r#"{"code":"too-many-problems","severity":"error","file":"plan/s/zeros.toml","line":1,"column":1,"message":"99900 more problems in `plan/s/zeros.toml` not shown (99900 errors): csp shows the first 100 problems of each file","help":"fix the problems shown and run csp validate again"}"#
    );
    let text = plan.validate(&[]);
    assert!(
        text.stderr
            .ends_with("plan: 1 action file checked, 101 errors; the plan is not valid\n"),
        "{}",
        text.stderr
    );
}

#[test]
fn a_long_unknown_lead_beside_a_long_lead_name_is_quick() {
    // Edit distance between two 500 kB names would take minutes.
    let plan = Plan::new();
    let name = "y".repeat(500_000);
    plan.write(
        "csp.toml",
        format!("{MANIFEST}\n[leads.long]\nname = \"{name}\"\n").as_bytes(),
    );
    plan.write(
        "s/a.toml",
        format!("title = \"T\"\ndescription = \"D\"\nlead = [\"{name}x\"]\n").as_bytes(),
    );
    let out = plan.validate(&["--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stdout
            .contains(r#""help":"add it to csp.toml as\n[leads.yyyy"#),
        "{}",
        &out.stdout[..300]
    );
}
