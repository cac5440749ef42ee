//! The read-only floor for benchmarks: walk a plan tree the way `csp` does
//! (sorted, skipping hidden entries and links) and read every `.toml` file,
//! doing nothing else. Standard library only, one thread.
//!
//!     cargo run --release --example read_floor -- DIR
//!
//! No loader can be faster than this on the same machine, so `csp validate`
//! is measured against it.

use std::io;
use std::path::Path;
use std::process::ExitCode;

fn walk(dir: &Path, files: &mut u64, bytes: &mut u64) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = entry.file_type()?;
        let path = entry.path();
        if file_type.is_dir() {
            walk(&path, files, bytes)?;
        } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "toml") {
            let text = std::fs::read(&path)?;
            *files += 1;
            *bytes += text.len() as u64;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: read_floor DIR");
        return ExitCode::from(2);
    };
    let (mut files, mut bytes) = (0, 0);
    match walk(Path::new(&dir), &mut files, &mut bytes) {
        Ok(()) => {
            println!("{files} files, {bytes} bytes");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
