//! `csp import`: a tracker spreadsheet into a new plan, or into one that
//! is there (`--into`), with a closing report of every row.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use crate::cli::output::{begin_session, print_diagnostics};
use crate::cli::{AsOfArgs, Exit};
use csp::bail_usage;
use csp::diagnostic::{Code, Diagnostic};
use csp::edit::{EditedAction, FileEdit, write};
use csp::import::{self, Built, Caveat, Map, Read};
use csp::load::{self, MANIFEST_FILE};
use csp::model::shown_path;
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
    /// Add the actions to this existing plan [default: a new plan directory named after FILE]
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Print the report and the files it would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
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
    pub as_of: AsOfArgs,
}

#[allow(
    clippy::single_match_else,
    reason = "the two ways (a map given or guessed, a plan there or new) read plainer side by side"
)]
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
    if args.guess_map {
        let Some(map) = import::guess(&sheets, args.sheet.as_deref(), &name) else {
            bail_usage!("`{shown}` has no row csp recognises as a header row"; help = "write the map by hand: docs/import.md describes it");
        };
        write!(anstream::stdout().lock(), "{map}")?;
        return Ok(Exit::Ok);
    }
    let mut out = anstream::stdout().lock();
    let map = match &args.map {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            Map::parse(&text, &path.display().to_string())?
        }
        None => {
            let Some(text) = import::guess(&sheets, args.sheet.as_deref(), &name) else {
                bail_usage!("`{shown}` has no row csp recognises as a header row, and no --map was given"; help = "write a map: docs/import.md describes it");
            };
            writeln!(
                out,
                "{name}: no --map given, so using the map `csp import {shown} --guess-map` prints"
            )?;
            Map::parse(&text, "the guessed map")?
        }
    };
    let as_of = args.as_of.resolve(&csp::model::Manifest::default())?;
    let today = args.on.unwrap_or(as_of);

    let write_args = crate::cli::WriteArgs {
        dry_run: args.dry_run,
        wait: args.wait,
    };
    let session = match &args.into {
        Some(dir) => Some(begin_session(dir, &write_args)?),
        None => None,
    };
    let known: Vec<String> = session
        .as_ref()
        .map(|session| {
            session
                .loaded()
                .plan
                .manifest
                .leads
                .iter()
                .flat_map(|lead| {
                    std::iter::once(lead.name.clone()).chain(lead.aliases.iter().cloned())
                })
                .collect()
        })
        .unwrap_or_default();
    let read = import::read(&sheets, &map, args.sheet.as_deref(), &shown, &known, today)?;

    let (root, built, problems) = match &session {
        Some(session) => {
            let loaded = session.loaded();
            if !loaded.has_manifest {
                bail_usage!("the plan's csp.toml could not be read, so csp cannot add to it"; help = "`csp validate` shows what is wrong with it");
            }
            let root = loaded.plan.root.clone();
            let manifest_path = root.join(MANIFEST_FILE);
            let text = std::fs::read_to_string(&manifest_path)
                .with_context(|| format!("cannot read `{}`", manifest_path.display()))?;
            let ids: HashSet<String> = loaded
                .all_actions()
                .map(|action| action.id.to_string())
                .collect();
            let built = import::build(
                &read,
                &map,
                Some((&text, &loaded.plan.manifest, &ids)),
                &loaded.plan.manifest.name,
            )?;
            let edited: Vec<EditedAction> = built
                .files
                .iter()
                .map(|file| EditedAction {
                    id: file.id.clone(),
                    file: shown_path(&root, &file.path),
                    text: Arc::from(file.text.as_str()),
                })
                .collect();
            let manifest_text: Arc<str> = Arc::from(built.manifest.as_str());
            let mut review = session.review(&edited, Some(&manifest_text), as_of);
            review.gained.retain(|diagnostic| {
                !(diagnostic.code == Code::SectionMissing
                    && built
                        .new_sections
                        .iter()
                        .any(|(path, _)| diagnostic.message.contains(&format!("`{path}`"))))
            });
            (root, built, review.gained)
        }
        None => {
            let root = args.to.clone().unwrap_or_else(|| {
                let stem = args
                    .file
                    .file_stem()
                    .map(|stem| csp::suggest::slug(&stem.to_string_lossy()))
                    .filter(|stem| !stem.is_empty())
                    .unwrap_or_else(|| "plan".into());
                PathBuf::from(stem)
            });
            crate::cli::commands::init::check_empty(&root)?;
            let plan_name = map.plan.name.clone().unwrap_or_else(|| {
                let stem = args
                    .file
                    .file_stem()
                    .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
                format!("{stem} action plan")
            });
            let built = import::build(&read, &map, None, &plan_name)?;
            let problems = check_new(&root, &built, as_of)?;
            (root, built, problems)
        }
    };

    report(&mut out, &name, &read, &built)?;
    let errors: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        drop(out);
        print_diagnostics(&errors)?;
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "error: nothing was written: the imported plan would have {} problem{}; fix the map or the sheet and import again",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        )?;
        return Ok(Exit::Failed);
    }
    let mut edits: Vec<FileEdit> = Vec::new();
    let manifest_path = shown_path(&root, Path::new(MANIFEST_FILE));
    let before = std::fs::read_to_string(&manifest_path).ok();
    if before.as_deref() != Some(built.manifest.as_str()) {
        edits.push(FileEdit {
            path: manifest_path,
            before,
            after: built.manifest.clone(),
        });
    }
    for file in &built.files {
        edits.push(FileEdit {
            path: shown_path(&root, &file.path),
            before: None,
            after: file.text.clone(),
        });
    }
    if session.is_none() {
        edits.push(FileEdit {
            path: shown_path(&root, Path::new(".gitignore")),
            before: None,
            after: "# The lock csp takes while it writes the plan.\n.csp.lock\n".into(),
        });
    }
    writeln!(
        out,
        "{} {}:",
        if args.dry_run { "would write" } else { "wrote" },
        root.display()
    )?;
    for edit in &edits {
        writeln!(
            out,
            "  {}{}",
            edit.path.display(),
            if edit.before.is_some() {
                " (changed)"
            } else {
                ""
            }
        )?;
    }
    if args.dry_run {
        return Ok(Exit::Ok);
    }
    match &session {
        Some(session) => session.write(&edits)?,
        None => write::apply_under(&root, &edits)?,
    }
    if session.is_none() {
        writeln!(
            out,
            "next: check it with `csp validate --plan {}`, then `git init` there to keep its history",
            root.display()
        )?;
    }
    Ok(Exit::Ok)
}

/// A new plan's problems: its files written to a scratch directory and
/// loaded as the plan would be, the paths then shown as `root`'s.
fn check_new(
    root: &Path,
    built: &Built,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<Vec<Diagnostic>> {
    let scratch =
        tempfile::tempdir().context("cannot make a scratch directory to check the import")?;
    // Every path is checked before the first write: nothing from the sheet
    // may name a file outside the scratch directory, even in a dry run.
    let paths: Vec<PathBuf> = built
        .files
        .iter()
        .map(|file| scratch.path().join(&file.path))
        .collect();
    for path in &paths {
        write::check_under(scratch.path(), path)?;
    }
    std::fs::write(scratch.path().join(MANIFEST_FILE), &built.manifest)?;
    for (path, file) in paths.iter().zip(&built.files) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.text)?;
    }
    let loaded = load::load(scratch.path())?;
    let mut problems: Vec<Diagnostic> = loaded.diagnostics.clone();
    problems.extend(csp::validate::validate(&loaded, as_of));
    for problem in &mut problems {
        if let Some(file) = &problem.file
            && let Ok(relative) = file.strip_prefix(scratch.path())
        {
            problem.file = Some(shown_path(root, relative));
        }
    }
    Ok(problems)
}

fn report(out: &mut impl Write, name: &str, read: &Read, built: &Built) -> anyhow::Result<()> {
    let sheet = read
        .sheet
        .as_deref()
        .map_or_else(String::new, |sheet| format!("sheet \"{sheet}\", "));
    writeln!(
        out,
        "{name}: {sheet}header row {}, {} rows below it",
        read.header_row, read.rows
    )?;
    let line = |out: &mut dyn Write, caveat: &Caveat| {
        writeln!(out, "{name}: {}: {}", caveat.position, caveat.message)
    };
    for (position, title) in &read.headings {
        writeln!(out, "{name}: {position}: section heading \"{title}\"")?;
    }
    let mut caveats: Vec<&Caveat> = read
        .caveats
        .iter()
        .chain(&read.skipped)
        .chain(&built.clashes)
        .chain(&built.caveats)
        .collect();
    caveats.sort_by_key(|caveat| position_order(&caveat.position));
    for caveat in &caveats {
        line(out, caveat)?;
    }
    writeln!(
        out,
        "{name}: {} to import, {} skipped (empty), {} section heading{}, {} not imported, {} caveat{}; {} new lead{}, {} new section{}",
        plural(built.files.len(), "action"),
        read.skipped_empty,
        read.headings.len(),
        if read.headings.len() == 1 { "" } else { "s" },
        read.skipped.len()
            + built.clashes.len()
            + (read.actions.len() - built.files.len() - built.clashes.len()),
        read.caveats.len() + built.caveats.len(),
        if read.caveats.len() + built.caveats.len() == 1 {
            ""
        } else {
            "s"
        },
        built.new_leads.len(),
        if built.new_leads.len() == 1 { "" } else { "s" },
        built.new_sections.len(),
        if built.new_sections.len() == 1 {
            ""
        } else {
            "s"
        },
    )?;
    Ok(())
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Caveats in sheet order: by row number, then column.
fn position_order(position: &str) -> (usize, usize, String) {
    let cell = position.rsplit('!').next().unwrap_or(position);
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = cell[letters.len()..].parse().unwrap_or(usize::MAX);
    (row, letters.len(), letters)
}
