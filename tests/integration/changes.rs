//! `csp changes` and `csp report --since` on throw-away git repositories
//! built in temporary directories. Author, committer, dates, time zone and
//! configuration are all fixed, so commit hashes and output are the same
//! on every machine, with or without a global git configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support;

/// A git repository holding a plan under `plan/`.
struct History {
    dir: tempfile::TempDir,
}

impl History {
    fn new() -> Self {
        let history = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        history.git(&["init", "-q", "-b", "main"], "2023-08-01");
        history.write(
            "csp.toml",
            r#"[plan]
name = "History test plan"

[sections]
"sa" = "Section A"

[leads.ECDC]
name = "East Cambridgeshire District Council"

[leads.police]
name = "Cambridgeshire Constabulary"
"#,
        );
        history
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn plan(&self) -> PathBuf {
        self.root().join("plan")
    }

    fn write(&self, path: &str, text: &str) {
        let file = self.plan().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.plan().join(path)).unwrap();
    }

    /// Everything git and csp need to behave the same anywhere: no
    /// `GIT_DIR`, `GIT_INDEX_FILE` or other variable [`support::clean_env`]
    /// removes, and fixed identities, dates and configuration.
    fn fixed_env(&self, command: &mut Command, day: &str) {
        support::fixed_git_env(command, self.root(), day);
    }

    fn git(&self, args: &[&str], day: &str) {
        let mut command = Command::new("git");
        self.fixed_env(&mut command, day);
        let output = command.args(args).output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn commit(&self, message: &str, day: &str) {
        self.git(&["add", "-A"], day);
        self.git(
            &["-c", "commit.gpgsign=false", "commit", "-q", "-m", message],
            day,
        );
    }

    fn csp(&self, args: &[&str]) -> Output {
        let mut command = support::csp();
        self.fixed_env(&mut command, "2024-01-15");
        command
            .args(args)
            .arg("--plan")
            .arg(self.plan())
            .output()
            .unwrap()
    }

    fn stdout(&self, args: &[&str]) -> String {
        let output = self.csp(args);
        assert!(
            output.status.success(),
            "csp {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let output = self.csp(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "csp {args:?} should fail with 2"
        );
        assert!(output.stdout.is_empty());
        String::from_utf8(output.stderr).unwrap()
    }
}

fn action(title: &str, lead: &str, extra: &str) -> String {
    format!(
        "title = \"{title}\"\ndescription = \"The action called {title}.\"\nlead = [\"{lead}\"]\n{extra}"
    )
}

/// Four commits between two meetings:
/// 1 Aug 2023 (tag `meeting1`): one, two, three, old, rec.
/// 1 Oct 2023: one's due pushed back; rec done, so its due moves on (no slip).
/// 1 Dec 2023: one pushed back again and handed to the police; three done
///   with a note; two renamed to second; four added.
/// 15 Dec 2023: old removed.
fn two_meetings() -> History {
    let h = History::new();
    h.write("sa/one.toml", &action("One", "ECDC", "due = \"2023-09\"\n"));
    h.write("sa/two.toml", &action("Two", "ECDC", ""));
    h.write(
        "sa/three.toml",
        &action("Three", "police", "due = 2023-10-01\n"),
    );
    h.write("sa/old.toml", &action("Old", "police", ""));
    h.write(
        "sa/rec.toml",
        &action(
            "Recurring",
            "ECDC",
            "due = \"2023-08\"\nevery = \"month\"\n",
        ),
    );
    h.commit("First plan", "2023-08-01");
    h.git(&["tag", "meeting1"], "2023-08-01");

    h.write("sa/one.toml", &action("One", "ECDC", "due = \"2023-12\"\n"));
    h.write(
        "sa/rec.toml",
        &action(
            "Recurring",
            "ECDC",
            "due = \"2023-09\"\nevery = \"month\"\ncompleted = 2023-08-31\n",
        ),
    );
    h.commit("Push back one; rec done", "2023-10-01");

    h.write(
        "sa/one.toml",
        &action("One", "police", "due = \"2024-03\"\n"),
    );
    h.write(
        "sa/three.toml",
        &action(
            "Three",
            "police",
            "due = 2023-10-01\nstatus = \"done\"\ncompleted = 2023-11-01\n\n[[update]]\ndate = 2023-11-01\ntext = \"Done, with thanks; see the minutes.\"\n",
        ),
    );
    h.remove("sa/two.toml");
    h.write("sa/second.toml", &action("Two", "ECDC", ""));
    h.write(
        "sa/four.toml",
        &action("Four", "police", "due = \"2024-06\"\n"),
    );
    h.commit("More changes", "2023-12-01");

    h.remove("sa/old.toml");
    h.commit("Drop old", "2023-12-15");
    h
}

#[test]
fn text_shows_each_kind_of_change_and_counts_slips() {
    let h = two_meetings();
    let text = h.stdout(&["changes", "--since", "meeting1"]);
    let (first, body) = text.split_once('\n').unwrap();
    // Fixed authors and dates make fixed hashes.
    assert_eq!(
        first,
        "Changes to the plan from meeting1 (d3039da, 1 Aug 2023) to now (commit 4520fed of 15 Dec 2023)"
    );
    assert_eq!(
        body,
        "
Added (1)
  + sa/four  Four  (lead police, due Jun 2024)

Removed (1)
  - sa/old  Old

Moved (1)
  sa/two → sa/second  Two

Changed (3)
  sa/one  One
      lead: ECDC → police (handed from East Cambridgeshire District Council to Cambridgeshire Constabulary)
      due: Sep 2023 → Mar 2024 (pushed back 6 months) [pushed back twice]
  sa/rec  Recurring
      due: Aug 2023 → Sep 2023 (done, so on to the next occurrence)
      completed: (none) → 31 Aug 2023
  sa/three  Three
      status: open → done
      completed: (none) → 1 Nov 2023
      new update, 1 Nov 2023: Done, with thanks; see the minutes.

Deadlines pushed back
  2× sa/one  One: Sep 2023 → Dec 2023 → Mar 2024
"
    );
}

#[test]
fn a_day_means_the_last_commit_before_it() {
    let h = two_meetings();
    let md = h.stdout(&[
        "changes",
        "--since",
        "2023-09-30",
        "--until",
        "2023-12-02",
        "--format",
        "md",
    ]);
    assert!(
        md.starts_with("Changes from the last commit before 30 Sep 2023 ("),
        "{md}"
    );
    assert!(md.contains(", 1 Aug 2023) to the last commit before 2 Dec 2023 ("));
    // Up to 1 Dec: `old` is still there, so not removed.
    assert!(!md.contains("Removed"));
    assert!(md.contains("## Added (1)\n\n- **Four** (`sa/four`): lead police, due Jun 2024\n"));
    assert!(md.contains(
        "- **One** (`sa/one`)\n  - lead: ECDC → police (handed from East Cambridgeshire District Council to Cambridgeshire Constabulary)\n  - due: Sep 2023 → Mar 2024 (pushed back 6 months), pushed back twice\n"
    ));
    assert!(md.contains("- new update, 1 Nov 2023: Done, with thanks; see the minutes.\n"));
    assert!(md.contains("| One (`sa/one`) | 2 | Sep 2023 → Dec 2023 → Mar 2024 |"));

    // From the second commit on, one slipped once more.
    let later = h.stdout(&[
        "changes",
        "--since",
        "2023-10-02",
        "--until",
        "HEAD",
        "--format",
        "md",
    ]);
    assert!(
        later.contains("  - due: Dec 2023 → Mar 2024 (pushed back 3 months), pushed back once\n"),
        "{later}"
    );
    assert!(!later.contains("sa/rec"), "rec did not change after 1 Oct");
}

#[test]
fn a_meeting_means_the_end_of_its_day_unless_its_tag_exists() {
    let h = two_meetings();
    // The calendar is read from the plan on disk; the history is compared
    // up to HEAD, so this uncommitted manifest changes no answer.
    let manifest = std::fs::read_to_string(h.plan().join("csp.toml")).unwrap();
    h.write(
        "csp.toml",
        &format!("{manifest}\n[meetings.board]\ntitle = \"CSP Board\"\ndates = [2023-08-01, 2023-10-01]\n"),
    );
    let by_meeting = h.stdout(&[
        "changes",
        "--since",
        "last:board",
        "--until",
        "HEAD",
        "--format",
        "md",
    ]);
    assert!(
        by_meeting.starts_with("Changes from the end of 1 Oct 2023 ("),
        "{by_meeting}"
    );
    let by_day = h.stdout(&[
        "changes",
        "--since",
        "2023-10-02",
        "--until",
        "HEAD",
        "--format",
        "md",
    ]);
    assert_eq!(
        by_meeting.lines().skip(1).collect::<Vec<_>>(),
        by_day.lines().skip(1).collect::<Vec<_>>(),
        "the end of 1 Oct is the last commit before 2 Oct"
    );

    // A tag named for the meeting wins: here it marks the first commit.
    h.git(&["tag", "board-2023-10-01", "meeting1"], "2024-01-15");
    let by_tag = h.stdout(&[
        "changes",
        "--since",
        "last:board",
        "--until",
        "HEAD",
        "--format",
        "md",
    ]);
    assert!(
        by_tag.starts_with("Changes from board-2023-10-01 ("),
        "{by_tag}"
    );
    let by_first = h.stdout(&[
        "changes", "--since", "meeting1", "--until", "HEAD", "--format", "md",
    ]);
    assert_eq!(
        by_tag.lines().skip(1).collect::<Vec<_>>(),
        by_first.lines().skip(1).collect::<Vec<_>>()
    );

    let error = h.fails(&["changes", "--since", "last:bored", "--until", "HEAD"]);
    assert!(
        error.contains("no meeting body is called `bored`"),
        "{error}"
    );
    assert!(error.contains("did you mean `board`?"), "{error}");
}

#[test]
fn uncommitted_edits_count_too() {
    let h = two_meetings();
    h.write(
        "sa/one.toml",
        &action("One", "police", "due = \"2024-06\"\n"),
    );
    let text = h.stdout(&["changes", "--since", "meeting1"]);
    assert!(text.contains(" and uncommitted changes)"), "{text}");
    assert!(
        text.contains("  3× sa/one  One: Sep 2023 → Dec 2023 → Mar 2024 → Jun 2024\n"),
        "{text}"
    );
    // Brought forward is not a slip.
    h.write(
        "sa/one.toml",
        &action("One", "police", "due = \"2024-01\"\n"),
    );
    let text = h.stdout(&["changes", "--since", "meeting1"]);
    assert!(
        text.contains("due: Sep 2023 → Jan 2024 (pushed back 4 months) [pushed back twice]"),
        "{text}"
    );
}

#[test]
fn json_has_stable_fields() {
    let h = two_meetings();
    let json = h.stdout(&[
        "changes", "--since", "meeting1", "--until", "HEAD", "--format", "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["from"]["label"], "meeting1");
    assert_eq!(value["from"]["date"], "2023-08-01");
    assert_eq!(value["to"]["date"], "2023-12-15");
    assert_eq!(value["to"]["working_tree"], false);
    assert_eq!(value["added"][0]["id"], "sa/four");
    assert_eq!(value["removed"][0]["id"], "sa/old");
    assert_eq!(value["moved"][0]["from"], "sa/two");
    assert_eq!(value["moved"][0]["to"], "sa/second");
    let one = &value["changed"][0];
    assert_eq!(one["id"], "sa/one");
    assert_eq!(one["slips"], 2);
    assert_eq!(one["changes"][1]["field"], "due");
    assert_eq!(one["changes"][1]["before"], "Sep 2023");
    assert_eq!(one["changes"][1]["after"], "Mar 2024");
    assert_eq!(value["slipping"][0]["dues"].as_array().unwrap().len(), 3);
    let three = &value["changed"][2];
    assert_eq!(three["new_updates"][0]["date"], "2023-11-01");
}

#[test]
fn nothing_changed_says_so() {
    let h = two_meetings();
    let text = h.stdout(&["changes", "--since", "HEAD"]);
    assert!(
        text.ends_with("\nNo action was added, removed or changed.\n"),
        "{text}"
    );
}

#[test]
fn report_since_adds_what_changed_since_the_last_meeting() {
    let h = two_meetings();
    let md = h.stdout(&["report", "--as-of", "2024-01-15", "--since", "meeting1"]);
    assert!(
        md.contains("\n## Changed since the last meeting\n\nChanges from meeting1 ("),
        "{md}"
    );
    assert!(md.contains("\n### Moved (1)\n"));
    // Recent completions count from the last meeting's commit.
    assert!(md.contains("## Completed since 1 Aug 2023"));
    assert!(md.contains("| Three | Cambridgeshire Constabulary | 1 Nov 2023 | done |"));
    // A board reads days, not commits: the hashes are in the footnote only.
    assert!(
        md.contains("\nChanges from meeting1 (1 Aug 2023) to now.\n"),
        "{md}"
    );
    let footnote = md
        .lines()
        .find(|line| line.starts_with("<small>Revisions compared: from meeting1 ("))
        .expect("a footnote with the revisions");
    assert!(footnote.contains("now (commit "), "{footnote}");
    let html = h.stdout(&[
        "report",
        "--as-of",
        "2024-01-15",
        "--since",
        "meeting1",
        "--format",
        "html",
    ]);
    assert!(html.contains("<h2>Changed since the last meeting</h2>"));
    assert!(html.contains("Done, with thanks; see the minutes."));
}

#[test]
fn bad_revisions_are_usage_errors() {
    let h = two_meetings();
    let error = h.fails(&["changes", "--since", "no-such-tag"]);
    assert!(
        error.starts_with("error: `no-such-tag` is not a revision of this repository\nhelp: "),
        "{error}"
    );
    let error = h.fails(&["changes", "--since=--output=/tmp/x"]);
    assert!(error.contains("is not a revision"), "{error}");
    let error = h.fails(&["changes", "--since", "2023-08-01"]);
    assert_eq!(
        error,
        "error: no commit was made before 1 Aug 2023\nhelp: give a later day, or a revision such as a commit hash or tag\n"
    );
    let error = h.fails(&["changes", "--since", "HEAD", "--until", "meeting1"]);
    assert!(
        error.starts_with("error: `meeting1` is older than `HEAD`"),
        "{error}"
    );
    let error = h.fails(&["changes", "--since", "2023-02-30"]);
    assert!(error.contains("February 2023 has 28 days"), "{error}");
}

#[test]
fn outside_a_git_repository_exits_2() {
    let h = History::new();
    h.write("sa/one.toml", &action("One", "ECDC", ""));
    // Never a repository: the temporary directory was not `git init`ed.
    std::fs::remove_dir_all(h.root().join(".git")).unwrap();
    let mut command = support::csp();
    h.fixed_env(&mut command, "2024-01-15");
    let output = command
        .env("GIT_CEILING_DIRECTORIES", h.root().parent().unwrap())
        .args(["changes", "--since", "HEAD~1", "--plan"])
        .arg(h.plan())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: the plan `"), "{stderr}");
    assert!(stderr.contains(
        "` is not in a git repository, so it has no history to compare\nhelp: keep the plan in git"
    ));
}

/// A sensitive action's history is kept out of `csp changes` as it is out
/// of every other output: its title, id and the change itself, unless
/// asked for, and then the answer is marked.
#[test]
fn changes_to_a_sensitive_action_are_left_out_unless_asked_for() {
    let h = History::new();
    h.write(
        "sa/public.toml",
        &action("Public work", "ECDC", "due = \"2023-09\"\n"),
    );
    h.write(
        "sa/secret.toml",
        &action(
            "Operation Larch",
            "police",
            "marking = \"official-sensitive\"\ndue = \"2023-09\"\n",
        ),
    );
    h.commit("First plan", "2023-08-01");
    h.write(
        "sa/public.toml",
        &action("Public work", "ECDC", "due = \"2023-12\"\n"),
    );
    h.write(
        "sa/secret.toml",
        &action(
            "Operation Larch",
            "police",
            "marking = \"official-sensitive\"\ndue = \"2024-01\"\n",
        ),
    );
    h.commit("Both pushed back", "2023-10-01");

    let output = h.csp(&[
        "changes", "--since", "HEAD~1", "--until", "HEAD", "--format", "md",
    ]);
    assert!(output.status.success());
    let md = String::from_utf8(output.stdout).unwrap();
    assert!(md.contains("sa/public"), "{md}");
    assert!(!md.contains("secret") && !md.contains("Larch"), "{md}");
    assert!(!md.contains("OFFICIAL-SENSITIVE"), "{md}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "note: the changes to 1 OFFICIAL-SENSITIVE action are not shown; --include-sensitive shows them\n"
    );

    let json = h.stdout(&[
        "changes", "--since", "HEAD~1", "--until", "HEAD", "--format", "json",
    ]);
    assert!(
        !json.contains("Larch") && !json.contains("secret"),
        "{json}"
    );

    let all = h.stdout(&[
        "changes",
        "--since",
        "HEAD~1",
        "--until",
        "HEAD",
        "--format",
        "md",
        "--include-sensitive",
    ]);
    assert!(all.starts_with("**OFFICIAL-SENSITIVE**\n"), "{all}");
    assert!(all.ends_with("**OFFICIAL-SENSITIVE**\n"), "{all}");
    assert!(all.contains("Operation Larch"), "{all}");
}

#[test]
fn a_meeting_is_counted_from_the_as_of_day() {
    let h = two_meetings();
    let manifest = std::fs::read_to_string(h.plan().join("csp.toml")).unwrap();
    h.write(
        "csp.toml",
        &format!("{manifest}\n[meetings.board]\ntitle = \"CSP Board\"\ndates = [2023-08-01, 2023-10-01]\n"),
    );
    let as_of = h.stdout(&[
        "changes",
        "--since",
        "last:board",
        "--as-of",
        "2023-09-15",
        "--until",
        "HEAD",
        "--format",
        "md",
    ]);
    assert!(
        as_of.starts_with("Changes from the end of 1 Aug 2023 ("),
        "{as_of}"
    );
}

/// A plan in git with no `.gitignore`: a write leaves nothing for git to
/// see but the change itself, and once that is committed, `csp changes`
/// sees no uncommitted change (the lock lives in the git directory).
#[test]
fn the_lock_file_is_never_a_change_to_the_plan() {
    let history = History::new();
    history.write("sa/one.toml", &action("One", "ECDC", "due = 2024-03-31\n"));
    history.commit("start", "2024-01-10");
    let output = history.csp(&["done", "sa/one", "--on", "2024-01-14"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut status = Command::new("git");
    history.fixed_env(&mut status, "2024-01-15");
    let status = status
        .args(["status", "--porcelain", "--untracked-files=all"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        " M plan/sa/one.toml\n"
    );
    history.commit("one done", "2024-01-15");
    // A lock file an older csp left in the plan is no change either.
    std::fs::write(history.plan().join(".csp.lock"), "").unwrap();
    let changes = history.stdout(&["changes", "--since", "HEAD~1"]);
    assert!(!changes.contains("uncommitted"), "{changes}");
    assert!(changes.contains("One"), "{changes}");
}

const ASB: &str = r#"title = "ASB incidents"
lead = ["police"]
unit = "incidents"
better = "lower"
frequency = "quarter"
aggregate = "sum"

[target]
"2023/24" = 1600

[values]
"Q1 2023/24" = 431
"Q2 2023/24" = { value = 398, note = "provisional" }
"#;

const SECRET: &str = r#"title = "Repeat MARAC referrals"
marking = "official-sensitive"
lead = ["police"]
better = "lower"
frequency = "quarter"
aggregate = "sum"

[values]
"Q1 2023/24" = 9
"#;

/// Measures between two meetings: a figure recorded, one revised (its
/// "provisional" note dropped), a target changed, a measure added and one
/// removed, and a sensitive measure's figure that only
/// `--include-sensitive` shows.
#[test]
fn new_and_revised_figures() {
    let h = History::new();
    h.write("sa/one.toml", &action("One", "ECDC", ""));
    h.write("measures/asb.toml", ASB);
    h.write("measures/secret.toml", SECRET);
    h.write(
        "measures/old.toml",
        "title = \"Old indicator\"\nlead = [\"ECDC\"]\nbetter = \"higher\"\nfrequency = \"year\"\naggregate = \"sum\"\n",
    );
    h.commit("Plan with measures", "2023-08-01");
    h.git(&["tag", "meeting1"], "2023-08-01");

    h.write(
        "measures/asb.toml",
        &ASB.replace("1600", "1500").replace(
            "{ value = 398, note = \"provisional\" }",
            "401\n\"Q3 2023/24\" = 402",
        ),
    );
    h.write(
        "measures/secret.toml",
        &format!("{SECRET}\"Q2 2023/24\" = 12\n"),
    );
    h.remove("measures/old.toml");
    h.write(
        "measures/fires.toml",
        "title = \"Deliberate fires\"\nlead = [\"ECDC\"]\nbetter = \"lower\"\nfrequency = \"quarter\"\naggregate = \"sum\"\n",
    );
    h.commit("Q3 figures", "2024-01-10");

    let text = h.stdout(&["changes", "--since", "meeting1"]);
    let (_, body) = text.split_once('\n').unwrap();
    assert_eq!(
        body,
        "
Measures (3)
  + fires  Deliberate fires  (lead ECDC)
  - old  Old indicator
  asb  ASB incidents
      Q3 2023/24 recorded: 402 incidents
      Q2 2023/24 revised from 398 incidents to 401 incidents (note: \"provisional\" → (none))
      target 2023/24: 1,600 incidents → 1,500 incidents
"
    );
    let output = h.csp(&["changes", "--since", "meeting1"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "note: the changes to 1 OFFICIAL-SENSITIVE measure are not shown; --include-sensitive shows them\n"
    );

    let all = h.stdout(&["changes", "--since", "meeting1", "--include-sensitive"]);
    assert!(
        all.contains("  secret  Repeat MARAC referrals\n      Q2 2023/24 recorded: 12\n"),
        "{all}"
    );

    let markdown = h.stdout(&["changes", "--since", "meeting1", "--format", "md"]);
    assert!(
        markdown.contains(
            "## Measures (3)

- **Deliberate fires** (`fires`): new measure, lead ECDC
- **Old indicator** (`old`): removed
- **ASB incidents** (`asb`)
  - Q3 2023/24 recorded: 402 incidents
  - Q2 2023/24 revised from 398 incidents to 401 incidents (note: \"provisional\" → (none))
  - target 2023/24: 1,600 incidents → 1,500 incidents
"
        ),
        "{markdown}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&h.stdout(&["changes", "--since", "meeting1", "--format", "json"]))
            .unwrap();
    let changed = &json["measures"]["changed"][0];
    assert_eq!(changed["id"], "asb");
    assert_eq!(
        changed["recorded"],
        serde_json::json!([{ "period": "Q3 2023/24", "value": "402 incidents", "note": null }])
    );
    assert_eq!(
        changed["revised"][0],
        serde_json::json!({
            "period": "Q2 2023/24",
            "before": "398 incidents",
            "after": "401 incidents",
            "note_before": "provisional",
            "note_after": null
        })
    );
    assert_eq!(json["measures"]["added"][0]["id"], "fires");
    assert_eq!(json["measures"]["removed"][0]["id"], "old");
    assert_eq!(json["measures"]["changed"].as_array().unwrap().len(), 1);

    // The pack's "changed since the last meeting" names them too.
    let pack = h.stdout(&[
        "report",
        "--since",
        "meeting1",
        "--format",
        "html",
        "--as-of",
        "2024-01-15",
    ]);
    assert!(pack.contains("<h3>Measures (3)</h3>"), "{pack}");
    assert!(
        pack.contains("<li>Q2 2023/24 revised from 398 incidents to 401 incidents (note: &quot;provisional&quot; → (none))</li>"),
        "{pack}"
    );
}
