//! The one way `csp` writes plan files. Each file is written whole to a
//! temporary file in the same directory, flushed to disk, given the
//! original's permissions, then renamed over the original: a rename within a
//! directory is atomic, so a reader (or a crash) sees the old file or the new
//! one, never half of either.
//!
//! The rename is `std::fs::rename`'s: POSIX semantics on current Windows,
//! so a reader holding the old file (`OneDrive`, a backup agent, another
//! `csp`) does not stop it, and the long-path handling std gives every
//! path. A program that holds the file shut (Excel has a workbook open) is
//! a sharing violation: csp tries again for a moment, then says which
//! file is open and that closing it will do. On Windows a path near the
//! 260-character limit is made a `\\?\` one before tempfile sees it.
//!
//! Just before each rename the file on disk is read again and compared with
//! what the edit read ([`FileEdit::before`]): if an editor saved it or a
//! `git checkout` replaced it meanwhile, nothing is written over it. A file
//! to create must still not exist, and is never put over one that appeared.

use crate::bail_usage;
use crate::error::Error;
use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use tempfile::{Builder, NamedTempFile, TempPath};

/// One file an edit writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    /// Where, as shown to the user (relative to the current directory).
    pub path: PathBuf,
    /// What the file holds now, exactly; `None` for a file to create.
    pub before: Option<String>,
    /// What it will hold; empty for a file to remove.
    pub after: String,
    /// The file is removed (`csp rollover` retiring an action), if it
    /// still holds exactly `before`.
    pub removed: bool,
}

impl FileEdit {
    pub fn is_change(&self) -> bool {
        self.removed || self.before.as_deref() != Some(self.after.as_str())
    }

    /// The removal of the file at `path`, which holds `before`.
    pub fn removal(path: PathBuf, before: String) -> Self {
        Self {
            path,
            before: Some(before),
            after: String::new(),
            removed: true,
        }
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
            Some(before) if edit.removed => {
                remove_if_unchanged(&edit.path, before.as_bytes()).map(|()| Vec::new())
            }
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
                        Some(before) if edit.removed => {
                            create(&edit.path, before.as_bytes()).map(|_| ())
                        }
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
        bail_usage!("`{shown}` is read-only, so csp will not change it"; help = "{}", read_only_help(cfg!(windows), path));
    }
    // The temporary file and the rename use the long form; messages, the
    // path as the user gave it.
    let long = long_path(path);
    let dir = parent_dir(&long);
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
    rename_over(temp.into_temp_path(), &long, &shown.to_string())?;
    sync_dir(dir);
    Ok(())
}

/// How long csp waits for a program holding a file shut to let go: a
/// sync agent or a virus scanner lets go within a second; Excel does not,
/// and is named.
const SHARING_WAITS: [Duration; 5] = [
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(400),
    Duration::from_millis(800),
];

/// Renames `temp` over `target` with [`fs::rename`], trying again while
/// another program holds `target` shut. On failure the temporary file is
/// removed and `target` is as it was.
fn rename_over(temp: TempPath, target: &Path, shown: &str) -> anyhow::Result<()> {
    rename_with(
        temp,
        target,
        shown,
        |from, to| fs::rename(from, to),
        is_sharing_violation,
        &SHARING_WAITS,
    )
}

/// [`rename_over`] with its rename, its test of "held by another
/// program" and its waits given: the retry is tested on any platform
/// with an injected error.
fn rename_with(
    temp: TempPath,
    target: &Path,
    shown: &str,
    mut rename: impl FnMut(&Path, &Path) -> io::Result<()>,
    held: impl Fn(&io::Error) -> bool,
    waits: &[Duration],
) -> anyhow::Result<()> {
    let mut waits = waits.iter();
    loop {
        match rename(&temp, target) {
            Ok(()) => {
                // Renamed: nothing is left at the temporary path to remove.
                let _ = temp.keep();
                return Ok(());
            }
            Err(error) if held(&error) => match waits.next() {
                Some(wait) => std::thread::sleep(*wait),
                None => return Err(open_elsewhere(shown, &error)),
            },
            Err(error) => {
                return Err(anyhow::Error::new(error).context(format!("cannot write `{shown}`")));
            }
        }
    }
}

/// A file another program holds open: what to do about it.
fn open_elsewhere(shown: &str, error: &io::Error) -> anyhow::Error {
    Error::environment(format!(
        "`{shown}` is open in another program (Excel?); close it and run again ({error})"
    ))
    .with_help("nothing was written over it; a synced folder (OneDrive, SharePoint) can hold a file for a moment too")
    .into()
}

/// Whether `error` is Windows' sharing or lock violation
/// (`ERROR_SHARING_VIOLATION`, 32, `ERROR_LOCK_VIOLATION`, 33), or the
/// "Access is denied" (`ERROR_ACCESS_DENIED`, 5) a rename gets when the
/// file it replaces is open without delete sharing, as Excel keeps a
/// workbook: another program holds the file. (A file that is read-only
/// is refused before this, with its own help.)
fn is_sharing_violation(error: &io::Error) -> bool {
    sharing_violation_code(error.raw_os_error(), cfg!(windows))
}

/// [`is_sharing_violation`] for an OS error code on Windows or elsewhere
/// (where 32 and 33 mean other things, and no lock stops a rename).
fn sharing_violation_code(code: Option<i32>, windows: bool) -> bool {
    windows && matches!(code, Some(5 | 32 | 33))
}

/// What to do about a read-only file, in the words of the platform.
fn read_only_help(windows: bool, path: &Path) -> String {
    let shown = path.display();
    if windows {
        format!(
            "make it writable first if it is meant to change: untick Read-only in its Properties in Explorer, or run `attrib -r \"{shown}\"`; a synced file may be read-only until OneDrive has downloaded it"
        )
    } else {
        format!("make it writable first if it is meant to change: `chmod u+w '{shown}'`")
    }
}

/// `path` as Windows needs it for a write that could pass its 260
/// characters (a plan deep in a synced `SharePoint` library): absolute,
/// with the `\\?\` prefix that lifts the limit. std's own calls do this
/// already; tempfile's temporary names and renames do not. Elsewhere, and
/// for a short path, `path` itself.
fn long_path(path: &Path) -> PathBuf {
    #[cfg(windows)]
    if path.as_os_str().len() > LONG_PATH_FROM {
        if let Ok(absolute) = std::path::absolute(path) {
            if let Some(text) = absolute.to_str() {
                return PathBuf::from(verbatim(text));
            }
        }
    }
    path.to_path_buf()
}

/// Past this many characters a path is written as a `\\?\` one: below
/// 260, with room for a temporary file's name beside it.
#[cfg_attr(not(windows), allow(dead_code))]
const LONG_PATH_FROM: usize = 200;

/// An absolute Windows path as a verbatim one: `C:\\x` → `\\?\C:\\x`,
/// `\\\\server\\share` → `\\?\UNC\\server\\share`; one already verbatim as
/// it is. `/` becomes `\\`, which a verbatim path does not translate.
#[cfg_attr(not(windows), allow(dead_code))]
fn verbatim(absolute: &str) -> String {
    if absolute.starts_with(r"\\?\") {
        return absolute.to_string();
    }
    let absolute = absolute.replace('/', r"\");
    match absolute.strip_prefix(r"\\") {
        Some(unc) => format!(r"\\?\UNC\{unc}"),
        None => format!(r"\\?\{absolute}"),
    }
}

/// Creates `path` with `contents`, and any missing directories above it;
/// never overwrites a file that is already there. Returns the directories
/// it created.
pub fn create(path: &Path, contents: &[u8]) -> anyhow::Result<Vec<PathBuf>> {
    let shown = path.display();
    let created_dirs =
        create_dirs(parent_dir(path)).with_context(|| format!("cannot create `{shown}`"))?;
    let long = long_path(path);
    let path = long.as_path();
    let dir = parent_dir(path);
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
    let long = long_path(path);
    let path = long.as_path();
    let dir = parent_dir(path);
    let mut temp = temp_file(dir, new_file_permissions())
        .with_context(|| format!("cannot write `{shown}`"))?;
    write(temp.as_file_mut()).with_context(|| format!("cannot write `{shown}`"))?;
    temp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write `{shown}`"))?;
    rename_over(temp.into_temp_path(), path, &shown.to_string())?;
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

    /// A temporary file beside `target` holding `contents`, as the write
    /// path makes one.
    fn temp_beside(target: &Path, contents: &[u8]) -> TempPath {
        write_temp(parent_dir(target), contents, None)
            .unwrap()
            .into_temp_path()
    }

    fn injected_sharing_violation() -> io::Error {
        io::Error::from_raw_os_error(32)
    }

    fn held(error: &io::Error) -> bool {
        error.raw_os_error() == Some(32)
    }

    #[test]
    fn a_file_held_open_for_a_moment_is_replaced_once_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.xlsx");
        fs::write(&path, "old").unwrap();
        let temp = temp_beside(&path, b"new");
        let mut tries = 0;
        rename_with(
            temp,
            &path,
            "plan.xlsx",
            |from, to| {
                tries += 1;
                if tries < 3 {
                    Err(injected_sharing_violation())
                } else {
                    fs::rename(from, to)
                }
            },
            held,
            &[Duration::ZERO; 5],
        )
        .unwrap();
        assert_eq!(tries, 3);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_excel_keeps_open_is_named_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.xlsx");
        fs::write(&path, "old").unwrap();
        let temp = temp_beside(&path, b"new");
        let mut tries = 0;
        let error = rename_with(
            temp,
            &path,
            "out/plan.xlsx",
            |_, _| {
                tries += 1;
                Err(injected_sharing_violation())
            },
            held,
            &[Duration::ZERO; 5],
        )
        .unwrap_err();
        assert_eq!(tries, 6, "the first try and one after each wait");
        let message = error.to_string();
        assert!(
            message.starts_with(
                "`out/plan.xlsx` is open in another program (Excel?); close it and run again"
            ),
            "{message}"
        );
        assert_eq!(
            error.downcast_ref::<Error>().map(|error| error.kind),
            Some(crate::error::ErrorKind::Environment)
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
    }

    #[test]
    fn other_rename_errors_are_not_retried() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let mut tries = 0;
        let error = rename_with(
            temp_beside(&path, b"new"),
            &path,
            "a.toml",
            |_, _| {
                tries += 1;
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            },
            held,
            &[Duration::ZERO; 5],
        )
        .unwrap_err();
        assert_eq!(tries, 1);
        assert!(
            error.to_string().starts_with("cannot write `a.toml`"),
            "{error}"
        );
    }

    #[test]
    fn only_windows_codes_5_32_and_33_are_a_file_held_open() {
        assert!(sharing_violation_code(Some(32), true));
        assert!(sharing_violation_code(Some(33), true));
        assert!(sharing_violation_code(Some(5), true));
        assert!(!sharing_violation_code(Some(2), true));
        // EPIPE and EDOM on Unix.
        assert!(!sharing_violation_code(Some(32), false));
        assert!(!sharing_violation_code(None, true));
    }

    #[test]
    fn read_only_help_speaks_the_platform_s_words() {
        let path = Path::new("plan").join("a.toml");
        let windows = read_only_help(true, &path);
        assert!(
            windows.contains("untick Read-only in its Properties"),
            "{windows}"
        );
        assert!(windows.contains("attrib -r"), "{windows}");
        let unix = read_only_help(false, &path);
        assert!(unix.contains("chmod u+w"), "{unix}");
    }

    #[test]
    fn long_windows_paths_are_made_verbatim() {
        assert_eq!(
            verbatim(r"C:\Users\a\plan.toml"),
            r"\\?\C:\Users\a\plan.toml"
        );
        assert_eq!(
            verbatim("C:/Users/a/plan.toml"),
            r"\\?\C:\Users\a\plan.toml"
        );
        assert_eq!(
            verbatim(r"\\council\share\csp\x.toml"),
            r"\\?\UNC\council\share\csp\x.toml"
        );
        assert_eq!(verbatim(r"\\?\C:\x"), r"\\?\C:\x");
        // Elsewhere, a path is used as given, however long.
        #[cfg(not(windows))]
        {
            let long = Path::new("a").join("b".repeat(300));
            assert_eq!(long_path(&long), long);
        }
    }

    #[test]
    fn a_file_is_replaced_while_a_reader_holds_it_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "old\n").unwrap();
        let reader = File::open(&path).unwrap();
        replace(&path, b"new\n").unwrap();
        output(&path, b"newer\n").unwrap();
        drop(reader);
        assert_eq!(fs::read_to_string(&path).unwrap(), "newer\n");
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
                removed: false,
            },
            FileEdit {
                path: dir.path().join("new/c.toml"),
                before: None,
                after: "c\n".into(),
                removed: false,
            },
            // Exists already, so creating it fails.
            FileEdit {
                path: blocker,
                before: None,
                after: "x\n".into(),
                removed: false,
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
                removed: false,
            },
            FileEdit {
                path: dir.path().join("new/c.toml"),
                before: None,
                after: "c\n".into(),
                removed: false,
            },
            FileEdit {
                path: changed.clone(),
                before: Some("read\n".into()),
                after: "edited\n".into(),
                removed: false,
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
            removed: false,
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
            removed: false,
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
            removed: false,
        }];
        apply(&edits).unwrap();
        fs::write(&first, "theirs\n").unwrap();
        // Undoing csp's own write (after → before) is refused now.
        assert!(replace_if_unchanged(&first, b"new\n", b"old\n").is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "theirs\n");
    }
}
