//! The manifest `csp.toml`: the plan's name, priorities, sections and leads.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::fields::{Fields, FileReport, one_text};
use super::source;
use crate::dates::{FinancialYear, Period, uk_date};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Lead, Manifest, Marking, MeetingSeries, Priority, Section};

pub const MANIFEST_FILE: &str = "csp.toml";
pub const MANIFEST_TABLES: &[&str] = &[
    "plan",
    "priorities",
    "sections",
    "markings",
    "leads",
    "meetings",
    "measures",
];
pub const PLAN_FIELDS: &[&str] = &[
    "name", "year", "start", "upcoming", "stale", "returns", "from", "marking",
];
pub const LEAD_FIELDS: &[&str] = &["name", "aliases", "email", "contact", "greeting"];
pub const MEETING_FIELDS: &[&str] = &["title", "dates"];

/// Reads the manifest. `None` when it is missing or cannot be parsed at all,
/// in which case checks that need it (leads, sections) are skipped rather
/// than reporting every action as wrong.
pub(super) fn load_manifest(path: &Path, shown: &Path) -> (Option<Manifest>, Vec<Diagnostic>) {
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
            let start = plan.date("start", &mut report);
            manifest.start_written = start.is_some();
            manifest.year = plan_year(&plan, &mut report);
            manifest.start = start.as_ref().map(|(day, _)| *day);
            if let Some(year) = manifest.year {
                match &start {
                    None => manifest.start = Some(year.first_day()),
                    Some((day, span)) if !year.contains(*day) => report.push(
                        Diagnostic::warning(
                            Code::StartOutsideYear,
                            format!(
                                "`start = {day}` is not in the plan year {year} ({} to {})",
                                uk_date(year.first_day()),
                                uk_date(year.last_day())
                            ),
                        )
                        .at(span.clone())
                        .help(format!(
                            "dues written as \"start+6m\" count from `start`: set start = {} (or remove it: it then defaults to the year's first day), or fix `year`",
                            year.first_day()
                        )),
                    ),
                    Some(_) => {}
                }
            }
            manifest.upcoming = window(&plan, "upcoming", &mut report);
            manifest.stale = window(&plan, "stale", &mut report);
            manifest.returns = window(&plan, "returns", &mut report);
            if let Some((from, span)) = plan.string("from", &mut report) {
                match implausible_email(from.as_str()) {
                    None => manifest.from = Some(from.trim().to_string()),
                    Some(why) => report.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("`from` is not an e-mail address: {why}"),
                        )
                        .at(span)
                        .help("write the officer's address, e.g. from = \"CSP officer <csp@eastcambs.gov.uk>\""),
                    ),
                }
            }
            manifest.marking = plan
                .string("marking", &mut report)
                .and_then(|(text, span)| marking(&text, span, &mut report));
        }
        None if top.get("plan").is_none() => report.push(
            Diagnostic::error(Code::MissingField, "csp.toml has no [plan] table")
                .at(0..0)
                .help("start the file with\n[plan]\nname = \"…\""),
        ),
        None => {}
    }

    if let Some((measures, span)) = top.table("measures", &mut report) {
        manifest.measure_defaults = super::measure::read_defaults(measures, span, &mut report);
    }

    if let Some((priorities, _)) = top.table("priorities", &mut report) {
        for (key, value) in priorities {
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
                    text: one_text(text),
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
        for (key, value) in sections {
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
                        title: one_text(title),
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

    if let Some((markings, _)) = top.table("markings", &mut report) {
        read_markings(markings, &mut manifest, &mut report);
    }

    if let Some((leads, _)) = top.table("leads", &mut report) {
        for (key, value) in leads {
            let key_text = key.get_ref().to_string();
            if !is_key(&key_text) {
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
            let mut emails = Vec::new();
            for (email, span) in lead.string_list("email", &mut report) {
                match implausible_email(&email) {
                    None => emails.push(email.trim().to_string()),
                    Some(why) => report.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("`{}` is not an e-mail address: {why}", email.escape_debug()),
                        )
                        .at(span)
                        .help(
                            "write one address per string, e.g. email = [\"csp@eastcambs.gov.uk\"]",
                        ),
                    ),
                }
            }
            let contact = match lead.string("contact", &mut report) {
                Some((contact, span)) if contact.contains(['\r', '\n']) => {
                    report.push(
                        Diagnostic::error(Code::InvalidValue, "`contact` must be one line")
                            .at(span)
                            .help("write the person's name, e.g. contact = \"Jo Bloggs\""),
                    );
                    None
                }
                Some((contact, _)) => Some(contact),
                None => None,
            };
            let greeting = match lead.string("greeting", &mut report) {
                Some((greeting, span)) if greeting.contains(['\r', '\n']) => {
                    report.push(
                        Diagnostic::error(Code::InvalidValue, "`greeting` must be one line")
                            .at(span)
                            .help("write the name a draft greets, e.g. greeting = \"Siân\""),
                    );
                    None
                }
                Some((greeting, _)) => Some(greeting.trim().to_string()),
                None => None,
            };
            if let Some((name, _)) = name {
                manifest.leads.push(Lead {
                    key: key_text,
                    name,
                    aliases: aliases.into_iter().map(|(alias, _)| alias).collect(),
                    emails,
                    contact,
                    greeting,
                });
            }
        }
    }
    if let Some((meetings, _)) = top.table("meetings", &mut report) {
        read_meetings(meetings, &mut manifest, &mut report);
    }
    (Some(manifest), report.diagnostics)
}

/// Why `text` cannot be an e-mail address, if it cannot: csp writes these
/// into mail headers, so anything that could start another header (CR, LF)
/// or split an address (spaces, commas, angle brackets) is refused.
/// Why `text` is not an address csp can write in a header, if it is not:
/// `a@b.example`, or with a name, `Name <a@b.example>`.
fn implausible_email(text: &str) -> Option<&'static str> {
    if text.chars().any(char::is_control) {
        return Some("it holds a line break or control character");
    }
    let (name, text) = crate::model::mailbox(text);
    if name.is_some_and(|name| name.contains(['<', '>', '"'])) {
        return Some("its name holds one of < > \"");
    }
    if text.chars().any(char::is_control) {
        return Some("it holds a line break or control character");
    }
    if text
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '"'))
    {
        return Some("it holds a space or one of , ; < > \"");
    }
    match text.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.') =>
        {
            None
        }
        _ => Some("it needs one `@` between a name and a domain such as eastcambs.gov.uk"),
    }
}

/// `[plan] year = "2023/24"`, reported where it is wrong.
fn plan_year(plan: &Fields<'_, '_>, report: &mut FileReport<'_>) -> Option<FinancialYear> {
    let value = plan.get("year")?;
    let DeValue::String(text) = value.get_ref() else {
        report.push(
            Diagnostic::error(
                Code::WrongType,
                "`year` must be a financial year in quotes, e.g. year = \"2023/24\"",
            )
            .at(value.span())
            .help("write the UK financial year (1 April to 31 March) the plan is for, e.g. year = \"2023/24\""),
        );
        return None;
    };
    let span = value.span();
    match FinancialYear::parse(text) {
        Ok(year) => Some(year),
        Err(error) => {
            report.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    format!("invalid `year`: {}", error.message),
                )
                .at(span)
                .help_opt(error.help),
            );
            None
        }
    }
}

/// A window such as `upcoming = "30d"`, reported where it is wrong.
fn window(plan: &Fields<'_, '_>, key: &str, report: &mut FileReport<'_>) -> Option<Period> {
    let (text, span) = plan.string(key, report)?;
    match Period::parse_window(&text) {
        Ok(window) => Some(window),
        Err(error) => {
            report.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("invalid `{key}`: {}", error.message),
                )
                .at(span)
                .help_opt(error.help),
            );
            None
        }
    }
}

/// A marking word, or a diagnostic with the nearest one.
fn marking(text: &str, span: Range<usize>, report: &mut FileReport<'_>) -> Option<Marking> {
    super::action::choice(
        text,
        span,
        "marking",
        Marking::parse,
        &Marking::ALL.map(Marking::name),
        Code::InvalidValue,
        report,
    )
    .map(|(marking, _)| marking)
}

/// `[markings]`: section path = marking, for every action beneath it. A
/// path that names no section of `[sections]` is an error, not ignored: a
/// misspelt path would otherwise leave sensitive actions unmarked.
fn read_markings(markings: &DeTable<'_>, manifest: &mut Manifest, report: &mut FileReport<'_>) {
    for (key, value) in markings {
        let path = key.get_ref().trim_matches('/').to_string();
        let listed = manifest.sections.iter().any(|section| {
            section.path == path
                || section
                    .path
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        });
        if !listed {
            let near = crate::suggest::closest_name(
                &path,
                manifest
                    .sections
                    .iter()
                    .map(|section| section.path.as_str()),
            );
            report.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{}` in [markings] is not a section of [sections]", key.get_ref()),
                )
                .at(key.span())
                .help(match near {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => "write the path of a section listed in [sections], e.g. \"statutory-duties/domestic-homicide-reviews\" = \"official-sensitive\"".into(),
                }),
            );
            continue;
        }
        let DeValue::String(text) = value.get_ref() else {
            report.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("the marking of section `{path}` must be text"),
                )
                .at(value.span())
                .help("write \"official\" or \"official-sensitive\""),
            );
            continue;
        };
        if let Some(marking) = marking(text, value.span(), report) {
            manifest.markings.insert(path, marking);
        }
    }
}

/// `[meetings.KEY]` tables: a title and the days the body meets.
fn read_meetings(meetings: &DeTable<'_>, manifest: &mut Manifest, report: &mut FileReport<'_>) {
    for (key, value) in meetings {
        let key_text = key.get_ref().to_string();
        if !is_key(&key_text) {
            report.push(
                Diagnostic::error(Code::InvalidValue, format!("`{key_text}` is not a meeting key"))
                    .at(key.span())
                    .help("meeting keys use letters, digits, '-' and '_', e.g. [meetings.board] or [meetings.delivery-group]"),
            );
            continue;
        }
        let DeValue::Table(table) = value.get_ref() else {
            report.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("meeting `{key_text}` must be a table"),
                )
                .at(value.span())
                .help(format!(
                    "write\n[meetings.{key_text}]\ntitle = \"…\"\ndates = [2024-03-14, 2024-06-13]"
                )),
            );
            continue;
        };
        let fields = Fields::new(table, key.span(), format!("[meetings.{key_text}]"));
        fields.deny_unknown(MEETING_FIELDS, report);
        let title = fields.required_string(
            "title",
            "say what meets, e.g. title = \"CSP Board\"",
            report,
        );
        let mut dates: Vec<NaiveDate> = Vec::new();
        for (day, span) in fields.date_list("dates", report) {
            if dates.contains(&day) {
                report.push(
                    Diagnostic::warning(
                        Code::MeetingListedTwice,
                        format!("{} is listed twice in [meetings.{key_text}]", uk_date(day)),
                    )
                    .at(span)
                    .help("remove one of them"),
                );
            } else {
                dates.push(day);
            }
        }
        dates.sort_unstable();
        if let Some((title, _)) = title {
            manifest.meetings.push(MeetingSeries {
                key: key_text,
                title,
                dates,
            });
        }
    }
}

/// Whether `text` may be a key of [leads] or [meetings].
fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
