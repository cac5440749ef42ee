//! The manifest `csp.toml`: the plan's name, priorities, sections and leads.

use std::path::Path;
use std::sync::Arc;

use toml::de::DeValue;

use super::fields::{Fields, FileReport};
use super::source;
use crate::dates::Period;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Lead, Manifest, Priority, Section};

pub const MANIFEST_FILE: &str = "csp.toml";
pub const MANIFEST_TABLES: &[&str] = &["plan", "priorities", "sections", "leads"];
pub const PLAN_FIELDS: &[&str] = &["name", "upcoming"];
pub const LEAD_FIELDS: &[&str] = &["name", "aliases"];

/// Reads the manifest. `None` when it is missing or cannot be parsed at all,
/// in which case checks that need it (leads, sections) are skipped rather
/// than reporting every action as wrong.
pub fn load_manifest(path: &Path, shown: &Path) -> (Option<Manifest>, Vec<Diagnostic>) {
    if !path.exists() {
        let diagnostic = Diagnostic::error(
            Code::ManifestMissing,
            format!("the plan has no manifest `{}`", shown.display()),
        )
        .in_file(shown)
        .help("create it with a [plan] table naming the plan, and [leads] for the bodies that lead actions; `csp init` writes a commented one");
        return (None, vec![diagnostic]);
    }
    let text = match source::read(path, shown) {
        Ok(text) => text,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    parse_manifest(&text, shown)
}

pub fn parse_manifest(text: &Arc<str>, shown: &Path) -> (Option<Manifest>, Vec<Diagnostic>) {
    let table = match source::parse_toml(text, shown, text) {
        Ok(table) => table,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut report = FileReport::new(shown, text);
    let top = Fields::new(table.get_ref(), table.span(), "csp.toml").of_tables();
    top.deny_unknown(MANIFEST_TABLES, &mut report);

    let mut manifest = Manifest::default();
    match top.table("plan", &mut report) {
        Some((plan, span)) => {
            let plan = Fields::new(plan, span, "[plan]");
            plan.deny_unknown(PLAN_FIELDS, &mut report);
            if let Some((name, _)) = plan.required_string(
                "name",
                "name the plan, e.g. name = \"East Cambridgeshire CSP action plan\"",
                &mut report,
            ) {
                manifest.name = name;
            }
            if let Some((text, span)) = plan.string("upcoming", &mut report) {
                match Period::parse_window(&text) {
                    Ok(window) => manifest.upcoming = Some(window),
                    Err(error) => report.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("invalid `upcoming`: {}", error.message),
                        )
                        .at(span)
                        .help_opt(error.help),
                    ),
                }
            }
        }
        None if top.get("plan").is_none() => report.push(
            Diagnostic::error(Code::MissingField, "csp.toml has no [plan] table")
                .at(0..0)
                .help("start the file with\n[plan]\nname = \"…\""),
        ),
        None => {}
    }

    if let Some((priorities, _)) = top.table("priorities", &mut report) {
        for (key, value) in priorities.iter() {
            let Some(number) = key.get_ref().parse::<u32>().ok().filter(|n| *n > 0) else {
                report.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("priority key `{}` is not a number from 1 up", key.get_ref()),
                    )
                    .at(key.span())
                    .help("number the priorities: 1 = \"…\", 2 = \"…\""),
                );
                continue;
            };
            match value.get_ref() {
                DeValue::String(text) => manifest.priorities.push(Priority {
                    key: number,
                    text: text.to_string(),
                }),
                _ => report.error(
                    Code::WrongType,
                    value.span(),
                    format!("priority {number} must be text"),
                ),
            }
        }
    }

    if let Some((sections, _)) = top.table("sections", &mut report) {
        for (key, value) in sections.iter() {
            let path = key.get_ref().trim_matches('/').to_string();
            if path.is_empty()
                || path
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..")
                || path.contains('\\')
            {
                report.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{}` is not a section directory", key.get_ref()),
                    )
                    .at(key.span())
                    .help("write the directory's path under the plan root with `/`, e.g. \"statutory-duties/prevent-duty\""),
                );
                continue;
            }
            match value.get_ref() {
                DeValue::String(title) => {
                    manifest.spans.sections.insert(path.clone(), key.span());
                    manifest.sections.push(Section {
                        path,
                        title: title.to_string(),
                    });
                }
                _ => report.error(
                    Code::WrongType,
                    value.span(),
                    format!("the title of section `{path}` must be text"),
                ),
            }
        }
    }

    if let Some((leads, _)) = top.table("leads", &mut report) {
        for (key, value) in leads.iter() {
            let key_text = key.get_ref().to_string();
            if key_text.is_empty()
                || !key_text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                report.push(
                    Diagnostic::error(Code::InvalidValue, format!("`{key_text}` is not a lead key"))
                        .at(key.span())
                        .help("lead keys use letters, digits, '-' and '_', e.g. [leads.ECDC] or [leads.ecdc-housing]"),
                );
                continue;
            }
            let DeValue::Table(lead) = value.get_ref() else {
                report.push(
                    Diagnostic::error(
                        Code::WrongType,
                        format!("lead `{key_text}` must be a table"),
                    )
                    .at(value.span())
                    .help(format!("write\n[leads.{key_text}]\nname = \"…\"")),
                );
                continue;
            };
            let context = format!("[leads.{key_text}]");
            let lead = Fields::new(lead, key.span(), context);
            lead.deny_unknown(LEAD_FIELDS, &mut report);
            let name = lead.required_string(
                "name",
                "give the organisation's full name, e.g. name = \"Cambridgeshire Constabulary\"",
                &mut report,
            );
            let aliases = lead.string_list("aliases", &mut report);
            if let Some((name, _)) = name {
                manifest.leads.push(Lead {
                    key: key_text,
                    name,
                    aliases: aliases.into_iter().map(|(alias, _)| alias).collect(),
                });
            }
        }
    }
    (Some(manifest), report.diagnostics)
}
