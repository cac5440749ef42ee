//! The meeting pack laid out for reading: paste-ready Markdown, or one
//! self-contained HTML page that prints on A4. Both render the same
//! [`Pack`](crate::view::pack::Pack); neither decides anything about dates.

pub mod charts;
pub mod html;
pub mod markdown;
