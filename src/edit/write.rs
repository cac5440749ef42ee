//! The one way `csp` writes plan files. Each file is written whole to a
//! temporary file in the same directory, flushed to disk, given the
//! original's permissions, then renamed over the original: a rename within a
//! directory is atomic, so a reader (or a crash) sees the old file or the new
//! one, never half of either.

use crate::bail_usage;
use std::fs::{self, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::{Builder, NamedTempFile};

/// One file an edit writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    /// Where, as shown to the user (relative to the current directory).
    pub path: PathBuf,
    /// What the file holds now, exactly; `None` for a file to create.
    pub before: Option<String>,
    /// What it will hold.
    pub after: String,
}

impl FileEdit {
    pub fn is_change(&self) -> bool {
        self.before.as_deref() != Some(self.after.as_str())
    }
}

/// Writes every edit that changes something, in order. When one fails, the
/// files already written are put back as they were, so that a plan is not
/// left half-edited (a new action without its section, say).
pub fn apply(edits: &[FileEdit]) -> anyhow::Result<()> {
    let mut written: Vec<(&FileEdit, Vec<PathBuf>)> = Vec::new();
    for edit in edits.iter().filter(|edit| edit.is_change()) {
        let result = match &edit.before {
            Some(_) => replace(&edit.path, edit.after.as_bytes()).map(|()| Vec::new()),
            None => create(&edit.path, edit.after.as_bytes()),
        };
        match result {
            Ok(created_dirs) => written.push((edit, created_dirs)),
            Err(error) => {
                for (edit, created_dirs) in written.iter().rev() {
                    // Best effort: the error being reported matters more.
                    let _ = match &edit.before {
                        Some(before) => replace(&edit.path, before.as_bytes()),
                        None => fs::remove_file(&edit.path).map_err(Into::into),
                    };
                    remove_dirs(created_dirs);
                }
                return Err(error);
            }
        }
    }
    Ok(())
}

/// Replaces the regular file at `path` with `contents`, keeping its
/// permissions. A failure at any point leaves the original untouched.
pub fn replace(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let shown = path.display();
    let metadata = fs::symlink_metadata(path).with_context(|| format!("cannot read `{shown}`"))?;
    if metadata.file_type().is_symlink() {
        bail_usage!("`{shown}` is a symbolic link; csp does not write through links"; help = "replace the link with the file itself");
    }
    if metadata.permissions().readonly() {
        bail_usage!("`{shown}` is read-only, so csp will not change it"; help = "make it writable first if it is meant to change (chmod u+w)");
    }
    let dir = parent_dir(path);
    let temp =
        write_temp(dir, contents, None).with_context(|| format!("cannot write `{shown}`"))?;
    temp.as_file()
        .set_permissions(metadata.permissions())
        .with_context(|| format!("cannot write `{shown}`"))?;
    temp.persist(path)
        .map_err(|error| error.error)
        .with_context(|| format!("cannot replace `{shown}`"))?;
    sync_dir(dir);
    Ok(())
}

/// Creates `path` with `contents`, and any missing directories above it;
/// never overwrites a file that is already there. Returns the directories
/// it created.
pub fn create(path: &Path, contents: &[u8]) -> anyhow::Result<Vec<PathBuf>> {
    let shown = path.display();
    let dir = parent_dir(path);
    let created_dirs = create_dirs(dir).with_context(|| format!("cannot create `{shown}`"))?;
    let result = write_temp(dir, contents, new_file_permissions())
        .and_then(|temp| temp.persist_noclobber(path).map_err(|error| error.error))
        .with_context(|| format!("cannot create `{shown}`"));
    match result {
        Ok(_) => {
            sync_dir(dir);
            Ok(created_dirs)
        }
        Err(error) => {
            remove_dirs(&created_dirs);
            Err(error)
        }
    }
}

fn write_temp(
    dir: &Path,
    contents: &[u8],
    permissions: Option<Permissions>,
) -> std::io::Result<NamedTempFile> {
    let mut builder = Builder::new();
    // A leading dot: were csp killed before the rename, the loader would skip
    // the leftover instead of reading it as an action.
    builder.prefix(".csp-").suffix(".tmp");
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.flush()?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// What a new file gets: read-write for all, less the umask, as an editor
/// would create it (a temporary file is otherwise private to its owner).
#[cfg(unix)]
#[allow(
    clippy::unnecessary_wraps,
    reason = "elsewhere there is no mode to give, and the caller keeps the default"
)]
fn new_file_permissions() -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<Permissions> {
    None
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Creates `dir` and its missing parents, returning those it created,
/// outermost first.
fn create_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .collect();
    let mut created = Vec::new();
    for dir in missing.into_iter().rev() {
        if let Err(error) = fs::create_dir(dir) {
            remove_dirs(&created);
            return Err(error);
        }
        created.push(dir.to_path_buf());
    }
    Ok(created)
}

fn remove_dirs(created: &[PathBuf]) {
    for dir in created.iter().rev() {
        // Only ever empty: remove_dir refuses otherwise, which is right.
        let _ = fs::remove_dir(dir);
    }
}

/// Makes the rename itself durable. Not every platform or file system
/// supports syncing a directory; the file's own data is synced already.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_permissions_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        }
        replace(&path, b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn create_never_overwrites_and_cleans_up_directories_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "old\n").unwrap();
        assert!(create(&path, b"new\n").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");

        let nested = dir.path().join("x/y/b.toml");
        let created = create(&nested, b"new\n").unwrap();
        assert_eq!(created, [dir.path().join("x"), dir.path().join("x/y")]);
        assert!(create(&nested, b"again\n").is_err());
        assert!(dir.path().join("x/y").is_dir());
    }

    #[test]
    fn apply_puts_back_what_it_wrote_when_a_later_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.toml");
        fs::write(&first, "old\n").unwrap();
        let blocker = dir.path().join("b.toml");
        fs::write(&blocker, "there\n").unwrap();
        let edits = [
            FileEdit {
                path: first.clone(),
                before: Some("old\n".into()),
                after: "new\n".into(),
            },
            FileEdit {
                path: dir.path().join("new/c.toml"),
                before: None,
                after: "c\n".into(),
            },
            // Exists already, so creating it fails.
            FileEdit {
                path: blocker,
                before: None,
                after: "x\n".into(),
            },
        ];
        assert!(apply(&edits).is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "old\n");
        assert!(!dir.path().join("new").exists());
    }
}
