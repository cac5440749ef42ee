//! A plan with a manifest but no action file is most likely the wrong
//! directory, or actions saved somewhere csp does not look.

use crate::diagnostic::{Code, Diagnostic};
use std::path::Path;

use crate::load::Loaded;
use crate::model::shown_path;

pub(super) fn check(loaded: &Loaded) -> Option<Diagnostic> {
    if !loaded.has_manifest || loaded.files > 0 {
        return None;
    }
    let root = &loaded.plan.root;
    Some(
        Diagnostic::warning(
            Code::NoActions,
            format!("the plan `{}` has no action files", root.display()),
        )
        .in_file(root)
        .help(format!(
            "write each action as a .toml file in a section directory, e.g. `{}`",
            shown_path(root, Path::new("section/action.toml")).display()
        )),
    )
}
