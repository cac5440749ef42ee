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
use csp::field::Field;
use csp::model::Action;
use csp::render::printable;
use csp::suggest;

/// `csp set`'s one-line help, naming every field it changes.
pub(crate) fn about() -> String {
    format!(
        "Change an action's {}",
        or_list(Field::SETTABLE.into_iter())
    )
}

/// The help of KEY=VALUE, naming the fields it takes and removes.
fn changes_help() -> String {
    let settable = Field::SETTABLE.map(Field::name).join(", ");
    let removable = or_list(
        Field::SETTABLE
            .into_iter()
            .filter(|field| field.is_removable()),
    );
    format!(
        "Changes as KEY=VALUE, KEY one of {settable}. lead and priority take comma-separated \
         lists (lead=ECDC,police); an empty value (rag=) removes {removable}"
    )
}

/// `a, b or c`.
fn or_list(fields: impl Iterator<Item = Field>) -> String {
    let names: Vec<&str> = fields.map(Field::name).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

#[derive(Args, Debug)]
pub(crate) struct SetArgs {
    /// The action: its id, or a unique trailing part of it
    pub id: String,
    #[arg(required = true, value_name = "KEY=VALUE", help = changes_help())]
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
    for &(field, ref value) in &changes {
        if value.is_empty() && field.is_removable() {
            edit.document.remove(field);
        } else {
            edit.document.set(field, to_value(field, value)?);
        }
    }
    let before = edit.action.clone();
    let (outcome, after) =
        session.review_action(edit, args.as_of.resolve(&session.loaded().plan.manifest)?)?;
    let described: Vec<String> = changes
        .iter()
        .map(|&(field, _)| {
            let (old, new) = (describe(field, &before), describe(field, &after));
            if old == new {
                format!("{field} stays {new}")
            } else {
                format!("{field} {old} → {new}")
            }
        })
        .collect();
    let summary = format!("{}: {}", before.id, described.join("; "));
    let unchanged = format!("{}: nothing to change", before.id);
    settle(&session, outcome, &args.write, &summary, &unchanged)
}

/// `KEY=VALUE` arguments, with the keys checked: each known, settable and
/// given once.
fn parse_changes(arguments: &[String]) -> anyhow::Result<Vec<(Field, String)>> {
    let mut seen = BTreeSet::new();
    let mut changes = Vec::new();
    for argument in arguments {
        let Some((key, value)) = argument.split_once('=') else {
            bail_usage!("`{argument}` is not KEY=VALUE"; help = "write the field and its new value, e.g. csp set ID rag=green");
        };
        let key = key.trim();
        let Some(field) = Field::from_name(key).filter(|field| field.is_settable()) else {
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
    let settable = Field::SETTABLE.map(Field::name).join(", ");
    let (message, help) = match key {
        "completed" => (
            "`completed` is not set with csp set".to_string(),
            "record that the action was done with `csp done ID --on YYYY-MM-DD`".to_string(),
        ),
        "update" => (
            "`update` is not set with csp set".to_string(),
            "add a progress note with `csp update ID \"text\"`".to_string(),
        ),
        _ if Field::from_name(key).is_some() => (
            format!("csp set does not change `{key}`"),
            format!("edit the action's file for `{key}`; csp set changes {settable}"),
        ),
        _ => (
            format!("unknown field `{key}`"),
            match suggest::closest_name(key, Field::SETTABLE.map(Field::name)) {
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
fn to_value(field: Field, text: &str) -> anyhow::Result<Value> {
    match field {
        Field::Due => match parse_date(text) {
            Ok(day) => date_value(day),
            // A month ("2024-03"), or something validate will explain.
            Err(_) => string_value(text),
        },
        Field::Lead => string_list(&list(text)),
        Field::Priority => {
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
fn describe(field: Field, action: &Action) -> String {
    let none = || "none".to_string();
    match field {
        Field::Status => action.status.to_string(),
        Field::Rag => action.rag.map_or_else(none, |rag| rag.to_string()),
        Field::Due => action.due.map_or_else(none, csp::dates::Due::uk),
        Field::Every => action
            .every
            .map_or_else(none, csp::dates::Period::every_text),
        Field::Lead => action.lead.join(", "),
        Field::Priority if action.priority.is_empty() => none(),
        Field::Priority => action
            .priority
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Field::Title => format!("\"{}\"", printable(&action.title)),
        Field::Timescale => action
            .timescale
            .as_ref()
            .map_or_else(none, |text| format!("\"{}\"", printable(text))),
        Field::Marking => action.marking.map_or_else(
            || "none (inherited)".to_string(),
            |marking| marking.to_string(),
        ),
        _ => String::new(),
    }
}
