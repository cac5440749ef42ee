//! Output cut short by its reader (`csp list | head`): every streamed
//! format must end quietly with exit 0, not report "Broken pipe".

use std::io::Read;
use std::process::Stdio;

use crate::support::csp;

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/gen_plan/synthetic.rs"]
mod synthetic;

#[test]
fn a_reader_that_stops_early_ends_every_streamed_format_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    // Far more output than a pipe holds, so the writer meets the closed end.
    synthetic::generate(3_000, &plan, 7).unwrap();
    for args in [
        &["list", "--format", "json"][..],
        &["list", "--format", "csv"],
        &["list", "--format", "csv", "--by-lead"],
        &["list", "--format", "md"],
        &["list"],
        &["overdue", "--format", "json", "--by-lead"],
        &["export", "--format", "csv"],
        &["report"],
    ] {
        let mut child = csp()
            .args(args)
            .args(["--as-of", "2026-01-01", "--plan"])
            .arg(&plan)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0; 100];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(0), ""),
            "csp {}",
            args.join(" ")
        );
    }
}
