//! The one error a person sees when a command cannot do what was asked: a
//! message, an optional `help:` line saying how to fix it, and its kind,
//! from which the binary picks the exit code. Problems *in the plan* are
//! diagnostics (`crate::diagnostic`), not errors: they are collected, not
//! raised.

use std::fmt;

/// Why a command stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// What was asked cannot be done as asked: an unknown name, a bad value,
    /// an action that is already done.
    Usage,
    /// The surroundings failed: a file or directory that cannot be read or
    /// written, git not answering.
    Environment,
    /// The change was refused to keep what someone wrote: the file changed
    /// behind csp's back, or the plan is held by another writer.
    Conflict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub help: Option<String>,
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Environment, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }

    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Unstyled, as `message` and then `help: …` on its own line: what a log or
/// a test sees. The binary styles the two parts itself.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `usage_error!("…"; help = "…")`: shorthand for the common
/// case: a usage error with a formatted message and help.
#[macro_export]
#[doc(hidden)]
macro_rules! usage_error {
    ($($message:expr),+ ; help = $($help:expr),+ $(,)?) => {
        $crate::error::Error::usage(format!($($message),+)).with_help(format!($($help),+))
    };
    ($($message:expr),+ $(,)?) => {
        $crate::error::Error::usage(format!($($message),+))
    };
}

/// Returns early with a usage error, as `anyhow::bail!` does with a string.
#[macro_export]
#[doc(hidden)]
macro_rules! bail_usage {
    ($($tokens:tt)+) => {
        return Err($crate::usage_error!($($tokens)+).into())
    };
}
