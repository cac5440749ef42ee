//! `csp show ID`: one action in full.

use anyhow::bail;
use clap::Args;

use super::{AsOfArgs, Exit, FormatArgs, PlanArgs, load_for_reading, print, validate_command};
use crate::load::Loaded;
use crate::model::{ActionId, ends_with_components};
use crate::render::{self, Format};
use crate::view::{Context, Detail};

#[derive(Args, Debug)]
#[command(after_help = "\
Shows every field, the next due date and how far off it is, the leads' and
partners' full names, the progress updates (oldest first) and the action's file.

Examples:
  csp show raise-prevent-profile
  csp show statutory-duties/prevent-duty/raise-prevent-profile
  csp show plan/statutory-duties/prevent-duty/raise-prevent-profile.toml
  csp show raise-prevent-profile --format md      to paste into the minutes")]
pub struct ShowArgs {
    /// The action: its id, any unique trailing part of it (as in the ID column of `csp list`),
    /// or its file's path
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

pub fn run(args: &ShowArgs) -> anyhow::Result<Exit> {
    let as_of = args.as_of.day();
    let loaded = load_for_reading(&args.plan, as_of)?;
    let plan = &loaded.plan;
    let action = match plan.resolve(&args.id) {
        Ok(action) => action,
        Err(error) => {
            if let Some(id) = rejected_match(&loaded, &args.id) {
                bail!(
                    "the action `{id}` has errors, so csp cannot show it\nhelp: `{}` shows what to fix",
                    validate_command(&args.plan, &loaded)
                );
            }
            return Err(error.into());
        }
    };
    let context = Context::new(plan, as_of);
    let detail = Detail::new(&context, action);
    let text = match args.format.format {
        Format::Table => render::table::detail(&detail, render::table::width()),
        Format::Json => render::json::to_json(&detail)?,
        Format::Csv => render::csv::action(&detail.row)?,
        Format::Md => render::markdown::detail(&detail),
    };
    print(&text)?;
    Ok(Exit::Ok)
}

/// The id of an action file with errors that `query` names, so that the
/// answer is "it has errors" rather than "no such action".
fn rejected_match(loaded: &Loaded, query: &str) -> Option<ActionId> {
    let query = query.trim().replace('\\', "/");
    let query = query.trim_end_matches(".toml");
    loaded
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .filter_map(|diagnostic| {
            let relative = diagnostic
                .file
                .as_ref()?
                .strip_prefix(&loaded.plan.root)
                .ok()?;
            Some(ActionId::from_relative_path(relative))
        })
        .find(|id| id.ends_with_components(query) || ends_with_components(query, id.as_str()))
}
