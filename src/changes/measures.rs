//! What changed in the plan's measures between two snapshots: measures
//! added and removed, figures recorded for the first time, figures
//! revised ("Q2 2023/24 revised from 398 to 401"), figures taken out, and
//! targets set, changed or dropped. Pure: no git, no I/O.

use serde::Serialize;

use crate::model::{Marking, Measure, TargetFor};

/// A measure added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeasureRef {
    pub id: String,
    pub title: String,
    pub lead: Vec<String>,
    /// Its own marking, if it has one: the disclosure judges it.
    #[serde(skip)]
    pub marking: Option<Marking>,
}

/// One period's figure, as a person reads it (with the unit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub period: String,
    pub value: String,
    pub note: Option<String>,
}

/// A figure whose value or note changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revised {
    pub period: String,
    pub before: String,
    pub after: String,
    pub note_before: Option<String>,
    pub note_after: Option<String>,
}

/// A target for a year or a period, set, changed or dropped (`None` on
/// the side where there was none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetChange {
    pub applies_to: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeasureChanged {
    pub id: String,
    pub title: String,
    /// Figures for periods that had none.
    pub recorded: Vec<Recorded>,
    pub revised: Vec<Revised>,
    /// Figures taken out.
    pub withdrawn: Vec<Recorded>,
    pub targets: Vec<TargetChange>,
    #[serde(skip)]
    pub marking: Option<Marking>,
}

/// Every change to the measures, each list in the plan's measure order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MeasureChanges {
    pub added: Vec<MeasureRef>,
    pub removed: Vec<MeasureRef>,
    pub changed: Vec<MeasureChanged>,
}

impl MeasureChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// How many measures the changes name.
    pub fn len(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }
}

fn reference(measure: &Measure) -> MeasureRef {
    MeasureRef {
        id: measure.id.to_string(),
        title: measure.title.clone(),
        lead: measure.lead.iter().map(ToString::to_string).collect(),
        marking: measure.marking,
    }
}

/// The changes from `old` to `new`, each measure by its id.
pub fn diff(old: &[Measure], new: &[Measure]) -> MeasureChanges {
    let find = |list: &'_ [Measure], id: &str| -> Option<usize> {
        list.iter().position(|measure| &*measure.id == id)
    };
    let mut changes = MeasureChanges::default();
    for measure in new {
        match find(old, &measure.id) {
            None => changes.added.push(reference(measure)),
            Some(at) => {
                let one = compare(&old[at], measure);
                if !(one.recorded.is_empty()
                    && one.revised.is_empty()
                    && one.withdrawn.is_empty()
                    && one.targets.is_empty())
                {
                    changes.changed.push(one);
                }
            }
        }
    }
    for measure in old {
        if find(new, &measure.id).is_none() {
            changes.removed.push(reference(measure));
        }
    }
    changes
}

fn compare(before: &Measure, after: &Measure) -> MeasureChanged {
    let mut changed = MeasureChanged {
        id: after.id.to_string(),
        title: after.title.clone(),
        recorded: Vec::new(),
        revised: Vec::new(),
        withdrawn: Vec::new(),
        targets: Vec::new(),
        marking: after.marking.or(before.marking),
    };
    for figure in &after.values {
        match before.value_for(figure.period) {
            None => changed.recorded.push(Recorded {
                period: figure.period.to_string(),
                value: after.show(figure.value),
                note: figure.note.clone(),
            }),
            Some(old) => {
                let (was, now) = (before.show(old.value), after.show(figure.value));
                if was != now || old.note != figure.note {
                    changed.revised.push(Revised {
                        period: figure.period.to_string(),
                        before: was,
                        after: now,
                        note_before: old.note.clone(),
                        note_after: figure.note.clone(),
                    });
                }
            }
        }
    }
    for figure in &before.values {
        if after.value_for(figure.period).is_none() {
            changed.withdrawn.push(Recorded {
                period: figure.period.to_string(),
                value: before.show(figure.value),
                note: figure.note.clone(),
            });
        }
    }
    let mut keys: Vec<TargetFor> = before
        .targets
        .iter()
        .chain(&after.targets)
        .map(|target| target.applies_to)
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (was, now) = (
            before.target_for(key).map(|v| before.show(v)),
            after.target_for(key).map(|v| after.show(v)),
        );
        if was != now {
            changed.targets.push(TargetChange {
                applies_to: key.to_string(),
                before: was,
                after: now,
            });
        }
    }
    changed
}

/// A revised figure as one line: "Q2 2023/24 revised from 398 to 401",
/// with the note's change where it changed.
pub fn revised_line(revised: &Revised) -> String {
    let mut line = if revised.before == revised.after {
        format!("{} note changed", revised.period)
    } else {
        format!(
            "{} revised from {} to {}",
            revised.period, revised.before, revised.after
        )
    };
    if revised.note_before != revised.note_after {
        let note = |n: &Option<String>| {
            n.as_deref()
                .map_or_else(|| "(none)".to_string(), |n| format!("\"{n}\""))
        };
        line.push_str(&format!(
            " (note: {} → {})",
            note(&revised.note_before),
            note(&revised.note_after)
        ));
    }
    line
}

/// A new figure as one line: "Q3 2023/24 recorded: 402 (provisional)".
pub fn recorded_line(recorded: &Recorded) -> String {
    match &recorded.note {
        Some(note) => format!("{} recorded: {} ({note})", recorded.period, recorded.value),
        None => format!("{} recorded: {}", recorded.period, recorded.value),
    }
}

/// A figure taken out, as one line.
pub fn withdrawn_line(recorded: &Recorded) -> String {
    format!(
        "{} figure removed (was {})",
        recorded.period, recorded.value
    )
}

/// A target's change as one line: "target 2023/24: 1,600 → 1,500".
pub fn target_line(change: &TargetChange) -> String {
    match (&change.before, &change.after) {
        (None, Some(after)) => format!("target {} set: {after}", change.applies_to),
        (Some(before), None) => format!("target {} removed (was {before})", change.applies_to),
        (before, after) => format!(
            "target {}: {} → {}",
            change.applies_to,
            before.as_deref().unwrap_or("(none)"),
            after.as_deref().unwrap_or("(none)")
        ),
    }
}

impl MeasureChanged {
    /// Every change as a line, in the order: recorded, revised, removed,
    /// targets.
    pub fn lines(&self) -> Vec<String> {
        self.recorded
            .iter()
            .map(recorded_line)
            .chain(self.revised.iter().map(revised_line))
            .chain(self.withdrawn.iter().map(withdrawn_line))
            .chain(self.targets.iter().map(target_line))
            .collect()
    }
}
