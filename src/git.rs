//! Reading the plan's history through the `git` command. Revisions and
//! paths are passed as separate arguments, never through a shell, and after
//! `--end-of-options` or `--` so that none can be taken for an option.

use crate::bail_usage;
use crate::error::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use chrono::NaiveDate;

/// The lock file an older csp kept in the plan (see `edit::lock`).
const LOCK_FILE: &str = ".csp.lock";

/// The git repository holding a plan.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The repository's top directory; every git command runs there.
    top: PathBuf,
    /// The plan directory relative to `top`, `/`-separated, ending in `/`
    /// (empty when the plan is the whole repository).
    plan_prefix: String,
}

/// A commit: its full hash and its day. People are shown [`Commit::short`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub date: NaiveDate,
}

impl Commit {
    pub fn short(&self) -> &str {
        self.hash.get(..7).unwrap_or(&self.hash)
    }
}

/// What one commit did to a plan file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileChange {
    Added,
    Modified,
    Deleted,
}

/// One commit of the walk and the plan files it touched (paths relative
/// to the plan directory).
#[derive(Clone, Debug)]
pub struct Step {
    pub commit: Commit,
    pub files: Vec<(FileChange, String)>,
}

impl Repo {
    /// The repository around the plan directory `plan_root`. Outside any
    /// repository this is an error the user can act on.
    pub fn discover(plan_root: &Path) -> anyhow::Result<Self> {
        let output = Command::new("git")
            .arg("-C")
            .arg(plan_root)
            .args(["rev-parse", "--show-toplevel", "--show-prefix"])
            .stdin(Stdio::null())
            .output();
        let output = match output {
            Ok(output) => output,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::environment(
                    "`csp changes` reads the plan's history with git, and git is not installed",
                )
                .with_help(install_help(std::env::consts::OS))
                .into());
            }
            Err(error) => return Err(error).context("cannot run git"),
        };
        if !output.status.success() {
            return Err(not_discovered(
                plan_root,
                &String::from_utf8_lossy(&output.stderr),
            ));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut lines = text.lines();
        let top = lines.next().unwrap_or_default().to_string();
        let plan_prefix = lines.next().unwrap_or_default().to_string();
        Ok(Self {
            top: PathBuf::from(top),
            plan_prefix,
        })
    }

    fn git(&self) -> Command {
        let mut command = Command::new("git");
        command
            .arg("-C")
            .arg(&self.top)
            // Paths are names, not patterns: a plan folder named `[x]` is fine.
            .arg("--literal-pathspecs")
            .args(["-c", "core.quotePath=false"])
            .stdin(Stdio::null());
        command
    }

    /// Runs git and returns its standard output, or an error quoting git's.
    fn run(&self, args: &[&str]) -> anyhow::Result<Vec<u8>> {
        let output = self.git().args(args).output().context("cannot run git")?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            bail!("git {} failed: {}", args.join(" "), stderr.trim());
        }
        Ok(output.stdout)
    }

    /// The pathspec naming the plan directory.
    fn plan_pathspec(&self) -> &str {
        if self.plan_prefix.is_empty() {
            "."
        } else {
            &self.plan_prefix
        }
    }

    /// The commit that `text` names: a revision git knows (`HEAD~3`, a tag,
    /// a hash), or a day `YYYY-MM-DD`, meaning the last commit before that
    /// day began.
    pub fn resolve(&self, text: &str) -> anyhow::Result<Commit> {
        let looks_like_day = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if looks_like_day {
            let day = crate::dates::parse_date(text).map_err(|error| anyhow::anyhow!("{error}"))?;
            return self.last_commit_before(day);
        }
        match self.commit_named(text)? {
            Some(commit) => Ok(commit),
            None => {
                bail_usage!("`{text}` is not a revision of this repository"; help = "give a commit hash, a tag, a branch, `HEAD~2`, a day as YYYY-MM-DD (the last commit before it), or a meeting such as last:board")
            }
        }
    }

    /// The commit `revision` names, if git knows it.
    fn commit_named(&self, revision: &str) -> anyhow::Result<Option<Commit>> {
        let spec = format!("{revision}^{{commit}}");
        let output = self
            .git()
            .args([
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .output()
            .context("cannot run git")?;
        let hash = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !output.status.success() || hash.is_empty() {
            return Ok(None);
        }
        self.commit(&hash).map(Some)
    }

    /// The last commit on the first-parent line before `day` began.
    pub fn last_commit_before(&self, day: NaiveDate) -> anyhow::Result<Commit> {
        let before = format!("--before={} 00:00:00", day.format("%Y-%m-%d"));
        let hash = self.run(&["rev-list", "-1", "--first-parent", &before, "HEAD"])?;
        let hash = String::from_utf8_lossy(&hash).trim().to_string();
        if hash.is_empty() {
            bail_usage!("no commit was made before {}", crate::dates::uk_date(day); help = "give a later day, or a revision such as a commit hash or tag");
        }
        self.commit(&hash)
    }

    /// The commit a tag names, if the repository has the tag.
    pub fn tag(&self, name: &str) -> anyhow::Result<Option<Commit>> {
        self.commit_named(&format!("refs/tags/{name}"))
    }

    fn commit(&self, hash: &str) -> anyhow::Result<Commit> {
        let out = self.run(&["show", "-s", "--format=%H %cs", "--end-of-options", hash])?;
        parse_commit_line(&String::from_utf8_lossy(&out))
            .with_context(|| format!("cannot read commit {hash}"))
    }

    /// Whether `ancestor` is `descendant` or comes before it in history.
    pub fn is_ancestor(&self, ancestor: &Commit, descendant: &Commit) -> anyhow::Result<bool> {
        let status = self
            .git()
            .args([
                "merge-base",
                "--is-ancestor",
                &ancestor.hash,
                &descendant.hash,
            ])
            .status()
            .context("cannot run git")?;
        Ok(status.success())
    }

    /// Whether the plan directory differs from the last commit (uncommitted
    /// or untracked files).
    pub fn plan_is_dirty(&self) -> anyhow::Result<bool> {
        let out = self.run(&[
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--",
            self.plan_pathspec(),
        ])?;
        // A lock file left in the plan by an older csp (or by a writer
        // before `git init`) is no change to the plan.
        Ok(split_nul(&out).any(|entry| {
            let path = entry.get(3..).unwrap_or(entry);
            !(entry.starts_with("?? ")
                && (path == LOCK_FILE || path.ends_with(&format!("/{LOCK_FILE}"))))
        }))
    }

    /// The plan's files at `commit`, relative to the plan directory.
    pub fn plan_files(&self, commit: &Commit) -> anyhow::Result<Vec<String>> {
        let out = self.run(&[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            &commit.hash,
            "--",
            self.plan_pathspec(),
        ])?;
        Ok(split_nul(&out)
            .filter_map(|path| self.in_plan(path))
            .collect())
    }

    /// `path` (relative to the repository) relative to the plan directory.
    fn in_plan(&self, path: &str) -> Option<String> {
        path.strip_prefix(&self.plan_prefix).map(str::to_string)
    }

    /// The commits after `from` up to `to` that touched the plan, oldest
    /// first, following first parents so that a merged branch counts as
    /// the one change it made to the main line.
    pub fn steps(&self, from: &Commit, to: &Commit) -> anyhow::Result<Vec<Step>> {
        let range = format!("{}..{}", from.hash, to.hash);
        let out = self.run(&[
            "log",
            "--first-parent",
            "--reverse",
            "--no-renames",
            "-z",
            "--name-status",
            "--format=%x01%H %cs",
            &range,
            "--",
            self.plan_pathspec(),
        ])?;
        let mut steps: Vec<Step> = Vec::new();
        let mut tokens = split_nul(&out).map(|t| t.trim_start_matches('\n'));
        while let Some(token) = tokens.next() {
            if let Some(header) = token.strip_prefix('\u{1}') {
                steps.push(Step {
                    commit: parse_commit_line(header)?,
                    files: Vec::new(),
                });
                continue;
            }
            let Some(path) = tokens.next() else { break };
            let change = match token.chars().next() {
                Some('A') => FileChange::Added,
                Some('D') => FileChange::Deleted,
                _ => FileChange::Modified,
            };
            if let (Some(step), Some(path)) = (steps.last_mut(), self.in_plan(path)) {
                step.files.push((change, path));
            }
        }
        Ok(steps)
    }

    /// The contents of plan files at commits, asked of one `git cat-file
    /// --batch` process: `(commit, path relative to the plan)` → bytes, or
    /// `None` where the file does not exist there.
    pub fn read_files(&self, wanted: &[(&Commit, &str)]) -> anyhow::Result<Vec<Option<Vec<u8>>>> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut requests = String::new();
        for (commit, path) in wanted {
            if path.contains('\n') {
                // cat-file reads one request per line; such a path cannot be asked for.
                requests.push('\n');
                continue;
            }
            requests.push_str(&format!("{}:{}{}\n", commit.hash, self.plan_prefix, path));
        }
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Kept: were git to fail, what it says is the explanation.
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot run git cat-file")?;
        let mut stdin = child.stdin.take().context("cannot write to git cat-file")?;
        // Writing from another thread: git answers while it reads, and
        // would block on a full pipe if nobody read its answers meanwhile.
        let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
        let stdout = child.stdout.take().context("cannot read git cat-file")?;
        let mut reader = BufReader::new(stdout);
        let mut contents = Vec::with_capacity(wanted.len());
        for _ in wanted {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 {
                bail!("git cat-file stopped answering");
            }
            let fields: Vec<&str> = header.split_whitespace().collect();
            match fields.as_slice() {
                [_, "blob", size] => {
                    let size: usize = size.parse().context("git cat-file gave a bad size")?;
                    let mut blob = vec![0; size];
                    reader.read_exact(&mut blob)?;
                    let mut newline = [0; 1];
                    reader.read_exact(&mut newline)?;
                    contents.push(Some(blob));
                }
                [_, _, size] => {
                    // Not a file (a folder named like one): skip its body.
                    let size: u64 = size.parse().context("git cat-file gave a bad size")?;
                    std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())?;
                    contents.push(None);
                }
                _ => contents.push(None),
            }
        }
        match writer.join() {
            Ok(result) => result.context("cannot write to git cat-file")?,
            Err(_) => bail!("writing to git cat-file failed"),
        }
        child.wait().context("git cat-file did not finish")?;
        Ok(contents)
    }
}

/// How to install git on the platform `os` (`std::env::consts::OS`).
fn install_help(os: &str) -> &'static str {
    match os {
        "windows" => {
            "install Git for Windows from https://git-scm.com/download/win (or `winget install --id Git.Git -e`), then open a new terminal"
        }
        "macos" => "install git with `xcode-select --install`, or `brew install git`",
        _ => {
            "install git with the system's package manager, e.g. `sudo apt-get install git` or `sudo dnf install git`"
        }
    }
}

/// Why git found no repository around `plan_root`, from what git said:
/// none at all, one git will not read for another owner (a network share,
/// a folder copied from another account), or something else, quoted.
fn not_discovered(plan_root: &Path, stderr: &str) -> anyhow::Error {
    let shown = plan_root.display();
    if stderr.contains("dubious ownership") {
        let command = stderr
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("git config"))
            .map_or_else(
                || "git config --global --add safe.directory <the repository's folder>".to_string(),
                str::to_string,
            );
        return Error::environment(format!(
            "git will not read the repository holding `{shown}`: it belongs to another user (git's \"dubious ownership\" check, usual on a network drive or a folder copied from another account)"
        ))
        .with_help(format!(
            "if you trust the folder, tell git so, once: {command}"
        ))
        .into();
    }
    if stderr.contains("not a git repository") || stderr.trim().is_empty() {
        return Error::usage(format!(
            "the plan `{shown}` is not in a git repository, so it has no history to compare"
        ))
        .with_help("keep the plan in git (`git init`, then commit it) to see what changed between meetings")
        .into();
    }
    Error::environment(format!(
        "git cannot read the repository holding `{shown}`: {}",
        stderr.trim()
    ))
    .into()
}

fn split_nul(bytes: &[u8]) -> impl Iterator<Item = &str> {
    bytes
        .split(|&b| b == 0)
        .filter(|part| !part.is_empty())
        .filter_map(|part| std::str::from_utf8(part).ok())
}

fn parse_commit_line(line: &str) -> anyhow::Result<Commit> {
    let (hash, date) = line
        .trim()
        .split_once(' ')
        .context("git printed an unexpected commit line")?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .with_context(|| format!("git printed an unexpected date `{date}`"))?;
    Ok(Commit {
        hash: hash.to_string(),
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_of_another_owner_is_named_with_git_s_own_fix() {
        // What git 2.47 says on a share owned by another account.
        let stderr = "fatal: detected dubious ownership in repository at '//council/csp'\n\
                      To add an exception for this directory, call:\n\n\
                      \tgit config --global --add safe.directory '%(prefix)///council/csp'\n";
        let error = not_discovered(Path::new("plan"), stderr).to_string();
        assert!(error.contains("belongs to another user"), "{error}");
        assert!(
            error.contains(
                "help: if you trust the folder, tell git so, once: git config --global --add safe.directory '%(prefix)///council/csp'"
            ),
            "{error}"
        );
        let plain = not_discovered(
            Path::new("plan"),
            "fatal: not a git repository (or any of the parent directories): .git\n",
        );
        assert!(plain.to_string().contains("is not in a git repository"));
        let other = not_discovered(Path::new("plan"), "fatal: bad config line 1\n");
        assert!(other.to_string().contains("fatal: bad config line 1"));
    }

    #[test]
    fn a_missing_git_is_installed_the_platform_s_way() {
        assert!(install_help("windows").contains("Git for Windows"));
        assert!(install_help("macos").contains("xcode-select"));
        assert!(install_help("linux").contains("apt-get"));
    }
}
