//! CLI snapshot tests: each `tests/cmd/<area>/<case>.toml` gives the
//! arguments, and `<case>.stdout` / `<case>.stderr` the exact output, with
//! fixture trees in `<case>.in/` or `tests/fixtures/`. They double as
//! documentation of what each command prints.
//!
//! After an intended change of output: `TRYCMD=overwrite cargo test --test integration cli`,
//! then read the diff before committing it.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*/*.toml");
}

/// The README's `console` examples are real: each is run and its output
/// compared, so the documentation cannot drift from what `csp` prints.
#[test]
fn readme() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("README.md");
}
