//! What changed in the plan between two points of its history, read as
//! actions rather than lines: added, removed, moved, and field by field,
//! with how often each deadline was pushed back on the way.
//!
//! The pipeline: `snapshot` reads from git the plan at each end and the
//! files each commit in between touched; `diff` compares the two ends, and
//! `slips` counts the deadlines pushed back step by step; both know a moved
//! action by one rule, `moves`. Neither runs git, so both are unit-tested
//! on plans built in memory. `diff` uses `slips` (a change set carries the
//! slipping actions), never the other way round.

mod diff;
pub mod measures;
mod moves;
mod slips;
mod snapshot;

use chrono::NaiveDate;

use crate::dates::uk_date;
use crate::git::{Commit, Repo};
use crate::load;

pub use diff::{ActionRef, ChangeSet, Changed, FieldChange, Moved, diff};
pub use slips::{Slipping, slipped};
pub use snapshot::{Point, Snapshot};

use slips::Slips;

/// The plan's changes from `from` to `to`, with deadline slips counted over
/// the commits in between and, where `to` is the working tree with
/// uncommitted edits, over the step from `head` to it.
pub fn compare(
    repo: &Repo,
    from: Point,
    to: Point,
    old: &Snapshot,
    new: &Snapshot,
    head: Option<&Snapshot>,
) -> anyhow::Result<ChangeSet> {
    let steps = repo.steps(&from.to_commit(), &to.to_commit())?;
    let mut slips = Slips::default();
    for (before, after) in snapshot::step_actions(repo, &steps)? {
        slips.step_actions(&before, &after);
    }
    if let Some(head) = head {
        slips.step(head, new);
    }
    let mut set = diff(old, new, from, to);
    for changed in &mut set.changed {
        changed.slips = slips.count(&changed.id);
    }
    set.slipping = slips.slipping(new);
    Ok(set)
}

/// The plan's changes from `since` (a revision or a day) to `until` (a
/// revision or a day), or to the plan on disk when `until` is `None`.
/// Where a comparison starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    /// A git revision (`HEAD~3`, a tag, a hash), or a day `YYYY-MM-DD`
    /// meaning the last commit before it began.
    Revision(String),
    /// A meeting: the plan as it stood at the end of its day, unless the
    /// repository has the tag `KEY-YYYY-MM-DD`, which then wins.
    Meeting { key: String, day: NaiveDate },
}

impl Since {
    fn resolve(&self, repo: &Repo) -> anyhow::Result<(Commit, Point)> {
        match self {
            Since::Revision(text) => {
                let commit = repo.resolve(text)?;
                let point = Point::at(text, &commit);
                Ok((commit, point))
            }
            Since::Meeting { key, day } => {
                let tag = format!("{key}-{}", day.format("%Y-%m-%d"));
                if let Some(commit) = repo.tag(&tag)? {
                    let point = Point::at(&tag, &commit);
                    return Ok((commit, point));
                }
                let next_day = day.succ_opt().unwrap_or(*day);
                let commit = repo.last_commit_before(next_day)?;
                let point = Point::at(&format!("the end of {}", uk_date(*day)), &commit);
                Ok((commit, point))
            }
        }
    }
}

pub fn from_history(
    loaded: &load::Loaded,
    since: &Since,
    until: Option<&str>,
) -> anyhow::Result<ChangeSet> {
    let repo = Repo::discover(&loaded.plan.root)?;
    let (from_commit, from) = since.resolve(&repo)?;
    let since = from.label.clone();
    let (to, to_commit) = if let Some(until) = until {
        let commit = repo.resolve(until)?;
        (Point::at(until, &commit), commit)
    } else {
        let head = repo.resolve("HEAD")?;
        let point = Point {
            label: "working tree".into(),
            commit: head.hash.clone(),
            date: head.date,
            working_tree: true,
            uncommitted: repo.plan_is_dirty()?,
        };
        (point, head)
    };
    if from_commit != to_commit && repo.is_ancestor(&to_commit, &from_commit)? {
        anyhow::bail!(
            "`{}` is older than `{since}`, so there is nothing after one and before the other\nhelp: swap them: --since {} --until {since}",
            until.unwrap_or("HEAD"),
            until.unwrap_or("HEAD")
        );
    }
    let old = Snapshot::at(&repo, &from_commit)?;
    let (new, head) = if to.working_tree {
        let head = if to.uncommitted {
            Some(Snapshot::at(&repo, &to_commit)?)
        } else {
            None
        };
        (Snapshot::of_loaded(loaded), head)
    } else {
        (Snapshot::at(&repo, &to_commit)?, None)
    };
    compare(&repo, from, to, &old, &new, head.as_ref())
}
