//! The import map: which column holds which field, the sheet's words for
//! statuses, ratings and priorities, its names for bodies and sections.

use serde::Deserialize;
use toml::map::Map as Table;

use super::normalise;
use crate::error::Error;
use crate::model::{Rag, Status};
use crate::portable::{self, PlanPath};

/// A map file, as `--map` reads it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    #[serde(default)]
    pub plan: PlanPart,
    #[serde(default)]
    pub columns: Columns,
    #[serde(default)]
    pub values: Values,
    /// The sheet's names for bodies → lead keys.
    #[serde(default)]
    pub leads: Table<String, toml::Value>,
    /// Section paths → titles, as in csp.toml: a sheet's section cell is
    /// matched against the titles (and paths), and the sections are written
    /// in this order, parents included, before any the sheet adds.
    #[serde(default)]
    pub sections: Table<String, toml::Value>,
    /// The partnership's priorities, copied into csp.toml.
    #[serde(default)]
    pub priorities: Table<String, toml::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPart {
    pub name: Option<String>,
    /// The day the plan began: dues counted from it ("within six months of
    /// commencement") are written `start+6m`, and a new plan gets it as
    /// `[plan] start`.
    pub start: Option<toml::value::Datetime>,
}

impl PlanPart {
    /// `start` as a day, when it is one (not a time).
    pub fn start_day(&self) -> Option<chrono::NaiveDate> {
        let date = self.start.as_ref()?.date?;
        chrono::NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
    }
}

/// Field → header text in the sheet (case and spacing ignored).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// An id column (`section/slug`, as `csp export` writes): the action's
    /// file, in place of one made from the section and title.
    pub id: Option<String>,
    /// A reference column ("Ref", "No.": `1.1`, `2a`): kept in the id, as
    /// a title's leading numbering is.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub title: Option<String>,
    /// One column, or several joined (`["Action", "Outcome", "Funding"]`),
    /// each kept under its header's name.
    pub description: Option<Headers>,
    pub lead: Option<String>,
    pub partners: Option<String>,
    pub contacts: Option<String>,
    pub priority: Option<String>,
    pub tags: Option<String>,
    pub timescale: Option<String>,
    pub due: Option<String>,
    pub every: Option<String>,
    pub status: Option<String>,
    pub rag: Option<String>,
    pub completed: Option<String>,
    pub section: Option<String>,
    pub update: Option<String>,
    pub update_date: Option<String>,
}

/// A column's header, or several.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Headers {
    One(String),
    Many(Vec<String>),
}

impl Headers {
    pub fn all(&self) -> Vec<&str> {
        match self {
            Headers::One(header) => vec![header.as_str()],
            Headers::Many(headers) => headers.iter().map(String::as_str).collect(),
        }
    }
}

impl Columns {
    /// Every mapped field and its header; a field mapped to several
    /// columns (`description`) once for each.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let descriptions = self
            .description
            .as_ref()
            .map(Headers::all)
            .unwrap_or_default()
            .into_iter()
            .map(|header| ("description", header));
        [
            ("id", &self.id),
            ("ref", &self.reference),
            ("title", &self.title),
            ("lead", &self.lead),
            ("partners", &self.partners),
            ("contacts", &self.contacts),
            ("priority", &self.priority),
            ("tags", &self.tags),
            ("timescale", &self.timescale),
            ("due", &self.due),
            ("every", &self.every),
            ("status", &self.status),
            ("rag", &self.rag),
            ("completed", &self.completed),
            ("section", &self.section),
            ("update", &self.update),
            ("update_date", &self.update_date),
        ]
        .into_iter()
        .filter_map(|(field, header)| header.as_deref().map(|header| (field, header)))
        .chain(descriptions)
        .collect()
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    #[serde(default)]
    pub status: Table<String, toml::Value>,
    #[serde(default)]
    pub rag: Table<String, toml::Value>,
    #[serde(default)]
    pub priority: Table<String, toml::Value>,
}

fn lookup<'a>(table: &'a Table<String, toml::Value>, word: &str) -> Option<&'a toml::Value> {
    let word = normalise(word);
    table
        .iter()
        .find(|(key, _)| normalise(key) == word)
        .map(|(_, value)| value)
}

impl Map {
    pub fn parse(text: &str, shown: &str) -> Result<Self, Error> {
        let map: Map = toml::from_str(text).map_err(|error| {
            Error::usage(format!(
                "`{shown}` is not an import map csp can read: {}",
                error.message()
            ))
            .with_help("`csp import FILE --guess-map` prints a map to start from; docs/import.md describes it")
        })?;
        for (table, check) in [
            ("values.status", &map.values.status),
            ("values.rag", &map.values.rag),
        ] {
            for (word, value) in check {
                let ok = value.as_str().is_some_and(|name| {
                    if table == "values.status" {
                        Status::parse(name).is_some()
                    } else {
                        Rag::parse(name).is_some()
                    }
                });
                if !ok {
                    return Err(Error::usage(format!(
                        "`{shown}`: [{table}] \"{word}\" = {value} is not a {} csp knows",
                        if table == "values.status" {
                            "status"
                        } else {
                            "RAG rating"
                        }
                    ))
                    .with_help(if table == "values.status" {
                        format!("write one of {}", Status::ALL.map(Status::name).join(", "))
                    } else {
                        format!("write one of {}", Rag::ALL.map(Rag::name).join(", "))
                    }));
                }
            }
        }
        for path in map.sections.keys() {
            if let Err(problem) = PlanPath::parse(path) {
                let made = PlanPath::from_text(path).map_or_else(
                    |_| "e.g. \"statutory-duties/prevent-duty\"".into(),
                    |made| format!("e.g. \"{}\"", made.path),
                );
                return Err(Error::usage(format!(
                    "`{shown}`: [sections] \"{path}\" cannot name a section directory: a part {problem}"
                ))
                .with_help(format!(
                    "write the path under the plan root with `/` and lowercase letters, digits and '-', {made}"
                )));
            }
        }
        for (name, key) in &map.leads {
            let Some(key) = key.as_str() else {
                return Err(Error::usage(format!(
                    "`{shown}`: [leads] \"{name}\" = {key} is not a lead key"
                ))
                .with_help(format!(
                    "write the key in quotes, e.g. \"{name}\" = \"{}\"",
                    portable::make_part(name, portable::MAX_PART_CHARS)
                )));
            };
            let is_key = !key.is_empty()
                && key.len() <= portable::MAX_PART_CHARS
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !is_key || portable::is_reserved(key) {
                return Err(Error::usage(format!(
                    "`{shown}`: [leads] \"{name}\" = \"{key}\" cannot be a lead key: {}",
                    if is_key {
                        "it is a device name on Windows, so the body's return form could not be saved there"
                    } else {
                        "keys are at most 60 letters, digits, '-' and '_'"
                    }
                ))
                .with_help(format!("e.g. \"{name}\" = \"{}\"", portable::make_part(name, portable::MAX_PART_CHARS))));
            }
        }
        if let Some(start) = &map.plan.start
            && (map.plan.start_day().is_none() || start.time.is_some())
        {
            return Err(
                Error::usage(format!("`{shown}`: [plan] start = {start} is not a day"))
                    .with_help("write the day the plan began, e.g. start = 2024-04-01"),
            );
        }
        if map.columns.title.is_none() && map.columns.description.is_none() {
            return Err(Error::usage(format!(
                "`{shown}` maps no column to `title` or `description`, so no action has any text"
            ))
            .with_help("add e.g. title = \"Action\" under [columns]"));
        }
        Ok(map)
    }

    pub fn status(&self, word: &str) -> Option<Status> {
        lookup(&self.values.status, word)
            .and_then(toml::Value::as_str)
            .and_then(Status::parse)
    }

    pub fn rag(&self, word: &str) -> Option<Rag> {
        lookup(&self.values.rag, word)
            .and_then(toml::Value::as_str)
            .and_then(Rag::parse)
    }

    /// The priorities a word stands for: `"High" = 1` or `= [1, 2]`.
    pub fn priority(&self, word: &str) -> Option<Vec<u32>> {
        match lookup(&self.values.priority, word)? {
            toml::Value::Integer(n) => u32::try_from(*n).ok().map(|n| vec![n]),
            toml::Value::Array(items) => items
                .iter()
                .map(|item| item.as_integer().and_then(|n| u32::try_from(n).ok()))
                .collect(),
            _ => None,
        }
    }

    /// The key the map gives a body's name.
    pub fn lead(&self, name: &str) -> Option<&str> {
        lookup(&self.leads, name).and_then(toml::Value::as_str)
    }

    /// The map's sections in order: (path, title).
    pub fn sections(&self) -> Vec<(String, String)> {
        self.sections
            .iter()
            .filter_map(|(path, title)| {
                title
                    .as_str()
                    .map(|title| (path.clone(), title.to_string()))
            })
            .collect()
    }
}
