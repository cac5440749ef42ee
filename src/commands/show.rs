//! `csp show ID`: one action in full.

use anyhow::bail;
use clap::Args;

use super::{AsOfArgs, Exit, FormatArgs, PlanArgs, load_for_reading, print};
use crate::load::Loaded;
use crate::render::{self, Format};
use crate::view::{Context, Detail};

#[derive(Args, Debug)]
#[command(after_help = "\
Shows every field, the next due date and how far off it is, the leads' and
partners' full names, the progress updates (oldest first) and the action's file.

Examples:
  csp show commission-assessment
  csp show statutory-duties/strategic-assessment/commission-assessment
  csp show plan/statutory-duties/prevent-duty/raise-profile.toml
  csp show raise-profile --format json")]
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
                    "the action `{id}` has errors, so csp cannot show it\nhelp: `csp validate` shows what to fix"
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

/// The id of a file that failed to load and that `query` names, so the
/// answer is "it has errors" rather than "no such action".
fn rejected_match<'a>(loaded: &'a Loaded, query: &str) -> Option<&'a str> {
    let query = query.trim().trim_end_matches(".toml");
    loaded
        .rejected
        .iter()
        .map(|action| &action.id)
        .find(|id| id.ends_with_components(query) || query.ends_with(id.as_str()))
        .map(|id| id.as_str())
}
