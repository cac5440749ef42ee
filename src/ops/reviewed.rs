//! What a writing operation returns: its change reviewed against the plan
//! with `csp validate`'s rules (an edit [`Outcome`]), and the lines that
//! say what it does. The binary settles it: shows the problems or the
//! diff, and writes unless `--dry-run`.

use crate::edit::Outcome;

/// A change, reviewed, with what to say about it.
#[derive(Debug)]
pub struct Reviewed {
    pub outcome: Outcome,
    /// What the change does, e.g. "duties/prevent: rag red → green".
    pub summary: String,
    /// What to say when the files already say what the change says.
    pub unchanged: String,
}
