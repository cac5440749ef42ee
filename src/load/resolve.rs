//! An id typed on the command line, resolved among a plan as far as it
//! loaded. How an id names an action is the model's rule (`model::resolve`);
//! what loading adds is knowing the files with errors, so that naming one
//! says "it has errors" rather than "no such action".

use std::path::Path;

use super::Loaded;
use crate::error::Error;
use crate::model::resolve::{among, normalize_query};
use crate::model::{
    Action, ActionId, MEASURES_DIR, Measure, ResolveError, ends_with_components, shown_path,
};
use crate::suggest;

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
                // csp.toml and measure files are not actions.
                (relative != Path::new(super::MANIFEST_FILE)
                    && !relative.starts_with(crate::model::MEASURES_DIR))
                .then(|| ActionId::from_relative_path(relative))
            });
        self.rejected
            .iter()
            .map(|action| action.id.clone())
            .chain(unreadable)
    }
}

/// How an argument names a measure: `measures/<id>` (or its file's path)
/// names only a measure; a bare id may name an action too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureQuery {
    pub id: String,
    /// Written as `measures/<id>`: a measure and nothing else.
    pub explicit: bool,
}

impl MeasureQuery {
    pub fn new(root: &Path, query: &str) -> Self {
        let typed = normalize_query(root, query);
        match typed.strip_prefix(&format!("{MEASURES_DIR}/")) {
            Some(id) => Self {
                id: id.to_string(),
                explicit: true,
            },
            None => Self {
                id: typed,
                explicit: false,
            },
        }
    }
}

impl Loaded {
    /// The clean measure `query` names: its id, `measures/<id>`, or its
    /// file's path. An unknown id is a usage error with the nearest id; a
    /// measure file with errors says so.
    pub fn resolve_measure(&self, query: &str) -> Result<&Measure, Error> {
        let wanted = MeasureQuery::new(&self.plan.root, query);
        if let Some(measure) = self.plan.measure(&wanted.id) {
            return Ok(measure);
        }
        let file = shown_path(
            &self.plan.root,
            Path::new(&format!("{MEASURES_DIR}/{}.toml", wanted.id)),
        );
        let has_errors = !wanted.id.is_empty()
            && !wanted.id.contains('/')
            && self
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.file.as_deref() == Some(file.as_path()));
        if has_errors {
            return Err(Error::usage(format!(
                "`{}` has errors, so csp will not use it",
                file.display()
            ))
            .with_help("`csp validate` shows them; fix them in the file first"));
        }
        let ids = self.plan.measures.iter().map(|measure| &*measure.id);
        let help = match suggest::closest_name(&wanted.id, ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None if self.plan.measures.is_empty() => format!(
                "the plan has no measures yet: add one file per measure under `{MEASURES_DIR}/` (docs/measures.md)"
            ),
            None => "`csp measures` lists the plan's measures".into(),
        };
        Err(Error::usage(format!("no measure has the id `{}`", wanted.id)).with_help(help))
    }
}
