//! What `csp apply` has applied: one line per action or figure a form row
//! changed (a figure's line names `measures/<id>` where an action's names
//! its id),
//! kept in the plan as `.csp/applied-forms.tsv` (committed with it, skipped
//! by the loader as every dot-name is). It is how a form is applied once,
//! whatever the day and the format it comes back in:
//!
//! - a row whose form, action and contents are on a line already changes
//!   nothing, and is reported `already applied on <day>`;
//! - a row of a form applied before, changed since (a partner filled in
//!   more and sent it again), is checked against the action file as that
//!   apply left it (the line's `after` fingerprint), not as the form was
//!   made: the form's own writes are not someone else's change.
//!
//! The file is tab-separated text: `day form action row before after file`,
//! a `#` line first saying what it is.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// The ledger's place in the plan.
pub(crate) const LEDGER: &str = ".csp/applied-forms.tsv";

const HEADER: &str = "# csp apply: one line per action or figure a return form row changed (docs/spreadsheets.md). Keep it with the plan.\n# day\tform\taction\trow\tbefore\tafter\tfile\n";

/// One applied row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) day: NaiveDate,
    pub(crate) form: String,
    pub(crate) action: String,
    /// The row's contents' digest (`form::Row::digest`).
    pub(crate) row: String,
    /// The action file's fingerprint before and after.
    pub(crate) before: String,
    pub(crate) after: String,
    /// The form's file as given, for people reading the ledger.
    pub(crate) file: String,
}

/// The ledger as read from the plan at `root`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ledger {
    pub(crate) path: PathBuf,
    /// The file's text, `None` when there is none yet.
    pub(crate) text: Option<String>,
    pub(crate) entries: Vec<Entry>,
}

impl Ledger {
    /// Reads the ledger of the plan at `root`; a missing file is an empty
    /// ledger, and a line that is not an entry is passed over.
    pub(crate) fn read(root: &Path) -> Self {
        let path = root.join(LEDGER);
        let text = std::fs::read_to_string(&path).ok();
        let entries = text
            .as_deref()
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(parse)
            .collect();
        Self {
            path,
            text,
            entries,
        }
    }

    /// The entries of `form`'s row for `action`, oldest first.
    pub(crate) fn of<'a>(
        &'a self,
        form: &'a str,
        action: &'a str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |entry| entry.form == form && entry.action == action)
    }

    /// The ledger's text with `entries` added.
    pub(crate) fn with(&self, entries: &[Entry]) -> String {
        let mut text = self.text.clone().unwrap_or_else(|| HEADER.to_string());
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for entry in entries {
            let file: String = entry
                .file
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{file}\n",
                entry.day.format("%Y-%m-%d"),
                entry.form,
                entry.action,
                entry.row,
                entry.before,
                entry.after
            ));
        }
        text
    }
}

fn parse(line: &str) -> Option<Entry> {
    let mut fields = line.trim_end_matches('\r').split('\t');
    let mut next = || fields.next().map(str::to_string);
    let day = crate::dates::parse_date(&next()?).ok()?;
    Some(Entry {
        day,
        form: next()?,
        action: next()?,
        row: next()?,
        before: next()?,
        after: next()?,
        file: next().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_odd_lines_are_passed_over() {
        let entry = Entry {
            day: NaiveDate::from_ymd_opt(2024, 3, 14).unwrap(),
            form: "0123456789abcdef".into(),
            action: "duties/annual-report".into(),
            row: "fedcba9876543210".into(),
            before: "1111111111111111".into(),
            after: "2222222222222222".into(),
            file: "police\tform.xlsx".into(),
        };
        let ledger = Ledger::default();
        let text = ledger.with(std::slice::from_ref(&entry)) + "not an entry\n";
        let entries: Vec<Entry> = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(parse)
            .collect();
        assert_eq!(
            entries,
            [Entry {
                file: "police form.xlsx".into(),
                ..entry
            }]
        );
    }
}
