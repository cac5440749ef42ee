//! `csp import`: the round trip through `csp export --format xlsx`, and
//! trackers written like real ones.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::support::csp;

fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The map a CSP officer would write to bring the export of `plan` back:
/// the export's headers, the plan's sections, priorities and lead names.
fn map_for(plan: &Path) -> String {
    let manifest: toml::Table = std::fs::read_to_string(plan.join("csp.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut map = format!(
        "[plan]\nname = {}\n\n[columns]\n",
        quote(manifest["plan"]["name"].as_str().unwrap())
    );
    for (field, header) in [
        ("id", "ID"),
        ("section", "Section"),
        ("title", "Title"),
        ("description", "Description"),
        ("lead", "Lead"),
        ("partners", "Partners"),
        ("contacts", "Contacts"),
        ("priority", "Priority"),
        ("tags", "Tags"),
        ("timescale", "Timescale"),
        ("due", "Due as written"),
        ("every", "Every"),
        ("status", "Status"),
        ("rag", "RAG"),
        ("completed", "Completed"),
        ("update", "Latest note"),
        ("update_date", "Latest note date"),
    ] {
        writeln!(map, "{field} = {}", quote(header)).unwrap();
    }
    for table in ["priorities", "sections"] {
        writeln!(map, "\n[{table}]").unwrap();
        for (key, value) in manifest[table].as_table().unwrap() {
            writeln!(map, "{} = {}", quote(key), quote(value.as_str().unwrap())).unwrap();
        }
    }
    map.push_str("\n[leads]\n");
    for (key, lead) in manifest["leads"].as_table().unwrap() {
        writeln!(
            map,
            "{} = {}",
            quote(lead["name"].as_str().unwrap()),
            quote(key)
        )
        .unwrap();
    }
    map
}

fn list(dir: &Path) -> Vec<Value> {
    let output = csp()
        .current_dir(dir)
        .args([
            "list",
            "--plan",
            "plan",
            "--format",
            "json",
            "--as-of",
            "2024-03-14",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn export_then_import_gives_the_bundled_plan_back() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("x.xlsx");
    let status = csp()
        .args(["export", "--format", "xlsx", "--as-of", "2024-03-14", "-o"])
        .arg(&workbook)
        .arg("--plan")
        .arg(&bundled)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(dir.path().join("map.toml"), map_for(&bundled)).unwrap();
    let output = csp()
        .current_dir(dir.path())
        .args([
            "import",
            "x.xlsx",
            "--map",
            "map.toml",
            "--to",
            "plan",
            "--as-of",
            "2024-03-14",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("x.xlsx: 78 actions imported, 0 skipped (empty)"),
        "{report}"
    );
    assert!(report.contains(", 0 caveats;"), "{report}");

    let original = list(Path::new(env!("CARGO_MANIFEST_DIR")));
    let imported = list(dir.path());
    assert_eq!(original.len(), imported.len());
    for (want, got) in original.iter().zip(&imported) {
        for (field, value) in want.as_object().unwrap() {
            assert_eq!(Some(value), got.get(field), "{}: {field}", want["id"]);
        }
    }
    let validate = csp()
        .current_dir(dir.path())
        .args(["validate", "--plan", "plan", "--as-of", "2024-03-14"])
        .output()
        .unwrap();
    assert!(validate.status.success());
    // Every file is in `csp fmt` layout already.
    let fmt = csp()
        .current_dir(dir.path())
        .args(["fmt", "--check", "--plan", "plan"])
        .output()
        .unwrap();
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stderr)
    );
}
