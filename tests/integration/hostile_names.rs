//! Names from outside never become paths outside the plan: a tracker's id
//! and section cells, titles, body names and lead keys, tried with every
//! hostile name (`..`, absolute paths, `C:\x`, `a:b`, `con`, `x.`, 300
//! characters) in every writing mode. After each run, the only files in
//! the test's whole directory are the inputs, and the plan's own files.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::{copy_tree, csp};

/// A test's world: `work/` is the current directory (tracker and map
/// inside), `tmp/` is TMPDIR (where the import's scratch check goes), and
/// `outside/` is where a climbing or absolute name would land.
struct World {
    dir: TempDir,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["work", "tmp"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        Self { dir }
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn csp(&self) -> std::process::Command {
        let mut command = csp();
        command
            .current_dir(self.work())
            .env("TMPDIR", self.dir.path().join("tmp"))
            .env("NO_COLOR", "1");
        command
    }

    /// Every file under the world, relative to it, sorted.
    fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .map(Result::unwrap)
            .filter(|entry| !entry.file_type().is_dir())
            .map(|entry| {
                entry
                    .path()
                    .strip_prefix(self.dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }

    /// Fails unless every file is an input or lies under `work/<plan>/`.
    fn assert_nothing_outside(&self, plan: &str, inputs: &[&str]) {
        let inside = format!("work/{plan}/");
        for file in self.files() {
            assert!(
                file.starts_with(&inside)
                    || inputs.iter().any(|input| file == format!("work/{input}")),
                "`{file}` was written outside the plan `{plan}`: {:#?}",
                self.files()
            );
        }
        assert!(
            !self.dir.path().join("outside").exists(),
            "outside/ was made"
        );
    }
}

/// The hostile values of an id cell, and what the import makes of each:
/// a file under the plan, or the row refused with its cell named.
fn hostile_ids(outside: &Path) -> Vec<(String, Option<&'static str>)> {
    let absolute = outside.join("abs").to_string_lossy().into_owned();
    vec![
        ("..".into(), None),
        ("../../../outside/climb".into(), None),
        ("sec/../../../../outside/middle".into(), None),
        (absolute, None),
        ("C:\\outside\\drive".into(), None),
        ("..\\..\\..\\outside\\backslash".into(), None),
        ("a:b".into(), None),
        ("sec/con".into(), Some("sec/con-1.toml")),
        ("sec/x.".into(), Some("sec/x.toml")),
        ("Sec/Mixed Case".into(), Some("sec/mixed-case.toml")),
        ("nul/aux".into(), Some("nul-1/aux-1.toml")),
        (
            format!("sec/{}", "y".repeat(300)),
            Some("sec/yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy.toml"),
        ),
    ]
}

fn csv_cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A tracker of one row per hostile id, each with a hostile lead name and
/// section; and a map reading its id column.
fn write_tracker(world: &World) -> Vec<(String, Option<&'static str>)> {
    let ids = hostile_ids(&world.dir.path().join("outside"));
    let mut csv = String::from("Ref,Action,Lead,Section\n");
    for (n, (id, _)) in ids.iter().enumerate() {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            csv_cell(id),
            csv_cell(&format!("Action {n}")),
            csv_cell(["con", "AUX", "../../outside/lead", "C:\\lead"][n % 4]),
            csv_cell(["..", "../outside", "COM1", "x."][n % 4]),
        ));
    }
    // Titles of 300 characters, and sections that climb, for rows with no id.
    csv.push_str(&format!(
        ",{},Police,../../../outside/section\n",
        csv_cell(&"Long title ".repeat(30))
    ));
    csv.push_str(",Con,Police,/outside/absolute\n");
    fs::write(world.work().join("tracker.csv"), csv).unwrap();
    fs::write(
        world.work().join("map.toml"),
        "[columns]\nid = \"Ref\"\ntitle = \"Action\"\nlead = \"Lead\"\nsection = \"Section\"\n",
    )
    .unwrap();
    ids
}

const INPUTS: &[&str] = &["tracker.csv", "map.toml"];

#[test]
fn a_new_plan_from_a_hostile_tracker_stays_inside_it_in_every_mode() {
    for mode in [&["--dry-run"][..], &[], &["--to", "named"]] {
        let world = World::new();
        let ids = write_tracker(&world);
        let output = world
            .csp()
            .args([
                "import",
                "tracker.csv",
                "--map",
                "map.toml",
                "--on",
                "2024-03-01",
            ])
            .args(mode)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let plan = if mode.contains(&"--to") {
            "named"
        } else {
            "tracker"
        };
        world.assert_nothing_outside(plan, INPUTS);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{mode:?}\n{stdout}\n{stderr}"
        );
        // Each refused id is named by its cell; each made one is said.
        for (row, (id, made)) in ids.iter().enumerate() {
            let cell = format!("A{}", row + 2);
            match made {
                None => assert!(
                    stdout.contains(&format!("tracker.csv: {cell}: the id \""))
                        && stdout.contains("not imported (an id is a path inside the plan"),
                    "{id}: {stdout}"
                ),
                Some(file) => assert!(
                    stdout.contains(&format!("  {plan}/{file}")),
                    "{id} → {file}: {stdout}"
                ),
            }
        }
        assert!(stdout.contains("tracker.csv: A9: the id \"sec/con\" is not a portable file name (lowercase letters, digits and '-'); imported as `sec/con-1`"), "{stdout}");
        assert!(stdout.contains("tracker.csv: A3: the id \"../../../outside/climb\" is `.` or `..`, which would leave the directory; not imported"), "{stdout}");
        if mode.is_empty() || mode.contains(&"--to") {
            let written = world.files();
            // Every name written follows the rule: lowercase slugs of at
            // most 60 characters, none a device name.
            let prefix = format!("work/{plan}/");
            for file in written.iter().filter_map(|file| file.strip_prefix(&prefix)) {
                if file == "csp.toml" || file == ".gitignore" || file == ".csp.lock" {
                    continue;
                }
                let relative = file
                    .strip_suffix(".toml")
                    .unwrap_or_else(|| panic!("{file}"));
                for part in relative.split('/') {
                    assert_eq!(csp::portable::check_part(part), Ok(()), "{file}");
                }
            }
            // The plan it wrote validates, and names no device as a lead.
            let validate = world
                .csp()
                .args(["validate", "--plan", plan, "--as-of", "2024-03-01"])
                .output()
                .unwrap();
            assert!(
                validate.status.success(),
                "{}",
                String::from_utf8_lossy(&validate.stderr)
            );
            let manifest = fs::read_to_string(world.work().join(plan).join("csp.toml")).unwrap();
            assert!(
                manifest.contains("[leads.con-1]") && manifest.contains("[leads.aux-1]"),
                "{manifest}"
            );
        }
    }
}

#[test]
fn a_hostile_tracker_into_a_plan_stays_inside_it_with_and_without_dry_run() {
    for dry_run in [true, false] {
        let world = World::new();
        write_tracker(&world);
        copy_tree(
            Path::new("tests/fixtures/meetings/plan"),
            &world.work().join("plan"),
        );
        let mut command = world.csp();
        command.args([
            "import",
            "tracker.csv",
            "--map",
            "map.toml",
            "--into",
            "plan",
            "--on",
            "2024-03-01",
        ]);
        if dry_run {
            command.arg("--dry-run");
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        world.assert_nothing_outside("plan", INPUTS);
        assert!(stdout.contains("  plan/sec/con-1.toml"), "{stdout}");
    }
}

#[test]
fn a_map_cannot_name_a_section_or_lead_key_outside_the_rule() {
    for (map, said) in [
        (
            "[columns]\ntitle = \"Action\"\n[sections]\n\"../../outside\" = \"Out\"\n",
            "error: `map.toml`: [sections] \"../../outside\" cannot name a section directory: a part is `.` or `..`, which would leave the directory\n",
        ),
        (
            "[columns]\ntitle = \"Action\"\n[sections]\n\"/outside\" = \"Out\"\n",
            "error: `map.toml`: [sections] \"/outside\" cannot name a section directory: a part starts at the root of a disk, outside any plan\n",
        ),
        (
            "[columns]\ntitle = \"Action\"\n[leads]\n\"Console\" = \"con\"\n",
            "error: `map.toml`: [leads] \"Console\" = \"con\" cannot be a lead key: it is a device name on Windows, so the body's return form could not be saved there\nhelp: e.g. \"Console\" = \"console\"\n",
        ),
        (
            "[columns]\ntitle = \"Action\"\n[leads]\n\"Police\" = \"../police\"\n",
            "error: `map.toml`: [leads] \"Police\" = \"../police\" cannot be a lead key: keys are at most 60 letters, digits, '-' and '_'\nhelp: e.g. \"Police\" = \"police\"\n",
        ),
    ] {
        let world = World::new();
        write_tracker(&world);
        fs::write(world.work().join("map.toml"), map).unwrap();
        let output = world
            .csp()
            .args(["import", "tracker.csv", "--map", "map.toml"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with(said), "{stderr}");
        world.assert_nothing_outside("none", INPUTS);
    }
}

#[test]
fn csp_new_refuses_every_hostile_name_and_writes_nothing() {
    let world = World::new();
    copy_tree(
        Path::new("tests/fixtures/meetings/plan"),
        &world.work().join("plan"),
    );
    let before = world.files();
    let long = format!("duties/{}", "z".repeat(300));
    for (id, new_section) in [
        ("../../outside/x", None),
        ("/outside/x", None),
        ("C:\\outside\\x", None),
        ("duties/a:b", None),
        ("duties/con", None),
        ("duties/x.", None),
        (long.as_str(), None),
        ("aux/x", Some("Devices")),
        ("a:b/x", Some("Streams")),
    ] {
        let mut command = world.csp();
        command.args([
            "new",
            id,
            "--title",
            "T",
            "--lead",
            "council",
            "--plan",
            "plan",
            "--as-of",
            "2024-03-01",
        ]);
        if let Some(title) = new_section {
            command.args(["--new-section", title]);
        }
        let output = command.output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{id}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The plan's lock file is the only thing a refused `new` may leave.
        let mut after = world.files();
        after.retain(|file| file != "work/plan/.csp.lock");
        assert_eq!(after, before, "{id}");
    }
}

/// A plan whose lead keys are `con` and `police`, or (`clash`) `con` and
/// `CON`.
fn devices_plan(world: &World, clash: bool) {
    let plan = world.work().join("plan");
    copy_tree(Path::new("tests/fixtures/meetings/plan"), &plan);
    for entry in walkdir::WalkDir::new(&plan) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            let mut text = text
                .replace("\"council\"", "\"con\"")
                .replace("leads.council", "leads.con");
            if clash {
                text = text
                    .replace("\"police\"", "\"CON\"")
                    .replace("leads.police", "leads.CON");
            }
            fs::write(entry.path(), text).unwrap();
        }
    }
}

#[test]
fn chase_files_are_named_portably_and_a_case_clash_writes_nothing() {
    for format in ["eml", "xlsx", "text"] {
        let world = World::new();
        devices_plan(&world, false);
        let output = world
            .csp()
            .args([
                "chase",
                "--plan",
                "plan",
                "--as-of",
                "2024-03-08",
                "--format",
                format,
                "-o",
                "plan/out",
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let extension = if format == "text" { "txt" } else { format };
        assert!(
            stdout.contains(&format!("wrote plan/out/con-1.{extension}")),
            "{stdout}"
        );
        assert!(
            world
                .work()
                .join(format!("plan/out/con-1.{extension}"))
                .is_file()
        );
        assert!(
            !world
                .work()
                .join(format!("plan/out/con.{extension}"))
                .exists()
        );

        let world = World::new();
        devices_plan(&world, true);
        let before = world.files();
        let output = world
            .csp()
            .args([
                "chase",
                "--plan",
                "plan",
                "--as-of",
                "2024-03-08",
                "--format",
                format,
                "-o",
                "plan/out",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: leads `con` and `CON` would be written to one file on Windows and macOS, which do not tell letter case apart; nothing was written\nhelp: rename one of the keys in csp.toml's [leads] (`csp validate` warns of such pairs)\n"
        );
        assert_eq!(world.files(), before);
    }
}

#[test]
fn validate_warns_of_names_that_break_a_windows_clone() {
    let world = World::new();
    let plan = world.work().join("plan");
    copy_tree(Path::new("tests/fixtures/meetings/plan"), &plan);
    let action = fs::read_to_string(plan.join("duties/annual-report.toml")).unwrap();
    let long_dir = "p".repeat(80);
    let long_file = "q".repeat(70);
    let mut files = vec![
        "duties/con.toml".to_string(),
        "Duties/other.toml".to_string(),
        format!("projects/{long_dir}/{long_file}.toml"),
    ];
    // A colon cannot be in a file name on Windows, where this test may run.
    if cfg!(unix) {
        files.push("duties/a:b.toml".into());
    }
    for file in &files {
        let path = plan.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, &action).unwrap();
    }
    let mut manifest = fs::read_to_string(plan.join("csp.toml")).unwrap();
    manifest.push_str("\n[leads.aux]\nname = \"Aux\"\n\n[leads.Police]\nname = \"Police 2\"\n");
    fs::write(plan.join("csp.toml"), manifest).unwrap();

    let output = world
        .csp()
        .args([
            "validate",
            "--plan",
            "plan",
            "--as-of",
            "2024-03-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "warnings only");
    let found: Vec<(String, String)> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|value| value["code"] == "not-portable")
        .map(|value| {
            (
                value["file"].as_str().unwrap().to_string(),
                value["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected = vec![
        ("plan/csp.toml".to_string(), "the lead key `aux` is a device name on Windows (con, prn, aux, nul, com1…, lpt1…): `csp chase -o` names its files after it".to_string()),
        ("plan/csp.toml".into(), "the lead keys `police` and `Police` differ only by letter case: their files from `csp chase -o` would be one on Windows and macOS, and people cannot tell them apart".into()),
        ("plan/csp.toml".into(), "the directories `Duties` and `duties` differ only by letter case: on Windows and macOS they are one directory".into()),
    ];
    if cfg!(unix) {
        expected.push(("plan/duties/a:b.toml".into(), "the file name `a:b.toml` holds a character Windows refuses in file names (< > : \" | ? * \\ or a control character)".into()));
    }
    expected.push((
        "plan/duties/con.toml".into(),
        "the file name `con.toml` is a device name on Windows (con, prn, aux, nul, com1…, lpt1…)"
            .into(),
    ));
    expected.push((
        format!("plan/projects/{long_dir}/{long_file}.toml"),
        format!("the path `projects/{long_dir}/{long_file}.toml` is 165 characters from the plan root, over 150"),
    ));
    assert_eq!(found, expected);
}
