//! `csp new`: write a new action file, checked like the rest of the plan,
//! and optionally add its section to csp.toml.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::Args;
use toml_edit::{DocumentMut, Item, Key, Table};

use crate::cli::output::{begin_session, print_diagnostics, settle};
use crate::cli::{AsOfArgs, Exit, PlanArgs, WriteArgs};
use csp::bail_usage;
use csp::dates::parse_date;
use csp::diagnostic::Code;
use csp::edit::document::{ActionDocument, insert_key_at, number_list, string_list, string_value};
use csp::edit::{EditedAction, FileEdit, Outcome, Source};
use csp::error::Error;
use csp::field::Field;
use csp::load::MANIFEST_FILE;
use csp::model::shown_path;
use csp::model::{ActionId, Manifest};
use csp::portable::{self, PlanPath};
use csp::suggest;

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// Where the action goes, as SECTION/SLUG (e.g. statutory-duties/prevent-duty/refresh-training):
    /// a section of csp.toml, and a file name of lowercase letters, digits and '-'
    #[arg(value_name = "SECTION/SLUG")]
    pub id: String,
    /// A one-line summary of the action
    #[arg(long)]
    pub title: String,
    /// Who leads it: a key of [leads] in csp.toml; repeat, or separate with commas, for more
    #[arg(long, required = true, value_name = "KEY")]
    pub lead: Vec<String>,
    /// The action as the plan words it [default: the title]
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// When it is due: a month (2024-03) or a day (2024-03-31)
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// How often it recurs, e.g. quarter or "6 months"
    #[arg(long, value_name = "PERIOD")]
    pub every: Option<String>,
    /// A CSP priority it serves (a key of [priorities]); repeat for more
    #[arg(long, value_name = "N")]
    pub priority: Vec<u32>,
    /// Create SECTION as a new section with this title, adding it to [sections] in csp.toml
    #[arg(long, value_name = "TITLE")]
    pub new_section: Option<String>,
    /// Open the new file in $VISUAL or $EDITOR once written
    #[arg(long, conflicts_with = "dry_run")]
    pub edit: bool,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub(crate) fn run(args: &NewArgs) -> anyhow::Result<Exit> {
    let (section, slug) = parse_target(&args.id)?;
    let editor = if args.edit { Some(editor()?) } else { None };
    let session = begin_session(&args.plan.root()?, &args.write)?;
    let loaded = session.loaded();
    if !loaded.has_manifest {
        bail_usage!("the plan's csp.toml could not be read, so csp cannot check the new action"; help = "`csp validate` shows what is wrong with it");
    }
    let root = loaded.plan.root.clone();
    let relative = PathBuf::from(&section).join(format!("{slug}.toml"));
    let id = ActionId::from_relative_path(&relative);
    if loaded.all_actions().any(|action| action.id == id) {
        bail_usage!("an action with the id `{id}` already exists"; help = "choose another name, or change that one with `csp set`");
    }
    let manifest = &loaded.plan.manifest;
    let manifest_edit = match (&args.new_section, manifest.section(&section)) {
        (None, Some(_)) => None,
        (None, None) => return Err(unknown_section(&section, manifest).into()),
        (Some(_), Some(existing)) => {
            bail_usage!("section `{section}` is already in csp.toml, as \"{}\"", existing.title; help = "leave out --new-section")
        }
        (Some(title), None) => Some(add_section(&root, &section, title)?),
    };
    check_inside(&root, &section)?;
    let file = shown_path(&root, &relative);
    if fs::symlink_metadata(root.join(&relative)).is_ok() {
        bail_usage!("`{}` already exists", file.display(); help = "choose another name for the action");
    }

    let text: Arc<str> = Arc::from(action_text(args)?);
    let edited = EditedAction {
        id: id.clone(),
        file: file.clone(),
        text: Arc::clone(&text),
    };
    let manifest_text = manifest_edit.as_ref().map(|(_, text)| Arc::clone(text));
    let mut review = session.review(
        &[edited],
        manifest_text.as_ref(),
        args.as_of.resolve(manifest)?,
    );
    // The section's directory is made when the file is written.
    review.gained.retain(|diagnostic| {
        !(diagnostic.code == Code::SectionMissing
            && diagnostic.message.contains(&format!("`{section}`")))
    });
    let mut edits = vec![FileEdit {
        path: file.clone(),
        before: None,
        after: text.to_string(),
    }];
    let mut summary = format!("{id}: created {}", file.display());
    if let Some((source, text)) = &manifest_edit {
        edits.push(FileEdit {
            path: shown_path(&root, Path::new(MANIFEST_FILE)),
            before: Some(source.original().to_string()),
            after: source.restore(text),
        });
        summary.push_str(&format!("; section `{section}` added to csp.toml"));
    }
    let outcome = Outcome::of(review.gained, edits);
    let exit = settle(&session, outcome, &args.write, &summary, &summary)?;
    // The file is written: let other writers in while a person edits it.
    drop(session);
    match editor {
        Some(editor) => open_in_editor(&editor, &file, args, &id),
        None => Ok(exit),
    }
}

/// `SECTION/SLUG`, checked to name a file inside the plan that csp reads.
fn parse_target(text: &str) -> anyhow::Result<(String, String)> {
    let example =
        "help: give SECTION/SLUG under the plan directory, e.g. statutory-duties/refresh-training";
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
    Ok((section.join("/"), (*slug).to_string()))
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
fn action_text(args: &NewArgs) -> anyhow::Result<String> {
    let mut document = ActionDocument::default();
    document.set(Field::Title, string_value(args.title.trim())?);
    let description = args.description.as_deref().unwrap_or(&args.title);
    document.set(Field::Description, string_value(description.trim())?);
    let leads: Vec<String> = args
        .lead
        .iter()
        .flat_map(|lead| lead.split(','))
        .map(str::trim)
        .filter(|lead| !lead.is_empty())
        .map(str::to_string)
        .collect();
    document.set(Field::Lead, string_list(&leads)?);
    if !args.priority.is_empty() {
        let numbers: Vec<i64> = args.priority.iter().map(|n| i64::from(*n)).collect();
        document.set(Field::Priority, number_list(&numbers)?);
    }
    if let Some(due) = &args.due {
        let due = due.trim();
        let value = match parse_date(due) {
            Ok(day) => csp::edit::document::date_value(day)?,
            Err(_) => string_value(due)?,
        };
        document.set(Field::Due, value);
    }
    if let Some(every) = &args.every {
        document.set(Field::Every, string_value(every.trim())?);
    }
    Ok(document.text())
}

/// csp.toml with `section = title` added to [sections], after its parent's
/// last subsection (or at the end), quoted like the keys around it.
fn add_section(root: &Path, section: &str, title: &str) -> anyhow::Result<(Source, Arc<str>)> {
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
    let mut doc: DocumentMut = source
        .text()
        .parse()
        .with_context(|| format!("cannot read `{}` as TOML", path.display()))?;
    if doc.get("sections").is_none() {
        doc.insert("sections", Item::Table(Table::new()));
    }
    let Some(sections) = doc.get_mut("sections").and_then(Item::as_table_mut) else {
        bail_usage!("[sections] in csp.toml is not a table"; help = "`csp validate` shows what is wrong with it");
    };
    let keys: Vec<String> = sections.iter().map(|(key, _)| key.to_string()).collect();
    let at = match section.rsplit_once('/') {
        Some((parent, _)) => keys
            .iter()
            .rposition(|key| key == parent || key.starts_with(&format!("{parent}/")))
            .map_or(keys.len(), |index| index + 1),
        None => keys.len(),
    };
    let quoted = sections.iter().next().is_some_and(|(key, _)| {
        sections
            .key(key)
            .and_then(Key::as_repr)
            .and_then(|repr| repr.as_raw().as_str())
            .is_some_and(|raw| raw.starts_with('"'))
    });
    let key = if quoted {
        Key::parse(&format!("\"{section}\""))
            .ok()
            .and_then(|keys| keys.into_iter().next())
            .unwrap_or_else(|| Key::new(section))
    } else {
        Key::new(section)
    };
    insert_key_at(sections, &key, Item::Value(string_value(title.trim())?), at);
    Ok((source, Arc::from(doc.to_string())))
}

/// The editor to run: $VISUAL, else $EDITOR, as a program and its arguments.
fn editor() -> anyhow::Result<Vec<String>> {
    let words: Vec<String> = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().into_owned())
        .find(|value| !value.trim().is_empty())
        .map(|value| value.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if words.is_empty() {
        bail_usage!("--edit needs an editor, and neither VISUAL nor EDITOR is set"; help = "e.g. EDITOR=nano csp new … --edit");
    }
    Ok(words)
}

/// Opens the written file in the editor (run directly, not through a
/// shell), then checks it again. A file that no longer validates is kept
/// as it is, so no typing is lost, and the problems are shown.
fn open_in_editor(
    editor: &[String],
    file: &Path,
    args: &NewArgs,
    id: &ActionId,
) -> anyhow::Result<Exit> {
    let Some((program, arguments)) = editor.split_first() else {
        return Ok(Exit::Ok);
    };
    let status = Command::new(program)
        .args(arguments)
        .arg(file)
        .status()
        .with_context(|| {
            format!(
                "cannot start the editor `{program}`; `{}` is written",
                file.display()
            )
        })?;
    if !status.success() {
        bail_usage!("the editor `{program}` failed ({status}); `{}` is kept as it is", file.display(); help = "check it with `csp validate`");
    }
    let loaded = args.plan.load()?;
    let problems: Vec<_> =
        csp::validate::validate(&loaded, args.as_of.resolve(&loaded.plan.manifest)?)
            .into_iter()
            .filter(|diagnostic| diagnostic.file.as_deref() == Some(file))
            .collect();
    print_diagnostics(&problems)?;
    if problems.iter().any(csp::diagnostic::Diagnostic::is_error) {
        let mut err = anstream::stderr().lock();
        writeln!(
            err,
            "error: `{id}` has errors after editing; the file is kept as you left it\nhelp: fix it, then check with `csp validate`"
        )?;
        return Ok(Exit::Failed);
    }
    Ok(Exit::Ok)
}
