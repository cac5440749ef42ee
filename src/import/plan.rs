//! The files an import writes: a new plan's csp.toml, or the sections and
//! leads it adds to one already there, and one action file per row, each
//! in `csp fmt` layout.

use std::collections::HashSet;
use std::path::PathBuf;

use super::map::Map;
use super::normalise;
use super::rows::{Caveat, Read};
use crate::edit::document::{
    ActionDocument, date_value, due_value, number_list, quote, string_list, string_value,
};
use crate::edit::format::canonical;
use crate::edit::manifest::ManifestDocument;
use crate::error::Error;
use crate::field::Field;
use crate::model::{ActionId, Manifest};
use crate::portable::{self, PlanPath};

/// One action file to write.
#[derive(Clone, Debug)]
pub struct File {
    pub id: ActionId,
    /// Relative to the plan directory.
    pub path: PathBuf,
    pub text: String,
}

/// What an import would write.
#[derive(Clone, Debug)]
pub struct Built {
    /// csp.toml's whole text after the import.
    pub manifest: String,
    pub files: Vec<File>,
    /// Leads and sections the import adds: (key, name) and (path, title).
    pub new_leads: Vec<(String, String)>,
    pub new_sections: Vec<(String, String)>,
    /// Near-duplicate leads, clashes with ids in the plan.
    pub caveats: Vec<Caveat>,
    /// Rows not written because their id is in the plan already: what
    /// the plan has, and for `--update` what was changed.
    pub clashes: Vec<Caveat>,
    /// Rows whose id the plan has already, each with the file the row
    /// would make, to be compared with the plan's (`ops::import`).
    pub existing: Vec<(String, File)>,
    /// With `--update`: the plan's files with the rows' differences set.
    pub updated: Vec<File>,
    /// Dues counted from the plan's start: which words gave each.
    pub dues: Vec<Caveat>,
}

struct Lead {
    key: String,
    name: String,
    aliases: Vec<String>,
    position: String,
}

/// Builds the files from the rows. `existing` is the plan imported into
/// (its csp.toml text and manifest, and its action ids); without it, a new
/// plan named `name`.
#[allow(
    clippy::implicit_hasher,
    reason = "the ids come from one caller's std HashSet"
)]
pub fn build(
    read: &Read,
    map: &Map,
    existing: Option<(&str, &Manifest, &HashSet<String>)>,
    name: &str,
) -> Result<Built, Error> {
    let empty = HashSet::new();
    let taken_ids = existing.map_or(&empty, |(_, _, ids)| ids);
    let manifest = existing.map(|(_, manifest, _)| manifest);
    // The day dues counted from the start are counted from: the plan's,
    // or for a new plan the map's.
    let start = match manifest {
        Some(manifest) => manifest.start,
        None => map.plan.start_day(),
    };
    let mut leads: Vec<Lead> = Vec::new();
    let mut sections: Vec<(String, String)> = map.sections();
    let mut added_sections: Vec<(String, String)> = Vec::new();
    let mut caveats = Vec::new();
    let clashes = Vec::new();
    let mut dues = Vec::new();
    let mut existing_rows = Vec::new();
    let mut files: Vec<File> = Vec::new();
    // Ids made in this import. A made id that is in the plan already is
    // reported as a clash, not renamed: a tracker imported twice must not
    // give every action twice.
    let mut used: HashSet<String> = HashSet::new();

    let named = |lead: &crate::model::Lead, wanted: &str| {
        normalise(&lead.key) == wanted
            || normalise(&lead.name) == wanted
            || lead.aliases.iter().any(|alias| normalise(alias) == wanted)
    };
    let key_of = |name: &str,
                  position: &str,
                  leads: &mut Vec<Lead>,
                  caveats: &mut Vec<Caveat>|
     -> String {
        let wanted = normalise(name);
        if let Some(key) = map.lead(name) {
            // One body, two keys: the plan's lead of that name wins, and
            // the report says how to make the map agree.
            if let Some(m) = manifest
                && !m.leads.iter().any(|lead| lead.key == key)
                && let Some(had) = m.leads.iter().find(|lead| named(lead, &wanted))
            {
                caveats.push(Caveat {
                    position: position.to_string(),
                    message: format!(
                        "the map gives \"{name}\" the key `{key}`, but the plan has it as lead `{}`: one body cannot have two keys, so it is imported as `{}` (write \"{name}\" = \"{}\" under [leads] in the map)",
                        had.key, had.key, had.key
                    ),
                });
                return had.key.clone();
            }
            if manifest.is_some_and(|m| m.leads.iter().any(|lead| lead.key == key)) {
                return key.to_string();
            }
            match leads.iter_mut().find(|lead| lead.key == key) {
                Some(lead) => {
                    if normalise(&lead.name) != wanted
                        && !lead.aliases.iter().any(|alias| normalise(alias) == wanted)
                    {
                        lead.aliases.push(name.to_string());
                    }
                }
                None => leads.push(Lead {
                    key: key.to_string(),
                    name: name.to_string(),
                    aliases: Vec::new(),
                    position: position.to_string(),
                }),
            }
            return key.to_string();
        }
        if let Some(m) = manifest
            && let Some(lead) = m.leads.iter().find(|lead| named(lead, &wanted))
        {
            return lead.key.clone();
        }
        if let Some(lead) = leads
            .iter()
            .find(|lead| normalise(&lead.name) == wanted || lead.key == name)
        {
            return lead.key.clone();
        }
        let base = match portable::make_part(name, portable::MAX_PART_CHARS) {
            slug if slug.is_empty() => "lead".to_string(),
            slug => slug,
        };
        let mut key = base.clone();
        let mut n = 2;
        while leads.iter().any(|lead| lead.key == key)
            || manifest.is_some_and(|m| m.leads.iter().any(|lead| lead.key == key))
        {
            key = format!("{base}-{n}");
            n += 1;
        }
        leads.push(Lead {
            key: key.clone(),
            name: name.to_string(),
            aliases: Vec::new(),
            position: position.to_string(),
        });
        key
    };

    for action in &read.actions {
        // The section: from the id, else the section text (below the
        // headings stacked above it) matched against the map's and the
        // plan's sections, else a new one, each level of the stack too.
        let chain: Vec<&str> = action
            .parents
            .iter()
            .map(String::as_str)
            .chain(action.section.as_deref())
            .collect();
        let mut path = String::new();
        for title in &chain {
            let parent = (!path.is_empty()).then_some(path.as_str());
            path = nested_section_for(parent, title, &sections, manifest, &added_sections);
            if !sections.iter().any(|(known, _)| *known == path)
                && manifest.is_none_or(|m| m.section(&path).is_none())
                && !added_sections.iter().any(|(known, _)| *known == path)
            {
                added_sections.push((path.clone(), (*title).to_string()));
            }
        }
        if chain.is_empty() {
            path = "actions".into();
        }
        let (section, slug) = match action.id.as_ref().map(|id| (id.parent(), id.name())) {
            Some((Some(section), slug)) => (section.to_string(), slug.to_string()),
            Some((None, slug)) => (path, slug.to_string()),
            None => (path, String::new()),
        };
        if !sections.iter().any(|(known, _)| *known == section)
            && manifest.is_none_or(|m| m.section(&section).is_none())
            && !added_sections.iter().any(|(known, _)| *known == section)
        {
            let title = section.rsplit('/').next().unwrap_or(&section).to_string();
            added_sections.push((section.clone(), title));
        }
        let slug = if slug.is_empty() {
            // A row's numbering ("1.", "2.3") is kept in its id.
            let base = match &action.reference {
                Some(reference) => title_slug(&format!("{reference} {}", action.title)),
                None => title_slug(&action.title),
            };
            let mut slug = base.clone();
            let mut n = 2;
            while used.contains(&format!("{section}/{slug}")) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        } else {
            slug
        };
        let id_text = format!("{section}/{slug}");
        let in_plan = taken_ids.contains(&id_text);
        if !in_plan && !used.insert(id_text.clone()) {
            caveats.push(Caveat {
                position: action.position.clone(),
                message: format!("`{id_text}` is the id of an earlier row too; not imported"),
            });
            continue;
        }
        let lead_keys: Vec<String> = action
            .leads
            .iter()
            .map(|(name, at)| key_of(name, at, &mut leads, &mut caveats))
            .collect();
        let partner_keys: Vec<String> = action
            .partners
            .iter()
            .map(|(name, at)| key_of(name, at, &mut leads, &mut caveats))
            .collect();
        let from_start = match (action.due_from_start, start) {
            (Some(period), Some(start)) => {
                let (position, words) = action.due_words.clone().unwrap_or_default();
                dues.push(Caveat {
                    position,
                    message: format!(
                        "due {} ({}, {} after the plan's start on {}) from \"{words}\"",
                        crate::dates::from_start_text(period),
                        period
                            .add_to(start, 1)
                            .map_or_else(String::new, crate::dates::uk_date),
                        crate::plural::count(period.count() as usize, period.unit().name()),
                        crate::dates::uk_date(start),
                    ),
                });
                Some(period)
            }
            (Some(period), None) => {
                let (position, words) = action.due_words.clone().unwrap_or_default();
                caveats.push(Caveat {
                    position,
                    message: format!(
                        "\"{words}\" is due {} after the plan's start, and the plan gives no start; left undated, kept as timescale (write start = YYYY-MM-DD under [plan] in {})",
                        crate::plural::count(period.count() as usize, period.unit().name()),
                        if manifest.is_some() { "its csp.toml" } else { "the map" }
                    ),
                });
                None
            }
            (None, _) => None,
        };
        let text = action_text(action, from_start, &dedup(lead_keys), &dedup(partner_keys))
            .map_err(|error| {
                Error::usage(format!(
                    "{}: cannot write the action: {error}",
                    action.position
                ))
            })?;
        let relative = inside_the_plan(&section, &slug).ok_or_else(|| {
            Error::usage(format!(
                "{}: `{id_text}` cannot name a file inside the plan",
                action.position
            ))
            .with_help(
                "name the section in the map's [sections] with lowercase letters, digits and '-'",
            )
        })?;
        let file = File {
            id: ActionId::from_relative_path(&relative),
            path: relative,
            text,
        };
        if in_plan {
            existing_rows.push((action.position.clone(), file));
        } else {
            files.push(file);
        }
    }
    sections.extend(
        added_sections
            .iter()
            .filter(|(path, _)| !map.sections.contains_key(path))
            .cloned(),
    );
    near_duplicates(&leads, manifest, &mut caveats);
    let new_leads: Vec<(String, String)> = leads
        .iter()
        .map(|lead| (lead.key.clone(), lead.name.clone()))
        .collect();
    let manifest_text = match existing {
        Some((text, _, _)) => add_to_manifest(text, &added_sections, &leads),
        None => new_manifest(name, map.plan.start_day(), map, &sections, &leads),
    }
    .map_err(|error| match error.downcast::<Error>() {
        Ok(error) => error,
        Err(error) => Error::usage(format!("cannot write csp.toml: {error:#}")),
    })?;
    let manifest_text = canonical(&manifest_text).unwrap_or(manifest_text);
    Ok(Built {
        manifest: manifest_text,
        files,
        new_leads,
        new_sections: added_sections,
        caveats,
        clashes,
        existing: existing_rows,
        updated: Vec::new(),
        dues,
    })
}

fn dedup(mut keys: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    keys.retain(|key| seen.insert(key.clone()));
    keys
}

/// The file of action `slug` in `section`, relative to the plan root, if
/// it stays inside the plan: every part a plain name, none climbing or
/// starting at a root. The parts made here pass the name rule already;
/// this is the last gate before a path is joined, for the sections an
/// existing plan's csp.toml names (its own, but written by hand).
fn inside_the_plan(section: &str, slug: &str) -> Option<PathBuf> {
    let path = PlanPath::parse(slug).ok()?;
    let mut relative = PathBuf::new();
    for part in section.split('/') {
        let plain = !part.is_empty()
            && part != "."
            && part != ".."
            && portable::windows_problem(part).is_none();
        if !plain {
            return None;
        }
        relative.push(part);
    }
    relative.push(path.action_file());
    Some(relative)
}

/// An action's file name from its title: its first words, as `csp new`'s
/// slugs are made.
fn title_slug(title: &str) -> String {
    match portable::make_part(title, TITLE_SLUG_CHARS) {
        slug if slug.is_empty() => "action".into(),
        slug => slug,
    }
}

/// How long a file name made from a title may be: its first few words.
const TITLE_SLUG_CHARS: usize = 48;

/// The section a heading names below `parent` (a section path), or at the
/// top: one of the map's or the plan's with that title (or path) there,
/// else a new path made from its first words.
fn nested_section_for(
    parent: Option<&str>,
    written: &str,
    sections: &[(String, String)],
    manifest: Option<&Manifest>,
    added: &[(String, String)],
) -> String {
    let Some(parent) = parent else {
        return section_for(Some(written), sections, manifest, added);
    };
    let wanted = normalise(written);
    let prefix = format!("{parent}/");
    let under = |path: &str| {
        path.strip_prefix(&prefix)
            .is_some_and(|rest| !rest.contains('/'))
    };
    if let Some((path, _)) = sections
        .iter()
        .chain(added.iter())
        .find(|(path, title)| under(path) && normalise(title) == wanted)
    {
        return path.clone();
    }
    if let Some(section) = manifest.and_then(|m| {
        m.sections
            .iter()
            .find(|section| under(&section.path) && normalise(&section.title) == wanted)
    }) {
        return section.path.clone();
    }
    match portable::make_part(written, SECTION_SLUG_CHARS) {
        slug if slug.is_empty() => format!("{parent}/section"),
        slug => format!("{parent}/{slug}"),
    }
}

fn section_for(
    written: Option<&str>,
    sections: &[(String, String)],
    manifest: Option<&Manifest>,
    added: &[(String, String)],
) -> String {
    let Some(written) = written else {
        return "actions".into();
    };
    let wanted = normalise(written);
    if let Some((path, _)) = sections
        .iter()
        .chain(added.iter())
        .find(|(path, title)| normalise(title) == wanted || *path == written)
    {
        return path.clone();
    }
    if let Some(section) = manifest.and_then(|m| {
        m.sections
            .iter()
            .find(|section| normalise(&section.title) == wanted || section.path == written)
    }) {
        return section.path.clone();
    }
    match portable::make_part(written, SECTION_SLUG_CHARS) {
        slug if slug.is_empty() => "actions".into(),
        slug => slug,
    }
}

/// How long a section directory made from a heading may be: its first few
/// words ("Objective 1: Reduce the fear of crime among older residents …"
/// is `objective-1-reduce-the-fear-of-crime`), its title kept whole in csp.toml.
const SECTION_SLUG_CHARS: usize = 40;

fn action_text(
    action: &super::rows::Imported,
    from_start: Option<crate::dates::Period>,
    lead: &[String],
    partners: &[String],
) -> anyhow::Result<String> {
    let mut document = ActionDocument::default();
    document.set(Field::Title, string_value(&action.title)?);
    document.set(Field::Description, string_value(&action.description)?);
    document.set(Field::Lead, string_list(lead)?);
    if !partners.is_empty() {
        document.set(Field::Partners, string_list(partners)?);
    }
    if !action.contacts.is_empty() {
        document.set(Field::Contacts, string_list(&action.contacts)?);
    }
    if !action.priority.is_empty() {
        let numbers: Vec<i64> = action.priority.iter().map(|n| i64::from(*n)).collect();
        document.set(Field::Priority, number_list(&numbers)?);
    }
    if let Some(timescale) = &action.timescale {
        document.set(Field::Timescale, string_value(timescale)?);
    }
    if let Some(due) = action.due {
        document.set(Field::Due, due_value(due, false)?);
    } else if let Some(period) = from_start {
        document.set(
            Field::Due,
            string_value(&crate::dates::from_start_text(period))?,
        );
    }
    if let Some(every) = &action.every {
        document.set(Field::Every, string_value(every)?);
    }
    if let Some(status) = action
        .status
        .filter(|status| *status != crate::model::Status::Open)
    {
        document.set(Field::Status, string_value(status.name())?);
    }
    if let Some(rag) = action.rag {
        document.set(Field::Rag, string_value(rag.name())?);
    }
    if let Some(day) = action.completed {
        document.set(Field::Completed, date_value(day)?);
    }
    if !action.tags.is_empty() {
        document.set(Field::Tags, string_list(&action.tags)?);
    }
    for (day, note) in &action.updates {
        document.append_update(*day, note)?;
    }
    let text = document.text();
    Ok(canonical(&text).unwrap_or(text))
}

/// Near-duplicate leads over every lead of the result: the ones the import
/// adds (made from names, or keyed by the map) against each other and
/// against the plan's. A pair the plan had already is not the import's
/// doing, and two spellings the map gives one key are one lead already.
fn near_duplicates(leads: &[Lead], manifest: Option<&Manifest>, caveats: &mut Vec<Caveat>) {
    struct Known<'a> {
        key: &'a str,
        names: Vec<&'a str>,
        position: String,
    }
    let added: Vec<Known> = leads
        .iter()
        .filter(|lead| manifest.is_none_or(|m| m.leads.iter().all(|had| had.key != lead.key)))
        .map(|lead| Known {
            key: &lead.key,
            names: std::iter::once(lead.name.as_str())
                .chain(lead.aliases.iter().map(String::as_str))
                .collect(),
            position: lead.position.clone(),
        })
        .collect();
    let had: Vec<Known> = manifest
        .map(|m| {
            m.leads
                .iter()
                .map(|lead| Known {
                    key: &lead.key,
                    names: std::iter::once(lead.name.as_str())
                        .chain(lead.aliases.iter().map(String::as_str))
                        .collect(),
                    position: format!("[leads.{}] in the plan's csp.toml", lead.key),
                })
                .collect()
        })
        .unwrap_or_default();
    let alike = |one: &Known, other: &Known| -> Option<(String, String)> {
        for a in &one.names {
            for b in &other.names {
                if alike_names(a, b) {
                    return Some(((*a).to_string(), (*b).to_string()));
                }
            }
        }
        None
    };
    for (index, other) in added.iter().enumerate() {
        for one in had.iter().chain(&added[..index]) {
            if one.key == other.key {
                continue;
            }
            if let Some((one_name, other_name)) = alike(one, other) {
                caveats.push(Caveat {
                    position: other.position.clone(),
                    message: format!(
                        "lead \"{other_name}\" looks like \"{one_name}\" ({}): if they are one body, write \"{other_name}\" = \"{}\" under [leads] in the map",
                        one.position, one.key
                    ),
                });
            }
        }
    }
}

/// Two spellings of one body, by the look of them: the same but for
/// punctuation, one shortened ("Cambs" for "Cambridgeshire"), or a typo
/// or two apart. Long names that share only their first words ("East
/// Cambridgeshire District Council", "East Cambridgeshire Community Safety
/// Partnership") are not.
fn alike_names(a: &str, b: &str) -> bool {
    let (x, y) = (compared(a), compared(b));
    normalise(a) != normalise(b)
        && (x == y
            || same_but_shortened(&x, &y)
            || strsim::normalized_damerau_levenshtein(&x, &y) >= 0.9)
}

/// A name as near-duplicates are compared: lowercase letters and digits,
/// words separated by one space ("Cambs. Police" is "cambs police").
fn compared(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "cambs police" and "cambridgeshire police": the same words, but one
/// shortened ("cambs" has the first letters of "cambridgeshire").
fn same_but_shortened(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    a.len() == b.len()
        && a != b
        && a.iter().zip(&b).all(|(x, y)| {
            x == y || {
                let (short, long) = if x.len() < y.len() { (x, y) } else { (y, x) };
                short.len() >= 3 && long.starts_with(&short[..short.len().min(4)])
            }
        })
}

/// A new plan's csp.toml: its name and the map's priorities, then the
/// sections and leads added as to any plan's (`edit::manifest`).
fn new_manifest(
    name: &str,
    start: Option<chrono::NaiveDate>,
    map: &Map,
    sections: &[(String, String)],
    leads: &[Lead],
) -> anyhow::Result<String> {
    let mut text = format!(
        "# The manifest of a Community Safety Partnership's action plan, made by\n# `csp import`; docs/plan-format.md describes every field.\n\n[plan]\nname = {}\n",
        quote(name)
    );
    if let Some(start) = start {
        text.push_str(&format!("start = {}\n", start.format("%Y-%m-%d")));
    }
    if !map.priorities.is_empty() {
        text.push_str("\n[priorities]\n");
        for (number, words) in &map.priorities {
            text.push_str(&format!(
                "{number} = {}\n",
                quote(words.as_str().unwrap_or_default())
            ));
        }
    }
    text.push_str("\n[sections]\n");
    add_to_manifest(&text, sections, leads)
}

/// csp.toml's `text` with `sections` and `leads` added, its comments kept.
fn add_to_manifest(
    text: &str,
    sections: &[(String, String)],
    leads: &[Lead],
) -> anyhow::Result<String> {
    let mut manifest = ManifestDocument::parse(text)?;
    for (path, title) in sections {
        manifest.add_section(path, title)?;
    }
    for lead in leads {
        manifest.add_lead(&lead.key, &lead.name, &lead.aliases)?;
    }
    Ok(manifest.text())
}

#[cfg(test)]
mod tests {
    use super::alike_names;

    #[test]
    fn near_duplicate_leads() {
        for (a, b) in [
            ("Cambs Police", "Cambridgeshire Police"),
            ("Cambs. Police", "Cambs Police"),
            ("Cambridgeshire Constabulary", "Cambridgshire Constabulary"),
        ] {
            assert!(alike_names(a, b), "{a} / {b}");
        }
        for (a, b) in [
            (
                "East Cambridgeshire District Council",
                "East Cambridgeshire Community Safety Partnership",
            ),
            (
                "Cambridgeshire County Council",
                "Cambridgeshire Constabulary",
            ),
            ("ECDC", "CCC"),
            ("Police", "Cambs Police"),
            ("ECDC", "ecdc"),
        ] {
            assert!(!alike_names(a, b), "{a} / {b}");
        }
    }
}
