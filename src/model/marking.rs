//! The protective marking an action or a measure carries.

use std::fmt;

use serde::Serialize;

/// A protective marking, after the Government Security Classifications:
/// everything is OFFICIAL, and OFFICIAL-SENSITIVE is the handling caveat for
/// what must not be published. What an output may then hold is the rule of
/// `crate::disclosure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marking {
    #[default]
    Official,
    OfficialSensitive,
}

impl Marking {
    pub const ALL: [Marking; 2] = [Marking::Official, Marking::OfficialSensitive];

    /// The word plan files use: `official`, `official-sensitive`.
    pub fn name(self) -> &'static str {
        match self {
            Marking::Official => "official",
            Marking::OfficialSensitive => "official-sensitive",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|marking| marking.name() == text)
    }

    /// The marking as documents carry it: `OFFICIAL`, `OFFICIAL-SENSITIVE`.
    pub fn label(self) -> &'static str {
        match self {
            Marking::Official => "OFFICIAL",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }

    pub fn is_sensitive(self) -> bool {
        self == Marking::OfficialSensitive
    }
}

impl fmt::Display for Marking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The label of OFFICIAL-SENSITIVE, as outputs carry it.
pub const SENSITIVE: &str = "OFFICIAL-SENSITIVE";
