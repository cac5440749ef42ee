//! `csp set`: change fields of an action, each value checked exactly as
//! `csp validate` checks it, before anything is written.

use std::collections::BTreeSet;

use clap::Args;

use crate::cli::output::{begin_session, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs};
use csp::bail_usage;
use csp::error::Error;
use csp::field::Field;
use csp::ops::{
    self,
    set::{Change, SetRequest},
};
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
    let request = SetRequest {
        id: args.id.clone(),
        changes,
        as_of: args.as_of.resolve(&session.loaded().plan.manifest)?,
    };
    let reviewed = ops::set::set(&session, &request)?;
    settle_reviewed(&session, reviewed, &args.write)
}

/// `KEY=VALUE` arguments, with the keys checked: each known, settable and
/// given once. An empty value removes a field that may be left out.
fn parse_changes(arguments: &[String]) -> anyhow::Result<Vec<Change>> {
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
        let value = value.trim();
        // An empty value removes a field that may be left out.
        changes.push(Change {
            field,
            value: (!value.is_empty() || !field.is_removable()).then(|| value.to_string()),
        });
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
