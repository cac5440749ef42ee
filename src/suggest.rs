//! "Did you mean …?": the nearest known name to something mistyped.

/// The most distance between a typed word and a suggestion, as cargo and just
/// use: enough for a slip of the finger, not enough to guess wildly.
const MAX_DISTANCE: usize = 3;

/// Letter case and punctuation do not make names different to a person:
/// "ECDC Housing" and "ecdc-housing" are the same words.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Names longer than this get no suggestion. Edit distance costs the product
/// of the two lengths, so a megabyte-long value compared with a long lead
/// name would take minutes; and nobody mistypes a paragraph.
const MAX_COMPARED_CHARS: usize = 256;

/// The value whose label is nearest to `typed`, if any is near enough.
/// Candidates are `(label, value)`: a lead is found by its key, name or
/// alias, and the key is what is suggested.
pub fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let typed = normalize(typed);
    let typed_chars = typed.chars().count();
    if typed.is_empty() || typed_chars > MAX_COMPARED_CHARS {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|(label, value)| {
            let label = normalize(label);
            // The distance is at least the difference in length.
            if label.chars().count().abs_diff(typed_chars) > MAX_DISTANCE {
                return None;
            }
            let distance = strsim::levenshtein(&typed, &label);
            let near = distance <= MAX_DISTANCE && distance < typed.len().max(label.len());
            near.then_some((distance, value))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, value)| value)
}

/// [`closest`] over plain names, where label and value are the same.
pub fn closest_name<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(typed, names.into_iter().map(|name| (name, name)))
}

/// `text` as a name for a key or file: lowercase ASCII letters and digits,
/// words joined by `-` ("ECDC Housing!" → "ecdc-housing"). Empty when
/// `text` has no such characters.
pub fn slug(text: &str) -> String {
    let lowered: String = text
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    lowered
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_slips_and_ignores_case_and_punctuation() {
        assert_eq!(closest_name("leed", ["title", "lead", "due"]), Some("lead"));
        assert_eq!(
            closest(
                "ECDC Housing",
                [("ecdc-housing", "ecdc-housing"), ("ECDC", "ECDC")]
            ),
            Some("ecdc-housing")
        );
        assert_eq!(closest_name("xyzzy", ["lead", "title"]), None);
        assert_eq!(closest_name("", ["lead"]), None);
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slug("ECDC Housing!"), "ecdc-housing");
        assert_eq!(slug("  Raise_Profile  2 "), "raise-profile-2");
        assert_eq!(slug("!!"), "");
    }

    #[test]
    fn long_names_are_not_compared() {
        let long = "x".repeat(100_000);
        let started = std::time::Instant::now();
        assert_eq!(closest_name(&long, [long.as_str()]), None);
        assert_eq!(
            closest_name("lead", [long.as_str(), "leads"]),
            Some("leads")
        );
        assert!(
            started.elapsed().as_secs() < 5,
            "comparing long names is quadratic"
        );
    }

    #[test]
    fn short_words_need_a_real_resemblance() {
        // "ab" is 2 edits from "cd" but shares nothing with it.
        assert_eq!(closest_name("ab", ["cd"]), None);
        assert_eq!(closest_name("red", ["red", "amber"]), Some("red"));
    }
}
