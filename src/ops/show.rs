//! `csp show ID`: one action in full, when it may be shown.

use crate::disclosure::Disclosure;
use crate::load::{Loaded, ResolveError};
use crate::model::ActionId;
use crate::view::{Context, Detail};
use crate::window::LookAhead;

/// One action, resolved.
#[derive(Debug)]
pub struct ShowRequest<'a, 'm> {
    /// Its id, any unique trailing part of it, or its file's path.
    pub id: &'a str,
    /// From its first day, and "due soon" up to its last.
    pub window: LookAhead<'m>,
    pub disclosure: Disclosure,
}

/// The action in full, or why it is not shown.
#[derive(Debug)]
pub enum Shown<'p> {
    Detail(Box<Detail<'p>>),
    /// Its file has errors, and no command trusts such a file.
    HasErrors(ActionId),
    /// It is OFFICIAL-SENSITIVE and the disclosure leaves it out.
    Withheld(ActionId),
}

/// The action `request` names. Any other id that names no single action
/// is an error.
pub fn show<'p>(loaded: &'p Loaded, request: &ShowRequest<'_, '_>) -> anyhow::Result<Shown<'p>> {
    let plan = &loaded.plan;
    let action = match loaded.resolve(request.id) {
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
