//! `csp completions` and `csp man` are generated from the same clap
//! definition that parses arguments: check that each names every command.

use crate::support;

fn csp(args: &[&str]) -> String {
    let output = support::csp().args(args).output().unwrap();
    assert!(output.status.success(), "csp {args:?} failed");
    assert!(output.stderr.is_empty(), "csp {args:?} wrote to stderr");
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands, as `csp --help` lists them.
fn subcommands() -> Vec<String> {
    let help = csp(&["--help"]);
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        // Command lines are indented by two spaces; wrapped text by more.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(commands.len() >= 4, "found commands: {commands:?}");
    commands
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = csp(&["completions", shell]);
        for command in &commands {
            assert!(
                script.contains(command.as_str()),
                "{shell} completions lack `{command}`"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = support::csp()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid value 'tcsh'"));
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let page = csp(&["man"]);
    assert!(page.contains(".TH csp 1"), "no .TH header");
    for command in subcommands() {
        assert!(
            // roff escapes every hyphen: `csp\-year\-end`.
            page.contains(&format!("csp\\-{}", command.replace('-', "\\-"))),
            "the man page lacks `{command}`"
        );
    }
}

#[test]
fn man_out_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    csp(&["man", "--out-dir", out.to_str().unwrap()]);
    assert!(out.join("csp.1").is_file());
    for command in subcommands() {
        let page = std::fs::read_to_string(out.join(format!("csp-{command}.1"))).unwrap();
        assert!(page.contains(".TH"), "csp-{command}.1 has no .TH header");
    }
}
