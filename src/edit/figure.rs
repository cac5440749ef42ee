//! Setting one period's figure in a measure file, keeping everything else
//! as written: comments, blank lines, the order of the other entries and
//! the way each period is written. The figure goes under `[values]`, its
//! period written the canonical way (`"Q3 2023/24"`, `"Apr 2024"`,
//! `"2023/24"`) and placed in period order; with a note it is written
//! `{ value = 400, note = "…" }`. A period the file already has (however
//! it is written: `"2024-01"` is `Jan 2024`) keeps its key, its place and
//! the comment beside it, and gets the new value.
//!
//! Nothing is judged here (whether the period has ended, whether it
//! matches the measure's frequency): the caller decides that, and the
//! edited file goes through `csp validate`'s own checks before it is
//! written.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use super::document::string_value;
use crate::dates::ReportingPeriod;
use crate::error::Error;
use crate::model::measure::plain_number;

/// The table that holds a measure's figures.
const VALUES: &str = "values";

/// `text` (a measure file as LF text, see [`super::text::Source`]) with
/// `period`'s figure set to `value`, and its note to `note` (none: a
/// figure written as a bare number, any note it had dropped).
pub fn set_figure(
    text: &str,
    period: ReportingPeriod,
    value: f64,
    note: Option<&str>,
) -> Result<String, Error> {
    let mut doc: DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| {
        Error::usage(format!("the measure file is not TOML: {}", error.message()))
    })?;
    let figure = figure_value(value, note)?;
    if doc.get(VALUES).is_none() {
        let mut table = Table::new();
        table.set_implicit(false);
        // Comments at the very end of the file were written below the last
        // field; they stay there, above the new table.
        let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
        if trailing.contains('#') {
            table.decor_mut().set_prefix(format!("{trailing}\n"));
            doc.set_trailing("");
        }
        doc.as_table_mut().insert(VALUES, Item::Table(table));
    }
    let root = doc.as_table_mut();
    let Some(Item::Table(values)) = root.get_mut(VALUES) else {
        return Err(Error::usage(
            "`values` in the measure file is not written as a [values] table, so csp cannot add a figure to it",
        )
        .with_help("write the figures one a line under [values], e.g. \"Q1 2023/24\" = 431"));
    };
    let same = values
        .iter()
        .map(|(key, _)| key.to_string())
        .find(|key| ReportingPeriod::parse(key).ok() == Some(period));
    if let Some(key) = same {
        if let Some((_, Item::Value(old))) = values.get_key_value_mut(&key) {
            let mut figure = figure;
            *figure.decor_mut() = old.decor().clone();
            *old = figure;
        } else {
            values.insert(&key, Item::Value(figure));
        }
        return Ok(doc.to_string());
    }
    // After the last entry for an earlier period (an entry csp cannot read
    // as a period stays before the new one).
    let keys: Vec<String> = values.iter().map(|(key, _)| key.to_string()).collect();
    let at = keys
        .iter()
        .rposition(|key| ReportingPeriod::parse(key).map_or(true, |other| other < period))
        .map_or(0, |index| index + 1);
    insert_at(values, &period.to_string(), Item::Value(figure), at);
    Ok(doc.to_string())
}

/// `400`, `12.5`, or `{ value = 400, note = "…" }`.
fn figure_value(value: f64, note: Option<&str>) -> Result<Value, Error> {
    if !value.is_finite() {
        return Err(Error::usage(format!("{value} is not a figure")));
    }
    let number: Value = plain_number(value)
        .parse()
        .map_err(|_| Error::usage(format!("cannot write {value} as a TOML number")))?;
    let Some(note) = note.map(str::trim).filter(|note| !note.is_empty()) else {
        return Ok(number);
    };
    let mut table = InlineTable::new();
    table.insert("value", number);
    table.insert(
        "note",
        string_value(note).map_err(|error| Error::usage(error.to_string()))?,
    );
    table.fmt();
    Ok(Value::InlineTable(table))
}

/// Inserts `key = item` as the `at`-th entry of `table`, the others
/// keeping their order. A comment above the first entry heads the table:
/// it stays above whatever comes first.
fn insert_at(table: &mut Table, key: &str, item: Item, at: usize) {
    let order: Vec<String> = table.iter().map(|(name, _)| name.to_string()).collect();
    let mut key = Key::new(key);
    if at == 0
        && let Some(first) = order.first()
        && let Some(mut old) = table.key_mut(first)
    {
        let heading = old
            .leaf_decor()
            .prefix()
            .and_then(|prefix| prefix.as_str())
            .unwrap_or_default()
            .to_string();
        if heading.contains('#') {
            old.leaf_decor_mut().set_prefix("");
            key.leaf_decor_mut().set_prefix(heading);
        }
    }
    table.insert_formatted(&key, item);
    let place = |name: &str| {
        order
            .iter()
            .position(|other| other == name)
            .map_or(at, |index| if index < at { index } else { index + 1 })
    };
    table.sort_values_by(|a, _, b, _| place(a.get()).cmp(&place(b.get())));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> ReportingPeriod {
        ReportingPeriod::parse(text).unwrap()
    }

    const FILE: &str = "title = \"ASB\" # the indicator\nlead = [\"police\"]\n\n[target]\n\"2023/24\" = 1600\n\n[values]\n# from the force's monthly return\n\"Q1 2023/24\" = 431\n\"Q2 2023/24\" = { value = 398, note = \"provisional\" } # revised in Jan\n\"Q4 2023/24\" = 380\n";

    #[test]
    fn a_new_figure_goes_in_period_order_keeping_the_rest() {
        let after = set_figure(FILE, period("Q3 2023/24"), 1234.0, None).unwrap();
        assert_eq!(
            after,
            FILE.replace(
                "\"Q4 2023/24\" = 380",
                "\"Q3 2023/24\" = 1234\n\"Q4 2023/24\" = 380"
            )
        );
        let first = set_figure(FILE, period("Q4 2022/23"), 12.5, Some("a \"note\"")).unwrap();
        assert_eq!(
            first,
            FILE.replace(
                "\"Q1 2023/24\" = 431",
                "\"Q4 2022/23\" = { value = 12.5, note = \"a \\\"note\\\"\" }\n\"Q1 2023/24\" = 431"
            )
        );
        let last = set_figure(FILE, period("Q1 2024/25"), -3.0, None).unwrap();
        assert_eq!(last, format!("{FILE}\"Q1 2024/25\" = -3\n"));
    }

    #[test]
    fn an_existing_figure_keeps_its_key_place_and_comment() {
        let after = set_figure(FILE, period("2023-07"), 0.0, None);
        // A month is not a quarter: nothing matches, so it is added (and
        // validate refuses it for the wrong frequency).
        assert!(after.unwrap().contains("\"Jul 2023\" = 0"));
        let text = "[values]\n\"2024-01\" = 5 # January\n\"2024-02\" = 6\n";
        let after = set_figure(text, period("Jan 2024"), 7.0, Some("late")).unwrap();
        assert_eq!(
            after,
            "[values]\n\"2024-01\" = { value = 7, note = \"late\" } # January\n\"2024-02\" = 6\n"
        );
        let after = set_figure(FILE, period("Q2 2023/24"), 401.0, None).unwrap();
        assert_eq!(
            after,
            FILE.replace("{ value = 398, note = \"provisional\" }", "401")
        );
    }

    #[test]
    fn a_file_without_values_gets_the_table() {
        let text = "title = \"x\"\n# the end\n";
        let after = set_figure(text, period("2023/24"), 2.0, None).unwrap();
        assert_eq!(
            after,
            "title = \"x\"\n# the end\n\n[values]\n\"2023/24\" = 2\n"
        );
        let inline = "values = 3\n";
        assert!(set_figure(inline, period("2023/24"), 2.0, None).is_err());
        assert!(set_figure("not = = toml", period("2023/24"), 2.0, None).is_err());
        assert!(set_figure(text, period("2023/24"), f64::NAN, None).is_err());
    }
}
