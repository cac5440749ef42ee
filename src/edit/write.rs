//! The one way `csp` writes plan files. Each file is written whole to a
//! temporary file in the same directory, flushed to disk, given the
//! original's permissions, then renamed over the original: a rename within a
//! directory is atomic, so a reader (or a crash) sees the old file or the new
//! one, never half of either.
//!
//! Just before each rename the file on disk is read again and compared with
//! what the edit read ([`FileEdit::before`]): if an editor saved it or a
//! `git checkout` replaced it meanwhile, nothing is written over it. A file
//! to create must still not exist, and is never put over one that appeared.

use crate::bail_usage;
use crate::error::Error;
use std::fs::{self, File, Permissions};
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
/// left half-edited (a new action without its section, say). An edit whose
/// file no longer holds exactly `before` (or, for a new file, exists) fails
/// with a conflict error, and so undoes the edits before it.
pub fn apply(edits: &[FileEdit]) -> anyhow::Result<()> {
    let mut written: Vec<(&FileEdit, Vec<PathBuf>)> = Vec::new();
    for edit in edits.iter().filter(|edit| edit.is_change()) {
        let result = match &edit.before {
            Some(before) => {
                replace_if_unchanged(&edit.path, before.as_bytes(), edit.after.as_bytes())
                    .map(|()| Vec::new())
            }
            None => create(&edit.path, edit.after.as_bytes()),
        };
        match result {
            Ok(created_dirs) => written.push((edit, created_dirs)),
            Err(error) => {
                for (edit, created_dirs) in written.iter().rev() {
                    // Best effort: the error being reported matters more.
                    // Only what this edit wrote is undone: a file changed
                    // since (by someone else) is left as they left it.
                    let _ = match &edit.before {
                        Some(before) => replace_if_unchanged(
                            &edit.path,
                            edit.after.as_bytes(),
                            before.as_bytes(),
                        ),
                        None => remove_if_unchanged(&edit.path, edit.after.as_bytes()),
                    };
                    remove_dirs(created_dirs);
                }
                return Err(error);
            }
        }
    }
    Ok(())
}

/// [`apply`] for edits that must all land inside the plan at `root`: every
/// path is checked before anything is written, so a name that climbs
/// (`..`), starts at a root, or passes through a symbolic link fails the
/// whole write and touches nothing. Names are made safe where they are
/// made (see [`crate::portable`]); this is the last gate, so a mistake
/// there cannot write outside the plan.
pub fn apply_under(root: &Path, edits: &[FileEdit]) -> anyhow::Result<()> {
    for edit in edits {
        check_under(root, &edit.path)?;
    }
    apply(edits)
}

/// Fails unless `path` is `root` joined with plain names only, and none of
/// the directories between them is a symbolic link.
pub fn check_under(root: &Path, path: &Path) -> anyhow::Result<()> {
    use std::path::Component;
    let shown = path.display();
    let relative = if root == Path::new(".") {
        Some(path.strip_prefix(".").unwrap_or(path))
    } else {
        path.strip_prefix(root).ok()
    };
    let plain = relative.is_some_and(|relative| {
        relative.components().next().is_some()
            && relative
                .components()
                .all(|part| matches!(part, Component::Normal(_)))
    });
    let Some(relative) = relative.filter(|_| plain) else {
        return Err(Error::usage(format!(
            "`{shown}` is not inside the plan `{}`, so csp did not write it; nothing was written",
            root.display()
        ))
        .with_help(
            "a name csp was given would have left the plan: this is a bug in csp, please report it",
        )
        .into());
    };
    let mut dir = root.to_path_buf();
    let parents = relative.components().count().saturating_sub(1);
    for part in relative.components().take(parents) {
        dir.push(part);
        if fs::symlink_metadata(&dir).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
            return Err(Error::usage(format!(
                "`{}` is a symbolic link; csp does not write through links, which could lead outside the plan; nothing was written",
                dir.display()
            ))
            .with_help("make it a real directory")
            .into());
        }
    }
    Ok(())
}

/// Replaces the file at `path` with `contents` if it still holds exactly
/// `expected`; a conflict error if not.
pub fn replace_if_unchanged(path: &Path, expected: &[u8], contents: &[u8]) -> anyhow::Result<()> {
    replace_checked(path, contents, Some(expected))
}

fn remove_if_unchanged(path: &Path, expected: &[u8]) -> anyhow::Result<()> {
    check_unchanged(path, expected)?;
    fs::remove_file(path)?;
    Ok(())
}

/// A conflict error unless the file at `path` holds exactly `expected`.
fn check_unchanged(path: &Path, expected: &[u8]) -> anyhow::Result<()> {
    let shown = path.display();
    let changed = match fs::read(path) {
        Ok(now) => now != expected,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read `{shown}`"));
        }
    };
    if changed {
        return Err(Error::conflict(format!(
            "`{shown}` changed on disk after csp read it, so csp did not write over it; nothing was written"
        ))
        .with_help("run the command again, to make the change on the file as it is now")
        .into());
    }
    Ok(())
}

/// Replaces the regular file at `path` with `contents`, keeping its
/// permissions. A failure at any point leaves the original untouched.
pub fn replace(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    replace_checked(path, contents, None)
}

fn replace_checked(path: &Path, contents: &[u8], expected: Option<&[u8]>) -> anyhow::Result<()> {
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
    // As late as can be: the temporary file is written and synced, and the
    // rename is all that is left.
    if let Some(expected) = expected {
        check_unchanged(path, expected)?;
    }
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
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::conflict(format!(
                    "`{shown}` appeared on disk after csp read the plan, so csp did not write over it; nothing was written"
                ))
                .with_help("run the command again, to see the plan as it is now")
                .into()
            } else {
                anyhow::Error::new(error).context(format!("cannot create `{shown}`"))
            }
        });
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

/// Writes a file csp produces (a pack, a feed, a draft, a workbook) whole
/// or not at all, over whatever is at `path`: written beside it, flushed,
/// then renamed over it, with the permissions a new file gets.
pub fn output(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    output_with(path, |file| Ok(file.write_all(contents)?))
}

/// [`output`] for a file written piece by piece by `write`, which is
/// never held whole (a large plan's CSV export): the same guarantees, the
/// file appearing only once `write` has succeeded.
pub fn output_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    output_to_file(path, |file| {
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered)?;
        Ok(buffered.flush()?)
    })
}

/// [`output_with`] handing `write` the file itself, to buffer as it
/// needs: for a writer that must own a `Send` one, as `rust_xlsxwriter`'s
/// zip writer does.
pub fn output_to_file(
    path: &Path,
    write: impl FnOnce(&mut File) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let shown = path.display();
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(Error::environment(format!(
            "cannot write `{shown}`: there is no directory `{}`",
            dir.display()
        ))
        .with_help("create the directory first, or give a file in one that exists")
        .into());
    }
    let mut temp = temp_file(dir, new_file_permissions())
        .with_context(|| format!("cannot write `{shown}`"))?;
    write(temp.as_file_mut()).with_context(|| format!("cannot write `{shown}`"))?;
    temp.as_file()
        .sync_all()
        .map_err(anyhow::Error::from)
        .and_then(|()| Ok(temp.persist(path).map_err(|error| error.error)?))
        .with_context(|| format!("cannot write `{shown}`"))?;
    Ok(())
}

fn write_temp(
    dir: &Path,
    contents: &[u8],
    permissions: Option<Permissions>,
) -> std::io::Result<NamedTempFile> {
    let mut temp = temp_file(dir, permissions)?;
    temp.write_all(contents)?;
    temp.flush()?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// An empty temporary file in `dir`, to be renamed over its target.
fn temp_file(dir: &Path, permissions: Option<Permissions>) -> std::io::Result<NamedTempFile> {
    let mut builder = Builder::new();
    // A leading dot: were csp killed before the rename, the loader would skip
    // the leftover instead of reading it as an action.
    builder.prefix(".csp-").suffix(".tmp");
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    builder.tempfile_in(dir)
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

/// The directory a file at `path` is written in: its parent, or `.`.
pub fn parent_dir(path: &Path) -> &Path {
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

    fn conflict_kind(error: &anyhow::Error) -> Option<crate::error::ErrorKind> {
        error.downcast_ref::<Error>().map(|error| error.kind)
    }

    #[test]
    fn apply_refuses_a_file_changed_since_it_was_read_and_undoes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.toml");
        fs::write(&first, "old\n").unwrap();
        let changed = dir.path().join("b.toml");
        // Read as "read\n"; an editor saved "saved\n" since.
        fs::write(&changed, "saved\n").unwrap();
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
            FileEdit {
                path: changed.clone(),
                before: Some("read\n".into()),
                after: "edited\n".into(),
            },
        ];
        let error = apply(&edits).unwrap_err();
        assert_eq!(
            conflict_kind(&error),
            Some(crate::error::ErrorKind::Conflict)
        );
        let message = error.to_string();
        assert!(
            message.contains("b.toml` changed on disk after csp read it"),
            "{message}"
        );
        assert!(message.contains("help: run the command again"), "{message}");
        assert_eq!(fs::read_to_string(&changed).unwrap(), "saved\n");
        assert_eq!(fs::read_to_string(&first).unwrap(), "old\n");
        assert!(!dir.path().join("new").exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left");
    }

    #[test]
    fn apply_refuses_a_file_deleted_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let edits = [FileEdit {
            path: path.clone(),
            before: Some("old\n".into()),
            after: "new\n".into(),
        }];
        assert!(apply(&edits).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn apply_refuses_to_create_a_file_that_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "theirs\n").unwrap();
        let edits = [FileEdit {
            path: path.clone(),
            before: None,
            after: "ours\n".into(),
        }];
        let error = apply(&edits).unwrap_err();
        assert_eq!(
            conflict_kind(&error),
            Some(crate::error::ErrorKind::Conflict)
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs\n");
    }

    #[test]
    fn roll_back_leaves_a_file_someone_else_changed_since_csp_wrote_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.toml");
        fs::write(&first, "old\n").unwrap();
        let edits = [FileEdit {
            path: first.clone(),
            before: Some("old\n".into()),
            after: "new\n".into(),
        }];
        apply(&edits).unwrap();
        fs::write(&first, "theirs\n").unwrap();
        // Undoing csp's own write (after → before) is refused now.
        assert!(replace_if_unchanged(&first, b"new\n", b"old\n").is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "theirs\n");
    }
}
