//! The one way an id typed on the command line finds its action: the whole
//! id, a unique trailing part of it (`raise-prevent-profile`), or its file's
//! path (`plan/x/y.toml`). `load` adds what only it knows: the files with
//! errors, so that naming one says "it has errors" rather than "no such
//! action".

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Action, ActionId, Plan};
use crate::error::Error;
use crate::suggest;

/// Why an id given on the command line names no single action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    NotFound {
        query: String,
        suggestion: Option<String>,
    },
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    /// It names an action file with errors, which no command trusts.
    HasErrors { id: ActionId, file: PathBuf },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Error::from(self.clone()).fmt(f)
    }
}

impl std::error::Error for ResolveError {}

impl From<ResolveError> for Error {
    fn from(error: ResolveError) -> Self {
        match error {
            ResolveError::NotFound { query, suggestion } => Error::usage(format!(
                "no action has the id `{query}`"
            ))
            .with_help(match suggestion {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => "`csp list` shows every action's id".into(),
            }),
            ResolveError::Ambiguous { query, candidates } => {
                let mut message = format!("`{query}` could mean any of these actions:");
                for candidate in &candidates {
                    message.push_str(&format!("\n  {candidate}"));
                }
                let example = candidates.first().map_or("", String::as_str);
                Error::usage(message).with_help(format!("give more of the id, e.g. `{example}`"))
            }
            ResolveError::HasErrors { file, .. } => Error::usage(format!(
                "`{}` has errors, so csp will not change it",
                file.display()
            ))
            .with_help("`csp validate` shows them; fix them in the file first"),
        }
    }
}

impl Plan {
    /// The action `query` names among the plan's clean actions.
    pub fn resolve(&self, query: &str) -> Result<&Action, ResolveError> {
        among(&self.root, &self.actions, query)
    }
}

/// Finds an action by its id, a unique trailing part of it, or its file's path.
pub(crate) fn among<'a, I>(root: &Path, actions: I, query: &str) -> Result<&'a Action, ResolveError>
where
    I: IntoIterator<Item = &'a Action>,
    I::IntoIter: Clone,
{
    let actions = actions.into_iter();
    let query_text = normalize_query(root, query);
    if let Some(action) = actions.clone().find(|a| a.id.as_str() == query_text) {
        return Ok(action);
    }
    let matches: Vec<&Action> = actions
        .clone()
        .filter(|action| action.id.ends_with_components(&query_text))
        .collect();
    match matches.as_slice() {
        [action] => Ok(action),
        [] => Err(ResolveError::NotFound {
            query: query.to_string(),
            suggestion: suggest_id(actions, &query_text).map(str::to_string),
        }),
        _ => Err(ResolveError::Ambiguous {
            query: query.to_string(),
            candidates: matches.iter().map(|a| a.id.to_string()).collect(),
        }),
    }
}

/// The id someone probably meant: a near miss of an id or its file
/// name, else the only id whose file name starts with what they typed
/// (`commission-strategic` for `…/commission-strategic-assessment`).
fn suggest_id<'a>(
    actions: impl Iterator<Item = &'a Action> + Clone,
    typed: &str,
) -> Option<&'a str> {
    let near = suggest::closest(
        typed,
        actions.clone().flat_map(|action| {
            [
                (action.id.as_str(), action.id.as_str()),
                (action.id.slug(), action.id.as_str()),
            ]
        }),
    );
    near.or_else(|| {
        let typed = typed.rsplit('/').next().unwrap_or(typed).to_lowercase();
        let mut starting = actions.filter(|action| {
            !typed.is_empty() && action.id.slug().to_lowercase().starts_with(&typed)
        });
        match (starting.next(), starting.next()) {
            (Some(only), None) => Some(only.id.as_str()),
            _ => None,
        }
    })
}

/// Accepts ids typed as file paths: `plan/x/y.toml`, `./x/y`, `x\y`.
pub(crate) fn normalize_query(root: &Path, query: &str) -> String {
    let mut text = query.trim().replace('\\', "/");
    let root = root.to_string_lossy().replace('\\', "/");
    let root = root.trim_end_matches('/');
    if !root.is_empty()
        && root != "."
        && let Some(rest) = text.strip_prefix(&format!("{root}/"))
    {
        text = rest.to_string();
    }
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.to_string();
    }
    text.trim_end_matches(".toml").trim_matches('/').to_string()
}
