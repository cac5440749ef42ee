//! What the test modules share: the one way to start `csp`.

use std::path::Path;
use std::process::Command;

/// Variables from the caller's environment that change what `csp` (or the
/// git it runs) does: the plan it finds, the editor `--edit` starts, colour,
/// table width, and which repository git reads. A test that wants one sets
/// it on the command.
const CLEANED: &[&str] = &[
    "CSP_PLAN",
    "EDITOR",
    "VISUAL",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
];

/// The `csp` executable cargo built for these tests.
pub(crate) fn csp_path() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("csp")
}

/// Removes [`CLEANED`] from `command`'s environment: for `csp` itself, and
/// for a program that starts it or runs git in a test's repository.
pub(crate) fn clean_env(command: &mut Command) -> &mut Command {
    for name in CLEANED {
        command.env_remove(name);
    }
    command
}

/// `csp`, with nothing from the caller's environment that could change
/// what it does; each test adds what it needs (`NO_COLOR`, the directory).
pub(crate) fn csp() -> Command {
    let mut command = Command::new(csp_path());
    clean_env(&mut command);
    command
}
