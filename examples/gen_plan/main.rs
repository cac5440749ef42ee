//! Writes a synthetic plan of N realistic actions for benchmarks and load tests:
//!
//!     cargo run --release --example gen_plan -- N DIR [--seed S] [--taskwarrior FILE]
//!
//! The same N and seed always give the same files, byte for byte, and the
//! plan validates clean. With `--taskwarrior FILE` it also writes the same
//! actions as Taskwarrior tasks (JSON lines for `task import`), so the two
//! tools can be timed on the same items.

mod synthetic;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use csp::model::{Action, Status};
use csp::schedule::next_due;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut seed = 7_u64;
    let mut tasks: Option<PathBuf> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => match rest.next().and_then(|s| s.parse().ok()) {
                Some(value) => seed = value,
                None => return usage("--seed takes a whole number"),
            },
            "--taskwarrior" => match rest.next() {
                Some(file) => tasks = Some(PathBuf::from(file)),
                None => return usage("--taskwarrior takes a file"),
            },
            _ => positional.push(arg),
        }
    }
    let [count, dir] = positional.as_slice() else {
        return usage("expected N and DIR");
    };
    let Ok(n) = count.parse::<usize>() else {
        return usage("N must be a whole number");
    };
    let dir = Path::new(dir);
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return usage(&format!(
            "`{}` is not empty; pass a new directory",
            dir.display()
        ));
    }
    if let Err(error) = synthetic::generate(n, dir, seed) {
        eprintln!("error: cannot write the plan: {error}");
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {n} actions and {} measures to {}",
        synthetic::measures_for(n),
        dir.display()
    );
    if let Some(file) = tasks {
        match write_tasks(dir, &file) {
            Ok(count) => println!("wrote {count} Taskwarrior tasks to {}", file.display()),
            Err(error) => {
                eprintln!("error: cannot write the tasks: {error:#}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The plan's actions as Taskwarrior tasks: the title as description, the
/// next due date (csp's own definition) as `due`, the section as project.
fn write_tasks(plan: &Path, file: &Path) -> anyhow::Result<usize> {
    let loaded = csp::load::load(plan)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(file)?);
    for (index, action) in loaded.plan.actions.iter().enumerate() {
        writeln!(out, "{}", task(index, action))?;
    }
    out.flush()?;
    Ok(loaded.plan.actions.len())
}

fn task(index: usize, action: &Action) -> serde_json::Value {
    let stamp = |date: chrono::NaiveDate| date.format("%Y%m%dT000000Z").to_string();
    let entry = "20220101T000000Z";
    let mut task = serde_json::json!({
        "uuid": format!("00000000-0000-4000-8000-{index:012x}"),
        "description": action.title,
        "entry": entry,
        "project": action.section().replace('/', "."),
        "tags": csp::model::owned(&action.tags),
        "status": match action.status {
            Status::Done => "completed",
            Status::Dropped => "deleted",
            _ => "pending",
        },
    });
    if let Some(due) = next_due(action) {
        task["due"] = stamp(due).into();
    }
    if !action.status.is_active() {
        let end = action.completed.map_or(entry.to_string(), stamp);
        task["end"] = end.into();
    }
    task
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: gen_plan N DIR [--seed S] [--taskwarrior FILE]");
    ExitCode::from(2)
}
