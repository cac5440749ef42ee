//! How a command ended, as the process exit code that scripts and CI rely
//! on. The table is documented once, in docs/exit-codes.md.

use std::process::ExitCode;

use csp::error::{Error, ErrorKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// All fine.
    Ok = 0,
    /// The command ran and its answer is "no": the plan has errors (or
    /// warnings with `--deny-warnings`), an edit was refused, or the
    /// command's check failed (`overdue --exit-code`, `fmt --check`).
    Failed = 1,
    /// The command could not run: a bad argument, no plan found, a file or
    /// git that could not be read or written.
    CouldNotRun = 2,
}

impl Exit {
    /// The exit code for an error that stopped a command.
    pub fn of(error: &anyhow::Error) -> Self {
        match error.downcast_ref::<Error>().map(|error| error.kind) {
            Some(ErrorKind::Conflict) => Exit::Failed,
            Some(ErrorKind::Usage | ErrorKind::Environment) | None => Exit::CouldNotRun,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}
