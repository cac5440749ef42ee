//! The return form's contract: the one description of the workbook that
//! `csp export --form` and `csp chase --format xlsx` write (`view::form`,
//! `render::xlsx`) and `csp apply` reads back (`apply::form`). Its sheets,
//! the Update and Figures sheets' columns, the hidden `csp` sheet's cells
//! and the versions that name this layout are defined here and nowhere
//! else, so the writer and the reader cannot drift apart.
//! docs/spreadsheets.md ("The form contract") describes the same layout
//! for people.
//!
//! Positions count from 0 in Excel's own types (rows `u32`, columns `u16`),
//! as the writer takes them.

/// What the hidden sheet's B4 says for a form of actions only. A form that
/// says a version not in [`KNOWN_VERSIONS`] is refused: it was made by a
/// csp that wrote another layout.
pub(crate) const FORM_VERSION: &str = "csp-form-1";

/// What B4 says for a form with a [`FormSheet::Figures`] sheet. A form
/// without figures keeps [`FORM_VERSION`], so that a csp from before the
/// Figures sheet still applies it; one with figures says this, so that
/// such a csp refuses it rather than apply its actions and pass over the
/// figures in silence.
pub(crate) const FIGURES_FORM_VERSION: &str = "csp-form-2";

/// The versions this csp reads.
pub(crate) const KNOWN_VERSIONS: [&str; 2] = [FORM_VERSION, FIGURES_FORM_VERSION];

/// The version a form says: [`FIGURES_FORM_VERSION`] when it has figures.
pub(crate) const fn form_version(has_figures: bool) -> &'static str {
    if has_figures {
        FIGURES_FORM_VERSION
    } else {
        FORM_VERSION
    }
}

/// The form's sheets, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormSheet {
    /// The sheet partners fill in, one row per action.
    Update,
    /// One row per missing figure of a measure the lead supplies
    /// ([`FigureColumn`]); only in a form that has some.
    Figures,
    /// What to fill in and how to send the form back.
    Instructions,
    /// Hidden: where the form came from (see [`MetaCell`]).
    Meta,
}

impl FormSheet {
    pub(crate) const ALL: [FormSheet; 4] = [
        FormSheet::Update,
        FormSheet::Figures,
        FormSheet::Instructions,
        FormSheet::Meta,
    ];

    pub(crate) const fn name(self) -> &'static str {
        match self {
            FormSheet::Update => "Update",
            FormSheet::Figures => "Figures",
            FormSheet::Instructions => "Instructions",
            FormSheet::Meta => "csp",
        }
    }
}

/// The Update sheet's columns, declared in the order the form writes them
/// (A, B, …): the twelve a partner sees, then three hidden ones that carry
/// the form's identity on every row (the action file's fingerprint, the
/// form's id and the plan's name), so that the Update sheet saved alone as
/// CSV still says where it came from. The reader finds each column by its
/// header, so a column moved by a partner is still read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    Id,
    Title,
    Due,
    Status,
    Rag,
    LatestNote,
    ProgressNote,
    NoteDate,
    NewStatus,
    NewRag,
    NewDue,
    DoneOn,
    Fingerprint,
    Form,
    Plan,
}

impl Column {
    /// Every column a form holds: the ones a partner sees, then the
    /// hidden ones.
    pub(crate) const ALL: [Column; 15] = {
        let mut all = [Column::Fingerprint; 15];
        let mut at = 0;
        while at < UPDATE_COLUMNS.len() {
            all[at] = UPDATE_COLUMNS[at];
            at += 1;
        }
        while at < all.len() {
            all[at] = HIDDEN_COLUMNS[at - UPDATE_COLUMNS.len()];
            at += 1;
        }
        all
    };

    /// The header as the form writes it.
    pub(crate) const fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Title => "Title",
            Column::Due => "Due",
            Column::Status => "Status",
            Column::Rag => "RAG",
            Column::LatestNote => "Latest note",
            Column::ProgressNote => "Progress note",
            Column::NoteDate => "Note date",
            Column::NewStatus => "New status",
            Column::NewRag => "New RAG",
            Column::NewDue => "New due",
            Column::DoneOn => "Done on",
            Column::Fingerprint => "Fingerprint",
            Column::Form => "Form",
            Column::Plan => "Plan",
        }
    }

    /// Where the form writes the column: A is 0.
    pub(crate) const fn col(self) -> u16 {
        self as u16
    }
}

/// The Update sheet's columns a partner sees: A to L.
pub(crate) const UPDATE_COLUMNS: [Column; 12] = [
    Column::Id,
    Column::Title,
    Column::Due,
    Column::Status,
    Column::Rag,
    Column::LatestNote,
    Column::ProgressNote,
    Column::NoteDate,
    Column::NewStatus,
    Column::NewRag,
    Column::NewDue,
    Column::DoneOn,
];

/// The Update sheet's hidden columns, M to O: on every row, the action
/// file's fingerprint when the form was made, the form's id ([`form_id`])
/// and the plan's name.
pub(crate) const HIDDEN_COLUMNS: [Column; 3] = [Column::Fingerprint, Column::Form, Column::Plan];

/// The columns a partner may not change: what the plan said when the form
/// was made.
pub(crate) const READ_ONLY_COLUMNS: [Column; 5] = [
    Column::Title,
    Column::Due,
    Column::Status,
    Column::Rag,
    Column::LatestNote,
];

/// Where the Update sheet's editable columns start: the six a lead fills in.
pub(crate) const FIRST_EDITABLE: usize = Column::ProgressNote.col() as usize;

/// The columns a lead fills in, which the form leaves unlocked.
pub(crate) const EDITABLE_COLUMNS: &[Column] = UPDATE_COLUMNS.split_at(FIRST_EDITABLE).1;

// `Column::col` is the declaration order: it must be the written order.
const _: () = {
    let mut at = 0;
    while at < Column::ALL.len() {
        assert!(Column::ALL[at].col() as usize == at);
        at += 1;
    }
};

/// The Figures sheet's columns, in the order the form writes them: seven
/// a lead sees (the measure's id, title, the period as written, its unit
/// and the target for the period, read-only; then Value and Note to fill
/// in), then the same three hidden ones as the Update sheet's, carrying the
/// form's identity on every row (here the fingerprint is the measure
/// file's). The reader finds each column by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FigureColumn {
    Measure,
    Title,
    Period,
    Unit,
    Target,
    Value,
    Note,
    Fingerprint,
    Form,
    Plan,
}

impl FigureColumn {
    pub(crate) const ALL: [FigureColumn; 10] = [
        FigureColumn::Measure,
        FigureColumn::Title,
        FigureColumn::Period,
        FigureColumn::Unit,
        FigureColumn::Target,
        FigureColumn::Value,
        FigureColumn::Note,
        FigureColumn::Fingerprint,
        FigureColumn::Form,
        FigureColumn::Plan,
    ];

    /// The header as the form writes it (the hidden ones as the Update
    /// sheet's).
    pub(crate) const fn header(self) -> &'static str {
        match self {
            FigureColumn::Measure => "Measure",
            FigureColumn::Title => "Title",
            FigureColumn::Period => "Period",
            FigureColumn::Unit => "Unit",
            FigureColumn::Target => "Target",
            FigureColumn::Value => "Value",
            FigureColumn::Note => "Note",
            FigureColumn::Fingerprint => Column::Fingerprint.header(),
            FigureColumn::Form => Column::Form.header(),
            FigureColumn::Plan => Column::Plan.header(),
        }
    }

    /// Where the form writes the column: A is 0.
    pub(crate) const fn col(self) -> u16 {
        self as u16
    }
}

// `FigureColumn::col` is the declaration order: it must be the written order.
const _: () = {
    let mut at = 0;
    while at < FigureColumn::ALL.len() {
        assert!(FigureColumn::ALL[at].col() as usize == at);
        at += 1;
    }
};

/// The Figures sheet's columns a lead sees: A to G.
pub(crate) const FIGURE_COLUMNS: [FigureColumn; 7] = [
    FigureColumn::Measure,
    FigureColumn::Title,
    FigureColumn::Period,
    FigureColumn::Unit,
    FigureColumn::Target,
    FigureColumn::Value,
    FigureColumn::Note,
];

/// The Figures sheet's hidden columns, H to J.
pub(crate) const FIGURE_HIDDEN_COLUMNS: [FigureColumn; 3] = [
    FigureColumn::Fingerprint,
    FigureColumn::Form,
    FigureColumn::Plan,
];

/// What the plan said when the form was made, which a lead may not change.
/// The Measure column is the row's identity, as the Update sheet's ID is.
pub(crate) const FIGURE_READ_ONLY_COLUMNS: [FigureColumn; 4] = [
    FigureColumn::Title,
    FigureColumn::Period,
    FigureColumn::Unit,
    FigureColumn::Target,
];

/// The Figures sheet's columns a lead fills in, which the form leaves
/// unlocked.
pub(crate) const FIGURE_EDITABLE_COLUMNS: [FigureColumn; 2] =
    [FigureColumn::Value, FigureColumn::Note];

/// How a measure is named in the hidden sheet's table of fingerprints
/// (beside the actions, by their ids): `measures/<id>`, its file's path
/// without `.toml`, which no action's id can be (`measures/` holds
/// measures: `model::MEASURES_DIR`).
pub(crate) fn measure_key(id: &str) -> String {
    format!("{MEASURE_PREFIX}{id}")
}

/// The prefix of [`measure_key`].
pub(crate) const MEASURE_PREFIX: &str = "measures/";

/// The hidden sheet's named cells: a label in column A and its value in
/// column B, one per row from the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MetaCell {
    /// The plan's name, which must be the plan the form is applied to.
    Plan,
    /// The as-of day the form was made for, as text `YYYY-MM-DD`.
    AsOf,
    /// The lead's key; empty for a form over several bodies.
    Lead,
    /// [`FORM_VERSION`].
    Version,
    /// The form's id ([`form_id`]). Forms made before it was written have
    /// the row blank: their id is worked out from the rest of the sheet.
    FormId,
}

impl MetaCell {
    /// In the order of their rows.
    pub(crate) const ALL: [MetaCell; 5] = [
        MetaCell::Plan,
        MetaCell::AsOf,
        MetaCell::Lead,
        MetaCell::Version,
        MetaCell::FormId,
    ];

    /// The column of every label.
    pub(crate) const LABEL_COL: u16 = 0;
    /// The column of every value.
    pub(crate) const VALUE_COL: u16 = 1;

    pub(crate) const fn row(self) -> u32 {
        self as u32
    }

    /// What column A says beside the value.
    pub(crate) const fn label(self) -> &'static str {
        match self {
            MetaCell::Plan => "plan",
            MetaCell::AsOf => "as of",
            MetaCell::Lead => "lead",
            MetaCell::Version => "form",
            MetaCell::FormId => "form id",
        }
    }
}

/// Below the named cells, after a blank row, the hidden sheet's table of
/// fingerprints: a header row, then one row per Update row, in the same
/// order, with the action's full id and the fingerprint of its file's text
/// (line endings aside: see `fingerprint`) when the form was made; then one
/// row per measure of the Figures sheet, in its order, named by
/// [`measure_key`].
pub(crate) struct Fingerprints;

// The fingerprints' table starts below the named cells.
const _: () = assert!(MetaCell::FormId.row() < Fingerprints::HEADER_ROW);

impl Fingerprints {
    /// The row of the table's headers.
    pub(crate) const HEADER_ROW: u32 = 5;
    /// The first action's row.
    pub(crate) const FIRST_ROW: u32 = Self::HEADER_ROW + 1;
    pub(crate) const ID_COL: u16 = 0;
    pub(crate) const FINGERPRINT_COL: u16 = 1;
    pub(crate) const ID_HEADER: &str = "id";
    pub(crate) const FINGERPRINT_HEADER: &str = "fingerprint";
}

/// A form's id: 16 hex digits, the same for the same version, plan, day,
/// lead and rows (the hidden table's: each action's id and the fingerprint
/// of its file, then each measure's), so the writer and a reader of a form
/// made before the id was written agree on it. `csp apply` records it with
/// every change a form makes (`apply::ledger`), which is how it knows a
/// form applied already.
pub(crate) fn form_id<'a>(
    version: &str,
    plan: &str,
    as_of: &str,
    lead: &str,
    rows: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut text = format!("{version}\n{plan}\n{as_of}\n{lead}\n");
    for (id, fingerprint) in rows {
        text.push_str(id);
        text.push(' ');
        text.push_str(fingerprint);
        text.push('\n');
    }
    crate::fingerprint::fingerprint(text.as_bytes())
}
