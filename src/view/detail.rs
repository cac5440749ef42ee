//! `csp show`: one action in full.

use serde::Serialize;

use super::{ActionRow, Context};
use crate::dates::{Due, uk_date};
use crate::model::Action;

/// One action in full, for `csp show`.
#[derive(Clone, Debug, Serialize)]
pub struct Detail<'a> {
    #[serde(flatten)]
    pub row: ActionRow<'a>,
    /// The wording of each priority the action serves, as in `[priorities]`.
    pub priority_texts: Vec<String>,
    /// Lead and partner keys missing from `[leads]` (an invalid plan).
    #[serde(skip)]
    unknown_leads: Vec<String>,
    /// The "Last note" line: the latest note's day, and for a stale action
    /// the day since which it has none.
    #[serde(skip)]
    last_note: String,
}

/// What a field shows when it is not set.
pub const UNSET: &str = "—";

impl<'a> Detail<'a> {
    pub fn new(context: &Context<'a>, action: &'a Action) -> Self {
        let manifest = &context.plan.manifest;
        let row = context.row(action);
        let last_note = match (row.last_update, row.stale) {
            (Some(day), false) => uk_date(day),
            (None, false) => UNSET.to_string(),
            (last, true) => format!(
                "{}; stale: no note since {}",
                last.map_or_else(|| "none".to_string(), uk_date),
                manifest.named_day(context.stale_since)
            ),
        };
        Self {
            row,
            last_note,
            priority_texts: action
                .priority
                .iter()
                .map(|&key| {
                    manifest
                        .priority(key)
                        .map_or("", |p| p.text.as_str())
                        .to_string()
                })
                .collect(),
            unknown_leads: action
                .lead
                .iter()
                .chain(&action.partners)
                .filter(|key| manifest.lead(key).is_none())
                .map(std::string::ToString::to_string)
                .collect(),
        }
    }

    /// Every field as label and text, in the order of the file format.
    /// Multi-valued fields put one value on each line.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let row = &self.row;
        let or_unset = |text: String| {
            if text.is_empty() {
                UNSET.to_string()
            } else {
                text
            }
        };
        let bodies = |keys: &[&str], names: &[&str]| {
            or_unset(
                keys.iter()
                    .zip(names)
                    .map(|(key, name)| {
                        if self.unknown_leads.iter().any(|unknown| unknown == key) {
                            format!("{key} (not in [leads])")
                        } else {
                            format!("{key}: {name}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        };
        vec![
            (
                "Section",
                format!("{} ({})", row.section_title, row.section),
            ),
            ("Description", row.description.to_string()),
            ("Lead", bodies(&row.lead, &row.lead_names)),
            ("Partners", bodies(&row.partners, &row.partner_names)),
            ("Contacts", or_unset(row.contacts.join(", "))),
            (
                "Priority",
                or_unset(
                    row.priority
                        .iter()
                        .zip(&self.priority_texts)
                        .map(|(key, text)| format!("{key}: {text}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ),
            (
                "Timescale",
                or_unset(row.timescale.unwrap_or_default().to_string()),
            ),
            (
                "Due",
                or_unset(row.due.map_or_else(String::new, |due| match due {
                    Due::Day(_) => due.uk(),
                    _ => format!("{} (by {})", due.uk(), uk_date(due.date())),
                })),
            ),
            ("Every", or_unset(row.every_text())),
            ("Next due", self.next_due_text()),
            ("Status", row.status.name().to_string()),
            ("RAG", or_unset(row.rag_text().to_string())),
            (
                "Completed",
                or_unset(row.completed.map(uk_date).unwrap_or_default()),
            ),
            ("Last note", self.last_note.clone()),
            ("Tags", or_unset(row.tags.join(", "))),
            ("File", row.file.clone()),
        ]
    }

    /// "31 Mar 2024, in 2 months"; for a finished action, why it is not due.
    pub fn next_due_text(&self) -> String {
        let row = &self.row;
        match row.next_due {
            Some(next) if row.status.is_active() => {
                format!("{}, {}", uk_date(next), row.distance_text())
            }
            Some(next) => format!("{}; {}, so not due", uk_date(next), row.status),
            None if row.every.is_some() => {
                "none: it recurs, but has neither `due` nor `completed` to count from".into()
            }
            None => "none: no due date".into(),
        }
    }
}
