//! `csp set`: change fields of an action, each value checked exactly as
//! `csp validate` checks it, before anything is written.

use std::collections::BTreeSet;

use clap::Args;
use toml_edit::{Array, Value};

use crate::cli::output::{begin_session, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs};
use csp::bail_usage;
use csp::dates::parse_date;
use csp::edit::document::{date_value, string_list, string_value};
use csp::error::Error;
use csp::load::ACTION_FIELDS;
use csp::model::Action;
use csp::render::printable;
use csp::suggest;

/// The fields `csp set` changes; the rest have their own commands or are
/// prose best edited in the file.
pub(crate) const SETTABLE: &[&str] = &[
    "status",
    "rag",
    "due",
    "every",
    "lead",
    "priority",
    "title",
    "timescale",
    "marking",
];

/// Fields an empty value removes: the optional ones.
const REMOVABLE: &[&str] = &["rag", "due", "every", "priority", "timescale", "marking"];

#[derive(Args, Debug)]
pub(crate) struct SetArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    /// Changes as KEY=VALUE, KEY one of status, rag, due, every, lead, priority, title, timescale,
    /// marking. lead and priority take comma-separated lists (lead=ECDC,police); an empty value
    /// (rag=) removes rag, due, every, priority, timescale or marking
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub changes: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &SetArgs) -> anyhow::Result<Exit> {
    let changes = parse_changes(&args.changes)?;
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let mut edit = session.open(&args.id)?;
    for (key, value) in &changes {
        if value.is_empty() && REMOVABLE.contains(key) {
            edit.document.remove(key);
        } else {
            edit.document.set(key, to_value(key, value)?);
        }
    }
    let before = edit.action.clone();
    let (outcome, after) =
        session.review_action(edit, args.as_of.resolve(&session.loaded().plan.manifest)?)?;
    let described: Vec<String> = changes
        .iter()
        .map(|(key, _)| {
            let (old, new) = (describe(key, &before), describe(key, &after));
            if old == new {
                format!("{key} stays {new}")
            } else {
                format!("{key} {old} → {new}")
            }
        })
        .collect();
    let summary = format!("{}: {}", before.id, described.join("; "));
    let unchanged = format!("{}: nothing to change", before.id);
    settle(&session, outcome, &args.write, &summary, &unchanged)
}

/// `KEY=VALUE` arguments, with the keys checked: each known, settable and
/// given once.
fn parse_changes(arguments: &[String]) -> anyhow::Result<Vec<(&'static str, String)>> {
    let mut seen = BTreeSet::new();
    let mut changes = Vec::new();
    for argument in arguments {
        let Some((key, value)) = argument.split_once('=') else {
            bail_usage!("`{argument}` is not KEY=VALUE"; help = "write the field and its new value, e.g. csp set ID rag=green");
        };
        let key = key.trim();
        let Some(field) = SETTABLE.iter().copied().find(|field| *field == key) else {
            return Err(unknown_key(key).into());
        };
        if !seen.insert(field) {
            bail_usage!("`{field}` is given twice"; help = "give each field once");
        }
        changes.push((field, value.trim().to_string()));
    }
    Ok(changes)
}

fn unknown_key(key: &str) -> Error {
    let settable = SETTABLE.join(", ");
    let (message, help) = match key {
        "completed" => (
            "`completed` is not set with csp set".to_string(),
            "record that the action was done with `csp done ID --on YYYY-MM-DD`".to_string(),
        ),
        "update" => (
            "`update` is not set with csp set".to_string(),
            "add a progress note with `csp update ID \"text\"`".to_string(),
        ),
        _ if ACTION_FIELDS.contains(&key) => (
            format!("csp set does not change `{key}`"),
            format!("edit the action's file for `{key}`; csp set changes {settable}"),
        ),
        _ => (
            format!("unknown field `{key}`"),
            match suggest::closest_name(key, SETTABLE.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? (csp set changes {settable})"),
                None => format!("csp set changes {settable}"),
            },
        ),
    };
    Error::usage(message).with_help(help)
}

/// The TOML value written for `key=text`. Nothing is judged here: the
/// edited file goes through `csp validate`'s own checks, so that a bad
/// value gets the very message (and suggestion) validate would give.
fn to_value(key: &str, text: &str) -> anyhow::Result<Value> {
    match key {
        "due" => match parse_date(text) {
            Ok(day) => date_value(day),
            // A month ("2024-03"), or something validate will explain.
            Err(_) => string_value(text),
        },
        "lead" => string_list(&list(text)),
        "priority" => {
            let mut numbers = Array::new();
            for item in list(text) {
                match item.parse::<i64>() {
                    Ok(number) => numbers.push(number),
                    Err(_) => numbers.push(string_value(&item)?),
                }
            }
            Ok(Value::Array(numbers))
        }
        _ => string_value(text),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// A field's value as the summary shows it.
fn describe(key: &str, action: &Action) -> String {
    let none = || "none".to_string();
    match key {
        "status" => action.status.to_string(),
        "rag" => action.rag.map_or_else(none, |rag| rag.to_string()),
        "due" => action.due.map_or_else(none, csp::dates::Due::uk),
        "every" => action
            .every
            .map_or_else(none, csp::dates::Period::every_text),
        "lead" => action.lead.join(", "),
        "priority" if action.priority.is_empty() => none(),
        "priority" => action
            .priority
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        "title" => format!("\"{}\"", printable(&action.title)),
        "timescale" => action
            .timescale
            .as_ref()
            .map_or_else(none, |text| format!("\"{}\"", printable(text))),
        "marking" => action.marking.map_or_else(
            || "none (inherited)".to_string(),
            |marking| marking.to_string(),
        ),
        _ => String::new(),
    }
}
