//! Turning computed results into text: one module per output form.

pub mod diagnostics;
