//! `csp rollover --to 2024/25`: close the plan year and start the next, as
//! one change through the edit session (its lock, its review with `csp
//! validate`'s rules, its `--dry-run` diff):
//!
//! - the year-end report is written to `reports/2023-24-year-end.md` in
//!   the plan directory (Markdown: the loader reads only `.toml` files, so
//!   a report is never taken for an action), counted to the year's last
//!   day and holding every action, sensitive ones included (it is a record
//!   kept beside the plan's own files): so it is byte for byte what
//!   `csp year-end --year 2023/24 --include-sensitive` gives later from git;
//! - every done or dropped action is retired: its file removed (git keeps
//!   it, and the report lists it);
//! - every other action is carried: a progress note "Carried over from
//!   2023/24" dated the rollover day, and a due counted from the old start
//!   (`start+6m`) fixed to its day; recurring actions keep their rule;
//! - `[plan] year` becomes the new year, and a `start` csp.toml writes
//!   becomes the new year's first day (an unwritten one follows the year).
//!
//! Nothing is committed or tagged: the outcome carries the git commands
//! for the officer to run.
//!
//! Performance measures are not edited: they keep their series, which
//! runs on across years. Each measure with no target for the new year (for
//! the year, or for any of its periods) is listed, for the partnership to
//! set one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::reviewed::Reviewed;
use super::year_end::{self, describe, tag_of};
use crate::dates::FinancialYear;
use crate::disclosure::Disclosure;
use crate::edit::document::due_value;
use crate::edit::{FileEdit, ManifestDocument, Outcome, Session, Source};
use crate::error::Error;
use crate::field::Field;
use crate::git::Repo;
use crate::load::MANIFEST_FILE;
use crate::model::{ActionId, Plan, Status, TargetFor, shown_path};
use crate::render::year_end::markdown;

/// Where year-end reports are kept, under the plan directory.
pub const REPORTS_DIR: &str = "reports";

/// A rollover, resolved.
#[derive(Clone, Copy, Debug)]
pub struct RolloverRequest {
    /// The year to roll into: the one after `[plan] year`.
    pub to: FinancialYear,
    /// The rollover day: the carried-over notes' date.
    pub on: NaiveDate,
    pub as_of: NaiveDate,
    /// A dry run may look at a plan with uncommitted changes; a rollover
    /// may not, so that the tag it asks for names the plan it reported on.
    pub dry_run: bool,
}

/// The change, and what to tell the officer.
#[derive(Debug)]
pub struct Rolled {
    pub reviewed: Reviewed,
    /// The report, as written.
    pub report_file: PathBuf,
    /// The retired actions' ids, done then dropped, in plan order.
    pub retired: Vec<String>,
    /// The git commands to run afterwards, in order.
    pub commands: Vec<String>,
    /// Measures with no target for the new year: id and title.
    pub untargeted: Vec<(String, String)>,
}

/// The report's path under the plan root: `reports/2023-24-year-end.md`.
pub fn report_path(year: FinancialYear) -> String {
    format!("{REPORTS_DIR}/{}-year-end.md", year.slug())
}

pub fn rollover(session: &Session, request: &RolloverRequest) -> anyhow::Result<Rolled> {
    let loaded = session.loaded();
    let plan = &loaded.plan;
    let year = check_years(plan, request.to)?;
    if loaded.error_count() > 0 {
        return Err(Error::usage(format!(
            "the plan has {}, and a rollover changes every action file",
            crate::plural::count(loaded.error_count(), "error")
        ))
        .with_help("fix them first: `csp validate` shows each one")
        .into());
    }
    let source = committed_source(plan, year, request.dry_run)?;
    let built = year_end::build(plan, year, year.last_day(), source, Disclosure::new(true));
    let report_text = markdown(&built.report);
    let report_file = shown_path(&plan.root, Path::new(&report_path(year)));
    let note = format!("Carried over from {year}");

    let mut edits = vec![FileEdit {
        before: std::fs::read_to_string(&report_file).ok(),
        path: report_file.clone(),
        after: report_text,
        removed: false,
    }];
    let mut edited = Vec::new();
    let mut removed = Vec::new();
    let mut fixed = 0;
    for action in &plan.actions {
        let mut edit = session.open(action.id.as_str())?;
        if matches!(action.status, Status::Done | Status::Dropped) {
            removed.push(action.id.clone());
            edits.push(edit.removal());
            continue;
        }
        if action.due_from_start.is_some()
            && let Some(day) = action.due
        {
            // `start+6m` was text; its day is written as a TOML date.
            edit.document.set(Field::Due, due_value(day, false)?);
            fixed += 1;
        }
        edit.document.append_update(request.on, &note)?;
        edited.push(edit.edited());
        edits.push(edit.file_edit());
    }
    edits.extend(keep_emptied_sections(plan, &removed));
    let manifest_file = shown_path(&plan.root, Path::new(MANIFEST_FILE));
    let source = Source::new(std::fs::read_to_string(&manifest_file).map_err(|error| {
        Error::environment(format!(
            "cannot read `{}`: {error}",
            manifest_file.display()
        ))
    })?);
    let mut manifest = ManifestDocument::parse(source.text())?;
    manifest.set_plan_year(request.to)?;
    if plan.manifest.start_written {
        manifest.set_plan_start(request.to.first_day())?;
    }
    let manifest_text: Arc<str> = Arc::from(manifest.text());
    edits.push(FileEdit {
        path: manifest_file,
        before: Some(source.original().to_string()),
        after: source.restore(&manifest_text),
        removed: false,
    });
    let review = session.review_change(&edited, &removed, &[], Some(&manifest_text), request.as_of);

    let retired: Vec<String> = built.report.retired().map(|row| row.id.clone()).collect();
    let summary = format!(
        "rollover from {year} into {}: the year-end report in {}; {} retired (done or dropped); {} carried, each with the note \"{note}\"{}",
        request.to,
        report_file.display(),
        crate::plural::count(retired.len(), "action"),
        crate::plural::count(edited.len(), "action"),
        match fixed {
            0 => String::new(),
            1 => "; 1 due counted from the old start written as its day".into(),
            n => format!("; {n} dues counted from the old start written as their days"),
        }
    );
    let root = plan.root.display();
    let commands = vec![
        format!("git tag {}", tag_of(year)),
        format!("git add -A -- {root}"),
        format!(
            "git commit -m \"Roll the plan over from {year} into {}\" -- {root}",
            request.to
        ),
    ];
    Ok(Rolled {
        reviewed: Reviewed {
            outcome: Outcome::of(review.gained, edits),
            unchanged: summary.clone(),
            summary,
        },
        report_file,
        retired,
        commands,
        untargeted: untargeted(plan, request.to),
    })
}

/// A `.gitkeep` in each section of csp.toml the rollover empties: git
/// does not keep an empty directory, and a fresh clone would then warn
/// that the section has none. The loader skips dot-files, so the file is
/// never read as an action.
fn keep_emptied_sections(plan: &Plan, removed: &[ActionId]) -> Vec<FileEdit> {
    plan.manifest
        .sections
        .iter()
        .filter(|section| {
            let beneath = |action: &&crate::model::Action| {
                let id = action.id.as_str();
                id.strip_prefix(section.path.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            };
            let mut held = plan.actions.iter().filter(beneath).peekable();
            held.peek().is_some() && held.all(|action| removed.contains(&action.id))
        })
        .filter_map(|section| {
            let keep = shown_path(&plan.root, &Path::new(&section.path).join(".gitkeep"));
            (!keep.exists()).then(|| FileEdit {
                path: keep,
                before: None,
                after: String::new(),
                removed: false,
            })
        })
        .collect()
}

/// The measures with no target for `year`, neither the year's nor any of
/// its periods'.
fn untargeted(plan: &Plan, year: FinancialYear) -> Vec<(String, String)> {
    plan.measures
        .iter()
        .filter(|measure| {
            !measure
                .targets
                .iter()
                .any(|target| match target.applies_to {
                    TargetFor::Year(of) => of == year,
                    TargetFor::Period(period) => period.financial_year() == year,
                })
        })
        .map(|measure| (measure.id.to_string(), measure.title.clone()))
        .collect()
}

/// The plan's year, when `to` is the year after it; else the error that
/// says why not and what to run.
fn check_years(plan: &Plan, to: FinancialYear) -> anyhow::Result<FinancialYear> {
    let Some(year) = plan.manifest.year else {
        return Err(Error::usage(format!(
            "the plan names no year, so csp cannot tell which year rolls over into {to}"
        ))
        .with_help(format!(
            "set the year now ending in csp.toml, e.g. [plan] year = \"{}\", then run the rollover again",
            to.start_year()
                .checked_sub(1)
                .and_then(FinancialYear::starting)
                .map_or_else(|| "2023/24".into(), |year| year.to_string())
        ))
        .into());
    };
    let next = year.next();
    if Some(to) == next {
        return Ok(year);
    }
    let message = match to.cmp(&year) {
        std::cmp::Ordering::Equal => {
            format!("the plan is for {year} already: it has been rolled over into it")
        }
        std::cmp::Ordering::Less => {
            format!("the plan is for {year}: a rollover to {to} would go backwards")
        }
        std::cmp::Ordering::Greater => {
            format!("the plan is for {year}: a rollover to {to} would skip a year")
        }
    };
    Err(Error::usage(message)
        .with_help(match next {
            Some(next) => format!("roll over into the next year: csp rollover --to {next}"),
            None => "csp reads financial years up to 9998/99".into(),
        })
        .into())
}

/// Where the report says it was read from: the commit the tag will name,
/// when the plan is in git with nothing uncommitted. A plan with
/// uncommitted changes is refused (but for a dry run, which reports on
/// the plan on disk), so that the tag and the report agree.
fn committed_source(
    plan: &Plan,
    year: FinancialYear,
    dry_run: bool,
) -> anyhow::Result<Option<String>> {
    let Ok(repo) = Repo::discover(&plan.root) else {
        return Ok(None);
    };
    if repo.plan_is_dirty()? {
        if dry_run {
            return Ok(None);
        }
        return Err(Error::usage(format!(
            "the plan `{}` has changes not yet committed: commit the plan as it stands at the end of {year} first, so that the tag year-end reports are read from names it",
            plan.root.display()
        ))
        .with_help(format!(
            "git add -A -- {root} && git commit -m \"The plan at the end of {year}\" -- {root}, then run the rollover again",
            root = plan.root.display()
        ))
        .into());
    }
    Ok(Some(describe(&repo.resolve("HEAD")?)))
}
