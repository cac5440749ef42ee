//! Changing plan files without losing what people wrote. An edit reads a
//! file ([`text::Source`]), changes only the fields it must with
//! `toml_edit` ([`document::ActionDocument`]; csp.toml through
//! [`manifest::ManifestDocument`]), checks the plan as it would
//! be with `csp validate`'s own rules ([`check::review`]), and writes
//! atomically ([`write::apply`]); `--dry-run` shows the same bytes as a diff.

pub mod check;
pub mod document;
pub mod done;
pub mod figure;
pub mod format;
pub mod lock;
pub mod manifest;
pub mod session;
pub mod text;
pub mod write;

pub use check::{EditedAction, EditedMeasure, Review, review, review_change};
pub use document::ActionDocument;
pub use lock::PlanLock;
pub use manifest::ManifestDocument;
pub use session::{ActionEdit, MeasureEdit, Outcome, Session};
pub use text::Source;
pub use write::FileEdit;
