//! The chase digests as plain text (for a terminal, or the body of a draft
//! e-mail) and as Markdown. One digest per lead; `all_*` joins them.

use std::fmt::Write as _;

use super::{markdown, one_line};
use crate::dates::uk_date;
use crate::plural;
use crate::view::chase::{Chase, ChaseItem, Digest, MissingFigure};

/// The lead's addresses as a `To:` line would show them.
fn recipients(digest: &Digest<'_>) -> Option<String> {
    let lead = digest.lead;
    if lead.emails.is_empty() {
        return None;
    }
    Some(
        lead.emails
            .iter()
            .map(|email| one_line(email))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The opening: who is asked, for what, by when.
fn request(chase: &Chase<'_>, digest: &Digest<'_>) -> String {
    // A plain name from `greeting`; `contact` may read "Jones, Siân
    // (Community Safety Manager)", which no letter starts with.
    let greeting = match &digest.lead.greeting {
        Some(name) => format!("Dear {},", one_line(name)),
        None => format!("Dear colleagues at {},", one_line(&digest.lead.name)),
    };
    let count = digest.count();
    let figures = digest.figures.len();
    let the_figures = if figures == 1 {
        "the figure".to_string()
    } else {
        format!("the {figures} figures")
    };
    if count == 0 {
        return format!(
            "{greeting}\n\nPlease send {the_figures} below {}: {} due and not received yet.",
            chase.deadline(),
            if figures == 1 { "it is" } else { "they are" }
        );
    }
    let mut out = format!(
        "{greeting}\n\nPlease send a short progress update on {} {}: what has happened since the last note, and a new due date where one has moved.",
        if count == 1 {
            "this action".to_string()
        } else {
            format!("these {count} actions")
        },
        chase.deadline(),
    );
    if figures > 0 {
        let _ = write!(
            out,
            " Please also send {the_figures} under \"{FIGURES_HEADING}\"."
        );
    }
    out
}

/// The heading of a digest's missing figures.
const FIGURES_HEADING: &str = "Figures not received";

/// What a missing figure's second line says: its reference and target.
fn figure_facts(figure: &MissingFigure<'_>) -> String {
    let mut facts = vec![format!("ref. {}", figure.measure.id)];
    if let Some(target) = crate::performance::period_target(figure.measure, figure.period) {
        facts.push(format!("target {}", figure.measure.show(target)));
    }
    facts.join("; ")
}

fn facts(item: &ChaseItem<'_>) -> String {
    let mut facts = Vec::new();
    match (&item.due_text, item.days_overdue) {
        (Some(due), Some(days)) => facts.push(format!(
            "due {due}, {days} day{} late",
            plural::suffix(days.unsigned_abs().try_into().unwrap_or(usize::MAX))
        )),
        (Some(due), None) => facts.push(format!("due {due}")),
        (None, _) => facts.push("no due date".into()),
    }
    facts.push(item.status.to_string());
    if let Some(rag) = item.rag {
        facts.push(format!("RAG {rag}"));
    }
    if !item.leads {
        facts.push("as a partner".into());
    }
    facts.join("; ")
}

/// An action's short reference: the last part of its id.
fn reference<'a>(item: &ChaseItem<'a>) -> &'a str {
    let id = item.action.id.as_str();
    id.rsplit('/').next().unwrap_or(id)
}

/// One lead's digest as plain text: the body of its draft e-mail.
pub fn body(chase: &Chase<'_>, digest: &Digest<'_>) -> String {
    let mut out = request(chase, digest);
    out.push('\n');
    for (heading, items) in digest.groups(chase) {
        let _ = write!(out, "\n{heading} ({})\n", items.len());
        for item in items {
            // Partners read titles; the reference is what they quote back,
            // the last part of the id (a file path means nothing to them).
            let _ = writeln!(
                out,
                "\n  {} (ref. {})\n    {}",
                one_line(&item.action.title),
                reference(item),
                facts(item)
            );
            match item.latest {
                Some((day, text)) => {
                    let _ = writeln!(out, "    latest note, {}: {}", uk_date(day), one_line(text));
                }
                None => out.push_str("    no progress note yet\n"),
            }
        }
    }
    if !digest.figures.is_empty() {
        let _ = write!(out, "\n{FIGURES_HEADING} ({})\n", digest.figures.len());
        for figure in &digest.figures {
            let _ = writeln!(
                out,
                "\n  {}\n    {}",
                one_line(&figure.line()),
                figure_facts(figure)
            );
        }
    }
    out.push_str("\nThank you.\n");
    out
}

/// One lead's digest as text for the terminal: who it is for, the
/// subject, then the body.
pub fn text(chase: &Chase<'_>, digest: &Digest<'_>) -> String {
    let mut out = format!("{} ({})\n", one_line(&digest.lead.name), digest.lead.key);
    match recipients(digest) {
        Some(to) => {
            let _ = writeln!(out, "To: {to}");
        }
        None => out.push_str("To: (no email in csp.toml)\n"),
    }
    let _ = writeln!(out, "Subject: {}\n", one_line(&digest.subject(chase)));
    out.push_str(&body(chase, digest));
    out
}

/// One lead's digest as Markdown, to paste into an e-mail or a tracker.
pub fn markdown(chase: &Chase<'_>, digest: &Digest<'_>) -> String {
    let mut out = format!(
        "## {} ({})\n\n",
        markdown::text(&digest.lead.name),
        markdown::code(&digest.lead.key)
    );
    if let Some(to) = recipients(digest) {
        let _ = writeln!(out, "**To:** {}  ", markdown::text(&to));
    }
    let _ = writeln!(
        out,
        "**Subject:** {}\n",
        markdown::text(&digest.subject(chase))
    );
    let paragraphs: Vec<String> = request(chase, digest)
        .split("\n\n")
        .map(markdown::text)
        .collect();
    out.push_str(&paragraphs.join("\n\n"));
    out.push('\n');
    for (heading, items) in digest.groups(chase) {
        let _ = write!(out, "\n### {heading} ({})\n\n", items.len());
        for item in items {
            let _ = writeln!(
                out,
                "- {} {}: {}  ",
                markdown::code(item.action.id.as_str()),
                markdown::text(&item.action.title),
                markdown::text(&facts(item))
            );
            match item.latest {
                Some((day, text)) => {
                    let _ = writeln!(
                        out,
                        "  Latest note, {}: {}  ",
                        uk_date(day),
                        markdown::text(text)
                    );
                }
                None => out.push_str("  No progress note yet.  \n"),
            }
            let _ = writeln!(
                out,
                "  File: {}",
                markdown::code(&item.file.display().to_string())
            );
        }
    }
    if !digest.figures.is_empty() {
        let _ = write!(
            out,
            "\n### {FIGURES_HEADING} ({})\n\n",
            digest.figures.len()
        );
        for figure in &digest.figures {
            let _ = writeln!(
                out,
                "- {} {}  \n  {}",
                markdown::code(&figure.measure.id),
                markdown::text(&figure.line()),
                markdown::text(&figure_facts(figure))
            );
        }
    }
    out
}

/// The closing line: how many leads were chased, and who had nothing.
pub fn closing(chase: &Chase<'_>) -> String {
    let chased = chase.digests.len();
    let mut line = format!(
        "{chased} lead{} to chase {}",
        crate::plural::suffix(chased),
        chase.deadline()
    );
    let figures: usize = chase.digests.iter().map(|one| one.figures.len()).sum();
    if figures > 0 {
        let _ = write!(line, "; {} not received", plural::count(figures, "figure"));
    }
    if !chase.nothing.is_empty() {
        let keys: Vec<&str> = chase.nothing.iter().map(|lead| lead.key.as_str()).collect();
        let _ = write!(
            line,
            "; {} with nothing to chase: {}",
            chase.nothing.len(),
            keys.join(", ")
        );
    }
    line
}

/// Every digest, for standard output: Markdown ones one after another,
/// text ones with a rule between them.
pub fn all(chase: &Chase<'_>, as_markdown: bool) -> String {
    let texts: Vec<String> = chase
        .digests
        .iter()
        .map(|one| {
            if as_markdown {
                markdown(chase, one)
            } else {
                text(chase, one)
            }
        })
        .collect();
    texts.join(if as_markdown {
        "\n"
    } else {
        "\n────────\n\n"
    })
}

/// The warning for drafts written without a `To:` line, naming the
/// bodies (by key) that have no e-mail in csp.toml; `None` when all have.
pub fn unaddressed(keys: &[&str]) -> Option<String> {
    match keys {
        [] => None,
        [key] => Some(format!(
            "`{key}` has no email in csp.toml, so its draft has no To: line; add email = [\"…\"] to [leads.{key}]"
        )),
        _ => Some(format!(
            "{} leads have no email in csp.toml, so their drafts have no To: line: {}; add email = [\"…\"] to each one's [leads.KEY]",
            keys.len(),
            keys.join(", ")
        )),
    }
}

/// What `csp chase -o DIR` did, line by line: the earlier run's files it
/// removed, each file it wrote with how many actions it asks about, the
/// files it left alone, then `closing`.
pub fn written(
    wrote: &[(&std::path::Path, usize, usize)],
    removed: &[std::path::PathBuf],
    others: &[std::path::PathBuf],
    closing: &str,
) -> String {
    let shown = |paths: &[std::path::PathBuf]| {
        paths
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if !removed.is_empty() {
        let _ = writeln!(
            out,
            "removed {} an earlier csp chase wrote here: {}",
            plural::count(removed.len(), "file"),
            shown(removed)
        );
    }
    for (path, actions, figures) in wrote {
        let mut what = plural::count(*actions, "action");
        if *figures > 0 {
            let _ = write!(what, ", {}", plural::count(*figures, "figure"));
        }
        let _ = writeln!(out, "wrote {} ({what})", path.display());
    }
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "left alone {} csp did not write: {}",
            plural::count(others.len(), "file"),
            shown(others)
        );
    }
    let _ = writeln!(out, "{closing}");
    out
}
