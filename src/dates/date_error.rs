//! The one error of reading what people write as dates, dues and periods.

use std::fmt;

/// Why a due date, period or window did not parse. The message is written for
/// the person who typed the value; `help` says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub help: Option<String>,
}

impl DateError {
    pub(super) fn new(message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            message: message.into(),
            help,
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DateError {}
