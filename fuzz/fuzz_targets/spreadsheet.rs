//! The one spreadsheet reader (`csp::sheet`, which `csp apply` and `csp
//! import` share) on arbitrary bytes as an `.xlsx`, `.ods` or `.csv` file
//! (the first byte picks which), then every cell it returns through the
//! cell readers a form or tracker uses. Nothing may panic, hang, or hold
//! more than the bounds of `sheet::bounds` allow (run with `-rss_limit_mb`).
#![no_main]

use csp::sheet::cells::{self, DateOrder};
use csp::sheet::{Kind, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let kind = match first % 3 {
        0 => Kind::Xlsx,
        1 => Kind::Ods,
        _ => Kind::Csv,
    };
    let Ok(sheets) = read_bytes(bytes.to_vec(), kind, "fuzz") else {
        return;
    };
    for sheet in &sheets {
        for row in &sheet.rows {
            for cell in row {
                let _ = cell.text();
                for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
                    let _ = cells::read_day_in(cell, order);
                    let _ = cells::read_due_in(cell, order);
                }
                let _ = cells::read_status(cell);
                let _ = cells::read_rag(cell);
                let _ = cells::read_timescale(cell);
            }
        }
    }
});
