//! `csp import`: a tracker spreadsheet into a new plan, or into one that
//! is there (`--into`), with a closing report of every row.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::output::{begin_session, print_diagnostics};
use crate::cli::{AsOfArgs, Exit, WriteArgs, emit};
use csp::bail_usage;
use csp::import;
use csp::ops::{
    self,
    import::{ImportRequest, NewPlan, Target, prepare, write},
};
use csp::render;
use csp::sheet;

#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    /// The tracker: a .xlsx, .ods or .csv file with a header row and one row per action
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The sheet to read [default: the first with the map's headers]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The import map (TOML): which column holds which field [default: a guess from the header row]
    #[arg(long, value_name = "MAP.toml")]
    pub map: Option<PathBuf>,
    /// Print a draft map for the tracker, to correct and give to --map
    #[arg(long, conflicts_with_all = ["map", "into", "dry_run"])]
    pub guess_map: bool,
    /// Write the --guess-map draft to this file (UTF-8; PowerShell's `>` would write UTF-16)
    #[arg(short, long, value_name = "MAP.toml", requires = "guess_map")]
    pub output: Option<PathBuf>,
    /// Add the actions to this existing plan [default: a new plan directory named after FILE]
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Print the report and the files it would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --into: set the sheet's values in actions the plan has that differ from their rows
    #[arg(long, requires = "into")]
    pub update: bool,
    /// Where the new plan goes (without --into) [default: FILE's name, without its extension]
    #[arg(long, value_name = "DIR", conflicts_with = "into")]
    pub to: Option<PathBuf>,
    /// The day of updates with no date column, and of rows marked done with no date [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = csp::dates::parse_date)]
    pub on: Option<chrono::NaiveDate>,
    /// While another csp is writing the plan, wait up to this long for it, then give up (exit 2)
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub wait: u64,
    #[command(flatten)]
    pub table: super::import_measures::MeasuresArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<Exit> {
    let shown = args.file.display().to_string();
    let name = args
        .file
        .file_name()
        .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
    let sheets = sheet::read(&args.file, &shown)?;
    if let Some(wanted) = &args.sheet {
        import::sheet_named(&sheets, wanted, &shown)?;
    }
    if args.table.measures {
        return super::import_measures::run(args, &sheets, &shown, &name);
    }
    if args.guess_map {
        let Some(map) = import::guess(&sheets, args.sheet.as_deref(), &name) else {
            bail_usage!("`{shown}` has no row csp recognises as a header row"; help = "write the map by hand: docs/import.md describes it");
        };
        emit(args.output.as_deref(), &map)?;
        return Ok(Exit::Ok);
    }
    let mut out = anstream::stdout().lock();
    let (map, guessed) =
        ops::import::map(args.map.as_deref(), &sheets, args.sheet.as_deref(), &name)?;
    if guessed {
        writeln!(
            out,
            "{name}: no --map given, so using the map `csp import {shown} --guess-map` prints"
        )?;
    }
    let as_of = args.as_of.resolve(&csp::model::Manifest::default())?;
    let request = ImportRequest {
        shown: &shown,
        sheets: &sheets,
        sheet: args.sheet.as_deref(),
        map: &map,
        on: args.on.unwrap_or(as_of),
        notes_on: args.on,
        update: args.update,
        as_of,
    };
    let write_args = WriteArgs {
        dry_run: args.dry_run,
        wait: args.wait,
    };
    let session = args
        .into
        .as_ref()
        .map(|dir| begin_session(dir, &write_args))
        .transpose()?;
    let new_plan;
    let target = if let Some(session) = &session {
        Target::Into(session)
    } else {
        new_plan = NewPlan::for_tracker(&args.file, args.to.as_deref(), &map)?;
        Target::New(&new_plan)
    };
    let imported = prepare(&request, &target)?;
    write!(
        out,
        "{}",
        render::import::report(&name, &imported.read, &imported.built)
    )?;
    if !imported.errors.is_empty() {
        drop(out);
        print_diagnostics(&imported.errors)?;
        return super::import_measures::refused(imported.errors.len());
    }
    write!(
        out,
        "{}",
        render::import::files(&imported.root, &imported.edits, args.dry_run)
    )?;
    if args.dry_run {
        return Ok(Exit::Ok);
    }
    write(&imported, &target)?;
    if session.is_none() {
        writeln!(
            out,
            "next: check it with `csp validate --plan {}`, then `git init` there to keep its history",
            imported.root.display()
        )?;
    }
    Ok(Exit::Ok)
}
