//! `csp import`'s report: a line for the header row, each heading, caveat
//! and row not imported in sheet order, then the counts.

use std::fmt::Write;

use crate::edit::FileEdit;
use crate::import::{Built, Caveat, Read};
use crate::plural::{count, suffix};

/// The report of reading `read` and building `built`, each line starting
/// with the tracker's `name`.
pub fn report(name: &str, read: &Read, built: &Built) -> String {
    let mut out = String::new();
    let sheet = read
        .sheet
        .as_deref()
        .map_or_else(String::new, |sheet| format!("sheet \"{sheet}\", "));
    let _ = writeln!(
        out,
        "{name}: {sheet}header row {}, {} rows below it",
        read.header_row, read.rows
    );
    for (position, title) in &read.headings {
        let _ = writeln!(out, "{name}: {position}: section heading \"{title}\"");
    }
    let mut caveats: Vec<&Caveat> = read
        .caveats
        .iter()
        .chain(&read.skipped)
        .chain(&built.clashes)
        .chain(&built.caveats)
        .chain(&read.dues)
        .chain(&built.dues)
        .collect();
    caveats.sort_by_key(|caveat| position_order(&caveat.position));
    for caveat in &caveats {
        let _ = writeln!(out, "{name}: {}: {}", caveat.position, caveat.message);
    }
    for unused in &read.unused {
        let header = if unused.header.is_empty() {
            "with no header".to_string()
        } else {
            format!("\"{}\"", unused.header)
        };
        let _ = writeln!(
            out,
            "{name}: {}: column {header} holds {} the map does not use; not imported (map it, or add it to description = [...] to keep it under its header)",
            unused.position,
            count(unused.values, "value"),
        );
    }
    let not_imported =
        read.skipped.len() + read.actions.len() - built.files.len() - built.updated.len();
    let caveat_count = read.caveats.len() + built.caveats.len();
    let _ = writeln!(
        out,
        "{name}: {} to import, {} skipped (empty), {} section heading{}, {not_imported} not imported{}, {}; {} new lead{}, {} new section{}",
        count(built.files.len(), "action"),
        read.skipped_empty,
        read.headings.len(),
        suffix(read.headings.len()),
        if built.updated.is_empty() {
            String::new()
        } else {
            format!(", {} updated", built.updated.len())
        },
        count(caveat_count, "caveat"),
        built.new_leads.len(),
        suffix(built.new_leads.len()),
        built.new_sections.len(),
        suffix(built.new_sections.len()),
    );
    out
}

/// The files an import writes (or, in a dry run, would write) under
/// `root`, then for a dry run each file in full, as every writer's dry run
/// shows its change.
pub fn files(root: &std::path::Path, edits: &[FileEdit], dry_run: bool) -> String {
    let mut out = String::new();
    let verb = if dry_run { "would write" } else { "wrote" };
    let _ = writeln!(out, "{verb} {}:", root.display());
    for edit in edits {
        let changed = if edit.before.is_some() {
            " (changed)"
        } else {
            ""
        };
        let _ = writeln!(out, "  {}{changed}", edit.path.display());
    }
    if dry_run {
        for edit in edits {
            out.push_str(&super::diff::unified(edit));
        }
    }
    out
}

/// Caveats in sheet order: by row number, then column.
fn position_order(position: &str) -> (usize, usize, String) {
    let cell = position.rsplit('!').next().unwrap_or(position);
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = cell[letters.len()..].parse().unwrap_or(usize::MAX);
    (row, letters.len(), letters)
}

/// What an import of measures found, beside the report.
pub struct MeasuresReport<'a> {
    pub read: &'a crate::import::measures::ReadMeasures,
    /// Measures the plan has already.
    pub existing: &'a [Caveat],
    /// The table's YTD, RAG and direction where csp's differ.
    pub disagreements: &'a [Caveat],
    pub agreed: usize,
    /// Whether the map was guessed from the header row.
    pub guessed: bool,
}

/// `csp import --measures`' report: the header row, the year and where it
/// came from, each column read, then in sheet order each measure with the
/// guesses made for it, each heading, caveat and disagreement, then the
/// counts.
pub fn measures_report(name: &str, report: &MeasuresReport<'_>) -> String {
    let read = report.read;
    let mut out = String::new();
    let sheet = read
        .sheet
        .as_deref()
        .map_or_else(String::new, |sheet| format!("sheet \"{sheet}\", "));
    let year = read.year.as_ref().map_or_else(String::new, |(year, from)| {
        format!("; the year {year}, from {from}")
    });
    let _ = writeln!(
        out,
        "{name}: {sheet}header row {}, {} rows below it{year}",
        read.header_row, read.rows
    );
    let columns: Vec<String> = read
        .columns
        .iter()
        .map(|(position, header, what)| {
            let cell = position.rsplit('!').next().unwrap_or(position);
            format!("{cell} \"{header}\" → {what}")
        })
        .collect();
    let _ = writeln!(
        out,
        "{name}: columns{}: {}",
        if report.guessed {
            " (guessed from their headers; --map names others)"
        } else {
            ""
        },
        columns.join(", ")
    );
    let mut lines: Vec<(String, String)> = Vec::new();
    for (position, title) in &read.headings {
        lines.push((position.clone(), format!("section heading \"{title}\"")));
    }
    for measure in &read.measures {
        let figures = count(measure.values.len(), "figure");
        let guesses = if measure.guesses.is_empty() {
            String::new()
        } else {
            format!("; guessed: {}", measure.guesses.join(", "))
        };
        lines.push((
            measure.position.clone(),
            format!(
                "\"{}\" → measures/{}.toml, {figures}{guesses}",
                shown(&measure.title),
                measure.id
            ),
        ));
    }
    for caveat in read
        .caveats
        .iter()
        .chain(report.existing)
        .chain(report.disagreements)
    {
        lines.push((caveat.position.clone(), caveat.message.clone()));
    }
    lines.sort_by_key(|(position, _)| position_order(position));
    for (position, line) in &lines {
        let _ = writeln!(out, "{name}: {position}: {line}");
    }
    let figures: usize = read.measures.iter().map(|m| m.values.len()).sum();
    let compared = report.agreed + report.disagreements.len();
    let _ = writeln!(
        out,
        "{name}: {} read ({}), {} skipped (empty), {} section heading{}, {}; {} new lead{}{}",
        count(read.measures.len(), "measure"),
        count(figures, "figure"),
        read.skipped_empty,
        read.headings.len(),
        suffix(read.headings.len()),
        count(read.caveats.len(), "caveat"),
        read.new_leads.len(),
        suffix(read.new_leads.len()),
        if compared == 0 {
            String::new()
        } else {
            format!(
                "; the table's year to date, RAG and direction: {} with csp's, {} {}{}",
                if report.agreed == 1 {
                    "1 agrees".to_string()
                } else {
                    format!("{} agree", report.agreed)
                },
                report.disagreements.len(),
                if report.disagreements.len() == 1 {
                    "differs"
                } else {
                    "differ"
                },
                if report.disagreements.is_empty() {
                    ""
                } else {
                    " (csp's are what it shows)"
                }
            )
        }
    );
    out
}

/// The errors that stop an import of measures, one line each.
pub fn measure_errors(name: &str, errors: &[Caveat]) -> String {
    let mut sorted: Vec<&Caveat> = errors.iter().collect();
    sorted.sort_by_key(|caveat| position_order(&caveat.position));
    let mut out = String::new();
    for caveat in sorted {
        let _ = writeln!(
            out,
            "error: {name}: {}: {}",
            caveat.position, caveat.message
        );
    }
    out
}

/// A title as quoted in the report: one line, at most 60 characters.
fn shown(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text.to_string()
    }
}
