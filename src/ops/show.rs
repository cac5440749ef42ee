//! `csp show ID`: one action in full, or one performance measure, when it
//! may be shown. A bare id names a measure when no action has it;
//! `measures/<id>` names only a measure.

use crate::disclosure::Disclosure;
use crate::error::Error;
use crate::load::{Loaded, MeasureQuery, ResolveError};
use crate::model::{ActionId, MEASURES_DIR};
use crate::view::{Context, Detail, MeasureDetail};
use crate::window::LookAhead;

/// One action, resolved.
#[derive(Debug)]
pub struct ShowRequest<'a, 'm> {
    /// Its id, any unique trailing part of it, or its file's path; or a
    /// measure's id, or `measures/<id>`.
    pub id: &'a str,
    /// From its first day, and "due soon" up to its last.
    pub window: LookAhead<'m>,
    pub disclosure: Disclosure,
}

/// The action or measure in full, or why it is not shown.
#[derive(Debug)]
pub enum Shown<'p> {
    Detail(Box<Detail<'p>>),
    /// A performance measure, judged on the window's first day.
    Measure(Box<MeasureDetail>),
    /// An OFFICIAL-SENSITIVE measure the disclosure leaves out: its id.
    MeasureWithheld(String),
    /// Its file has errors, and no command trusts such a file.
    HasErrors(ActionId),
    /// It is OFFICIAL-SENSITIVE and the disclosure leaves it out.
    Withheld(ActionId),
}

/// The action or measure `request` names. An id that names no single one
/// is an error, and so is one that names both an action and a measure.
pub fn show<'p>(loaded: &'p Loaded, request: &ShowRequest<'_, '_>) -> anyhow::Result<Shown<'p>> {
    let plan = &loaded.plan;
    let wanted = MeasureQuery::new(&plan.root, request.id);
    let as_action = loaded.resolve(request.id);
    let measure = if wanted.explicit {
        Some(loaded.resolve_measure(request.id)?)
    } else {
        plan.measure(&wanted.id)
    };
    if let Some(measure) = measure {
        if let (false, Ok(action)) = (wanted.explicit, &as_action) {
            return Err(Error::usage(format!(
                "`{}` names both the action `{}` and the measure `{MEASURES_DIR}/{}`",
                request.id, action.id, measure.id
            ))
            .with_help(format!(
                "ask for one: csp show {MEASURES_DIR}/{}, or csp show {}",
                measure.id, action.id
            ))
            .into());
        }
        let include = request.disclosure.include_sensitive;
        if plan.is_measure_sensitive(measure) && !include {
            return Ok(Shown::MeasureWithheld(measure.id.to_string()));
        }
        let detail = MeasureDetail::new(plan, measure, request.window.as_of, include);
        return Ok(Shown::Measure(Box::new(detail)));
    }
    let action = match as_action {
        Ok(action) => action,
        Err(ResolveError::HasErrors { id, .. }) => return Ok(Shown::HasErrors(id)),
        Err(error) => return Err(crate::error::Error::from(error).into()),
    };
    if request
        .disclosure
        .apply(plan, vec![action])
        .actions
        .is_empty()
    {
        return Ok(Shown::Withheld(action.id.clone()));
    }
    let context = Context::with_window(plan, &request.window);
    Ok(Shown::Detail(Box::new(Detail::new(&context, action))))
}
