//! A short fingerprint of an action file's bytes, carried by a return form
//! so that `csp apply` can tell whether the file changed after the form was
//! made. FNV-1a (64-bit): stable across versions and platforms, and enough
//! to notice an edit; it guards against slips, not against forgery.

/// The fingerprint of `bytes`: 16 lowercase hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn known_values_and_sensitivity() {
        // Published FNV-1a test vectors.
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
        assert_ne!(
            fingerprint(b"due = 2024-03\n"),
            fingerprint(b"due = 2024-04\n")
        );
    }
}
