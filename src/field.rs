//! The fields of an action file, as one closed set: every place that reads,
//! writes, orders, describes or changes a field names it as a [`Field`], so
//! a field cannot be known to one command and forgotten by another.

use std::fmt;

/// A top-level key of an action file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Marking,
    Title,
    Description,
    Lead,
    Partners,
    Contacts,
    Priority,
    Timescale,
    Due,
    Every,
    Status,
    Rag,
    Completed,
    Tags,
    /// The `[[update]]` progress notes.
    Update,
}

impl Field {
    /// Every field, in the canonical order of a file (docs/plan-format.md),
    /// which `csp fmt` gives and `csp set` inserts a new field in.
    pub const ALL: [Field; 15] = [
        Field::Marking,
        Field::Title,
        Field::Description,
        Field::Lead,
        Field::Partners,
        Field::Contacts,
        Field::Priority,
        Field::Timescale,
        Field::Due,
        Field::Every,
        Field::Status,
        Field::Rag,
        Field::Completed,
        Field::Tags,
        Field::Update,
    ];

    /// [`Field::ALL`]'s names, for code that orders or checks keys as text.
    pub const NAMES: [&'static str; 15] = {
        let mut names = [""; 15];
        let mut at = 0;
        while at < Field::ALL.len() {
            names[at] = Field::ALL[at].name();
            at += 1;
        }
        names
    };

    /// The fields a file must have.
    pub const REQUIRED: [Field; 3] = [Field::Title, Field::Description, Field::Lead];

    /// The fields `csp set` changes, in the order its help lists them. The
    /// rest have their own commands (`csp done` for `completed`, `csp
    /// update` for notes) or are prose best edited in the file.
    pub const SETTABLE: [Field; 9] = [
        Field::Status,
        Field::Rag,
        Field::Due,
        Field::Every,
        Field::Lead,
        Field::Priority,
        Field::Title,
        Field::Timescale,
        Field::Marking,
    ];

    /// The key as written in the file.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Marking => "marking",
            Field::Title => "title",
            Field::Description => "description",
            Field::Lead => "lead",
            Field::Partners => "partners",
            Field::Contacts => "contacts",
            Field::Priority => "priority",
            Field::Timescale => "timescale",
            Field::Due => "due",
            Field::Every => "every",
            Field::Status => "status",
            Field::Rag => "rag",
            Field::Completed => "completed",
            Field::Tags => "tags",
            Field::Update => "update",
        }
    }

    /// The field a key names, if csp knows it.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The field's place in [`Field::ALL`].
    pub const fn position(self) -> usize {
        self as usize
    }

    /// Whether `csp set` takes the field.
    pub fn is_settable(self) -> bool {
        Field::SETTABLE.contains(&self)
    }

    /// Whether `csp set` removes the field for an empty value (`rag=`): the
    /// settable fields a file may leave out. Not `status`, whose absence
    /// means open, so an empty value would change it unseen.
    pub const fn is_removable(self) -> bool {
        matches!(
            self,
            Field::Rag
                | Field::Due
                | Field::Every
                | Field::Priority
                | Field::Timescale
                | Field::Marking
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// `ALL` is the declaration order, which `position` relies on.
const _: () = {
    let mut at = 0;
    while at < Field::ALL.len() {
        assert!(Field::ALL[at].position() == at);
        at += 1;
    }
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_gives_its_field_back() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::from_name("Title"), None);
    }

    #[test]
    fn what_set_removes_it_also_sets() {
        for field in Field::ALL.into_iter().filter(|field| field.is_removable()) {
            assert!(field.is_settable(), "{field}");
            assert!(!Field::REQUIRED.contains(&field), "{field}");
        }
    }
}
