//! The pack as one HTML file: inline CSS and SVG, no script, nothing
//! fetched, laid out to print on A4. maud escapes every value spliced into
//! the page, so plan text can never become markup.

use std::cell::RefCell;
use std::io::Write;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::charts;
use crate::changes::{ChangeSet, FieldChange};
use crate::dates::uk_date;
use crate::model::Update;
use crate::render::write_in_parallel;
use crate::view::pack::{Entry, Pack, SectionPart};
use crate::view::scorecard::{
    FrequencyTable, PeriodFigure, Scorecard, frequency_heading, period_lines,
};

/// The pack's stylesheet, shared by every page csp prints (the year-end report too).
pub(crate) const STYLE: &str = include_str!("pack.css");

/// The page written to `out`. A large plan's pack runs to tens of
/// megabytes: the page is drawn as a skeleton of headings and table heads,
/// with a place left for each table's rows and for the plan's sections,
/// which are drawn into those places in parallel chunks as it is written.
pub fn write_to(pack: &Pack<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    let fills = Fills::default();
    let skeleton = page(pack, &fills).into_string();
    let fills = fills.0.into_inner();
    let pieces: Vec<&str> = skeleton.split(FILL_HERE).collect();
    if pieces.len() != fills.len() + 1 {
        anyhow::bail!(
            "the HTML pack left {} places for {} tables; this is a bug in csp",
            pieces.len() - 1,
            fills.len()
        );
    }
    out.write_all(pieces[0].as_bytes())?;
    for (fill, piece) in fills.into_iter().zip(&pieces[1..]) {
        match fill {
            Fill::Rows(entries, row) => {
                write_in_parallel(entries, CHUNK_ROWS, out, |_, entries| {
                    Ok(drawn(entries, |entry| row(pack, entry)))
                })?;
            }
            Fill::Sections(parts) => {
                write_in_parallel(parts, CHUNK_SECTIONS, out, |_, parts| {
                    Ok(drawn(parts, |part| section_part(pack, part)))
                })?;
            }
        }
        out.write_all(piece.as_bytes())?;
    }
    Ok(())
}

/// Rows drawn per chunk, and sections per chunk (each with its own table).
const CHUNK_ROWS: usize = 512;
const CHUNK_SECTIONS: usize = 32;

/// Where the skeleton leaves a place to fill: an HTML comment, which plan
/// text cannot produce (maud escapes its `<`).
const FILL_HERE: &str = "<!--csp:fill-->";

/// What fills each place the skeleton leaves, in the page's order.
enum Fill<'p> {
    /// A table's rows, each drawn by the function.
    Rows(&'p [Entry<'p>], fn(&Pack<'_>, &Entry<'_>) -> Markup),
    /// The plan's sections, each a heading and a table.
    Sections(&'p [SectionPart<'p>]),
}

/// The fills the skeleton asks for, in the order it is drawn.
#[derive(Default)]
struct Fills<'p>(RefCell<Vec<Fill<'p>>>);

impl<'p> Fills<'p> {
    /// Leaves a place for `fill` where it is spliced into the skeleton.
    fn place(&self, fill: Fill<'p>) -> PreEscaped<&'static str> {
        self.0.borrow_mut().push(fill);
        PreEscaped(FILL_HERE)
    }
}

fn drawn<T>(items: &[T], draw: impl Fn(&T) -> Markup) -> Vec<u8> {
    let mut text = String::new();
    for item in items {
        text.push_str(&draw(item).into_string());
    }
    text.into_bytes()
}

/// The whole page but for what [`Fills`] holds.
fn page<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    let w = pack.window;
    let marking = pack.marking.is_sensitive().then(|| pack.marking.label());
    let title = match marking {
        Some(label) => format!(
            "{label}: {}: board pack, {}",
            pack.plan_name,
            uk_date(w.as_of)
        ),
        None => format!("{}: board pack, {}", pack.plan_name, uk_date(w.as_of)),
    };
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
                @if let Some(label) = marking {
                    // The marking at the top and bottom of every printed
                    // page: the page's margin boxes, which print on each.
                    style { (PreEscaped(page_marking(label))) }
                    meta name="classification" content=(label);
                }
            }
            body {
                @if let Some(label) = marking {
                    div.marking.top role="note" { (label) }
                }
                header {
                    p.kicker { "Board pack" }
                    h1 { (pack.plan_name) }
                    p.meta {
                        "As of " strong { (pack.as_of_named) }
                        " · due before the next meeting: by " strong { (pack.until_named) }
                        " · recently completed: since " (pack.completed_since_named)
                    }
                    @if let Some(meeting) = pack.next_meeting {
                        p.meta { "Next meeting: " strong { (meeting.series.title) } " on " (uk_date(meeting.day)) }
                    }
                    @if pack.selected != pack.total {
                        p.meta { "This pack covers " (pack.selected) " of the plan's " (pack.total) " actions." }
                    }
                }
                (glance(pack))
                section.charts {
                    figure {
                        figcaption { "Actions by lead and status" }
                        (charts::status_by_lead(pack))
                    }
                    figure {
                        figcaption { "When active actions fall due" }
                        (charts::timeline(pack))
                    }
                }
                (overdue(pack, fills))
                (stale(pack, fills))
                (upcoming(pack, fills))
                (completed(pack, fills))
                (undated(pack, fills))
                (recurring(pack, fills))
                @if let Some(changes) = &pack.changes {
                    (changed(pack, changes))
                }
                @if let Some(scorecard) = &pack.scorecard {
                    (measures(scorecard))
                }
                (by_section(pack, fills))
                @if !pack.leads.is_empty() {
                    section.leads {
                        h2 { "Leads" }
                        table {
                            thead { tr { th { "Lead" } th { "Name" } } }
                            tbody {
                                @for lead in &pack.leads {
                                    tr { td { code { (lead.key) } } td { (lead.name) } }
                                }
                            }
                        }
                    }
                }
                @if let Some(label) = marking {
                    div.marking.bottom role="note" { (label) }
                }
            }
        }
    };
    page
}

/// `@page` rules that put `label` at the top and bottom of every printed
/// page. The label is one of csp's own markings, never plan text.
pub(crate) fn page_marking(label: &str) -> String {
    let style = "font-family: \"Liberation Sans\", Arial, sans-serif; font-size: 10pt; font-weight: bold; color: #b00020;";
    format!(
        "@page {{ @top-center {{ content: \"{label}\"; {style} }} @bottom-center {{ content: \"{label}\"; {style} }} }}"
    )
}

fn glance(pack: &Pack<'_>) -> Markup {
    let s = &pack.summary;
    let w = pack.window;
    html! {
        section.glance {
            h2 { "At a glance" }
            div.figures {
                div.figure.overdue { span.number { (s.total.overdue) } span.what { "overdue" } }
                div.figure.stale { span.number { (pack.stale) } span.what { "no progress note since " (uk_date(pack.stale_since)) } }
                div.figure.due { span.number { (s.total.due_soon) } span.what { "due by " (uk_date(w.until)) } }
                div.figure.done { span.number { (pack.completed.len()) } span.what { "completed since " (pack.completed_since_named) } }
                div.figure { span.number { (s.undated) } span.what { "undated" } }
                div.figure { span.number { (s.recurring) } span.what { "recurring" } }
            }
            p.counts {
                "By status: "
                @for (index, bucket) in s.status.iter().enumerate() {
                    @if index > 0 { ", " }
                    (bucket.counts.actions) " " span class=(format!("status s-{}", bucket.key)) { (bucket.label) }
                }
                " (" (pack.selected) " in all)."
            }
            p.counts {
                "By RAG rating: "
                @for (index, bucket) in s.rag.iter().enumerate() {
                    @if index > 0 { ", " }
                    @if bucket.key == "none" {
                        (bucket.counts.actions) " not rated"
                    } @else {
                        (bucket.counts.actions) " " span class=(format!("rag rag-{}", bucket.key)) { (bucket.label) }
                    }
                }
                "."
            }
            @if let Some(scorecard) = &pack.scorecard {
                @let counts = scorecard.counts;
                p.counts {
                    (crate::plural::count(counts.measures, "measure")) ": "
                    (counts.red) " " span class="rag rag-red" { "red" } ", "
                    (counts.amber) " " span class="rag rag-amber" { "amber" } ", "
                    (counts.green) " " span class="rag rag-green" { "green" } ", "
                    (counts.not_rated) " not rated; "
                    (crate::plural::count(counts.missing, "figure")) " missing."
                }
            }
        }
    }
}

/// The Measures section: per priority, a table per frequency (the same
/// recent periods as columns for every row), then each measure's chart.
fn measures(scorecard: &Scorecard<'_>) -> Markup {
    html! {
        section.measures {
            h2 { "Measures" }
            p.meta { "As of " (uk_date(scorecard.as_of)) ": " (scorecard.counts.sentence()) }
            @for group in &scorecard.groups {
                div.measure-group {
                    h3 { (group.title) }
                    @for table in &group.tables {
                        // A table and its charts on one page when they fit.
                        div.measure-block {
                            h4 { (frequency_heading(table.frequency)) }
                            (measure_table(scorecard, table))
                            div.measure-charts {
                                @for &at in &table.rows {
                                    @let one = &scorecard.measures[at];
                                    figure {
                                        figcaption { (one.measure.title) }
                                        (charts::measure_series(one))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A value with what qualifies it beneath, small: "829 incidents" over
/// "2023/24".
fn stacked(value: Option<String>, under: Option<String>) -> Markup {
    html! {
        @match value {
            Some(value) => {
                (value)
                @if let Some(under) = under.filter(|text| !text.is_empty()) {
                    br; span.under { (under) }
                }
            }
            None => span.none { "—" },
        }
    }
}

fn measure_table(scorecard: &Scorecard<'_>, table: &FrequencyTable) -> Markup {
    html! {
        table.measures {
            colgroup {
                col style="width: 20%";
                col style="width: 7.5%";
                @for _ in &table.periods { col style=(format!("width: {:.1}%", 28.0 / table.periods.len().max(1) as f64)); }
                col style="width: 8%";
                col style="width: 10%";
                col style="width: 8%";
                col style="width: 10.5%";
                col style="width: 8%";
            }
            thead {
                tr {
                    th { "Measure" }
                    th.number { "Baseline" }
                    @for period in &table.periods {
                        @let (first, second) = period_lines(*period);
                        th.number { (first) @if !second.is_empty() { br; (second) } }
                    }
                    th.number { "Year to date" }
                    th.number { "Target" }
                    th { "RAG" }
                    th { "Direction" }
                    th { "Missing" }
                }
            }
            tbody {
                @for &at in &table.rows {
                    @let one = &scorecard.measures[at];
                    @let measure = one.measure;
                    tr {
                        td.action {
                            span.title { (measure.title) }
                            span.lead-name { (one.lead_names) }
                            span.reading { (one.reading()) }
                        }
                        td.number {
                            (stacked(
                                measure.baseline.as_ref().map(|b| one.short(b.value)),
                                measure.baseline.as_ref().map(|b| b.period.to_string()),
                            ))
                        }
                        @for period in &table.periods {
                            td.number {
                                @match one.figure(*period) {
                                    PeriodFigure::Value(value, note) => {
                                        (stacked(Some(one.short(value)), note.map(String::from)))
                                    }
                                    PeriodFigure::NotReceived => span.missing { "not received" },
                                    PeriodFigure::NotYetDue(day) => span.under { "due " (uk_date(day)) },
                                    PeriodFigure::Blank => span.none { "—" },
                                }
                            }
                        }
                        td.number { (stacked(one.row.ytd.map(|v| one.short(v)), one.row.year.clone())) }
                        td.number { (stacked(one.row.target.map(|v| one.short(v)), one.row.target_basis.clone())) }
                        td {
                            @match one.row.rag {
                                Some(rag) => span class=(format!("rag chip rag-{rag}")) { (rag) },
                                None => span.none { "—" },
                            }
                        }
                        td {
                            @match one.row.direction {
                                Some(direction) => span.direction { (direction.arrow()) " " (direction.words()) },
                                None => span.none { "—" },
                            }
                        }
                        td {
                            @if one.row.missing.is_empty() {
                                span.none { "—" }
                            } @else {
                                @for text in one.missing_text() {
                                    span.missing { (text) } br;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn status(entry: &Entry<'_>) -> Markup {
    let status = entry.action.status;
    html! { span class=(format!("status s-{status}")) { (status) } }
}

fn rag(entry: &Entry<'_>) -> Markup {
    html! {
        @match entry.action.rag {
            Some(rag) => span class=(format!("rag rag-{rag}")) { (rag) },
            None => span.none { "—" },
        }
    }
}

fn action_cell(entry: &Entry<'_>) -> Markup {
    html! { td.action { (entry.action.title) } }
}

/// The title, with the shortest part of the id that names it alone beneath
/// it: what `csp show` takes, as in the reading commands' tables.
fn action_cell_with_id(entry: &Entry<'_>) -> Markup {
    html! {
        td.action {
            span.title { (entry.action.title) }
            span.id { (entry.short_id()) }
        }
    }
}

/// The bodies leading an action, by name: a board reads names, not keys.
fn leads(pack: &Pack<'_>, entry: &Entry<'_>) -> String {
    pack.lead_names(&entry.action.lead)
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".into())
}

fn overdue<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    html! {
        section.overdue {
            h2 { "Overdue by lead" }
            @if pack.overdue_by_lead.is_empty() {
                p.empty { "Nothing is overdue as of " (uk_date(pack.window.as_of)) "." }
            }
            @for group in &pack.overdue_by_lead {
                div.group {
                    h3 { (group.name) " " span.key { "(" (group.key) ")" } span.count { (group.entries.len()) " overdue" } }
                    table {
                        thead { tr { th { "Action" } th.date { "Due" } th.date { "Late" } th { "Status" } th { "RAG" } } }
                        tbody { (fills.place(Fill::Rows(&group.entries, overdue_row))) }
                    }
                }
            }
        }
    }
}

fn overdue_row(_: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.date { (or_dash(entry.due_text())) }
            td.date.late { (or_dash(entry.distance())) }
            td { (status(entry)) }
            td { (rag(entry)) }
        }
    }
}

fn stale<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    let since = uk_date(pack.stale_since);
    html! {
        section.stale {
            h2 { "No progress note since " (since) " (" (pack.stale) ")" }
            @if pack.stale_by_lead.is_empty() {
                p.empty { "Every action still to do has a progress note since " (since) "." }
            }
            @for group in &pack.stale_by_lead {
                div.group {
                    h3 { (group.name) " " span.key { "(" (group.key) ")" } span.count { (group.entries.len()) " without a note" } }
                    table {
                        thead { tr { th { "Action" } th.date { "Last note" } th.date { "Due" } th { "Status" } th { "RAG" } } }
                        tbody { (fills.place(Fill::Rows(&group.entries, stale_row))) }
                    }
                }
            }
        }
    }
}

fn stale_row(_: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.date { (entry.last_update().map_or_else(|| "none".into(), uk_date)) }
            td.date { (or_dash(entry.due_text())) }
            td { (status(entry)) }
            td { (rag(entry)) }
        }
    }
}

fn upcoming<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    let until = uk_date(pack.window.until);
    html! {
        section.upcoming {
            h2 { "Due by " (until) }
            @if pack.upcoming.is_empty() {
                p.empty { "Nothing falls due from " (uk_date(pack.window.as_of)) " to " (until) "." }
            } @else {
                table {
                    thead { tr { th { "Action" } th { "Lead" } th.date { "Due" } th.date { "When" } th { "Status" } th { "RAG" } } }
                    tbody { (fills.place(Fill::Rows(&pack.upcoming, upcoming_row))) }
                }
            }
        }
    }
}

fn upcoming_row(pack: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.lead { (leads(pack, entry)) }
            td.date { (or_dash(entry.due_text())) }
            td.date { (or_dash(entry.distance())) }
            td { (status(entry)) }
            td { (rag(entry)) }
        }
    }
}

fn completed<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    let since = &pack.completed_since_named;
    html! {
        section.completed {
            h2 { "Completed since " (since) }
            @if pack.completed.is_empty() {
                p.empty { "Nothing was recorded as completed since " (since) "." }
            } @else {
                table {
                    thead { tr { th { "Action" } th { "Lead" } th.date { "Completed" } th { "Status" } } }
                    tbody { (fills.place(Fill::Rows(&pack.completed, completed_row))) }
                }
            }
        }
    }
}

fn completed_row(pack: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.lead { (leads(pack, entry)) }
            td.date { (or_dash(entry.action.completed.map(uk_date))) }
            td { (status(entry)) }
        }
    }
}

fn undated<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    html! {
        section.undated {
            h2 { "Undated" }
            @if pack.undated.is_empty() {
                p.empty { "Every action still to do has a due date." }
            } @else {
                table {
                    thead { tr { th { "Action" } th { "Lead" } th { "Timescale" } th { "Status" } } }
                    tbody { (fills.place(Fill::Rows(&pack.undated, undated_row))) }
                }
            }
        }
    }
}

fn undated_row(pack: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.lead { (leads(pack, entry)) }
            td { (or_dash(entry.action.timescale.as_deref().map(String::from))) }
            td { (status(entry)) }
        }
    }
}

fn recurring<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    html! {
        section.recurring {
            h2 { "Recurring" }
            @if pack.recurring.is_empty() {
                p.empty { "No action recurs." }
            } @else {
                table {
                    thead { tr { th { "Action" } th { "Lead" } th { "Every" } th.date { "Last done" } th.date { "Next due" } } }
                    tbody { (fills.place(Fill::Rows(&pack.recurring, recurring_row))) }
                }
            }
        }
    }
}

fn recurring_row(pack: &Pack<'_>, entry: &Entry<'_>) -> Markup {
    html! {
        tr {
            (action_cell(entry))
            td.lead { (leads(pack, entry)) }
            td.date { (or_dash(entry.action.every.map(crate::dates::Period::every_text))) }
            td.date { (or_dash(entry.action.completed.map(uk_date))) }
            td.date { (or_dash(entry.due_text())) }
        }
    }
}

fn field(change: &FieldChange, slips: u32) -> Markup {
    html! {
        @if change.field == "update" && change.after.is_none() {
            li { "update removed: " (change.before.clone().unwrap_or_default()) }
        } @else {
            li {
                span.field { (change.field) ": " }
                @match &change.before { Some(before) => del { (before) }, None => span.none { "(none)" } }
                " → "
                @match &change.after { Some(after) => ins { (after) }, None => span.none { "(none)" } }
                @if let Some(note) = &change.note { " (" (note) ")" }
                @if change.field == "due" && slips > 0 {
                    ", " strong.slips { (crate::render::changes::slip_times(slips)) }
                }
            }
        }
    }
}

fn update(update: &Update) -> Markup {
    html! { li { span.field { "new update, " (uk_date(update.date)) ": " } (update.text) } }
}

fn changed(pack: &Pack<'_>, changes: &ChangeSet) -> Markup {
    html! {
        section.changes {
            h2 { "Changed since the last meeting" }
            p.meta { "Changes " (crate::render::changes::span_plainly(changes)) "." }
            @if changes.is_empty() {
                p.empty { "No action was added, removed or changed." }
            }
            @if !changes.added.is_empty() {
                h3 { "Added (" (changes.added.len()) ")" }
                ul {
                    @for action in &changes.added {
                        li { strong { (action.title) } " " span.id { (action.id) } ": lead " (pack.lead_names(&action.lead))
                            @if let Some(due) = &action.due { ", due " (due) } }
                    }
                }
            }
            @if !changes.removed.is_empty() {
                h3 { "Removed (" (changes.removed.len()) ")" }
                ul {
                    @for action in &changes.removed {
                        li { strong { (action.title) } " " span.id { (action.id) } }
                    }
                }
            }
            @if !changes.moved.is_empty() {
                h3 { "Moved (" (changes.moved.len()) ")" }
                ul {
                    @for moved in &changes.moved {
                        li { strong { (moved.title) } " " span.id { (moved.from) } " → " span.id { (moved.to) }
                            @if !moved.changes.is_empty() || !moved.new_updates.is_empty() {
                                ul {
                                    @for change in &moved.changes { (field(change, 0)) }
                                    @for u in &moved.new_updates { (update(u)) }
                                }
                            }
                        }
                    }
                }
            }
            @if !changes.changed.is_empty() {
                h3 { "Changed (" (changes.changed.len()) ")" }
                ul {
                    @for item in &changes.changed {
                        li { strong { (item.title) } " " span.id { (item.id) }
                            ul {
                                @for change in &item.changes { (field(change, item.slips)) }
                                @for u in &item.new_updates { (update(u)) }
                            }
                        }
                    }
                }
            }
            @if !changes.slipping.is_empty() {
                h3 { "Deadlines pushed back" }
                table {
                    thead { tr { th { "Action" } th.number { "Times" } th { "Due dates" } } }
                    tbody {
                        @for slipping in &changes.slipping {
                            tr {
                                td.action { span.title { (slipping.title) } span.id { (slipping.id) } }
                                td.number { (slipping.slips) }
                                td { (slipping.dues.join(" → ")) }
                            }
                        }
                    }
                }
            }
            @if !changes.measures.is_empty() {
                h3 { "Measures (" (changes.measures.len()) ")" }
                ul {
                    @for measure in &changes.measures.added {
                        li { strong { (measure.title) } " " span.id { (measure.id) } ": new measure, lead " (pack.lead_names(&measure.lead)) }
                    }
                    @for measure in &changes.measures.removed {
                        li { strong { (measure.title) } " " span.id { (measure.id) } ": removed" }
                    }
                    @for measure in &changes.measures.changed {
                        li { strong { (measure.title) } " " span.id { (measure.id) }
                            ul { @for line in measure.lines() { li { (line) } } }
                        }
                    }
                }
            }
            p.footnote { "Revisions compared: " (crate::render::changes::span(changes)) "." }
        }
    }
}

fn by_section<'p>(pack: &'p Pack<'p>, fills: &Fills<'p>) -> Markup {
    html! {
        section.plan {
            h2 { "The plan by section" }
            (fills.place(Fill::Sections(&pack.sections)))
        }
    }
}

fn section_part(pack: &Pack<'_>, part: &SectionPart<'_>) -> Markup {
    html! {
        div class=(format!("part depth-{}", part.depth.min(2))) {
            @if part.depth == 0 {
                h3 { (part.title) }
            } @else {
                h4 { (part.title) }
            }
            @if !part.entries.is_empty() {
                table.sections {
                    colgroup {
                        col style="width: 36%";
                        col style="width: 15%";
                        col style="width: 12%";
                        col style="width: 11%";
                        col style="width: 8%";
                        col style="width: 18%";
                    }
                    thead { tr { th { "Action" } th { "Lead" } th.date { "Next due" } th { "Status" } th { "RAG" } th { "Latest update" } } }
                    tbody {
                        @for entry in &part.entries {
                            tr class=[entry.overdue().then_some("is-overdue")] {
                                (action_cell_with_id(entry))
                                td.lead { (leads(pack, entry)) }
                                td.date {
                                    (or_dash(entry.due_text()))
                                    @if let Some(distance) = entry.distance() {
                                        br; span.distance { (distance) }
                                    }
                                }
                                td { (status(entry)) }
                                td { (rag(entry)) }
                                td.update {
                                    @if let Some(update) = entry.action.latest_update() {
                                        span.when { (uk_date(update.date)) } " " (update.text)
                                    } @else {
                                        span.none { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::dates::Due;
    use crate::disclosure::Disclosure;
    use crate::model::{Action, Manifest, Plan, Status};
    use crate::view::pack::Window;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    /// Enough actions for several chunks of every kind of table: overdue,
    /// due soon, completed, undated, in seven sections. Every place the
    /// skeleton leaves is filled, in order, with every entry's row.
    #[test]
    fn every_place_in_the_skeleton_is_filled_with_every_row_in_order() {
        let actions = (0..5_000)
            .map(|index| {
                let mut action = Action::for_test(&format!("part-{}/a-{index:05}", index % 7));
                action.title = format!("Action {index:05}").into();
                match index % 4 {
                    0 => action.due = Some(Due::Day(day("2023-01-31"))),
                    1 => action.due = Some(Due::Day(day("2024-01-10"))),
                    2 => {
                        action.status = Status::Done;
                        action.completed = Some(day("2023-12-20"));
                    }
                    _ => {}
                }
                action
            })
            .collect();
        let plan = Plan {
            root: "plan".into(),
            manifest: Manifest::default(),
            actions,
            measures: Vec::new(),
        };
        let selected: Vec<&Action> = plan.actions.iter().collect();
        let window = Window {
            as_of: day("2024-01-01"),
            until: day("2024-01-31"),
            meeting: None,
            since_meeting: None,
            completed_since: day("2023-12-01"),
        };
        let disclosure = Disclosure {
            include_sensitive: false,
        };
        let pack = Pack::build(&plan, &selected, window, None, disclosure);
        let mut out = Vec::new();
        assert!(write_to(&pack, &mut out).is_ok());
        let html = String::from_utf8(out).unwrap_or_default();

        assert!(!html.contains(FILL_HERE));
        assert!(html.ends_with("</body></html>"));
        let tables: Vec<&[Entry<'_>]> = pack
            .overdue_by_lead
            .iter()
            .chain(&pack.stale_by_lead)
            .map(|group| group.entries.as_slice())
            .chain([
                pack.upcoming.as_slice(),
                pack.completed.as_slice(),
                pack.undated.as_slice(),
            ])
            .chain(pack.sections.iter().map(|part| part.entries.as_slice()))
            .collect();
        let rows: usize = tables.iter().map(|entries| entries.len()).sum();
        assert!(pack.overdue_by_lead[0].entries.len() > CHUNK_ROWS * 2);
        assert!(pack.sections.len() > CHUNK_SECTIONS / 8);
        // One header row per table, then a row per entry.
        assert_eq!(
            html.matches("<tr").count(),
            html.matches("<thead>").count() + rows
        );
        // The overdue table's rows, in the pack's order.
        let overdue: Vec<usize> = pack.overdue_by_lead[0]
            .entries
            .iter()
            .filter_map(|entry| html.find(&format!(">{}<", entry.action.title)))
            .collect();
        assert_eq!(overdue.len(), pack.overdue_by_lead[0].entries.len());
        assert!(overdue.is_sorted());
    }
}
