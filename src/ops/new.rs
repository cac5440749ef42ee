//! `csp new`: a new action file, in the layout `csp fmt` gives, checked
//! like the rest of the plan; with `--new-section`, its section added to
//! csp.toml too ([`crate::edit::manifest`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::NaiveDate;

use super::reviewed::Reviewed;
use crate::bail_usage;
use crate::dates::parse_date;
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::document::{ActionDocument, date_value, number_list, string_list, string_value};
use crate::edit::{EditedAction, FileEdit, ManifestDocument, Outcome, Session, Source};
use crate::error::Error;
use crate::field::Field;
use crate::load::{self, MANIFEST_FILE};
use crate::model::{ActionId, Manifest, shown_path};
use crate::portable::{self, PlanPath};
use crate::suggest;
use crate::validate::validate;

/// Where a new action goes: `SECTION/SLUG`.
#[derive(Clone, Debug)]
pub struct Target {
    /// A section of csp.toml, such as `statutory-duties/prevent-duty`.
    pub section: String,
    /// The file's name without `.toml`.
    pub slug: String,
}

/// A new action, resolved.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub target: Target,
    pub title: String,
    /// Keys of `[leads]`, one each.
    pub leads: Vec<String>,
    /// The action as the plan words it; the title when not given.
    pub description: Option<String>,
    /// A month (2024-03), a day (2024-03-31), or what validate will explain.
    pub due: Option<String>,
    pub every: Option<String>,
    pub priority: Vec<u32>,
    /// The title of the target's section, to add it to csp.toml.
    pub new_section: Option<String>,
    pub as_of: NaiveDate,
}

/// The new action's change, and where it goes.
#[derive(Debug)]
pub struct Created {
    pub reviewed: Reviewed,
    pub id: ActionId,
    /// The new file, as shown to the user.
    pub file: PathBuf,
}

impl Target {
    /// `SECTION/SLUG`, checked to name a file inside the plan that csp reads.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let example = "help: give SECTION/SLUG under the plan directory, e.g. statutory-duties/refresh-training";
        let trimmed = text.trim();
        if trimmed.starts_with('/') || trimmed.contains('\\') || Path::new(trimmed).is_absolute() {
            bail!("`{text}` is not a path inside the plan\n{example}");
        }
        let trimmed = trimmed.strip_suffix(".toml").unwrap_or(trimmed);
        let parts: Vec<&str> = trimmed.split('/').collect();
        if parts.contains(&"..") {
            bail!("`{text}` would leave the plan directory\n{example}");
        }
        if parts
            .iter()
            .any(|part| part.is_empty() || part.starts_with('.'))
        {
            bail!(
                "`{text}` has an empty or hidden part (csp skips names starting with '.')\n{example}"
            );
        }
        let Some((slug, section)) = parts.split_last() else {
            bail!("`{text}` names no action\n{example}");
        };
        if section.is_empty() {
            bail!("`{text}` names no section\n{example}");
        }
        if let Err(problem) = portable::check_part(slug) {
            let suggestion = portable::make_part(slug, portable::MAX_PART_CHARS);
            let help = if suggestion.is_empty() || suggestion == *slug {
                "use lowercase letters, digits and '-', at most 60 of them".to_string()
            } else {
                format!("use lowercase letters, digits and '-', e.g. `{suggestion}`")
            };
            bail_usage!("`{slug}` cannot name an action file: it {problem}"; help = "{help}");
        }
        Ok(Self {
            section: section.join("/"),
            slug: (*slug).to_string(),
        })
    }
}

/// Reviews the new action (and csp.toml with its new section) against the
/// plan the session holds.
pub fn create(session: &Session, request: &NewRequest) -> anyhow::Result<Created> {
    let loaded = session.loaded();
    if !loaded.has_manifest {
        bail_usage!("the plan's csp.toml could not be read, so csp cannot check the new action"; help = "`csp validate` shows what is wrong with it");
    }
    let Target { section, slug } = &request.target;
    let root = &loaded.plan.root;
    let relative = PathBuf::from(section).join(format!("{slug}.toml"));
    let id = ActionId::from_relative_path(&relative);
    if loaded.all_actions().any(|action| action.id == id) {
        bail_usage!("an action with the id `{id}` already exists"; help = "choose another name, or change that one with `csp set`");
    }
    let manifest = &loaded.plan.manifest;
    let manifest_edit = match (&request.new_section, manifest.section(section)) {
        (None, Some(_)) => None,
        (None, None) => return Err(unknown_section(section, manifest).into()),
        (Some(_), Some(existing)) => {
            bail_usage!("section `{section}` is already in csp.toml, as \"{}\"", existing.title; help = "leave out --new-section")
        }
        (Some(title), None) => Some(with_section(root, section, title)?),
    };
    check_inside(root, section)?;
    let file = shown_path(root, &relative);
    if fs::symlink_metadata(root.join(&relative)).is_ok() {
        bail_usage!("`{}` already exists", file.display(); help = "choose another name for the action");
    }

    let text: Arc<str> = Arc::from(action_text(request)?);
    let edited = EditedAction {
        id: id.clone(),
        file: file.clone(),
        text: Arc::clone(&text),
    };
    let manifest_text = manifest_edit.as_ref().map(|(_, text)| Arc::clone(text));
    let mut review = session.review(&[edited], manifest_text.as_ref(), request.as_of);
    // The section's directory is made when the file is written.
    review.gained.retain(|diagnostic| {
        !(diagnostic.code == Code::SectionMissing
            && diagnostic.message.contains(&format!("`{section}`")))
    });
    let mut edits = vec![FileEdit {
        path: file.clone(),
        before: None,
        after: text.to_string(),
        removed: false,
    }];
    let mut summary = format!("{id}: created {}", file.display());
    if let Some((source, text)) = &manifest_edit {
        edits.push(FileEdit {
            path: shown_path(root, Path::new(MANIFEST_FILE)),
            before: Some(source.original().to_string()),
            after: source.restore(text),
            removed: false,
        });
        summary.push_str(&format!("; section `{section}` added to csp.toml"));
    }
    Ok(Created {
        reviewed: Reviewed {
            outcome: Outcome::of(review.gained, edits),
            unchanged: summary.clone(),
            summary,
        },
        id,
        file,
    })
}

/// The problems in `file` once a person has edited it (`csp new --edit`):
/// the plan in `root` loaded again and checked as `csp validate` would.
pub fn check_after_editing(
    root: &Path,
    file: &Path,
    as_of: NaiveDate,
) -> anyhow::Result<Vec<Diagnostic>> {
    let loaded = load::load(root)?;
    Ok(validate(&loaded, as_of)
        .into_iter()
        .filter(|diagnostic| diagnostic.file.as_deref() == Some(file))
        .collect())
}

fn unknown_section(section: &str, manifest: &Manifest) -> Error {
    let last = section.rsplit('/').next().unwrap_or(section);
    let candidates = manifest.sections.iter().flat_map(|known| {
        let known_last = known.path.rsplit('/').next().unwrap_or(&known.path);
        [
            (known.path.as_str(), known.path.as_str()),
            (known_last, known.path.as_str()),
        ]
    });
    let near = suggest::closest(section, candidates.clone())
        .or_else(|| suggest::closest(last, candidates));
    let create = "to start a new section, add --new-section \"Title\"";
    Error::usage(format!("there is no section `{section}` in csp.toml")).with_help(match near {
        Some(near) => format!("did you mean `{near}`? Or, {create}"),
        None => format!("csp.toml's [sections] lists the plan's sections; {create}"),
    })
}

/// Refuses a section path that goes through a symbolic link or a file:
/// the new file must land inside the plan, where csp will read it.
fn check_inside(root: &Path, section: &str) -> anyhow::Result<()> {
    let mut relative = PathBuf::new();
    for part in section.split('/') {
        relative.push(part);
        let shown = shown_path(root, &relative);
        match fs::symlink_metadata(root.join(&relative)) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                bail_usage!("`{}` is a symbolic link; csp does not write through links, which could lead outside the plan", shown.display(); help = "make it a real directory, or choose another section")
            }
            Ok(metadata) if !metadata.is_dir() => {
                bail!("`{}` is a file, not a section directory", shown.display())
            }
            Ok(_) => {}
            // Missing: created with the file.
            Err(_) => break,
        }
    }
    Ok(())
}

/// The new action file, in the layout `csp fmt` gives.
fn action_text(request: &NewRequest) -> anyhow::Result<String> {
    let mut document = ActionDocument::default();
    document.set(Field::Title, string_value(request.title.trim())?);
    let description = request.description.as_deref().unwrap_or(&request.title);
    document.set(Field::Description, string_value(description.trim())?);
    document.set(Field::Lead, string_list(&request.leads)?);
    if !request.priority.is_empty() {
        let numbers: Vec<i64> = request.priority.iter().map(|n| i64::from(*n)).collect();
        document.set(Field::Priority, number_list(&numbers)?);
    }
    if let Some(due) = &request.due {
        let due = due.trim();
        let value = match parse_date(due) {
            Ok(day) => date_value(day)?,
            Err(_) => string_value(due)?,
        };
        document.set(Field::Due, value);
    }
    if let Some(every) = &request.every {
        document.set(Field::Every, string_value(every.trim())?);
    }
    Ok(document.text())
}

/// csp.toml as read, and its text with `section = title` added.
fn with_section(root: &Path, section: &str, title: &str) -> anyhow::Result<(Source, Arc<str>)> {
    if let Err(problem) = PlanPath::parse(section) {
        bail_usage!("`{section}` cannot name a new section directory: a part {problem}"; help = "use lowercase letters, digits and '-' in each part, e.g. `{}`", section
                .split('/')
                .map(|part| portable::make_part(part, portable::MAX_PART_CHARS))
                .collect::<Vec<_>>()
                .join("/"));
    }
    if title.trim().is_empty() || title.contains('\n') {
        bail_usage!("the new section's title must be one line of text"; help = "e.g. --new-section \"Prevent duty\"");
    }
    let path = root.join(MANIFEST_FILE);
    let source = Source::new(
        fs::read_to_string(&path).with_context(|| format!("cannot read `{}`", path.display()))?,
    );
    let mut manifest = ManifestDocument::parse(source.text())?;
    manifest.add_section(section, title.trim())?;
    Ok((source, Arc::from(manifest.text())))
}
