//! Arbitrary text as a measure file: parse it and, when it reads, judge it
//! by every rule on days around its periods. Nothing may panic or loop,
//! whatever figures, targets or periods it holds.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use csp::load;
use csp::model::Tolerance;
use csp::performance;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(data).into_owned());
    let file = load::parse_measure(&text, Path::new("measures/m.toml"), "m");
    let Some(measure) = file.measure else {
        return;
    };
    let mut days: Vec<NaiveDate> = measure
        .values
        .iter()
        .flat_map(|figure| [figure.period.first_day(), figure.period.last_day()])
        .collect();
    days.extend([NaiveDate::MIN, NaiveDate::MAX]);
    days.extend(NaiveDate::from_ymd_opt(2024, 2, 20));
    for as_of in days {
        let standing = performance::standing(&measure, as_of, Tolerance::DEFAULT, measure.lag);
        let _ = standing.missing.len();
        for period in performance::recent_periods(&measure, as_of, 8) {
            let _ = performance::period_target(&measure, period);
        }
    }
});
