//! `csp import --measures`: an indicator table into measure files, with a
//! report of every column, guess and disagreement; `import.rs` hands over
//! to `run` here.

use std::io::Write;

use clap::Args;

use crate::cli::output::{begin_session, print_diagnostics};
use crate::cli::{Exit, WriteArgs};
use csp::dates::{FinancialYear, ReportingPeriod};
use csp::ops::import::measures::{self, MeasuresRequest};
use csp::ops::import::{NewPlan, Target};
use csp::render;
use csp::sheet::Sheet;

use super::import::ImportArgs;

/// `csp import`'s options for an indicator table.
#[derive(Args, Debug)]
pub(crate) struct MeasuresArgs {
    /// FILE is an indicator table: a row per measure, figures per period across (docs/import.md)
    #[arg(long, conflicts_with_all = ["guess_map", "on"])]
    pub measures: bool,
    /// With --measures: the financial year of bare Q1–Q4 and month columns, e.g. 2023/24
    #[arg(long, value_name = "YYYY/YY", requires = "measures", value_parser = parse_year)]
    pub year: Option<FinancialYear>,
}

/// `--year 2023/24`.
pub(crate) fn parse_year(text: &str) -> Result<FinancialYear, String> {
    match ReportingPeriod::parse(text) {
        Ok(period) if period.frequency() == csp::dates::Frequency::Year => {
            Ok(period.financial_year())
        }
        _ => Err(format!(
            "`{text}` is not a financial year: write it as 2023/24"
        )),
    }
}

/// The one line that closes a refused import, after its problems.
pub(crate) fn refused(problems: usize) -> anyhow::Result<Exit> {
    writeln!(
        anstream::stderr().lock(),
        "error: nothing was written: the imported plan would have {}; fix the map or the sheet and import again",
        csp::plural::count(problems, "problem")
    )?;
    Ok(Exit::Failed)
}

pub(crate) fn run(
    args: &ImportArgs,
    sheets: &[Sheet],
    shown: &str,
    name: &str,
) -> anyhow::Result<Exit> {
    let mut out = anstream::stdout().lock();
    let (map, guessed) = measures::map(args.map.as_deref(), sheets, args.sheet.as_deref(), shown)?;
    let as_of = args.as_of.resolve(&csp::model::Manifest::default())?;
    let request = MeasuresRequest {
        shown,
        sheets,
        sheet: args.sheet.as_deref(),
        map: &map,
        year: args.table.year,
        as_of,
        update: args.update,
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
        new_plan = NewPlan::for_table(&args.file, args.to.as_deref(), map.plan.name.as_deref())?;
        Target::New(&new_plan)
    };
    let imported = measures::prepare(&request, &target)?;
    let report = render::import::MeasuresReport {
        read: &imported.read,
        existing: &imported.existing,
        disagreements: &imported.disagreements,
        agreed: imported.agreed,
        guessed,
    };
    write!(out, "{}", render::import::measures_report(name, &report))?;
    if !imported.read.errors.is_empty() || !imported.errors.is_empty() {
        drop(out);
        write!(
            anstream::stderr().lock(),
            "{}",
            render::import::measure_errors(name, &imported.read.errors)
        )?;
        print_diagnostics(&imported.errors)?;
        return refused(imported.read.errors.len() + imported.errors.len());
    }
    write!(
        out,
        "{}",
        render::import::files(&imported.root, &imported.edits, args.dry_run)
    )?;
    if args.dry_run {
        return Ok(Exit::Ok);
    }
    measures::write(&imported, &target)?;
    if session.is_none() {
        writeln!(
            out,
            "next: check it with `csp validate --plan {}`, then `git init` there to keep its history",
            imported.root.display()
        )?;
    }
    Ok(Exit::Ok)
}
