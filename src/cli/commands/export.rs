//! `csp export`: the plan (or the filters' selection) as a workbook or one
//! CSV file, and with `--form` a return form for one body to fill in.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cli::args::{SensitiveArgs, look_ahead};
use crate::cli::output::say_left_out;
use crate::cli::{AsOfArgs, Exit, FilterArgs, PlanArgs, load_for_reading};
use csp::bail_usage;
use csp::ops::export::{self, ExportRequest, Exporting, Kind};
use csp::render::{csv, xlsx};

#[derive(Args, Debug)]
#[command(after_help = "\
The Actions sheet has one row per action in plan order with every field,
dates as real dates; the Measures sheet (when the plan has measures) one row
per measure with this financial year's and last year's periods as columns; the
Summary sheet counts them by status, RAG rating, lead and section as `csp
summary` and `csp leads` do. The workbook is the same, byte for byte, for the
same plan and --as-of.

With --measures --format csv, the measures' figures in long form instead:
measure,period,value,note, one record per figure.

With --form, a return form instead: the active actions chosen (with --lead,
those the body leads), for the body to fill in and send back to `csp apply`.
`csp chase --format xlsx -o DIR` writes one form per body.

Examples:
  csp export -o plan.xlsx
  csp export --lead police --format csv -o police.csv
  csp export --format csv -o plan.csv
  csp export --measures --format csv -o figures.csv
  csp export --form --lead police -o police.xlsx")]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub sensitive: SensitiveArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// xlsx for a workbook (needs -o), csv for the Actions sheet (or with --measures the figures) as one CSV file
    #[arg(long, value_enum, default_value_t = Format::Xlsx)]
    pub format: Format,
    /// Write a return form (sheets Update, Instructions and a hidden csp) for the chosen actions
    #[arg(long)]
    pub form: bool,
    /// With --format csv: the measures' figures in long form (measure, period, value, note)
    #[arg(long, conflicts_with = "form")]
    pub measures: bool,
    /// The file to write; for csv, `-` or none prints it
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Xlsx,
    Csv,
}

pub(crate) fn run(args: &ExportArgs) -> anyhow::Result<Exit> {
    let output = args.output.as_ref().filter(|path| path.as_os_str() != "-");
    if args.form && args.format == Format::Csv {
        bail_usage!("--form writes a workbook, not CSV"; help = "leave out --format csv: csp export --form --lead KEY -o FORM.xlsx");
    }
    if args.measures && args.format == Format::Xlsx {
        bail_usage!("--measures writes CSV; the workbook has a Measures sheet already"; help = "add --format csv (csp export --measures --format csv -o figures.csv), or leave out --measures for the workbook");
    }
    if args.format == Format::Xlsx && output.is_none() {
        bail_usage!("a workbook is written to a file, not the terminal"; help = "add -o FILE, e.g. csp export -o plan.xlsx (or --format csv to print CSV)");
    }
    let (loaded, as_of) = load_for_reading(&args.plan, &args.as_of)?;
    let plan = &loaded.plan;
    let request = ExportRequest {
        window: look_ahead(&plan.manifest, as_of, None, None)?,
        filter: args.filter.filter(&plan.manifest, as_of)?,
        disclosure: args.sensitive.disclosure(),
        kind: match (args.form, args.measures) {
            (true, _) => Kind::Form,
            (false, true) => Kind::Measures,
            (false, false) => Kind::Workbook,
        },
    };
    let exported = export::export(plan, &request)?;
    say_left_out(exported.left_out.clone())?;
    match (&exported.what, args.format, output) {
        (Exporting::Form(form), _, _) => written(output, &xlsx::form(form)?)?,
        (Exporting::Workbook(workbook), Format::Xlsx, _) => {
            let (export, scorecard) = (workbook.export(), workbook.scorecard());
            workbook_written(output, |file, dir| {
                let out = &mut std::io::BufWriter::new(file);
                xlsx::export(&export, scorecard.as_ref(), out, dir)
            })?;
        }
        (Exporting::Measures(scorecard), _, Some(path)) => {
            csp::edit::write::output_with(path, |out| csv::figures(scorecard.as_ref(), out))?;
        }
        (Exporting::Measures(scorecard), _, None) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            csv::figures(scorecard.as_ref(), &mut out)?;
            out.flush()?;
        }
        // CSV is written row by row, never held whole.
        (Exporting::Workbook(workbook), Format::Csv, Some(path)) => {
            let export = workbook.export();
            csp::edit::write::output_with(path, |out| csv::export(&export, out))?;
        }
        // CSV carries no styles: straight to stdout, not through
        // anstream, whose stripping scans every byte.
        (Exporting::Workbook(workbook), Format::Csv, None) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            csv::export(&workbook.export(), &mut out)?;
            out.flush()?;
        }
    }
    if let Some(path) = output {
        let contents = exported.contents();
        writeln!(
            anstream::stdout().lock(),
            "wrote {} ({contents})",
            path.display()
        )?;
    }
    Ok(Exit::Ok)
}

/// Writes a workbook to `output`, which `run` has made sure is given.
fn written(output: Option<&PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    workbook_written(output, |file, _| Ok(file.write_all(bytes)?))
}

/// [`written`] for a workbook `write` puts in the file as it goes, given
/// the file and the directory it is written in.
fn workbook_written(
    output: Option<&PathBuf>,
    write: impl FnOnce(&mut std::fs::File, &Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = output else {
        anyhow::bail!("a workbook is written to a file, not the terminal");
    };
    let dir = csp::edit::write::parent_dir(path);
    csp::edit::write::output_to_file(path, |file| write(file, dir))
}
