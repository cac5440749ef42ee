//! Turning computed results into text: one module per output form. The
//! reading commands build their view once (`crate::view`) and hand it to
//! [`render`] with the form the user chose; each view says how it is drawn
//! in every form by implementing [`Render`], whose methods delegate to the
//! per-form modules.

use std::io::Write;

use crate::view::{Detail, Leads, Listing, MeasureDetail, MeasureListing, Summary};

pub mod changes;
pub mod chase;
pub mod csv;
pub mod diagnostics;
pub mod diff;
pub mod eml;
pub mod ics;
pub mod import;
pub mod json;
pub mod markdown;
pub mod measures;
pub mod pack;
mod parallel;
mod printable;
pub mod table;
mod table_rows;
pub mod xlsx;
pub mod year_end;

pub(crate) use parallel::{write_in_parallel, write_str_in_parallel};
pub use printable::{one_line, printable};
pub use table::Screen;

/// The output forms of the reading commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// A table for people, fitted to the terminal, coloured on a colour terminal
    #[default]
    Table,
    /// JSON with stable field names, for scripts
    Json,
    /// CSV with a header row, for spreadsheets (formula-safe)
    Csv,
    /// A Markdown table, to paste into an agenda or issue
    Md,
}

/// A view a reading command prints, drawn in each of the [`Format`]s to
/// `out` as it is drawn: a listing of a large plan runs to tens of
/// megabytes in any form, not worth holding whole before printing.
pub trait Render {
    /// A table for people, fitted to the screen's width, with its styles
    /// when the screen shows them.
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()>;
    /// JSON with stable field names and a final newline.
    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()>;
    /// CSV with a header row, formula-safe.
    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()>;
    /// Markdown to paste into an agenda or issue.
    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// Draws `view` in `format` to `out`: the one place where a reading
/// command's format is chosen. A table is fitted to `screen`; the other
/// formats carry no styles.
pub fn render(
    view: &dyn Render,
    format: Format,
    screen: Screen,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Table => view.table(screen, out),
        Format::Json => view.json(out),
        Format::Csv => view.csv(out),
        Format::Md => view.markdown(out),
    }
}

/// For the views that are small: drawn whole, then written.
fn put(text: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> anyhow::Result<()> {
    put(&json::to_json(value)?, out)
}

impl Render for Listing<'_> {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        table::listing(self, screen, out)
    }

    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        json::write_listing(self, out)
    }

    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        csv::listing(self, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        markdown::listing(self, out)
    }
}

impl Render for Leads {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&table::leads(self, screen), out)
    }

    /// The rows alone: an array of leads.
    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        write_json(&self.rows, out)
    }

    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&csv::leads(self)?, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&markdown::leads(self), out)
    }
}

impl Render for Summary {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&table::summary(self, screen), out)
    }

    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        write_json(self, out)
    }

    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&csv::summary(self)?, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&markdown::summary(self), out)
    }
}

impl Render for Detail<'_> {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&table::detail(self, screen), out)
    }

    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        write_json(self, out)
    }

    /// One action row, as a listing of one.
    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&csv::action(&self.row)?, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&markdown::detail(self), out)
    }
}

impl Render for MeasureListing {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::listing_table(self, screen), out)
    }

    /// The rows alone: an array of measures, `[]` when none.
    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        write_json(&self.rows, out)
    }

    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::listing_csv(self)?, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::listing_markdown(self), out)
    }
}

impl Render for MeasureDetail {
    fn table(&self, screen: Screen, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::detail_table(self, screen), out)
    }

    fn json(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        write_json(self, out)
    }

    /// The series in long form.
    fn csv(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::detail_csv(self)?, out)
    }

    fn markdown(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        put(&measures::detail_markdown(self), out)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Action, Manifest, Plan, Status};
    use crate::view::{ActionRow, Context, ListKind, Listing, SortBy};

    /// A plan of `n` actions with a few varied fields, so rows differ.
    fn plan_of(n: usize) -> Plan {
        let actions = (0..n)
            .map(|index| {
                let mut action = Action::for_test(&format!("part-{}/action-{index:05}", index % 7));
                action.title = format!("Action \"{index}\", with a comma").into();
                if index % 3 == 0 {
                    action.status = Status::Blocked;
                }
                action
            })
            .collect();
        Plan {
            root: "plan".into(),
            manifest: Manifest::default(),
            actions,
            measures: Vec::new(),
        }
    }

    fn drawn(listing: &Listing<'_>, format: super::Format) -> String {
        let mut out = Vec::new();
        let screen = super::Screen {
            width: 100,
            styled: false,
        };
        assert!(super::render(listing, format, screen, &mut out).is_ok());
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn rows_drawn_in_parallel_are_what_drawing_them_in_one_go_gives() {
        // Enough rows for several chunks and several batches of chunks.
        let plan = plan_of(5_000);
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let context = Context::new(&plan, day);
        let actions: Vec<&Action> = plan.actions.iter().collect();
        let listing = Listing::new(&context, ListKind::All, &actions, SortBy::Plan, None);
        let rows: Vec<ActionRow> = listing.rows(&listing.actions).collect();

        let json = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
        assert_eq!(drawn(&listing, super::Format::Json), json);

        let records = rows.iter().map(super::csv::action_record);
        let csv = super::csv::write(&super::csv::ACTION_HEADERS, records).unwrap_or_default();
        assert_eq!(drawn(&listing, super::Format::Csv), csv);
        assert_eq!(csv.lines().count(), 5_001);
    }

    #[test]
    fn an_empty_listing_is_an_empty_json_array() {
        let plan = plan_of(0);
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let context = Context::new(&plan, day);
        let listing = Listing::new(&context, ListKind::All, &[], SortBy::Plan, None);
        assert_eq!(drawn(&listing, super::Format::Json), "[]\n");
    }
}
