//! Bounds on what a spreadsheet from outside may make csp hold or do,
//! checked before the reader holds any of it. A workbook is a zip archive:
//! a part of a few hundred kilobytes can inflate a thousand-fold, and one
//! cell at `XFD1048576` can ask for a grid of seventeen billion cells. A
//! file past a bound is refused in one sentence; csp never holds much more
//! than the bounds below (docs/robustness.md has the measurements).

use std::io::{Cursor, Read};

/// The most a spreadsheet file may weigh.
pub(crate) const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// The most one part of a workbook (a sheet, the shared strings) may
/// inflate to, and all of its parts together: far above a form (tens of
/// kilobytes) or a tracker of thousands of rows (a few megabytes).
pub(crate) const MAX_PART: u64 = 16 * 1024 * 1024;
pub(crate) const MAX_INFLATED: u64 = 48 * 1024 * 1024;
/// The most parts a workbook may have.
const MAX_PARTS: usize = 1_000;
/// The most rows and columns a sheet may use, and cells with something in
/// them in all sheets: more than any form or tracker could.
pub(crate) const MAX_ROWS: usize = 100_000;
pub(crate) const MAX_COLUMNS: usize = 200;
pub(crate) const MAX_CELLS: usize = 1_000_000;
/// The most a cell's text may weigh: Excel and LibreOffice hold at most
/// 32,767 characters in a cell, which is at most four times as many bytes.
pub(crate) const MAX_CELL_BYTES: usize = 4 * 32_767;

/// Why a workbook is refused, as the end of a sentence that starts with
/// its name.
pub(crate) type Refusal = String;

const MIB: u64 = 1024 * 1024;

/// Inflates every part of the zip archive in `bytes` into nothing, counting,
/// and stops at the first past a bound: time and memory stay bounded
/// whatever the archive's headers claim. An archive the zip reader cannot
/// open is passed, for the workbook reader to name what is wrong.
pub(crate) fn check_zip(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut archive) = zip_parts::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if archive.len() > MAX_PARTS {
        return Err(format!(
            "has {} parts, more than any form or tracker (at most {MAX_PARTS})",
            archive.len()
        ));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        let name = part.name().to_string();
        let too_big = || {
            format!(
                "has a part (`{name}`) that inflates past {} MiB, far more than any form or tracker holds",
                MAX_PART / MIB
            )
        };
        if part.size() > MAX_PART {
            return Err(too_big());
        }
        let mut sink = std::io::sink();
        let Ok(inflated) = std::io::copy(&mut (&mut part).take(MAX_PART + 1), &mut sink) else {
            continue;
        };
        if inflated > MAX_PART {
            return Err(too_big());
        }
        total += inflated;
        if total > MAX_INFLATED {
            return Err(format!(
                "inflates past {} MiB in all, far more than any form or tracker holds",
                MAX_INFLATED / MIB
            ));
        }
    }
    Ok(())
}

/// The ODS reader grows a repeated cell or row into copies of it:
/// a cell with a value repeated past [`MAX_COLUMNS`], or a row with values
/// repeated past [`MAX_ROWS`], is refused before it is read. (Empty cells
/// and rows repeated to the sheet's edge, as LibreOffice writes them, are
/// not copied, and pass.)
pub(crate) fn check_ods(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut archive) = zip_parts::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut content = Vec::new();
    // check_zip has bounded the part already.
    if part.take(MAX_PART).read_to_end(&mut content).is_err() {
        return Ok(());
    }
    let refuse = |what: &str, count: u64| {
        Err(format!(
            "repeats a {what} with something in it {count} times, more than any form or tracker holds"
        ))
    };
    for (attribute, element, end, limit, what) in [
        (
            &b"table:number-columns-repeated=\""[..],
            &b"<table:table-cell"[..],
            &b">"[..],
            MAX_COLUMNS,
            "cell",
        ),
        (
            &b"table:number-rows-repeated=\""[..],
            &b"<table:table-row"[..],
            &b"</table:table-row>"[..],
            MAX_ROWS,
            "row",
        ),
    ] {
        let mut from = 0;
        let mut looked = 0;
        while let Some(at) = find(&content[from..], attribute).map(|at| at + from) {
            from = at + attribute.len();
            let digits: Vec<u8> = content[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            let count: u64 = std::str::from_utf8(&digits)
                .ok()
                .and_then(|text| text.parse().ok())
                .unwrap_or(u64::MAX);
            if count <= limit as u64 {
                continue;
            }
            looked += 1;
            if looked > 1_000 {
                return refuse(what, count);
            }
            // The element the attribute is on, to its end (a cell's start
            // tag; a row's whole content), looked for within a window, so
            // that the scan stays linear: an element longer than that is
            // taken to hold something.
            let back = at.saturating_sub(WINDOW);
            let start = rfind(&content[back..at], element).map_or(at, |start| back + start);
            let ahead = (at + WINDOW).min(content.len());
            let Some(stop) = find(&content[at..ahead], end).map(|end| at + end) else {
                return refuse(what, count);
            };
            let body = &content[start..stop];
            let has_value = find(body, b"office:value-type").is_some()
                || find(body, b"<text:p").is_some()
                || (what == "cell" && !content[..stop].ends_with(b"/"));
            if has_value {
                return refuse(what, count);
            }
        }
    }
    Ok(())
}

/// How far around a repeat count [`check_ods`] looks for its element.
const WINDOW: usize = 64 * 1024;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}
