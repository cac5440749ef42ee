//! The year-end report ([`YearEnd`]) as Markdown, to keep in the
//! repository and paste into papers, or as one HTML page that prints on A4
//! with the meeting pack's own stylesheet and page markings.

use std::fmt::Write;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::markdown::{cell, code, text};
use super::pack::html::{STYLE, page_marking};
use crate::dates::uk_date;
use crate::model::Rag;
use crate::view::year_end::{Row, SectionPart, YearEnd};

/// What "met" means, as the report says it.
const MET: &str = "A recurring duty's occurrence is met when a progress note or its completion is dated after the occurrence before it and no later than the day it fell due; work done late counts towards the next occurrence. An undated duty never done has no schedule to count.";

fn heading(report: &YearEnd) -> String {
    format!("{}: year-end report {}", report.plan_name, report.year)
}

/// The sentence under the title: the year, and the day counted to.
fn scope(report: &YearEnd) -> String {
    if report.interim {
        format!(
            "Interim report on the year {} to {}: counted to {}, before the year's end.",
            uk_date(report.year.first_day()),
            uk_date(report.year.last_day()),
            uk_date(report.day)
        )
    } else {
        format!(
            "The year {} to {}, as the plan stood at its end.",
            uk_date(report.year.first_day()),
            uk_date(report.year.last_day())
        )
    }
}

fn next_year(report: &YearEnd) -> String {
    report
        .year
        .next()
        .map_or_else(|| "the next year".into(), |year| year.to_string())
}

fn glance(report: &YearEnd) -> Vec<String> {
    let t = &report.totals;
    let plural = crate::plural::count;
    let mut lines = vec![
        format!("{} done", plural(t.done, "action")),
        format!(
            "{} carried over into {}{}",
            plural(t.carried, "action"),
            next_year(report),
            if t.overdue > 0 {
                format!(", {} of them overdue", t.overdue)
            } else {
                String::new()
            }
        ),
        format!("{} dropped", plural(t.dropped, "action")),
    ];
    lines.push(format!(
        "{}: {} fell due in the year, {} met",
        crate::plural::count_as(t.recurring, "recurring duty", "recurring duties"),
        plural(t.occurrences, "occurrence"),
        t.met
    ));
    if !report.measures.is_empty() {
        let count = |rag: Rag| {
            report
                .measures
                .iter()
                .filter(|measure| measure.rag == Some(rag))
                .count()
        };
        let judged = count(Rag::Green) + count(Rag::Amber) + count(Rag::Red);
        let missing: usize = report.measures.iter().map(|m| m.missing.len()).sum();
        lines.push(format!(
            "{}: {} green, {} amber, {} red, {} without a target or figure; {} not received",
            plural(report.measures.len(), "performance measure"),
            count(Rag::Green),
            count(Rag::Amber),
            count(Rag::Red),
            report.measures.len() - judged,
            plural(missing, "figure")
        ));
    }
    lines
}

fn met(row: &Row) -> String {
    if row.occurrences == 0 {
        match row.due {
            Some(_) => "none fell due".into(),
            None => "undated: no schedule".into(),
        }
    } else {
        format!("{} of {}", row.met, row.occurrences)
    }
}

fn late(row: &Row) -> String {
    row.days_late.map_or_else(
        || "—".into(),
        |days| crate::plural::count(usize::try_from(days).unwrap_or(usize::MAX), "day"),
    )
}

fn dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".into())
}

fn note(row: &Row) -> String {
    row.last_note.as_ref().map_or_else(
        || "—".into(),
        |(day, words)| format!("{}: {}", uk_date(*day), words.trim()),
    )
}

/// The report as Markdown.
pub fn markdown(report: &YearEnd) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_markdown(report, &mut out);
    out
}

fn write_markdown(report: &YearEnd, out: &mut String) -> std::fmt::Result {
    let marking = report
        .marking
        .is_sensitive()
        .then(|| report.marking.label());
    if let Some(label) = marking {
        writeln!(out, "**{label}**\n")?;
    }
    writeln!(out, "# {}\n", text(&heading(report)))?;
    let footnote = if report.source.is_some() {
        "[^source]"
    } else {
        ""
    };
    writeln!(out, "{}{footnote}", scope(report))?;
    writeln!(out, "\n## At a glance\n")?;
    for line in glance(report) {
        writeln!(out, "- {line}")?;
    }
    if !report.priorities.is_empty() {
        writeln!(out, "\n## By priority\n")?;
        writeln!(
            out,
            "| Priority | Done | Carried over | Dropped | Recurring |\n|---|---:|---:|---:|---:|"
        )?;
        for row in &report.priorities {
            let name = match row.key {
                Some(key) => format!("{key}. {}", cell(&row.text)),
                None => cell(&row.text),
            };
            writeln!(
                out,
                "| {name} | {} | {} | {} | {} |",
                row.done, row.carried, row.dropped, row.recurring
            )?;
        }
    }
    writeln!(out, "\n## By section")?;
    for part in &report.sections {
        markdown_section(part, report, out)?;
    }
    if !report.measures.is_empty() {
        writeln!(out, "\n## Performance measures\n")?;
        writeln!(
            out,
            "Each measure's outturn for {} against the year's target, and against the year before over the same periods.\n",
            report.year
        )?;
        writeln!(
            out,
            "| Measure | Supplied by | Outturn | Target | RAG | On the year before | Not received |\n|---|---|---|---|---|---|---|"
        )?;
        for measure in &report.measures {
            writeln!(
                out,
                "| {} ({}) | {} | {} | {} | {} | {} | {} |",
                cell(&measure.title),
                code(&measure.id),
                cell(&measure.leads),
                dash(measure.outturn.clone()),
                dash(measure.target.clone()),
                dash(measure.rag.map(|rag| rag.name().to_string())),
                dash(measure.direction_year.map(|d| d.words().to_string())),
                dash((!measure.missing.is_empty()).then(|| measure.missing.join(", ")))
            )?;
        }
    }
    writeln!(out, "\n## Lead bodies' returns\n")?;
    if report.returns.is_empty() {
        writeln!(out, "No lead body leads an action in this report.")?;
    } else {
        writeln!(
            out,
            "Progress notes recorded in the year on the actions each body leads.\n"
        )?;
        writeln!(
            out,
            "| Lead | Actions | With a note | Notes | Last note |\n|---|---:|---:|---:|---|"
        )?;
        for lead in &report.returns {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&lead.name),
                lead.actions,
                lead.with_note,
                lead.notes,
                dash(lead.last_note.map(uk_date))
            )?;
        }
    }
    writeln!(out, "\n{MET}")?;
    if let Some(source) = &report.source {
        writeln!(out, "\n[^source]: Read from git: {source}.")?;
    }
    if let Some(label) = marking {
        writeln!(out, "\n**{label}**")?;
    }
    Ok(())
}

fn action(row: &Row) -> String {
    format!("{} ({})", cell(&row.title), code(&row.id))
}

fn markdown_section(part: &SectionPart, report: &YearEnd, out: &mut String) -> std::fmt::Result {
    writeln!(out, "\n### {}", text(&part.title))?;
    if !part.done.is_empty() {
        writeln!(
            out,
            "\nDone:\n\n| Action | Lead | Completed |\n|---|---|---|"
        )?;
        for row in &part.done {
            let completed = dash(row.completed.map(uk_date));
            writeln!(
                out,
                "| {} | {} | {completed} |",
                action(row),
                cell(&row.leads)
            )?;
        }
    }
    if !part.carried.is_empty() {
        writeln!(
            out,
            "\nCarried over into {}:\n\n| Action | Lead | Due | Late |\n|---|---|---|---:|",
            next_year(report)
        )?;
        for row in &part.carried {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                action(row),
                cell(&row.leads),
                dash(row.due.clone()),
                late(row)
            )?;
        }
    }
    if !part.dropped.is_empty() {
        writeln!(
            out,
            "\nDropped:\n\n| Action | Lead | Last note |\n|---|---|---|"
        )?;
        for row in &part.dropped {
            writeln!(
                out,
                "| {} | {} | {} |",
                action(row),
                cell(&row.leads),
                cell(&note(row))
            )?;
        }
    }
    if !part.recurring.is_empty() {
        writeln!(
            out,
            "\nRecurring duties:\n\n| Action | Lead | Every | Met | Next due |\n|---|---|---|---|---|"
        )?;
        for row in &part.recurring {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                action(row),
                cell(&row.leads),
                dash(row.every.clone()),
                met(row),
                dash(row.due.clone())
            )?;
        }
    }
    Ok(())
}

/// The report as one HTML page: the pack's stylesheet, and its marking at
/// the top and bottom of every printed page.
pub fn html(report: &YearEnd) -> String {
    let marking = report
        .marking
        .is_sensitive()
        .then(|| report.marking.label());
    let title = match marking {
        Some(label) => format!("{label}: {}", heading(report)),
        None => heading(report),
    };
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
                @if let Some(label) = marking {
                    style { (PreEscaped(page_marking(label))) }
                    meta name="classification" content=(label);
                }
            }
            body {
                @if let Some(label) = marking {
                    div.marking.top role="note" { (label) }
                }
                header {
                    p.kicker { "Year-end report " (report.year) }
                    h1 { (report.plan_name) }
                    p.meta { (scope(report)) @if report.source.is_some() { sup { a href="#source" { "1" } } } }
                }
                section.glance {
                    h2 { "At a glance" }
                    ul { @for line in glance(report) { li { (line) } } }
                }
                @if !report.priorities.is_empty() {
                    section {
                        h2 { "By priority" }
                        table {
                            thead { tr { th { "Priority" } th.number { "Done" } th.number { "Carried over" } th.number { "Dropped" } th.number { "Recurring" } } }
                            tbody {
                                @for row in &report.priorities {
                                    tr {
                                        td { @if let Some(key) = row.key { (key) ". " } (row.text) }
                                        td.number { (row.done) } td.number { (row.carried) } td.number { (row.dropped) } td.number { (row.recurring) }
                                    }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 { "By section" }
                    @for part in &report.sections { (html_section(part, report)) }
                }
                @if !report.measures.is_empty() {
                    section.measures {
                        h2 { "Performance measures" }
                        p { "Each measure's outturn for " (report.year) " against the year's target, and against the year before over the same periods." }
                        table {
                            thead { tr { th { "Measure" } th { "Supplied by" } th { "Outturn" } th { "Target" } th { "RAG" } th { "On the year before" } th { "Not received" } } }
                            tbody {
                                @for measure in &report.measures {
                                    tr {
                                        td { (measure.title) " " code { (measure.id) } }
                                        td { (measure.leads) }
                                        td { (dash(measure.outturn.clone())) }
                                        td { (dash(measure.target.clone())) }
                                        td { @if let Some(rag) = measure.rag { span class=(format!("rag rag-{}", rag.name())) { (rag.name()) } } @else { "—" } }
                                        td { (dash(measure.direction_year.map(|d| format!("{} {}", d.arrow(), d.words())))) }
                                        td { (dash((!measure.missing.is_empty()).then(|| measure.missing.join(", ")))) }
                                    }
                                }
                            }
                        }
                    }
                }
                section.leads {
                    h2 { "Lead bodies' returns" }
                    @if report.returns.is_empty() {
                        p.empty { "No lead body leads an action in this report." }
                    } @else {
                        p { "Progress notes recorded in the year on the actions each body leads." }
                        table {
                            thead { tr { th { "Lead" } th.number { "Actions" } th.number { "With a note" } th.number { "Notes" } th.date { "Last note" } } }
                            tbody {
                                @for lead in &report.returns {
                                    tr { td { (lead.name) } td.number { (lead.actions) } td.number { (lead.with_note) } td.number { (lead.notes) } td.date { (dash(lead.last_note.map(uk_date))) } }
                                }
                            }
                        }
                    }
                }
                p.footnote { (MET) }
                @if let Some(source) = &report.source {
                    p.footnote id="source" { "1. Read from git: " (source) "." }
                }
                @if let Some(label) = marking {
                    div.marking.bottom role="note" { (label) }
                }
            }
        }
    }
    .into_string()
}

fn html_action(row: &Row) -> Markup {
    html! { td.action { span.title { (row.title) } span.id { (row.id) } } }
}

fn html_section(part: &SectionPart, report: &YearEnd) -> Markup {
    html! {
        h3 { (part.title) }
        @if !part.done.is_empty() {
            h4 { "Done" }
            table {
                thead { tr { th { "Action" } th { "Lead" } th.date { "Completed" } } }
                tbody { @for row in &part.done { tr { (html_action(row)) td.lead { (row.leads) } td.date { (dash(row.completed.map(uk_date))) } } } }
            }
        }
        @if !part.carried.is_empty() {
            h4 { "Carried over into " (next_year(report)) }
            table {
                thead { tr { th { "Action" } th { "Lead" } th.date { "Due" } th.number { "Late" } } }
                tbody { @for row in &part.carried { tr { (html_action(row)) td.lead { (row.leads) } td.date { (dash(row.due.clone())) } td.number.late { (late(row)) } } } }
            }
        }
        @if !part.dropped.is_empty() {
            h4 { "Dropped" }
            table {
                thead { tr { th { "Action" } th { "Lead" } th { "Last note" } } }
                tbody { @for row in &part.dropped { tr { (html_action(row)) td.lead { (row.leads) } td.update { (note(row)) } } } }
            }
        }
        @if !part.recurring.is_empty() {
            h4 { "Recurring duties" }
            table {
                thead { tr { th { "Action" } th { "Lead" } th { "Every" } th { "Met" } th.date { "Next due" } } }
                tbody { @for row in &part.recurring { tr { (html_action(row)) td.lead { (row.leads) } td { (dash(row.every.clone())) } td { (met(row)) } td.date { (dash(row.due.clone())) } } } }
            }
        }
    }
}
