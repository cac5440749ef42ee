//! `csp new`: write a new action file, checked like the rest of the plan,
//! and optionally add its section to csp.toml (`csp::ops::new`).

use std::io::Write;

use clap::Args;

use crate::cli::output::{begin_session, print_diagnostics, settle_reviewed};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs, editor};
use csp::diagnostic::Diagnostic;
use csp::ops::new::{self, NewRequest, Target};

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// Where the action goes, as SECTION/SLUG (e.g. statutory-duties/prevent-duty/refresh-training):
    /// a section of csp.toml, and a file name of lowercase letters, digits and '-'
    #[arg(value_name = "SECTION/SLUG")]
    pub id: String,
    /// A one-line summary of the action
    #[arg(long)]
    pub title: String,
    /// Who leads it: a key of [leads] in csp.toml; repeat, or separate with commas, for more
    #[arg(long, required = true, value_name = "KEY")]
    pub lead: Vec<String>,
    /// The action as the plan words it [default: the title]
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// When it is due: a month (2024-03) or a day (2024-03-31)
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// How often it recurs, e.g. quarter or "6 months"
    #[arg(long, value_name = "PERIOD")]
    pub every: Option<String>,
    /// A CSP priority it serves (a key of [priorities]); repeat for more
    #[arg(long, value_name = "N")]
    pub priority: Vec<u32>,
    /// Create SECTION as a new section with this title, adding it to [sections] in csp.toml
    #[arg(long, value_name = "TITLE")]
    pub new_section: Option<String>,
    /// Open the new file in $VISUAL or $EDITOR once written (e.g. "code --wait"; Notepad on Windows
    /// without either)
    #[arg(long, conflicts_with = "dry_run")]
    pub edit: bool,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &NewArgs) -> anyhow::Result<Exit> {
    let target = Target::parse(&args.id)?;
    let editor = if args.edit {
        Some(editor::from_environment()?)
    } else {
        None
    };
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let request = NewRequest {
        target,
        title: args.title.clone(),
        leads: args
            .lead
            .iter()
            .flat_map(|lead| lead.split(','))
            .map(str::trim)
            .filter(|lead| !lead.is_empty())
            .map(str::to_string)
            .collect(),
        description: args.description.clone(),
        due: args.due.clone(),
        every: args.every.clone(),
        priority: args.priority.clone(),
        new_section: args.new_section.clone(),
        as_of: args.as_of.resolve(&session.loaded().plan.manifest)?,
    };
    let new::Created { reviewed, id, file } = new::create(&session, &request)?;
    let exit = settle_reviewed(&session, reviewed, &args.write)?;
    let root = session.loaded().plan.root.clone();
    // The file is written: let other writers in while a person edits it.
    drop(session);
    let Some(editor) = editor else {
        return Ok(exit);
    };
    // A file that no longer validates is kept as it is, so that no typing
    // is lost, and the problems are shown.
    editor::open(&editor, &file)?;
    let problems = new::check_after_editing(&root, &file, request.as_of)?;
    print_diagnostics(&problems)?;
    if problems.iter().any(Diagnostic::is_error) {
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "error: `{id}` has errors after editing; the file is kept as you left it\nhelp: fix it, then check with `csp validate`"
        )?;
        return Ok(Exit::Failed);
    }
    Ok(Exit::Ok)
}
