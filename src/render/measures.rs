//! The measure screens in every form: `csp measures` (a table with the
//! direction as arrows, JSON, CSV, Markdown) and `csp show MEASURE` (its
//! fields, its figures, a small bar chart against the target, where it
//! stands). JSON is the rows' own serialisation, the contract.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::printable;
use super::table::{Screen, bold, fitted_table, right_align, styled, trim_lines};
use crate::dates::uk_date;
use crate::model::Rag;
use crate::model::measure::{plain_number, with_unit};
use crate::performance::Direction;
use crate::view::measure::MeasureRow;
use crate::view::{MeasureDetail, MeasureListing};

/// What a table or Markdown shows for a value that is not there: as an
/// action's unset field.
const NONE: &str = crate::view::UNSET;

/// The columns of a `csp measures` CSV record: the JSON field names, in
/// order, lists joined by "; ". Columns added later go at the end.
pub const MEASURE_HEADERS: [&str; 22] = [
    "id",
    "title",
    "lead",
    "unit",
    "better",
    "frequency",
    "aggregate",
    "priority",
    "latest_period",
    "latest_value",
    "latest_note",
    "year",
    "ytd",
    "ytd_periods",
    "target",
    "target_basis",
    "year_target",
    "rag",
    "direction",
    "direction_year",
    "missing",
    "marking",
];

/// The legend under a table or chart of arrows.
pub const DIRECTION_LEGEND: &str = "DoT (direction of travel): against the period before, then the same period a year before;\n▲ improving, ▼ worsening, ► no change, — no figure to compare";

fn value(row: &MeasureRow, number: Option<f64>) -> String {
    number.map_or_else(|| NONE.into(), |n| with_unit(n, row.unit.as_deref()))
}

fn arrow(direction: Option<Direction>) -> &'static str {
    direction.map_or(NONE, Direction::arrow)
}

fn rag_name(rag: Option<Rag>) -> &'static str {
    rag.map_or(NONE, Rag::name)
}

fn rag_colour(rag: Option<Rag>) -> Option<Color> {
    match rag? {
        Rag::Red => Some(Color::Red),
        Rag::Amber => Some(Color::Yellow),
        Rag::Green => Some(Color::Green),
    }
}

fn missing_text(row: &MeasureRow) -> String {
    if row.missing.is_empty() {
        NONE.into()
    } else {
        row.missing.join(", ")
    }
}

fn title_text(row: &MeasureRow) -> String {
    match row.marking {
        Some(marking) => format!("{} [{marking}]", row.title),
        None => row.title.clone(),
    }
}

/// A figure in a narrow column: `%` and `£` placed, other units left to
/// the latest figure's column.
fn bare(row: &MeasureRow, number: Option<f64>) -> String {
    match (number, row.unit.as_deref()) {
        (None, _) => NONE.into(),
        (Some(n), unit @ Some("%" | "£")) => with_unit(n, unit),
        (Some(n), _) => with_unit(n, None),
    }
}

/// Both directions in one narrow cell: against the period before, then
/// against the same period a year before.
fn arrows(row: &MeasureRow) -> String {
    format!("{} {}", arrow(row.direction), arrow(row.direction_year))
}

/// `csp measures` as a table: one row per measure (the latest figure
/// above its period), RAG coloured on a colour terminal; then the missing
/// figures, one line a measure, and the legend of arrows.
pub fn listing_table(listing: &MeasureListing, screen: Screen) -> String {
    if listing.rows.is_empty() {
        return format!("{}\n", listing.empty_message());
    }
    let headers = ["ID", "Measure", "Latest", "YTD", "Target", "RAG", "DoT"];
    let prose = [false, true, false, false, false, false, false];
    let cells = listing
        .rows
        .iter()
        .map(|row| {
            let latest = match &row.latest_period {
                Some(period) => format!("{}\n{period}", value(row, row.latest_value)),
                None => NONE.into(),
            };
            vec![
                printable(&row.id).into_owned(),
                printable(&title_text(row)).into_owned(),
                latest,
                bare(row, row.ytd),
                bare(row, row.target),
                rag_name(row.rag).into(),
                arrows(row),
            ]
        })
        .collect();
    let rows = &listing.rows;
    let table = fitted_table(&headers, &prose, cells, screen, |at, index, cell| {
        match (at, rag_colour(rows[index].rag)) {
            (5, Some(colour)) => cell.fg(colour),
            _ => cell,
        }
    });
    let mut out = format!("{}\n{table}\n", listing.caption());
    let missing: Vec<&MeasureRow> = rows.iter().filter(|row| !row.missing.is_empty()).collect();
    if !missing.is_empty() {
        out.push_str(&format!("{}:\n", bold("Missing figures", screen)));
        for row in missing {
            out.push_str(&format!(
                "  {}: {}\n",
                printable(&row.id),
                row.missing.join(", ")
            ));
        }
    }
    out.push_str(DIRECTION_LEGEND);
    out.push('\n');
    out
}

/// One CSV record per measure.
pub fn listing_csv(listing: &MeasureListing) -> anyhow::Result<String> {
    let optional = |number: Option<f64>| number.map(plain_number).unwrap_or_default();
    super::csv::write(
        &MEASURE_HEADERS,
        listing.rows.iter().map(|row| {
            vec![
                row.id.clone(),
                row.title.clone(),
                row.lead.join("; "),
                row.unit.clone().unwrap_or_default(),
                row.better.into(),
                row.frequency.into(),
                row.aggregate.into(),
                row.priority
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                row.latest_period.clone().unwrap_or_default(),
                optional(row.latest_value),
                row.latest_note.clone().unwrap_or_default(),
                row.year.clone().unwrap_or_default(),
                optional(row.ytd),
                row.ytd_periods.to_string(),
                optional(row.target),
                row.target_basis.clone().unwrap_or_default(),
                optional(row.year_target),
                row.rag.map(Rag::name).unwrap_or_default().into(),
                row.direction
                    .map(Direction::name)
                    .unwrap_or_default()
                    .into(),
                row.direction_year
                    .map(Direction::name)
                    .unwrap_or_default()
                    .into(),
                row.missing.join("; "),
                row.marking.unwrap_or_default().into(),
            ]
        }),
    )
}

/// `csp measures` as a Markdown table, with the legend under it.
pub fn listing_markdown(listing: &MeasureListing) -> String {
    if listing.rows.is_empty() {
        return format!("{}.\n", capitalised(&listing.empty_message()));
    }
    let body = super::markdown::table(
        &[
            "ID",
            "Measure",
            "Lead",
            "Latest",
            "Period",
            "Year to date",
            "Target",
            "RAG",
            "DoT",
            "Missing",
        ],
        listing.rows.iter().map(|row| {
            vec![
                row.id.clone(),
                title_text(row),
                row.lead.join(", "),
                value(row, row.latest_value),
                row.latest_period.clone().unwrap_or_else(|| NONE.into()),
                value(row, row.ytd),
                value(row, row.target),
                rag_name(row.rag).into(),
                arrows(row),
                missing_text(row),
            ]
        }),
        usize::MAX,
    );
    format!(
        "{}.\n\n{body}\n{}\n",
        capitalised(&listing.caption()),
        super::markdown::text(&DIRECTION_LEGEND.replace('\n', " "))
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The lines of `csp show MEASURE`: label and text.
fn fields(detail: &MeasureDetail) -> Vec<(&'static str, String)> {
    let row = &detail.row;
    let mut fields = Vec::new();
    if let Some(description) = &detail.description {
        fields.push(("Description", description.clone()));
    }
    let leads: Vec<String> = detail
        .lead_names
        .iter()
        .zip(&row.lead)
        .map(|(name, key)| {
            if name == key {
                key.clone()
            } else {
                format!("{name} ({key})")
            }
        })
        .collect();
    fields.push(("Lead", leads.join(", ")));
    fields.push(("Unit", row.unit.clone().unwrap_or_else(|| NONE.into())));
    fields.push(("Better", row.better.into()));
    fields.push(("Frequency", format!("each {}", row.frequency)));
    let aggregate = match row.aggregate {
        "sum" => "sum: a year is the total of its periods",
        "latest" => "latest: a year is its latest period",
        _ => "mean: a year is the average of its periods",
    };
    fields.push(("Aggregate", aggregate.into()));
    fields.push((
        "Lag",
        detail.lag.as_ref().map_or_else(
            || "due on the period's last day".into(),
            |lag| format!("due {lag} after the period ends"),
        ),
    ));
    if let Some(source) = &detail.source {
        fields.push(("Source", source.clone()));
    }
    if !detail.priorities.is_empty() {
        fields.push(("Priority", detail.priorities.join("\n")));
    }
    fields.push((
        "Baseline",
        detail.baseline.as_ref().map_or_else(
            || NONE.into(),
            |baseline| {
                format!(
                    "{} in {}",
                    value(row, Some(baseline.value)),
                    baseline.period
                )
            },
        ),
    ));
    fields.push(("Tolerance", detail.tolerance.clone()));
    let mut actions: Vec<String> = detail
        .actions
        .iter()
        .map(|action| match &action.title {
            Some(title) => format!("{}: {title}", action.id),
            None => format!("{} (no such action)", action.id),
        })
        .collect();
    if detail.actions_withheld > 0 {
        actions.push(format!(
            "{} not shown",
            crate::plural::count(detail.actions_withheld, "OFFICIAL-SENSITIVE action")
        ));
    }
    fields.push((
        "Actions",
        if actions.is_empty() {
            NONE.into()
        } else {
            actions.join("\n")
        },
    ));
    if let Some(marking) = row.marking {
        fields.push(("Marking", marking.into()));
    }
    fields
}

/// The series rows: period, value, target, note ("missing" when due and
/// not in).
fn series_rows(detail: &MeasureDetail) -> Vec<Vec<String>> {
    let row = &detail.row;
    detail
        .series
        .iter()
        .map(|point| {
            let missing = detail.missing_due.iter().any(|m| m.period == point.period);
            let note = match (&point.note, missing) {
                (Some(note), _) => note.clone(),
                (None, true) => "missing".into(),
                (None, false) => String::new(),
            };
            vec![
                point.period.to_string(),
                value(row, point.value),
                value(row, point.target),
                note,
            ]
        })
        .collect()
}

/// How wide the chart's bars may grow.
const CHART_WIDTH: usize = 30;

/// One bar a period: its figure in eighths of a block, `┃` where its
/// target falls.
fn chart_lines(detail: &MeasureDetail) -> Vec<String> {
    let points = &detail.series;
    let top = points
        .iter()
        .flat_map(|point| [point.value, point.target])
        .flatten()
        .fold(0.0_f64, f64::max);
    if top <= 0.0 || points.iter().all(|point| point.value.is_none()) {
        return Vec::new();
    }
    // At most CHART_WIDTH × 8 eighths, and never below none.
    #[allow(
        clippy::cast_sign_loss,
        clippy::cast_possible_truncation,
        reason = "clamped to 0..=CHART_WIDTH * 8 first"
    )]
    let scale = |number: f64| {
        ((number.max(0.0) / top).min(1.0) * (CHART_WIDTH * 8) as f64).round() as usize
    };
    let label_width = points
        .iter()
        .map(|point| point.period.to_string().chars().count())
        .max()
        .unwrap_or(0);
    points
        .iter()
        .map(|point| {
            let eighths = point.value.map_or(0, scale);
            let target = point.target.map(|target| scale(target) / 8);
            let mut bar = String::new();
            for at in 0..=CHART_WIDTH {
                let filled = eighths.saturating_sub(at * 8).min(8);
                let c = if Some(at) == target {
                    '┃'
                } else {
                    [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'][filled]
                };
                bar.push(c);
            }
            let shown = match point.value {
                Some(number) => value(&detail.row, Some(number)),
                None if detail.missing_due.iter().any(|m| m.period == point.period) => {
                    "missing".into()
                }
                None => NONE.into(),
            };
            format!("{:<label_width$}  {bar}  {shown}", point.period.to_string())
        })
        .collect()
}

/// The standing: what the rules say on the as-of day.
fn standing(detail: &MeasureDetail) -> Vec<(&'static str, String)> {
    let row = &detail.row;
    let mut lines = Vec::new();
    lines.push((
        "Latest",
        match (&row.latest_period, row.latest_value) {
            (Some(period), Some(number)) => {
                let note = row
                    .latest_note
                    .as_ref()
                    .map(|note| format!(" ({note})"))
                    .unwrap_or_default();
                format!("{} for {period}{note}", value(row, Some(number)))
            }
            _ => "no figure yet".into(),
        },
    ));
    if let (Some(ytd), Some(year)) = (row.ytd, &row.year) {
        lines.push((
            "Year to date",
            format!(
                "{} ({year}, {} of its {}s, by {})",
                value(row, Some(ytd)),
                row.ytd_periods,
                row.frequency,
                row.aggregate
            ),
        ));
    }
    lines.push((
        "Target",
        match (row.target, &row.target_basis) {
            (Some(target), Some(basis)) => {
                let year = match (row.year_target, &row.year) {
                    (Some(year_target), Some(year))
                        if basis != year && row.target != row.year_target =>
                    {
                        format!("; {year}'s target {}", value(row, Some(year_target)))
                    }
                    _ => String::new(),
                };
                format!("{} ({basis}{year})", value(row, Some(target)))
            }
            _ => "none set for the year to date".into(),
        },
    ));
    lines.push((
        "RAG",
        match row.rag {
            Some(rag) => format!("{rag} (tolerance: {})", detail.tolerance),
            None => NONE.into(),
        },
    ));
    let against = |direction: Option<Direction>, period: Option<String>| match (direction, period) {
        (Some(direction), Some(period)) => {
            format!(
                "{} {} against {period}",
                direction.arrow(),
                direction.words()
            )
        }
        (None, Some(period)) => format!("{NONE} (no figure for {period})"),
        _ => NONE.to_string(),
    };
    let [previous, year_before] = detail.compared.map(|p| p.map(|p| p.to_string()));
    lines.push(("Direction", against(row.direction, previous)));
    lines.push(("Year on year", against(row.direction_year, year_before)));
    lines.push((
        "Missing",
        if detail.missing_due.is_empty() {
            "none".into()
        } else {
            detail
                .missing_due
                .iter()
                .map(|missing| format!("{} (due {})", missing.period, uk_date(missing.due)))
                .collect::<Vec<_>>()
                .join(", ")
        },
    ));
    for figure in &detail.not_counted {
        lines.push((
            "Not counted",
            format!(
                "{} for {}: the period has not ended by {}",
                value(row, Some(figure.value)),
                figure.period,
                uk_date(detail.as_of)
            ),
        ));
    }
    lines
}

fn borderless(screen: Screen) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(screen.width)
        .force_no_tty();
    styled(&mut table, screen);
    table
}

fn label_table(lines: &[(&'static str, String)], screen: Screen) -> String {
    let mut table = borderless(screen);
    for (label, text) in lines {
        table.add_row(vec![
            Cell::new(label).add_attribute(Attribute::Bold),
            Cell::new(printable(text)),
        ]);
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    trim_lines(&table)
}

/// `csp show MEASURE` for people.
pub fn detail_table(detail: &MeasureDetail, screen: Screen) -> String {
    let row = &detail.row;
    let mut out = format!(
        "{}\n{}/{}\n\n{}\n",
        bold(&printable(&row.title), screen),
        crate::model::MEASURES_DIR,
        row.id,
        label_table(&fields(detail), screen)
    );
    let rows = series_rows(detail);
    if rows.is_empty() {
        out.push_str(&format!("\n{}: none yet\n", bold("Figures", screen)));
    } else {
        let mut table = borderless(screen);
        table.set_header(
            ["Period", "Value", "Target", "Note"]
                .map(|name| Cell::new(name).add_attribute(Attribute::Bold)),
        );
        for cells in rows {
            table.add_row(cells);
        }
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        right_align(&mut table, 1);
        if let Some(note) = table.column_mut(3) {
            note.set_cell_alignment(comfy_table::CellAlignment::Left);
        }
        out.push_str(&format!(
            "\n{}\n{}\n",
            bold("Figures", screen),
            trim_lines(&table)
        ));
        let chart = chart_lines(detail);
        if !chart.is_empty() {
            out.push_str(&format!(
                "\n{} (┃ marks the period's target)\n{}\n",
                bold("Chart", screen),
                chart.join("\n")
            ));
        }
    }
    let colour = rag_colour(row.rag);
    let mut standing_table = borderless(screen);
    for (label, text) in standing(detail) {
        let cell = Cell::new(printable(&text));
        let cell = match colour {
            Some(colour) if label == "RAG" => cell.fg(colour),
            _ => cell,
        };
        standing_table.add_row(vec![Cell::new(label).add_attribute(Attribute::Bold), cell]);
    }
    for column in standing_table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    out.push_str(&format!(
        "\n{}\n{}\n",
        bold(&format!("As of {}", uk_date(detail.as_of)), screen),
        trim_lines(&standing_table)
    ));
    out
}

/// `csp show MEASURE` in Markdown: the fields as a list, the figures as a
/// table, the standing as a list.
pub fn detail_markdown(detail: &MeasureDetail) -> String {
    use super::markdown::text;
    let row = &detail.row;
    let mut out = format!(
        "### {}\n\n`{}/{}`\n\n",
        text(&row.title),
        crate::model::MEASURES_DIR,
        row.id
    );
    for (label, value) in fields(detail) {
        out.push_str(&format!(
            "- **{label}**: {}\n",
            text(&value.replace('\n', "; "))
        ));
    }
    let rows = series_rows(detail);
    if !rows.is_empty() {
        out.push('\n');
        out.push_str(&super::markdown::table(
            &["Period", "Value", "Target", "Note"],
            rows,
            usize::MAX,
        ));
    }
    out.push_str(&format!("\n**As of {}**\n\n", uk_date(detail.as_of)));
    for (label, value) in standing(detail) {
        out.push_str(&format!("- **{label}**: {}\n", text(&value)));
    }
    out
}

/// `csp show MEASURE --format csv`: the series in long form, one period a
/// record.
pub fn detail_csv(detail: &MeasureDetail) -> anyhow::Result<String> {
    let optional = |number: Option<f64>| number.map(plain_number).unwrap_or_default();
    super::csv::write(
        &["measure", "period", "value", "target", "note"],
        detail.series.iter().map(|point| {
            vec![
                detail.row.id.clone(),
                point.period.to_string(),
                optional(point.value),
                optional(point.target),
                point.note.clone().unwrap_or_default(),
            ]
        }),
    )
}
