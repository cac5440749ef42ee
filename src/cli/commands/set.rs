//! `csp set`: change fields of an action, each value checked exactly as
//! `csp validate` checks it, before anything is written (`csp::ops::set`).

use std::collections::BTreeSet;

use clap::Args;

use crate::cli::output::{begin_session, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs};
use csp::bail_usage;
use csp::error::Error;
use csp::load::ACTION_FIELDS;
use csp::ops::{
    self,
    set::{Change, SetRequest},
};
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
        let Some(field) = SETTABLE.iter().copied().find(|field| *field == key) else {
            return Err(unknown_key(key).into());
        };
        if !seen.insert(field) {
            bail_usage!("`{field}` is given twice"; help = "give each field once");
        }
        let value = value.trim();
        changes.push(Change {
            field,
            value: (!value.is_empty() || !REMOVABLE.contains(&field)).then(|| value.to_string()),
        });
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
