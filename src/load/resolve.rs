//! An id typed on the command line, resolved among a plan as far as it
//! loaded. How an id names an action is the model's rule (`model::resolve`);
//! what loading adds is knowing the files with errors, so that naming one
//! says "it has errors" rather than "no such action".

use std::path::Path;

use super::Loaded;
use crate::model::resolve::{among, normalize_query};
use crate::model::{Action, ActionId, ResolveError, ends_with_components, shown_path};

impl Loaded {
    /// The clean action `query` names. Naming a file with errors (one that
    /// loaded in part, or not at all) is `ResolveError::HasErrors`.
    pub fn resolve(&self, query: &str) -> Result<&Action, ResolveError> {
        let error = match among(&self.plan.root, &self.plan.actions, query) {
            Ok(action) => return Ok(action),
            Err(error) => error,
        };
        let typed = normalize_query(&self.plan.root, query);
        let named = |id: &ActionId| {
            id.as_str() == typed
                || id.ends_with_components(&typed)
                || ends_with_components(&typed, id.as_str())
        };
        match self.rejected_ids().find(named) {
            Some(id) => Err(ResolveError::HasErrors {
                file: shown_path(&self.plan.root, Path::new(&format!("{id}.toml"))),
                id,
            }),
            None => Err(error),
        }
    }

    /// The action `query` names among every action that could be read,
    /// with errors or not: for `csp fmt`, whose layout does not depend on
    /// values.
    pub fn resolve_any(&self, query: &str) -> Result<&Action, ResolveError> {
        let every: Vec<&Action> = self.all_actions().collect();
        among(&self.plan.root, every.iter().copied(), query)
    }

    /// The ids of action files with errors: those read in part, and those
    /// that could not be read at all (known only from their diagnostics).
    fn rejected_ids(&self) -> impl Iterator<Item = ActionId> + '_ {
        let unreadable = self
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .filter_map(|diagnostic| {
                let relative = diagnostic
                    .file
                    .as_ref()?
                    .strip_prefix(&self.plan.root)
                    .ok()?;
                (relative != Path::new(super::MANIFEST_FILE))
                    .then(|| ActionId::from_relative_path(relative))
            });
        self.rejected
            .iter()
            .map(|action| action.id.clone())
            .chain(unreadable)
    }
}
