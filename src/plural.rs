//! "1 action", "2 actions": the one way csp counts things in words, so
//! every message agrees with every other.

/// `n` and the word, in the plural unless `n` is 1: "1 action", "0
/// actions", "3 actions".
pub fn count(n: usize, one: &str) -> String {
    count_as(n, one, &format!("{one}s"))
}

/// [`count`] for a word whose plural is not `-s`: "1 body", "2 bodies".
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The ending a regular word takes after `n`: "" for 1, else "s".
pub fn suffix(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(0, "action"), "0 actions");
        assert_eq!(count(1, "action"), "1 action");
        assert_eq!(count(2, "action"), "2 actions");
        assert_eq!(count_as(1, "body", "bodies"), "1 body");
        assert_eq!(count_as(5, "body", "bodies"), "5 bodies");
        assert_eq!((suffix(1), suffix(0), suffix(7)), ("", "s", "s"));
    }
}
