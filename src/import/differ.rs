//! What a re-imported row would change in the action the plan has: each
//! field the map reads whose value differs, as "status: open → done".

use crate::field::Field;
use crate::model::Action;

/// One field's value before and after, as shown in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub field: Field,
    pub before: String,
    pub after: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} → {}", self.field.name(), self.before, self.after)
    }
}

/// A field's value as one line: lists joined with ", ", nothing as "none",
/// long text cut short.
fn shown(field: Field, action: &Action) -> String {
    let list = |items: &[std::sync::Arc<str>]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let text = match field {
        Field::Title => action.title.to_string(),
        Field::Description => action.description.to_string(),
        Field::Lead => list(&action.lead),
        Field::Partners => list(&action.partners),
        Field::Contacts => list(&action.contacts),
        Field::Tags => list(&action.tags),
        Field::Priority => {
            let numbers: Vec<String> = action.priority.iter().map(u32::to_string).collect();
            if numbers.is_empty() {
                "none".into()
            } else {
                numbers.join(", ")
            }
        }
        Field::Timescale => action.timescale.as_deref().unwrap_or("none").to_string(),
        Field::Due => match (action.due_from_start, action.due) {
            (Some(period), _) => crate::dates::from_start_text(period),
            (None, Some(due)) => due.iso(),
            (None, None) => "none".into(),
        },
        Field::Every => action
            .every
            .map_or_else(|| "none".into(), crate::dates::Period::every_text),
        Field::Status => action.status.name().to_string(),
        Field::Rag => action
            .rag
            .map_or("none", crate::model::Rag::name)
            .to_string(),
        Field::Completed => action
            .completed
            .map_or_else(|| "none".into(), |day| day.format("%Y-%m-%d").to_string()),
        Field::Marking | Field::Update => String::new(),
    };
    let line = text.replace('\n', " ");
    let absent = match field {
        Field::Timescale => action.timescale.is_none(),
        _ => false,
    };
    if absent {
        line
    } else if line.chars().count() > 60 {
        format!("\"{}…\"", line.chars().take(60).collect::<String>())
    } else if matches!(field, Field::Title | Field::Description | Field::Timescale) {
        format!("\"{line}\"")
    } else {
        line
    }
}

/// The differences in `fields` between the plan's action and the row's.
pub fn differences(had: &Action, row: &Action, fields: &[Field]) -> Vec<Difference> {
    fields
        .iter()
        .filter_map(|&field| {
            let (before, after) = (shown(field, had), shown(field, row));
            (before != after).then_some(Difference {
                field,
                before,
                after,
            })
        })
        .collect()
}
