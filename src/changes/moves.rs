//! How an action that moved (its file renamed or put in another section)
//! is recognised: the comparison of two ends and the count of slips commit
//! by commit both need it, and must agree on it.

use crate::model::Action;

/// Pairs a removed action with an added one that says the same thing: the
/// same description, else the same title. Paired actions leave both lists.
pub(super) fn match_moves<'a>(
    removed: &mut Vec<&'a Action>,
    added: &mut Vec<&'a Action>,
) -> Vec<(&'a Action, &'a Action)> {
    let mut pairs = Vec::new();
    let same_description = |a: &Action, b: &Action| a.description.trim() == b.description.trim();
    let same_title = |a: &Action, b: &Action| a.title.trim() == b.title.trim();
    for same in [
        &same_description as &dyn Fn(&Action, &Action) -> bool,
        &same_title,
    ] {
        let mut index = 0;
        while index < removed.len() {
            if let Some(position) = added.iter().position(|a| same(removed[index], a)) {
                pairs.push((removed.remove(index), added.remove(position)));
            } else {
                index += 1;
            }
        }
    }
    pairs.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    pairs
}
