//! csp.toml as `toml_edit` holds it: the one place the manifest is edited,
//! by `csp new --new-section`, `csp import` (into a plan or a new one) and
//! `csp init`. Every comment, blank line and quote stays as written; what
//! is added goes where a person would put it: a section after its parent's
//! last subsection (or at the end of `[sections]`), its key quoted like the
//! keys around it; a lead after the plan's last lead.

use toml_edit::{Array, DocumentMut, Item, Key, Table};

use chrono::NaiveDate;

use super::document::{date_value, insert_key_at, quote, string_value};
use crate::dates::FinancialYear;
use crate::error::Error;

/// csp.toml being edited.
#[derive(Clone, Debug)]
pub struct ManifestDocument {
    doc: DocumentMut,
}

impl ManifestDocument {
    /// Parses LF text (see [`super::text::Source`]).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let doc = text.parse().map_err(|error| {
            Error::usage(format!(
                "the plan's csp.toml is not TOML csp can edit: {error}"
            ))
            .with_help("`csp validate` shows what is wrong with it")
        })?;
        Ok(Self { doc })
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    /// Sets `[plan] name`, keeping the comment beside it.
    pub fn set_plan_name(&mut self, name: &str) -> anyhow::Result<()> {
        self.set_plan("name", string_value(name)?)
    }

    /// Sets `[plan] year = "2023/24"`: in its place when csp.toml has it,
    /// else just after `name`.
    pub fn set_plan_year(&mut self, year: FinancialYear) -> anyhow::Result<()> {
        self.set_plan("year", string_value(&year.to_string())?)
    }

    /// Sets `[plan] start`, as a TOML date (in quotes when the file wrote
    /// it in quotes).
    pub fn set_plan_start(&mut self, day: NaiveDate) -> anyhow::Result<()> {
        let quoted = self
            .doc
            .get("plan")
            .and_then(|plan| plan.get("start"))
            .and_then(Item::as_value)
            .is_some_and(toml_edit::Value::is_str);
        let value = if quoted {
            string_value(&day.format("%Y-%m-%d").to_string())?
        } else {
            date_value(day)?
        };
        self.set_plan("start", value)
    }

    /// Sets `[plan] KEY`, keeping the comment beside an old value; a new
    /// key goes after `name` (or first), where a person reads it.
    fn set_plan(&mut self, key: &str, mut value: toml_edit::Value) -> anyhow::Result<()> {
        let plan = table(&mut self.doc, "plan", false)?;
        if let Some(old) = plan.get(key).and_then(Item::as_value) {
            *value.decor_mut() = old.decor().clone();
            plan.insert(key, Item::Value(value));
            return Ok(());
        }
        let at = plan
            .iter()
            .position(|(name, _)| name == "name")
            .map_or(0, |index| index + 1);
        insert_key_at(plan, &Key::new(key), Item::Value(value), at);
        Ok(())
    }

    /// Adds `path = title` to `[sections]`: after the last section under
    /// `path`'s parent (so that a subsection stays with its siblings), else
    /// at the end; quoted if the sections around it are, as `csp init` and
    /// `csp import` write them, and quoted when there are none yet.
    pub fn add_section(&mut self, path: &str, title: &str) -> anyhow::Result<()> {
        let sections = table(&mut self.doc, "sections", false)?;
        let keys: Vec<String> = sections.iter().map(|(key, _)| key.to_string()).collect();
        let at = match path.rsplit_once('/') {
            Some((parent, _)) => keys
                .iter()
                .rposition(|key| key == parent || key.starts_with(&format!("{parent}/")))
                .map_or(keys.len(), |index| index + 1),
            None => keys.len(),
        };
        let quoted = sections.iter().next().is_none_or(|(first, _)| {
            sections
                .key(first)
                .and_then(Key::as_repr)
                .and_then(|repr| repr.as_raw().as_str())
                .is_some_and(|raw| raw.starts_with('"'))
        });
        let key = if quoted {
            quoted_key(path)
        } else {
            Key::new(path)
        };
        insert_key_at(sections, &key, Item::Value(string_value(title)?), at);
        Ok(())
    }

    /// Adds `[leads.KEY]` with its name and aliases, after the plan's last
    /// lead.
    pub fn add_lead(&mut self, key: &str, name: &str, aliases: &[String]) -> anyhow::Result<()> {
        let leads = table(&mut self.doc, "leads", true)?;
        let mut entry = Table::new();
        entry.insert("name", Item::Value(string_value(name)?));
        if !aliases.is_empty() {
            let mut list = Array::new();
            for alias in aliases {
                list.push(string_value(alias)?);
            }
            entry.insert("aliases", Item::Value(list.into()));
        }
        let key = if is_bare(key) {
            Key::new(key)
        } else {
            quoted_key(key)
        };
        // A table without a position of its own is written after the table
        // before it in the document: here, the last lead.
        leads.insert_formatted(&key, Item::Table(entry));
        Ok(())
    }
}

/// The top-level table `name`, made at the end of the file if missing.
/// `implicit`: a table that holds only tables, such as [leads], gets no
/// header of its own.
fn table<'d>(doc: &'d mut DocumentMut, name: &str, implicit: bool) -> Result<&'d mut Table, Error> {
    if doc.get(name).is_none() {
        let mut table = Table::new();
        table.set_implicit(implicit);
        doc.insert(name, Item::Table(table));
    }
    doc.get_mut(name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| {
            Error::usage(format!("[{name}] in csp.toml is not a table"))
                .with_help("`csp validate` shows what is wrong with it")
        })
}

/// A key TOML can write without quotes.
fn is_bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `text` as a key in double quotes, escaped as csp quotes strings.
fn quoted_key(text: &str) -> Key {
    Key::parse(&quote(text))
        .ok()
        .and_then(|keys| keys.into_iter().next())
        .unwrap_or_else(|| Key::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, edit: impl FnOnce(&mut ManifestDocument)) -> String {
        let mut manifest = ManifestDocument::parse(text).unwrap();
        edit(&mut manifest);
        manifest.text()
    }

    #[test]
    fn a_subsection_goes_after_its_parents_last_subsection_quoted_like_its_neighbours() {
        let text = "[sections]\n\"a\" = \"A\"\n\"a/x\" = \"X\" # beside\n\"b\" = \"B\"\n";
        let after = edited(text, |m| m.add_section("a/y", "Y").unwrap());
        assert_eq!(
            after,
            "[sections]\n\"a\" = \"A\"\n\"a/x\" = \"X\" # beside\n\"a/y\" = \"Y\"\n\"b\" = \"B\"\n"
        );
        let after = edited(text, |m| m.add_section("c", "C").unwrap());
        assert!(after.ends_with("\"b\" = \"B\"\n\"c\" = \"C\"\n"), "{after}");
        let bare = edited("[sections]\na = \"A\"\n", |m| {
            m.add_section("b", "B").unwrap();
        });
        assert_eq!(bare, "[sections]\na = \"A\"\nb = \"B\"\n");
    }

    #[test]
    fn the_first_section_is_quoted_and_a_missing_table_is_made() {
        let after = edited("# top\n[plan]\nname = \"P\"\n", |m| {
            m.add_section("youth", "Youth").unwrap();
        });
        assert_eq!(
            after,
            "# top\n[plan]\nname = \"P\"\n\n[sections]\n\"youth\" = \"Youth\"\n"
        );
    }

    #[test]
    fn leads_go_after_the_last_lead_before_what_follows() {
        let text = "[leads.a]\nname = \"A\"\n\n# meetings\n[meetings.board]\ntitle = \"B\"\n";
        let after = edited(text, |m| {
            m.add_lead("b", "B", &["Bee".to_string()]).unwrap();
            m.add_lead("c d", "C", &[]).unwrap();
        });
        assert_eq!(
            after,
            "[leads.a]\nname = \"A\"\n\n[leads.b]\nname = \"B\"\naliases = [\"Bee\"]\n\n[leads.\"c d\"]\nname = \"C\"\n\n# meetings\n[meetings.board]\ntitle = \"B\"\n"
        );
    }

    #[test]
    fn the_year_goes_after_the_name_and_start_keeps_its_place_and_quotes() {
        let year = FinancialYear::parse("2024/25").unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let after = edited("[plan]\nname = \"P\"\nupcoming = \"1m\"\n", |m| {
            m.set_plan_year(year).unwrap();
        });
        assert_eq!(
            after,
            "[plan]\nname = \"P\"\nyear = \"2024/25\"\nupcoming = \"1m\"\n"
        );
        let after = edited(
            "[plan]\nname = \"P\"\nyear = \"2023/24\" # the year\nstart = \"2023-04-01\"\n",
            |m| {
                m.set_plan_year(year).unwrap();
                m.set_plan_start(day).unwrap();
            },
        );
        assert_eq!(
            after,
            "[plan]\nname = \"P\"\nyear = \"2024/25\" # the year\nstart = \"2024-04-01\"\n"
        );
    }

    #[test]
    fn the_plan_name_keeps_its_comment() {
        let after = edited("[plan]\nname = \"Old\" # the board's name\n", |m| {
            m.set_plan_name("New \"one\"").unwrap();
        });
        assert_eq!(
            after,
            "[plan]\nname = \"New \\\"one\\\"\" # the board's name\n"
        );
    }
}
