//! The one rule for the bodies a lead or partner cell names, used by the
//! import and by `--guess-map` alike. A cell is split on what separates
//! bodies in trackers: line breaks, bullets, `;`, `,` and `/` between
//! names. "and" and "&" join words inside names as often as they join
//! bodies ("Press and Public Relations", "Domestic Abuse and Sexual
//! Violence Partnership"), so a part is split on them only when every
//! piece is a body known already: the map's, the plan's, or one named on
//! its own elsewhere in the sheet.

use super::normalise;

/// Names known to be one body each, compared as [`normalise`]d.
#[derive(Clone, Debug, Default)]
pub struct Known(std::collections::HashSet<String>);

impl Known {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self(names.into_iter().map(normalise).collect())
    }

    /// Adds the names the sheet's cells give on their own: each part of
    /// each cell between hard separators, but for parts with "and" or "&"
    /// in them, which are what is to be decided.
    pub fn add_cells<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for cell in cells {
            for part in hard_parts(cell) {
                let part = normalise(&part);
                if !part.contains(" and ") && !part.contains(" & ") {
                    self.0.insert(part);
                }
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(&normalise(name))
    }
}

/// Characters that start a bulleted line, or separate bullets on one line.
const BULLETS: [char; 7] = ['•', '·', '▪', '◦', '●', '*', '‣'];

/// A name without the bullet or dash in front of it, nor stray
/// punctuation around it.
fn clean(name: &str) -> String {
    name.trim()
        .trim_start_matches(|c: char| {
            BULLETS.contains(&c) || matches!(c, '-' | '–' | '—') || c.is_whitespace()
        })
        .trim_end_matches([',', ';', '.'])
        .trim()
        .to_string()
}

/// The parts of a cell between hard separators: line breaks, bullets,
/// `;`, `/` between two names (not in "N/A"), and `,` in a cell with none
/// of the others (a cell listed with `;` may have commas inside names).
fn hard_parts(cell: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let listed = cell.contains(['\n', '\r', ';']) || cell.contains(BULLETS);
    let separators: &[char] = if listed { &['\n', '\r', ';'] } else { &[','] };
    for line in cell.split(separators) {
        for bulleted in line.split(|c: char| BULLETS.contains(&c)) {
            // " - " between names on one line is a separator too.
            for dashed in bulleted.split(" - ").flat_map(|part| part.split(" – ")) {
                let slashed: Vec<&str> = dashed.split('/').collect();
                let names = slashed.len() > 1
                    && slashed
                        .iter()
                        .all(|piece| piece.chars().filter(|c| c.is_alphabetic()).count() >= 2);
                if names {
                    parts.extend(slashed.iter().map(|piece| clean(piece)));
                } else {
                    parts.push(clean(dashed));
                }
            }
        }
    }
    parts.retain(|part| !part.is_empty());
    parts
}

/// The bodies a cell names, each as written but for bullets and dashes.
pub fn split(cell: &str, known: &Known) -> Vec<String> {
    if known.contains(cell.trim()) {
        return vec![clean(cell)];
    }
    let mut names = Vec::new();
    for part in hard_parts(cell) {
        if known.contains(&part) {
            names.push(part);
            continue;
        }
        let pieces: Vec<String> = part
            .split(" and ")
            .flat_map(|piece| piece.split(" & "))
            .flat_map(|piece| piece.split(" And "))
            .map(clean)
            .collect();
        if pieces.len() > 1 && pieces.iter().all(|piece| known.contains(piece)) {
            names.extend(pieces);
        } else {
            names.push(part);
        }
    }
    let mut seen = Vec::new();
    names.retain(|name| {
        let key = normalise(name);
        !seen.contains(&key) && {
            seen.push(key);
            true
        }
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_body_stays_one_body() {
        let known = Known::new(["ECDC", "Police", "CCC"]);
        let none = Known::default();
        assert_eq!(
            split("Press and Public Relations", &none),
            ["Press and Public Relations"]
        );
        assert_eq!(
            split("Domestic Abuse and Sexual Violence Partnership", &known),
            ["Domestic Abuse and Sexual Violence Partnership"]
        );
        assert_eq!(
            split("Office of the Police and Crime Commissioner", &known),
            ["Office of the Police and Crime Commissioner"]
        );
        assert_eq!(
            split("ECDC, Police and CCC", &known),
            ["ECDC", "Police", "CCC"]
        );
        assert_eq!(
            split("ECDC, Police and Fire", &known),
            ["ECDC", "Police and Fire"]
        );
        assert_eq!(split("ECDC/Police", &none), ["ECDC", "Police"]);
        assert_eq!(split("A; B\nC", &none), ["A", "B", "C"]);
        assert_eq!(
            split("- DMBC Hate Crime Lead", &none),
            ["DMBC Hate Crime Lead"]
        );
        assert_eq!(
            split("• DMBC Hate Crime Lead\n• South Yorkshire Police", &none),
            ["DMBC Hate Crime Lead", "South Yorkshire Police"]
        );
        assert_eq!(split("N/A", &none), ["N/A"]);
        assert_eq!(split("A, B; C", &none), ["A, B", "C"]);
        let mut sheet = Known::default();
        sheet.add_cells(["Police", "Council"]);
        assert_eq!(split("Police & Council", &sheet), ["Police", "Council"]);
    }
}
