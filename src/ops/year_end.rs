//! `csp year-end`: the year-end report on a plan year. While the year
//! runs, it is an interim report on the plan on disk; once the year has
//! ended (the as-of day is after its 31 March, or `--year` names an
//! earlier year) it is read from git as the plan stood at the year's end:
//! the tag `year-2023-24` when the repository has it, else the last commit
//! before 1 April. So the report can be made again, byte for byte, years
//! later, whatever the live plan has become.

use chrono::NaiveDate;

use crate::changes::Snapshot;
use crate::dates::{FinancialYear, uk_date};
use crate::disclosure::Disclosure;
use crate::error::{Error, ErrorKind};
use crate::git::{Commit, Repo};
use crate::load::{self, Loaded};
use crate::model::Plan;
use crate::view::year_end::YearEnd;

/// A year-end report, resolved.
#[derive(Clone, Copy, Debug)]
pub struct YearEndRequest {
    /// The year to report on; the plan's `[plan] year` when `None`.
    pub year: Option<FinancialYear>,
    pub as_of: NaiveDate,
    pub disclosure: Disclosure,
}

/// The report, and what the disclosure rule left out of it.
#[derive(Debug)]
pub struct YearEndReport {
    pub report: YearEnd,
    /// One line for the officer: how many sensitive actions were left out.
    pub left_out: Option<String>,
}

/// The tag that marks the plan as it stood at the end of `year`:
/// `year-2023-24`.
pub fn tag_of(year: FinancialYear) -> String {
    format!("year-{}", year.slug())
}

/// The year `request` names, or the plan's, or an error with the fix.
pub fn year_of(loaded: &Loaded, year: Option<FinancialYear>) -> anyhow::Result<FinancialYear> {
    year.or(loaded.plan.manifest.year).ok_or_else(|| {
        Error::usage("the plan names no year, so csp cannot tell which year to report on")
            .with_help("set the plan's year in csp.toml, e.g. [plan] year = \"2023/24\", or name it: --year 2023/24")
            .into()
    })
}

pub fn year_end(loaded: &Loaded, request: &YearEndRequest) -> anyhow::Result<YearEndReport> {
    let year = year_of(loaded, request.year)?;
    let as_of = request.as_of;
    if as_of < year.first_day() {
        return Err(Error::usage(format!(
            "{year} begins on {}, after the as-of day {}",
            uk_date(year.first_day()),
            uk_date(as_of)
        ))
        .with_help(format!(
            "report on a year that has begun, e.g. --year {}",
            FinancialYear::containing(as_of).map_or_else(|| year.to_string(), |y| y.to_string())
        ))
        .into());
    }
    if as_of <= year.last_day() {
        return Ok(build(&loaded.plan, year, as_of, None, request.disclosure));
    }
    let repo = repository(&loaded.plan, year)?;
    let commit = at_year_end(&repo, year)?;
    let plan = plan_at(&repo, &commit, &loaded.plan)?;
    Ok(build(
        &plan,
        year,
        year.last_day(),
        Some(describe(&commit)),
        request.disclosure,
    ))
}

/// The report on `plan` for `year`, counted to `day`.
pub fn build(
    plan: &Plan,
    year: FinancialYear,
    day: NaiveDate,
    source: Option<String>,
    disclosure: Disclosure,
) -> YearEndReport {
    let disclosed = disclosure.apply(plan, plan.actions.iter().collect());
    let measures = disclosure.apply_to_measures(plan, plan.measures.iter().collect());
    let marking = disclosed.marking_with(&measures);
    YearEndReport {
        report: YearEnd::build(
            plan,
            &disclosed.actions,
            &measures.measures,
            year,
            day,
            marking,
            source,
        ),
        left_out: disclosed.note_with(&measures),
    }
}

/// How the report's footnote names the commit it was read from.
pub fn describe(commit: &Commit) -> String {
    format!("commit {} of {}", commit.short(), uk_date(commit.date))
}

/// The repository holding the plan, for a year that has ended.
pub(crate) fn repository(plan: &Plan, year: FinancialYear) -> anyhow::Result<Repo> {
    Repo::discover(&plan.root).map_err(|error| {
        match error.downcast_ref::<Error>() {
            Some(found) if found.kind == ErrorKind::Usage => Error::usage(format!(
                "{year} ended on {}, and csp reads a year that has ended as the plan stood at its end, from git; the plan `{}` is not in a git repository",
                uk_date(year.last_day()),
                plan.root.display()
            ))
            .with_help(format!(
                "keep the plan in git (`git init`, then commit it), or report on the plan as it is now: --as-of {}",
                year.last_day()
            ))
            .into(),
            _ => error,
        }
    })
}

/// The commit holding the plan as it stood at the end of `year`: the tag
/// `year-2023-24`, else the last commit before the next year began.
pub(crate) fn at_year_end(repo: &Repo, year: FinancialYear) -> anyhow::Result<Commit> {
    if let Some(commit) = repo.tag(&tag_of(year))? {
        return Ok(commit);
    }
    let next = year.last_day().succ_opt().unwrap_or(year.last_day());
    repo.last_commit_before(next)
}

/// The plan at `commit`, its dues counted from its start resolved as the
/// loader resolves them.
fn plan_at(repo: &Repo, commit: &Commit, live: &Plan) -> anyhow::Result<Plan> {
    let snapshot = Snapshot::at(repo, commit)?;
    let manifest = snapshot.manifest.unwrap_or_default();
    let mut actions = snapshot.actions;
    load::resolve_from_start(&mut actions, manifest.start);
    Ok(Plan {
        root: live.root.clone(),
        manifest,
        actions,
        measures: snapshot.measures,
    })
}
