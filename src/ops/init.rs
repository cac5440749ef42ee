//! `csp init`: a new plan starts in a new or empty directory.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use anyhow::Context;

use crate::bail_usage;
use crate::load::MANIFEST_FILE;

/// A plan starts in a new or empty directory. Hidden entries (`.git`,
/// say) are fine: csp skips them, and `git init` often comes first.
pub fn check_empty(dir: &Path) -> anyhow::Result<()> {
    let shown = dir.display();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.exists() && !dir.is_dir() => {
            bail_usage!("`{shown}` is a file, not a directory"; help = "give a new or empty directory, e.g. csp init my-plan")
        }
        Err(error) => return Err(error).with_context(|| format!("cannot read `{shown}`")),
    };
    if dir.join(MANIFEST_FILE).exists() || dir.join("plan").join(MANIFEST_FILE).exists() {
        bail_usage!("`{shown}` already holds a plan"; help = "check it with `csp validate`, or give a new directory, e.g. csp init my-plan");
    }
    let mut visible: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    if !visible.is_empty() {
        visible.sort();
        bail_usage!("`{shown}` is not empty: it holds `{}`{}", visible[0], match visible.len() - 1 {
                0 => String::new(),
                1 => " and 1 other entry".to_string(),
                n => format!(" and {n} other entries"),
            }; help = "start the plan in a new or empty directory, e.g. csp init my-plan");
    }
    Ok(())
}
