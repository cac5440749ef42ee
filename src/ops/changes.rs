//! `csp changes`: what changed in the plan between two points of its git
//! history, with what may not go out left out.

use crate::changes::{self, ChangeSet, Since};
use crate::disclosure::Disclosure;
use crate::load::Loaded;
use crate::model::{Marking, SENSITIVE};
use crate::plural;

/// A comparison, resolved.
#[derive(Debug)]
pub struct ChangesRequest {
    /// The earlier point.
    pub since: Since,
    /// The later point, a git revision or day as git reads it; the plan on
    /// disk when `None`.
    pub until: Option<String>,
    pub disclosure: Disclosure,
}

/// The changes that may go out.
#[derive(Debug)]
pub struct Changes {
    pub set: ChangeSet,
    /// OFFICIAL-SENSITIVE when a change shown is to a sensitive action.
    pub marking: Marking,
    /// One line for the officer: whose changes were left out.
    pub left_out: Option<String>,
}

/// The changes `request` asks for.
pub fn changes(loaded: &Loaded, request: &ChangesRequest) -> anyhow::Result<Changes> {
    let mut set = changes::from_history(loaded, &request.since, request.until.as_deref())?;
    let (withheld, shown) = request.disclosure.apply_to_changes(&loaded.plan, &mut set);
    let (measures_withheld, measures_shown) = request
        .disclosure
        .apply_to_measure_changes(&loaded.plan, &mut set);
    let mut whose = Vec::new();
    if withheld > 0 {
        whose.push(plural::count(withheld, &format!("{SENSITIVE} action")));
    }
    if measures_withheld > 0 {
        whose.push(plural::count(
            measures_withheld,
            &format!("{SENSITIVE} measure"),
        ));
    }
    Ok(Changes {
        set,
        marking: if shown + measures_shown > 0 {
            Marking::OfficialSensitive
        } else {
            Marking::Official
        },
        left_out: (!whose.is_empty()).then(|| {
            format!(
                "the changes to {} are not shown; --include-sensitive shows them",
                whose.join(" and ")
            )
        }),
    })
}
