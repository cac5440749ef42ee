//! Writers that run at the same time (issue 12): each takes the plan's lock
//! (`.csp.lock`), so none loses another's change; one that cannot get it in
//! time gives up with exit 2 and writes nothing; readers never wait. Every
//! test here gets the same answer however the processes are scheduled: the
//! only sleeping is csp's own polling for the lock.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

use crate::support;

const PLAN: &str = "tests/fixtures/edit/plan";
const LOCK_FILE: &str = ".csp.lock";
const AS_OF: &str = "2024-04-01";
/// The fixture's actions, by id, with their files.
const ACTIONS: [(&str, &str); 5] = [
    ("raise-profile", "duties/prevent/raise-profile.toml"),
    ("annual-report", "duties/annual-report.toml"),
    ("quarterly-review", "duties/quarterly-review.toml"),
    ("stop-leaflets", "duties/stop-leaflets.toml"),
    ("cctv-review", "projects/cctv-review.toml"),
];

fn copy_of(fixture: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(fixture).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

fn csp(dir: &Path) -> Command {
    let mut command = support::csp();
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Every file of the plan but the lock file, with its text.
fn files(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != LOCK_FILE)
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap();
            (
                relative.display().to_string(),
                fs::read_to_string(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// The texts of an action file's progress notes, in order.
fn notes(text: &str) -> Vec<String> {
    let table: toml::Table = text.parse().unwrap();
    table
        .get("update")
        .and_then(toml::Value::as_array)
        .map(|updates| {
            updates
                .iter()
                .map(|update| update["text"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Holds the plan's lock from this process, as another csp would.
fn hold_lock(root: &Path) -> File {
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(root.join(LOCK_FILE))
        .unwrap();
    file.lock().unwrap();
    file
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn forty_writers_at_once_and_fmt_beside_them_lose_no_note() {
    let plan = copy_of(PLAN);
    // Give fmt something to do while the notes are written.
    let quarterly = plan.path().join(ACTIONS[2].1);
    let messy = fs::read_to_string(&quarterly)
        .unwrap()
        .replacen("title = ", "title   =   ", 1);
    fs::write(&quarterly, messy).unwrap();

    // 20 notes on one action, then 20 spread over all 5; each note unique.
    let mut jobs: Vec<(&str, String)> = (0..20)
        .map(|n| (ACTIONS[0].0, format!("Same action, note {n:02}")))
        .collect();
    jobs.extend((0..20).map(|n| (ACTIONS[n % 5].0, format!("Spread, note {n:02}"))));
    // A generous wait: on a loaded machine forty writers queue for a while,
    // and a timeout here would say nothing about lost writes.
    let mut children: Vec<(Option<(&str, String)>, Child)> = Vec::new();
    for (i, (id, note)) in jobs.into_iter().enumerate() {
        let child = csp(plan.path())
            .args(["update", id, &note, "--on", "2024-03-01", "--as-of", AS_OF])
            .args(["--wait", "120"])
            .spawn()
            .unwrap();
        children.push((Some((id, note)), child));
        if i == 10 {
            let fmt = csp(plan.path())
                .args(["fmt", "--wait", "120"])
                .spawn()
                .unwrap();
            children.push((None, fmt));
        }
    }
    let finished: Vec<(Option<(&str, String)>, Output)> = children
        .into_iter()
        .map(|(job, child)| (job, child.wait_with_output().unwrap()))
        .collect();

    let after = files(plan.path());
    let mut timed_out = Vec::new();
    for (job, output) in &finished {
        let code = output.status.code();
        match job {
            None => assert_eq!(code, Some(0), "csp fmt: {output:?}"),
            Some((id, note)) => {
                let file = ACTIONS.iter().find(|(action, _)| action == id).unwrap().1;
                let count = notes(&after[file]).iter().filter(|n| *n == note).count();
                match code {
                    Some(0) => assert_eq!(count, 1, "`{note}` on {id} once: {output:?}"),
                    Some(2) if text(&output.stderr).contains("gave up waiting") => {
                        assert_eq!(count, 0, "`{note}` timed out, so is absent");
                        timed_out.push(note.clone());
                    }
                    _ => panic!("csp update {id} {note:?}: {output:?}"),
                }
            }
        }
    }
    // Each note is in the file exactly once, nothing else was added, and
    // the plan is valid and formatted.
    let original = files(Path::new(PLAN));
    for (id, file) in ACTIONS {
        let expected = finished
            .iter()
            .filter_map(|(job, output)| job.as_ref().map(|job| (job, output)))
            .filter(|((job_id, _), output)| *job_id == id && output.status.success())
            .count();
        let before = notes(&original[file]).len();
        assert_eq!(notes(&after[file]).len(), before + expected, "{file}");
    }
    let validate = csp(plan.path())
        .args(["validate", "--deny-warnings", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(validate.status.success(), "{validate:?}");
    if !timed_out.is_empty() {
        eprintln!(
            "{} of 40 updates timed out waiting for the lock (exit 2, note absent): {timed_out:?}",
            timed_out.len()
        );
    }
}

#[test]
fn a_writer_that_cannot_get_the_lock_gives_up_with_exit_2_and_writes_nothing() {
    let plan = copy_of(PLAN);
    let before = files(plan.path());
    let _held = hold_lock(plan.path());
    let output = csp(plan.path())
        .args(["update", "raise-profile", "A note", "--as-of", AS_OF])
        .args(["--wait", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr
            .matches("waiting for another csp writing the plan")
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("another csp has been writing the plan for 1 second; gave up waiting"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "{output:?}");
    assert_eq!(files(plan.path()), before);
}

#[test]
fn readers_and_dry_runs_do_not_wait_for_the_lock() {
    let plan = copy_of(PLAN);
    let _held = hold_lock(plan.path());
    for args in [
        vec!["validate", "--as-of", AS_OF],
        vec!["list", "--as-of", AS_OF],
        vec!["fmt", "--check"],
        vec![
            "update",
            "raise-profile",
            "A note",
            "--dry-run",
            "--as-of",
            AS_OF,
        ],
    ] {
        // Were one to wait, it would give up after --wait and exit 2.
        let output = csp(plan.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        assert!(
            !text(&output.stderr).contains("waiting"),
            "{args:?}: {output:?}"
        );
    }
}

#[test]
fn the_loader_passes_over_the_lock_file_whatever_it_holds() {
    let plan = copy_of(PLAN);
    fs::write(plan.path().join(LOCK_FILE), "not = [toml").unwrap();
    let output = csp(plan.path())
        .args(["validate", "--deny-warnings", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        text(&output.stdout).contains("5 action files checked"),
        "{output:?}"
    );
}

#[test]
fn two_racing_news_for_one_id_one_succeeds_the_other_fails_clearly() {
    let plan = copy_of(PLAN);
    let new = |title: &str| {
        csp(plan.path())
            .args(["new", "projects/racing", "--title", title, "--lead", "ECDC"])
            .args(["--as-of", AS_OF, "--wait", "120"])
            .spawn()
            .unwrap()
    };
    let (first, second) = (new("First"), new("Second"));
    let outputs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    let won: Vec<&Output> = outputs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(won.len(), 1, "{outputs:?}");
    let lost = outputs.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(lost.status.code(), Some(2), "{lost:?}");
    assert!(
        text(&lost.stderr).contains("an action with the id `projects/racing` already exists"),
        "{lost:?}"
    );
    let written = fs::read_to_string(plan.path().join("projects/racing.toml")).unwrap();
    let winner = if outputs[0].status.success() {
        "First"
    } else {
        "Second"
    };
    assert!(
        written.contains(&format!("title = \"{winner}\"")),
        "{written}"
    );
}
