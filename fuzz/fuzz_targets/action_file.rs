//! Arbitrary bytes as a manifest and an action file: parse both, validate
//! the plan they make and render every diagnostic in each format. Nothing
//! may panic, whatever the input, and the action file's two readers (the
//! fast one and the full TOML one) must agree on it.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use csp::load::{self, Loaded};
use csp::model::{ActionId, Plan};
use csp::render::diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: {
    // One thread: the rules' rayon joins then run inline, which keeps each
    // run cheap and any failure deterministic.
    let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
}, |data: &[u8]| {
    // An input may hold both files, split by a line `---`; otherwise the
    // same text is tried as each.
    let text = String::from_utf8_lossy(data);
    let (manifest_text, action_text) = match text.split_once("\n---\n") {
        Some((manifest, action)) => (manifest.to_string(), action.to_string()),
        None => (text.to_string(), text.to_string()),
    };
    let root = PathBuf::from("/nonexistent-csp-fuzz-plan");
    let manifest_source: Arc<str> = Arc::from(manifest_text);
    let (manifest, mut found) = load::parse_manifest(&manifest_source, &root.join("csp.toml"));
    let relative = Path::new("section/sub/action.toml");
    let action_source: Arc<str> = Arc::from(action_text);
    let file = load::parse_action(
        &action_source,
        &root.join(relative),
        ActionId::from_relative_path(relative),
    );
    // `parse_action` takes the fast reader when it accepts the file: it must
    // then give exactly what the full reader gives, and no diagnostic.
    let full = load::parse_action_via_toml(
        &action_source,
        &root.join(relative),
        ActionId::from_relative_path(relative),
    );
    assert_eq!(
        format!("{:?}", (&file.action, &file.diagnostics)),
        format!("{:?}", (&full.action, &full.diagnostics)),
        "the fast reader disagrees with the full reader"
    );
    let clean = file.is_clean();
    found.extend(file.diagnostics);
    let (actions, rejected) = match file.action {
        Some(action) if clean => (vec![action], Vec::new()),
        Some(action) => (Vec::new(), vec![action]),
        None => (Vec::new(), Vec::new()),
    };
    let loaded = Loaded {
        plan: Plan {
            root,
            manifest: manifest.clone().unwrap_or_default(),
            actions,
            measures: Vec::new(),
        },
        has_manifest: manifest.is_some(),
        files: 1,
        measure_files: 0,
        rejected,
        diagnostics: found,
    };
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    for diagnostic in csp::validate::validate(&loaded, today) {
        let _ = diagnostics::text(&diagnostic);
        let _ = diagnostics::json(&diagnostic);
        let _ = diagnostics::github(&diagnostic);
    }
    for day in [today, NaiveDate::MIN, NaiveDate::MAX] {
        for action in loaded.all_actions() {
            let _ = csp::schedule::next_due(action);
            let _ = csp::schedule::days_overdue(action, day);
            if let Some(days) = csp::schedule::days_until_due(action, day) {
                let _ = csp::schedule::describe_distance(days);
            }
            let until = csp::window::LookAhead::default_for(&loaded.plan.manifest, day).until;
            let _ = csp::schedule::is_upcoming(action, day, until);
            let _ = action.due.map(|due| (due.uk(), due.iso()));
        }
    }
});
