//! Calendar arithmetic for the plan, one concept per file: when an action
//! is due (`due`: a day, or a whole month, quarter or financial year),
//! lengths of time (`period`: recurrences and look-ahead windows), the
//! periods a performance measure reports in (`reporting`), and the
//! UK date style officers read (`uk`); `date_error` is the one error of the
//! due and period parsers. The names are re-exported here, so
//! `crate::dates::Due` is the path to use.

mod date_error;
mod due;
mod period;
mod reporting;
mod uk;

pub use date_error::DateError;
pub use due::{
    Due, FinancialYear, MONTH_NAMES, Precision, Quarter, YearMonth, from_start_text, parse_date,
    parse_due, parse_from_start,
};
pub use period::{MAX_PERIOD_YEARS, Period, Unit};
pub use reporting::{Frequency, ReportingPeriod};
pub use uk::uk_date;
