//! One writer at a time per plan: an exclusive lock on `.csp.lock` beside
//! csp.toml, taken before a writing command reads the files it will change
//! and held until its last rename (or roll-back) is done. Readers never
//! take it. The lock file is hidden, so the loader passes over it, and is
//! never deleted: deleting it would let a third writer lock a new file while
//! a second still waits on the old one.

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
        let path = root.join(LOCK_FILE);
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
}
