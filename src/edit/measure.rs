//! A measure file as `toml_edit` holds it, to record a figure: only the
//! period's line under `[values]` changes; every comment, blank line and
//! the order of what people wrote stay.

use toml_edit::{DocumentMut, Item, Key, Table, Value};

use super::document::{insert_key_at, quote};
use crate::dates::ReportingPeriod;
use crate::error::Error;
use crate::model::measure::plain_number;

/// The table of figures in a measure file.
const VALUES: &str = "values";

/// A measure file being edited.
#[derive(Clone, Debug, Default)]
pub struct MeasureDocument {
    doc: DocumentMut,
}

impl MeasureDocument {
    /// Parses LF text (see [`super::text::Source`]).
    pub fn parse(text: &str) -> Result<Self, toml_edit::TomlError> {
        Ok(Self { doc: text.parse()? })
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    /// Writes `period`'s figure under `[values]`: `"Q1 2024/25" = 431`, or
    /// `{ value = 431, note = "…" }` with a note. An entry for the same
    /// period, however its key is written (`2024-04` or `Apr 2024`), is
    /// replaced in place, its key and any comment beside it kept; a new one
    /// goes in period order, its key written as `csp` writes periods. A
    /// file without `[values]` gains one at its end.
    pub fn set_figure(
        &mut self,
        period: ReportingPeriod,
        value: f64,
        note: Option<&str>,
    ) -> Result<(), Error> {
        let mut new_value: Value = figure_text(value, note)
            .parse()
            .map_err(|_| Error::usage(format!("csp cannot write the figure {value} as TOML")))?;
        if self.doc.get(VALUES).is_none() {
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            self.doc.insert(VALUES, Item::Table(table));
        }
        let Some(table) = self.doc.get_mut(VALUES).and_then(Item::as_table_mut) else {
            return Err(Error::usage(format!(
                "`{VALUES}` is not written as a [{VALUES}] table, so csp cannot add a line to it"
            ))
            .with_help(format!(
                "write the figures one per line under [{VALUES}], e.g. [{VALUES}] then \"Q1 2024/25\" = 431"
            )));
        };
        let same = table
            .iter()
            .position(|(key, _)| ReportingPeriod::parse(key).ok() == Some(period));
        if let Some(index) = same
            && let Some((_, Item::Value(old))) = table.iter_mut().nth(index)
        {
            *new_value.decor_mut() = old.decor().clone();
            *old = new_value;
            return Ok(());
        }
        let at = table
            .iter()
            .position(|(key, _)| {
                ReportingPeriod::parse(key).is_ok_and(|written| {
                    written.frequency() == period.frequency() && written > period
                })
            })
            .unwrap_or_else(|| table.len());
        insert_key_at(
            table,
            &Key::new(period.to_string()),
            Item::Value(new_value),
            at,
        );
        Ok(())
    }
}

/// A figure as a TOML value: `431`, `12.5`, `{ value = 398, note = "…" }`.
fn figure_text(value: f64, note: Option<&str>) -> String {
    match note {
        Some(note) => format!(
            "{{ value = {}, note = {} }}",
            plain_number(value),
            quote(note)
        ),
        None => plain_number(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(text: &str, period: &str, value: f64, note: Option<&str>) -> String {
        let mut doc = MeasureDocument::parse(text).unwrap();
        doc.set_figure(ReportingPeriod::parse(period).unwrap(), value, note)
            .unwrap();
        doc.text()
    }

    const FILE: &str = "# figures are examples\ntitle = \"t\"\n\n[values]\n\"Q1 2023/24\" = 431 # from the police\n\"Q3 2023/24\" = 400\n";

    #[test]
    fn a_new_figure_goes_in_period_order() {
        assert_eq!(
            recorded(FILE, "Q2 2023/24", 398.0, Some("provisional")),
            "# figures are examples\ntitle = \"t\"\n\n[values]\n\"Q1 2023/24\" = 431 # from the police\n\"Q2 2023/24\" = { value = 398, note = \"provisional\" }\n\"Q3 2023/24\" = 400\n"
        );
        assert!(
            recorded(FILE, "Q4 2023/24", 12.5, None)
                .ends_with("\"Q3 2023/24\" = 400\n\"Q4 2023/24\" = 12.5\n")
        );
    }

    #[test]
    fn the_same_period_written_another_way_is_replaced_in_place() {
        let text = "[values]\n\"2024-04\" = 5 # first\n\"May 2024\" = 6\n";
        assert_eq!(
            recorded(text, "Apr 2024", 7.0, None),
            "[values]\n\"2024-04\" = 7 # first\n\"May 2024\" = 6\n"
        );
    }

    #[test]
    fn a_file_without_values_gains_the_table() {
        assert_eq!(
            recorded("title = \"t\"\n", "2023/24", 2.0, None),
            "title = \"t\"\n\n[values]\n\"2023/24\" = 2\n"
        );
    }
}
