//! What the test modules share: the one way to start `csp`, and copies of
//! fixture plans compared byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const LOCK_FILE: &str = ".csp.lock";

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

/// Everything git and csp need to behave the same anywhere, for a command
/// run in the test repository at `dir` on `day`: no variable
/// [`clean_env`] removes, and fixed identities, dates and configuration.
pub(crate) fn fixed_git_env<'c>(
    command: &'c mut Command,
    dir: &Path,
    day: &str,
) -> &'c mut Command {
    let stamp = format!("{day}T10:00:00Z");
    clean_env(command)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test Officer")
        .env("GIT_AUTHOR_EMAIL", "officer@example.org")
        .env("GIT_COMMITTER_NAME", "Test Officer")
        .env("GIT_COMMITTER_EMAIL", "officer@example.org")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
}

/// Every file under `root` (the lock left out) as text, by its path
/// relative to `root` with `/` between the parts.
pub(crate) fn texts(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != LOCK_FILE)
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap();
            let name = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (name, fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

/// `csp`, with nothing from the caller's environment that could change
/// what it does; each test adds what it needs (`NO_COLOR`, the directory).
pub(crate) fn csp() -> Command {
    let mut command = Command::new(csp_path());
    clean_env(&mut command);
    command
}

/// A copy of a fixture plan to edit.
pub(crate) fn copy_of(fixture: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(fixture), dir.path());
    dir
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every entry under `root` with its bytes (`None` for a directory, the
/// target for a link): two equal trees are byte-identical. The plan's lock
/// file is left out: every writer creates it, empty, and none deletes it.
pub(crate) fn tree(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let lock = root.join(LOCK_FILE);
    if lock.exists() {
        assert_eq!(fs::read(&lock).unwrap(), b"", "the lock file stays empty");
    }
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter(|entry| entry.as_ref().map_or(true, |entry| entry.path() != lock))
        .map(|entry| {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(root).unwrap().to_path_buf();
            let file_type = entry.file_type();
            let content = if file_type.is_symlink() {
                Some(
                    fs::read_link(entry.path())
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                )
            } else if file_type.is_dir() {
                None
            } else {
                Some(fs::read(entry.path()).unwrap())
            };
            (relative, content)
        })
        .collect()
}

/// The environment variable that turns on the second layer of checks:
/// csp's output read by programs outside Rust (see `external`).
pub(crate) const EXTERNAL_CHECKS: &str = "CSP_EXTERNAL_CHECKS";

/// Whether the checks by outside programs run: `CSP_EXTERNAL_CHECKS` set to
/// anything but empty or `0`, as `.ci/run` sets it. Then a missing program
/// fails its test. Unset, each such test returns at once, and the first
/// says once, on the terminal, what was not run and how to run it.
pub(crate) fn external_checks() -> bool {
    let on =
        std::env::var_os(EXTERNAL_CHECKS).is_some_and(|value| !value.is_empty() && value != "0");
    if !on {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            // Straight to the terminal: the test harness captures what
            // `println!` and `eprintln!` say in a passing test.
            let _ = writeln!(
                std::io::stderr().lock(),
                "skipped: outside-reader checks (set {EXTERNAL_CHECKS}=1; .ci/run installs python3-openpyxl, chromium, poppler-utils)"
            );
        });
    }
    on
}
