//! `csp validate` cases that need a generated tree or environment:
//! plan discovery, `$CSP_PLAN`, and a run with no plan anywhere.

use std::fs;
use std::path::Path;

use std::process::Command;

use assert_cmd::prelude::*;

use crate::support;

fn csp() -> Command {
    let mut command = support::csp();
    command.env("NO_COLOR", "1");
    command
}

fn write_plan(root: &Path) {
    fs::create_dir_all(root.join("sec")).unwrap();
    fs::write(
        root.join("csp.toml"),
        "[plan]\nname = \"Test\"\n\n[sections]\n\"sec\" = \"Section\"\n\n[leads.ECDC]\nname = \"East Cambridgeshire District Council\"\n",
    )
    .unwrap();
    fs::write(
        root.join("sec/a.toml"),
        "title = \"A\"\ndescription = \"A.\"\nlead = [\"ECDC\"]\n",
    )
    .unwrap();
}

#[test]
fn finds_the_plan_from_a_directory_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path());
    csp()
        .current_dir(dir.path().join("sec"))
        .args(["validate", "--as-of", "2024-01-01"])
        .assert()
        .success()
        .stdout("..: 1 action file checked, no problems found\n");
}

#[test]
fn finds_a_plan_directory_beside_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(&dir.path().join("plan"));
    fs::create_dir(dir.path().join("docs")).unwrap();
    csp()
        .current_dir(dir.path().join("docs"))
        .args(["validate", "--as-of", "2024-01-01"])
        .assert()
        .success()
        .stdout("../plan: 1 action file checked, no problems found\n");
    csp()
        .current_dir(dir.path())
        .args(["validate", "--as-of", "2024-01-01"])
        .assert()
        .success()
        .stdout("plan: 1 action file checked, no problems found\n");
}

#[test]
fn csp_plan_names_the_plan_and_plan_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(&dir.path().join("plan"));
    let elsewhere = tempfile::tempdir().unwrap();
    csp()
        .current_dir(elsewhere.path())
        .env("CSP_PLAN", dir.path().join("plan"))
        .args(["validate", "--as-of", "2024-01-01"])
        .assert()
        .success();
    csp()
        .current_dir(elsewhere.path())
        .env("CSP_PLAN", dir.path().join("plan"))
        .args(["validate", "--plan", "nowhere", "--as-of", "2024-01-01"])
        .assert()
        .code(2)
        .stderr("error: no plan directory at `nowhere`\nhelp: pass the directory that holds csp.toml, e.g. --plan plan\n");
}

#[test]
fn no_plan_anywhere_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = csp()
        .current_dir(dir.path())
        .args(["validate"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no plan found: neither `csp.toml` nor `plan/csp.toml` is in `"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("or any directory above it\nhelp: pass --plan DIR, set CSP_PLAN, or start a plan with `csp init`\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path());
    std::os::unix::fs::symlink(
        dir.path().join("sec/a.toml"),
        dir.path().join("sec/link.toml"),
    )
    .unwrap();
    csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", ".", "--as-of", "2024-01-01"])
        .assert()
        .success()
        .stderr(
            "warning[symlink-skipped]: `sec/link.toml` is a symbolic link; csp does not follow links\n\
             --> sec/link.toml\n \
             = help: copy or move the file into the plan directory instead\n\n\
             .: 1 action file checked, 1 warning\n",
        );
}

#[test]
fn files_over_one_mebibyte_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path());
    let mut big = String::from("title = \"Big\"\ndescription = \"");
    big.push_str(&"x".repeat(1024 * 1024));
    big.push_str("\"\nlead = [\"ECDC\"]\n");
    fs::write(dir.path().join("sec/big.toml"), big).unwrap();
    csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", ".", "--as-of", "2024-01-01"])
        .assert()
        .code(1)
        .stderr(
            "error[file-too-large]: `sec/big.toml` is over 1 MiB, too large for a plan file\n\
             --> sec/big.toml\n \
             = help: an action file holds one action; move other material out of the plan directory\n\n\
             .: 2 action files checked, 1 error; the plan is not valid\n",
        );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let broken = [
        "validate",
        "--plan",
        "tests/fixtures/validate/broken",
        "--as-of",
        "2026-01-01",
    ];
    let plain = csp()
        .args(broken)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(
        !plain.contains(&0x1b),
        "piped output must have no escape codes"
    );
    let coloured = csp()
        .args(broken)
        .arg("--color=always")
        .env_remove("NO_COLOR")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(coloured.contains(&0x1b), "--color=always must colour");
    let never = csp()
        .args(broken)
        .arg("--color=never")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert_eq!(never, plain);
}

/// Two action files whose names differ only by case: made here, not kept in
/// git, since a Windows or macOS checkout cannot hold both. On such a file
/// system the second write is the first file, and there is nothing to test.
#[test]
fn two_ids_differing_only_by_case_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path());
    let sec = dir.path().join("sec");
    fs::write(
        sec.join("clash.toml"),
        "title = \"Two\"\ndescription = \"Lower case.\"\nlead = [\"ECDC\"]\n",
    )
    .unwrap();
    fs::write(
        sec.join("Clash.toml"),
        "title = \"One\"\ndescription = \"Upper case.\"\nlead = [\"ECDC\"]\n",
    )
    .unwrap();
    if fs::read_dir(&sec).unwrap().count() < 3 {
        eprintln!("skipped: this file system does not tell `clash.toml` from `Clash.toml`");
        return;
    }
    let run = |format: &str| {
        csp()
            .current_dir(dir.path())
            .args([
                "validate",
                "--plan",
                ".",
                "--as-of",
                "2024-01-01",
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    let text = run("text");
    assert_eq!(text.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&text.stderr).contains(
        "error[id-case-clash]: `sec/clash` differs from `sec/Clash` only by letter case\n\
         --> sec/clash.toml\n \
         = help: rename one of the files; `sec/Clash.toml` is the other\n"
    ));
    let json = run("json");
    assert!(String::from_utf8_lossy(&json.stdout).contains(
        r#"{"code":"id-case-clash","severity":"error","file":"sec/clash.toml","line":1,"column":1,"message":"`sec/clash` differs from `sec/Clash` only by letter case","help":"rename one of the files; `sec/Clash.toml` is the other"}"#
    ));
    let github = run("github");
    assert!(String::from_utf8_lossy(&github.stdout).contains(
        "::error file=sec/clash.toml,line=1,col=1,title=id-case-clash::`sec/clash` differs from `sec/Clash` only by letter case%0Ahelp: rename one of the files; `sec/Clash.toml` is the other"
    ));
}

/// `[plan] from`, `[plan] returns` and a lead's `greeting` are checked
/// like the rest of csp.toml: a named address passes, a bad one, a bad
/// window and a two-line greeting are errors naming the fix.
#[test]
fn the_drafts_sender_return_window_and_greeting_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    support::copy_tree(Path::new("tests/fixtures/meetings/plan"), &plan);
    let manifest = fs::read_to_string(plan.join("csp.toml")).unwrap();
    let good = manifest.replacen(
        "name = \"Test Valley CSP action plan\"",
        "name = \"Test Valley CSP action plan\"\nfrom = \"CSP officer <csp@testvalley.example>\"\nreturns = \"7d\"",
        1,
    );
    fs::write(plan.join("csp.toml"), &good).unwrap();
    let run = || {
        csp()
            .args(["validate", "--plan"])
            .arg(&plan)
            .args(["--as-of", "2024-03-01", "--format", "json"])
            .output()
            .unwrap()
    };
    let output = run();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let bad = manifest
        .replacen(
            "name = \"Test Valley CSP action plan\"",
            "name = \"Test Valley CSP action plan\"\nfrom = \"the officer\"\nreturns = \"a week\"",
            1,
        )
        .replacen(
            "contact = \"Siân Jones\"",
            "contact = \"Siân Jones\"\ngreeting = \"Siân\\nJones\"",
            1,
        );
    fs::write(plan.join("csp.toml"), bad).unwrap();
    let output = run();
    assert_eq!(output.status.code(), Some(1));
    let messages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["message"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`from` is not an e-mail address")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("returns")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m == "`greeting` must be one line"),
        "{messages:?}"
    );
}
