//! `csp chase`: one digest per lead body of what to update before the
//! window's last day, and the files `-o DIR` writes: a digest, a draft
//! e-mail or a return form per body, named by the name rule of
//! [`crate::portable`].

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::dates::uk_date;
use crate::disclosure::Disclosure;
use crate::error::Error;
use crate::model::{Action, Lead, Measure, Plan};
use crate::portable;
use crate::query::Filter;
use crate::render::{chase as digest, eml, xlsx};
use crate::schedule::stale_since;
use crate::view::chase::{Chase, ChaseWindow, Digest};
use crate::view::form::Form;
use crate::window::LookAhead;

/// What a digest is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChaseFormat {
    /// Plain text to read.
    Text,
    /// Markdown to paste.
    Md,
    /// One draft e-mail per body.
    Eml,
    /// One return form per body.
    Xlsx,
}

impl ChaseFormat {
    /// The extension of a body's file.
    pub fn extension(self) -> &'static str {
        match self {
            ChaseFormat::Text => "txt",
            ChaseFormat::Md => "md",
            ChaseFormat::Eml => "eml",
            ChaseFormat::Xlsx => "xlsx",
        }
    }
}

/// A chase, resolved.
#[derive(Debug)]
pub struct ChaseRequest<'m> {
    pub window: LookAhead<'m>,
    /// `--lead` picks the bodies to chase; the other filters pick the
    /// actions, so that `--involving` can add what a body partners.
    pub filter: Filter,
    pub disclosure: Disclosure,
}

/// The digests, with what they were made from.
pub struct Chased<'p> {
    pub chase: Chase<'p>,
    /// The actions that may be chased (after the filters and disclosure).
    pub actions: Vec<&'p Action>,
    /// The measures the bodies looked at supply, that may go out.
    pub measures: Vec<&'p Measure>,
    /// The bodies looked at, in csp.toml's order.
    pub leads: Vec<&'p Lead>,
    pub involving: bool,
    /// One line: how many sensitive actions and measures were left out.
    pub left_out: Option<String>,
}

/// Every body's digest for `request`.
pub fn chase<'p>(plan: &'p Plan, request: &ChaseRequest<'p>) -> anyhow::Result<Chased<'p>> {
    let manifest = &plan.manifest;
    let query = request.filter.check(plan)?;
    let selected = request.filter.without_leads().check(plan)?.select(plan);
    let disclosed = request.disclosure.apply(plan, selected);
    let leads: Vec<&Lead> = manifest
        .leads
        .iter()
        .filter(|lead| query.lead_keys().is_empty() || query.lead_keys().contains(&lead.key))
        .collect();
    // The measures the bodies looked at supply: their missing figures are
    // asked for with the actions.
    let supplied: Vec<&Measure> = plan
        .measures
        .iter()
        .filter(|measure| {
            measure
                .lead
                .iter()
                .any(|key| leads.iter().any(|lead| *lead.key == **key))
        })
        .collect();
    let measures = request.disclosure.apply_to_measures(plan, supplied);
    let left_out = disclosed.note_with(&measures);
    let actions = disclosed.actions;
    let measures = measures.measures;
    let as_of = request.window.as_of;
    let stale_since = stale_since(as_of, manifest);
    let window = ChaseWindow {
        as_of,
        until: request.window.until,
        meeting: request.window.meeting,
        stale_since,
        stale_since_named: manifest
            .meetings_on(stale_since)
            .next()
            .map_or_else(|| uk_date(stale_since), |meeting| format!("the {meeting}")),
        return_by: crate::window::return_by(manifest, request.window.meeting, as_of),
    };
    let involving = query.involving();
    let chase = Chase::new(plan, &actions, &measures, &leads, involving, window);
    Ok(Chased {
        chase,
        actions,
        measures,
        leads,
        involving,
        left_out,
    })
}

/// One body's file.
#[derive(Debug)]
pub struct BodyFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// The body's key.
    pub lead: String,
    /// How many actions it asks about.
    pub actions: usize,
    /// How many figures it asks for.
    pub figures: usize,
    /// A draft with no `To:` line: the body has no e-mail in csp.toml.
    pub unaddressed: bool,
}

/// The file each body with something to chase gets in `dir`, as `format`.
/// Names are checked before any file is made: two bodies whose files
/// would be one on Windows are refused, naming both.
/// With `attach_forms`, each draft e-mail carries the body's return form.
pub fn digest_files(
    plan: &Plan,
    chased: &Chased<'_>,
    format: ChaseFormat,
    dir: &Path,
    attach_forms: bool,
) -> anyhow::Result<Vec<BodyFile>> {
    let chase = &chased.chase;
    let stems = file_stems(chase.digests.iter().map(|one| one.lead.key.as_str()))?;
    let domain = plan.manifest.domain();
    chase
        .digests
        .iter()
        .zip(stems)
        .map(|(one, stem)| {
            let bytes = match format {
                ChaseFormat::Text => digest::text(chase, one).into_bytes(),
                ChaseFormat::Md => digest::markdown(chase, one).into_bytes(),
                ChaseFormat::Eml => {
                    let form = if attach_forms {
                        Some(xlsx::form(&digest_form(plan, chased, one)?)?)
                    } else {
                        None
                    };
                    let name = format!("{stem}.xlsx");
                    let attachment = form
                        .as_deref()
                        .map(|bytes| eml::Attachment { name: &name, bytes });
                    eml::draft(
                        chase,
                        one,
                        &domain,
                        plan.manifest.from.as_deref(),
                        attachment,
                    )?
                }
                ChaseFormat::Xlsx => xlsx::form(&digest_form(plan, chased, one)?)?,
            };
            Ok(BodyFile {
                path: dir.join(format!("{stem}.{}", format.extension())),
                bytes,
                lead: one.lead.key.clone(),
                actions: one.count(),
                figures: one.figures.len(),
                unaddressed: format == ChaseFormat::Eml && one.lead.emails.is_empty(),
            })
        })
        .collect()
}

/// `--all`: a return form per body of every action it leads (or partners,
/// with `--involving`) that may be chased, not only what its digest asks
/// about; bodies with none get no form.
pub fn all_forms(plan: &Plan, chased: &Chased<'_>, dir: &Path) -> anyhow::Result<Vec<BodyFile>> {
    let as_of = chased.chase.window.as_of;
    let forms: Vec<Form> = chased
        .leads
        .iter()
        .map(|lead| {
            let named = |keys: &[std::sync::Arc<str>]| keys.iter().any(|key| **key == *lead.key);
            let chosen: Vec<&Action> = chased
                .actions
                .iter()
                .copied()
                .filter(|action| {
                    named(&action.lead) || (chased.involving && named(&action.partners))
                })
                .collect();
            Form::of_actions(plan, as_of, Some(lead.key.clone()), &chosen)
                .and_then(|form| form.with_figures(plan, &chased.measures))
                .map(|form| Form {
                    involving: chased.involving,
                    ..form.for_meeting(chased.chase.window.meeting, chased.chase.window.return_by)
                })
        })
        .filter(|form| {
            form.as_ref().map_or(true, |form| {
                !form.rows.is_empty() || !form.figures.is_empty()
            })
        })
        .collect::<Result<_, _>>()?;
    let stems = file_stems(
        forms
            .iter()
            .map(|form| form.lead.as_deref().unwrap_or_default()),
    )?;
    forms
        .iter()
        .zip(stems)
        .map(|(form, stem)| {
            Ok(BodyFile {
                path: dir.join(format!("{stem}.xlsx")),
                bytes: xlsx::form(form)?,
                lead: form.lead.clone().unwrap_or_default(),
                actions: form.rows.len(),
                figures: form.figures.len(),
                unaddressed: false,
            })
        })
        .collect()
}

/// The return form of one body's digest, for the meeting the chase is for.
pub fn digest_form(plan: &Plan, chased: &Chased<'_>, digest: &Digest<'_>) -> anyhow::Result<Form> {
    let window = &chased.chase.window;
    Ok(Form {
        involving: chased.involving,
        ..Form::of_digest(plan, window.as_of, digest)?
            .with_figures(plan, &chased.measures)?
            .for_meeting(window.meeting, window.return_by)
    })
}

/// The list, in `-o DIR`, of the files `csp chase` wrote there last, one
/// name a line: how the next run knows which files are its own.
pub const WRITTEN_LIST: &str = ".csp-chase-files";

/// What writing a run's files did to the rest of the directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files an earlier run wrote that this one did not: removed, so the
    /// directory holds only this run's drafts or forms.
    pub removed: Vec<PathBuf>,
    /// Files csp did not write: left alone.
    pub others: Vec<PathBuf>,
}

/// Writes each file whole or not at all, making `dir` first; then removes
/// the files an earlier run wrote there ([`WRITTEN_LIST`]) that this run
/// did not, and names the files it did not write, left alone.
pub fn write_files(dir: &Path, files: &[BodyFile]) -> anyhow::Result<Written> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory `{}`", dir.display()))?;
    let list = dir.join(WRITTEN_LIST);
    let earlier: Vec<String> = std::fs::read_to_string(&list)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        // Only a plain name in this directory, of a kind chase writes, is
        // ever removed: an edited list cannot take a partner's document.
        .filter(|name| {
            !name.is_empty()
                && !name.contains(['/', '\\', ':'])
                && *name != "."
                && *name != ".."
                && *name != WRITTEN_LIST
                && [".txt", ".md", ".eml", ".xlsx"]
                    .iter()
                    .any(|extension| name.ends_with(extension))
        })
        .map(str::to_string)
        .collect();
    for file in files {
        crate::edit::write::output(&file.path, &file.bytes)?;
    }
    let names: Vec<String> = files
        .iter()
        .filter_map(|file| file.path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    let mut written = Written::default();
    for name in &earlier {
        let path = dir.join(name);
        if names.contains(name) {
            continue;
        }
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_file());
        if is_file {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove `{}`", path.display()))?;
            written.removed.push(path);
        }
    }
    let mut list_text = names.join("\n");
    list_text.push('\n');
    crate::edit::write::output(&list, list_text.as_bytes())?;
    let mut others: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the directory `{}`", dir.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != WRITTEN_LIST && !names.contains(name))
        .map(|name| dir.join(name))
        .collect();
    others.sort();
    written.others = others;
    Ok(written)
}

/// The file name of each body's file: see [`portable::output_stems`].
fn file_stems<'a>(keys: impl IntoIterator<Item = &'a str>) -> anyhow::Result<Vec<String>> {
    portable::output_stems(keys).map_err(|(one, other)| {
        Error::usage(format!(
            "leads `{one}` and `{other}` would be written to one file on Windows and macOS, which do not tell letter case apart; nothing was written"
        ))
        .with_help("rename one of the keys in csp.toml's [leads] (`csp validate` warns of such pairs)")
        .into()
    })
}
