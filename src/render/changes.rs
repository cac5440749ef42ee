//! `csp changes` as text for a terminal, Markdown for a pack or an agenda,
//! and JSON for scripts.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::changes::{ChangeSet, FieldChange};
use crate::dates::uk_date;
use crate::model::Update;
use crate::render::markdown::{code, text as escape};

const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const HEADING: Style = Style::new().bold();
const SLIP: Style = AnsiColor::Yellow.on_default();

/// "from v1 (3f2a1b9, 15 Oct 2023) to the working tree (…)".
pub fn span(changes: &ChangeSet) -> String {
    format!(
        "from {} to {}",
        changes.from.describe(),
        changes.to.describe()
    )
}

/// [`span`] without commit hashes, for a board pack's body; its footnote
/// gives [`span`].
pub fn span_plainly(changes: &ChangeSet) -> String {
    format!(
        "from {} to {}",
        changes.from.describe_plainly(),
        changes.to.describe_plainly()
    )
}

fn value(text: Option<&str>) -> &str {
    text.unwrap_or("(none)")
}

/// "pushed back twice".
pub fn slip_times(slips: u32) -> String {
    match slips {
        1 => "pushed back once".into(),
        2 => "pushed back twice".into(),
        n => format!("pushed back {n} times"),
    }
}

/// One field's change as a line: `due: Sep 2023 → Dec 2023 (pushed back 3 months)`.
fn field_line(change: &FieldChange, escape_text: impl Fn(&str) -> String) -> String {
    let mut line = match (&change.before, &change.after) {
        (Some(before), None) if change.field == "update" => {
            format!("update removed: {}", escape_text(before))
        }
        _ => format!(
            "{}: {} → {}",
            change.field,
            escape_text(value(change.before.as_deref())),
            escape_text(value(change.after.as_deref()))
        ),
    };
    if let Some(note) = &change.note
        && change.field != "update"
    {
        line.push_str(&format!(" ({})", escape_text(note)));
    }
    line
}

fn update_line(update: &Update, escape_text: impl Fn(&str) -> String) -> String {
    format!(
        "new update, {}: {}",
        uk_date(update.date),
        escape_text(&update.text)
    )
}

fn plain(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// For a terminal: one block per kind of change, coloured where colour is on.
pub fn text(changes: &ChangeSet) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(out, "Changes to the plan {}", span(changes))?;
    if changes.is_empty() {
        writeln!(out)?;
        writeln!(out, "No action was added, removed or changed.")?;
    }
    if !changes.added.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADING}Added ({}){HEADING:#}", changes.added.len())?;
        for action in &changes.added {
            let due = action
                .due
                .as_ref()
                .map_or_else(String::new, |d| format!(", due {d}"));
            writeln!(
                out,
                "  {ADDED}+ {}{ADDED:#}  {}  (lead {}{due})",
                action.id,
                plain(&action.title),
                plain(&action.lead.join(", "))
            )?;
        }
    }
    if !changes.removed.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{HEADING}Removed ({}){HEADING:#}",
            changes.removed.len()
        )?;
        for action in &changes.removed {
            writeln!(
                out,
                "  {REMOVED}- {}{REMOVED:#}  {}",
                action.id,
                plain(&action.title)
            )?;
        }
    }
    if !changes.moved.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADING}Moved ({}){HEADING:#}", changes.moved.len())?;
        for moved in &changes.moved {
            writeln!(
                out,
                "  {} → {}  {}",
                moved.from,
                moved.to,
                plain(&moved.title)
            )?;
            for change in &moved.changes {
                writeln!(out, "      {}", field_line(change, plain))?;
            }
            for update in &moved.new_updates {
                writeln!(out, "      {}", update_line(update, plain))?;
            }
        }
    }
    if !changes.changed.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{HEADING}Changed ({}){HEADING:#}",
            changes.changed.len()
        )?;
        for changed in &changes.changed {
            writeln!(out, "  {}  {}", changed.id, plain(&changed.title))?;
            for change in &changed.changes {
                let line = field_line(change, plain);
                if change.field == "due" && changed.slips > 0 {
                    writeln!(
                        out,
                        "      {line} {SLIP}[{}]{SLIP:#}",
                        slip_times(changed.slips)
                    )?;
                } else {
                    writeln!(out, "      {line}")?;
                }
            }
            for update in &changed.new_updates {
                writeln!(out, "      {}", update_line(update, plain))?;
            }
        }
    }
    if !changes.slipping.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADING}Deadlines pushed back{HEADING:#}")?;
        for slipping in &changes.slipping {
            writeln!(
                out,
                "  {SLIP}{}×{SLIP:#} {}  {}: {}",
                slipping.slips,
                slipping.id,
                plain(&slipping.title),
                slipping.dues.join(" → ")
            )?;
        }
    }
    measures_text(&mut out, changes)?;
    unreadable(&mut out, changes, std::string::ToString::to_string)?;
    Ok(out)
}

/// The measures' block for a terminal: added, removed, then each changed
/// measure with its new and revised figures and its targets.
fn measures_text(out: &mut String, changes: &ChangeSet) -> std::fmt::Result {
    let measures = &changes.measures;
    if measures.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{HEADING}Measures ({}){HEADING:#}", measures.len())?;
    for measure in &measures.added {
        writeln!(
            out,
            "  {ADDED}+ {}{ADDED:#}  {}  (lead {})",
            measure.id,
            plain(&measure.title),
            plain(&measure.lead.join(", "))
        )?;
    }
    for measure in &measures.removed {
        writeln!(
            out,
            "  {REMOVED}- {}{REMOVED:#}  {}",
            measure.id,
            plain(&measure.title)
        )?;
    }
    for measure in &measures.changed {
        writeln!(out, "  {}  {}", measure.id, plain(&measure.title))?;
        for line in measure.lines() {
            writeln!(out, "      {}", plain(&line))?;
        }
    }
    Ok(())
}

fn unreadable(
    out: &mut String,
    changes: &ChangeSet,
    show: impl Fn(&str) -> String,
) -> std::fmt::Result {
    if !changes.unreadable.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Not compared, as they could not be read as plan files: {}.",
            changes
                .unreadable
                .iter()
                .map(|p| show(p))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(())
}

/// Markdown, with headings starting at `level` (2 on its own, 3 in a pack).
pub fn markdown(changes: &ChangeSet, level: usize) -> Result<String, std::fmt::Error> {
    markdown_with(changes, level, &span(changes))
}

/// [`markdown`] for a board pack: the span said plainly, and the
/// revisions compared in a footnote.
pub fn markdown_for_pack(changes: &ChangeSet, level: usize) -> Result<String, std::fmt::Error> {
    let mut out = markdown_with(changes, level, &span_plainly(changes))?;
    writeln!(out)?;
    writeln!(
        out,
        "<small>Revisions compared: {}.</small>",
        escape(&span(changes))
    )?;
    Ok(out)
}

fn markdown_with(changes: &ChangeSet, level: usize, said: &str) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    let heading = "#".repeat(level.clamp(1, 6));
    writeln!(out, "Changes {}.", escape(said))?;
    if changes.is_empty() {
        writeln!(out)?;
        writeln!(out, "No action was added, removed or changed.")?;
    }
    if !changes.added.is_empty() {
        writeln!(out)?;
        writeln!(out, "{heading} Added ({})", changes.added.len())?;
        writeln!(out)?;
        for action in &changes.added {
            let due = action
                .due
                .as_ref()
                .map_or_else(String::new, |d| format!(", due {d}"));
            writeln!(
                out,
                "- **{}** ({}): lead {}{due}",
                escape(&action.title),
                code(&action.id),
                escape(&action.lead.join(", "))
            )?;
        }
    }
    if !changes.removed.is_empty() {
        writeln!(out)?;
        writeln!(out, "{heading} Removed ({})", changes.removed.len())?;
        writeln!(out)?;
        for action in &changes.removed {
            writeln!(
                out,
                "- **{}** ({})",
                escape(&action.title),
                code(&action.id)
            )?;
        }
    }
    if !changes.moved.is_empty() {
        writeln!(out)?;
        writeln!(out, "{heading} Moved ({})", changes.moved.len())?;
        writeln!(out)?;
        for moved in &changes.moved {
            writeln!(
                out,
                "- **{}**: {} → {}",
                escape(&moved.title),
                code(&moved.from),
                code(&moved.to)
            )?;
            for change in &moved.changes {
                writeln!(out, "  - {}", field_line(change, escape))?;
            }
            for update in &moved.new_updates {
                writeln!(out, "  - {}", update_line(update, escape))?;
            }
        }
    }
    if !changes.changed.is_empty() {
        writeln!(out)?;
        writeln!(out, "{heading} Changed ({})", changes.changed.len())?;
        writeln!(out)?;
        for changed in &changes.changed {
            writeln!(
                out,
                "- **{}** ({})",
                escape(&changed.title),
                code(&changed.id)
            )?;
            for change in &changed.changes {
                let line = field_line(change, escape);
                if change.field == "due" && changed.slips > 0 {
                    writeln!(out, "  - {line}, {}", slip_times(changed.slips))?;
                } else {
                    writeln!(out, "  - {line}")?;
                }
            }
            for update in &changed.new_updates {
                writeln!(out, "  - {}", update_line(update, escape))?;
            }
        }
    }
    if !changes.slipping.is_empty() {
        writeln!(out)?;
        writeln!(out, "{heading} Deadlines pushed back")?;
        writeln!(out)?;
        writeln!(out, "| Action | Times | Due dates |")?;
        writeln!(out, "|---|---:|---|")?;
        for slipping in &changes.slipping {
            writeln!(
                out,
                "| {} ({}) | {} | {} |",
                escape(&slipping.title),
                code(&slipping.id),
                slipping.slips,
                slipping.dues.join(" → ")
            )?;
        }
    }
    if !changes.measures.is_empty() {
        let measures = &changes.measures;
        writeln!(out)?;
        writeln!(out, "{heading} Measures ({})", measures.len())?;
        writeln!(out)?;
        for measure in &measures.added {
            writeln!(
                out,
                "- **{}** ({}): new measure, lead {}",
                escape(&measure.title),
                code(&measure.id),
                escape(&measure.lead.join(", "))
            )?;
        }
        for measure in &measures.removed {
            writeln!(
                out,
                "- **{}** ({}): removed",
                escape(&measure.title),
                code(&measure.id)
            )?;
        }
        for measure in &measures.changed {
            writeln!(
                out,
                "- **{}** ({})",
                escape(&measure.title),
                code(&measure.id)
            )?;
            for line in measure.lines() {
                writeln!(out, "  - {}", escape(&line))?;
            }
        }
    }
    unreadable(&mut out, changes, code)?;
    Ok(out)
}

/// One JSON object; field names are stable for scripts.
pub fn json(changes: &ChangeSet) -> serde_json::Result<String> {
    serde_json::to_string_pretty(changes)
}
