//! `csp schema` matches the loader: every file of the bundled plan (which
//! `csp validate` accepts) passes its schema, and files the loader rejects
//! for what one file alone shows are rejected by the schema too. Files are
//! converted from TOML to JSON as editors do: dates become strings.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support;

fn schema(which: &str) -> jsonschema::Validator {
    let output = support::csp().args(["schema", which]).output().unwrap();
    assert!(output.status.success());
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        jsonschema::draft7::meta::is_valid(&schema),
        "the {which} schema is not a valid draft-07 schema"
    );
    jsonschema::draft7::new(&schema).unwrap()
}

fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, to_json(value)))
                .collect(),
        ),
    }
}

fn toml_to_json(text: &str) -> Value {
    to_json(toml::Value::Table(toml::from_str(text).unwrap()))
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            found.push(path);
        }
    }
}

fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn every_bundled_plan_file_passes_its_schema() {
    let action = schema("action");
    let manifest = schema("manifest");
    let mut files = Vec::new();
    files_under(Path::new("plan"), &mut files);
    assert!(files.len() > 70, "the bundled plan has its actions");
    let mut failures = Vec::new();
    for file in &files {
        let instance = toml_to_json(&std::fs::read_to_string(file).unwrap());
        let validator = if file.ends_with("csp.toml") {
            &manifest
        } else {
            &action
        };
        for problem in problems(validator, &instance) {
            failures.push(format!("{}: {problem}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_field_form_the_loader_reads_passes() {
    let action = schema("action");
    let text = r#"
title = "Run the survey"
description = "Run the annual residents' survey."
lead = "ECDC"
partners = ["police", "CSP"]
contacts = "A. Officer"
priority = 2
timescale = "Yearly"
due = " 2024-03 "
every = "6 Months"
status = "done"
rag = "green"
completed = "2024-03-20"
tags = ["survey"]

[[update]]
date = 2024-01-10
text = "Draft shared."
"#;
    assert_eq!(problems(&action, &toml_to_json(text)), Vec::<String>::new());
    for every in ["quarter", "2 weeks", "1 year", "DAY", "+3 months"] {
        let text =
            format!("title = \"T\"\ndescription = \"D\"\nlead = [\"A\"]\nevery = \"{every}\"\n");
        assert!(action.is_valid(&toml_to_json(&text)), "every = {every:?}");
    }
    let manifest = schema("manifest");
    let text = r#"
[plan]
name = "P"
upcoming = "2 weeks"
[priorities]
1 = "One"
[sections]
"a/b" = "B"
"/c/" = "C"
".well/x" = "X"
[leads.ecdc-housing]
name = "ECDC Housing"
aliases = "Housing"
"#;
    assert_eq!(
        problems(&manifest, &toml_to_json(text)),
        Vec::<String>::new()
    );
}

#[test]
fn files_the_loader_rejects_are_rejected() {
    let action = schema("action");
    let base = "title = \"T\"\ndescription = \"D\"\nlead = [\"ECDC\"]\n";
    for (why, extra) in [
        ("unknown field", "leed = \"x\"\n"),
        ("wrong type", "tags = 3\n"),
        ("bad status", "status = \"finished\"\n"),
        ("bad rag", "rag = \"purple\"\n"),
        ("human month", "due = \"March 2024\"\n"),
        ("month 13", "due = \"2024-13\"\n"),
        ("time of day", "due = 2024-03-01T10:00:00\n"),
        ("bad every", "every = \"fortnightly\"\n"),
        ("zero every", "every = \"0 months\"\n"),
        ("done without completed", "status = \"done\"\n"),
        ("priority 0", "priority = [0]\n"),
        ("lead with spaces", "partners = [\"ECDC Housing\"]\n"),
        ("update without text", "[[update]]\ndate = 2024-01-01\n"),
    ] {
        let instance = toml_to_json(&format!("{base}{extra}"));
        assert!(!action.is_valid(&instance), "{why}: {extra}");
    }
    for (why, text) in [
        ("no title", "description = \"D\"\nlead = \"A\"\n"),
        (
            "empty lead",
            "title = \"T\"\ndescription = \"D\"\nlead = []\n",
        ),
        (
            "two-line title",
            "title = \"a\\nb\"\ndescription = \"D\"\nlead = \"A\"\n",
        ),
        (
            "blank description",
            "title = \"T\"\ndescription = \"  \"\nlead = \"A\"\n",
        ),
    ] {
        assert!(!action.is_valid(&toml_to_json(text)), "{why}");
    }
    let manifest = schema("manifest");
    for (why, text) in [
        ("no [plan]", "[leads.A]\nname = \"A\"\n"),
        ("unknown table", "[plan]\nname = \"P\"\n[extra]\n"),
        (
            "bad lead key",
            "[plan]\nname = \"P\"\n[leads.\"ECDC Housing\"]\nname = \"x\"\n",
        ),
        (
            "lead without name",
            "[plan]\nname = \"P\"\n[leads.A]\naliases = []\n",
        ),
        (
            "priority 0",
            "[plan]\nname = \"P\"\n[priorities]\n0 = \"x\"\n",
        ),
        (
            "section ..",
            "[plan]\nname = \"P\"\n[sections]\n\"a/../b\" = \"x\"\n",
        ),
        ("bad window", "[plan]\nname = \"P\"\nupcoming = \"soon\"\n"),
    ] {
        assert!(!manifest.is_valid(&toml_to_json(text)), "{why}");
    }
}

#[test]
fn every_measure_file_passes_its_schema_and_broken_ones_do_not() {
    let measure = schema("measure");
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/measures/plan/measures",
        "examples/meeting-cycle/measures",
    ] {
        files_under(Path::new(dir), &mut files);
    }
    assert!(
        files.len() >= 9,
        "the fixture and the example have measures"
    );
    let mut failures = Vec::new();
    for file in &files {
        let instance = toml_to_json(&std::fs::read_to_string(file).unwrap());
        for problem in problems(&measure, &instance) {
            failures.push(format!("{}: {problem}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let base = "title = \"T\"\nlead = \"police\"\nbetter = \"lower\"\nfrequency = \"month\"\naggregate = \"sum\"\n";
    let good = format!(
        "{base}lag = \"6 weeks\"\ntolerance = 20\n[target]\n\"2024/25\" = 1\n\"Q1 2024/25\" = 1\n[values]\n\"Apr 2024\" = 1\n\"2024-05\" = 2.5\n\"SEPT 2024\" = {{ value = 3, note = \"n\" }}\n\"june 2024\" = 4\n"
    );
    assert_eq!(
        problems(&measure, &toml_to_json(&good)),
        Vec::<String>::new()
    );
    for (why, extra) in [
        ("unknown field", "units = \"x\"\n"),
        ("bad better", "better = \"up\"\n"),
        ("bad tolerance", "tolerance = \"five\"\n"),
        ("quoted figure", "[values]\n\"Apr 2024\" = \"1,234\"\n"),
        ("not a period", "[values]\n\"spring\" = 1\n"),
        (
            "figure field",
            "[values]\n\"Apr 2024\" = { value = 1, notes = \"x\" }\n",
        ),
        (
            "baseline without value",
            "baseline = { period = \"2023/24\" }\n",
        ),
    ] {
        let text = if extra.starts_with("better") {
            base.replace("better = \"lower\"\n", extra)
        } else {
            format!("{base}{extra}")
        };
        assert!(!measure.is_valid(&toml_to_json(&text)), "{why}: {extra}");
    }
}
