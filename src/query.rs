//! Choosing actions: the filters every listing command shares.
//! Different flags narrow (AND); a repeated flag widens (OR).

use crate::bail_usage;
use std::sync::Arc;

use anyhow::bail;
use chrono::NaiveDate;

use crate::model::{Action, Measure, Plan, Rag, Status, ends_with_components};
use crate::schedule::{is_stale, next_due};
use crate::suggest;

/// Which actions a listing wants. Different fields narrow (AND); several
/// values in one field widen (OR). Empty means "any".
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Lead bodies, as typed: keys, names or aliases.
    pub lead: Vec<String>,
    /// With `lead`: also match actions where the body is a partner.
    pub involving: bool,
    /// Sections, as typed: paths, path starts, last parts or titles.
    pub section: Vec<String>,
    pub priority: Vec<u32>,
    pub status: Vec<Status>,
    pub rag: Vec<Rag>,
    pub tag: Vec<String>,
    /// Next due strictly before this day.
    pub due_before: Option<NaiveDate>,
    /// Next due strictly after this day.
    pub due_after: Option<NaiveDate>,
    pub undated: bool,
    pub recurring: bool,
    /// Only actions stale as of a day: no progress note on or after this
    /// one (`schedule::stale_since`).
    pub stale_since: Option<NaiveDate>,
    /// Words that must all be in the title or description, any case.
    pub text: Option<String>,
}

/// A filter checked against the plan: lead and section names resolved.
#[derive(Debug)]
pub struct Query<'a> {
    filter: &'a Filter,
    lead_keys: Vec<String>,
    /// Section paths the `--section` values name; each covers its subsections.
    sections: Vec<String>,
    words: Vec<String>,
}

impl Filter {
    /// The same filter with `lead` and `involving` dropped.
    pub fn without_leads(&self) -> Filter {
        Filter {
            lead: Vec::new(),
            involving: false,
            ..self.clone()
        }
    }

    /// Checks every value against the plan, so that a typo is an error with a
    /// suggestion rather than an empty answer that reads as "nothing late".
    pub fn check<'a>(&'a self, plan: &Plan) -> anyhow::Result<Query<'a>> {
        let mut lead_keys = Vec::new();
        for text in &self.lead {
            match plan.manifest.find_lead(text) {
                Some(lead) => lead_keys.push(lead.key.clone()),
                None => {
                    bail_usage!("no lead is called `{text}`"; help = "{}", match plan.manifest.suggest_lead(text) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`csp leads` lists the plan's leads".into(),
                    })
                }
            }
        }
        if self.involving && self.lead.is_empty() {
            bail_usage!("--involving needs --lead"; help = "e.g. --lead police --involving");
        }
        let mut sections = Vec::new();
        for text in &self.section {
            let found = find_sections(plan, text);
            if found.is_empty() {
                let known = known_sections(plan);
                let near = suggest::closest(
                    text,
                    known.iter().flat_map(|&path| {
                        [
                            (path, path),
                            (path.rsplit('/').next().unwrap_or(path), path),
                            (plan.section_title(path), path),
                        ]
                    }),
                );
                bail_usage!("no section is called `{text}`"; help = "{}", match near {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "see [sections] in csp.toml for the plan's sections".into(),
                });
            }
            sections.extend(found);
        }
        for priority in &self.priority {
            if plan.manifest.priority(*priority).is_none() {
                let known: Vec<String> = plan
                    .manifest
                    .priorities
                    .iter()
                    .map(|p| p.key.to_string())
                    .collect();
                bail_usage!("the plan has no priority {priority}"; help = "its priorities are {}", if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                });
            }
        }
        for tag in &self.tag {
            let tags = plan
                .actions
                .iter()
                .flat_map(|a| a.tags.iter().map(|tag| &**tag));
            if !tags.clone().any(|known| known.eq_ignore_ascii_case(tag)) {
                bail_usage!("no action carries the tag `{tag}`"; help = "{}", match suggest::closest_name(tag, tags) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "tags are set in each action's `tags` field".into(),
                });
            }
        }
        if let (Some(before), Some(after)) = (self.due_before, self.due_after)
            && before <= after
        {
            bail!("--due-before {before} is not after --due-after {after}, so nothing can match");
        }
        Ok(Query {
            filter: self,
            lead_keys,
            sections,
            words: self
                .text
                .iter()
                .flat_map(|text| text.split_whitespace())
                .map(str::to_lowercase)
                .collect(),
        })
    }
}

/// Every section path of the plan: those in `[sections]`, then any other
/// that holds actions, each once.
fn known_sections(plan: &Plan) -> Vec<&str> {
    let mut known: Vec<&str> = plan
        .manifest
        .sections
        .iter()
        .map(|section| section.path.as_str())
        .collect();
    for action in &plan.actions {
        if !known.contains(&action.section()) {
            known.push(action.section());
        }
    }
    known
}

/// The sections a person means by `text`: a path or a path's start
/// (`statutory-duties`), a title in any case (`Prevent duty`), or a trailing
/// part of a path (`prevent-duty`), which may name several.
fn find_sections(plan: &Plan, text: &str) -> Vec<String> {
    let wanted = text.trim().replace('\\', "/");
    let wanted = wanted.trim_matches('/');
    if wanted.is_empty() {
        return Vec::new();
    }
    let known = known_sections(plan);
    if known.iter().any(|path| in_section(path, wanted)) {
        return vec![wanted.to_string()];
    }
    let by_title: Vec<String> = known
        .iter()
        .filter(|path| plan.section_title(path).eq_ignore_ascii_case(wanted))
        .map(std::string::ToString::to_string)
        .collect();
    if !by_title.is_empty() {
        return by_title;
    }
    known
        .iter()
        .filter(|path| ends_with_components(path, wanted))
        .map(std::string::ToString::to_string)
        .collect()
}

/// Whether `path` is `section` or below it (whole path components).
fn in_section(path: &str, section: &str) -> bool {
    path == section
        || path
            .strip_prefix(section)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Query<'_> {
    /// The lead keys that `--lead` named, in the order given.
    pub fn lead_keys(&self) -> &[String] {
        &self.lead_keys
    }

    /// Whether `--involving` widened `--lead` to partners.
    pub fn involving(&self) -> bool {
        self.filter.involving
    }

    pub fn matches(&self, action: &Action) -> bool {
        let filter = self.filter;
        let leads_match = self.lead_keys.is_empty()
            || self.lead_keys.iter().any(|key| {
                let named = |keys: &[Arc<str>]| keys.iter().any(|named| **named == **key);
                named(&action.lead) || (filter.involving && named(&action.partners))
            });
        let due = next_due(action);
        leads_match
            && (self.sections.is_empty()
                || self
                    .sections
                    .iter()
                    .any(|section| in_section(action.section(), section)))
            && (filter.priority.is_empty()
                || filter.priority.iter().any(|p| action.priority.contains(p)))
            && (filter.status.is_empty() || filter.status.contains(&action.status))
            && (filter.rag.is_empty() || action.rag.is_some_and(|rag| filter.rag.contains(&rag)))
            && (filter.tag.is_empty()
                || filter
                    .tag
                    .iter()
                    .any(|tag| action.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))))
            && filter
                .due_before
                .is_none_or(|day| due.is_some_and(|d| d < day))
            && filter
                .due_after
                .is_none_or(|day| due.is_some_and(|d| d > day))
            && (!filter.undated || due.is_none())
            && (!filter.recurring || action.every.is_some())
            && filter
                .stale_since
                .is_none_or(|since| is_stale(action, since))
            && self.words.iter().all(|word| {
                action.title.to_lowercase().contains(word)
                    || action.description.to_lowercase().contains(word)
            })
    }

    /// The matching actions, in plan order.
    pub fn select<'p>(&self, plan: &'p Plan) -> Vec<&'p Action> {
        plan.actions.iter().filter(|a| self.matches(a)).collect()
    }

    /// The measures an output of this selection carries, in plan order:
    /// those matching the filters a measure has fields for (`--lead`,
    /// `--priority`, `--tag`); the rest describe actions alone (a
    /// measure has no status, section or due date) and leave every
    /// measure in.
    pub fn select_measures<'p>(&self, plan: &'p Plan) -> Vec<&'p Measure> {
        let filter = self.filter;
        plan.measures
            .iter()
            .filter(|measure| {
                (self.lead_keys.is_empty()
                    || self
                        .lead_keys
                        .iter()
                        .any(|key| measure.lead.iter().any(|named| **named == **key)))
                    && (filter.priority.is_empty()
                        || filter.priority.iter().any(|p| measure.priority.contains(p)))
                    && (filter.tag.is_empty()
                        || filter
                            .tag
                            .iter()
                            .any(|tag| measure.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::in_section;

    #[test]
    fn sections_match_whole_components() {
        assert!(in_section(
            "statutory-duties/prevent-duty",
            "statutory-duties"
        ));
        assert!(in_section("statutory-duties", "statutory-duties"));
        assert!(!in_section("statutory-duties-extra", "statutory-duties"));
    }
}
