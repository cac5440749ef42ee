//! One action file: its fields, read and checked one by one.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::de::DeValue;

use super::fields::{Fields, FileReport, Located, report_date_error, toml_date};
use super::source;
use crate::dates::{self, Due, Period};
use crate::diagnostic::{Code, Diagnostic};
use crate::field::Field;
use crate::model::{Action, ActionId, ActionSpans, Marking, Rag, Status, Update};
use crate::suggest;

pub const UPDATE_FIELDS: &[&str] = &["date", "text"];

/// What one action file gave: the action as far as it could be read, and
/// its problems.
#[derive(Debug)]
pub struct ActionFile {
    /// `None` when the file is not TOML at all.
    pub action: Option<Action>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ActionFile {
    /// Whether the action can be trusted by queries: half an action (say,
    /// one whose `due` did not parse) would make `csp overdue` silently wrong.
    pub fn is_clean(&self) -> bool {
        self.action.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub(super) fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            action: None,
            diagnostics,
        }
    }
}

/// The full reader: the file as a TOML tree, each field read and checked
/// with a diagnostic for every problem. Public so that the fuzz targets can
/// hold the fast reader to it.
pub fn parse_action_via_toml(text: &Arc<str>, shown: &Path, id: ActionId) -> ActionFile {
    let table = match source::parse_toml(text, shown, text) {
        Ok(table) => table,
        Err(diagnostics) => return ActionFile::failed(diagnostics),
    };
    let mut report = FileReport::new(shown, text);
    let fields = Fields::new(table.get_ref(), table.span(), "an action");
    fields.deny_unknown(&Field::NAMES, &mut report);

    let title = fields.required_string(
        Field::Title.name(),
        "add a one-line summary, e.g. title = \"Commission the strategic assessment\"",
        &mut report,
    );
    if let Some((title, span)) = &title
        && let Some(problem) = title_problem(title)
    {
        report.push(problem.at(span.clone()));
    }
    let description = fields.required_string(
        Field::Description.name(),
        "add the action as the plan words it, e.g. description = \"…\"",
        &mut report,
    );
    if let Some((description, span)) = &description
        && let Some(problem) = description_problem(description)
    {
        report.push(problem.at(span.clone()));
    }

    let lead = fields.string_list(Field::Lead.name(), &mut report);
    match fields.get(Field::Lead.name()) {
        None => report.push(
            Diagnostic::error(Code::MissingField, "an action has no `lead`")
                .at(table.span().start..table.span().start)
                .help("name the body that leads it by its key in csp.toml's [leads], e.g. lead = [\"ECDC\"]"),
        ),
        Some(value) if lead.is_empty() && matches!(value.get_ref(), DeValue::Array(items) if items.is_empty()) => {
            report.push(
                Diagnostic::error(Code::InvalidValue, "`lead` names no lead")
                    .at(value.span())
                    .help("every action needs at least one lead, e.g. lead = [\"ECDC\"]"),
            );
        }
        Some(_) => {}
    }
    let partners = fields.string_list(Field::Partners.name(), &mut report);
    let contacts = fields.string_list(Field::Contacts.name(), &mut report);
    let priority = fields.number_list(Field::Priority.name(), &mut report);
    let timescale = fields.string(Field::Timescale.name(), &mut report);
    let due = read_due(&fields, &mut report);
    let every = read_every(&fields, &mut report);
    let status = read_choice(
        &fields,
        Field::Status,
        Status::parse,
        &Status::ALL.map(Status::name),
        Code::InvalidStatus,
        &mut report,
    );
    let rag = read_choice(
        &fields,
        Field::Rag,
        Rag::parse,
        &Rag::ALL.map(Rag::name),
        Code::InvalidRag,
        &mut report,
    );
    let completed = fields.date(Field::Completed.name(), &mut report);
    let marking = read_choice(
        &fields,
        Field::Marking,
        Marking::parse,
        &Marking::ALL.map(Marking::name),
        Code::InvalidValue,
        &mut report,
    );
    let tags = fields.string_list(Field::Tags.name(), &mut report);
    let updates = read_updates(&fields, &mut report);

    let owned = |texts: Vec<Located<String>>| -> Vec<Located<Cow<'_, str>>> {
        texts
            .into_iter()
            .map(|(text, span)| (Cow::Owned(text), span))
            .collect()
    };
    let unlocated = |texts: Vec<Located<String>>| -> Vec<Cow<'_, str>> {
        texts
            .into_iter()
            .map(|(text, _)| Cow::Owned(text))
            .collect()
    };
    let draft = Draft {
        marking: marking.map(|(marking, _)| marking),
        title: title.map(|(text, _)| text).unwrap_or_default().into(),
        description: description.map(|(text, _)| text).unwrap_or_default().into(),
        lead: owned(lead),
        partners: owned(partners),
        contacts: unlocated(contacts),
        priority,
        timescale: timescale.map(|(text, _)| text.into()),
        due: due.as_ref().and_then(|(due, _)| due.ok()),
        due_from_start: due.and_then(|(due, _)| due.err()),
        every: every.map(|(every, _)| every),
        status,
        rag: rag.map(|(rag, _)| rag),
        completed,
        tags: unlocated(tags),
        updates,
    };
    ActionFile {
        action: Some(draft.into_action(id, shown)),
        diagnostics: report.diagnostics,
    }
}

/// Why a title cannot stand, if it cannot: one rule for both readers.
pub(super) fn title_problem(title: &str) -> Option<Diagnostic> {
    if title.trim().is_empty() {
        Some(Diagnostic::error(Code::InvalidValue, "`title` is empty"))
    } else if title.contains('\n') {
        Some(
            Diagnostic::error(Code::InvalidValue, "`title` must be one line")
                .help("keep the title short; the full wording belongs in `description`"),
        )
    } else {
        None
    }
}

pub(super) fn description_problem(description: &str) -> Option<Diagnostic> {
    description
        .trim()
        .is_empty()
        .then(|| Diagnostic::error(Code::InvalidValue, "`description` is empty"))
}

/// An action's fields as read from its file, before they become an
/// [`Action`]. Both readers fill one, and [`Draft::into_action`] is the one
/// place an action is put together, so they cannot drift apart there.
#[derive(Default)]
pub(super) struct Draft<'a> {
    pub marking: Option<Marking>,
    pub title: Cow<'a, str>,
    pub description: Cow<'a, str>,
    pub lead: Vec<Located<Cow<'a, str>>>,
    pub partners: Vec<Located<Cow<'a, str>>>,
    pub contacts: Vec<Cow<'a, str>>,
    pub priority: Vec<Located<u32>>,
    pub timescale: Option<Cow<'a, str>>,
    pub due: Option<Due>,
    pub due_from_start: Option<Period>,
    pub every: Option<Period>,
    pub status: Option<Located<Status>>,
    pub rag: Option<Rag>,
    pub completed: Option<Located<NaiveDate>>,
    pub tags: Vec<Cow<'a, str>>,
    pub updates: Vec<Update>,
}

impl Draft<'_> {
    pub(super) fn into_action(self, id: ActionId, shown: &Path) -> Action {
        let mut spans = ActionSpans::new(
            self.lead.iter().map(|(_, span)| span.clone()),
            self.partners.iter().map(|(_, span)| span.clone()),
            self.priority.iter().map(|(_, span)| span.clone()),
        );
        spans.status = self.status.as_ref().map(|(_, span)| span.clone().into());
        spans.completed = self.completed.as_ref().map(|(_, span)| span.clone().into());
        Action {
            id,
            marking: self.marking,
            unspellable_file: shown.to_str().is_none().then(|| shown.into()),
            title: self.title.into(),
            description: self.description.into(),
            lead: shared(self.lead.iter().map(|(text, _)| text)),
            partners: shared(self.partners.iter().map(|(text, _)| text)),
            contacts: shared(self.contacts.iter()),
            priority: values(self.priority),
            timescale: self.timescale.map(Into::into),
            due: self.due,
            due_from_start: self.due_from_start,
            every: self.every,
            status: self.status.map(|(status, _)| status).unwrap_or_default(),
            rag: self.rag,
            completed: self.completed.map(|(date, _)| date),
            tags: shared(self.tags.iter()),
            updates: self.updates.into_boxed_slice(),
            spans,
        }
    }
}

/// The values without their spans, in a buffer of exactly their size
/// (collecting in place would keep the larger buffer of the pairs).
fn values<T>(located: Vec<(T, Range<usize>)>) -> Box<[T]> {
    let mut values = Vec::with_capacity(located.len());
    values.extend(located.into_iter().map(|(value, _)| value));
    values.into_boxed_slice()
}

thread_local! {
    /// The lead, partner, contact and tag texts this loader thread has met:
    /// a plan names the same few dozen bodies and people in thousands of
    /// files, and one shared copy of each saves a small allocation per use.
    static SHARED_TEXTS: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// The texts, each shared with other actions naming it.
fn shared<'t>(texts: impl ExactSizeIterator<Item = &'t Cow<'t, str>>) -> Box<[Arc<str>]> {
    SHARED_TEXTS.with_borrow_mut(|known| {
        let mut shared = Vec::with_capacity(texts.len());
        shared.extend(texts.map(|text| {
            if let Some(known) = known.get(text.as_ref()) {
                return Arc::clone(known);
            }
            let new: Arc<str> = Arc::from(text.as_ref());
            known.insert(Arc::clone(&new));
            new
        }));
        shared.into_boxed_slice()
    })
}

/// The due: a day or span (`Ok`), or counted from the plan's start
/// (`Err`: `start+6m`, resolved when the plan is loaded).
fn read_due(
    fields: &Fields<'_, '_>,
    report: &mut FileReport<'_>,
) -> Option<(Result<Due, Period>, Range<usize>)> {
    let value = fields.get(Field::Due.name())?;
    let parsed = match value.get_ref() {
        DeValue::Datetime(datetime) => toml_date(datetime).map(Due::Day).map(Ok),
        DeValue::String(text) => match dates::parse_from_start(text) {
            Some(relative) => relative.map(Err),
            None => dates::parse_due(text).map(Ok),
        },
        _ => {
            report.push(
                Diagnostic::error(Code::WrongType, "`due` must be a date or a month")
                    .at(value.span())
                    .help("write due = 2024-03-31 for a day, or due = \"2024-03\" for a month"),
            );
            return None;
        }
    };
    match parsed {
        Ok(due) => Some((due, value.span())),
        Err(error) => {
            report_date_error(Field::Due.name(), value.span(), error, report);
            None
        }
    }
}

fn read_every(
    fields: &Fields<'_, '_>,
    report: &mut FileReport<'_>,
) -> Option<(Period, Range<usize>)> {
    let (text, span) = fields.string(Field::Every.name(), report)?;
    match Period::parse_every(&text) {
        Ok(period) => Some((period, span)),
        Err(error) => {
            report.push(
                Diagnostic::error(
                    Code::InvalidEvery,
                    format!("invalid `every`: {}", error.message),
                )
                .at(span)
                .help_opt(error.help),
            );
            None
        }
    }
}

fn read_choice<T>(
    fields: &Fields<'_, '_>,
    field: Field,
    parse: impl Fn(&str) -> Option<T>,
    allowed: &[&str],
    code: Code,
    report: &mut FileReport<'_>,
) -> Option<(T, Range<usize>)> {
    let (text, span) = fields.string(field.name(), report)?;
    let noun = if field == Field::Rag {
        "RAG rating"
    } else {
        field.name()
    };
    choice(&text, span, noun, parse, allowed, code, report)
}

/// `text` as one of `allowed`, or a diagnostic with the nearest one.
pub(super) fn choice<T>(
    text: &str,
    span: Range<usize>,
    noun: &str,
    parse: impl Fn(&str) -> Option<T>,
    allowed: &[&str],
    code: Code,
    report: &mut FileReport<'_>,
) -> Option<(T, Range<usize>)> {
    if let Some(value) = parse(text) {
        return Some((value, span));
    }
    let lowered = text.trim().to_lowercase().replace([' ', '_'], "-");
    let help = match parse(&lowered)
        .map(|_| lowered.as_str())
        .or_else(|| suggest::closest_name(text, allowed.iter().copied()))
    {
        Some(near) => format!("did you mean \"{near}\"? (one of: {})", allowed.join(", ")),
        None => format!("write one of: {}", allowed.join(", ")),
    };
    report.push(
        Diagnostic::error(code, format!("`{text}` is not a {noun}"))
            .at(span)
            .help(help),
    );
    None
}

fn read_updates(fields: &Fields<'_, '_>, report: &mut FileReport<'_>) -> Vec<Update> {
    let Some(value) = fields.get(Field::Update.name()) else {
        return Vec::new();
    };
    let help = "write each progress note as\n[[update]]\ndate = 2024-01-10\ntext = \"…\"";
    let DeValue::Array(items) = value.get_ref() else {
        report.push(
            Diagnostic::error(
                Code::WrongType,
                "`update` must be a list of [[update]] tables",
            )
            .at(value.span())
            .help(help),
        );
        return Vec::new();
    };
    let mut updates = Vec::with_capacity(items.len());
    for item in items {
        let DeValue::Table(table) = item.get_ref() else {
            report.push(
                Diagnostic::error(Code::WrongType, "each update must be an [[update]] table")
                    .at(item.span())
                    .help(help),
            );
            continue;
        };
        let update = Fields::new(table, item.span(), "an [[update]]");
        update.deny_unknown(UPDATE_FIELDS, report);
        let date = if update.get("date").is_some() {
            update.date("date", report)
        } else {
            update.required_string(
                "date",
                "give the day of the note, e.g. date = 2024-01-10",
                report,
            );
            None
        };
        let text = update.required_string(
            "text",
            "write the note, e.g. text = \"Draft shared\"",
            report,
        );
        if let (Some((date, _)), Some((text, _))) = (date, text) {
            updates.push(Update { date, text });
        }
    }
    updates
}
