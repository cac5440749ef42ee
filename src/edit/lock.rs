//! One writer at a time per plan: an exclusive lock on a lock file, taken
//! before a writing command reads the files it will change and held until
//! its last rename (or roll-back) is done. Readers never take it. The lock
//! file is never deleted: deleting it would let a third writer lock a new
//! file while a second still waits on the old one.
//!
//! The lock is no part of the plan, so it must never show as a change (in
//! `git status`, `csp changes` or the pack): in a git repository it lives
//! inside the repository's own directory (`.git/csp/<plan>.lock`), where
//! git never looks; elsewhere it is `.csp.lock` beside csp.toml, hidden so
//! the loader passes over it, and `csp init` and `csp import` write the
//! line that ignores it for when the plan is put in git later.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;

/// The lock file's name, in the plan's root directory.
pub const LOCK_FILE: &str = ".csp.lock";

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(20);

/// The plan's write lock, held until dropped.
#[derive(Debug)]
pub struct PlanLock {
    // Dropping the file releases the lock.
    _file: File,
    path: PathBuf,
}

impl PlanLock {
    /// Takes the write lock of the plan in `root`, creating `.csp.lock` if
    /// it is missing. If another process holds it, calls `on_wait` once (for
    /// the caller to say so) and tries again until `timeout` has passed, then
    /// gives up with an environment error. A file system that cannot lock at
    /// all is an error too: csp will not write without the lock.
    pub fn acquire(root: &Path, timeout: Duration, on_wait: impl FnOnce()) -> anyhow::Result<Self> {
        let path = lock_path(root);
        let shown = path.display();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|error| {
                Error::environment(format!("cannot open the plan's lock file `{shown}`: {error}"))
                    .with_help("csp writes only while it holds this lock; check that the plan directory is writable")
            })?;
        let deadline = Instant::now() + timeout;
        let mut on_wait = Some(on_wait);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file, path }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(error)) => {
                    return Err(Error::environment(format!(
                        "cannot lock the plan's lock file `{shown}`: {error}"
                    ))
                    .with_help("csp writes only while it holds this lock, so that two writers cannot lose each other's changes; a network share without working locks cannot give it")
                    .into());
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::environment(format!(
                    "another csp has been writing the plan for {}; gave up waiting, nothing was written",
                    seconds(timeout)
                ))
                .with_help("run the command again once the other has finished, or wait longer with --wait SECONDS")
                .into());
            }
            if let Some(on_wait) = on_wait.take() {
                on_wait();
            }
            std::thread::sleep(POLL.min(deadline - now));
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Where the lock of the plan in `root` is: in the git directory of the
/// repository holding it, named after the plan's place in the repository
/// (two plans in one repository have two locks), else `.csp.lock` in
/// `root`. Every writer works it out the same way from the real path.
pub fn lock_path(root: &Path) -> PathBuf {
    let fallback = root.join(LOCK_FILE);
    let Ok(real) = std::fs::canonicalize(root) else {
        return fallback;
    };
    for top in real.ancestors() {
        let Some(git_dir) = git_dir(top) else {
            continue;
        };
        let relative = real.strip_prefix(top).unwrap_or(Path::new(""));
        let name: Vec<String> = relative
            .components()
            .map(|part| crate::portable::make_part(&part.as_os_str().to_string_lossy(), 40))
            .collect();
        let name = if name.is_empty() {
            "plan".to_string()
        } else {
            name.join("--")
        };
        let dir = git_dir.join("csp");
        if std::fs::create_dir_all(&dir).is_err() {
            return fallback;
        }
        return dir.join(format!("{name}.lock"));
    }
    fallback
}

/// The git directory of a repository whose work tree is `top`: `.git`, or
/// the directory a `.git` file points to (a worktree or submodule).
fn git_dir(top: &Path) -> Option<PathBuf> {
    let dot_git = top.join(".git");
    let metadata = std::fs::metadata(&dot_git).ok()?;
    if metadata.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let pointed = text.strip_prefix("gitdir:")?.trim();
    let pointed = top.join(pointed);
    pointed.is_dir().then_some(pointed)
}

fn seconds(duration: Duration) -> String {
    match duration.as_secs() {
        1 => "1 second".into(),
        n => format!("{n} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_gives_up_and_the_lock_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let first = PlanLock::acquire(dir.path(), Duration::ZERO, || {}).unwrap();
        let mut waited = 0;
        let error =
            PlanLock::acquire(dir.path(), Duration::from_millis(60), || waited += 1).unwrap_err();
        assert_eq!(waited, 1);
        let error = error.downcast::<Error>().unwrap();
        assert_eq!(error.kind, crate::error::ErrorKind::Environment);
        drop(first);
        assert!(dir.path().join(LOCK_FILE).is_file());
        let again = PlanLock::acquire(dir.path(), Duration::ZERO, || panic!("no wait")).unwrap();
        assert_eq!(again.path(), dir.path().join(LOCK_FILE));
    }

    #[test]
    fn in_a_repository_the_lock_is_in_the_git_directory_one_per_plan() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("plans/east")).unwrap();
        let top = PlanLock::acquire(dir.path(), Duration::ZERO, || {}).unwrap();
        let east =
            PlanLock::acquire(&dir.path().join("plans/east"), Duration::ZERO, || {}).unwrap();
        let git = std::fs::canonicalize(dir.path()).unwrap().join(".git/csp");
        assert_eq!(top.path(), git.join("plan.lock"));
        assert_eq!(east.path(), git.join("plans--east.lock"));
        assert!(!dir.path().join(LOCK_FILE).exists());
        assert!(!dir.path().join("plans/east").join(LOCK_FILE).exists());
        // The same plan named another way is the same lock.
        let error = PlanLock::acquire(
            &dir.path().join("plans/east/../east"),
            Duration::ZERO,
            || {},
        );
        assert!(error.is_err(), "a second writer of one plan must wait");
        drop(east);
    }

    #[test]
    fn a_worktree_keeps_its_lock_where_its_git_file_points() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("real-git/worktrees/w")).unwrap();
        std::fs::create_dir_all(dir.path().join("tree")).unwrap();
        std::fs::write(
            dir.path().join("tree/.git"),
            "gitdir: ../real-git/worktrees/w\n",
        )
        .unwrap();
        let lock = PlanLock::acquire(&dir.path().join("tree"), Duration::ZERO, || {}).unwrap();
        assert!(
            lock.path().ends_with("real-git/worktrees/w/csp/plan.lock"),
            "{}",
            lock.path().display()
        );
    }
}
