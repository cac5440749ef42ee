//! `csp leads`: each lead with the work it leads, the open, overdue and
//! due-soon part of it, and the work it helps with as a partner.

use std::collections::HashMap;

use serde::Serialize;

use super::{Context, Counts};
use crate::dates::uk_date;
use crate::model::{Action, Lead};

/// The leads table and the line above it.
#[derive(Clone, Debug)]
pub struct Leads {
    pub rows: Vec<LeadRow>,
    /// "3 leads as of 15 Jan 2024; due soon means due by 14 Feb 2024".
    pub caption: String,
}

impl Leads {
    /// Each lead of `[leads]` (or only `wanted`, when given) with its
    /// counts over `actions`.
    pub fn new<'p>(context: &Context<'p>, actions: &[&'p Action], wanted: &[String]) -> Self {
        let rows = lead_rows(context, actions, wanted);
        let caption = caption(rows.len(), context);
        Self { rows, caption }
    }
}

/// One lead and the work it carries.
#[derive(Clone, Debug, Serialize)]
pub struct LeadRow {
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// False for a key that actions use but `[leads]` lacks (an invalid plan).
    pub known: bool,
    /// Actions it leads (alone or with others).
    pub led: usize,
    /// Of those, open, in progress or blocked.
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Of the active ones, those with no progress note since the last
    /// meeting (or the plan's stale window).
    pub stale: usize,
    /// Actions where it is a partner, not a lead.
    pub partner: usize,
}

/// Each lead of `[leads]` (or only `wanted`, when given) with its counts over
/// `actions`, in the manifest's order; keys that actions use but the
/// manifest lacks come last.
fn lead_rows<'p>(context: &Context<'p>, actions: &[&'p Action], wanted: &[String]) -> Vec<LeadRow> {
    let manifest = &context.plan.manifest;
    let mut leads: Vec<Lead> = manifest.leads.clone();
    // Keyed by the plan's own texts: a large plan names a lead or partner
    // hundreds of thousands of times, and each is looked up, not copied.
    let mut index: HashMap<&'p str, usize> = manifest
        .leads
        .iter()
        .enumerate()
        .map(|(at, lead)| (lead.key.as_str(), at))
        .collect();
    let mut counts = vec![(Counts::default(), 0_usize); leads.len()];
    for action in actions {
        // Where the action stands, worked out once for all its leads.
        let mut action_counts = None;
        for (key, leading) in action
            .lead
            .iter()
            .map(|key| (&**key, true))
            .chain(action.partners.iter().map(|key| (&**key, false)))
        {
            let at = if let Some(&at) = index.get(key) {
                at
            } else {
                leads.push(Lead {
                    key: key.to_string(),
                    name: key.to_string(),
                    ..Lead::default()
                });
                counts.push((Counts::default(), 0));
                index.insert(key, leads.len() - 1);
                leads.len() - 1
            };
            if leading {
                let action_counts =
                    *action_counts.get_or_insert_with(|| Counts::of(context, action));
                counts[at].0.merge(action_counts);
            } else {
                counts[at].1 += 1;
            }
        }
    }
    leads
        .into_iter()
        .zip(counts)
        .filter(|(lead, _)| wanted.is_empty() || wanted.contains(&lead.key))
        .map(|(lead, (counts, partner))| LeadRow {
            known: manifest.lead(&lead.key).is_some(),
            key: lead.key,
            name: lead.name,
            aliases: lead.aliases,
            led: counts.actions,
            open: counts.open,
            overdue: counts.overdue,
            due_soon: counts.due_soon,
            stale: counts.stale,
            partner,
        })
        .collect()
}

/// The line above the leads table.
fn caption(count: usize, context: &Context) -> String {
    format!(
        "{count} lead{} as of {}; due soon means due by {}",
        crate::plural::suffix(count),
        context.plan.manifest.named_day(context.as_of),
        uk_date(context.soon_until)
    )
}
