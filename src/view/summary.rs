//! `csp summary`: the plan at a glance, counted by status, RAG rating and
//! section.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::{Context, Counts, actions};
use crate::dates::uk_date;
use crate::model::{Action, Rag, Status};
use crate::schedule::next_due;

/// Counts for one status, RAG rating or section.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    pub key: String,
    pub label: String,
    /// Nesting of a section under others (0 at the top); 0 otherwise.
    pub depth: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The plan at a glance.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub plan: String,
    /// `[plan] year`, when set: "2023/24".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The plan's name as the headline prints it, with its year.
    #[serde(skip)]
    pub title: String,
    pub as_of: NaiveDate,
    /// The as-of day as the headline prints it, with its meetings.
    #[serde(skip)]
    as_of_text: String,
    /// The last day counted as "due soon" (the plan's look-ahead).
    pub due_soon_until: NaiveDate,
    #[serde(flatten)]
    pub total: Counts,
    /// Actions with no next due date.
    pub undated: usize,
    pub recurring: usize,
    pub status: Vec<Bucket>,
    pub rag: Vec<Bucket>,
    pub sections: Vec<Bucket>,
}

impl Summary {
    pub fn new(context: &Context, actions: &[&Action]) -> Self {
        let plan = context.plan;
        let mut paths: Vec<&str> = plan
            .manifest
            .sections
            .iter()
            .map(|s| s.path.as_str())
            .collect();
        // A path listed twice counts at its last place, as it always has.
        let mut section_at: HashMap<&str, usize> = paths
            .iter()
            .enumerate()
            .map(|(at, &path)| (path, at))
            .collect();
        for action in actions {
            let section = action.section();
            if !section_at.contains_key(section) {
                section_at.insert(section, paths.len());
                paths.push(section);
            }
        }
        // Counted in chunks on every core, each chunk's tally then added up:
        // sums do not depend on the order they are taken in.
        let tally = actions
            .par_chunks(4096)
            .map(|chunk| Tally::of(context, chunk, &section_at, paths.len()))
            .reduce_with(Tally::merge)
            .unwrap_or_else(|| Tally::new(paths.len()));
        let Tally {
            total,
            status,
            rag,
            sections,
            undated,
            recurring,
        } = tally;
        let bucket = |key: &str, label: &str, depth: usize, counts: Counts| Bucket {
            key: key.into(),
            label: label.into(),
            depth,
            counts,
        };
        Self {
            plan: plan.manifest.name.clone(),
            year: plan.manifest.year.map(|year| year.to_string()),
            title: plan.manifest.title(),
            as_of: context.as_of,
            as_of_text: plan.manifest.named_day(context.as_of),
            due_soon_until: context.soon_until,
            total,
            undated,
            recurring,
            status: Status::ALL
                .iter()
                .zip(status)
                .map(|(s, counts)| bucket(s.name(), s.name(), 0, counts))
                .collect(),
            rag: Rag::ALL
                .iter()
                .map(|r| r.name())
                .chain(["none"])
                .zip(rag)
                .map(|(name, counts)| bucket(name, name, 0, counts))
                .collect(),
            sections: paths
                .iter()
                .zip(sections)
                .map(|(&path, counts)| {
                    let depth = ancestors(path)
                        .skip(1)
                        .filter(|above| section_at.contains_key(above))
                        .count();
                    bucket(path, plan.section_title(path), depth, counts)
                })
                .collect(),
        }
    }
}

impl Summary {
    /// "78 actions as of 15 Jan 2024: 12 overdue, 5 due soon (by 14 Feb 2024), 9 stale, 20 undated, 15 recurring".
    pub fn headline(&self) -> String {
        format!(
            "{} as of {}: {} overdue, {} due soon (by {}), {} stale, {} undated, {} recurring",
            actions(self.total.actions),
            self.as_of_text,
            self.total.overdue,
            self.total.due_soon,
            uk_date(self.due_soon_until),
            self.total.stale,
            self.undated,
            self.recurring
        )
    }
}

/// `a/b/c`, `a/b`, `a`: a section path and each path above it.
/// Some actions counted every way the summary counts them.
struct Tally {
    total: Counts,
    status: [Counts; Status::ALL.len()],
    /// Each RAG rating's, then unrated actions'.
    rag: [Counts; Rag::ALL.len() + 1],
    /// By the index of [`Summary::new`]'s section paths; a section counts
    /// the actions of its subsections too.
    sections: Vec<Counts>,
    undated: usize,
    recurring: usize,
}

impl Tally {
    fn new(sections: usize) -> Self {
        Self {
            total: Counts::default(),
            status: [Counts::default(); Status::ALL.len()],
            rag: [Counts::default(); Rag::ALL.len() + 1],
            sections: vec![Counts::default(); sections],
            undated: 0,
            recurring: 0,
        }
    }

    fn of(
        context: &Context,
        actions: &[&Action],
        section_at: &HashMap<&str, usize>,
        sections: usize,
    ) -> Self {
        let mut tally = Self::new(sections);
        // Actions come section by section: the buckets of the section and
        // those above it are looked up once per run of it.
        let mut run: Option<(&str, Vec<usize>)> = None;
        for action in actions {
            // Where the action stands is worked out once, then counted in
            // each bucket it belongs to.
            let counts = Counts::of(context, action);
            tally.total.merge(counts);
            if let Some(at) = Status::ALL.iter().position(|&s| s == action.status) {
                tally.status[at].merge(counts);
            }
            let rag_at = action
                .rag
                .and_then(|r| Rag::ALL.iter().position(|&known| known == r))
                .unwrap_or(Rag::ALL.len());
            tally.rag[rag_at].merge(counts);
            let section = action.section();
            if run.as_ref().is_none_or(|(current, _)| *current != section) {
                let buckets = ancestors(section)
                    .filter_map(|path| section_at.get(path).copied())
                    .collect();
                run = Some((section, buckets));
            }
            if let Some((_, buckets)) = &run {
                for &at in buckets {
                    tally.sections[at].merge(counts);
                }
            }
            tally.undated += usize::from(next_due(action).is_none());
            tally.recurring += usize::from(action.every.is_some());
        }
        tally
    }

    fn merge(mut self, other: Self) -> Self {
        self.total.merge(other.total);
        for (mine, theirs) in self.status.iter_mut().zip(other.status) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.rag.iter_mut().zip(other.rag) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.sections.iter_mut().zip(other.sections) {
            mine.merge(theirs);
        }
        self.undated += other.undated;
        self.recurring += other.recurring;
        self
    }
}

fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once(path).chain(path.rmatch_indices('/').map(|(at, _)| &path[..at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_paths_and_those_above_them() {
        assert_eq!(
            ancestors("a/b/c").collect::<Vec<_>>(),
            ["a/b/c", "a/b", "a"]
        );
        assert_eq!(ancestors("a").collect::<Vec<_>>(), ["a"]);
    }
}
