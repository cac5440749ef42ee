//! The pack's pictures as inline SVG: drawn from the pack's numbers, with
//! no script and nothing fetched, so they print and archive with the page.

use chrono::Datelike;
use maud::{Markup, html};

use crate::dates::uk_date;
use crate::view::pack::{Bar, LeadStatus, MonthCount, Pack};
use crate::view::scorecard::{PeriodFigure, Scored, period_lines};

const WIDTH: u32 = 720;

/// Fill colours, chosen to stay apart in greyscale print too.
pub fn bar_colour(bar: Bar) -> &'static str {
    match bar {
        Bar::Overdue => "#c62828",
        Bar::Open => "#90a4ae",
        Bar::InProgress => "#1e88e5",
        Bar::Blocked => "#f57c00",
        Bar::Done => "#2e7d32",
        Bar::Dropped => "#d7ccc8",
    }
}

/// A horizontal stacked bar per lead: its actions by status, overdue split out.
pub fn status_by_lead(pack: &Pack<'_>) -> Markup {
    const LABEL: u32 = 150;
    const ROW: u32 = 20;
    const TOP: u32 = 34;
    let rows = &pack.lead_status;
    let most = rows
        .iter()
        .map(crate::view::pack::LeadStatus::total)
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = WIDTH - LABEL - 40;
    let height = TOP + ROW * u32::try_from(rows.len()).unwrap_or(0) + 8;
    let scale = |count: usize| -> f64 { count as f64 * f64::from(plot) / most as f64 };
    let description = format!(
        "Bar chart: actions by status for each of {} leads",
        rows.len()
    );
    html! {
        svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {height}")) aria-label=(description) {
            title { (description) }
            @for (index, bar) in Bar::ALL.iter().enumerate() {
                @let x = LABEL + u32::try_from(index).unwrap_or(0) * 92;
                rect x=(x) y="6" width="12" height="12" rx="2" fill=(bar_colour(*bar)) {}
                text x=(x + 16) y="16" class="legend" { (bar.label()) }
            }
            @for (index, row) in rows.iter().enumerate() {
                @let y = TOP + u32::try_from(index).unwrap_or(0) * ROW;
                text x=(LABEL - 6) y=(y + 13) text-anchor="end" class="label" {
                    title { (pack.lead_name(row.key)) }
                    (row.key)
                }
                @let segments = segments(row, f64::from(LABEL), scale);
                @for (x, width, count, bar) in &segments {
                    rect x=(format!("{x:.1}")) y=(y + 2) width=(format!("{width:.1}")) height=(ROW - 5)
                        fill=(bar_colour(*bar)) {
                        title { (format!("{}: {count} {}", row.key, bar.label())) }
                    }
                    @if *width >= 16.0 {
                        text x=(format!("{:.1}", x + width / 2.0)) y=(y + 13) text-anchor="middle"
                            class=(if matches!(bar, Bar::Dropped | Bar::Open) { "in-bar dark" } else { "in-bar" }) {
                            (count)
                        }
                    }
                }
                @let end = segments.last().map_or(f64::from(LABEL), |(x, width, _, _)| x + width);
                text x=(format!("{:.1}", end + 5.0)) y=(y + 13) class="total" { (row.total()) }
            }
        }
    }
}

/// Where each non-empty status sits along a lead's bar: (x, width, count, bar).
fn segments(
    row: &LeadStatus<'_>,
    start: f64,
    scale: impl Fn(usize) -> f64,
) -> Vec<(f64, f64, usize, Bar)> {
    let mut x = start;
    let mut segments = Vec::new();
    for bar in Bar::ALL {
        let count = row.count(bar);
        if count > 0 {
            let width = scale(count);
            segments.push((x, width, count, bar));
            x += width;
        }
    }
    segments
}

/// One part of a column: a count and its colour.
type Part = (usize, &'static str);

const OVERDUE: &str = "#c62828";
const DUE_BY_UNTIL: &str = "#f9a825";
const DUE_AFTER: &str = "#78909c";
const LATER: &str = "#b0bec5";

/// The parts of a column from the axis up: (count, how far up it starts,
/// its height, colour).
fn stacked<'c>(
    parts: &[(usize, &'c str)],
    bar_height: &dyn Fn(usize) -> f64,
) -> Vec<(usize, f64, f64, &'c str)> {
    let mut bottom = 0.0;
    parts
        .iter()
        .map(|&(count, colour)| {
            let height = bar_height(count);
            let part = (count, bottom, height, colour);
            bottom += height;
            part
        })
        .collect()
}

/// What a part of a column counts, for its tooltip.
fn part_name(colour: &str, until: chrono::NaiveDate) -> String {
    match colour {
        OVERDUE => "overdue".into(),
        DUE_BY_UNTIL => format!("due by {}", uk_date(until)),
        DUE_AFTER => format!("due after {}", uk_date(until)),
        _ => "due later".into(),
    }
}

/// Columns of how many active actions fall due each month from the meeting
/// on, with what is already late first and what is further out last. Months
/// before the next meeting stand out, and a line marks the meeting's day.
pub fn timeline(pack: &Pack<'_>) -> Markup {
    const TOP: u32 = 34;
    const PLOT: u32 = 130;
    const LEFT: u32 = 10;
    let timeline = &pack.timeline;
    let columns = timeline.months.len() + 2;
    let gap = 8.0;
    let column = (f64::from(WIDTH - 2 * LEFT) - gap * (columns as f64 - 1.0)) / columns as f64;
    let most = timeline
        .months
        .iter()
        .map(MonthCount::due)
        .chain([timeline.overdue, timeline.later])
        .max()
        .unwrap_or(0)
        .max(1);
    let height = TOP + PLOT + 40;
    let base = f64::from(TOP + PLOT);
    let x_of = |index: usize| f64::from(LEFT) + index as f64 * (column + gap);
    let bar_height = |count: usize| count as f64 * f64::from(PLOT - 16) / most as f64;
    let until = pack.window.until;
    // Where a day falls within its month's column, if the chart shows it.
    let x_of_day = |day: chrono::NaiveDate| {
        let month = crate::dates::YearMonth::of(day);
        timeline
            .months
            .iter()
            .position(|m| m.month == month)
            .map(|index| {
                let days = f64::from(month.last_day().day());
                x_of(index + 1) + column * f64::from(day.day()) / days
            })
    };
    let meetings: Vec<(f64, &str)> = timeline
        .meetings
        .iter()
        .filter_map(|meeting| x_of_day(meeting.day).map(|x| (x, meeting.label.as_str())))
        .collect();
    // Where the day `until` falls within its month's column.
    let marker = x_of_day(until);
    let description = format!(
        "Column chart: active actions by month due, from {} on",
        uk_date(pack.window.as_of)
    );
    // Each column: its label, year, and parts stacked from the axis up
    // (count, colour). A month holding `until` has two parts: due by it,
    // due after it.
    let mut bars: Vec<(String, String, Vec<Part>)> = Vec::new();
    bars.push((
        "Overdue".into(),
        String::new(),
        vec![(timeline.overdue, OVERDUE)],
    ));
    for month in &timeline.months {
        let first = month.month.first_day();
        bars.push((
            first.format("%b").to_string(),
            first.format("%Y").to_string(),
            vec![
                (month.by_until, DUE_BY_UNTIL),
                (month.after_until, DUE_AFTER),
            ],
        ));
    }
    bars.push(("Later".into(), String::new(), vec![(timeline.later, LATER)]));
    html! {
        svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {height}")) aria-label=(description) {
            title { (description) }
            rect x=(LEFT) y="6" width="12" height="12" rx="2" fill=(OVERDUE) {}
            text x=(LEFT + 16) y="16" class="legend" { "overdue" }
            rect x=(LEFT + 92) y="6" width="12" height="12" rx="2" fill=(DUE_BY_UNTIL) {}
            text x=(LEFT + 108) y="16" class="legend" { "due by " (uk_date(until)) }
            rect x=(LEFT + 250) y="6" width="12" height="12" rx="2" fill=(DUE_AFTER) {}
            text x=(LEFT + 266) y="16" class="legend" { "due after" }
            line x1=(LEFT) y1=(format!("{base:.1}")) x2=(WIDTH - LEFT) y2=(format!("{base:.1}")) class="axis" {}
            @for (index, (label, year, parts)) in bars.iter().enumerate() {
                @let x = x_of(index);
                @let count: usize = parts.iter().map(|(n, _)| n).sum();
                @let h = bar_height(count);
                @for (part, bottom, part_height, colour) in stacked(parts, &bar_height) {
                    @if part > 0 {
                        rect x=(format!("{x:.1}")) y=(format!("{:.1}", base - bottom - part_height)) width=(format!("{column:.1}"))
                            height=(format!("{part_height:.1}")) fill=(colour) {
                            title { (format!("{label} {year}: {part} {}", part_name(colour, until))) }
                        }
                    }
                }
                text x=(format!("{:.1}", x + column / 2.0)) y=(format!("{:.1}", base - h - 4.0))
                    text-anchor="middle" class="total" { (count) }
                text x=(format!("{:.1}", x + column / 2.0)) y=(format!("{:.1}", base + 14.0))
                    text-anchor="middle" class="label" { (label) }
                text x=(format!("{:.1}", x + column / 2.0)) y=(format!("{:.1}", base + 27.0))
                    text-anchor="middle" class="year" { (year) }
            }
            @if !meetings.is_empty() {
                path d=(format!("M{} 7 l6 0 l-3 10 z", LEFT + 380)) class="meeting" {}
                text x=(LEFT + 392) y="16" class="legend" { "meeting" }
            }
            @for (x, label) in &meetings {
                // A small tick on the axis, with the meeting as its tooltip.
                g class="meeting" {
                    title { (label) }
                    path d=(format!("M{:.1} {:.1} l3 -8 l-6 0 z", x, base)) {}
                    line x1=(format!("{x:.1}")) y1=(format!("{base:.1}")) x2=(format!("{x:.1}")) y2=(format!("{:.1}", base + 5.0)) {}
                }
            }
            @if let Some(x) = marker {
                line x1=(format!("{x:.1}")) y1=(TOP) x2=(format!("{x:.1}")) y2=(format!("{base:.1}")) class="marker" {}
                text x=(format!("{:.1}", x - 3.0)) y=(TOP + 8) text-anchor="end" class="marker-label" {
                    (uk_date(until))
                }
            }
        }
    }
}

/// A nice round number at or above `value` (> 0): 1, 2, 2.5 or 5 times a
/// power of ten, for an axis's top.
fn nice_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|top| *top >= value * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// One measure's recent periods against their targets: a column per
/// period (its figure printed above it), a dashed mark for each period's
/// target ([`crate::performance::period_target`]), and the periods without
/// a figure said in words, so that it reads in black and white. Drawn
/// small, three across an A4 page; the description says every number for
/// a screen reader.
pub fn measure_series(one: &Scored<'_>) -> Markup {
    const WIDTH: f64 = 200.0;
    const HEIGHT: f64 = 134.0;
    const LEFT: f64 = 38.0;
    const RIGHT: f64 = 4.0;
    const TOP: f64 = 30.0;
    const BASE: f64 = 100.0;
    let measure = one.measure;
    let unit_word = one.unit_word();
    let short = |value: f64| one.short(value);
    let points = &one.series;
    let values = points
        .iter()
        .filter_map(|point| match one.figure(point.period) {
            PeriodFigure::Value(value, _) => Some(value),
            _ => None,
        })
        .chain(points.iter().filter_map(|point| point.target));
    let (low, high) = values.fold((0.0f64, 0.0f64), |(low, high), v| (low.min(v), high.max(v)));
    let top = nice_ceiling(high);
    let bottom = if low < 0.0 { -nice_ceiling(-low) } else { 0.0 };
    let y_of = |value: f64| BASE - (value - bottom) / (top - bottom) * (BASE - TOP);
    let slot = (WIDTH - LEFT - RIGHT) / points.len().max(1) as f64;
    let ticks = [bottom, f64::midpoint(bottom, top), top];
    let description = {
        let parts: Vec<String> = points
            .iter()
            .map(|point| {
                let figure = match one.figure(point.period) {
                    PeriodFigure::Value(value, _) => measure.show(value),
                    PeriodFigure::NotReceived => "not received".into(),
                    PeriodFigure::NotYetDue(day) => format!("not due until {}", uk_date(day)),
                    PeriodFigure::Blank => "no figure".into(),
                };
                match point.target {
                    Some(target) => format!(
                        "{}: {figure}, target {}",
                        point.period,
                        measure.show(target)
                    ),
                    None => format!("{}: {figure}", point.period),
                }
            })
            .collect();
        format!(
            "Column chart of {}, {} better, against its target: {}",
            measure.title,
            measure.better.name(),
            parts.join("; ")
        )
    };
    html! {
        svg class="chart measure-chart" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) aria-label=(description) {
            title { (description) }
            rect x=(LEFT) y="5" width="9" height="9" class="bar key" {}
            text x=(LEFT + 12.0) y="13" class="legend" { "figure" }
            line x1=(LEFT + 52.0) y1="9.5" x2=(LEFT + 70.0) y2="9.5" class="target-key" {}
            text x=(LEFT + 74.0) y="13" class="legend" { "target" }
            @if let Some(word) = unit_word {
                text x="2" y=(TOP - 8.0) class="unit" { (word) }
            }
            @for tick in ticks {
                @let y = y_of(tick);
                line x1=(LEFT) y1=(format!("{y:.1}")) x2=(WIDTH - RIGHT) y2=(format!("{y:.1}")) class="grid" {}
                text x=(LEFT - 3.0) y=(format!("{:.1}", y + 3.0)) text-anchor="end" class="tick" { (short(tick)) }
            }
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(BASE) class="axis" {}
            line x1=(LEFT) y1=(format!("{:.1}", y_of(0.0))) x2=(WIDTH - RIGHT) y2=(format!("{:.1}", y_of(0.0))) class="axis" {}
            @for (index, point) in points.iter().enumerate() {
                @let middle = LEFT + slot * (index as f64 + 0.5);
                @let (first, second) = period_lines(point.period);
                @match one.figure(point.period) {
                    PeriodFigure::Value(value, _) => {
                        @let (y, height) = if value >= 0.0 {
                            (y_of(value), y_of(0.0) - y_of(value))
                        } else {
                            (y_of(0.0), y_of(value) - y_of(0.0))
                        };
                        rect x=(format!("{:.1}", middle - slot * 0.28)) y=(format!("{y:.1}"))
                            width=(format!("{:.1}", slot * 0.56)) height=(format!("{height:.1}")) class="bar" {
                            title { (point.period) ": " (measure.show(value)) }
                        }
                        // Above the column, and above its target mark
                        // when that would run through the figure.
                        @let top_of_bar = y_of(value.max(0.0));
                        @let above = match point.target.map(y_of) {
                            Some(target) if target < top_of_bar && top_of_bar - target < 12.0 => target,
                            _ => top_of_bar,
                        };
                        text x=(format!("{middle:.1}")) y=(format!("{:.1}", above - 3.0))
                            text-anchor="middle" class="value" { (short(value)) }
                    }
                    PeriodFigure::NotReceived => {
                        text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE - 14.0)) text-anchor="middle" class="gap" { "not" }
                        text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE - 4.0)) text-anchor="middle" class="gap" { "received" }
                    }
                    PeriodFigure::NotYetDue(_) => {
                        text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE - 14.0)) text-anchor="middle" class="gap" { "not yet" }
                        text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE - 4.0)) text-anchor="middle" class="gap" { "due" }
                    }
                    PeriodFigure::Blank => {}
                }
                @if let Some(target) = point.target {
                    @let y = y_of(target);
                    line x1=(format!("{:.1}", middle - slot * 0.42)) y1=(format!("{y:.1}"))
                        x2=(format!("{:.1}", middle + slot * 0.42)) y2=(format!("{y:.1}")) class="target" {
                        title { (point.period) " target: " (measure.show(target)) }
                    }
                }
                text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE + 12.0)) text-anchor="middle" class="label" { (first) }
                text x=(format!("{middle:.1}")) y=(format!("{:.1}", BASE + 23.0)) text-anchor="middle" class="year" { (second) }
            }
        }
    }
}
