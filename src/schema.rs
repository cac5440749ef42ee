//! JSON Schemas (draft-07, the newest draft Taplo / Even Better TOML fully
//! supports) of an action file and of `csp.toml`, so that an editor can
//! complete field names and flag mistakes while an officer types.
//!
//! A schema sees one file alone: it checks what the loader checks (fields,
//! types, dates, `every`, status and RAG values) and the *form* of what
//! `csp validate` checks across files (a lead is written as a key), never
//! more. Every file `csp validate` accepts passes its schema; a test checks
//! that on the bundled plan.

use serde_json::{Map, Value, json};

use crate::dates::{Frequency, MAX_PERIOD_YEARS, MONTH_NAMES};
use crate::field::Field;
use crate::load::{FIGURE_FIELDS, MEASURE_FIELDS, UPDATE_FIELDS};
use crate::model::{Aggregate, Better, Marking, Rag, Status};

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// An address as csp.toml allows it: one `@`, no spaces, no line breaks.
/// An address, alone or after a name in angle brackets ("Siân <s@x.example>").
const EMAIL: &str = "^\\s*([^<>\"]*<[^@\\s,;<>\"]+@[^@\\s,;<>\".]+(\\.[^@\\s,;<>\".]+)+>|[^@\\s,;<>\"]+@[^@\\s,;<>\".]+(\\.[^@\\s,;<>\".]+)+)\\s*$";

/// A lead key as `[leads]` allows it: letters, digits, '-' and '_'.
const LEAD_KEY: &str = "^[A-Za-z0-9_-]+$";

/// The schema of an action file.
pub(crate) fn action() -> Value {
    let properties: Map<String, Value> = Field::ALL
        .into_iter()
        .map(|field| (field.name().to_string(), property(field)))
        .collect();
    json!({
        "$schema": DRAFT,
        "title": "csp action file",
        "description": "One action of a Community Safety Partnership plan (docs/plan-format.md).",
        "type": "object",
        "additionalProperties": false,
        "required": Field::REQUIRED.map(Field::name),
        "properties": properties,
        "if": { "properties": { (Field::Status.name()): { "const": Status::Done.name() } }, "required": [Field::Status.name()] },
        "then": { "required": [Field::Completed.name()] }
    })
}

/// One field's schema: a match, so that no field is left without one.
fn property(field: Field) -> Value {
    match field {
        Field::Marking => json!({
            "description": "The protective marking: official (the default) or official-sensitive, which csp leaves out of every output that can leave the repository unless --include-sensitive is given. Without it, the nearest section's in [markings], else [plan] marking.",
            "type": "string",
            "enum": Marking::ALL.map(Marking::name)
        }),
        Field::Title => json!({
            "description": "One line saying what the action is.",
            "type": "string",
            "pattern": "^[^\\n]*\\S[^\\n]*$"
        }),
        Field::Description => json!({
            "description": "The action as the plan words it.",
            "type": "string",
            "pattern": "\\S"
        }),
        Field::Lead => json!({
            "description": "The bodies leading the action: keys of [leads] in csp.toml.",
            "anyOf": [
                { "type": "string", "pattern": LEAD_KEY },
                { "type": "array", "items": { "type": "string", "pattern": LEAD_KEY }, "minItems": 1 }
            ]
        }),
        Field::Partners => json!({
            "description": "Bodies working with the lead: keys of [leads] in csp.toml.",
            "anyOf": [
                { "type": "string", "pattern": LEAD_KEY },
                { "type": "array", "items": { "type": "string", "pattern": LEAD_KEY } }
            ]
        }),
        Field::Contacts => json!({
            "description": "Named people, free text.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        }),
        Field::Priority => json!({
            "description": "Keys of [priorities] in csp.toml.",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": u32::MAX },
                { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": u32::MAX } }
            ]
        }),
        Field::Timescale => json!({
            "description": "The plan's own wording of when, shown verbatim.",
            "type": "string"
        }),
        Field::Due => json!({
            "description": "A date (2024-03-31), or in quotes a month (\"2024-03\"), a financial year (\"2023/24\") or a quarter of one (\"Q3 2023/24\"), meaning its last day, or a time after the plan's start (\"start+6m\").",
            "type": "string",
            "pattern": due_pattern()
        }),
        Field::Every => json!({
            "description": format!("Recurrence: \"N unit\" or \"unit\", unit = day, week, month, quarter or year (plural ok), at most {MAX_PERIOD_YEARS} years."),
            "type": "string",
            "pattern": every_pattern()
        }),
        Field::Status => json!({
            "description": "open (the default), in-progress, blocked, done or dropped.",
            "type": "string",
            "enum": Status::ALL.map(Status::name)
        }),
        Field::Rag => json!({
            "description": "The RAG rating: red, amber or green.",
            "type": "string",
            "enum": Rag::ALL.map(Rag::name)
        }),
        Field::Completed => json!({
            "description": "The day it was done; for a recurring action, the last time.",
            "type": "string",
            "pattern": date_pattern()
        }),
        Field::Tags => json!({
            "description": "Free-form labels.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        }),
        Field::Update => json!({
            "description": "Progress notes, oldest first, each an [[update]] table.",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": UPDATE_FIELDS,
                "properties": {
                    "date": { "description": "The day of the note.", "type": "string", "pattern": date_pattern() },
                    "text": { "description": "The note.", "type": "string" }
                }
            }
        }),
    }
}

/// The schema of a performance measure's file, `measures/<id>.toml`
/// (docs/measures.md). Period keys are checked in form; whether each is of
/// the measure's frequency is `csp validate`'s to say.
pub(crate) fn measure() -> Value {
    let period = json!({ "type": "string", "pattern": period_pattern() });
    let keys = |name: &str| -> Value {
        match name {
            "title" => json!({
                "description": "What is measured, in one line.",
                "type": "string",
                "pattern": "^[^\\n]*\\S[^\\n]*$"
            }),
            "description" => {
                json!({ "description": "What the measure counts and why, as the strategy words it.", "type": "string" })
            }
            "lead" => json!({
                "description": "Who supplies the figure: keys of [leads] in csp.toml.",
                "anyOf": [
                    { "type": "string", "pattern": LEAD_KEY },
                    { "type": "array", "items": { "type": "string", "pattern": LEAD_KEY }, "minItems": 1 }
                ]
            }),
            "unit" => {
                json!({ "description": "Shown after figures: \"incidents\"; \"%\" and \"£\" are placed as people write them.", "type": "string" })
            }
            "better" => {
                json!({ "description": "Which way is better: higher or lower.", "type": "string", "enum": Better::ALL.map(Better::name) })
            }
            "frequency" => {
                json!({ "description": "How often a figure comes: month, quarter or year (UK financial periods; Q1 = Apr–Jun).", "type": "string", "enum": Frequency::ALL.map(Frequency::name) })
            }
            "aggregate" => {
                json!({ "description": "How a year's figures combine: sum (counts), latest (rates, %), mean.", "type": "string", "enum": Aggregate::ALL.map(Aggregate::name) })
            }
            "lag" => {
                json!({ "description": "How long after a period ends its figure is due: \"6w\", \"1m\" (d, w, m, q or y).", "type": "string", "pattern": window_pattern() })
            }
            "source" => json!({ "description": "Where the figure comes from.", "type": "string" }),
            "priority" => json!({
                "description": "Keys of [priorities] in csp.toml.",
                "anyOf": [
                    { "type": "integer", "minimum": 1, "maximum": u32::MAX },
                    { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": u32::MAX } }
                ]
            }),
            "actions" => json!({
                "description": "Ids of the actions that work towards it.",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            }),
            "baseline" => json!({
                "description": "Where it started: { period = \"2022/23\", value = 1710 }.",
                "type": "object",
                "additionalProperties": false,
                "required": ["period", "value"],
                "properties": { "period": period, "value": { "type": "number" } }
            }),
            "tolerance" => json!({
                "description": "How far a figure may miss its target and still be amber: a share of the target (\"5%\") or an amount in the unit (20). Without it, csp.toml's [measures] tolerance, else 5%.",
                "anyOf": [
                    { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$" },
                    { "type": "number", "minimum": 0 }
                ]
            }),
            "marking" => json!({
                "description": "The protective marking: official (the default) or official-sensitive, which csp leaves out of every output that can leave the repository unless --include-sensitive is given.",
                "type": "string",
                "enum": Marking::ALL.map(Marking::name)
            }),
            "tags" => json!({
                "description": "Free-form labels.",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            }),
            "target" => json!({
                "description": "Targets by financial year (\"2023/24\" = 1600) or by period (\"Q3 2023/24\" = 400).",
                "type": "object",
                "propertyNames": period,
                "additionalProperties": { "type": "number" }
            }),
            "values" => json!({
                "description": "One figure per period, one a line: \"Q1 2023/24\" = 431, or { value = 398, note = \"provisional\" }.",
                "type": "object",
                "propertyNames": period,
                "additionalProperties": {
                    "anyOf": [
                        { "type": "number" },
                        {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["value"],
                            "properties": FIGURE_FIELDS.iter().map(|field| {
                                let schema = if *field == "value" {
                                    json!({ "type": "number" })
                                } else {
                                    json!({ "type": "string" })
                                };
                                ((*field).to_string(), schema)
                            }).collect::<Map<String, Value>>()
                        }
                    ]
                }
            }),
            _ => json!({}),
        }
    };
    let properties: Map<String, Value> = MEASURE_FIELDS
        .iter()
        .map(|name| ((*name).to_string(), keys(name)))
        .collect();
    json!({
        "$schema": DRAFT,
        "title": "csp measure file",
        "description": "One performance measure of a Community Safety Partnership plan, under measures/ (docs/measures.md).",
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "lead", "better", "frequency", "aggregate"],
        "properties": properties
    })
}

/// A reporting period as written: `Apr 2024`, `April 2024`, `2024-04`,
/// `Q1 2024/25`, `2024/25`.
fn period_pattern() -> String {
    let months: Vec<String> = MONTH_NAMES
        .iter()
        .map(|name| {
            let (short, rest) = name.split_at(3);
            if *name == "september" {
                format!(
                    "{}(?:{}|{})?",
                    any_case(short),
                    any_case("t"),
                    any_case(rest)
                )
            } else if rest.is_empty() {
                any_case(short)
            } else {
                format!("{}(?:{})?", any_case(short), any_case(rest))
            }
        })
        .collect();
    let financial_year = "[0-9]{4}/[0-9]{2}";
    format!(
        "^\\s*(?:(?:{})\\s+[0-9]{{4}}|[0-9]{{4}}-(?:0[1-9]|1[0-2])|[qQ][1-4]\\s+{financial_year}|{financial_year})\\s*$",
        months.join("|")
    )
}

/// The schema of the manifest, `csp.toml`.
pub(crate) fn manifest() -> Value {
    let lead = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
            "name": { "description": "The organisation's full name.", "type": "string" },
            "aliases": {
                "description": "Other names people write for it.",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            },
            "email": {
                "description": "Where `csp chase` addresses the lead's digest: one address or a list.",
                "anyOf": [
                    { "type": "string", "pattern": EMAIL },
                    { "type": "array", "items": { "type": "string", "pattern": EMAIL } }
                ]
            },
            "contact": { "description": "The person who answers for the lead's actions.", "type": "string" },
            "greeting": { "description": "The plain name a chase draft greets (\"Dear Siân,\").", "type": "string" }
        }
    });
    let tables = json!({
        "plan": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name"],
            "properties": {
                "name": { "description": "The plan's name.", "type": "string" },
                "year": {
                    "description": "The UK financial year the plan is for, 1 April to 31 March: \"2023/24\". Listings, the pack and exports name it; `start` defaults to its first day.",
                    "type": "string",
                    "pattern": "^\\s*[0-9]{4}/[0-9]{2}\\s*$"
                },
                "start": {
                    "description": "The day the plan began: dues written \"start+6m\" are counted from it. Default: the first day of `year`, when that is set.",
                    "type": "string",
                    "pattern": date_pattern()
                },
                "upcoming": {
                    "description": "The default look-ahead of `csp upcoming`: 30d, 2w, 3m, 1q or 1y.",
                    "type": "string",
                    "pattern": window_pattern()
                },
                "stale": {
                    "description": "For a plan without [meetings]: how long without a progress note makes an action stale (default 3m).",
                    "type": "string",
                    "pattern": window_pattern()
                },
                "from": {
                    "description": "Who chase drafts are from: an address, with or without a name (\"CSP officer <csp@council.example>\").",
                    "type": "string"
                },
                "returns": {
                    "description": "How long before the meeting partners' return forms are due back (e.g. 7d): the forms and drafts name that day.",
                    "type": "string",
                    "pattern": window_pattern()
                },
                "marking": {
                    "description": "The marking of every action without its own and outside [markings]: official (the default) or official-sensitive.",
                    "type": "string",
                    "enum": Marking::ALL.map(Marking::name)
                }
            }
        },
        "priorities": {
            "description": "Numbered priorities that actions cite: 1 = \"…\".",
            "type": "object",
            "propertyNames": { "pattern": "^\\+?0*[1-9][0-9]*$" },
            "additionalProperties": { "type": "string" }
        },
        "sections": {
            "description": "Section directories (relative to the plan, with /) and their titles, in plan order.",
            "type": "object",
            "propertyNames": { "pattern": section_pattern() },
            "additionalProperties": { "type": "string" }
        },
        "markings": {
            "description": "Section paths (of [sections], or the start of them) and the marking of every action beneath them: official or official-sensitive.",
            "type": "object",
            "propertyNames": { "pattern": section_pattern() },
            "additionalProperties": { "type": "string", "enum": Marking::ALL.map(Marking::name) }
        },
        "leads": {
            "description": "The bodies that lead actions, by key: [leads.ECDC].",
            "type": "object",
            "propertyNames": { "pattern": LEAD_KEY },
            "additionalProperties": lead
        },
        "measures": {
            "description": "What every performance measure under measures/ has unless its own file says otherwise (docs/measures.md).",
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "tolerance": {
                    "description": "How far a figure may miss its target and still be amber: a share of the target (\"5%\") or an amount in the measure's unit (20). Without it, 5%.",
                    "anyOf": [
                        { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$" },
                        { "type": "number", "minimum": 0 }
                    ]
                },
                "lag": {
                    "description": "How long after a period ends its figure is due: \"6w\", \"1m\" (d, w, m, q or y).",
                    "type": "string"
                }
            }
        },
        "meetings": {
            "description": "The bodies that meet and their dates, by key: [meetings.board]; `next:board` names the next one.",
            "type": "object",
            "propertyNames": { "pattern": LEAD_KEY },
            "additionalProperties": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title"],
                "properties": {
                    "title": { "description": "What meets, e.g. \"CSP Board\".", "type": "string" },
                    "dates": {
                        "description": "The days it meets, in any order.",
                        "type": "array",
                        "items": { "type": "string", "pattern": date_pattern() }
                    }
                }
            }
        }
    });
    json!({
        "$schema": DRAFT,
        "title": "csp manifest (csp.toml)",
        "description": "The plan's name, priorities, sections, leads and meetings (docs/plan-format.md).",
        "type": "object",
        "additionalProperties": false,
        "required": ["plan"],
        "properties": tables
    })
}

/// Matches `word` in any letter case: JSON Schema patterns take no flags.
fn any_case(word: &str) -> String {
    word.chars()
        .flat_map(|c| ['[', c.to_ascii_lowercase(), c.to_ascii_uppercase(), ']'])
        .collect()
}

/// day|week|month|quarter|year, any case, optionally plural.
fn unit_words() -> String {
    let words: Vec<String> = ["day", "week", "month", "quarter", "year"]
        .iter()
        .map(|word| any_case(word))
        .collect();
    format!("(?:{})[sS]?", words.join("|"))
}

/// A count from 1 up, as `u64::from_str` reads it.
const COUNT: &str = "\\+?0*[1-9][0-9]*";

fn every_pattern() -> String {
    format!("^\\s*(?:{COUNT}\\s+)?{}\\s*$", unit_words())
}

fn window_pattern() -> String {
    format!("^\\s*{COUNT}\\s*(?:[dwmqyDWMQY]|{})\\s*$", unit_words())
}

const DAY: &str = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";

fn date_pattern() -> String {
    format!("^\\s*{DAY}\\s*$")
}

fn due_pattern() -> String {
    let financial_year = "[0-9]{4}/[0-9]{2}";
    format!(
        "^\\s*(?:{DAY}|[0-9]{{4}}-(?:0[1-9]|1[0-2])|{financial_year}|[qQ][1-4]\\s+{financial_year}|start\\s*\\+\\s*{COUNT}\\s*(?:[dwmqyDWMQY]|{}))\\s*$",
        unit_words()
    )
}

/// A `/`-separated directory path with no empty, `.` or `..` part.
fn section_pattern() -> String {
    let part = "(?:[^/\\\\.][^/\\\\]*|\\.[^/\\\\.][^/\\\\]*|\\.\\.[^/\\\\]+)";
    format!("^/*{part}(?:/{part})*/*$")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{
        LEAD_FIELDS, MANIFEST_TABLES, MEASURE_DEFAULT_FIELDS, MEETING_FIELDS, PLAN_FIELDS,
    };

    /// The keys of an object, sorted, against the loader's list, sorted.
    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .map(|object| object.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    fn sorted<'a>(names: &[&'a str]) -> Vec<&'a str> {
        let mut names = names.to_vec();
        names.sort_unstable();
        names
    }

    #[test]
    fn schemas_name_exactly_the_loaders_fields() {
        assert_eq!(keys(&action()["properties"]), sorted(&Field::NAMES));
        assert_eq!(
            keys(&action()["properties"]["update"]["items"]["properties"]),
            sorted(UPDATE_FIELDS)
        );
        assert_eq!(keys(&manifest()["properties"]), sorted(MANIFEST_TABLES));
        assert_eq!(
            keys(&manifest()["properties"]["plan"]["properties"]),
            sorted(PLAN_FIELDS)
        );
        assert_eq!(
            keys(&manifest()["properties"]["leads"]["additionalProperties"]["properties"]),
            sorted(LEAD_FIELDS)
        );
        assert_eq!(
            keys(&manifest()["properties"]["meetings"]["additionalProperties"]["properties"]),
            sorted(MEETING_FIELDS)
        );
        assert_eq!(
            keys(&manifest()["properties"]["measures"]["properties"]),
            sorted(MEASURE_DEFAULT_FIELDS)
        );
    }

    #[test]
    fn the_measure_schema_names_exactly_the_loaders_fields() {
        assert_eq!(keys(&measure()["properties"]), sorted(MEASURE_FIELDS));
        assert_eq!(
            keys(
                &measure()["properties"]["values"]["additionalProperties"]["anyOf"][1]["properties"]
            ),
            sorted(FIGURE_FIELDS)
        );
        for (name, schema) in measure()["properties"].as_object().into_iter().flatten() {
            assert!(schema.get("description").is_some(), "{name} has no schema");
        }
    }

    #[test]
    fn any_case_matches_every_spelling() {
        assert_eq!(any_case("day"), "[dD][aA][yY]");
    }
}
