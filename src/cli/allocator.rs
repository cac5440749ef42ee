//! The process's memory allocator: mimalloc, tuned for a command that runs
//! for well under a second.
//!
//! Loading a plan makes about twenty small allocations an action, and every
//! listing makes and frees a few more per row on every core; mimalloc's
//! thread-local pages serve both faster than glibc's malloc (figures in
//! docs/performance.md).
//!
//! At its defaults, though, mimalloc holds more memory than glibc, which
//! would break the budget of 2 × the plan's bytes + 20 MiB (`report` at
//! 100,000 actions: 117 MiB with glibc, 176 MiB with mimalloc):
//! - it asks for transparent huge pages for its arenas, so the kernel backs
//!   them 2 MiB at a time and a freed page is only returned with its whole
//!   huge page. Built with `no_thp` (Cargo.toml), it never asks;
//! - it returns freed pages to the OS only after a delay (a second in
//!   mimalloc 3), longer than most commands live, so every transient
//!   buffer would stay resident. [`tune`] makes it return them at once.
//!
//! Tuned, every reading command's peak is below glibc's (`report` 112 MiB).

use std::os::raw::c_int;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (2 and 3 alike), which
/// libmimalloc-sys does not name.
const PURGE_DELAY: c_int = 15;

/// Sets mimalloc's options. Call first thing in `main`: mimalloc's option
/// setter is not thread-safe.
pub(crate) fn tune() {
    // SAFETY: sets a plain integer option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY;

    /// The option's number is mimalloc's, not a name from libmimalloc-sys:
    /// check it by its documented default (a purge delay of 1,000 ms in
    /// mimalloc 3), so an update of mimalloc that renumbers or retunes its
    /// options fails here instead of silently setting another one. Reads
    /// only: `tune` is not called in the test binary.
    #[test]
    fn purge_delay_is_the_option_numbered_for_it() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option is a plain load.
        let purge_delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(purge_delay, 1000);
    }
}
