//! The pack as Markdown to paste into an agenda or a wiki.

use std::fmt::Write;

use crate::dates::uk_date;
use crate::render::markdown::{Code, Text, text as escape};
use crate::render::{changes, write_str_in_parallel};
use crate::view::pack::{Entry, Pack, SectionPart};
use crate::view::scorecard::{Scorecard, frequency_heading};

fn heading(level: usize) -> String {
    "#".repeat(level.clamp(1, 6))
}

/// The bodies leading an action, by name: a board reads names, not keys.
fn leads(pack: &Pack<'_>, entry: &Entry<'_>) -> String {
    escape(&pack.lead_names(&entry.action.lead))
}

fn rag(entry: &Entry<'_>) -> String {
    entry
        .action
        .rag
        .map_or_else(|| "—".into(), |r| r.to_string())
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".into())
}

pub fn render(pack: &Pack<'_>) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    write(pack, &mut out)?;
    Ok(out)
}

/// The pack written to `out` part by part: a large plan's pack runs to tens
/// of megabytes, not worth holding whole before it is written.
pub fn write_to(pack: &Pack<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut adapter = Adapter { out, error: None };
    match write(pack, &mut adapter) {
        Ok(()) => Ok(()),
        // A fmt::Error here is the io::Error the adapter kept.
        Err(std::fmt::Error) => Err(adapter
            .error
            .unwrap_or_else(|| std::io::Error::other("the pack could not be formatted"))),
    }
}

/// `io::Write` as the `fmt::Write` the pack is written with, keeping the
/// first I/O error (a closed pipe) for [`write_to`] to return.
struct Adapter<'a> {
    out: &'a mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl Write for Adapter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.out.write_all(text.as_bytes()).map_err(|error| {
            self.error = Some(error);
            std::fmt::Error
        })
    }
}

fn write(pack: &Pack<'_>, out: &mut dyn Write) -> std::fmt::Result {
    let marking = pack.marking.is_sensitive().then(|| pack.marking.label());
    if let Some(label) = marking {
        // The convention: the marking is the first and the last line.
        writeln!(out, "**{label}**")?;
        writeln!(out)?;
    }
    writeln!(out, "# {}", escape(&pack.plan_name))?;
    writeln!(out)?;
    writeln!(
        out,
        "Board pack as of **{}**: due before the next meeting means by {}; recently completed means since {}.",
        escape(&pack.as_of_named),
        escape(&pack.until_named),
        escape(&pack.completed_since_named)
    )?;
    if let Some(meeting) = pack.next_meeting {
        writeln!(out)?;
        writeln!(out, "Next meeting: {}.", escape(&meeting.to_string()))?;
    }
    if pack.selected != pack.total {
        writeln!(out)?;
        writeln!(
            out,
            "This pack covers {} of the plan's {} actions.",
            pack.selected, pack.total
        )?;
    }
    summary(out, pack)?;
    overdue(out, pack)?;
    stale(out, pack)?;
    upcoming(out, pack)?;
    completed(out, pack)?;
    undated(out, pack)?;
    recurring(out, pack)?;
    if let Some(changes) = &pack.changes {
        writeln!(out)?;
        writeln!(out, "## Changed since the last meeting")?;
        writeln!(out)?;
        out.write_str(&changes::markdown_for_pack(changes, 3)?)?;
    }
    if let Some(scorecard) = &pack.scorecard {
        measures(out, scorecard)?;
    }
    writeln!(out)?;
    writeln!(out, "## The plan by section")?;
    write_str_in_parallel(&pack.sections, 32, out, |parts, text| {
        for part in parts {
            section(text, pack, part)?;
        }
        Ok(())
    })?;
    if !pack.leads.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Leads")?;
        writeln!(out)?;
        writeln!(out, "| Lead | Name |")?;
        writeln!(out, "|---|---|")?;
        for lead in &pack.leads {
            writeln!(out, "| {} | {} |", escape(&lead.key), escape(&lead.name))?;
        }
    }
    if let Some(label) = marking {
        writeln!(out)?;
        writeln!(out, "**{label}**")?;
    }
    Ok(())
}

fn summary(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let s = &pack.summary;
    let w = pack.window;
    writeln!(out)?;
    writeln!(out, "## At a glance")?;
    writeln!(out)?;
    writeln!(out, "| | Actions |")?;
    writeln!(out, "|---|---:|")?;
    writeln!(out, "| Overdue | {} |", s.total.overdue)?;
    writeln!(
        out,
        "| No progress note since {} | {} |",
        uk_date(pack.stale_since),
        pack.stale
    )?;
    writeln!(
        out,
        "| Due by {} | {} |",
        uk_date(w.until),
        s.total.due_soon
    )?;
    writeln!(
        out,
        "| Completed since {} | {} |",
        escape(&pack.completed_since_named),
        pack.completed.len()
    )?;
    writeln!(out, "| Undated | {} |", s.undated)?;
    writeln!(out, "| Recurring | {} |", s.recurring)?;
    writeln!(out)?;
    let statuses: Vec<String> = s
        .status
        .iter()
        .map(|bucket| format!("{} {}", bucket.counts.actions, bucket.label))
        .collect();
    writeln!(
        out,
        "- By status: {} ({} in all).",
        statuses.join(", "),
        pack.selected
    )?;
    let rags: Vec<String> = s
        .rag
        .iter()
        .map(|bucket| match bucket.key.as_str() {
            "none" => format!("{} not rated", bucket.counts.actions),
            _ => format!("{} {}", bucket.counts.actions, bucket.label),
        })
        .collect();
    writeln!(out, "- By RAG rating: {}.", rags.join(", "))?;
    if let Some(scorecard) = &pack.scorecard {
        writeln!(out, "- {}", scorecard.counts.sentence())?;
    }
    Ok(())
}

/// The Measures section: a heading per priority, a table per frequency
/// within it, whose period columns are the same for every row.
fn measures(out: &mut dyn Write, scorecard: &Scorecard<'_>) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "## Measures")?;
    writeln!(out)?;
    writeln!(
        out,
        "As of {}: {}",
        uk_date(scorecard.as_of),
        scorecard.counts.sentence()
    )?;
    for group in &scorecard.groups {
        writeln!(out)?;
        writeln!(out, "### {}", escape(&group.title))?;
        for table in &group.tables {
            writeln!(out)?;
            writeln!(out, "#### {}", frequency_heading(table.frequency))?;
            writeln!(out)?;
            let periods: Vec<String> = table.periods.iter().map(ToString::to_string).collect();
            write!(out, "| Measure | Lead | Baseline |")?;
            for period in &periods {
                write!(out, " {period} |")?;
            }
            writeln!(out, " Year to date | Target | RAG | Direction | Missing |")?;
            writeln!(
                out,
                "|---|---|---:|{}---:|---:|---|---|---|",
                "---:|".repeat(periods.len())
            )?;
            for &at in &table.rows {
                let one = &scorecard.measures[at];
                let cell = |text: Option<String>| escape(&or_dash(text));
                write!(
                    out,
                    "| {} | {} | {} |",
                    escape(&one.measure.title),
                    escape(&one.lead_names),
                    cell(one.baseline_text())
                )?;
                for period in &table.periods {
                    write!(out, " {} |", cell(one.figure_text(*period)))?;
                }
                let missing = one.missing_text();
                writeln!(
                    out,
                    " {} | {} | {} | {} | {} |",
                    cell(one.ytd_text()),
                    cell(one.target_text()),
                    cell(one.row.rag.map(|rag| rag.to_string())),
                    cell(one.direction_text()),
                    cell(Some(missing.join("; ")).filter(|text| !text.is_empty())),
                )?;
            }
        }
    }
    Ok(())
}

/// A pack part: `## title`, then a table of `rows`, or `empty` when there
/// are none.
fn part(
    out: &mut dyn Write,
    title: &str,
    empty: &str,
    columns: &[&str],
    entries: &[Entry<'_>],
    row: impl Fn(&Entry<'_>) -> Vec<String> + Sync,
) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "## {title}")?;
    writeln!(out)?;
    if entries.is_empty() {
        writeln!(out, "{empty}")?;
        return Ok(());
    }
    table(out, columns, entries, row)
}

/// Rows a chunk of the pack's tables and sections is drawn in, on every
/// core: a large plan's pack has a row for every action.
const CHUNK_ROWS: usize = 512;

fn table(
    out: &mut dyn Write,
    columns: &[&str],
    entries: &[Entry<'_>],
    row: impl Fn(&Entry<'_>) -> Vec<String> + Sync,
) -> std::fmt::Result {
    writeln!(out, "| {} |", columns.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(columns.len()))?;
    write_str_in_parallel(entries, CHUNK_ROWS, out, |entries, text| {
        for entry in entries {
            writeln!(text, "| {} |", row(entry).join(" | "))?;
        }
        Ok(())
    })
}

fn overdue(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "## Overdue by lead")?;
    writeln!(out)?;
    if pack.overdue_by_lead.is_empty() {
        writeln!(
            out,
            "Nothing is overdue as of {}.",
            uk_date(pack.window.as_of)
        )?;
        return Ok(());
    }
    for (index, group) in pack.overdue_by_lead.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "### {} ({}): {} overdue",
            escape(group.name),
            escape(group.key),
            group.entries.len()
        )?;
        writeln!(out)?;
        let row = |entry: &Entry<'_>| {
            vec![
                escape(&entry.action.title),
                or_dash(entry.due_text()),
                or_dash(entry.distance()),
                entry.action.status.to_string(),
                rag(entry),
            ]
        };
        table(
            out,
            &["Action", "Due", "Late", "Status", "RAG"],
            &group.entries,
            row,
        )?;
    }
    Ok(())
}

fn stale(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let since = uk_date(pack.stale_since);
    writeln!(out)?;
    writeln!(out, "## No progress note since {since} ({})", pack.stale)?;
    writeln!(out)?;
    if pack.stale_by_lead.is_empty() {
        writeln!(
            out,
            "Every action still to do has a progress note since {since}."
        )?;
        return Ok(());
    }
    for (index, group) in pack.stale_by_lead.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "### {} ({}): {} without a note",
            escape(group.name),
            escape(group.key),
            group.entries.len()
        )?;
        writeln!(out)?;
        let row = |entry: &Entry<'_>| {
            vec![
                escape(&entry.action.title),
                entry.last_update().map_or_else(|| "none".into(), uk_date),
                or_dash(entry.due_text()),
                entry.action.status.to_string(),
                rag(entry),
            ]
        };
        table(
            out,
            &["Action", "Last note", "Due", "Status", "RAG"],
            &group.entries,
            row,
        )?;
    }
    Ok(())
}

fn upcoming(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let until = uk_date(pack.window.until);
    let row = |entry: &Entry<'_>| {
        vec![
            escape(&entry.action.title),
            leads(pack, entry),
            or_dash(entry.due_text()),
            or_dash(entry.distance()),
            entry.action.status.to_string(),
            rag(entry),
        ]
    };
    part(
        out,
        &format!("Due by {until}"),
        &format!(
            "Nothing falls due from {} to {until}.",
            uk_date(pack.window.as_of)
        ),
        &["Action", "Lead", "Due", "When", "Status", "RAG"],
        &pack.upcoming,
        row,
    )
}

fn completed(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let since = escape(&pack.completed_since_named);
    let row = |entry: &Entry<'_>| {
        vec![
            escape(&entry.action.title),
            leads(pack, entry),
            or_dash(entry.action.completed.map(uk_date)),
            entry.action.status.to_string(),
        ]
    };
    part(
        out,
        &format!("Completed since {since}"),
        &format!("Nothing was recorded as completed since {since}."),
        &["Action", "Lead", "Completed", "Status"],
        &pack.completed,
        row,
    )
}

fn undated(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let row = |entry: &Entry<'_>| {
        vec![
            escape(&entry.action.title),
            leads(pack, entry),
            or_dash(entry.action.timescale.as_deref().map(escape)),
            entry.action.status.to_string(),
        ]
    };
    part(
        out,
        "Undated",
        "Every action still to do has a due date.",
        &["Action", "Lead", "Timescale", "Status"],
        &pack.undated,
        row,
    )
}

fn recurring(out: &mut dyn Write, pack: &Pack<'_>) -> std::fmt::Result {
    let row = |entry: &Entry<'_>| {
        vec![
            escape(&entry.action.title),
            leads(pack, entry),
            or_dash(entry.action.every.map(crate::dates::Period::every_text)),
            or_dash(entry.action.completed.map(uk_date)),
            or_dash(entry.due_text()),
        ]
    };
    part(
        out,
        "Recurring",
        "No action recurs.",
        &["Action", "Lead", "Every", "Last done", "Next due"],
        &pack.recurring,
        row,
    )
}

fn section(out: &mut dyn Write, pack: &Pack<'_>, part: &SectionPart<'_>) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "{} {}", heading(part.depth + 3), escape(part.title))?;
    if part.entries.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    // A section may hold most of a plan, so its entries are drawn in chunks
    // too; a section of a few entries is one chunk.
    write_str_in_parallel(&part.entries, CHUNK_ROWS, out, |entries, out| {
        entries
            .iter()
            .try_for_each(|entry| section_entry(out, pack, entry))
    })
}

fn section_entry(out: &mut dyn Write, pack: &Pack<'_>, entry: &Entry<'_>) -> std::fmt::Result {
    let action = entry.action;
    writeln!(
        out,
        "- **{}** ({})",
        Text(&action.title),
        Code(entry.short_id())
    )?;
    // The facts, joined by " · ", written straight out: a large plan's
    // pack has a line of them for every action.
    write!(out, "  - Lead: {}", leads(pack, entry))?;
    match (entry.due_text(), entry.distance()) {
        (Some(due), Some(distance)) => write!(out, " · due {due} ({distance})")?,
        (Some(due), None) => write!(out, " · due {due}")?,
        (None, _) => out.write_str(" · no due date")?,
    }
    write!(out, " · {}", action.status)?;
    if let Some(rag) = action.rag {
        write!(out, " · RAG {rag}")?;
    }
    writeln!(out)?;
    if let Some(update) = action.latest_update() {
        writeln!(
            out,
            "  - Latest update, {}: {}",
            uk_date(update.date),
            Text(&update.text)
        )?;
    }
    Ok(())
}
